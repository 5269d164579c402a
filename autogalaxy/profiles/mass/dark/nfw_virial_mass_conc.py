"""Spherical NFW parameterised by its virial mass, concentration and overdensity.

M_vir [Msun] is the mass inside r_vir, the radius of mean density ``virial_overdens`` x
rho_crit(z_l) (critical, not mean matter density: upstream names the variable "cosmic average
density" but uses the critical density, and so does this module), c = r_vir / r_s, and

    rho_s = (Delta / 3) rho_crit c^3 / m(c),   m(c) = ln(1 + c) - c / (1 + c)

(Navarro, Frenk & White 1997, eq. 2, with 200 -> Delta), so M3D(< r_vir) = M_vir exactly. The
kernel is :func:`~autogalaxy.profiles.mass.dark.virial_util.virial_lens_parameters` (NumPy or
JAX, jit/grad/vmap-safe); the cosmology is keyword-only (``cosmology=``, default Planck15, as
upstream's hard-coded one but with astropy's expansion history).
"""

import numpy as np

from autogalaxy.profiles.mass.dark import mcr_util, virial_util
from autogalaxy.profiles.mass.dark.abstract import AbstractgNFW
from autogalaxy.profiles.mass.dark.nfw import NFWSph
from autogalaxy.util.backend import xp_from


def kappa_s_and_scale_radius(
    virial_mass, concentration, virial_overdens, redshift_object, redshift_source, *,
    cosmology=None, xp=None,
):
    """(kappa_s, scale_radius [arcsec], virial_radius [kpc]) of an NFW halo (upstream's name).

    ``virial_mass`` [Msun], ``concentration`` = r_vir / r_s, ``virial_overdens`` Delta > 0
    relative to rho_crit(z_l); ``cosmology`` default Planck15, ``xp`` default the backend of the
    inputs. Concrete bad input raises ValueError naming the argument; traced bad input gives NaN.
    Float64: m(c) closed form (1e-16), the rest the cosmology's accuracy (virial_util).
    """
    virial_util.check_virial_halo(
        "virial_mass", virial_mass, "concentration", concentration, "virial_overdens",
        virial_overdens, redshift_object, redshift_source, bryan_norman=False,
    )
    xp = xp or xp_from(virial_mass, concentration, virial_overdens, redshift_object,
                       redshift_source)
    return virial_util.virial_lens_parameters(
        virial_mass, concentration, virial_overdens, redshift_object, redshift_source,
        mcr_util.nfw_enclosed_mass_factor, cosmology=cosmology, xp=xp, bryan_norman=False,
    )[:3]


class NFWVirialMassConcSph(virial_util.VirialMass, NFWSph):
    """Spherical NFW of virial mass M_vir [Msun] and concentration c = r_vir / r_s.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    virial_mass
        M_vir [Msun], finite and > 0.
    concentration
        c = r_vir / r_s, finite and > 0.
    virial_overdens
        Delta: the mean density inside r_vir is Delta rho_crit(z_l); finite and > 0 (no Bryan &
        Norman option here, as upstream).
    redshift_object, redshift_source
        Lens and source redshifts, 0 <= z_l < z_s.
    cosmology
        Keyword-only; default Planck15.

    Derived (read-only, lazy): ``kappa_s``, ``scale_radius`` [arcsec], ``virial_radius`` [kpc].
    As upstream, the instance attribute ``concentration`` (the parameter) hides the inherited
    ``concentration(...)`` method (c200c); call ``AbstractgNFW.concentration(profile, z_l, z_s)``
    for c200c. ``radius_at_200`` does so itself.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    mass_name = "virial_mass"
    log10_mass = False
    concentration_name = "concentration"
    overdens_name = "virial_overdens"
    bryan_norman = False
    has_inner_slope = False

    def __init__(self, centre=(0.0, 0.0), virial_mass=1e12, concentration=10, virial_overdens=200,
                 redshift_object=0.5, redshift_source=1.0, *, cosmology=None):
        self._init_virial(centre, cosmology, virial_mass=virial_mass, concentration=concentration,
                          virial_overdens=virial_overdens, redshift_object=redshift_object,
                          redshift_source=redshift_source)

    def _profile_concentration(self, xp):
        return self.concentration

    def radius_at_200(self, redshift_object, redshift_source,
                      redshift_of_cosmic_average_density="profile", cosmology=None, xp=np):
        """r200 = c200 r_s [arcsec] (c200 from the class's method: the attribute hides it)."""
        c200 = AbstractgNFW.concentration(self, redshift_object, redshift_source,
                                          redshift_of_cosmic_average_density, cosmology, xp)
        return c200 * self.scale_radius
