"""Helpers of :mod:`population_mcr`: the supported MCR classes, input checks, and the lensing
cosmology evaluated once per lens plane."""

import numpy as np

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.util.backend import is_jax, xp_from
from autogalaxy.util.checks import check, finite


def supported_classes():
    """{MCR class: (population profile kind, its fixed relation or None for Ludlow16)}."""
    from autogalaxy.profiles.mass.dark import cnfw_mcr, nfw_mcr, nfw_truncated_mcr

    return {
        nfw_mcr.NFWMCRLudlowSph: ("nfw", None),
        nfw_mcr.NFWMCRScatterLudlowSph: ("nfw", None),
        nfw_mcr.NFWMCRDuffySph: ("nfw", "duffy08"),
        nfw_truncated_mcr.NFWTruncatedMCRLudlowSph: ("nfw_truncated", None),
        nfw_truncated_mcr.NFWTruncatedMCRScatterLudlowSph: ("nfw_truncated", None),
        nfw_truncated_mcr.NFWTruncatedMCRDuffySph: ("nfw_truncated", "duffy08"),
        cnfw_mcr.cNFWMCRLudlowSph: ("cnfw", None),
        cnfw_mcr.cNFWMCRScatterLudlowSph: ("cnfw", None),
    }


def as_array(value):
    """Lists/tuples/Python numbers -> float64 NumPy; NumPy and JAX arrays pass unchanged."""
    if value is None or is_jax(value) or isinstance(value, np.ndarray):
        return value
    return np.asarray(value, dtype=float)


def lensing_cosmology_per_plane(z_l, z_s, cosmology, xp):
    """mcr_util.lensing_cosmology per halo, evaluated once per distinct redshift on NumPy.

    Each distinct redshift costs three 64-node distance quadratures (~45 us on NumPy, ~30 us
    jitted, per halo on this CPU), so halos sharing lens planes (pyHalo: ~70 planes for ~5,000
    halos) are computed per plane and scattered back: the same numbers, elementwise.
    """
    if xp is np and np.ndim(z_l) == 1:
        unique, index = np.unique(z_l, return_inverse=True)
        if unique.size < np.size(z_l):
            values = mcr_util.lensing_cosmology(unique, z_s, xp=np, cosmology=cosmology)
            return tuple(np.asarray(v)[index] for v in values)
    return mcr_util.lensing_cosmology(z_l, z_s, xp=xp, cosmology=cosmology)


def validate(values, n):
    """ValueError naming the argument, for concrete values (traced ones give NaN downstream)."""
    z_l, z_s = values["redshift_object"], values["redshift_source"]
    check("mass_at_200", values["mass_at_200"], lambda m: finite(m) & (m > 0),
          "finite and positive [Msun]")
    check("centres", values["centres"], finite, "finite (y, x) [arcsec]")
    check("redshift_object", z_l, lambda z: finite(z) & (z >= 0), "finite and >= 0")
    if np.ndim(z_l) not in (0, 1) or (np.ndim(z_l) == 1 and np.shape(z_l)[0] != n):
        raise ValueError(f"redshift_object must be a scalar or ({n},); got {np.shape(z_l)}")
    if np.ndim(z_s) != 0:
        raise ValueError(f"redshift_source must be a scalar; got shape {np.shape(z_s)}")
    difference = xp_from(z_l, z_s).subtract(z_s, z_l)
    check("redshift_source", difference, lambda dz: finite(dz) & (dz > 0),
          "finite and > every redshift_object (the source behind the lenses; the value shown is "
          "redshift_source - redshift_object)")
    offset = values["log10_concentration_offset"]
    if np.shape(offset) != (n,):
        raise ValueError(f"log10_concentration_offset must be ({n},); got {np.shape(offset)}")
    check("log10_concentration_offset", offset, finite, "finite [dex]")
    if values["f_c"] is not None:
        check("f_c", values["f_c"], lambda f: (f > 0) & (f < 1), "in (0, 1)")
