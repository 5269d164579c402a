"""NFW profiles parameterised by halo mass M200c through a mass-concentration relation.

Each class converts (mass_at_200 [Msun], scatter, redshifts) into the NFW's kappa_s and
scale_radius [arcsec] with :mod:`autogalaxy.profiles.mass.dark.mcr_util` (Planck15 cosmology) and
keeps inputs and derived values as attributes (``kappa_s``, ``scale_radius``, ``radius_at_200``
[kpc]). Built from JAX arrays or tracers, the conversion runs on JAX, so a jitted likelihood can
sample ``mass_at_200`` directly.
"""

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph
from autogalaxy.util.xp import xp_from

DERIVED = ("kappa_s", "scale_radius", "radius_at_200")


def _ludlow_nfw(mass_at_200, scatter_sigma, redshift_object, redshift_source):
    xp = xp_from(mass_at_200, scatter_sigma, redshift_object, redshift_source)
    return mcr_util.kappa_s_and_scale_radius_for_ludlow(
        mass_at_200, scatter_sigma, redshift_object, redshift_source, xp=xp
    )


def _duffy_nfw(mass_at_200, redshift_object, redshift_source):
    xp = xp_from(mass_at_200, redshift_object, redshift_source)
    return mcr_util.kappa_s_and_scale_radius_for_duffy(
        mass_at_200, redshift_object, redshift_source, xp=xp
    )


class NFWMCRScatterLudlow(NFW):
    """Elliptical NFW of mass M200c [Msun] with Ludlow et al. (2016) concentration scattered by
    ``scatter_sigma`` x 0.15 dex."""

    derived_attributes = DERIVED

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        mass_at_200=1e9,
        scatter_sigma=0.0,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        kappa_s, scale_radius, self.radius_at_200 = _ludlow_nfw(
            mass_at_200, scatter_sigma, redshift_object, redshift_source
        )
        super().__init__(centre, ell_comps, kappa_s=kappa_s, scale_radius=scale_radius)
        self.mass_at_200 = mass_at_200
        self.scatter_sigma = scatter_sigma
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source


class NFWMCRScatterLudlowSph(NFWSph):
    """Spherical NFW of mass M200c [Msun], Ludlow16 concentration with scatter."""

    derived_attributes = DERIVED

    def __init__(
        self,
        centre=(0.0, 0.0),
        mass_at_200=1e9,
        scatter_sigma=0.0,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        kappa_s, scale_radius, self.radius_at_200 = _ludlow_nfw(
            mass_at_200, scatter_sigma, redshift_object, redshift_source
        )
        super().__init__(centre, kappa_s=kappa_s, scale_radius=scale_radius)
        self.mass_at_200 = mass_at_200
        self.scatter_sigma = scatter_sigma
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source


class NFWMCRLudlow(NFWMCRScatterLudlow):
    """Elliptical NFW of mass M200c [Msun] on the mean Ludlow16 relation."""

    scatter_sigma = 0.0

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        mass_at_200=1e9,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        super().__init__(centre, ell_comps, mass_at_200, 0.0, redshift_object, redshift_source)


class NFWMCRLudlowSph(NFWMCRScatterLudlowSph):
    """Spherical NFW of mass M200c [Msun] on the mean Ludlow16 relation."""

    scatter_sigma = 0.0

    def __init__(
        self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5, redshift_source=1.0
    ):
        super().__init__(centre, mass_at_200, 0.0, redshift_object, redshift_source)


class NFWMCRDuffySph(NFWSph):
    """Spherical NFW of mass M200c [Msun] with the Duffy et al. (2008) concentration."""

    derived_attributes = DERIVED

    def __init__(
        self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5, redshift_source=1.0
    ):
        kappa_s, scale_radius, self.radius_at_200 = _duffy_nfw(
            mass_at_200, redshift_object, redshift_source
        )
        super().__init__(centre, kappa_s=kappa_s, scale_radius=scale_radius)
        self.mass_at_200 = mass_at_200
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source
