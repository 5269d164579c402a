"""Truncated NFW profiles parameterised by M200c, truncated at twice r200.

As :mod:`nfw_mcr`, plus ``truncation_radius`` = 2 r200 converted to arcsec at the lens redshift
(Planck15).
"""

from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autogalaxy.util.xp import xp_from

TRUNCATION_IN_R200 = 2.0


class NFWTruncatedMCRScatterLudlowSph(NFWTruncatedSph):
    """Spherical truncated NFW of mass M200c [Msun], Ludlow16 concentration with scatter."""

    derived_attributes = ("kappa_s", "scale_radius", "truncation_radius", "radius_at_200")

    def __init__(
        self,
        centre=(0.0, 0.0),
        mass_at_200=1e9,
        scatter_sigma=0.0,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        xp = xp_from(mass_at_200, scatter_sigma, redshift_object, redshift_source)
        kappa_s, scale_radius, self.radius_at_200 = mcr_util.kappa_s_and_scale_radius_for_ludlow(
            mass_at_200, scatter_sigma, redshift_object, redshift_source, xp=xp
        )
        self._init_truncated(centre, kappa_s, scale_radius, redshift_object, xp)
        self.mass_at_200 = mass_at_200
        self.scatter_sigma = scatter_sigma
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source

    def _init_truncated(self, centre, kappa_s, scale_radius, redshift_object, xp):
        kpc_per_arcsec = Planck15().kpc_per_arcsec_from(redshift_object, xp=xp)
        NFWTruncatedSph.__init__(
            self,
            centre,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            truncation_radius=TRUNCATION_IN_R200 * self.radius_at_200 / kpc_per_arcsec,
        )


class NFWTruncatedMCRLudlowSph(NFWTruncatedMCRScatterLudlowSph):
    """Spherical truncated NFW of mass M200c [Msun] on the mean Ludlow16 relation."""

    scatter_sigma = 0.0

    def __init__(
        self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5, redshift_source=1.0
    ):
        super().__init__(centre, mass_at_200, 0.0, redshift_object, redshift_source)


class NFWTruncatedMCRDuffySph(NFWTruncatedMCRScatterLudlowSph):
    """Spherical truncated NFW of mass M200c [Msun] with the Duffy et al. (2008) concentration."""

    scatter_sigma = 0.0

    def __init__(
        self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5, redshift_source=1.0
    ):
        xp = xp_from(mass_at_200, redshift_object, redshift_source)
        kappa_s, scale_radius, self.radius_at_200 = mcr_util.kappa_s_and_scale_radius_for_duffy(
            mass_at_200, redshift_object, redshift_source, xp=xp
        )
        self._init_truncated(centre, kappa_s, scale_radius, redshift_object, xp)
        self.mass_at_200 = mass_at_200
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source
