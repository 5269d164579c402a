"""The auxiliary function F(x) of NFW-family lensing (Bartelmann 1996; Wright & Brainerd 2000).

F(x) = arccosh(1/x) / sqrt(1 - x^2)  (x < 1),   arccos(1/x) / sqrt(x^2 - 1)  (x > 1),   F(1) = 1,

evaluated without cancellation: with s = 1 - x^2 and w = sqrt(|s|), the series
F = sum_n s^n / (2n + 1) (= 2F1(1/2, 1; 3/2; s)) near x = 1, log1p((1 - x + w) / x) / w for x < 1
and arctan(w) / w for x > 1. Float64 relative error <= 3e-16 for x in [1e-8, 1e8] (tested against
mpmath); float32 ~2e-7. Each branch gets safe dummy inputs so ``xp.where`` never differentiates
through an inf or NaN.

Cost (issue 12): each kernel here takes ONE square root, and each transcendental (log, log1p,
arctan) at most once per element: where a branch needs a different argument, the argument is
selected with ``where`` before the single call, rather than evaluating the function once per
branch. On XLA:CPU its own log1p or arctan costs ~4-8 ns per element, several times a multiply-add,
so the count of transcendental calls set the speed of the spherical NFW-family kernels; on JAX
float64 they now come from ``ops(xp)`` (util/fast_math: ~1 ns per element, 1-2 ulp).
"""

import functools
import math
from fractions import Fraction

import numpy as np

from autogalaxy.util.backend import ops

SERIES_HALF_WIDTH = 0.1
SERIES_TERMS = 16
LN2 = math.log(2.0)  # a Python float, so float32 arrays stay float32
# g and psi need the series only where w = sqrt(|s|) itself is ill-conditioned for autodiff (the
# direct forms have no cancellation there), so a narrow window and 9 terms (|s|^9 / 19 < 1e-19).
NEAR_ONE_S = 0.01
NEAR_ONE_TERMS = 9
SMALL_X = 0.5


def f_series(s, xp=np, terms=SERIES_TERMS):
    """sum_{n < terms} s^n / (2n + 1), Horner form; accurate to 1e-17 for |s| < 0.1 (16 terms)."""
    total = xp.zeros_like(s) + 1.0 / (2 * terms - 1)
    for n in range(terms - 2, -1, -1):
        total = total * s + 1.0 / (2 * n + 1)
    return total


def _root_and_branches(x, half_width, xp):
    """(s, near, w, inner): s = 1 - x^2, near = |s| < half_width, w = sqrt(|s|) (1 where near, so
    its derivative stays finite), inner = x < 1 away from near."""
    s = (1.0 - x) * (1.0 + x)
    near = xp.abs(s) < half_width
    w = xp.sqrt(xp.where(near, 1.0, xp.abs(s)))
    return s, near, w, (s > 0.0) & ~near


def _f_from(x, s, near, w, inner, terms, xp):
    """F from the shared pieces: one log1p and one arctan call for the whole array."""
    f_in = ops(xp).log1p(xp.where(inner, (1.0 - x + w) / x, 0.0))
    f_out = ops(xp).arctan(xp.where(inner | near, 0.0, w))
    f_near = f_series(xp.where(near, s, 0.0), xp=xp, terms=terms)
    return xp.where(near, f_near, xp.where(inner, f_in, f_out) / w)


def nfw_f(x, xp=np):
    """F(x) for x > 0 (dimensionless projected radius R / r_s); F(x) -> ln(2/x) as x -> 0."""
    x = xp.asarray(x, dtype=float)
    s, near, w, inner = _root_and_branches(x, SERIES_HALF_WIDTH, xp)
    return _f_from(x, s, near, w, inner, SERIES_TERMS, xp)


def nfw_f_minus_one_over_s(x, xp=np):
    """(F(x) - 1) / (1 - x^2) for x > 0; the NFW convergence is 2 kappa_s times this.

    Bartelmann (1996, A&A 313, 697); Wright & Brainerd (2000, ApJ 534, 34); physics.md section 1.
    For |s| < 0.1 (s = 1 - x^2) the series sum_n s^n / (2n + 3) replaces the 0/0 of the direct
    form, whose float64 error would grow as 1e-16 / |s|. Float64 relative error ~3e-16, x > 0.
    """
    x = xp.asarray(x, dtype=float)
    s, near, w, inner = _root_and_branches(x, SERIES_HALF_WIDTH, xp)
    direct = (_f_from(x, s, near, w, inner, 1, xp) - 1.0) / xp.where(near, 1.0, s)
    s_near = xp.where(near, s, 0.0)
    series = xp.zeros_like(s) + 1.0 / (2 * SERIES_TERMS + 1)
    for n in range(SERIES_TERMS - 2, -1, -1):
        series = series * s_near + 1.0 / (2 * n + 3)
    return xp.where(near, series, direct)


def nfw_g(x, xp=np):
    """g(x) = ln(x / 2) + F(x) for x > 0: M2D(< x r_s) / (4 pi rho_s r_s^3) of the NFW profile.

    Value: ``_nfw_g_value`` (float64 relative error <= 2e-15 for x in [1e-12, 1e8], mpmath). On
    JAX the derivative is the analytic g'(x) = x (F - 1) / (1 - x^2) = x kappa_hat / 2 (a
    custom JVP, F = g + ln 2 - ln x; near-one series for |1 - x^2| < 0.1), exact to ~3e-15, so
    reverse mode stores only x and g rather than every branch's intermediates (issue 12).
    """
    x = xp.asarray(x, dtype=float)
    return ops(xp).elementwise_with_derivative(
        lambda v: _nfw_g_value(v, xp), lambda v, g: _nfw_g_slope(v, g, xp)
    )(x)


def _nfw_g_slope(x, g, xp):
    """g'(x) = x (F - 1) / (1 - x^2) from g itself: F = g + ln 2 - ln x (no cancellation)."""
    s = (1.0 - x) * (1.0 + x)
    near = xp.abs(s) < SERIES_HALF_WIDTH
    s_near = xp.where(near, s, 0.0)
    series = xp.zeros_like(s) + 1.0 / (2 * SERIES_TERMS + 1)
    for n in range(SERIES_TERMS - 2, -1, -1):
        series = series * s_near + 1.0 / (2 * n + 3)
    direct = (g + LN2 - ops(xp).log(x) - 1.0) / xp.where(near, 1.0, s)
    return x * xp.where(near, series, direct)


def _nfw_g_value(x, xp=np):
    """g(x) = ln(x / 2) + F(x) for x > 0: M2D(< x r_s) / (4 pi rho_s r_s^3) of the NFW profile.

    Bartelmann (1996); physics.md section 1. For x < 0.5, where ln(x/2) + F cancels (float64
    error 2e-16 / x^2), g = [x^2 ln(2/x) / (1 + w) + log1p(-x^2 / (2 (1 + w)))] / w with
    w = sqrt(1 - x^2), exact algebra free of cancellation. Float64 relative error <= 2e-15 for x in
    [1e-12, 1e8] (mpmath; largest just above x = 0.5, where ln(x/2) + F loses a factor ~10), and
    d g / d x = x (F - 1) / (1 - x^2) to 3e-15 everywhere, x = 1 included (near-one series).

    One sqrt, one log, one log1p and one arctan per element: the log1p argument is
    -x^2 / (2 (1 + w)) for x < 0.5 (the regrouping above) and w for 0.5 <= x < 1, where
    F = (log1p(w) - ln x) / w; the arctan serves x > 1.
    """
    x = xp.asarray(x, dtype=float)
    s, near, w, inner = _root_and_branches(x, NEAR_ONE_S, xp)
    small = x < SMALL_X
    u = x * x / (2.0 * (1.0 + w))
    lnx = ops(xp).log(x)
    lp = ops(xp).log1p(xp.where(small, -u, xp.where(inner, w, 0.0)))
    at = ops(xp).arctan(xp.where(inner | near, 0.0, w))
    f_near = f_series(xp.where(near, s, 0.0), xp=xp, terms=NEAR_ONE_TERMS)
    f = xp.where(near, f_near, xp.where(inner, lp - lnx, at) / w)
    g_small = (2.0 * u * (LN2 - lnx) + lp) / w
    return xp.where(small, g_small, lnx - LN2 + f)


# A radial profile tabulated on a uniform grid in ln x, rebuilt on every call from the profile's
# parameters, turns Keeton's nested integrals into ~40 table look-ups per pixel. The one
# interpolator of the package's radial tables (gNFW, cNFW, Yang24, Kaplinghat): the sliding
# ``order``-point Lagrange interpolant of values on uniform nodes, stored per cell as monomial
# coefficients (``lagrange_cell_coefficients``) and evaluated by Horner (``cell_polynomial``).
# The coefficient form is the same polynomial as the Lagrange form, but a pixel then reads one
# coefficient per power instead of forming order^2 products: measured 3-4x faster per pixel for
# 10 points on XLA:CPU (issue 12).
LOG_TABLE_LN_X = (float(np.log(1e-14)), float(np.log(1e7)))
LOG_TABLE_STEP = 0.08
LOG_TABLE_ORDER = 6
LOG_TABLE_SIZE = int(np.ceil((LOG_TABLE_LN_X[1] - LOG_TABLE_LN_X[0]) / LOG_TABLE_STEP)) + 1


def log_table_radii(dtype=float, xp=np):
    """The LOG_TABLE_SIZE radii x of the table, log-uniform over [1e-14, 1e7] (dimensionless)."""
    ln_x = LOG_TABLE_LN_X[0] + LOG_TABLE_STEP * np.arange(LOG_TABLE_SIZE)
    return xp.asarray(np.exp(ln_x), dtype=dtype)


@functools.cache
def _lagrange_to_monomials(order):
    """(order - 1, order, order) matrices M[o]: for a cell at offset o in its stencil (nodes
    0..order-1, cell [o, o + 1]), M[o][i, j] is the coefficient of tau^i, tau = z - o - 1/2, in the
    Lagrange basis polynomial L_j(z) = prod_{m != j} (z - m) / (j - m) (exact rationals)."""
    out = np.zeros((order - 1, order, order))
    for o in range(order - 1):
        for j in range(order):
            poly = [Fraction(1)]  # coefficients in tau, lowest first
            for m in range(order):
                if m == j:
                    continue
                shift = Fraction(2 * o + 1, 2) - m  # z - m = tau + (o + 1/2 - m)
                poly = [a * shift + (poly[i - 1] if i else 0) for i, a in enumerate(poly + [0])]
                poly = [a / (j - m) for a in poly]
            out[o, :, j] = [float(a) for a in poly]
    out.flags.writeable = False
    return out


def lagrange_cell_coefficients(values, order=LOG_TABLE_ORDER, xp=np):
    """(N - 1, order) monomial coefficients of the sliding ``order``-point Lagrange interpolant
    of ``values`` (N,) given on the uniform nodes 0..N-1 (N >= order).

    Row k is cell [k, k + 1]; its stencil is the ``order`` nodes starting at
    clip(k - order // 2 + 1, 0, N - order) (centred, one-sided at the ends), and the polynomial
    is sum_i c_i tau^i with tau = position - k - 1/2 in [-1/2, 1/2] (centred, so that the
    coefficients stay of the size of the data). Linear in ``values``: differentiable on JAX.
    """
    n = values.shape[-1]
    half = order // 2 - 1
    matrices = _lagrange_to_monomials(order)
    stencil = np.arange(order)
    interior = np.arange(half, n - order + half + 1) - half  # stencil starts, offset = half
    rows = [values[interior[:, None] + stencil] @ xp.asarray(matrices[half].T)]
    low = [values[:order] @ xp.asarray(matrices[o].T) for o in range(half)]
    high = [values[n - order:] @ xp.asarray(matrices[o].T) for o in range(half + 1, order - 1)]
    return xp.concatenate([xp.stack(low)] * bool(low) + rows + [xp.stack(high)] * bool(high))


def cell_polynomial(coefficients, row, tau, xp=np, slope=False):
    """sum_i coefficients[row, i] tau^i by Horner (and, with ``slope``, its d / d tau).

    One 1-D gather per power (XLA:CPU runs P gathers of N faster than one of (N, P)).
    """
    columns = coefficients.T
    value = columns[-1][row]
    derivative = 0.0 * value
    for i in range(coefficients.shape[-1] - 2, -1, -1):
        if slope:
            derivative = derivative * tau + value
        value = value * tau + columns[i][row]
    return (value, derivative) if slope else value


def _log_table_evaluate(ln_x, coefficients, ends, ln_x_range, step, xp):
    lo, hi = ln_x_range
    position = (xp.clip(ln_x, lo, hi) - lo) / step
    cell = xp.clip(xp.floor(position), 0, coefficients.shape[0] - 1)
    value = cell_polynomial(coefficients, cell.astype(int), position - cell - 0.5, xp)
    slope_lo, slope_hi = ends
    return xp.exp(
        value + slope_lo * xp.minimum(ln_x - lo, 0.0) + slope_hi * xp.maximum(ln_x - hi, 0.0)
    )


def log_table_interpolate(ln_x, ln_table, xp=np, *, ln_x_range=LOG_TABLE_LN_X,
                          step=LOG_TABLE_STEP, order=LOG_TABLE_ORDER):
    """exp of the ``order``-point Lagrange interpolant of ``ln_table`` (ln y on the uniform grid
    ln_x_range[0] + step k, default log_table_radii) at ln_x.

    For the smooth positive profiles here (kappa, mean convergence) the float64 relative error is
    <= 3e-10 with the defaults (step 0.08 in ln x, 6 points; it falls as step^6). Beyond the
    grid ln y continues linearly with the end slopes: exact to leading order for power-law cusps
    and cores, but only ~1e-2 a decade beyond 1e7 where ln x corrections matter, so callers keep
    R / q below 1e7 r_s.
    """
    coefficients = lagrange_cell_coefficients(ln_table, order, xp)
    ends = ((ln_table[1] - ln_table[0]) / step, (ln_table[-1] - ln_table[-2]) / step)
    return _log_table_evaluate(ln_x, coefficients, ends, ln_x_range, step, xp)


def log_tabulated(radial_kernel, dtype=float, xp=np):
    """xi -> radial_kernel(xi), read from a table of ln radial_kernel on log_table_radii.

    ``radial_kernel(x)`` is a positive dimensionless profile (kappa, mean convergence); the table
    (and its cell coefficients) is rebuilt from the profile's parameters on each call (accuracy:
    log_table_interpolate). The returned function has the ``(xi, xp)`` signature of Keeton's
    integrands.
    """
    ln_table = ops(xp).log(radial_kernel(log_table_radii(dtype, xp)))
    coefficients = lagrange_cell_coefficients(ln_table, LOG_TABLE_ORDER, xp)
    ends = ((ln_table[1] - ln_table[0]) / LOG_TABLE_STEP,
            (ln_table[-1] - ln_table[-2]) / LOG_TABLE_STEP)

    def interpolated(xi, xp):
        return _log_table_evaluate(
            ops(xp).log(xi), coefficients, ends, LOG_TABLE_LN_X, LOG_TABLE_STEP, xp
        )

    return interpolated
