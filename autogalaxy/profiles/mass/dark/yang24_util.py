"""Lensing kernels of the beta = 4 cored NFW of Yang, Nadler, Yu & Zhong (2024, arXiv:2305.16176).

rho(r) = rho_s / [((r^4 + r_c^4)^(1/4) / r_s) (1 + r / r_s)^2] (their cored NFW, beta = 4), in
units of r_s: rho_hat(y) = 1 / ((y^4 + c^4)^(1/4) (1 + y)^2), c = r_c / r_s. It has no closed-form
projection. Every kernel here takes ``c2`` = c^2 = (r_c / r_s)^2 rather than c: the fits give
r_c ~ sqrt(tau), so c^2 ~ tau is the variable whose derivative stays finite at tau = 0 (and the
deflection depends on r_c through r_c^2 at leading order). Units: kappa = kappa_s kappa_hat(x),
alpha / R = kappa_s alpha_hat(x), psi = kappa_s r_s^2 psi_hat(x), M3D(< x r_s) = 4 pi rho_s r_s^3
m_hat(x), with x = R / r_s and kappa_s = rho_s r_s / Sigma_crit.

Method. rho_hat = rho_NFW + Delta, Delta(y) = S(y) / (y (1 + y)^2), S = (1 + c^4 / y^4)^(-1/4) - 1
(a square-root form without cancellation, exactly 0 at c = 0), so the NFW part is closed form
(nfw.py) and only Delta, which decays as c^4 / y^5, is integrated. With shells r = x cosh(eta)
outside R = x r_s:

    Delta kappa       = 2 int_0^inf S(y) / (1 + y)^2 d eta,                y = x cosh(eta),
    Delta M_cyl(x)    = Delta m(x) + int S y (x sinh) / (1 + y)^2 (1 - tanh) d eta   (x <= c),
                      = Delta m_inf - int S y (x sinh) / (1 + y)^2 tanh d eta         (x > c),
    Delta psi / 4     = (1 - ln 2) Delta m(x) + Delta N(x) + int S y (x sinh) / (1 + y)^2 phi d eta
                                                                                         (x <= c),
                      = Delta m_inf (1 - ln 2 + ln x) - Lambda + int ... (eta - tanh) d eta (x > c),

(a shell of mass dM at radius r adds dM / (pi R) to alpha for R > r and
dM (1 - sqrt(1 - R^2/r^2)) / (pi R) for R < r; to psi (dM / pi)[1 + ln(R / 2r)] for R > r and
(dM / pi)[1 - s + ln((1 + s) / 2)], s = sqrt(1 - R^2 / r^2) = tanh(eta), for R < r; so
phi = 1 - tanh + ln((1 + tanh) / 2), and for x > c the shells are all counted as inside, then
corrected by (eta - tanh) for those outside). Delta m(x) = int_0^x t^2 Delta dt,
Delta N(x) = int_0^x t^2 Delta ln(x / t) dt (x <= c, in s = ln(x / t)), and the two per-call
constants Delta m_inf = int_0^inf t^2 Delta dt, Lambda = int_0^inf t^2 Delta ln t dt (in ln(t / c)).
The two forms avoid cancellation: for x <= c the totals Delta m_inf ~ c^2 would cancel to ~x^2.

Rules (fixed Gauss-Legendre, the same arithmetic on NumPy and JAX): eta in [0, eta_c],
eta_c = arccosh(c / x) (zero length for x > c), 48 nodes; eta - eta_c in [0, 3] and [3, 20],
20 nodes each (every integrand decays at least as e^(-2 (eta - eta_c))); s = ln(x / t) in [0, 4]
and [4, 20], 24 + 20 nodes; the constants on ln(t / c) in [-26, -4], [-4, 0], [0, 4], [4, 26],
40 nodes each. Measured float64 relative error against 30-digit mpmath projections of rho at
c in {1e-6, 1e-3, 0.05, 0.3, 0.6} (and the test module's scipy references, c from the fits with
tau in [1e-6, 1]): <= 1e-13 (<= 5e-12) for kappa, alpha, psi at x in [1e-4, 1e3]; <= 3e-10 at
x = 1e-12, where the NFW cusp's ln(1 / x) cancels against Delta; m_hat <= 2e-12.

Grids: ``Yang24Tables`` reads the per-call cell tables of :mod:`yang24_tables` (a grid in
ln(x / c) that moves with the core, filled by product integration of these shell integrals,
:mod:`yang24_weights`; the NFW's own table far from it): float64 error against the kernels here
<= 1.2e-11 (kappa), <= 3.5e-12 (alpha), <= 2.5e-11 (psi) for x in [1e-10, 1e9], c in [1e-6,
0.64]. Just outside small cores the outer-shell forms here are themselves less exact (psi: 3e-11
at x = 1.001 c for c = 0.01 against scipy quad; kappa and alpha <= 2e-12); the tables are not
(psi <= 1.7e-13 against quad there). The kernels run in the dtype of x; the profile classes
compute in float64 (grid_array_from), so float32 grids only
carry their input rounding (~1e-7).
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark.nfw import (
    nfw_convergence_hat,
    nfw_enclosed_mass_hat,
    nfw_potential_hat,
)
from autogalaxy.profiles.mass.dark.nfw_util import log_table_interpolate, nfw_g
from autogalaxy.profiles.mass.kernel_util import as_float, is_float64, safe_radius
from autogalaxy.util.quadrature import gauss_legendre_unit

LN2 = math.log(2.0)
CORE_ETA_NODES = 48
OUTER_PANELS = ((0.0, 3.0, 20), (3.0, 20.0, 20))  # eta - eta_c
INNER_PANELS = ((0.0, 4.0, 24), (4.0, 20.0, 20))  # s = ln(x / t)
CONSTANT_PANELS = ((-26.0, -4.0, 40), (-4.0, 0.0, 40), (0.0, 4.0, 40), (4.0, 26.0, 40))
MASS_NODES = 32  # u = t / x in [0, 1] for the total enclosed mass inside the core


def _panels(panels):
    """Nodes and weights of consecutive GL panels ((a, b, n), ...) as NumPy arrays."""
    nodes, weights = [], []
    for a, b, n in panels:
        t, w = gauss_legendre_unit(n)
        nodes.append(a + (b - a) * t)
        weights.append((b - a) * w)
    return np.concatenate(nodes), np.concatenate(weights)


_OUTER = _panels(OUTER_PANELS)
_INNER = _panels(INNER_PANELS)
_CONSTANT = _panels(CONSTANT_PANELS)


def _core_shape(y, c2, xp):
    """S(y) = (1 + c^4 / y^4)^(-1/4) - 1 in (-1, 0]: y rho_hat (1 + y)^2 - 1, exactly 0 at c = 0.

    With w = y^4 / (y^4 + c^4), S = w^(1/4) - 1 = -(1 - w) / ((1 + w^(1/4)) (1 + w^(1/2))):
    two square roots, no cancellation and no overflow (1 - w = c^4 / (y^4 + c^4)).
    """
    if not is_float64(xp.asarray(y)):
        return _core_shape_float32(y, c2, xp)
    y4 = (y * y) ** 2
    c4 = c2 * c2
    total = y4 + c4
    total = xp.where(total > 0.0, total, 1.0)  # float32: y^4 and c^4 may both underflow
    root = xp.sqrt(y4 / total)
    return -(c4 / total) / ((1.0 + xp.sqrt(root)) * (1.0 + root))


def _core_shape_float32(y, c2, xp):
    """S(y) for float32 (a static dtype branch: the float64 graph above is unchanged).

    The float64 form overflows in float32: y^4 beyond y ~ 4e9 (the shell nodes reach x cosh 20,
    the constants e^26), and the tangent of y^4 / total already beyond y ~ 6e4 (total^2), which
    gave NaN values and NaN gradients. Here every intermediate is <= 1: inside the core
    (y <= c) with s = y / c: w^(1/4) = s / (1 + s^4)^(1/4), w^(1/2) = s^2 / sqrt(1 + s^4),
    1 - w = 1 / (1 + s^4); outside with q2 = (c / y)^4 = exp(4 ln(c / y)) (derivative q2 * 4 / y,
    no 1 / y^2 that underflows): w^(1/4) = (1 + q2)^(-1/4), w^(1/2) = (1 + q2)^(-1/2),
    1 - w = q2 / (1 + q2). c = 0 gives S = 0 exactly, as the float64 form.
    """
    cored = c2 > 0.0
    c2_safe = xp.where(cored, c2, 1.0)
    outer = y * y > c2_safe
    s = xp.where(outer, 0.0, y / xp.sqrt(c2_safe))
    s4 = (s * s) ** 2
    log_ratio = 0.5 * xp.log(c2_safe) - xp.log(xp.where(outer, y, 1.0))  # ln(c / y) <= 0 outside
    q2 = xp.where(outer, xp.exp(4.0 * log_ratio), 0.0)
    one_s4, one_q2 = 1.0 + s4, 1.0 + q2
    root4 = xp.where(outer, 1.0 / xp.sqrt(xp.sqrt(one_q2)), s / xp.sqrt(xp.sqrt(one_s4)))
    root2 = xp.where(outer, 1.0 / xp.sqrt(one_q2), s * s / xp.sqrt(one_s4))
    one_minus_w = xp.where(outer, q2 / one_q2, 1.0 / one_s4)
    return xp.where(cored, -one_minus_w / ((1.0 + root4) * (1.0 + root2)), 0.0)


def yang24_density_hat(y, c2, xp=np):
    """rho / rho_s = 1 / ((y^4 + c^4)^(1/4) (1 + y)^2) at y = r / r_s > 0, c2 = (r_c / r_s)^2.

    Yang et al. (2024), beta = 4; exact to rounding.
    """
    y = as_float(y, xp)
    return 1.0 / (xp.sqrt(xp.sqrt((y * y) ** 2 + c2 * c2)) * (1.0 + y) ** 2)


def _constants(c2, dtype, xp):
    """(Delta m_inf, Lambda) = int_0^inf t^2 Delta (1, ln t) dt, with t = c e^v (module docstring).

    t^2 Delta dt = c^2 e^(2v) S(e^v; c=1) / (1 + c e^v)^2 dv; Lambda = ln(c) Delta m_inf
    + c^2 int ... v dv. Both vanish as c^2 (ln c) at c = 0; ln c is taken as 0 there so that the
    gradient stays finite.
    """
    v, w = (xp.asarray(a, dtype=dtype) for a in _CONSTANT)
    u = xp.exp(v)
    c = safe_radius(c2, xp)
    f = u * u * _core_shape(u, 1.0, xp) / (1.0 + c * u) ** 2 * w
    mass = c2 * xp.sum(f)
    log_c = 0.5 * xp.log(xp.where(c2 > 0.0, c2, 1.0))
    return mass, log_c * mass + c2 * xp.sum(f * v)


def _shell_sums(x, c2, xp):
    """Delta kappa, Delta M_cyl, Delta psi and Delta m at x = R / r_s (...,), the module's forms.

    With C = x cosh(eta_c) = max(c, x) and D = x sinh(eta_c) = sqrt(max(c^2 - x^2, 0)), the outer
    nodes eta_c + s need no transcendental: x cosh(eta) = C cosh s + D sinh s,
    x sinh(eta) = D cosh s + C sinh s and e^-eta = e^-s x / (C + D).
    """
    dtype = x.dtype
    xe = x[..., None]
    inside = x * x <= c2
    big_c = xp.where(inside, safe_radius(c2, xp), x)[..., None]
    big_d = safe_radius(xp.where(inside, c2 - x * x, 0.0), xp)[..., None]
    eta_c = xp.log(big_c + big_d) - xp.log(xe)  # arccosh(c / x), exactly 0 for x > c
    # inner panel eta = eta_c t (zero length for x > c)
    t_core, w_core = (xp.asarray(a, dtype=dtype) for a in gauss_legendre_unit(CORE_ETA_NODES))
    e_in = xp.exp(eta_c * t_core)
    e_in_neg = 1.0 / e_in
    # outer panels eta = eta_c + s
    s_out, w_out = _OUTER
    cosh_s, sinh_s = (xp.asarray(a, dtype=dtype) for a in (np.cosh(s_out), np.sinh(s_out)))
    e_out_neg = xp.asarray(np.exp(-s_out), dtype=dtype) * (xe / (big_c + big_d))
    y = xp.concatenate([0.5 * xe * (e_in + e_in_neg), big_c * cosh_s + big_d * sinh_s], axis=-1)
    x_sinh = xp.concatenate(
        [0.5 * xe * (e_in - e_in_neg), big_d * cosh_s + big_c * sinh_s], axis=-1
    )
    eta = xp.concatenate([eta_c * t_core, eta_c + xp.asarray(s_out, dtype=dtype)], axis=-1)
    weight = xp.concatenate([eta_c * w_core, xp.asarray(w_out, dtype=dtype) + 0.0 * eta_c], -1)
    e_neg = xp.concatenate([e_in_neg, e_out_neg], axis=-1)
    shape = _core_shape(y, c2, xp) / (1.0 + y) ** 2 * weight
    kappa = 2.0 * xp.sum(shape, axis=-1)
    # x^3 cosh^2 sinh Delta = S y (x sinh) / (1 + y)^2; tanh and 1 - tanh without cancellation
    cylinder = shape * y * x_sinh
    e2 = e_neg * e_neg
    one_minus_tanh = 2.0 * e2 / (1.0 + e2)
    tanh = 1.0 - one_minus_tanh
    phi = one_minus_tanh - xp.log1p(e2)
    # shells inside the sphere of radius x (x <= c): t = x e^-s, t^3 Delta = t^2 S / (1 + t)^2
    s_in, w_in = (xp.asarray(a, dtype=dtype) for a in _INNER)
    t = xe * xp.asarray(np.exp(-_INNER[0]), dtype=dtype)
    inner = t * t * _core_shape(t, c2, xp) / (1.0 + t) ** 2 * w_in
    mass_in = xp.sum(inner, axis=-1)
    moment_in = xp.sum(inner * s_in, axis=-1)
    mass_inf, log_moment = _constants(c2, dtype, xp)
    mass = xp.where(inside, mass_in, mass_inf - xp.sum(cylinder, axis=-1))
    m_cyl = xp.where(
        inside,
        mass_in + xp.sum(cylinder * one_minus_tanh, axis=-1),
        mass_inf - xp.sum(cylinder * tanh, axis=-1),
    )
    ln_x = xp.log(x)
    psi = 4.0 * xp.where(
        inside,
        (1.0 - LN2) * mass_in + moment_in + xp.sum(cylinder * phi, axis=-1),
        mass_inf * (1.0 - LN2 + ln_x) - log_moment + xp.sum(cylinder * (eta - tanh), axis=-1),
    )
    return kappa, m_cyl, psi, mass


def yang24_convergence_hat(x, c2, xp=np):
    """kappa / kappa_s at x = R / r_s > 0 (line-of-sight projection of rho_hat), c2 scalar.

    Float64 relative error <= 1e-13 for x in [1e-4, 1e3], <= 1e-11 at x = 1e-12, c in [0, 0.64].
    """
    x = as_float(x, xp)
    return nfw_convergence_hat(x, xp=xp) + _shell_sums(x, c2, xp)[0]


def yang24_deflection_over_radius_hat(x, c2, xp=np):
    """alpha / (kappa_s R) = 4 M_cyl(x) / x^2, the mean convergence inside R = x r_s; c2 scalar.

    Float64 relative error <= 1e-13 for x in [1e-4, 1e3], <= 1e-10 at x = 1e-12, c in [0, 0.64].
    """
    x = as_float(x, xp)
    return 4.0 * (nfw_g(x, xp=xp) + _shell_sums(x, c2, xp)[1]) / (x * x)


def yang24_potential_hat(x, c2, xp=np):
    """psi / (kappa_s r_s^2) with psi(0) = 0 (shell sums, module docstring); c2 scalar.

    Float64 relative error <= 1e-13 for x in [1e-4, 1e3], <= 3e-10 at x = 1e-12, c in [0, 0.64].
    """
    x = as_float(x, xp)
    return nfw_potential_hat(x, xp=xp) + _shell_sums(x, c2, xp)[2]


def yang24_enclosed_mass_hat(x, c2, xp=np):
    """m(x) = M3D(< x r_s) / (4 pi rho_s r_s^3) = int_0^x t^2 rho_hat dt; c2 scalar.

    Inside the core (x <= c) the total is integrated directly (32-node GL in t / x: the NFW mass
    ~x^2 / 2 and Delta m would cancel to ~x^3 / 3c); beyond it m_NFW + Delta m_inf - (outer part).
    Float64 relative error <= 2e-12 for x in [1e-12, 1e3], c in [0, 0.64] (scipy quad, mpmath).
    """
    x = as_float(x, xp)
    u, w = (xp.asarray(a, dtype=x.dtype) for a in gauss_legendre_unit(MASS_NODES))
    t = x[..., None] * u
    core = x**3 * xp.sum(u * u * yang24_density_hat(t, c2, xp) * w, axis=-1)
    outside = nfw_enclosed_mass_hat(x, xp=xp) + _shell_sums(x, c2, xp)[3]
    return xp.where(x * x <= c2, core, outside)


# The former ratio tables (ln(quantity / NFW) on 769 fixed radii) are replaced by the per-call
# tables of yang24_tables (issue 12); their grid and interpolator stay importable: the grid is
# TABLE_SIZE log-uniform radii and table_interpolate is nfw_util's one interpolator on it.
TABLE_LN_X = (math.log(1e-13), math.log(1e7))
TABLE_STEP = 0.06
TABLE_ORDER = 10
TABLE_SIZE = int(math.ceil((TABLE_LN_X[1] - TABLE_LN_X[0]) / TABLE_STEP)) + 1


def table_radii(dtype=float, xp=np):
    """The TABLE_SIZE radii x (dimensionless), log-uniform over [1e-13, 1e7] at step 0.06."""
    return xp.asarray(np.exp(TABLE_LN_X[0] + TABLE_STEP * np.arange(TABLE_SIZE)), dtype=dtype)


def table_interpolate(ln_x, ln_table, xp=np):
    """exp of the TABLE_ORDER-point Lagrange interpolant of ``ln_table`` (on table_radii) at
    ln_x (nfw_util.log_table_interpolate on this grid; linear beyond its ends)."""
    return log_table_interpolate(ln_x, ln_table, xp, ln_x_range=TABLE_LN_X, step=TABLE_STEP,
                                 order=TABLE_ORDER)


class Yang24Tables:
    """kappa_hat, alpha_hat (= alpha / (kappa_s R)) and psi_hat at any x for one c2 (scalar).

    The per-call cell tables of :mod:`yang24_tables` (built on first use of each quantity; under
    jit only the requested ones are computed); c2 = 0 returns the NFW closed forms exactly.
    Float64 error against the exact kernels <= 2e-11 (kappa), <= 4e-12 (alpha, psi) for x in
    [1e-12, 1e9] (yang24_tables). ``dtype`` is accepted for the former signature: the tables are
    float64.
    """

    def __init__(self, c2, dtype, xp):
        self.xp = xp
        self.c2 = c2

    def _hat(self, quantity, x):
        from autogalaxy.profiles.mass.dark.yang24_tables import yang24_table_hat

        return yang24_table_hat(quantity, x, self.c2, xp=self.xp)

    def convergence(self, x):
        """kappa / kappa_s at x > 0."""
        return self._hat("kappa", x)

    def deflection_over_radius(self, x):
        """alpha / (kappa_s R) at x > 0."""
        return self._hat("alpha", x)

    def potential(self, x):
        """psi / (kappa_s r_s^2) at x > 0."""
        return self._hat("psi", x)

    def tangential_shear(self, x, xp=None):
        """gamma_t / kappa_s = alpha_hat - kappa_hat (error ~1e-11 of kappa, not of gamma_t)."""
        return self.deflection_over_radius(x) - self.convergence(x)
