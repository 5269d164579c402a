"""Cored NFW of mass M200c with a scattered Ludlow16 concentration (upstream's module path for
``cNFWMCRScatterLudlow`` and ``cNFWMCRScatterLudlowSph``; the pattern is in :mod:`cnfw_mcr`)."""

from autogalaxy.profiles.mass.dark.cnfw import cNFW, cnfw_enclosed_mass_factor, cNFWSph
from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation
from autogalaxy.profiles.mass.kernel_util import nan_unless


class _CoredHalo(MassConcentration):
    derived_parameters = ("kappa_s", "scale_radius", "core_radius", "radius_at_200_kpc")

    def _halo_mass_factor(self, c, xp):
        # traced f_c outside (0, 1) (no NumPy error there) makes every output NaN
        f_c = xp.asarray(self.f_c, dtype=float)
        m = cnfw_enclosed_mass_factor(c, xp.clip(f_c, 1e-12, 1.0 - 1e-12), xp=xp)
        return nan_unless((f_c > 0) & (f_c < 1), m, xp)

    def _shape_parameters(self, base, kpc_per_arcsec, xp):
        return {"core_radius": self.f_c * base["scale_radius"]}

class cNFWMCRScatterLudlow(_CoredHalo, cNFW):
    """Elliptical cored NFW of mass M200c [Msun], Ludlow16 concentration with scatter.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1e9, scatter_sigma=0.0,
                 f_c=0.01, redshift_object=0.5, redshift_source=1.0, *, cosmology=None,
                 solver="grid"):
        self.solver = solver
        self._init_halo(centre, ell_comps, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, scatter_sigma=scatter_sigma, f_c=f_c,
                        redshift_object=redshift_object, redshift_source=redshift_source)


class cNFWMCRScatterLudlowSph(_CoredHalo, cNFWSph):
    """Spherical cored NFW of mass M200c [Msun], Ludlow16 concentration with scatter.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, scatter_sigma=0.0, f_c=0.01,
                 redshift_object=0.5, redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, scatter_sigma=scatter_sigma, f_c=f_c,
                        redshift_object=redshift_object, redshift_source=redshift_source)
