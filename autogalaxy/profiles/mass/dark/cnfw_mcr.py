"""Cored NFW parameterised by M200c through the Ludlow16 relation and a core fraction f_c.

core_radius = f_c scale_radius with 0 < f_c < 1 (derived), and kappa_s from the exact cored
enclosed mass m(c, f_c), so M3D(< r200) = mass_at_200 for every f_c (see
``mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow``).
"""

from autogalaxy.profiles.mass.dark.cnfw_mcr_scatter import (  # noqa: F401 (also exported here)
    cNFWMCRScatterLudlow,
    cNFWMCRScatterLudlowSph,
)
from autogalaxy.profiles.mass.dark.mcr import ludlow_relation


class cNFWMCRLudlow(cNFWMCRScatterLudlow):
    """Elliptical cored NFW of mass M200c [Msun] on the mean Ludlow16 relation.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1e9, f_c=0.01,
                 redshift_object=0.5, redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, ell_comps, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, f_c=f_c, redshift_object=redshift_object,
                        redshift_source=redshift_source)


class cNFWMCRLudlowSph(cNFWMCRScatterLudlowSph):
    """Spherical cored NFW of mass M200c [Msun] on the mean Ludlow16 relation.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, f_c=0.01, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, f_c=f_c, redshift_object=redshift_object,
                        redshift_source=redshift_source)
