"""NFW profiles parameterised by halo mass M200c through a mass-concentration relation.

Each class is a thin holder over :class:`~autogalaxy.profiles.mass.dark.mcr.MassConcentration`:
its free parameters are (centre, [ell_comps,] mass_at_200 [Msun], [scatter_sigma,] redshifts),
and ``kappa_s``, ``scale_radius`` [arcsec] and ``radius_at_200_kpc`` [kpc] are derived from them
(``radius_at_200(z_l, z_s)`` is upstream's method, in arcsec). Keyword-only settings:
``cosmology=`` (any flat LambdaCDM, default Planck15) and, for the Ludlow16 classes,
``solver="grid"`` (colossus's c-grid rule) or ``"smooth"`` (the continuous root; smooth gradients
for gradient-based samplers).
"""

from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation
from autogalaxy.profiles.mass.dark.nfw import NFWSph
from autogalaxy.profiles.mass.dark.nfw_mcr_scatter import (  # noqa: F401 (also exported here)
    NFWMCRScatterLudlow,
    NFWMCRScatterLudlowSph,
)


class NFWMCRLudlow(NFWMCRScatterLudlow):
    """Elliptical NFW of mass M200c [Msun] on the mean Ludlow16 relation.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1e9,
                 redshift_object=0.5, redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, ell_comps, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, redshift_object=redshift_object,
                        redshift_source=redshift_source)


class NFWMCRLudlowSph(NFWMCRScatterLudlowSph):
    """Spherical NFW of mass M200c [Msun] on the mean Ludlow16 relation.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, redshift_object=redshift_object,
                        redshift_source=redshift_source)


class NFWMCRDuffySph(MassConcentration, NFWSph):
    """Spherical NFW of mass M200c [Msun] with the Duffy et al. (2008) concentration.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    relation = "duffy08"

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None):
        self._init_halo(centre, cosmology=cosmology, mass_at_200=mass_at_200,
                        redshift_object=redshift_object, redshift_source=redshift_source)
