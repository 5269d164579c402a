"""NFW profiles of mass M200c with a scattered Ludlow et al. (2016) concentration (upstream's module
path for ``NFWMCRScatterLudlow`` and ``NFWMCRScatterLudlowSph``; see :mod:`nfw_mcr`)."""

from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation
from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph


class NFWMCRScatterLudlow(MassConcentration, NFW):
    """Elliptical NFW of mass M200c [Msun] with Ludlow et al. (2016) concentration scattered by
    ``scatter_sigma`` x 0.15 dex.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1e9, scatter_sigma=0.0,
                 redshift_object=0.5, redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, ell_comps, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, scatter_sigma=scatter_sigma,
                        redshift_object=redshift_object, redshift_source=redshift_source)


class NFWMCRScatterLudlowSph(MassConcentration, NFWSph):
    """Spherical NFW of mass M200c [Msun], Ludlow16 concentration with scatter.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, scatter_sigma=0.0, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, scatter_sigma=scatter_sigma,
                        redshift_object=redshift_object, redshift_source=redshift_source)
