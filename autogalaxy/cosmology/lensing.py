"""Lensing quantities of a flat cosmology under upstream autogalaxy's names (``LensingCosmology``).

A mixin: the concrete class (``flat_lambda_cdm.FlatLambdaCDM``) supplies ``H0``, ``E(z, xp)`` and
the comoving distance; every lensing method here (critical densities, angular-diameter distances,
arcsec conversions, Sigma_crit, multi-plane scaling, velocity dispersion) is built on those, so it
carries the concrete class's accuracy. Units as in :mod:`flat_lambda_cdm`.
"""

import numpy as np

from autogalaxy.cosmology import constants as const
from autogalaxy.util.checks import check, is_concrete

__all__ = ["LensingCosmology"]


def _redshift_argument(z, redshift, method):
    """The redshift given either positionally / as ``z`` (upstream's name) or as ``redshift``
    (this package's former name), exactly once."""
    if redshift is None:
        if z is None:
            raise TypeError(f"{method}() missing the redshift argument 'z'")
        return z
    if z is not None:
        raise TypeError(f"{method}() got the redshift twice (as 'z' and as 'redshift')")
    return redshift



class LensingCosmology:
    """Lensing quantities of a flat cosmology (mixin; upstream autogalaxy's names and arguments).

    The concrete class provides ``H0`` [km/s/Mpc], ``E(z, xp)`` and
    ``comoving_distance_between_redshifts_in_kpc_from(redshift_0, redshift_1, xp)``; everything
    here is built on those, so the results carry the concrete class's accuracy (for
    ``FlatLambdaCDM``: astropy's physics and double-precision quadrature, against upstream's
    approximate neutrino treatment, Simpson rule and rounded constants, which differ from
    astropy by up to ~1e-4 relative).

    Every method takes ``xp=numpy`` or ``xp=jax.numpy`` and broadcasts over redshift arrays.
    """

    # --- scales set by H0 -------------------------------------------------------------
    @property
    def hubble_time_inverse_s(self):
        """H0 in 1/s."""
        return self.H0 * 1e3 / const.MPC_M

    @property
    def critical_density0_si(self):
        """Critical density today, 3 H0^2 / (8 pi G), in kg/m^3."""
        return 3.0 * self.hubble_time_inverse_s**2 / (8.0 * np.pi * const.G_SI)

    @property
    def hubble_distance_kpc(self):
        """c / H0 [kpc]."""
        return const.SPEED_OF_LIGHT_KM_S / self.H0 * const.MPC_KPC

    # --- densities ----------------------------------------------------------------------
    def critical_density(self, z=None, xp=np, *, redshift=None):
        """Critical density 3 H(z)^2 / (8 pi G) at redshift ``z`` [Msun/kpc^3].

        (astropy's ``critical_density(z)`` converted to Msun/kpc^3, as upstream's.) The redshift
        may also be passed as ``redshift=`` (this package's former argument name).
        """
        z = _redshift_argument(z, redshift, "critical_density")
        to_msun_kpc3 = const.KPC_M**3 / const.SOLAR_MASS_KG
        return self.critical_density0_si * to_msun_kpc3 * self.E(z, xp=xp) ** 2

    def cosmic_average_density_solar_mass_per_kpc3_from(self, redshift, xp=np):
        """Upstream's "cosmic average density" [Msun/kpc^3]: the *critical* density at
        ``redshift``, 3 H(z)^2 / (8 pi G) (not the mean matter density)."""
        return self.critical_density(redshift, xp=xp)

    def cosmic_average_density_from(self, redshift, xp=np):
        """The critical density at ``redshift`` in angular units, Msun per (proper arcsec at
        ``redshift``)^3: ``critical_density(z) * kpc_per_arcsec_from(z)**3``, as upstream."""
        return (
            self.cosmic_average_density_solar_mass_per_kpc3_from(redshift, xp=xp)
            * self.kpc_per_arcsec_from(redshift, xp=xp) ** 3
        )

    # --- distances ----------------------------------------------------------------------
    def comoving_distance_in_kpc_from(self, redshift, xp=np):
        """Line-of-sight comoving distance to ``redshift`` [kpc]."""
        return self.comoving_distance_between_redshifts_in_kpc_from(0.0, redshift, xp=xp)

    def angular_diameter_distance_to_earth_in_kpc_from(self, redshift, xp=np):
        """Angular-diameter distance D_A(z) = D_C(z) / (1 + z) [kpc]."""
        z = xp.asarray(redshift, dtype=float)
        return self.comoving_distance_in_kpc_from(redshift, xp=xp) / (1.0 + z)

    def angular_diameter_distance_between_redshifts_in_kpc_from(
        self, redshift_0, redshift_1, xp=np
    ):
        """Angular-diameter distance from redshift_0 to redshift_1: D_C(z0, z1) / (1 + z1) [kpc]."""
        z1 = xp.asarray(redshift_1, dtype=float)
        return self.comoving_distance_between_redshifts_in_kpc_from(
            redshift_0, redshift_1, xp=xp
        ) / (1.0 + z1)

    def luminosity_distance(self, z, xp=np):
        """Luminosity distance (1 + z) D_C(z) to redshift ``z`` in **Mpc** (upstream's unit, the
        value of astropy's ``luminosity_distance(z)``)."""
        zp1 = 1.0 + xp.asarray(z, dtype=float)
        return zp1 * self.comoving_distance_in_kpc_from(z, xp=xp) / const.MPC_KPC

    def kpc_per_arcsec_from(self, redshift, xp=np):
        """Proper transverse size of one arcsec at ``redshift`` [kpc/arcsec]."""
        return (
            self.angular_diameter_distance_to_earth_in_kpc_from(redshift, xp=xp) * const.ARCSEC_RAD
        )

    def arcsec_per_kpc_from(self, redshift, xp=np):
        """Angle subtended by one proper kpc at ``redshift`` [arcsec/kpc]."""
        return 1.0 / self.kpc_per_arcsec_from(redshift, xp=xp)

    def kpc_proper_per_arcsec(self, z, xp=np):
        """``kpc_per_arcsec_from`` under upstream's astropy-style name [kpc/arcsec]."""
        return self.kpc_per_arcsec_from(z, xp=xp)

    def arcsec_per_kpc_proper(self, z, xp=np):
        """astropy's ``arcsec_per_kpc_proper(z)`` (upstream's name) [arcsec/kpc]."""
        return self.arcsec_per_kpc_from(z, xp=xp)

    # --- lensing ------------------------------------------------------------------------
    def critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        self, redshift_0, redshift_1, xp=np
    ):
        """Lensing critical surface density c^2 D_s / (4 pi G D_l D_ls) [Msun/kpc^2].

        ``redshift_0`` is the lens, ``redshift_1`` the source. Equal redshifts give +inf (the
        limit, and upstream's value); a source in front of the lens raises on the NumPy path
        and gives NaN on the JAX path.
        """
        check("redshift_0", redshift_0, lambda v: v >= 0, "non-negative")
        if is_concrete(redshift_0) and is_concrete(redshift_1):
            check(
                "redshift_1 - redshift_0",
                np.subtract(redshift_1, redshift_0),
                lambda v: v >= 0,
                "non-negative (the source cannot lie in front of the lens)",
            )
        z0 = xp.asarray(redshift_0, dtype=float)
        z1 = xp.asarray(redshift_1, dtype=float)
        behind = z1 > z0
        d_l = self.angular_diameter_distance_to_earth_in_kpc_from(z0, xp=xp)
        d_s = self.angular_diameter_distance_to_earth_in_kpc_from(z1, xp=xp)
        d_ls = self.angular_diameter_distance_between_redshifts_in_kpc_from(z0, z1, xp=xp)
        # the unused branches get a harmless denominator, so no 1/0 warnings and no NaN gradients
        sigma = const.C2_OVER_4PI_G_MSUN_KPC * d_s / (d_l * xp.where(behind, d_ls, 1.0))
        return xp.where(behind, sigma, xp.where(z1 == z0, xp.inf, xp.nan))

    def critical_surface_density_between_redshifts_from(self, redshift_0, redshift_1, xp=np):
        """Critical surface density in angular units, Msun per (proper arcsec at the lens)^2:
        Sigma_crit [Msun/kpc^2] * kpc_per_arcsec_from(redshift_0)^2, as upstream."""
        sigma = self.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            redshift_0, redshift_1, xp=xp
        )
        return sigma * self.kpc_per_arcsec_from(redshift_0, xp=xp) ** 2

    def scaling_factor_between_redshifts_from(
        self, redshift_0, redshift_1, redshift_final, xp=np
    ):
        """Multi-plane deflection scaling beta = D(z0, z1) D(z_final) / (D(z1) D(z0, z_final)).

        It scales deflections of the plane at ``redshift_0`` computed for a source at
        ``redshift_final`` to a source at ``redshift_1`` (0 when z1 = z0, 1 when z1 = z_final);
        all D are angular-diameter distances.
        """
        d_01 = self.angular_diameter_distance_between_redshifts_in_kpc_from(
            redshift_0, redshift_1, xp=xp
        )
        d_f = self.angular_diameter_distance_to_earth_in_kpc_from(redshift_final, xp=xp)
        d_1 = self.angular_diameter_distance_to_earth_in_kpc_from(redshift_1, xp=xp)
        d_0f = self.angular_diameter_distance_between_redshifts_in_kpc_from(
            redshift_0, redshift_final, xp=xp
        )
        return (d_01 * d_f) / (d_1 * d_0f)

    def velocity_dispersion_from(self, redshift_0, redshift_1, einstein_radius, xp=np):
        """Velocity dispersion [km/s] of a singular isothermal sphere at ``redshift_0`` with
        Einstein radius ``einstein_radius`` [arcsec] for a source at ``redshift_1``:
        theta_E = 4 pi (sigma / c)^2 D_ls / D_s, i.e. sigma = c sqrt(theta_E D_s / (4 pi D_ls)).
        """
        d_s = self.angular_diameter_distance_to_earth_in_kpc_from(redshift_1, xp=xp)
        d_ls = self.angular_diameter_distance_between_redshifts_in_kpc_from(
            redshift_0, redshift_1, xp=xp
        )
        theta = xp.asarray(einstein_radius, dtype=float) * const.ARCSEC_RAD
        return const.SPEED_OF_LIGHT_KM_S * xp.sqrt(theta * d_s / (4.0 * np.pi * d_ls))
