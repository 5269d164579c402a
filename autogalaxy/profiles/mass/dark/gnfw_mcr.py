"""Generalised NFW parameterised by M200c through the Ludlow16 relation.

r_s = r200 / c with the Ludlow et al. (2016) concentration, and kappa_s normalised with the gNFW's
own enclosed mass so that M3D(< r200) = mass_at_200 for every ``inner_slope``.
"""

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.gnfw import gNFW
from autogalaxy.util.xp import xp_from


class gNFWMCRLudlow(gNFW):
    """Elliptical gNFW of mass M200c [Msun] and inner slope gamma on the mean Ludlow16 relation."""

    derived_attributes = ("kappa_s", "scale_radius", "radius_at_200")

    def __init__(
        self,
        centre=(0.0, 0.0),
        ell_comps=(0.0, 0.0),
        mass_at_200=1e9,
        redshift_object=0.5,
        redshift_source=1.0,
        inner_slope=1.0,
    ):
        xp = xp_from(mass_at_200, redshift_object, redshift_source, inner_slope)
        kappa_s, scale_radius, self.radius_at_200 = (
            mcr_util.kappa_s_and_scale_radius_for_ludlow_gnfw(
                mass_at_200, 0.0, inner_slope, redshift_object, redshift_source, xp=xp
            )
        )
        super().__init__(
            centre, ell_comps, kappa_s=kappa_s, inner_slope=inner_slope, scale_radius=scale_radius
        )
        self.mass_at_200 = mass_at_200
        self.redshift_object = redshift_object
        self.redshift_source = redshift_source
