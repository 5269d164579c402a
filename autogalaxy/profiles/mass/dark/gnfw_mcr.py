"""Generalised NFW parameterised by M200c through the Ludlow16 relation.

r_s = r200 / c with the Ludlow et al. (2016) concentration, and kappa_s normalised with the gNFW's
own enclosed mass so that M3D(< r200) = mass_at_200 for every ``inner_slope`` (a free parameter).
"""

from autogalaxy.profiles.mass.dark.gnfw import gNFW, gnfw_enclosed_mass_hat
from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation


class gNFWMCRLudlow(MassConcentration, gNFW):
    """Elliptical gNFW of mass M200c [Msun] and inner slope gamma on the mean Ludlow16 relation.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1e9,
                 redshift_object=0.5, redshift_source=1.0, inner_slope=1.0, *, cosmology=None,
                 solver="grid"):
        self.solver = solver
        self._init_halo(centre, ell_comps, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, redshift_object=redshift_object,
                        redshift_source=redshift_source, inner_slope=inner_slope)

    def _halo_mass_factor(self, c, xp):
        return gnfw_enclosed_mass_hat(c, self.inner_slope, xp=xp)
