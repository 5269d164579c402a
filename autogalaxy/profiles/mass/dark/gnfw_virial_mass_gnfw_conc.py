"""Spherical gNFW parameterised by log10 virial mass, the gNFW concentration and an overdensity.

As :mod:`~autogalaxy.profiles.mass.dark.gnfw_virial_mass_conc` with c = r_vir / r_s = ``c_gNFW``
given directly. Upstream normalises kappa_s with scipy ``quad`` of the density (NumPy only); here
the exact enclosed mass ``gnfw.gnfw_enclosed_mass_hat`` (<= 3e-15 relative to mpmath's 2F1 closed
form) serves NumPy and JAX alike, jit/grad/vmap-safe.
"""

from autogalaxy.profiles.mass.dark import virial_util
from autogalaxy.profiles.mass.dark.gnfw import gnfw_enclosed_mass_hat, gNFWSph
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_conc import gnfw_halo_lens_parameters
from autogalaxy.util.backend import xp_from


def kappa_s_and_scale_radius(cosmology, virial_mass, concentration, overdens, redshift_object,
                             redshift_source, inner_slope, xp=None):
    """(kappa_s, scale_radius [arcsec], virial_radius [kpc], overdens) of a gNFW halo of
    ``virial_mass`` M_vir [Msun] and ``concentration`` c = r_vir / r_s (upstream's name and
    argument order; ``cosmology`` None means Planck15, ``overdens`` 0 Bryan & Norman).

    Concrete bad input raises ValueError naming the argument; traced bad input gives NaN.
    """
    virial_util.check_virial_halo("virial_mass", virial_mass, "concentration", concentration,
                                  "overdens", overdens, redshift_object, redshift_source,
                                  inner_slope=inner_slope)
    xp = xp or xp_from(virial_mass, concentration, overdens, redshift_object, redshift_source,
                       inner_slope)
    return gnfw_halo_lens_parameters(cosmology, virial_mass, concentration, overdens,
                                     redshift_object, redshift_source, inner_slope, xp)


class gNFWVirialMassgNFWConcSph(virial_util.VirialMass, gNFWSph):
    """Spherical gNFW of log10 virial mass, concentration c_gNFW = r_vir / r_s and inner slope.

    Parameters as ``gnfw_virial_mass_conc.gNFWVirialMassConcSph`` with ``c_gNFW`` (finite, > 0)
    in place of ``c_2``. Derived (read-only, lazy): ``kappa_s``,
    ``scale_radius`` [arcsec], ``virial_radius`` [kpc]; ``overdens`` holds the resolved value.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    concentration_name = "c_gNFW"

    def __init__(self, centre=(0.0, 0.0), log10m_vir=12.0, c_gNFW=10.0, overdens=0.0,
                 redshift_object=0.5, redshift_source=1.0, inner_slope=1.0, *, cosmology=None):
        self._init_virial(centre, cosmology, log10m_vir=log10m_vir, c_gNFW=c_gNFW,
                          overdens=overdens, redshift_object=redshift_object,
                          redshift_source=redshift_source, inner_slope=inner_slope)

    def _profile_concentration(self, xp):
        return self.c_gNFW

    def _halo_mass_factor(self, c, xp):
        return gnfw_enclosed_mass_hat(c, self.inner_slope, xp=xp)
