"""The universal isothermal sphere: one dimensionless table for every Kaplinghat SIDM core.

A self-gravitating isothermal core rho = rho_0 exp(-h(r / r_0)), r_0^2 = sigma_v^2 / (4 pi G rho_0),
solves the spherical Jeans-Poisson equation (Kaplinghat, Tulin & Yu 2016, PRL 116, 041302, eq. 2;
the isothermal Lane-Emden equation of Chandrasekhar 1939, ch. IV)

    h'' + 2 h' / x = exp(-h),        h(0) = h'(0) = 0,

whose dimensionless enclosed mass is m(x) = int_0^x t^2 exp(-h) dt = x^2 h'(x), so that
M(< r) = 4 pi rho_0 r_0^3 m(r / r_0). Near 0, h = sum_k a_k x^(2k) with a_1 = 1/6, a_2 = -1/120,
a_3 = 1/1890, ... from the recursion below (exp(-h) = sum b_k x^(2k), b_0 = 1):

    a_k = b_(k-1) / (2k (2k + 1)),    b_k = -(1 / 2k) sum_(j=1..k) 2j a_j b_(k-j).

Table (built once, at first use, with NumPy/scipy; never per call): the series (12 terms) on
[0, 0.5] (truncation < 1e-20) and scipy's DOP853 at rtol 1e-13 beyond, on the uniform grid
x_k = k / 32 up to x = 24. Between nodes h, h', exp(-h) and P(x) = int_0^x m(t) / t dt are quintic
Hermite interpolants from each one's value and first two derivatives at both ends (h'' =
exp(-h) - 2 h' / x and h''' = -h' exp(-h) - 2 h'' / x + 2 h' / x^2 from the ODE; P from exact
cell integrals of t h'); below x = 1/8, h and P are the series themselves. Measured float64
relative error of h, exp(-h), m and P on [1e-6, 24]: <= 2e-12 against scipy Radau at rtol 1e-12
(Radau's own error) and 6e-14 against 20-digit mpmath (odefun); the interpolants' truncation
error is ~1e-14 (step 1/32; 1/16 gave 5e-12), the rest is DOP853's. float32 inputs give ~1e-7.
The evaluators are NumPy/JAX (``xp``) polynomials: jit-, vmap- and grad-safe.

Matching facts used by :mod:`kaplinghat_util` (computed from the table, not typed in): the ratio
m(x) e^h(x) / x^3 = (h'(x) / x) e^h(x) rises monotonically from 1/3 at x = 0 to its maximum
1.2615266 at x = 22.5442, then oscillates towards 1 (0.93485 at x = 200); it equals 1/2 at
x = 3.00876.
"""

import functools

import numpy as np

__all__ = [
    "isothermal_h",
    "isothermal_dh",
    "isothermal_density",
    "isothermal_mass",
    "isothermal_mass_moment",
    "log_matching_ratio",
    "isothermal_peak",
    "isothermal_series",
]

SERIES_TERMS = 12
SERIES_EDGE = 0.5  # series at and below this x (also the ODE's start)
STEP = 1.0 / 32.0
X_END = 24.0  # > the peak of the matching ratio, the largest x the matching or a core needs
SMALL_X = 0.125
SMALL_X_TERMS = 6
ODE_RTOL = 1e-13
ODE_ATOL = 1e-16
# Hermite coefficients on t in [0, 1] from (f, dx f', dx^2 f'') at t = 0 and t = 1 (derived here:
# p(t) = c0 + c1 t + c2 t^2 / 2 ... solving the three end conditions at t = 1 for c3..c5).
_HERMITE_TAIL = np.array([[10.0, -4.0, 0.5], [-15.0, 7.0, -1.0], [6.0, -3.0, 0.5]])


@functools.cache
def isothermal_series(terms=SERIES_TERMS):
    """(a_1 .. a_terms) of h = sum a_k x^(2k) (module docstring recursion), a read-only array."""
    a = np.zeros(terms + 1)
    b = np.zeros(terms + 1)
    b[0] = 1.0
    for k in range(1, terms + 1):
        a[k] = b[k - 1] / (2 * k * (2 * k + 1))
        b[k] = -sum(2 * j * a[j] * b[k - j] for j in range(1, k + 1)) / (2 * k)
    out = a[1:].copy()
    out.flags.writeable = False
    return out


def _series_derivatives(x):
    """(h, h', h'', h''', P) at x <= SERIES_EDGE from the even power series of h.

    P(x) = int_0^x m(t) / t dt = sum_k 2k a_k x^(2k+1) / (2k + 1) (m / t = t h' termwise).
    """
    a = isothermal_series()
    k = np.arange(1, len(a) + 1)[:, None]
    x = np.asarray(x, dtype=float)[None, :]
    p = 2 * k
    h = np.sum(a[:, None] * x**p, axis=0)
    dh = np.sum(a[:, None] * p * x ** (p - 1), axis=0)
    d2h = np.sum(a[:, None] * p * (p - 1) * x ** (p - 2), axis=0)
    d3h = np.sum(a[:, None] * p * (p - 1) * (p - 2) * x ** np.maximum(p - 3, 0), axis=0)
    moment = np.sum(a[:, None] * p * x ** (p + 1) / (p + 1), axis=0)
    return h, dh, d2h, d3h, moment


def _hermite_cells(f, d1, d2):
    """(cells, 6) monomial coefficients in t of the quintic Hermite interpolant on each cell."""
    c0, c1, c2 = f[:-1], STEP * d1[:-1], 0.5 * STEP**2 * d2[:-1]
    rhs = np.stack(
        [f[1:] - c0 - c1 - c2, STEP * d1[1:] - c1 - 2.0 * c2, STEP**2 * d2[1:] - 2.0 * c2]
    )
    tail = _HERMITE_TAIL @ rhs
    return np.ascontiguousarray(np.stack([c0, c1, c2, *tail], axis=-1))


@functools.cache
def _table():
    """The cached table: (h, h', P, e^-h) cells, each (768, 6) read-only, and the ODE solution."""
    from scipy.integrate import solve_ivp

    def rhs(x, y):
        return [y[1], np.exp(-y[0]) - 2.0 * y[1] / x]

    h0, dh0, _, _, _ = _series_derivatives([SERIES_EDGE])
    solution = solve_ivp(
        rhs, (SERIES_EDGE, X_END + 1.0), [h0[0], dh0[0]], method="DOP853",
        rtol=ODE_RTOL, atol=ODE_ATOL, dense_output=True,
    )
    if not solution.success:  # pragma: no cover (a fixed, well-posed problem)
        raise RuntimeError(f"isothermal table: {solution.message}")
    nodes = STEP * np.arange(int(round(X_END / STEP)) + 1)
    near = nodes <= SERIES_EDGE
    h, dh, d2h, d3h = (np.empty_like(nodes) for _ in range(4))
    h[near], dh[near], d2h[near], d3h[near], _ = _series_derivatives(nodes[near])
    far = nodes[~near]
    h[~near], dh[~near] = solution.sol(far)
    density = np.exp(-h[~near])
    d2h[~near] = density - 2.0 * dh[~near] / far
    d3h[~near] = -dh[~near] * density - 2.0 * d2h[~near] / far + 2.0 * dh[~near] / far**2
    dh_cells = _hermite_cells(dh, d2h, d3h)
    # P = int t h'(t) dt: each cell's exact integral of t times the h' polynomial (error ~1e-14).
    j = np.arange(6)
    per_cell = STEP * (
        dh_cells @ (1.0 / (j + 1)) * nodes[:-1]
        + STEP * (dh_cells @ (1.0 / (j + 2)))
    )
    moment = np.concatenate([[0.0], np.cumsum(per_cell)])
    rho = np.exp(-h)
    cells = (
        _hermite_cells(h, dh, d2h),
        dh_cells,
        _hermite_cells(moment, nodes * dh, dh + nodes * d2h),
        _hermite_cells(rho, -dh * rho, (dh * dh - d2h) * rho),
    )
    for c in cells:
        c.flags.writeable = False
    return cells, solution


def _evaluate(cells, x, xp):
    x = xp.asarray(x, dtype=float)
    position = x * (1.0 / STEP)
    index = xp.clip(xp.floor(position), 0, cells.shape[0] - 1)
    t = position - index
    c = xp.asarray(cells)[index.astype(int)]
    value = c[..., 5]
    for k in range(4, -1, -1):
        value = value * t + c[..., k]
    return value


def _series_or_table(x, coefficients, power, cells, xp):
    """x^power sum_j coefficients[j] x^(2j) below SMALL_X, else the table.

    Where the function is ~x^power, the table's absolute error (~1e-21) would be a relative one of
    ~1e-9; the 6-term series (truncation < 1e-18 relative at x < 1/8) keeps it relative.
    """
    x = xp.asarray(x, dtype=float)
    small = x < SMALL_X
    xs = xp.where(small, x, 0.0)
    x2 = xs * xs
    series = 0.0 * x2
    for a in coefficients[::-1]:
        series = series * x2 + a
    return xp.where(small, series * xs**power, _evaluate(cells, x, xp))


def isothermal_h(x, xp=np):
    """h(x) of the isothermal sphere at x = r / r_0 in [0, 24] (module docstring)."""
    return _series_or_table(x, isothermal_series()[:SMALL_X_TERMS], 2, _table()[0][0], xp)


def isothermal_dh(x, xp=np):
    """h'(x) = m(x) / x^2 at x = r / r_0 in [0, 24] (its own quintic Hermite table)."""
    return _evaluate(_table()[0][1], x, xp)


def isothermal_density(x, xp=np):
    """rho / rho_0 = exp(-h(x)) at x = r / r_0 in [0, 24], its own Hermite table (data e^-h,
    -h' e^-h, (h'^2 - h'') e^-h): no exp after the table look-up, which XLA:CPU would not
    vectorise in the same loop (measured 5x slower per element)."""
    return _evaluate(_table()[0][3], x, xp)


def isothermal_mass(x, xp=np):
    """m(x) = M(< x r_0) / (4 pi rho_0 r_0^3) = x^2 h'(x) at x in [0, 24]."""
    x = xp.asarray(x, dtype=float)
    return x * x * isothermal_dh(x, xp=xp)


def isothermal_mass_moment(x, xp=np):
    """P(x) = int_0^x m(t) / t dt = int_0^x t h'(t) dt at x in [0, 24] (the core's potential).

    A third ODE component (P' = x h') of the same solve, with Hermite data (P, x h', h' + x h'').
    """
    a = isothermal_series()
    k = np.arange(1, SMALL_X_TERMS + 1)
    return _series_or_table(x, 2 * k * a[:SMALL_X_TERMS] / (2 * k + 1), 3, _table()[0][2], xp)


def log_matching_ratio(x, xp=np):
    """(ln R(x), d ln R / dx) of the matching ratio R = m e^h / x^3 = (h' / x) e^h, x > 0.

    d ln R / dx = h'' / h' - 1 / x + h' with h'' = exp(-h) - 2 h' / x (ODE); used only on the
    rising branch x in [3, 22.54] (no cancellation there).
    """
    x = xp.asarray(x, dtype=float)
    h = isothermal_h(x, xp=xp)
    dh = isothermal_dh(x, xp=xp)
    d2h = xp.exp(-h) - 2.0 * dh / x
    return xp.log(dh / x) + h, d2h / dh - 1.0 / x + dh


@functools.cache
def isothermal_peak():
    """(x_peak, R_max): where the matching ratio peaks and its value, from the table (cached).

    Newton on d ln R / dx = 0 from x = 22.5 with a central-difference second derivative; the
    table's derivative data give x_peak = 22.544207, R_max = 1.26152659.
    """
    x = 22.5
    for _ in range(8):
        slope = log_matching_ratio(x)[1]
        curvature = (log_matching_ratio(x + 1e-4)[1] - log_matching_ratio(x - 1e-4)[1]) / 2e-4
        x = float(x - slope / curvature)
    return x, float(np.exp(log_matching_ratio(x)[0]))
