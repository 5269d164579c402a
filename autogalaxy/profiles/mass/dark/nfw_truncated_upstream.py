"""Upstream autogalaxy's extra truncated-NFW methods (``NFWTruncatedSph``), natively and exactly.

Baltz, Marshall & Oguri (2009, JCAP 01, 015; "BMO09"), n = 1: rho = rho_s / (x (1 + x)^2)
tau^2 / (tau^2 + x^2), x = r / r_s, tau = r_t / r_s. Upstream's names and signatures:

- ``tau``: r_t / r_s; ``coord_func_k/l/m``: BMO09's auxiliary functions (k = ln(x / (sqrt(x^2 +
  tau^2) + tau)) = -asinh(tau / x); l = kappa / (2 kappa_s); m = M2D(< x r_s) / (4 pi rho_s r_s^3)),
  ``deflection_func_sph`` (= m), ``convergence_func(R)`` (kappa at R [arcsec]),
  ``radial_deflection_from(r, params, xp)`` (alpha(r) for params = (kappa_s, r_s, r_t));
- ``from_m200_concentration(...)``: the halo of M200c and c (the untruncated NFW's r_s and rho_s)
  truncated where the NFW's mean enclosed density is ``truncation_factor`` rho_crit (He et al.
  2022, MNRAS 511, 3046), and its inverse ``m200_concentration_from(...)``;
- ``mass_ratio_from_concentration_and_truncation_factor``: M_tNFW / M200 of that halo;
- ``mass_at_truncation_radius_solar_mass``: BMO09's total mass of the truncated halo [Msun],
  M_tot = 4 pi rho_s r_s^3 tau^2/(tau^2+1)^2 [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)].
  Upstream multiplies M200 by the bracket without dividing by m_NFW(c) (M200 = 4 pi rho_s r_s^3
  m(c)), which over-states the mass by m(c) (docs/upstream_differences.md).

The roots are found with the package's root helper (no fsolve); every value is a closed form.
"""

import numpy as np

from autogalaxy.cosmology import Planck15
from autogalaxy.util import roots

_DEFAULT_COSMOLOGY = Planck15()


def truncated_nfw_convergence_hat(x, tau, xp=np):
    # imported here: nfw_truncated.py imports this module for its class's bases
    from autogalaxy.profiles.mass.dark.nfw_truncated import truncated_nfw_convergence_hat as f

    return f(x, tau, xp=xp)


def truncated_nfw_mass_2d_hat(x, tau, xp=np):
    from autogalaxy.profiles.mass.dark.nfw_truncated import truncated_nfw_mass_2d_hat as f

    return f(x, tau, xp=xp)


def _nfw_m(c, xp=np):
    return xp.log1p(c) - c / (1.0 + c)


def delta_c_from_concentration(concentration, xp=np):
    """NFW characteristic overdensity (200/3) c^3 / m(c) (dimensionless)."""
    return 200.0 / 3.0 * concentration**3 / _nfw_m(concentration, xp)


def concentration_at_overdensity_factor(concentration, truncation_factor, xp=np):
    """x with (truncation_factor / 3) x^3 / m(x) = delta_c(c): the radius [r_s] inside which the
    NFW's mean density is ``truncation_factor`` rho_crit (x = c for 200). Exact (root helper)."""
    target = xp.log(delta_c_from_concentration(xp.asarray(concentration, dtype=float), xp) * 3.0
                    / truncation_factor)

    def residual(ln_x):
        return 3.0 * ln_x - xp.log(_nfw_m(xp.exp(ln_x), xp)) - target

    lo = xp.zeros_like(target) + np.log(1e-4)
    root, _ = roots.solve(roots.with_central_difference(residual), lo, lo + np.log(1e9), xp,
                          bisection_steps=40, newton_steps=2)
    return xp.exp(root)


def total_mass_bracket(tau, xp=np):
    """tau^2/(tau^2+1)^2 [(tau^2 - 1) ln tau + pi tau - (tau^2 + 1)] = M_tot / (4 pi rho_s r_s^3)"""
    t2 = tau * tau
    return t2 / (t2 + 1.0) ** 2 * ((t2 - 1.0) * xp.log(tau) + np.pi * tau - (t2 + 1.0))


class TruncatedNFWUpstream:
    """Mixin for ``NFWTruncatedSph``: upstream's extra methods (module docstring)."""

    @property
    def tau(self):
        """r_t / r_s (dimensionless)."""
        return self.truncation_radius / self.scale_radius

    def _density_hat(self, x, xp):
        """rho / rho_s = tau^2 / (x (1 + x)^2 (tau^2 + x^2)) (BMO09, n = 1)."""
        t2 = self.tau * self.tau
        return t2 / (x * (1.0 + x) ** 2 * (t2 + x * x))

    def coord_func_k(self, grid_radius, xp=np):
        """k(x) = ln(x / (sqrt(x^2 + tau^2) + tau)) = -asinh(tau / x) (BMO09)."""
        return -xp.arcsinh(self.tau / xp.asarray(grid_radius, dtype=float))

    def coord_func_l(self, grid_radius, xp=np):
        """l(x) = kappa / (2 kappa_s) at x = R / r_s (BMO09)."""
        return 0.5 * truncated_nfw_convergence_hat(grid_radius, self.tau, xp=xp)

    def coord_func_m(self, grid_radius, xp=np):
        """m(x) = M2D(< x r_s) / (4 pi rho_s r_s^3) (BMO09); alpha = 4 kappa_s r_s m / x."""
        return truncated_nfw_mass_2d_hat(grid_radius, self.tau, xp=xp)

    def deflection_func_sph(self, grid_radius, xp=np):
        """m(x) (upstream's name; see ``coord_func_m``)."""
        return self.coord_func_m(grid_radius, xp=xp)

    def convergence_func(self, grid_radius, xp=np):
        """kappa at the radius ``grid_radius`` [arcsec]."""
        # times 1 / r_s, as convergence_2d_from's offsets (the same x to the last bit)
        x = xp.asarray(getattr(grid_radius, "array", grid_radius), dtype=float) * (
            1.0 / self.scale_radius)
        return self.kappa_s * truncated_nfw_convergence_hat(x, self.tau, xp=xp)

    @staticmethod
    def radial_deflection_from(r, params, xp=np):
        """alpha(r) [arcsec] at radii r [arcsec] for params = (kappa_s, scale_radius,
        truncation_radius): 4 kappa_s r_s m(x) / x (as upstream, for batched subhalos)."""
        kappa_s, scale_radius, truncation_radius = params[0], params[1], params[2]
        x = r / scale_radius
        m = truncated_nfw_mass_2d_hat(x, truncation_radius / scale_radius, xp=xp)
        return 4.0 * kappa_s * scale_radius * m / x

    @staticmethod
    def _delta_c_from_concentration(concentration):
        return float(delta_c_from_concentration(np.asarray(concentration, dtype=float)))

    @staticmethod
    def _concentration_at_overdensity_factor(concentration, truncation_factor):
        return float(concentration_at_overdensity_factor(concentration, truncation_factor))

    @classmethod
    def from_m200_concentration(cls, centre=(0.0, 0.0), m200_solar_mass=1e9, concentration=10.0,
                                redshift_halo=0.5, redshift_source=1.0, cosmology=None,
                                truncation_factor=100.0):
        """The truncated NFW of M200c [Msun] and concentration c (He et al. 2022): r_s and rho_s of
        the untruncated NFW, r_t where its mean enclosed density is truncation_factor rho_crit."""
        cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
        rho_crit = cosmology.critical_density(redshift_halo)
        kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift_halo)
        sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_halo, redshift_source)
        r200 = np.cbrt(3.0 * m200_solar_mass / (4.0 * np.pi * 200.0 * rho_crit))
        rs_kpc = r200 / concentration
        kappa_s = rho_crit * delta_c_from_concentration(concentration) * rs_kpc / sigma_crit
        scale_radius = rs_kpc / kpc_per_arcsec
        tau = concentration_at_overdensity_factor(concentration, truncation_factor)
        return cls(centre=centre, kappa_s=float(kappa_s), scale_radius=float(scale_radius),
                   truncation_radius=float(tau * scale_radius))

    @staticmethod
    def m200_concentration_from(kappa_s, scale_radius, redshift_halo, redshift_source,
                                cosmology=None):
        """(M200c [Msun], c) of the untruncated NFW with kappa_s and r_s [arcsec]: the inverse of
        ``from_m200_concentration``."""
        from autogalaxy.profiles.mass.dark.halo_util import concentration_and_mass_at_200_from

        c, mass = concentration_and_mass_at_200_from(
            kappa_s, scale_radius, redshift_halo, redshift_source, _nfw_m,
            cosmology=_DEFAULT_COSMOLOGY if cosmology is None else cosmology,
        )
        return float(mass), float(c)

    @staticmethod
    def mass_ratio_from_concentration_and_truncation_factor(concentration,
                                                            truncation_factor=100.0):
        """M_tNFW / M200 = bracket(tau) / m_NFW(c) with tau from ``truncation_factor``."""
        tau = concentration_at_overdensity_factor(concentration, truncation_factor)
        return float(total_mass_bracket(tau) / _nfw_m(np.asarray(concentration, dtype=float)))

    def mass_at_truncation_radius_solar_mass(self, redshift_profile, redshift_source,
                                             redshift_of_cosmic_average_density="profile",
                                             cosmology=None, xp=np):
        """BMO09's total mass of the truncated halo [Msun], 4 pi rho_s r_s^3 bracket(tau), with
        rho_s = kappa_s Sigma_crit / r_s. (Upstream: M200 x bracket; see the module docstring.)
        ``redshift_of_cosmic_average_density`` is accepted for upstream's signature; the total
        mass does not depend on it."""
        cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
        rho_s = self.rho_at_scale_radius_solar_mass_per_kpc3(redshift_profile, redshift_source,
                                                             cosmology)
        rs_kpc = self.scale_radius * cosmology.kpc_per_arcsec_from(redshift_profile, xp=xp)
        return 4.0 * np.pi * rho_s * rs_kpc**3 * total_mass_bracket(self.tau, xp=xp)
