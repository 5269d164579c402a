"""Upstream autogalaxy's module-level Ludlow16 functions, with upstream's names and signatures,
on this package's exact kernels (re-exported by :mod:`autogalaxy.profiles.mass.dark.ludlow16`).

Upstream (2026.10.26.1) ships a trapezoid-rule port of colossus's ``modelLudlow16``
(``ludlow16_concentration``, ``sigma_R``, ``growth_factor``, ``transfer_eh98``,
``einasto_mass_ratio``, ``PLANCK15_COSMOLOGY``). The same calls here return the exact values:
its accuracy knobs (``c_array_size``, ``sigma_nk``, ``growth_nz``, ``k_log_min``, ``k_log_max``,
``nk``, ``nz``, ``z_max``) are accepted and ignored. Two physics choices follow colossus rather
than upstream's port (docs/upstream_differences.md): ``ludlow16_concentration`` includes
colossus's radiation density (Or0 = Ogamma0 (1 + 0.2271 Neff), Neff = 3.046), as colossus's own
``ludlow16`` does, and the growth factor is the exact Heath integral.
"""

import numpy as np

from autogalaxy.cosmology.flat_lambda_cdm import FlatLambdaCDM
from autogalaxy.cosmology.growth import heath_growth
from autogalaxy.cosmology.sigma import sigma as _sigma
from autogalaxy.cosmology.tables import ln_sigma_over_sigma8, tables_for
from autogalaxy.cosmology.transfer import eisenstein_hu_98_transfer
from autogalaxy.util.backend import is_jax
from autogalaxy.util.checks import is_concrete

#: colossus's ``planck15`` parameters, as upstream names them (Om0 is the total matter density)
PLANCK15_COSMOLOGY = dict(h=0.6774, Om0=0.3089, Ob0=0.0486, Tcmb0=2.7255, sigma8=0.8159, ns=0.9667)


def _cosmology(h, Om0, Ob0, Tcmb0, sigma8, ns):
    """A flat LambdaCDM whose total matter density is ``Om0`` (massless neutrinos, Neff 3.046)."""
    return FlatLambdaCDM(H0=100.0 * h, Om0=Om0, Ob0=Ob0, Tcmb0=Tcmb0, m_nu=(0.0, 0.0, 0.0),
                         sigma8=sigma8, ns=ns)


def ludlow16_concentration(M200c_Msun_per_h, z, h, Om0, Ob0, Tcmb0, sigma8, ns, xp=np, Ode0=None,
                           c_array_size=200, sigma_nk=256, growth_nz=256):
    """c200c of Ludlow et al. (2016) for M200c [Msun/h] at z (upstream's signature).

    ``Om0`` is the total matter density (colossus's Om0). ``Ode0``, if given, must equal the flat
    value 1 - Om0 - Or0 up to Or0 ~ 1e-4 (flat LambdaCDM only). Accuracy: that of
    ``ludlow16_concentration_xp`` (1.4e-7 relative to colossus's exact mode).
    """
    from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp

    if Ode0 is not None and is_concrete(Ode0) and is_concrete(Om0):
        if abs(float(Ode0) + float(Om0) - 1.0) > 1e-3:
            raise ValueError(f"Ode0 must be 1 - Om0 (flat LambdaCDM); got Ode0={Ode0}, Om0={Om0}")
    cosmology = _cosmology(h, Om0, Ob0, Tcmb0, sigma8, ns)
    return ludlow16_concentration_xp(M200c_Msun_per_h, z, cosmology=cosmology, xp=xp)


def growth_factor(z, Om0, Ode0=None, xp=np, nz=256, z_max=1e4):
    """Linear growth factor D(z)/D(0) of flat LambdaCDM without radiation (upstream's signature):
    the Heath (1977) integral, exact to 2e-15 (a 32-node Gauss-Legendre rule of its 2F1 form).

    ``Ode0`` defaults to 1 - Om0 and must equal it (flat only). For colossus's growth with
    radiation use ``autogalaxy.cosmology.growth.growth_factor(z, Om0, Or0=...)``.
    """
    if Ode0 is not None and is_concrete(Ode0) and is_concrete(Om0):
        if abs(float(Ode0) + float(Om0) - 1.0) > 1e-12:
            raise ValueError(f"Ode0 must be 1 - Om0 (flat LambdaCDM); got Ode0={Ode0}, Om0={Om0}")
    a = 1.0 / (1.0 + xp.asarray(z, dtype=float))
    return heath_growth(a, Om0, xp=xp) / heath_growth(1.0, Om0, xp=xp)


def sigma_R(R, h, Om0, Ob0, Tcmb0, sigma8, ns, xp=np, k_log_min=-5.0, k_log_max=3.0, nk=256):
    """rms linear fluctuation sigma(R) at z = 0 in a top hat of radius R [Mpc/h], EH98 spectrum
    normalised to sigma8 (upstream's signature and argument order: sigma8 before ns).

    Concrete R: the adaptive-accuracy rule of ``autogalaxy.cosmology.sigma`` (1e-9 relative);
    traced R (JAX): the cosmology's table (1e-9 in ln sigma, R in [1e-6, 40] Mpc/h).
    """
    if is_jax(R):
        tables = tables_for(_cosmology(h, Om0, Ob0, Tcmb0, sigma8, ns), xp=xp)
        return xp.exp(tables.ln_sigma8 + ln_sigma_over_sigma8(xp.log(R), tables, xp))
    return _sigma(R, h, Om0, Ob0, Tcmb0, ns=ns, sigma8=sigma8, xp=xp)


def transfer_eh98(k, h, Om0, Ob0, Tcmb0, xp=np):
    """Eisenstein & Hu (1998) transfer function with baryon wiggles, k in h/Mpc (upstream's name
    for ``autogalaxy.cosmology.transfer.eisenstein_hu_98_transfer``; exact closed form)."""
    return eisenstein_hu_98_transfer(k, h, Om0, Ob0, Tcmb0, xp=xp)
