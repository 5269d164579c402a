"""Mass-concentration plumbing: (M200c, redshifts) -> NFW-family lens parameters.

A halo of mass M200c [Msun] at ``redshift_object`` with concentration c has (physics.md section 6)

    r200 = (3 M200 / (4 pi 200 rho_crit(z_l)))^(1/3)   [kpc],    r_s = r200 / c,
    rho_s = M200 / (4 pi r_s^3 m(c)),                   kappa_s = rho_s r_s / Sigma_crit,

with m(c) the profile's dimensionless enclosed mass (NFW: ln(1 + c) - c / (1 + c), which gives the
familiar rho_s = (200/3) rho_crit c^3 / m(c)). Scale radii come back in arcsec. The concentration
comes from a relation of :mod:`~autogalaxy.profiles.mass.dark.concentration_relations`, chosen
by name (``relation=``; default ``"ludlow16"``). Every function is xp-aware and branch-free, so it
runs inside ``jax.jit``/``jax.grad``/``jax.vmap`` with traced masses and redshifts. Scatter moves
log10 c by 0.15 dex per unit ``scatter_sigma`` (the Ludlow et al. 2016 / Duffy et al. 2008
intrinsic scatter autogalaxy uses).

The public ``kappa_s_*`` helpers validate concrete input once (ValueError naming the argument)
and call :func:`halo_lens_parameters`, the unchecked kernel the profiles use.
"""

import numpy as np

from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark.cnfw import cnfw_enclosed_mass_factor
from autogalaxy.profiles.mass.dark.concentration_relations import relation_from
from autogalaxy.profiles.mass.dark.duffy08 import (  # noqa: F401 (kept for existing imports)
    DUFFY_A,
    DUFFY_B,
    DUFFY_C,
    DUFFY_PIVOT_MSUN_H,
)
from autogalaxy.profiles.mass.dark.gnfw import gnfw_enclosed_mass_hat
from autogalaxy.util.backend import xp_from
from autogalaxy.util.checks import (
    NONNEGATIVE,
    check,
    check_all,
    finite,
    nonnegative,
    positive,
)

SCATTER_DEX = 0.15
_DEFAULT_COSMOLOGY = Planck15()


REDSHIFT_SOURCE_REQUIREMENT = ("finite and > redshift_object (the source behind the lens; the "
                               "value shown is redshift_source - redshift_object)")


def redshift_requirements(redshift_object, redshift_source):
    """redshift_object finite and >= 0; redshift_source finite and > redshift_object
    (``(name, value, ok, requirement)`` tuples for checks.check_all / requirements_met)."""
    difference = xp_from(redshift_object, redshift_source).subtract(redshift_source,
                                                                    redshift_object)
    return (
        ("redshift_object", redshift_object, nonnegative, NONNEGATIVE),
        ("redshift_source", difference, positive, REDSHIFT_SOURCE_REQUIREMENT),
    )


def halo_requirements(mass_at_200, redshift_object, redshift_source, scatter_sigma=0.0):
    """The requirements on an M200c halo: mass finite and > 0, scatter finite, redshifts."""
    return (
        ("mass_at_200", mass_at_200, positive, "finite and positive [Msun]"),
        ("scatter_sigma", scatter_sigma, finite, "finite [dex]"),
    ) + redshift_requirements(redshift_object, redshift_source)


def _check_halo(mass_at_200, redshift_object, redshift_source, scatter_sigma=0.0):
    check_all(halo_requirements(mass_at_200, redshift_object, redshift_source, scatter_sigma))


def nfw_enclosed_mass_factor(c, xp=np):
    """m(c) = ln(1 + c) - c / (1 + c) of the NFW profile."""
    return xp.log1p(c) - c / (1.0 + c)


def lensing_cosmology(redshift_object, redshift_source, xp=np, cosmology=None):
    """(rho_crit(z_l) [Msun/kpc^3], Sigma_crit [Msun/kpc^2], kpc per arcsec at z_l)."""
    cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
    rho_crit = cosmology.critical_density(redshift_object, xp=xp)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_object, redshift_source, xp=xp
    )
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift_object, xp=xp)
    return rho_crit, sigma_crit, kpc_per_arcsec


def concentration_from_relation(mass_at_200, redshift_object, relation="ludlow16",
                                cosmology=None, xp=np):
    """c200c of the halo of M200c [Msun] at z_l from the registered ``relation`` (unchecked)."""
    cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
    return relation_from(relation)(mass_at_200 * cosmology.h, redshift_object, cosmology, xp)


def ludlow16_cosmology(mass_at_200, redshift_object, redshift_source, xp=np, cosmology=None):
    """(c200c, rho_crit(z_l) [Msun/kpc^3], Sigma_crit [Msun/kpc^2], kpc/arcsec at z_l).

    ``mass_at_200`` is M200c in Msun (converted to Msun/h for the Ludlow16 kernel). One cosmology
    (default Planck15) feeds both the concentration and the distances.
    """
    _check_halo(mass_at_200, redshift_object, redshift_source)
    concentration = concentration_from_relation(
        mass_at_200, redshift_object, "ludlow16", cosmology=cosmology, xp=xp
    )
    return (concentration,) + lensing_cosmology(
        redshift_object, redshift_source, xp=xp, cosmology=cosmology
    )


def duffy08_concentration(mass_at_200, redshift_object, h, xp=np):
    """Duffy et al. (2008, MNRAS 390, L64) Table 1, full sample, M200c: A (M/M_pivot)^B (1+z)^C.

    ``mass_at_200`` in Msun; the pivot is 2e12 Msun/h.
    """
    return relation_from("duffy08")(mass_at_200 * h, redshift_object, None, xp)


def radius_at_200_kpc(mass_at_200, rho_crit, xp=np):
    """r200 [kpc] enclosing 200 rho_crit for M200 [Msun] and rho_crit [Msun/kpc^3]."""
    return xp.cbrt(3.0 * mass_at_200 / (4.0 * np.pi * 200.0 * rho_crit))


def kappa_s_and_scale_radius_from(
    mass_at_200, concentration, rho_crit, sigma_crit, kpc_per_arcsec, enclosed_mass_factor, xp=np
):
    """(kappa_s, scale_radius [arcsec], radius_at_200 [kpc]) given m(c) = enclosed_mass_factor."""
    radius_at_200 = radius_at_200_kpc(mass_at_200, rho_crit, xp=xp)
    scale_radius_kpc = radius_at_200 / concentration
    rho_s = mass_at_200 / (4.0 * np.pi * scale_radius_kpc**3 * enclosed_mass_factor)
    kappa_s = rho_s * scale_radius_kpc / sigma_crit
    return kappa_s, scale_radius_kpc / kpc_per_arcsec, radius_at_200


def halo_lens_parameters(
    mass_at_200,
    scatter_sigma,
    redshift_object,
    redshift_source,
    enclosed_mass_factor,
    relation="ludlow16",
    cosmology=None,
    xp=np,
):
    """(kappa_s, scale_radius [arcsec], radius_at_200 [kpc], kpc/arcsec at z_l) of a halo of
    M200c [Msun] whose profile has the dimensionless enclosed mass ``enclosed_mass_factor(c, xp)``.

    The one kernel behind every MCR profile and helper. Unchecked: invalid traced input gives NaN.
    """
    cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
    c = concentration_from_relation(mass_at_200, redshift_object, relation, cosmology, xp)
    c = c * 10.0 ** (SCATTER_DEX * scatter_sigma)
    rho_crit, sigma_crit, kpc_per_arcsec = lensing_cosmology(
        redshift_object, redshift_source, xp=xp, cosmology=cosmology
    )
    kappa_s, scale_radius, radius_at_200 = kappa_s_and_scale_radius_from(
        mass_at_200, c, rho_crit, sigma_crit, kpc_per_arcsec, enclosed_mass_factor(c, xp), xp=xp
    )
    return kappa_s, scale_radius, radius_at_200, kpc_per_arcsec


def ludlow_halo(
    mass_at_200,
    scatter_sigma,
    redshift_object,
    redshift_source,
    enclosed_mass_factor,
    xp=np,
    cosmology=None,
    relation="ludlow16",
):
    """(kappa_s, scale_radius [arcsec], r200 [kpc]) of a halo on ``relation``; validated."""
    _check_halo(mass_at_200, redshift_object, redshift_source, scatter_sigma)
    return halo_lens_parameters(
        mass_at_200, scatter_sigma, redshift_object, redshift_source, enclosed_mass_factor,
        relation=relation, cosmology=cosmology, xp=xp,
    )[:3]


def kappa_s_and_scale_radius_for_ludlow(
    mass_at_200, scatter_sigma, redshift_object, redshift_source, xp=np, cosmology=None
):
    """NFW (kappa_s, scale_radius [arcsec], radius_at_200 [kpc]) of a Ludlow16 halo.

    ``mass_at_200`` M200c [Msun]; ``scatter_sigma`` shifts log10 c by 0.15 scatter_sigma.
    """
    return ludlow_halo(
        mass_at_200, scatter_sigma, redshift_object, redshift_source, nfw_enclosed_mass_factor,
        xp=xp, cosmology=cosmology,
    )


def kappa_s_scale_radius_and_core_radius_for_ludlow(
    mass_at_200, scatter_sigma, f_c, redshift_object, redshift_source, xp=np, cosmology=None
):
    """Cored-NFW (kappa_s, scale_radius, core_radius [arcsec], radius_at_200 [kpc]).

    The core radius is f_c r_s with 0 < f_c < 1; kappa_s uses the exact cored enclosed-mass factor
    m(c, f_c) (Penarrubia et al. 2012 profile; physics.md section 5), so the halo's 3D mass inside
    r200 equals ``mass_at_200`` for every f_c, including f_c -> 1. (The widely copied factor
    with (1 + f_c)^2 in its denominator is wrong: kappa_s ~7% too high at f_c = 0.01 for c = 10,
    and the factor turns negative near f_c = 0.2.)
    """
    check("f_c", f_c, lambda f: (f > 0) & (f < 1), "in (0, 1)")
    f_c = xp.asarray(f_c, dtype=float)
    valid = (f_c > 0) & (f_c < 1)  # traced f_c outside (0, 1): NaN
    safe = xp.clip(f_c, 1e-12, 1.0 - 1e-12)
    kappa_s, scale_radius, radius_at_200 = ludlow_halo(
        mass_at_200, scatter_sigma, redshift_object, redshift_source,
        lambda c, xp: cnfw_enclosed_mass_factor(c, safe, xp=xp), xp=xp, cosmology=cosmology,
    )
    kappa_s = xp.where(valid, kappa_s, xp.nan)
    return kappa_s, scale_radius, xp.where(valid, f_c * scale_radius, xp.nan), radius_at_200


def kappa_s_and_scale_radius_for_ludlow_gnfw(
    mass_at_200, scatter_sigma, inner_slope, redshift_object, redshift_source, xp=np,
    cosmology=None,
):
    """gNFW (kappa_s, scale_radius [arcsec], radius_at_200 [kpc]) of a Ludlow16 halo.

    r_s = r200 / c as for the NFW, and kappa_s is normalised with the gNFW's own enclosed mass
    m(c, gamma) = c^(3-gamma)/(3-gamma) 2F1(3-gamma, 3-gamma; 4-gamma; -c), so the halo's 3D mass
    inside r200 equals ``mass_at_200`` for every inner slope.
    """
    check("inner_slope", inner_slope, lambda g: (g >= 0) & (g < 2), "in [0, 2)")
    return ludlow_halo(
        mass_at_200, scatter_sigma, redshift_object, redshift_source,
        lambda c, xp: gnfw_enclosed_mass_hat(c, inner_slope, xp=xp), xp=xp, cosmology=cosmology,
    )


def kappa_s_and_scale_radius_for_duffy(
    mass_at_200, redshift_object, redshift_source, xp=np, cosmology=None
):
    """NFW (kappa_s, scale_radius [arcsec], radius_at_200 [kpc]) of a Duffy et al. (2008) halo."""
    return ludlow_halo(
        mass_at_200, 0.0, redshift_object, redshift_source, nfw_enclosed_mass_factor, xp=xp,
        cosmology=cosmology, relation="duffy08",
    )
