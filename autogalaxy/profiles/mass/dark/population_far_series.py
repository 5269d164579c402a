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

# Terms of the multipole path's series (population_multipole, N_TERMS at theta <= 0.3).
N_TERMS = 24
X_REF = 16.0

# The target-side fast path (population_fast) sorts each (box, halo) pair by theta = far_radius /
# (the halo's distance from the box) into the first class (theta_c, terms_c) with theta <=
# theta_c, and evaluates it with terms_c terms; pairs past the last theta take the closed form.
# terms_c is the fewest terms whose truncation bound at theta_c is <= the one of 18 terms at 0.3:
# tail_constant() tail_bound(theta_c, terms_c - 2) <= 1.13e-8 of the pair's leading term (alpha,
# psi) and kappa_tail_bound(theta_c, terms_c) <= 1.1e-7 (kappa); test_population_multipole
# checks both the table and the errors against the exact kernels at every theta_c. Why classes:
# the series costs ~1.05 + 0.03 terms ns per evaluation and 72% of the pairs of 1e5 pyHalo-like
# halos on 100^2 rays have theta <= 0.05 (7 terms, not 18); theta 0.5 moves 24% of the
# closed-form near pairs (~10 ns each) to the series (~2 ns).
FAST_CLASSES = ((0.05, 7), (0.1, 9), (0.3, 18), (0.5, 34))
FAST_TERMS = max(terms for _, terms in FAST_CLASSES)

# The widest theta of the fast path's series (its pairs inside far_radius / SERIES_THETA take the
# closed form).
SERIES_THETA = FAST_CLASSES[-1][0]


def _projection(p):
    return math.sqrt(math.pi) * math.gamma((p - 1) / 2) / math.gamma(p / 2)


PROJECTION = tuple(_projection(5 + n) for n in range(max(N_TERMS, FAST_TERMS)))


def tail_bound(theta, terms=N_TERMS):
    """Bound on the omitted terms relative to the leading scale, at (q r_s) / |Delta| <= theta.

    sum_{n >= terms} (n + 1)(n / 2 + 1) theta^(n + 2) / (n + 2): the per-term bound of the module
    docstring (times tail_constant() for alpha and psi).
    """
    return sum(
        (n + 1) * (n / 2 + 1) * theta ** (n + 2) / (n + 2) for n in range(terms, terms + 400)
    )


def kappa_tail_bound(theta, terms):
    """Bound on the convergence series' omitted terms relative to k_0 |Delta|^-4 at theta:
    |k_n / k_0| <= (n + 1)(n / 2 + 1) theta^n, summed from n = terms."""
    return sum((n + 1) * (n / 2 + 1) * theta**n for n in range(terms, terms + 400))


def tail_constant():
    """sup over tau of tau^2 s(5) / (2 M_hat q^2), q = max(1, tau): tail_bound's factor."""
    tau = np.logspace(-6, 6, 4001)
    m_hat = _c_tau(tau) * ((tau * tau - 1) * np.log(tau) + np.pi * tau - (tau * tau + 1))
    return float(np.max(tau**2 * PROJECTION[0] / (2 * m_hat * np.maximum(1, tau) ** 2)))


def total_mass_hat(tau, xp=np):
    """M_hat(tau) = lim B(x), x -> infinity (BMO09): total mass / (4 pi rho_s r_s^3)."""
    return _c_tau(tau) * ((tau * tau - 1.0) * xp.log(tau) + np.pi * tau - (tau * tau + 1.0))


def _beta(tau, xp, terms=N_TERMS):
    """[beta_0, ..., beta_{terms-1}] (each (N,)) of the module docstring, by the recurrence of
    their generating function sum_n beta_n z^n = 1 / ((1 + z)^2 (1 + t z^2)), t = tau^2:
    beta_n = -2 beta_{n-1} - (1 + t) beta_{n-2} - 2 t beta_{n-3} - t beta_{n-4}. Its modes
    (n (-1)^n, (+-i tau)^n) are the solution's own, so rounding grows no faster than beta_n
    (relative error ~n eps; the published double sum costs O(terms^2) operations: 34 terms
    took 38 ms for 1e5 halos, with XLA's pow for the r_s powers)."""
    t = tau * tau
    steps = ((1, 2.0), (2, 1.0 + t), (3, 2.0 * t), (4, t))
    rows = []
    for n in range(terms):
        value = xp.ones_like(tau) if n == 0 else 0.0
        for back, coefficient in steps:
            if n >= back:
                value = value - coefficient * rows[n - back]
        rows.append(value)
    return rows


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
    tt = tau * tau
    beta = _beta(tau, xp, terms)

    def powers(first, ratio, count):
        # first ratio^j for j < count, by repeated products (XLA's pow is far slower)
        out = [first]
        for _ in range(count - 1):
            out.append(out[-1] * ratio)
        return out

    if quantity == "convergence":
        k = [
            p * (b * PROJECTION[j])
            for j, (p, b) in enumerate(zip(powers(ks * tt * rs**4, rs, terms), beta))
        ]
        return xp.stack(k, axis=1)
    m_hat = total_mass_hat(tau, xp)
    scale = 4.0 * ks * rs * rs
    m = scale * m_hat
    # a_n = scale gamma_n r_s^(2 + n) [arcsec^(4 + n)],
    # gamma_n = tau^2 beta_n s(5 + n) / (2 (2 + n))
    gamma = [tt * b * (PROJECTION[j] / (2.0 * (2.0 + j))) for j, b in enumerate(beta)]
    a = [p * g for p, g in zip(powers(scale * rs * rs, rs, terms), gamma)]
    if quantity == "deflections":
        return xp.stack([m] + [-v for v in a[: terms - 1]], axis=1)
    # potential: the constant from the exact kernel at x0 = X_REF q
    sg = ops(xp).stop_gradient
    x0 = X_REF * xp.maximum(1.0, sg(tau))
    inverse = powers(1.0 / (x0 * x0), 1.0 / x0, terms)  # x0^-(2 + n)
    series = sum(g / (2.0 + j) * v for j, (g, v) in enumerate(zip(gamma, inverse)))
    c_psi = truncated_nfw_potential_hat(x0, tau, xp=xp) - 4.0 * m_hat * xp.log(x0) - 4.0 * series
    c = ks * rs * rs * c_psi - m * xp.log(rs)
    p = [v / (2.0 + j) for j, v in enumerate(a[: terms - 2])]
    return xp.stack([m, c] + p, axis=1)


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


def class_series(quantity, halos, xp, classes=None):
    """One series_halos dict per class of ``classes`` (None: FAST_CLASSES), its coefficients cut
    to the class's terms (computed once with the most terms: every coefficient is a prefix of the
    longer expansion; the potential's constant then comes from the longest series, the more exact
    one)."""
    classes = FAST_CLASSES if classes is None else classes
    full = series_halos(quantity, halos, xp, max(terms for _, terms in classes))
    return [dict(full, series=full["series"][:, :terms]) for _, terms in classes]


def series_class(halos, centre, half, xp, classes=None):
    """(G, N) int32: the first class c of ``classes`` (None: FAST_CLASSES) with far_radius <=
    theta_c times halo n's distance from box g, or len(classes) (the closed form); under
    stop-gradient. ``halos`` arrays (N,) (every halo from every box) or (G, K) (row g: K halos
    seen from box g)."""
    classes = FAST_CLASSES if classes is None else classes
    sg = ops(xp).stop_gradient

    def per_box(a):  # (N,) halos seen from every box, or (G, K) halos already given per box
        a = sg(a)
        return a[None, :] if a.ndim == 1 else a

    gy = xp.maximum(xp.abs(per_box(halos["centre_y"]) - centre[:, 0:1]) - half[:, 0:1], 0.0)
    gx = xp.maximum(xp.abs(per_box(halos["centre_x"]) - centre[:, 1:2]) - half[:, 1:2], 0.0)
    reach = per_box(far_radius(halos, xp))
    reach2, gap2 = reach * reach, gy * gy + gx * gx
    out = xp.full(gap2.shape, len(classes), dtype=np.int32)
    for c in range(len(classes) - 1, -1, -1):
        out = xp.where(reach2 <= classes[c][0] ** 2 * gap2, c, out)
    return out
