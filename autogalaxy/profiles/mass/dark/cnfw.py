"""Cored NFW lens profiles (Penarrubia et al. 2012, ApJ 759, L42).

rho(r) = (kappa_s / r_s) r_s^3 / ((r + r_c)(r + r_s)^2) in lensing units, i.e.
rho_hat(y) = 1 / ((f + y)(1 + y)^2) with f = r_c / r_s = ``core_radius`` / ``scale_radius``;
kappa_s = rho_0 r_s / Sigma_crit (r_s in kpc), radii in arcsec. f -> 0 is the NFW profile.

Spherical kernels: closed forms by partial fractions (:mod:`cnfw_kernels`, re-exported here),
with polynomial-in-f and 1/x stand-ins where they cancel (:mod:`cnfw_series`). Float64 relative
error at x in [1e-12, 1e3] for every f > 0 (scipy quad and mpmath): kappa <= 1e-12, psi <= 1e-11,
alpha <= 5e-12 (<= 2.5e-11 below x = 1e-4 within 0.1 of f = 1); in float32 ~1e-5. Elliptical
deflections and potential use Keeton's (2001) integrals on the two-sided 40-node rule of
``keeton.keeton_two_sided_nodes`` over kappa (or alpha / R) tabulated in ln x from the closed forms
on every call (``nfw_util.log_table_interpolate``, <= 3e-10): <= 4e-8 (alpha) and <= 3e-9 (psi)
for q in [0.2, 1], R in [1e-4, 1e3] r_s, while R / q < 1e7 r_s.

Radii below ``x_min`` (1e-12 r_s in float64, 1e-6 in float32) are evaluated at x_min; the core makes
kappa, alpha / R and psi / R^2 finite there.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.cnfw_kernels import (  # noqa: F401 (re-exported)
    cnfw_convergence_hat,
    cnfw_deflection_over_radius_hat,
    cnfw_enclosed_mass_factor,
    cnfw_potential_hat,
    cnfw_tangential_shear_hat,
)
from autogalaxy.profiles.mass.dark.cnfw_series import NEAR_ONE  # noqa: F401 (re-exported)
from autogalaxy.profiles.mass.dark.nfw_util import log_tabulated
from autogalaxy.profiles.mass.dark.shear_util import circular_shear_yx, shear_yx_from_profile_frame
from autogalaxy.profiles.mass.keeton import (
    keeton_two_sided_deflections,
    keeton_two_sided_potential,
    keeton_two_sided_shear,
)
from autogalaxy.profiles.mass.kernel_util import (
    nan_unless,
    offsets_and_radius,
    pushed_off_centre,
    stack_yx,
    x_min_for,
)
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check_all, nonnegative, positive


class cNFW(halo_util.HaloMassFromProfile, MassProfile):
    """Elliptical cored NFW: kappa(x', y') = kappa_sph(xi), xi^2 = x'^2 + y'^2 / q^2.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    ell_comps
        Elliptical components (see :mod:`autogalaxy.convert`).
    kappa_s
        rho_0 r_s / Sigma_crit, dimensionless, >= 0.
    scale_radius
        r_s [arcsec], > 0.
    core_radius
        r_c [arcsec], > 0 (r_c = r_s is allowed: the f = 1 limit is built in).

    Invalid concrete values raise ``ValueError`` at construction; traced invalid values (under
    ``jax.jit``) make every method return NaN.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        kappa_s=0.05,
        scale_radius=1.0,
        core_radius=0.01,
    ):
        super().__init__(centre=centre, ell_comps=ell_comps)
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius
        self.core_radius = core_radius
        check_all(self._requirements())

    def _requirements(self):
        return super()._requirements() + (
            ("kappa_s", self.kappa_s, nonnegative, NONNEGATIVE),
            ("scale_radius", self.scale_radius, positive, POSITIVE),
            ("core_radius", self.core_radius, positive, POSITIVE),
        )

    def _core_fraction(self, xp):
        # A harmless f for invalid input keeps NaN out of the kernels; nan_unless marks the result.
        f = xp.asarray(self.core_radius, dtype=float) / self.scale_radius
        return xp.where(self._valid(xp), f, 0.5)

    def _frame_over_rs(self, grid, xp):
        g = self.transformed_to_reference_frame_grid_from(grid, xp=xp)
        inv_rs = 1.0 / self.scale_radius  # a scalar division, not one per element
        return g[..., 0] * inv_rs, g[..., 1] * inv_rs

    def convergence_2d_from(self, grid, xp=np):
        """kappa at each (y, x) [arcsec], (N,). Float64 relative error <= 2e-12 (closed form)."""
        y, x = self._frame_over_rs(grid, xp)
        q = self.axis_ratio(xp=xp)
        x_min = x_min_for(x)
        xi = xp.sqrt(xp.maximum(x * x + (y / q) ** 2, x_min * x_min))
        kappa = self.kappa_s * cnfw_convergence_hat(xi, self._core_fraction(xp), xp=xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2), by Keeton's (2001) integrals over the closed kappa.

        Float64 relative error <= 4e-8 for q in [0.2, 1], R in [1e-4, 1e3] r_s (scipy quad).
        """
        y, x = self._frame_over_rs(grid, xp)
        param = self._core_fraction(xp)
        kappa_of_xi = log_tabulated(lambda r: cnfw_convergence_hat(r, param, xp=xp), x.dtype, xp)

        alpha = keeton_two_sided_deflections(
            y, x, self.axis_ratio(xp=xp), kappa_of_xi, x_min_for(x), xp=xp
        )
        factor = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp)
        return self.rotated_grid_from_reference_frame_from(alpha * factor, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,), by Keeton's (2001, eq. 30) integral over alpha_circ / xi.

        Float64 relative error <= 3e-9 for q in [0.2, 1], R in [1e-4, 1e3] r_s (scipy quad).
        """
        y, x = self._frame_over_rs(grid, xp)
        param = self._core_fraction(xp)
        alpha_over_xi = log_tabulated(
            lambda r: cnfw_deflection_over_radius_hat(r, param, xp=xp), x.dtype, xp
        )

        psi = keeton_two_sided_potential(
            y, x, self.axis_ratio(xp=xp), alpha_over_xi, x_min_for(x), xp=xp
        )
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def _enclosed_mass(self, c, xp):
        return cnfw_enclosed_mass_factor(c, self._core_fraction(xp), xp=xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): gamma_1 = (psi_xx - psi_yy) / 2, gamma_2 = psi_xy (sky axes).

        Keeton's (2001) Hessian integrals, integrated by parts so that only the tabulated kappa
        enters (keeton.keeton_two_sided_shear, 48 nodes), rotated by twice the position angle.
        Float64 relative error <= 3e-9 for q in [0.2, 1], R in [1e-4, 1e3] r_s, r_c / r_s in
        [0.01, 2] (scipy quad of Keeton's K_n over the closed-form kappa). Points closer than
        1e-12 r_s to the centre are moved out to 1e-12 r_s.
        """
        y, x = self._frame_over_rs(grid, xp)
        y, x, _, _ = pushed_off_centre(y, x, x_min_for(x), xp=xp)
        param = self._core_fraction(xp)
        kappa_of_xi = log_tabulated(lambda r: cnfw_convergence_hat(r, param, xp=xp), x.dtype, xp)
        gamma_1, gamma_2 = keeton_two_sided_shear(
            y, x, self.axis_ratio(xp=xp), kappa_of_xi, x_min_for(x), xp=xp
        )
        factor = nan_unless(self._valid(xp), self.kappa_s, xp)
        cos, sin = self._cos_sin_phi(xp)
        return shear_yx_from_profile_frame(gamma_1 * factor, gamma_2 * factor, cos, sin, xp=xp)

    def _density_hat(self, x, xp):
        """rho / rho_s = 1 / ((f + x)(1 + x)^2), f = r_c / r_s (Penarrubia et al. 2012)."""
        return 1.0 / ((self._core_fraction(xp) + x) * (1.0 + x) ** 2)


class cNFWSph(SphericalGeometry, cNFW):
    """Spherical cored NFW by the closed forms above (no quadrature).

    Float64 relative error <= 2e-12 (kappa), 5e-12 (alpha), 1e-11 (psi) at R in [1e-12, 1e3] r_s for
    every r_c > 0, r_c = r_s included, except alpha at R < 1e-4 r_s with |1 - r_c/r_s| < 0.1
    (<= 2.5e-11, 60-digit mpmath of the closed form: the polynomial in f carries its nodes'
    rounding); NumPy and JAX agree to 1e-12, except for |1 - r_c/r_s| < 0.2 (5e-12; 2e-11 at
    R ~ 1e-4 r_s, where the closed forms' rounding differs between backends). float32 ~1e-5.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, core_radius=0.01):
        super().__init__(
            centre=centre,
            ell_comps=(0.0, 0.0),
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            core_radius=core_radius,
        )

    def _radius(self, grid, xp):
        return offsets_and_radius(grid_array_from(grid, xp), self.centre, self.scale_radius, xp)

    def convergence_2d_from(self, grid, xp=np):
        """kappa at each (y, x) [arcsec], (N,)."""
        _, _, _, r, _ = self._radius(grid, xp)
        kappa = self.kappa_s * cnfw_convergence_hat(r, self._core_fraction(xp), xp=xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2): radial, alpha / R = kappa_s alpha_hat / x."""
        # dy, dx in arcsec and 1 / r_s as a scalar factor (alpha = kappa_s alpha_hat(x) (dy, dx)):
        # no per-pixel division by r_s in the pass or in the parameter gradients.
        g = grid_array_from(grid, xp)
        dy = g[..., 0] - xp.asarray(self.centre[0], dtype=float)
        dx = g[..., 1] - xp.asarray(self.centre[1], dtype=float)
        inv_rs = 1.0 / self.scale_radius
        x_min = x_min_for(dx)
        x = xp.sqrt(xp.maximum((dx * dx + dy * dy) * (inv_rs * inv_rs), x_min * x_min))
        mean_kappa = cnfw_deflection_over_radius_hat(x, self._core_fraction(xp), xp=xp)
        scaled = mean_kappa * nan_unless(self._valid(xp), self.kappa_s, xp)
        # stack_yx, not xp.stack or a broadcast (dy, dx) * scaled: XLA on CPU fuses the kernel into
        # the (N, 2) output loop and evaluates it once per column (measured 1.7x slower).
        return stack_yx(dy * scaled, dx * scaled, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,), psi(0) = 0."""
        _, _, r2, r, x_min = self._radius(grid, xp)
        psi = cnfw_potential_hat(r, self._core_fraction(xp), xp=xp)
        psi = psi * xp.minimum(r2 / x_min**2, 1.0)
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): -gamma_t (sin, cos)(2 theta), gamma_t = kappa_bar - kappa.

        From the closed forms (cnfw_tangential_shear_hat); finite, with finite gradients, at R = 0.
        """
        y, x, _, _, _ = self._radius(grid, xp)
        param = self._core_fraction(xp)
        shear = circular_shear_yx(
            y, x, lambda r, xp: cnfw_tangential_shear_hat(r, param, xp=xp), xp=xp
        )
        return shear * nan_unless(self._valid(xp), self.kappa_s, xp)
