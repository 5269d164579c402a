"""Generalised NFW lens profiles (Zhao 1996; Wyithe, Turner & Spergel 2001; Keeton 2001).

rho(r) = (kappa_s / r_s) rho_hat(r / r_s) in lensing units, rho_hat(y) = y^-g (1 + y)^(g - 3),
g = gamma = ``inner_slope`` in [0, 2); kappa_s = rho_s r_s / Sigma_crit (r_s in kpc),
``scale_radius`` r_s in arcsec. kappa = 2 int rho dz, alpha = kappa_s r_s alpha_hat(x) [arcsec],
psi = kappa_s r_s^2 psi_hat(x) [arcsec^2], x = R / r_s. gamma = 1 is the NFW profile.

Method (fixed-order rules throughout, so NumPy and JAX run the same arithmetic, jit-safe and
differentiable in every parameter, ``inner_slope`` included; no special functions):

* spherical kernels (:mod:`gnfw_kernels`, re-exported here): power series for the mass inside
  the sphere of radius R and Gauss-Legendre sums over the shells outside it. Float64 relative
  error of kappa, alpha and psi <= 3e-14 for x in [1e-8, 1e8] and <= 1e-11 at x = 1e-12 (gamma
  in [0, 1.99], mpmath); float32 ~1e-6 (psi ~4e-6). ``gNFWSph`` reads its deflections from a
  per-call table of that kernel in ln x (:mod:`gnfw_table`: <= 1e-13, custom JVP in x and gamma);
* elliptical deflections and potential are Keeton's (2001) integrals on the two-sided 40-node rule
  of ``keeton.keeton_two_sided_nodes``, with kappa (or the mean convergence inside xi) read from a
  table in ln x that every call rebuilds from gamma (606 points over [1e-14, 1e7], 6-point
  Lagrange interpolation of the logarithm, <= 3e-10). That replaces a nested 40 x 64 GL by 40
  table look-ups per pixel. Float64 relative error <= 4e-8 (alpha) and <= 2e-9 (psi) for q in
  [0.2, 1], R in [1e-4, 1e3] r_s, gamma in [0, 1.99] (scipy quad of Keeton's integrals); valid
  while R / q < 1e7 r_s (the table's end).

Radii below ``x_min`` (1e-12 r_s in float64, 1e-6 in float32) are evaluated at x_min (as the NFW).
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.gnfw_kernels import (  # noqa: F401 (re-exported)
    gnfw_convergence_hat,
    gnfw_deflection_over_radius_hat,
    gnfw_density_hat,
    gnfw_enclosed_mass_and_slope,
    gnfw_enclosed_mass_hat,
    gnfw_potential_hat,
    gnfw_tangential_shear_hat,
)
from autogalaxy.profiles.mass.dark.gnfw_table import gnfw_tabulated_deflection_over_radius_hat
from autogalaxy.profiles.mass.dark.nfw_util import log_tabulated
from autogalaxy.profiles.mass.dark.shear_util import circular_shear_yx, shear_yx_from_profile_frame
from autogalaxy.profiles.mass.keeton import (
    keeton_two_sided_deflections,
    keeton_two_sided_potential,
    keeton_two_sided_shear,
)
from autogalaxy.profiles.mass.kernel_util import nan_unless, pushed_off_centre, stack_yx, x_min_for
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check_all, nonnegative, positive

# The table's power-law extrapolation below 1e-14 r_s holds for the cusp, so xi(u) may go far
# lower than x_min inside Keeton's integrals (xi^2 must stay a normal number of the dtype).
KEETON_XI_MIN_FLOAT64 = 1e-30
KEETON_XI_MIN_FLOAT32 = 1e-15


def _keeton_xi_min(array):
    return KEETON_XI_MIN_FLOAT64 if array.dtype.itemsize >= 8 else KEETON_XI_MIN_FLOAT32


class gNFW(halo_util.HaloMassFromProfile, MassProfile):
    """Elliptical generalised NFW: kappa(x', y') = kappa_sph(xi), xi^2 = x'^2 + y'^2 / q^2.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    ell_comps
        Elliptical components (see :mod:`autogalaxy.convert`).
    kappa_s
        rho_s r_s / Sigma_crit, dimensionless, >= 0.
    inner_slope
        gamma, the logarithmic slope of rho at r -> 0, in [0, 2) (the projected mass diverges at 2).
    scale_radius
        r_s [arcsec], > 0.

    Invalid concrete values raise ``ValueError`` at construction; traced invalid values (under
    ``jax.jit``) make every method return NaN.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        kappa_s=0.05,
        inner_slope=1.0,
        scale_radius=1.0,
    ):
        super().__init__(centre=centre, ell_comps=ell_comps)
        self.kappa_s = kappa_s
        self.inner_slope = inner_slope
        self.scale_radius = scale_radius
        check_all(self._requirements())

    def _requirements(self):
        return super()._requirements() + (
            ("kappa_s", self.kappa_s, nonnegative, NONNEGATIVE),
            ("inner_slope", self.inner_slope, lambda g: (g >= 0) & (g < 2), "in [0, 2)"),
            ("scale_radius", self.scale_radius, positive, POSITIVE),
        )

    def _gamma(self, xp):
        # Invalid slopes become 1 so that no kernel sees a divergent integral; NaN is set later.
        return xp.where(self._valid(xp), xp.asarray(self.inner_slope, dtype=float), 1.0)

    def _frame_over_rs(self, grid, xp):
        g = self.transformed_to_reference_frame_grid_from(grid, xp=xp)
        inv_rs = 1.0 / self.scale_radius  # a scalar division, not one per element
        return g[..., 0] * inv_rs, g[..., 1] * inv_rs

    def convergence_2d_from(self, grid, xp=np):
        """kappa at each (y, x) [arcsec], (N,). Float64 relative error <= 2e-14 (64-node GL)."""
        y, x = self._frame_over_rs(grid, xp)
        q = self.axis_ratio(xp=xp)
        x_min = x_min_for(x)
        xi = xp.sqrt(xp.maximum(x * x + (y / q) ** 2, x_min * x_min))
        kappa = self.kappa_s * gnfw_convergence_hat(xi, self._gamma(xp), xp=xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2), by Keeton's integrals over tabulated kappa.

        Float64 relative error <= 4e-8 for q in [0.2, 1], R in [1e-4, 1e3] r_s, gamma in
        [0, 1.99] (scipy quad reference); float32 ~1e-6.
        """
        y, x = self._frame_over_rs(grid, xp)
        param = self._gamma(xp)
        kappa_of_xi = log_tabulated(lambda r: gnfw_convergence_hat(r, param, xp=xp), x.dtype, xp)

        alpha = keeton_two_sided_deflections(
            y, x, self.axis_ratio(xp=xp), kappa_of_xi, _keeton_xi_min(x), xp=xp
        )
        factor = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp)
        return self.rotated_grid_from_reference_frame_from(alpha * factor, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,), by Keeton's (2001, eq. 30) integral over the tabulated kappa_bar.

        Float64 relative error <= 2e-9 for q in [0.2, 1], R in [1e-4, 1e3] r_s; float32 ~1e-6.
        """
        y, x = self._frame_over_rs(grid, xp)
        param = self._gamma(xp)
        alpha_over_xi = log_tabulated(
            lambda r: gnfw_deflection_over_radius_hat(r, param, xp=xp), x.dtype, xp
        )

        psi = keeton_two_sided_potential(
            y, x, self.axis_ratio(xp=xp), alpha_over_xi, _keeton_xi_min(x), xp=xp
        )
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def _enclosed_mass(self, c, xp):
        return gnfw_enclosed_mass_hat(c, self._gamma(xp), xp=xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): gamma_1 = (psi_xx - psi_yy) / 2, gamma_2 = psi_xy (sky axes).

        Keeton's (2001) Hessian integrals, integrated by parts so that only the tabulated kappa
        enters (keeton.keeton_two_sided_shear, 48 nodes), rotated by twice the position angle.
        Float64 relative error <= 3e-9 for q in [0.2, 1], R in [1e-4, 1e3] r_s, gamma in
        [0, 1.9] (scipy quad of Keeton's K_n over the projected density; mostly the kappa table's
        error); float32 inputs ~2e-5.
        Points closer than 1e-12 r_s to the centre are moved out to 1e-12 r_s.
        """
        y, x = self._frame_over_rs(grid, xp)
        y, x, _, _ = pushed_off_centre(y, x, x_min_for(x), xp=xp)
        param = self._gamma(xp)
        kappa_of_xi = log_tabulated(lambda r: gnfw_convergence_hat(r, param, xp=xp), x.dtype, xp)
        gamma_1, gamma_2 = keeton_two_sided_shear(
            y, x, self.axis_ratio(xp=xp), kappa_of_xi, _keeton_xi_min(x), xp=xp
        )
        factor = nan_unless(self._valid(xp), self.kappa_s, xp)
        cos, sin = self._cos_sin_phi(xp)
        return shear_yx_from_profile_frame(gamma_1 * factor, gamma_2 * factor, cos, sin, xp=xp)


def _offsets_and_scaled_radius(grid, centre, scale_radius, xp):
    """(dy, dx) [arcsec] from the centre and x = R / r_s floored at x_min. Written for a lean
    jax.grad: 1 / r_s is a scalar factor, so no per-pixel division enters the pass or the
    parameter gradients (alpha = kappa_s alpha_hat(x) (dy, dx) needs no r_s factor)."""
    g = grid_array_from(grid, xp)
    dy = g[..., 0] - xp.asarray(centre[0], dtype=float)
    dx = g[..., 1] - xp.asarray(centre[1], dtype=float)
    inv_rs = 1.0 / scale_radius
    x_min = x_min_for(dx)
    return dy, dx, xp.sqrt(xp.maximum((dx * dx + dy * dy) * (inv_rs * inv_rs), x_min * x_min))


class gNFWSph(SphericalGeometry, gNFW):
    """Spherical generalised NFW by the 1D kernels of :mod:`gnfw_kernels`.

    Float64 relative error <= 3e-14 for kappa and psi at R in [1e-8, 1e3] r_s and <= 1e-11 at
    1e-12 r_s, gamma in [0, 1.99] (mpmath reference); alpha from the per-call table of
    :mod:`gnfw_table`, <= 1e-13 at R in [1e-8, 1e8] r_s (the kernel's 1.2e-11 at 1e-12 r_s).
    float32 ~1e-6 (psi ~4e-6).

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), kappa_s=0.05, inner_slope=1.0, scale_radius=1.0):
        super().__init__(
            centre=centre,
            ell_comps=(0.0, 0.0),
            kappa_s=kappa_s,
            inner_slope=inner_slope,
            scale_radius=scale_radius,
        )

    def _offsets_over_rs(self, grid, xp):
        g = grid_array_from(grid, xp)
        # times 1 / r_s: a per-element division cost NFWSph's jitted 100^2 deflections 0.19 ->
        # 0.30 ms on XLA:CPU (issue 12); the values differ by <= 1 ulp
        inv_rs = 1.0 / self.scale_radius
        dy = (g[..., 0] - xp.asarray(self.centre[0], dtype=float)) * inv_rs
        dx = (g[..., 1] - xp.asarray(self.centre[1], dtype=float)) * inv_rs
        return dy, dx

    def _radius(self, grid, xp):
        y, x = self._offsets_over_rs(grid, xp)
        r2 = x * x + y * y
        x_min = x_min_for(r2)
        return y, x, r2, xp.sqrt(xp.maximum(r2, x_min * x_min)), x_min

    def convergence_2d_from(self, grid, xp=np):
        """kappa at each (y, x) [arcsec], (N,)."""
        _, _, _, r, _ = self._radius(grid, xp)
        kappa = self.kappa_s * gnfw_convergence_hat(r, self._gamma(xp), xp=xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2): alpha = 4 kappa_s r_s [m(x) + C(x)] / x, radial.

        m + C read from the per-call table of gnfw_table (<= 1e-13 relative, custom JVP).
        """
        dy, dx, x = _offsets_and_scaled_radius(grid, self.centre, self.scale_radius, xp)
        mean_kappa = gnfw_tabulated_deflection_over_radius_hat(x, self._gamma(xp), xp=xp)
        scaled = mean_kappa * nan_unless(self._valid(xp), self.kappa_s, xp)
        # stack_yx, not xp.stack or a broadcast (dy, dx) * scaled: XLA on CPU fuses the kernel into
        # the (N, 2) output loop and evaluates it once per column (measured 1.7x slower).
        return stack_yx(dy * scaled, dx * scaled, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,), psi(0) = 0 (see gnfw_potential_hat)."""
        _, _, r2, r, x_min = self._radius(grid, xp)
        psi = gnfw_potential_hat(r, self._gamma(xp), xp=xp) * xp.minimum(r2 / x_min**2, 1.0)
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): -gamma_t (sin, cos)(2 theta), gamma_t = kappa_bar - kappa.

        From the 1D kernels (gnfw_tangential_shear_hat); finite, with finite gradients, at R = 0
        (evaluated at 1e-12 r_s there).
        """
        y, x = self._offsets_over_rs(grid, xp)
        param = self._gamma(xp)
        shear = circular_shear_yx(
            y, x, lambda r, xp: gnfw_tangential_shear_hat(r, param, xp=xp), xp=xp
        )
        return shear * nan_unless(self._valid(xp), self.kappa_s, xp)
