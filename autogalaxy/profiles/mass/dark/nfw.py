"""Navarro-Frenk-White lens profiles: spherical (closed forms) and elliptical (Heyrovsky-Karamazov).

rho(r) = rho_s / [(r / r_s) (1 + r / r_s)^2] (Navarro, Frenk & White 1996, ApJ 462, 563; 1997, ApJ
490, 493), with kappa_s = rho_s r_s / Sigma_crit (r_s in kpc) and ``scale_radius`` r_s in arcsec.
Deflections come out in arcsec and potentials in arcsec^2: alpha = kappa_s r_s alpha_hat(x),
psi = kappa_s r_s^2 psi_hat(x), x = R / r_s. The elliptical profile puts the ellipticity in the
mass: kappa(x', y') = kappa_sph(xi), xi^2 = x'^2 + y'^2 / q^2 (Keeton 2001 convention).

Kernels are module-level functions of dimensionless radii taking ``xp`` (numpy or jax.numpy); the
classes only convert units. Radii below ``x_min`` (1e-12 r_s in float64, 1e-6 r_s in float32) are
evaluated at x_min: kappa is frozen there (it diverges as ln(1/x)), alpha and psi are scaled by
R / R_min and (R / R_min)^2, so they reach 0 at R = 0 with finite gradients. Accuracy statements are
for float64 and R >= R_min; float32 figures are given per method.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.nfw_util import (
    LN2,
    NEAR_ONE_S,
    NEAR_ONE_TERMS,
    SERIES_HALF_WIDTH,
    SMALL_X,
    _root_and_branches,
    f_series,
    nfw_f_minus_one_over_s,
    nfw_g,
)
from autogalaxy.profiles.mass.dark.shear_util import (
    circular_shear_yx,
    nfw_elliptical_shear_hat,
    shear_yx_from_profile_frame,
)
from autogalaxy.profiles.mass.keeton import keeton_two_sided_potential
from autogalaxy.profiles.mass.kernel_util import (
    is_float64,
    nan_unless,
    pushed_off_centre,
    safe_radius,
    stack_yx,
    x_min_for,
)
from autogalaxy.util.checks import check

# Points closer than this fraction of the focal distance e r_s to a focus are moved 2 x this
# fraction off it: the regrouped closed form is 0/0 exactly at a focus, yet accurate to ~1e-15 at
# 1e-14 e (float64) and to ~1e-6 at 1e-6 e (float32), so the move costs < 1e-12 (float64).
FOCUS_OFFSET_FLOAT64 = 1e-13
FOCUS_OFFSET_FLOAT32 = 1e-6
# Below 1 - a^2 = 1e-6 the cancellation-free form of G (see hk_deflections_hat) would need
# sqrt(1 - a^2) with its infinite derivative at a = 1; the direct form is exact enough there.
HK_STABLE_MIN_S = 1e-6
POTENTIAL_NODES = 48
SMALL_MASS_X = 0.1
SMALL_MASS_TERMS = 16


def nfw_convergence_hat(x, xp=np):
    """kappa / kappa_s = 2 (F - 1) / (1 - x^2) at x = R / r_s > 0 (Bartelmann 1996).

    Float64 relative error <= 3e-15 for x in [1e-12, 1e8] (series near x = 1); float32 <= 5e-6.
    """
    return 2.0 * nfw_f_minus_one_over_s(x, xp=xp)


def nfw_deflection_over_radius_hat(x, xp=np):
    """alpha / (kappa_s R) = 4 g(x) / x^2 with g = ln(x/2) + F (Bartelmann 1996).

    Finite as x -> 0 (it grows as 2 ln(2/x)). Float64 error <= 3e-15; float32 <= 2e-6.
    """
    return 4.0 * nfw_g(x, xp=xp) / (x * x)


def nfw_potential_hat(x, xp=np):
    """psi / (kappa_s r_s^2) = 2 [ln^2(x/2) - (1 - x^2) F^2] (Golse & Kneib 2002).

    For x < 0.5 the factorised form 2 ln(u) log1p(-u), u = x^2 / (2 (1 + sqrt(1 - x^2))), avoids
    the cancellation of the two squares (which costs 1e-4 at x = 1e-3 in float64). Elsewhere
    s F^2 = (log1p(w) - ln x)^2 (x < 1), -arctan(w)^2 (x > 1), s f_series(s)^2 near x = 1, with
    w = sqrt(|1 - x^2|): one sqrt, one log, one log1p and one arctan per element (arguments chosen
    by ``where``; see nfw_util). Float64 relative error <= 5e-15 for x in [1e-12, 1e8] (mpmath;
    largest just above x = 0.5); float32 <= 3e-6.
    """
    x = xp.asarray(x, dtype=float)
    s, near, w, inner = _root_and_branches(x, NEAR_ONE_S, xp)
    small = x < SMALL_X
    u = x * x / (2.0 * (1.0 + w))
    log_u_or_x = xp.log(xp.where(small, u, x))
    lp = xp.log1p(xp.where(small, -u, xp.where(inner, w, 0.0)))
    at = xp.arctan(xp.where(inner | near, 0.0, w))
    f_near = f_series(xp.where(near, s, 0.0), xp=xp, terms=NEAR_ONE_TERMS)
    s_f2 = xp.where(near, s * f_near * f_near, xp.where(inner, (lp - log_u_or_x) ** 2, -at * at))
    a = log_u_or_x - LN2
    return 2.0 * xp.where(small, log_u_or_x * lp, a * a - s_f2)


def nfw_enclosed_mass_hat(x, xp=np):
    """m(x) = M3D(< x r_s) / (4 pi rho_s r_s^3) = ln(1 + x) - x / (1 + x) (NFW 1997).

    For x < 0.1 the series sum_{n>=2} (-1)^n (n - 1) x^n / n avoids the loss of ~1e-16 / x^2.
    """
    x = xp.asarray(x, dtype=float)
    small = x < SMALL_MASS_X
    xs = xp.where(small, x, 0.0)
    series = xp.zeros_like(xs)
    for n in range(SMALL_MASS_TERMS + 1, 1, -1):
        series = series * (-xs) + (n - 1.0) / n
    series = series * xs * xs
    xl = xp.where(small, 1.0, x)
    return xp.where(small, series, xp.log1p(xl) - xl / (1.0 + xl))


def hk_deflections_hat(x2, x1, q, xp=np):
    """(alpha_y', alpha_x') / (kappa_s r_s) of the elliptical NFW at (x1, x2) = (x', y') / r_s.

    Heyrovsky & Karamazov (2024, arXiv:2404.00169, eqs. 30-32; physics.md section 2), written with
    e^2 = 1 - q^2, r^2 = x1^2 + x2^2, a^2 = x1^2 + x2^2 / q^2 (a = xi / r_s). With
    G = q F(a) + ln(r / (1 + q)) (which vanishes at the foci (+-e, 0)),
    f1 = F(a) / q, f3 = arctan[x1 x2 (1 - q) / (q x1^2 + x2^2)] and D = |z^2 - e^2|^2, the published
    brackets regroup exactly into

        alpha_x' = 4 q / D [x1 (r^2 - e^2) G + 2 e^2 x1 x2^2 f1 - x2 (r^2 + e^2) f3],
        alpha_y' = 4 q / D [x2 (r^2 + e^2) G + e^2 x2 (x2^2 - x1^2 + e^2) f1 + x1 (r^2 - e^2) f3].

    Each term now vanishes at a focus to second order by itself, and for a < 1 G is evaluated as

        G = (a^2 - e^2) F(a) / (q + w) + ln(r / a) + ln((1 + w) / (1 + q)),   w = sqrt(1 - a^2),

    with ln(r / a) = log1p(A) / 2, A = -e^2 x2^2 / (q^2 a^2), and ln((1 + w) / (1 + q)) = log1p(B),
    B = -(a^2 - e^2) / ((q + w)(1 + q)), summed as log1p(A + C + A C) / 2 with C = B (2 + B),

    free of the cancellation that makes the published form lose 1e-16 / d^2 at distance d from a
    focus and 1e-16 / r^2 at small r when q -> 1. Requires r > 0 and (x1, x2) not exactly at a
    focus (see nfw_elliptical_deflections_hat). Float64 relative error <= 3e-15 against 50-digit
    mpmath of the published form for q in [0.2, 1], r in [1e-11, 1e4] and d / e in [1e-14, 1e-2].
    """
    e2 = (1.0 - q) * (1.0 + q)
    e = safe_radius(e2, xp)
    inv_q = 1.0 / q
    x1s, x2s = x1 * x1, x2 * x2
    x2q2 = x2s * (inv_q * inv_q)
    a2 = x1s + x2q2
    a = xp.sqrt(a2)
    inv_a = 1.0 / a
    f_a, root, s_a = _f_and_root(a, inv_a, xp)
    x1_minus_e2 = (x1 - e) * (x1 + e)
    a2_minus_e2 = x1_minus_e2 + x2q2
    stable = s_a > HK_STABLE_MIN_S
    inv_qw = 1.0 / (q + root)
    ame = xp.where(stable, a2_minus_e2, 0.0)
    r2_over_a2_minus_1 = -e2 * x2q2 * (inv_a * inv_a)
    b = -ame * inv_qw / (1.0 + q)
    c = b * (2.0 + b)
    g_stable = ame * f_a * inv_qw + 0.5 * xp.log1p(r2_over_a2_minus_1 + c + r2_over_a2_minus_1 * c)
    g_direct = q * f_a + 0.5 * xp.log(x1s + x2s) - xp.log1p(q)
    g = xp.where(stable, g_stable, g_direct)
    f1 = f_a * inv_q
    f3 = xp.arctan(x1 * x2 * (1.0 - q) / (q * x1s + x2s))
    r2_minus_e2 = x1_minus_e2 + x2s
    r2_plus_e2 = x1s + x2s + e2
    num_x = x1 * r2_minus_e2 * g + 2.0 * e2 * x1 * x2s * f1 - x2 * r2_plus_e2 * f3
    num_y = x2 * r2_plus_e2 * g + e2 * x2 * (x2s - x1_minus_e2) * f1 + x1 * r2_minus_e2 * f3
    pref = 4.0 * q / ((x1_minus_e2 - x2s) ** 2 + 4.0 * x1s * x2s)
    return pref * num_y, pref * num_x


def _f_and_root(a, inv_a, xp):
    """(F(a), sqrt|1 - a^2|, 1 - a^2), one square root shared by F's branches and G.

    Same branches as nfw_util.nfw_f (series for |1 - a^2| < 0.1); the root is a harmless 1 where
    |1 - a^2| <= HK_STABLE_MIN_S, so no branch differentiates sqrt at 0.
    """
    s = (1.0 - a) * (1.0 + a)
    abs_s = xp.abs(s)
    root = xp.sqrt(xp.where(abs_s > HK_STABLE_MIN_S, abs_s, 1.0))
    inv_root = 1.0 / root
    near_one = abs_s < SERIES_HALF_WIDTH
    # For a > 1, 1 - a + root >= 0, so the unused log1p branch stays finite (and vice versa).
    f_in = xp.log1p((1.0 - a + root) * inv_a) * inv_root
    f_out = xp.arctan(root) * inv_root
    f_near = f_series(xp.where(near_one, s, 0.0), xp=xp)
    f = xp.where(near_one, f_near, xp.where(s > 0.0, f_in, f_out))
    return f, root, s


def nfw_elliptical_deflections_hat(x2, x1, q, xp=np):
    """hk_deflections_hat made total: safe at r = 0, at the foci, at q = 1 and under jax.grad.

    Points with r < x_min are pushed out radially (the result scaled by r / x_min, so alpha -> 0 at
    the centre); points within 1e-13 e of a focus (+-e, 0) are moved 2e-13 e along y', an error of
    <= 1e-12 relative (float32: 1e-6 e, error <= 5e-6). Float64 relative error <= 1e-14 elsewhere
    (see hk_deflections_hat).
    """
    x_min = x_min_for(x1)
    x2, x1, ratio, _ = pushed_off_centre(x2, x1, x_min, xp=xp)
    e2 = (1.0 - q) * (1.0 + q)
    e = safe_radius(e2, xp)
    offset = (FOCUS_OFFSET_FLOAT64 if is_float64(x1) else FOCUS_OFFSET_FLOAT32) * e
    from_focus = xp.abs(x1) - e
    near_focus = from_focus * from_focus + x2 * x2 < offset * offset
    x2 = xp.where(near_focus, x2 + 2.0 * offset, x2)
    alpha_y, alpha_x = hk_deflections_hat(x2, x1, q, xp=xp)
    return alpha_y * ratio, alpha_x * ratio


def nfw_tangential_shear_hat(x, xp=np):
    """gamma_t / kappa_s = kappa_bar - kappa = 4 g / x^2 - 2 (F - 1) / (1 - x^2), x = R / r_s > 0.

    Tangential shear of the spherical NFW (Wright & Brainerd 2000): finite at x -> 0 (it tends to
    1) and smooth through x = 1, where both terms use their series. Float64 relative error
    <= 2e-14 for x in [1e-12, 1e8] and within 1e-9 of x = 1 (50-digit mpmath).
    """
    return nfw_deflection_over_radius_hat(x, xp=xp) - nfw_convergence_hat(x, xp=xp)


class NFW(halo_util.HaloMassFromProfile, MassProfile):
    """Elliptical NFW: kappa(x', y') = kappa_sph(xi), xi^2 = x'^2 + y'^2 / q^2.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    ell_comps
        Elliptical components (see :mod:`autogalaxy.convert`).
    kappa_s
        rho_s r_s / Sigma_crit, dimensionless, >= 0.
    scale_radius
        r_s [arcsec], > 0.

    Invalid concrete values raise ``ValueError`` at construction; traced invalid values (under
    ``jax.jit``) make every method return NaN.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0):
        check("kappa_s", kappa_s, lambda v: np.isfinite(v) & (v >= 0), "finite and >= 0")
        check("scale_radius", scale_radius, lambda v: np.isfinite(v) & (v > 0), "finite and > 0")
        super().__init__(centre=centre, ell_comps=ell_comps)
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius

    def _valid(self, xp):
        return (xp.asarray(self.kappa_s) >= 0) & (xp.asarray(self.scale_radius) > 0)

    def _frame_over_rs(self, grid, xp):
        g = self.transformed_to_reference_frame_grid_from(grid, xp=xp)
        return g[..., 0] / self.scale_radius, g[..., 1] / self.scale_radius

    def convergence_2d_from(self, grid, xp=np):
        """kappa at each (y, x) [arcsec], (N,). Float64 relative error <= 3e-15 (closed form)."""
        y, x = self._frame_over_rs(grid, xp)
        q = self.axis_ratio(xp=xp)
        xi = safe_radius(x * x + (y / q) ** 2, xp)
        kappa = self.kappa_s * nfw_convergence_hat(xp.maximum(xi, x_min_for(xi)), xp=xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2), by the Heyrovsky & Karamazov (2024) closed form.

        Float64 relative error <= 1e-13 against Keeton's integrals (scipy quad) for q in [0.2, 1]
        and R in [1e-4, 1e3] r_s (<= 3e-15 against 50-digit mpmath of the closed form, any R >=
        1e-12 r_s), <= 1e-12 at the foci, exact at q = 1; float32 <= 5e-6.
        """
        y, x = self._frame_over_rs(grid, xp)
        alpha_y, alpha_x = nfw_elliptical_deflections_hat(y, x, self.axis_ratio(xp=xp), xp=xp)
        factor = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp)
        alpha = stack_yx(alpha_y * factor, alpha_x * factor, xp=xp)
        return self.rotated_grid_from_reference_frame_from(alpha, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,): Keeton's (2001) potential integral on a fixed 48-node rule.

        The rule is keeton.keeton_two_sided_nodes (u = t^7, t clustered at both ends). Float64
        relative error <= 5e-12 for q in [0.2, 1] and R in [1e-4, 1e3] r_s against scipy quad
        (node study: 32 nodes 4e-9, 40 nodes 7e-10; u = t^5 needs 64 nodes for 8e-10);
        float32 <= 5e-6. psi(0) = 0.
        """
        y, x = self._frame_over_rs(grid, xp)
        psi = keeton_two_sided_potential(
            y, x, self.axis_ratio(xp=xp), _alpha_over_xi, x_min_for(x), n=POTENTIAL_NODES, xp=xp
        )
        return psi * nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2, xp)

    def _enclosed_mass(self, c, xp):
        return nfw_enclosed_mass_hat(c, xp=xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): gamma_1 = (psi_xx - psi_yy) / 2, gamma_2 = psi_xy (sky axes).

        Upstream's column order (gamma_2 first). The analytic derivative of the Heyrovsky &
        Karamazov (2024) closed form (shear_util.nfw_elliptical_shear_hat), rotated by twice the
        position angle. Float64 relative error <= 3e-13 for q in [0.01, 1], R in [1e-8, 1e5] r_s
        away from the foci and <= 2e-11 at them for q >= 0.05 (mpmath); <= 1.2e-14 against
        Keeton's (2001) Hessian integrals. Finite, with finite gradients, at R = 0 and the foci.
        """
        y, x = self._frame_over_rs(grid, xp)
        gamma_1, gamma_2 = nfw_elliptical_shear_hat(
            y, x, self.axis_ratio(xp=xp), nfw_elliptical_deflections_hat, xp=xp
        )
        factor = nan_unless(self._valid(xp), self.kappa_s, xp)
        cos, sin = self._cos_sin_phi(xp)
        return shear_yx_from_profile_frame(gamma_1 * factor, gamma_2 * factor, cos, sin, xp=xp)


def _alpha_over_xi(xi, xp):
    return nfw_deflection_over_radius_hat(xp.maximum(xi, x_min_for(xi)), xp=xp)


class NFWSph(SphericalGeometry, NFW):
    """Spherical NFW, by the closed forms of Bartelmann (1996) and Golse & Kneib (2002).

    Float64 relative error against mpmath for R in [1e-12, 1e8] r_s (no quadrature): kappa
    <= 3e-15, alpha <= 2e-15, psi <= 5e-15 (the largest just above R = r_s / 2, where the closed
    forms lose a factor ~10 to cancellation); float32 <= 5e-6.
    """

    def __init__(self, centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0):
        super().__init__(
            centre=centre, ell_comps=(0.0, 0.0), kappa_s=kappa_s, scale_radius=scale_radius
        )

    def _offsets_over_rs(self, grid, xp):
        g = grid_array_from(grid, xp)
        dy = (g[..., 0] - xp.asarray(self.centre[0], dtype=float)) / self.scale_radius
        dx = (g[..., 1] - xp.asarray(self.centre[1], dtype=float)) / self.scale_radius
        return dy, dx

    def convergence_2d_from(self, grid, xp=np):
        """kappa at each (y, x) [arcsec], (N,)."""
        y, x = self._offsets_over_rs(grid, xp)
        r = safe_radius(x * x + y * y, xp)
        kappa = self.kappa_s * nfw_convergence_hat(xp.maximum(r, x_min_for(r)), xp=xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2): alpha(R) = 4 kappa_s r_s g(x) / x, radial."""
        y, x = self._offsets_over_rs(grid, xp)
        r = safe_radius(x * x + y * y, xp)
        alpha_over_r = self.kappa_s * nfw_deflection_over_radius_hat(
            xp.maximum(r, x_min_for(r)), xp=xp
        )
        alpha_over_r = nan_unless(self._valid(xp), alpha_over_r * self.scale_radius, xp)
        return stack_yx(y * alpha_over_r, x * alpha_over_r, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,): 2 kappa_s r_s^2 [ln^2(x/2) - (1 - x^2) F^2]."""
        y, x = self._offsets_over_rs(grid, xp)
        r2 = x * x + y * y
        x_min = x_min_for(r2)
        r = xp.maximum(safe_radius(r2, xp), x_min)
        psi = nfw_potential_hat(r, xp=xp) * xp.minimum(r2 / x_min**2, 1.0)
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): -gamma_t (sin, cos)(2 theta), gamma_t = kappa_bar - kappa.

        Closed form (nfw_tangential_shear_hat); finite, with finite gradients, at R = 0.
        """
        y, x = self._offsets_over_rs(grid, xp)
        shear = circular_shear_yx(y, x, nfw_tangential_shear_hat, xp=xp)
        return shear * nan_unless(self._valid(xp), self.kappa_s, xp)
