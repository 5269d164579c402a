"""Far-field series of the truncated NFW (BMO09): each halo as radial terms in 1 / R.

Derivation (here). In r_s units the BMO09 density is rho / rho_s = tau^2 / (r (1 + r)^2
(tau^2 + r^2)). For r > q = max(1, tau) both factors expand in 1 / r:

    rho / rho_s = tau^2 sum_n beta_n r^-(5 + n),
    beta_n = (-1)^n sum_{l <= n / 2} (n - 2l + 1) (-tau^2)^l,

converging like (q / r)^n (the singularities nearest to infinity are r = -1 and r = +-i tau).
Every point at projected radius >= R has r >= R, so for x = R / r_s > q the projections integrate
term by term (a power law r^-p projects to sqrt(pi) Gamma((p - 1) / 2) / Gamma(p / 2) R^(1 - p)):

    kappa / kappa_s = sum_n tau^2 beta_n s(5 + n) x^-(4 + n),  s(p) = sqrt(pi) G((p-1)/2) / G(p/2),
    B(x) = M_hat - D(x),  D = sum_n gamma_n x^-(2 + n),
    gamma_n = tau^2 beta_n s(5 + n) / (2 (2 + n)),
    M_hat = c_tau [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)]  (BMO09 total mass),
    psi_hat = 4 M_hat ln x + C_psi + 4 sum_n gamma_n x^-(2 + n) / (2 + n)  (psi_hat' = 4 B / x),

with c_tau = tau^2 / (tau^2 + 1)^2.

The potential's constant C_psi is taken from the exact kernel at x0 = X_REF q (where the series
converges like X_REF^-n), so the far potential is exact, not up to a constant. In arcsec, with
Delta the offset from the centre [arcsec]:

    alpha = Delta / |Delta|^2 [m - sum_n a_n |Delta|^-(2 + n)],   m = 4 kappa_s r_s^2 M_hat,
    kappa = sum_n k_n |Delta|^-(4 + n),
    psi = m ln |Delta| + c + sum_n p_n |Delta|^-(2 + n).

Truncation after N_TERMS terms, at |Delta| >= q r_s / theta: |beta_n| <= (n + 1)(n / 2 + 1) q^n
and s(5 + n) <= s(5) = 4 / 3 bound the tail by tail_bound(theta) relative to m / |Delta| (alpha),
m (psi) and k_0 |Delta|^-4 (kappa); measured in the tests against the exact kernels.
All coefficients are closed forms of (kappa_s, r_s, r_t): differentiable on JAX.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark.nfw_truncated_kernels import _c_tau
from autogalaxy.profiles.mass.dark.nfw_truncated_potential import truncated_nfw_potential_hat
from autogalaxy.util.backend import ops

# Terms of the multipole path's series (population_multipole) and of the target-side fast path's
# (population_fast): there the interpolation bound is ~1e-7 per pair, and the series' cost is
# ~1.05 + 0.03 terms ns per evaluation (measured 1.75 ns at 24 terms, 1.48 at 18, 1.35 at 14),
# so 18 terms (truncation <= 1.1e-8) took 1e5 pyHalo-like halos on 100^2 from 1.29 to 1.21 s.
N_TERMS = 24
FAST_TERMS = 18
X_REF = 16.0

# population_fast: a truncated NFW pair (box, halo) whose halo's far_radius max(r_s, r_t) is
# <= SERIES_THETA times the halo's distance from the box uses this series instead of the closed
# form. With FAST_TERMS, truncation <= 1.1e-8 of the pair's leading term (tail_constant()
# tail_bound(0.3, 16), psi's 16 radial terms; 3.5e-9 for alpha's 17; measured 4.6e-11 (alpha),
# 4.6e-12 (psi), 2.3e-9 (kappa, its own bound 1.1e-7) in test_population_multipole). Cost ~1.5 ns
# against ~8-10 ns per evaluation here; for 1e5 pyHalo-like halos on 100^2 rays 98% of the far
# node evaluations and 64% of the near ones qualify (session 10; 85% with near_split = 2).
SERIES_THETA = 0.3


def _projection(p):
    return math.sqrt(math.pi) * math.gamma((p - 1) / 2) / math.gamma(p / 2)


PROJECTION = tuple(_projection(5 + n) for n in range(N_TERMS))


def tail_bound(theta, terms=N_TERMS):
    """Bound on the omitted terms relative to the leading scale, at (q r_s) / |Delta| <= theta.

    sum_{n >= terms} (n + 1)(n / 2 + 1) theta^(n + 2) / (n + 2): the per-term bound of the module
    docstring (times tail_constant() for alpha and psi).
    """
    return sum(
        (n + 1) * (n / 2 + 1) * theta ** (n + 2) / (n + 2) for n in range(terms, terms + 400)
    )


def tail_constant():
    """sup over tau of tau^2 s(5) / (2 M_hat q^2), q = max(1, tau): tail_bound's factor."""
    tau = np.logspace(-6, 6, 4001)
    m_hat = _c_tau(tau) * ((tau * tau - 1) * np.log(tau) + np.pi * tau - (tau * tau + 1))
    return float(np.max(tau**2 * PROJECTION[0] / (2 * m_hat * np.maximum(1, tau) ** 2)))


def total_mass_hat(tau, xp=np):
    """M_hat(tau) = lim B(x), x -> infinity (BMO09): total mass / (4 pi rho_s r_s^3)."""
    return _c_tau(tau) * ((tau * tau - 1.0) * xp.log(tau) + np.pi * tau - (tau * tau + 1.0))


def _beta(tau, xp, terms=N_TERMS):
    """(terms, N) beta_n(tau) of the module docstring."""
    t2 = -tau * tau
    rows = []
    for n in range(terms):
        total = xp.zeros_like(tau)
        power = xp.ones_like(tau)
        for l_ in range(n // 2 + 1):
            total = total + (n - 2 * l_ + 1) * power
            power = power * t2
        rows.append(total if n % 2 == 0 else -total)
    return xp.stack(rows)


def far_radius(halos, xp=np):
    """rho_j = r_s max(1, tau) = max(r_s, r_t) [arcsec]: the series converge for R > rho_j."""
    return xp.maximum(halos["scale_radius"], halos["extra_radius"])


def far_coefficients(quantity, halos, xp=np, terms=N_TERMS):
    """(N, K) per-halo coefficients of the radial kernels summed by radial_value.

    deflections: [m, -a_0, ..., -a_{K-2}] for Delta |Delta|^-2 [u^0, u^2, u^3, ...], u = 1/|Delta|;
    convergence: [k_0, ...] for u^4, u^5, ...; potential: [m, c, p_0, ...] for ln |Delta|, 1,
    u^2, u^3, .... Units: alpha [arcsec], psi [arcsec^2] (module docstring).
    """
    rs, ks = halos["scale_radius"], halos["kappa_s"]
    tau = halos["extra_radius"] / rs
    beta = _beta(tau, xp, terms)
    proj = xp.asarray(PROJECTION[:terms], dtype=rs.dtype)[:, None]
    n = np.arange(terms)[:, None]
    rs_pow = rs[None, :] ** xp.asarray(n, dtype=rs.dtype)
    if quantity == "convergence":
        return xp.transpose(ks * tau * tau * beta * proj * rs**4 * rs_pow)
    gamma = tau * tau * beta * proj / (2.0 * (2.0 + n))
    m_hat = total_mass_hat(tau, xp)
    scale = 4.0 * ks * rs * rs
    m = scale * m_hat
    a = scale * gamma * rs * rs * rs_pow  # a_n [arcsec^(4 + n)]
    if quantity == "deflections":
        return xp.concatenate([m[:, None], -xp.transpose(a[: terms - 1])], axis=1)
    # potential: the constant from the exact kernel at x0 = X_REF q
    sg = ops(xp).stop_gradient
    x0 = X_REF * xp.maximum(1.0, sg(tau))
    series = xp.sum(gamma / (2.0 + n) * x0[None, :] ** (-2.0 - n), axis=0)
    c_psi = truncated_nfw_potential_hat(x0, tau, xp=xp) - 4.0 * m_hat * xp.log(x0) - 4.0 * series
    c = ks * rs * rs * c_psi - m * xp.log(rs)
    p = a / (2.0 + n)
    return xp.concatenate([m[:, None], c[:, None], xp.transpose(p[: terms - 2])], axis=1)


def radial_value(quantity, coefficients, dy, dx, xp=np):
    """The truncated series at offsets (dy, dx) [arcsec] (any shape; coefficients broadcast with a
    trailing K axis). Returns kappa, psi, or (alpha_y, alpha_x)."""
    r2 = dy * dy + dx * dx
    u2 = 1.0 / r2
    u = xp.sqrt(u2)
    k = coefficients.shape[-1]
    if quantity == "convergence":
        poly = _horner(coefficients, u, k, xp)
        return poly * u2 * u2
    if quantity == "deflections":
        radial = deflection_factor(coefficients, u, u2, xp)
        return radial * dy, radial * dx
    tail = _horner(coefficients[..., 2:], u, k - 2, xp)
    return coefficients[..., 1] - 0.5 * coefficients[..., 0] * ops(xp).log(u2) + tail * u2


def deflection_factor(coefficients, u, u2, xp=np):
    """alpha / Delta of the truncated series (radial_value's deflections) at u = 1 / |Delta|."""
    tail = _horner(coefficients[..., 1:], u, coefficients.shape[-1] - 1, xp)
    return (coefficients[..., 0] + tail * u2) * u2


def complex_deflection(coefficients, dy, dx, xp=np):
    """alpha_y + i alpha_x of the truncated series at offsets (dy, dx) [arcsec]: summed over
    halos as one complex number, since XLA:CPU gives each output of a reduction its own loop and
    two real sums evaluated the series twice (population_kernels.block_sum)."""
    u2 = 1.0 / (dy * dy + dx * dx)
    return deflection_factor(coefficients, xp.sqrt(u2), u2, xp) * (dy + 1j * dx)


def _horner(c, u, k, xp):
    total = c[..., k - 1]
    for j in range(k - 2, -1, -1):
        total = total * u + c[..., j]
    return total


def series_halos(quantity, halos, xp, terms=N_TERMS):
    """The halo dict of the fast path's series lists (population_kernels.SERIES): centres and
    far_coefficients (differentiable)."""
    return {
        "series": far_coefficients(quantity, halos, xp, terms),
        "centre_y": halos["centre_y"],
        "centre_x": halos["centre_x"],
    }


def series_valid(halos, centre, half, xp):
    """(G, N): halo n's series converges fast enough over box g (far_radius <= SERIES_THETA times
    its distance from the box), under stop-gradient."""
    sg = ops(xp).stop_gradient
    gy = xp.maximum(xp.abs(sg(halos["centre_y"])[None, :] - centre[:, 0:1]) - half[:, 0:1], 0.0)
    gx = xp.maximum(xp.abs(sg(halos["centre_x"])[None, :] - centre[:, 1:2]) - half[:, 1:2], 0.0)
    reach = sg(far_radius(halos, xp))[None, :]
    return reach * reach <= SERIES_THETA**2 * (gy * gy + gx * gx)
