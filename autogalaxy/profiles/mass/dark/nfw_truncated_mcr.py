"""Truncated NFW profiles parameterised by M200c, truncated at twice r200.

As :mod:`nfw_mcr`, plus the derived ``truncation_radius`` = 2 r200 in arcsec at the lens redshift,
in the same cosmology as the concentration and the lensing distances. kappa_s is normalised with
the untruncated NFW's m(c), as upstream autogalaxy does (M200 is the mass of the untruncated halo).
"""

from autogalaxy.profiles.mass.dark.mcr import ludlow_relation
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr_scatter import (  # noqa: F401 (also here)
    TRUNCATION_IN_R200,
    NFWTruncatedMCRScatterLudlowSph,
)


class NFWTruncatedMCRLudlowSph(NFWTruncatedMCRScatterLudlowSph):
    """Spherical truncated NFW of mass M200c [Msun] on the mean Ludlow16 relation.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, redshift_object=redshift_object,
                        redshift_source=redshift_source)


class NFWTruncatedMCRDuffySph(NFWTruncatedMCRScatterLudlowSph):
    """Spherical truncated NFW of mass M200c [Msun] with the Duffy et al. (2008) concentration.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    relation = "duffy08"

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None):
        self._init_halo(centre, cosmology=cosmology, mass_at_200=mass_at_200,
                        redshift_object=redshift_object, redshift_source=redshift_source)
