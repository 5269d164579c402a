"""Upstream's dark-matter base classes: ``DarkProfile`` and ``AbstractgNFW`` (halo-mass methods).

Every NFW-family profile (and so every mass-concentration class) is an ``AbstractgNFW``: it gets
upstream autogalaxy's halo methods with upstream's names and signatures, computed with the
profile's own enclosed mass m(c) (see :mod:`halo_util`) and one root helper, NumPy or JAX:

- ``concentration(redshift_profile, redshift_source, redshift_of_cosmic_average_density="profile",
  cosmology=None, xp=np)``: c200 = r200 / r_s, where r200 encloses 200 rho_crit(z) and z is the
  lens redshift ("profile", i.e. c200c) or 0 ("local": upstream's option, kept for upstream users;
  the overdensity is then relative to today's critical density);
- ``radius_at_200(...)`` [arcsec], ``mass_at_200_solar_masses(...)`` [Msun],
  ``delta_concentration(...)`` = rho_s / rho_crit(z), ``rho_at_scale_radius_solar_mass_per_kpc3``
  = rho_s = kappa_s Sigma_crit / r_s [Msun/kpc^3] (upstream's name; for the NFW, rho(r_s) is
  rho_s / 4);
- ``concentration_func`` (upstream's NFW residual, a static method), ``ellipticity_rescale``,
  ``coord_func_f/g/h`` (the NFW auxiliary functions of the projected profile, real-valued).

Upstream solves the NFW equation for every family (``concentration_func`` with fsolve); here each
family uses its own m(c), so M3D(< r200) = M200 holds for gNFW and cored NFW too
(docs/upstream_differences.md). Invalid traced parameters give NaN, as the other methods do.
"""

import numpy as np

from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.nfw_util import nfw_f, nfw_f_minus_one_over_s, nfw_g

__all__ = ["DarkProfile", "AbstractgNFW", "coord_func_f_from"]

DENSITY_REDSHIFT_CHOICES = ("profile", "local")


class DarkProfile:
    """Marker base of the dark-matter profiles (as upstream: ``isinstance(p, DarkProfile)``)."""


def coord_func_f_from(grid_radius, xp=np):
    """F(x) = arccos(1/x)/sqrt(x^2-1) (x > 1), arccosh(1/x)/sqrt(1-x^2) (x < 1), 1 at x = 1.

    The NFW projection function (Bartelmann 1996), x = R / r_s > 0; real-valued, float64 accurate
    across x = 1 (``nfw_util.nfw_f``).
    """
    return nfw_f(xp.asarray(grid_radius, dtype=float), xp=xp)


def _density_redshift(choice, redshift_object):
    if choice == "profile":
        return redshift_object
    if choice == "local":
        return 0.0
    raise ValueError(
        f"redshift_of_cosmic_average_density must be one of {DENSITY_REDSHIFT_CHOICES}; "
        f"got {choice!r}"
    )


def _resolve(redshift_of_cosmic_average_density, cosmology):
    # earlier autogalaxy-native calls passed the cosmology third: accept that unambiguously
    if not isinstance(redshift_of_cosmic_average_density, str):
        return "profile", redshift_of_cosmic_average_density
    return redshift_of_cosmic_average_density, cosmology


class AbstractgNFW(DarkProfile):
    """Mixin: upstream's halo-mass methods for a profile with ``kappa_s``, ``scale_radius``
    [arcsec], ``_valid(xp)`` and ``_enclosed_mass(c, xp)`` (its dimensionless m(c))."""

    inner_slope = 1.0  # the NFW family's inner slope; gNFW profiles store their own

    def _halo(self, redshift_object, redshift_source, choice, cosmology, xp):
        choice, cosmology = _resolve(choice, cosmology)
        z_ref = _density_redshift(choice, redshift_object)
        c, mass = halo_util.concentration_and_mass_at_200_from(
            self.kappa_s, self.scale_radius, redshift_object, redshift_source,
            self._enclosed_mass, cosmology=cosmology, xp=xp, density_redshift=z_ref,
        )
        invalid = xp.where(self._valid(xp), 1.0, xp.nan)
        return c * invalid, mass * invalid

    def concentration(self, redshift_profile=None, redshift_source=None,
                      redshift_of_cosmic_average_density="profile", cosmology=None, xp=np, *,
                      redshift_object=None):
        """c200 = r200 / r_s of the halo with this profile's parameters (default Planck15).

        ``redshift_profile`` is the lens redshift (``redshift_object=`` is accepted too).
        """
        z_l = redshift_object if redshift_profile is None else redshift_profile
        return self._halo(z_l, redshift_source, redshift_of_cosmic_average_density, cosmology,
                          xp)[0]

    def mass_at_200_solar_masses(self, redshift_object, redshift_source,
                                 redshift_of_cosmic_average_density="profile", cosmology=None,
                                 xp=np):
        """M200 [Msun] = (4 pi / 3) 200 rho_crit(z) r200^3 (default Planck15; c200c)."""
        return self._halo(redshift_object, redshift_source, redshift_of_cosmic_average_density,
                          cosmology, xp)[1]

    def radius_at_200(self, redshift_object, redshift_source,
                      redshift_of_cosmic_average_density="profile", cosmology=None, xp=np):
        """r200 = c200 r_s [arcsec] (upstream's unit)."""
        return self.concentration(redshift_object, redshift_source,
                                  redshift_of_cosmic_average_density, cosmology, xp) * (
            self.scale_radius
        )

    def rho_at_scale_radius_solar_mass_per_kpc3(self, redshift_object, redshift_source,
                                                cosmology=None):
        """rho_s = kappa_s Sigma_crit / r_s [Msun/kpc^3] (upstream's name for the normalisation)."""
        return halo_util.rho_s_from(self.kappa_s, self.scale_radius, redshift_object,
                                    redshift_source, cosmology)

    def delta_concentration(self, redshift_object, redshift_source,
                            redshift_of_cosmic_average_density="profile", cosmology=None):
        """rho_s / rho_crit(z), z the lens redshift ("profile") or 0 ("local")."""
        choice, cosmology = _resolve(redshift_of_cosmic_average_density, cosmology)
        return halo_util.rho_s_over_rho_crit_from(
            self.kappa_s, self.scale_radius, redshift_object, redshift_source, cosmology,
            density_redshift=_density_redshift(choice, redshift_object),
        )

    def density_3d_func(self, r, xp=np):
        """3D density rho(r) in upstream's lensing units (kappa_s / r_s per arcsec, i.e. rho /
        Sigma_crit), at radii ``r`` [arcsec] (plain arrays or objects with ``.array``)."""
        x = xp.asarray(getattr(r, "array", r), dtype=float) / self.scale_radius
        return self.kappa_s / self.scale_radius * self._density_hat(x, xp)

    def _density_hat(self, x, xp):
        """rho / rho_s at x = r / r_s: x^-gamma (1 + x)^(gamma - 3) (gNFW; the NFW at gamma = 1).
        Families with another shape override it."""
        gamma = xp.asarray(self.inner_slope, dtype=float)
        return x**-gamma * (1.0 + x) ** (gamma - 3.0)

    def convergence_func(self, grid_radius, xp=np):
        """kappa of the profile at elliptical radius ``grid_radius`` [arcsec] (upstream's name),
        evaluated exactly on the major axis with the profile's own convergence kernel."""
        xi = xp.asarray(getattr(grid_radius, "array", grid_radius), dtype=float)
        phi = xp.radians(self.angle(xp=xp))
        y = xp.asarray(self.centre[0], dtype=float) + xi * xp.sin(phi)
        x = xp.asarray(self.centre[1], dtype=float) + xi * xp.cos(phi)
        flat = xp.stack([xp.reshape(y, (-1,)), xp.reshape(x, (-1,))], axis=-1)
        return xp.reshape(self.convergence_2d_from(flat, xp=xp), xi.shape)

    @staticmethod
    def concentration_func(concentration, delta_concentration, xp=np):
        """(200/3) c^3 / m_NFW(c) - delta_concentration: upstream's NFW residual in c."""
        c = concentration
        return 200.0 / 3.0 * c**3 / (xp.log1p(c) - c / (1.0 + c)) - delta_concentration

    @property
    def ellipticity_rescale(self):
        """1 - (1 - q) / 2 (upstream's rescaling factor for elliptical deflections)."""
        return 1.0 - (1.0 - self.axis_ratio()) / 2.0

    def coord_func_f(self, grid_radius, xp=np):
        """F(x) of the NFW projection (``coord_func_f_from``)."""
        return coord_func_f_from(grid_radius, xp=xp)

    def coord_func_g(self, grid_radius, xp=np):
        """g(x) = (1 - F(x)) / (x^2 - 1), 1/3 at x = 1 (NFW projection; cancellation-free,
        ``nfw_util.nfw_f_minus_one_over_s``: ~3e-16 relative)."""
        return nfw_f_minus_one_over_s(xp.asarray(grid_radius, dtype=float), xp=xp)

    def coord_func_h(self, grid_radius, xp=np):
        """h(x) = ln(x / 2) + F(x) (NFW projection; ``nfw_util.nfw_g``: ~2e-15 relative)."""
        return nfw_g(xp.asarray(grid_radius, dtype=float), xp=xp)

    # --- upstream's alternative deflection routes: the exact method serves each name --------
    def deflections_2d_via_analytic_from(self, grid, xp=np, **kwargs):
        """Upstream's analytic route; here the profile's exact ``deflections_yx_2d_from``."""
        return self.deflections_yx_2d_from(grid, xp=xp)

    def deflections_2d_via_cse_from(self, grid, xp=np, **kwargs):
        """Upstream's cored-steep-ellipsoid approximation (Oguri 2021); here the exact
        ``deflections_yx_2d_from`` (no decomposition error)."""
        return self.deflections_yx_2d_from(grid, xp=xp)

    def deflections_2d_via_mge_from(self, grid, xp=np, **kwargs):
        """Upstream's multi-Gaussian approximation; here the exact ``deflections_yx_2d_from``."""
        return self.deflections_yx_2d_from(grid, xp=xp)

    def deflection_func_sph(self, grid_radius, xp=np):
        """h(x) = ln(x/2) + F(x) = M2D(< x r_s) / (4 pi rho_s r_s^3) of the NFW, so that
        alpha = 4 kappa_s r_s h(x) / x (upstream's name on NFWSph)."""
        return self.coord_func_h(grid_radius, xp=xp)

    @staticmethod
    def potential_func_sph(eta, xp=np):
        """ln^2(x/2) - (1 - x^2) F(x)^2 (= ln^2(x/2) - arctanh^2(sqrt(1 - x^2))): the NFW potential
        is 2 kappa_s r_s^2 times this (Golse & Kneib 2002); real-valued for every x > 0."""
        from autogalaxy.profiles.mass.dark.nfw import nfw_potential_hat

        return 0.5 * nfw_potential_hat(xp.asarray(getattr(eta, "array", eta), dtype=float), xp=xp)
