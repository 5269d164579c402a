"""Truncated NFW of mass M200c with a scattered Ludlow16 concentration, truncated at 2 r200
(upstream's module path for ``NFWTruncatedMCRScatterLudlowSph``; see :mod:`nfw_truncated_mcr`)."""

from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph

TRUNCATION_IN_R200 = 2.0


class _TruncatedAtTwiceR200(MassConcentration, NFWTruncatedSph):
    derived_parameters = ("kappa_s", "scale_radius", "truncation_radius", "radius_at_200_kpc")

    def _shape_parameters(self, base, kpc_per_arcsec, xp):
        r200 = base["radius_at_200_kpc"]
        return {"truncation_radius": TRUNCATION_IN_R200 * r200 / kpc_per_arcsec}


class NFWTruncatedMCRScatterLudlowSph(_TruncatedAtTwiceR200):
    """Spherical truncated NFW of mass M200c [Msun], Ludlow16 concentration with scatter.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, scatter_sigma=0.0, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, scatter_sigma=scatter_sigma,
                        redshift_object=redshift_object, redshift_source=redshift_source)
