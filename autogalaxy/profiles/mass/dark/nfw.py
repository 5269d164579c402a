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
for float64 and R >= R_min; float32 figures are given per method. The elliptical deflection kernels
(with their analytic Jacobian, a custom JVP on JAX) live in
:mod:`~autogalaxy.profiles.mass.dark.nfw_elliptical_kernels` and are re-exported here.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.nfw_elliptical_kernels import (  # noqa: F401 (re-exported)
    FOCUS_OFFSET_FLOAT32,
    FOCUS_OFFSET_FLOAT64,
    HK_STABLE_MIN_S,
    _f_and_root,
    hk_deflections_hat,
    nfw_elliptical_deflections_hat,
)
from autogalaxy.profiles.mass.dark.nfw_util import (
    LN2,
    NEAR_ONE_S,
    NEAR_ONE_TERMS,
    SMALL_X,
    _nfw_g_slope,
    _nfw_g_value,
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
    nan_unless,
    safe_radius,
    stack_yx,
    x_min_for,
)
from autogalaxy.util.backend import ops
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check_all, nonnegative, positive

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


def nfw_deflection_over_radius_of_r2(r2, xp=np):
    """alpha / (kappa_s R) = 4 g(x) / x^2 as a function of r2 = x^2 >= 0 (x = R / r_s).

    Radii below the dtype's floor x_min (kernel_util.x_min_for) are held at it. Value as
    nfw_deflection_over_radius_hat (float64 <= 3e-15). On JAX one custom JVP in r2,
    d/d r2 = (kappa_hat - value) / r2 with kappa_hat = 2 g'(x) / x from g itself (nfw_util), 0 below
    the floor: the backward pass of the spherical deflections then holds one elementwise product
    instead of the transposes of sqrt, the floor's max and the division (NFWSph jit(grad) 100^2:
    36 -> 27 fused loops; the gradients agree with autodiff of the composite to 3e-14).
    """
    r2 = xp.asarray(r2, dtype=float)
    x2_min = x_min_for(r2) ** 2

    def value(r2):
        x = xp.sqrt(xp.maximum(r2, x2_min))
        # / (x x), not / max(r2, x2_min): bitwise nfw_deflection_over_radius_hat(x) (which the
        # Yang / Kaplinghat profiles use at zero core)
        return 4.0 * _nfw_g_value(x, xp) / (x * x)

    def slope(r2, v):
        x2 = xp.maximum(r2, x2_min)
        x = xp.sqrt(x2)
        kappa_hat = 2.0 * _nfw_g_slope(x, 0.25 * v * x2, xp) / x
        return xp.where(r2 > x2_min, (kappa_hat - v) / x2, 0.0)

    return ops(xp).elementwise_with_derivative(value, slope)(r2)


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
    log_u_or_x = ops(xp).log(xp.where(small, u, x))
    lp = ops(xp).log1p(xp.where(small, -u, xp.where(inner, w, 0.0)))
    at = ops(xp).arctan(xp.where(inner | near, 0.0, w))
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
    return xp.where(small, series, ops(xp).log1p(xl) - xl / (1.0 + xl))


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

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0):
        super().__init__(centre=centre, ell_comps=ell_comps)
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius
        check_all(self._requirements())

    def _requirements(self):
        return super()._requirements() + (
            ("kappa_s", self.kappa_s, nonnegative, NONNEGATIVE),
            ("scale_radius", self.scale_radius, positive, POSITIVE),
        )

    def _frame_over_rs(self, grid, xp):
        g = self.transformed_to_reference_frame_grid_from(grid, xp=xp)
        inv_rs = 1.0 / self.scale_radius  # a scalar division, not one per element
        return g[..., 0] * inv_rs, g[..., 1] * inv_rs

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
        1e-12 r_s), <= 1e-12 at the foci, exact at q = 1; float32 <= 5e-6. Under jax.grad the
        kernel's derivatives are analytic (nfw_elliptical_kernels, accuracy stated there).
        """
        # The frame rotations are written out on the two columns (rather than through stacked
        # (N, 2) arrays), and 1 / r_s is a scalar factor: under jax.grad their transposes are
        # then plain products instead of pads and slices of (N, 2) arrays.
        g = grid_array_from(grid, xp)
        dy = g[..., 0] - xp.asarray(self.centre[0], dtype=float)
        dx = g[..., 1] - xp.asarray(self.centre[1], dtype=float)
        cos, sin = self._cos_sin_phi(xp)
        inv_rs = 1.0 / self.scale_radius
        cos_rs, sin_rs = cos * inv_rs, sin * inv_rs
        y = dy * cos_rs - dx * sin_rs
        x = dx * cos_rs + dy * sin_rs
        alpha_y, alpha_x = nfw_elliptical_deflections_hat(y, x, self.axis_ratio(xp=xp), xp=xp)
        factor = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp)
        cos_f, sin_f = cos * factor, sin * factor
        return stack_yx(alpha_x * sin_f + alpha_y * cos_f, alpha_x * cos_f - alpha_y * sin_f, xp=xp)

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

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0):
        super().__init__(
            centre=centre, ell_comps=(0.0, 0.0), kappa_s=kappa_s, scale_radius=scale_radius
        )

    def _offsets_over_rs(self, grid, xp):
        g = grid_array_from(grid, xp)
        # times 1 / r_s: a per-element division cost NFWSph's jitted 100^2 deflections 0.19 ->
        # 0.30 ms on XLA:CPU (issue 12); the values differ by <= 1 ulp
        inv_rs = 1.0 / self.scale_radius
        dy = (g[..., 0] - xp.asarray(self.centre[0], dtype=float)) * inv_rs
        dx = (g[..., 1] - xp.asarray(self.centre[1], dtype=float)) * inv_rs
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
        scale = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp)
        alpha_over_r = scale * nfw_deflection_over_radius_of_r2(x * x + y * y, xp=xp)
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
