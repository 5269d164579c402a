"""Cored NFW parameterised by M200c through the Ludlow16 relation and a core fraction f_c.

core_radius = f_c scale_radius with 0 < f_c < 1, and kappa_s from the exact cored enclosed mass,
so M3D(< r200) = mass_at_200 (see mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow).
"""

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.cnfw import cNFW, cNFWSph
from autogalaxy.util.xp import xp_from

DERIVED = ("kappa_s", "scale_radius", "core_radius", "radius_at_200")


def _ludlow_cnfw(mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source):
    xp = xp_from(mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source)
    return mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
        mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source, xp=xp
    )


class cNFWMCRScatterLudlow(cNFW):
    """Elliptical cored NFW of mass M200c [Msun], Ludlow16 concentration with scatter."""

    derived_attributes = DERIVED

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        mass_at_200=1e9,
        scatter_sigma=0.0,
        f_c=0.01,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        kappa_s, scale_radius, core_radius, self.radius_at_200 = _ludlow_cnfw(
            mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source
        )
        super().__init__(
            centre,
            ell_comps,
            kappa_s=kappa_s,
            scale_radius=scale_radius,
            core_radius=core_radius,
        )
        self.mass_at_200 = mass_at_200
        self.scatter_sigma = scatter_sigma
        self.f_c = f_c
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source


class cNFWMCRScatterLudlowSph(cNFWSph):
    """Spherical cored NFW of mass M200c [Msun], Ludlow16 concentration with scatter."""

    derived_attributes = DERIVED

    def __init__(
        self,
        centre=(0.0, 0.0),
        mass_at_200=1e9,
        scatter_sigma=0.0,
        f_c=0.01,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        kappa_s, scale_radius, core_radius, self.radius_at_200 = _ludlow_cnfw(
            mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source
        )
        super().__init__(
            centre, kappa_s=kappa_s, scale_radius=scale_radius, core_radius=core_radius
        )
        self.mass_at_200 = mass_at_200
        self.scatter_sigma = scatter_sigma
        self.f_c = f_c
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source


class cNFWMCRLudlow(cNFWMCRScatterLudlow):
    """Elliptical cored NFW of mass M200c [Msun] on the mean Ludlow16 relation."""

    scatter_sigma = 0.0

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        mass_at_200=1e9,
        f_c=0.01,
        redshift_object=0.5,
        redshift_source=1.0,
    ):
        super().__init__(centre, ell_comps, mass_at_200, 0.0, f_c, redshift_object, redshift_source)


class cNFWMCRLudlowSph(cNFWMCRScatterLudlowSph):
    """Spherical cored NFW of mass M200c [Msun] on the mean Ludlow16 relation."""

    scatter_sigma = 0.0

    def __init__(
        self, centre=(0.0, 0.0), mass_at_200=1e9, f_c=0.01, redshift_object=0.5, redshift_source=1.0
    ):
        super().__init__(centre, mass_at_200, 0.0, f_c, redshift_object, redshift_source)
