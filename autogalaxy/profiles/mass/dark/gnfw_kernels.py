"""Spherical generalised-NFW kernels (Zhao 1996; Wyithe, Turner & Spergel 2001; Keeton 2001).

rho_hat(y) = y^-g (1 + y)^(g - 3), g = gamma = ``inner_slope`` in [0, 2), y = r / r_s; kappa =
kappa_s kappa_hat(x), alpha / R = kappa_s alpha_hat(x), psi = kappa_s r_s^2 psi_hat(x), x = R / r_s.

Method (fixed-order rules, so NumPy and JAX run the same arithmetic, jit-safe and differentiable in
gamma; no special functions): the mass inside the sphere of radius R and its log moment are power
series in x / (1 + x) (x <= 1) or 1 / (1 + x) (x > 1) with gamma-dependent coefficients (exact to
1e-16 for all x); shells outside R are integrated in t = x cosh(eta) by Gauss-Legendre (GL) on an
inner panel eta in [0, ln(2/x)] (40 nodes) and an outer panel mapped by eta = ln(2/x) - ln(w),
w in (0, 1] (24 nodes, no tail cut). Float64 relative error of kappa, alpha and psi <= 3e-14 for x
in [1e-8, 1e8] and <= 1e-11 at x = 1e-12 (gamma in [0, 1.99], mpmath); float32 ~1e-6 (psi ~4e-6).

For the tabulated deflections of :mod:`gnfw_table`: ``gnfw_enclosed_mass_and_slope`` (the
enclosed mass and its gamma derivative, from the a-derivatives of the series coefficients) and
``cylinder_exponents`` (the shells outside R in a form whose gamma dependence is one exp per node).
"""

import math

import numpy as np

from autogalaxy.profiles.mass.kernel_util import as_float as _as_float
from autogalaxy.util.backend import ops
from autogalaxy.util.quadrature import gauss_legendre_unit

LN2 = math.log(2.0)  # a Python float, so float32 arrays stay float32
COSH_INNER_NODES = 40
COSH_OUTER_NODES = 24
SERIES_TERMS = 52


def _nodes(n, dtype, xp):
    t, w = gauss_legendre_unit(n)
    return xp.asarray(t, dtype=dtype), xp.asarray(w, dtype=dtype)


def gnfw_density_hat(y, gamma, xp=np):
    """rho / rho_s = y^-gamma (1 + y)^(gamma - 3) at y = r / r_s > 0 (Zhao 1996, eq. 1)."""
    return xp.exp(-gamma * ops(xp).log(y) + (gamma - 3.0) * ops(xp).log1p(y))


def _shell_nodes(x, xp):
    """(eta, weight), (..., 64): the two GL panels of int_0^inf d eta for each x (...,).

    Inner panel eta in [0, T], T = max(ln(2/x), 0): for x << 1 the integrands are smooth
    exponentials such as x^-gamma cosh^(1-gamma)(eta). Outer panel eta = T - ln(w), w in (0, 1]:
    rho_hat decays as e^(-3 eta), so every integrand here is analytic in w at w = 0 and the infinite
    range needs no truncation (a fixed tail of 14 would leave 7e-13).
    """
    tail = xp.maximum(ops(xp).log(2.0 / x), 0.0)[..., None]
    t_in, w_in = _nodes(COSH_INNER_NODES, x.dtype, xp)
    t_out, w_out = _nodes(COSH_OUTER_NODES, x.dtype, xp)
    eta = xp.concatenate([tail * t_in, tail - ops(xp).log(t_out) + 0.0 * tail], axis=-1)
    weight = xp.concatenate([tail * w_in, w_out / t_out + 0.0 * tail], axis=-1)
    return eta, weight


def _shell_integral(x, integrand, xp):
    """int_0^inf integrand(eta) d eta on the panels of ``_shell_nodes``, for each x (...,)."""
    eta, weight = _shell_nodes(x, xp)
    return xp.sum(integrand(eta) * weight, axis=-1)


def gnfw_convergence_hat(x, gamma, xp=np):
    """kappa / kappa_s = 2 x int_0^inf rho_hat(x cosh eta) cosh(eta) d eta at x = R / r_s > 0.

    Line-of-sight projection (Wyithe, Turner & Spergel 2001, eq. 6, in the cosh form). Float64
    relative error <= 2e-14 for x in [1e-8, 1e8] and 1e-11 at 1e-12, gamma in [0, 1.99] (mpmath);
    float32 ~1e-6.
    """
    x = _as_float(x, xp)

    def integrand(eta):
        cosh = 0.5 * (xp.exp(eta) + xp.exp(-eta))
        return gnfw_density_hat(x[..., None] * cosh, gamma, xp) * cosh

    return 2.0 * x * _shell_integral(x, integrand, xp)


def _moment_coefficients(gamma, dtype, xp):
    """Power-series coefficients of the inner moments (see _inner_moments), from gamma alone.

    Returns (small_1, small_2, large_1, large_2, const_m, const_n): the coefficients of powers of
    P = x / (1 + x) used for x <= 1 and of Q = 1 / (1 + x) used for x > 1, and the constants A, B.
    Scalar work per call (52 terms), differentiable in gamma.
    """
    a = xp.asarray(3.0 - gamma, dtype=dtype)
    k = np.arange(SERIES_TERMS, dtype=float)
    harmonic = xp.asarray(np.concatenate([[0.0], np.cumsum(1.0 / k[1:])]), dtype=dtype)
    half_k = xp.asarray(0.5**k, dtype=dtype)
    k = xp.asarray(k, dtype=dtype)
    small_1 = 1.0 / (a + k)
    small_2 = small_1 * small_1 - harmonic * small_1
    half_a = xp.exp(-a * LN2)
    mass_1 = half_a * xp.sum(half_k * small_1)
    moment_1 = half_a * (xp.sum(half_k * small_2) + LN2 * xp.sum(half_k * small_1))
    # c_k = (-1)^k binom(a - 1, k) / k, k >= 1, by the ratio binom(a-1, k) / binom(a-1, k-1).
    ratios = (k[1:] - a) / k[1:]
    c = xp.concatenate([xp.zeros_like(k[:1]), xp.cumprod(ratios) / k[1:]])
    d = xp.concatenate([xp.zeros_like(k[:1]), xp.cumsum(c)[1:] / k[1:]])
    inverse_k2 = xp.concatenate([xp.zeros_like(k[:1]), 1.0 / (k[1:] * k[1:])])
    large_1 = -c
    large_2 = d - inverse_k2
    const_m = mass_1 + xp.sum(c * half_k)
    const_n = moment_1 + np.pi**2 / 12.0 - xp.sum(d * half_k)
    return small_1, small_2, large_1, large_2, const_m, const_n


def _mass_slope_coefficients(gamma, dtype, xp):
    """(small_3, large_3, const_m'): the series of dm/da, a = 3 - gamma (see _mass_slope).

    small_3 = 1 / (a + k)^2; large_3 = -dc_k/da and const_m' = dA/da, with c_k = pi_k / k,
    pi_k = prod_{j<=k} (j - a) / j, so dpi_k/da = dpi_(k-1)/da (k - a) / k - pi_(k-1) / k: a
    recurrence (not pi_k sum 1 / (j - a), which is 0 * inf at the integer a of gamma = 0, 1).
    """
    a = xp.asarray(3.0 - gamma, dtype=dtype)
    k = np.arange(SERIES_TERMS, dtype=float)
    half_k = xp.asarray(0.5**k, dtype=dtype)
    small_1 = 1.0 / (a + xp.asarray(k, dtype=dtype))
    small_3 = small_1 * small_1
    pi, dpi, dc = 1.0 + 0.0 * a, 0.0 * a, [0.0 * a]
    for j in range(1, SERIES_TERMS):
        pi, dpi = pi * ((j - a) / j), dpi * ((j - a) / j) - pi / j
        dc.append(dpi / j)
    dc = xp.stack(dc)
    half_a = xp.exp(-a * LN2)
    mass_1 = half_a * xp.sum(half_k * small_1)
    dmass_1 = -LN2 * mass_1 - half_a * xp.sum(half_k * small_3)
    return small_3, -dc, dmass_1 + xp.sum(dc * half_k)


def _horner(z, coefficients, xp):
    """sum_k coefficients[k] z^k for coefficient arrays (K, ...) broadcasting against z."""
    total = coefficients[-1] + 0.0 * z
    for k in range(SERIES_TERMS - 2, -1, -1):
        total = total * z + coefficients[k]
    return total


def _series_variable(x, xp):
    """(small, ln(1 + x), ln P, z): z = P = x / (1 + x) for x <= 1, else Q = 1 / (1 + x)."""
    small = x <= 1.0
    ln_1px = ops(xp).log1p(x)
    ln_p = ops(xp).log(x) - ln_1px
    return small, ln_1px, ln_p, xp.where(small, xp.exp(ln_p), 1.0 / (1.0 + x))


def _inner_moments(x, gamma, xp):
    """(m(x), N(x)) = (int_0^x t^2 rho_hat dt, int_0^x t^2 rho_hat ln(x / t) dt), x > 0.

    With p = t / (1 + t), t^2 rho_hat dt = p^(a-1) / (1 - p) dp, a = 3 - gamma. For x <= 1
    (P = x / (1 + x) <= 1/2), expanding 1 / (1 - p) and ln(1 - p) / (1 - p) = -sum_k H_k p^k:

        m = P^a sum_k P^k / (a + k),
        N = P^a sum_k P^k [1 / (a + k)^2 + (ln(1 + x) - H_k) / (a + k)].

    For x > 1 (Q = 1 / (1 + x) < 1/2), with q = 1 - p, (1 - q)^(a-1) = sum_k binom(a-1, k) (-q)^k
    and dN / d ln x = m (so that int ln(1 + x) dx / x brings in Li2(Q) = sum Q^m / m^2):

        m = A + ln((1 + x) / 2) - sum_k c_k Q^k,      c_k = (-1)^k binom(a - 1, k) / k,
        N = B + (A - ln 2) ln x + ln(1 + x) ln(x P) / 2 + sum_m (d_m - 1 / m^2) Q^m,
        d_m = (c_1 + ... + c_m) / m,  A = m(1) + sum_k c_k 2^-k,
        B = N(1) + pi^2 / 12 - sum_m d_m 2^-m.

    All series have ratio <= 1/2: 52 terms reach 1e-16, uniformly in x (derived here; checked
    against mpmath hyp2f1 and quadrature).
    """
    small_1, small_2, large_1, large_2, const_m, const_n = _moment_coefficients(gamma, x.dtype, xp)
    small, ln_1px, ln_p, z = _series_variable(x, xp)
    s1 = _horner(z, [xp.where(small, c, e) for c, e in zip(small_1, large_1)], xp)
    s2 = _horner(z, [xp.where(small, c, e) for c, e in zip(small_2, large_2)], xp)
    p_a = xp.exp((3.0 - gamma) * ln_p)
    ln_x = ops(xp).log(x)
    mass = xp.where(small, p_a * s1, const_m + ln_1px - LN2 + s1)
    moment = xp.where(
        small,
        p_a * (s2 + ln_1px * s1),
        const_n + (const_m - LN2) * ln_x + 0.5 * ln_1px * (ln_x + ln_p) + s2,
    )
    return mass, moment


def gnfw_enclosed_mass_and_slope(x, gamma, xp=np):
    """(m(x), dm / d gamma) at x > 0: the series of _inner_moments and their a-derivatives.

    Float64: dm / d gamma <= 1e-14 relative to m (central differences of mpmath's 2F1 form).

    For x <= 1, dm/da = int_0^P p^(a-1) ln p / (1 - p) dp = m ln P - P^a sum_k P^k / (a + k)^2;
    for x > 1, dm/da = dA/da - sum_k (dc_k/da) Q^k (derived here; d/d gamma = -d/da).
    """
    small_1, _, large_1, _, const_m, _ = _moment_coefficients(gamma, x.dtype, xp)
    small_3, large_3, const_slope = _mass_slope_coefficients(gamma, x.dtype, xp)
    small, ln_1px, ln_p, z = _series_variable(x, xp)
    s1 = _horner(z, [xp.where(small, c, e) for c, e in zip(small_1, large_1)], xp)
    s3 = _horner(z, [xp.where(small, c, e) for c, e in zip(small_3, large_3)], xp)
    p_a = xp.exp((3.0 - gamma) * ln_p)
    mass = xp.where(small, p_a * s1, const_m + ln_1px - LN2 + s1)
    dm_da = xp.where(small, ln_p * mass - p_a * s3, const_slope + s3)
    return mass, -dm_da


def gnfw_enclosed_mass_hat(x, gamma, xp=np):
    """m(x) = M3D(< x r_s) / (4 pi rho_s r_s^3) = (x^a / a) 2F1(a, a; a + 1; -x), a = 3 - gamma.

    Float64 relative error <= 1e-15 for all x > 0 (power series; see _inner_moments).
    """
    return _inner_moments(_as_float(x, xp), gamma, xp)[0]


def cylinder_exponents(x, xp=np):
    """(u, v), (..., 64): the shells of C(x) (see gnfw_deflection_over_radius_hat) as
    x^3 rho_hat(y) cosh sinh e^-eta w = exp(gamma u + v) at each node, for any gamma.

    u = ln((1 + y) / y) = d ln rho_hat / d gamma and v = ln(x^3 cosh sinh e^-eta w) - 3 ln(1 + y),
    y = x cosh(eta); nodes of zero weight (the empty inner panel of x >= 2) get v = -inf. For a
    fixed set of radii (gnfw_table) u and v are constants, so each shell costs one exp per call.
    """
    eta, weight = _shell_nodes(x, xp)
    e_eta, e_neg = xp.exp(eta), xp.exp(-eta)
    y = 0.5 * x[..., None] * (e_eta + e_neg)
    ln_y, ln_1py = ops(xp).log(y), ops(xp).log1p(y)
    geometry = 0.25 * (e_eta - e_neg**3) * weight * x[..., None] ** 3
    positive = geometry > 0.0
    ln_geometry = xp.where(positive, ops(xp).log(xp.where(positive, geometry, 1.0)), -np.inf)
    return ln_1py - ln_y, ln_geometry - 3.0 * ln_1py


def _cylinder(x, gamma, xp):
    """C(x) = x^3 int_0^inf rho_hat(x cosh eta) cosh sinh e^-eta d eta: the mass of the shells
    outside the sphere of radius x that lies inside the cylinder (a shell of radius t > x has the
    fraction 1 - sqrt(1 - x^2 / t^2) of its mass inside it)."""

    def integrand(eta):
        e_eta, e_neg = xp.exp(eta), xp.exp(-eta)
        density = gnfw_density_hat(0.5 * x[..., None] * (e_eta + e_neg), gamma, xp)
        return density * 0.25 * (e_eta - e_neg**3)

    return x**3 * _shell_integral(x, integrand, xp)


def gnfw_deflection_over_radius_hat(x, gamma, xp=np):
    """alpha / (kappa_s R) = 4 [m(x) + C(x)] / x^2, the mean convergence inside R = x r_s.

    M2D(< R) / (4 pi rho_s r_s^3) = m(x) + C(x): the mass of the sphere plus that of the cylinder
    outside it (``_cylinder``). Float64 relative error <= 3e-14 for x in [1e-8, 1e8], 1e-11 at
    1e-12, gamma in [0, 1.99] (mpmath of Keeton's 2F1 + y-integral form).
    """
    x = _as_float(x, xp)
    mass, _ = _inner_moments(x, gamma, xp)
    return 4.0 * (mass + _cylinder(x, gamma, xp)) / (x * x)


def gnfw_potential_hat(x, gamma, xp=np):
    """psi / (kappa_s r_s^2) with psi(0) = 0, as a sum over spherical shells.

    A thin shell of radius t and mass dm has the projected potential (dm / pi Sigma_crit) phi(x/t),
    phi(y) = ln y + 1 - ln 2 for y >= 1 and 1 - w + ln((1 + w) / 2), w = sqrt(1 - y^2), for y < 1
    (phi(0) = 0; derived here from psi(R) = 2 int_0^R kappa R' ln(R / R') dR'). Hence
    psi_hat = 4 [(1 - ln 2) m(x) + N(x) + x^3 int_0^inf cosh^2 sinh rho_hat(x cosh eta) phi d eta],
    with phi(eta) = 1 - tanh(eta) - log1p(e^(-2 eta)) on the shells outside R. Float64 relative
    error <= 3e-15 for x in [1e-4, 1e3], gamma in [0, 1.99] (against psi = int alpha dR in mpmath).
    """
    x = _as_float(x, xp)
    mass, moment = _inner_moments(x, gamma, xp)

    def integrand(eta):
        e_eta, e2 = xp.exp(eta), xp.exp(-2.0 * eta)
        cosh = 0.5 * e_eta * (1.0 + e2)
        sinh = 0.5 * e_eta * (1.0 - e2)
        density = gnfw_density_hat(x[..., None] * cosh, gamma, xp)
        phi = 2.0 * e2 / (1.0 + e2) - ops(xp).log1p(e2)
        return density * cosh * cosh * sinh * phi

    outside = x**3 * _shell_integral(x, integrand, xp)
    return 4.0 * ((1.0 - LN2) * mass + moment + outside)


def gnfw_tangential_shear_hat(x, gamma, xp=np):
    """gamma_t / kappa_s = kappa_bar - kappa at x = R / r_s > 0 (from the two kernels above).

    Float64 error <= 1e-13 relative to kappa for x in [1e-4, 1e3], gamma in [0, 1.9] (scipy quad
    references); for gamma < 1 gamma_t vanishes as x^(1 - gamma) at the centre, so near it the
    error relative to gamma_t itself grows as ~1e-13 x^(gamma - 1).
    """
    return gnfw_deflection_over_radius_hat(x, gamma, xp=xp) - gnfw_convergence_hat(x, gamma, xp=xp)
