"""Truncated NFW lens profile (Baltz, Marshall & Oguri 2009, JCAP 01, 015; arXiv:0705.0735).

rho(r) = rho_s tau^2 / [x (1 + x)^2 (tau^2 + x^2)], x = r / r_s, tau = r_t / r_s, with
kappa_s = rho_s r_s / Sigma_crit (r_s in kpc) and ``scale_radius`` r_s, ``truncation_radius`` r_t in
arcsec. Everything is closed form: kappa (BMO09, physics.md section 3), alpha = 4 kappa_s r_s B(x)
/ x with M2D = 4 pi rho_s r_s^3 B (BMO09), and a potential psi = kappa_s r_s^2 psi_hat(x) derived
here as 4 int_0^x B(t) / t dt (see truncated_nfw_potential_hat). Each has cancellation-free forms
where the published one loses digits (B at x < 0.5, kappa and B at x > 2, psi everywhere).

Write c_tau = tau^2 / (tau^2 + 1)^2, t2 = sqrt(tau^2 + x^2), S = asinh(tau / x) = ln((tau + t2) / x)
and s = 1 - x^2; F is the NFW auxiliary function (nfw_util.nfw_f).

The kappa and B kernels live in :mod:`~autogalaxy.profiles.mass.dark.nfw_truncated_kernels` and
the potential in :mod:`~autogalaxy.profiles.mass.dark.nfw_truncated_potential` (re-exported here;
on JAX each carries a custom JVP with its analytic partials in x and tau); the 3D mass and shear
kernels and the class are below.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.nfw import nfw_enclosed_mass_hat
from autogalaxy.profiles.mass.dark.nfw_truncated_kernels import (  # noqa: F401 (re-exported)
    LARGE_X,
    _c_tau,
    asinh_tau_over_x,
    truncated_nfw_convergence_hat,
    truncated_nfw_mass_2d_hat,
    truncated_nfw_mean_convergence_of_r2,
    x_minus_arctan,
)
from autogalaxy.profiles.mass.dark.nfw_truncated_potential import (  # noqa: F401 (re-exported)
    truncated_nfw_potential_hat,
)
from autogalaxy.profiles.mass.dark.nfw_truncated_upstream import TruncatedNFWUpstream
from autogalaxy.profiles.mass.dark.shear_util import circular_shear_yx
from autogalaxy.profiles.mass.kernel_util import (
    nan_unless,
    safe_radius,
    stack_yx,
    x_min_for,
)
from autogalaxy.util.backend import ops
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check_all, nonnegative, positive


def truncated_nfw_enclosed_mass_hat(x, tau, xp=np):
    """m(x) = M3D(< x r_s) / (4 pi rho_s r_s^3), by partial fractions (physics.md section 3).

    m = c_tau [(tau^2 - 1) ln(1 + x) - (tau^2 + 1) x / (1 + x) + 2 tau arctan(x / tau)
               - (tau^2 - 1) ln(1 + x^2 / tau^2) / 2],
    regrouped as c_tau {(tau^2 - 1) [m_NFW(x) - log1p(x^2 / tau^2) / 2]
    - 2 tau (x / tau - arctan(x / tau)) + 2 x^2 / (1 + x)} so that the O(x) terms cancel
    analytically rather than numerically.
    """
    x = xp.asarray(x, dtype=float)
    tt = tau * tau
    z = x / tau
    bracket = (
        (tt - 1.0) * (nfw_enclosed_mass_hat(x, xp=xp) - 0.5 * ops(xp).log1p(z * z))
        - 2.0 * tau * x_minus_arctan(z, xp=xp)
        + 2.0 * x * x / (1.0 + x)
    )
    return _c_tau(tau) * bracket


def truncated_nfw_tangential_shear_hat(x, tau, xp=np):
    """gamma_t / kappa_s = kappa_bar - kappa = 4 B(x) / x^2 - kappa / kappa_s at x = R / r_s > 0.

    From the BMO09 closed forms above (truncated_nfw_mass_2d_hat, truncated_nfw_convergence_hat);
    finite at x -> 0. Float64 relative error <= 3e-14 for tau in [0.05, 1e3], x in [1e-4, 1e3].
    """
    x = xp.asarray(x, dtype=float)
    mean = 4.0 * truncated_nfw_mass_2d_hat(x, tau, xp=xp) / (x * x)
    return mean - truncated_nfw_convergence_hat(x, tau, xp=xp)


class NFWTruncatedSph(
    SphericalGeometry, TruncatedNFWUpstream, halo_util.HaloMassFromProfile, MassProfile
):
    """Spherical truncated NFW of Baltz, Marshall & Oguri (2009), all in closed form.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    kappa_s
        rho_s r_s / Sigma_crit, dimensionless, >= 0.
    scale_radius
        r_s [arcsec], > 0.
    truncation_radius
        r_t [arcsec], > 0.

    Float64 relative errors, against mpmath projections of the 3D density and quadrature of alpha,
    for tau in [0.05, 1e3] and R in [1e-4, 1e3] r_s: kappa <= 2e-14, alpha <= 5e-15, psi <= 2e-15
    (no quadrature anywhere); float32 <= 5e-6. Radii below 1e-12 r_s are treated as in
    :mod:`autogalaxy.profiles.mass.dark.nfw`. Invalid concrete values raise ``ValueError``; traced
    invalid values make every method return NaN.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, truncation_radius=2.0):
        super().__init__(centre=centre, ell_comps=(0.0, 0.0))
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius
        self.truncation_radius = truncation_radius
        check_all(self._requirements())

    def _requirements(self):
        return super()._requirements() + (
            ("kappa_s", self.kappa_s, nonnegative, NONNEGATIVE),
            ("scale_radius", self.scale_radius, positive, POSITIVE),
            ("truncation_radius", self.truncation_radius, positive, POSITIVE),
        )

    def _tau(self):
        return self.truncation_radius / self.scale_radius

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
        kappa = truncated_nfw_convergence_hat(xp.maximum(r, x_min_for(r)), self._tau(), xp=xp)
        return nan_unless(self._valid(xp), self.kappa_s * kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np):
        """(alpha_y, alpha_x) [arcsec], (N, 2): alpha(R) = 4 kappa_s r_s B(x) / x, radial."""
        g = grid_array_from(grid, xp)
        dy = g[..., 0] - xp.asarray(self.centre[0], dtype=float)  # [arcsec]
        dx = g[..., 1] - xp.asarray(self.centre[1], dtype=float)
        # Written for a lean jax.grad (issue 12): 1 / r_s is a scalar factor, so neither the
        # pass nor the parameter gradients' reductions divide per pixel. stack_yx, not xp.stack:
        # even with only the quotient below shared, XLA:CPU's fused stack made the (N, 2) result
        # 1.45x slower than its two columns (400 x 400: 4.63 vs 3.21 ms; stack_yx 2.97 ms, and
        # jit(grad) unchanged within noise, 0.68 / 0.72 ms at 100 x 100).
        inv_rs = 1.0 / self.scale_radius
        mean_kappa = truncated_nfw_mean_convergence_of_r2(  # / (4 kappa_s); one JVP in r2
            (dx * dx + dy * dy) * (inv_rs * inv_rs), self._tau(), xp=xp)
        scaled = mean_kappa * nan_unless(self._valid(xp), 4.0 * self.kappa_s, xp)
        return stack_yx(dy * scaled, dx * scaled, xp=xp)

    def potential_2d_from(self, grid, xp=np):
        """psi [arcsec^2], (N,), closed form (truncated_nfw_potential_hat); psi(0) = 0."""
        y, x = self._offsets_over_rs(grid, xp)
        r2 = x * x + y * y
        x_min = x_min_for(r2)
        r = xp.maximum(safe_radius(r2, xp), x_min)
        psi = truncated_nfw_potential_hat(r, self._tau(), xp=xp) * xp.minimum(r2 / x_min**2, 1.0)
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def _enclosed_mass(self, c, xp):
        return truncated_nfw_enclosed_mass_hat(c, self._tau(), xp=xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): -gamma_t (sin, cos)(2 theta), gamma_t = kappa_bar - kappa.

        Closed form (truncated_nfw_tangential_shear_hat); finite, with finite gradients, at R = 0.
        """
        y, x = self._offsets_over_rs(grid, xp)
        tau = self._tau()
        shear = circular_shear_yx(
            y, x, lambda r, xp: truncated_nfw_tangential_shear_hat(r, tau, xp=xp), xp=xp
        )
        return shear * nan_unless(self._valid(xp), self.kappa_s, xp)
