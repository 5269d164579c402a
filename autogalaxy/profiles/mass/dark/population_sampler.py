"""A convenience subhalo sampler with an explicit JAX PRNG key, returning a HaloPopulationMCR.

Mass function (the power law of pyHalo's ``CDMPowerLaw`` and paltas's ``SubhalosDG19``; Gilman et
al. 2020, MNRAS 491, 6077):

    d^2N / (dm dA) = (Sigma_sub / m_pivot) (m / m_pivot)^slope,   m in [m_min, m_max],

so Sigma_sub [kpc^-2] = dN / (d ln m dA) at m = m_pivot, a projected number density. This is
pyHalo's ``sigma_sub`` convention (the subhalo mass-function amplitude at 1e8 Msun in halos per
kpc^2: its ``normalization_sigmasub`` multiplies m^slope by area * sigma_sub * m_pivot^-(slope+1),
the same expression) and paltas's. Defaults: slope -1.9, m_pivot 1e8 Msun, m in [1e6, 1e10] Msun.
pyHalo and paltas also multiply sigma_sub by a host-mass / redshift scaling
F = 10^(k1 log10(M_host / 1e13) + k2 log10(z + 0.5)) (F = 1 for a 1e13 Msun host at z = 0.5);
here ``sigma_sub`` is the amplitude *after* any such scaling (pass sigma_sub * F to match them).

The number of halos is N ~ Poisson(<N>), <N> = Sigma_sub A [(m_max/m_p)^(s+1) - (m_min/m_p)^(s+1)]
/ (s + 1) with A = pi (R_arcsec kpc_per_arcsec(z_lens))^2 the disc's proper area at the lens
redshift. Masses by inverse-CDF sampling of the truncated power law, positions uniform in the
disc (r = R sqrt(u), phi = 2 pi v), concentrations from the class's relation (Ludlow16) at the
lens redshift with log-normal scatter: log10 c = log10 c_relation + scatter_dex N(0, 1) (0.2 dex
default, as pyHalo's CDM preset; pyHalo evaluates subhalo concentrations at their infall
redshift, we at the lens redshift, as paltas does).

The function is *not* meant to be jitted: N is drawn from the key and returned as a concrete
Python int (array shapes depend on it). Everything downstream -- the returned population's lens
parameters and lensing sums -- is jit/grad/vmap-able.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark.mcr import _DEFAULT_COSMOLOGY
from autogalaxy.profiles.mass.dark.population_mcr import from_mcr
from autogalaxy.profiles.mass.dark.population_truncation import TruncationRoche
from autogalaxy.util.checks import check, finite

__all__ = ["sample_subhalos", "mean_number_of_subhalos", "power_law_integral"]


def power_law_integral(m_min, m_max, slope, m_pivot):
    """int_{m_min}^{m_max} (1 / m_p) (m / m_p)^slope dm (dimensionless; slope = -1 -> ln)."""
    a = slope + 1.0
    if abs(a) < 1e-12:
        return math.log(m_max / m_min)
    return ((m_max / m_pivot) ** a - (m_min / m_pivot) ** a) / a


def mean_number_of_subhalos(sigma_sub, area_kpc2, slope=-1.9, m_pivot=1e8, mass_range=(1e6, 1e10)):
    """<N> = Sigma_sub [kpc^-2] * area [kpc^2] * power_law_integral(mass_range, slope, m_pivot)."""
    return sigma_sub * area_kpc2 * power_law_integral(mass_range[0], mass_range[1], slope, m_pivot)


def _power_law_masses(u, m_min, m_max, slope, m_pivot):
    """Inverse CDF of the truncated power law at uniforms u in [0, 1) [Msun]."""
    a = slope + 1.0
    if abs(a) < 1e-12:
        return m_min * np.exp(u * np.log(m_max / m_min))
    lo, hi = (m_min / m_pivot) ** a, (m_max / m_pivot) ** a
    return m_pivot * (lo + u * (hi - lo)) ** (1.0 / a)


def sample_subhalos(key, sigma_sub, redshift_object, redshift_source, radius_arcsec, *,
                    centre=(0.0, 0.0), slope=-1.9, m_pivot=1e8, mass_range=(1e6, 1e10),
                    scatter_dex=0.2, profile_cls=None, truncation=None, los_half_length_kpc=None,
                    f_c=None, cosmology=None, solver="grid", method="exact", batch_size=None,
                    **fast_options):
    """Draw subhalos: a :class:`~autogalaxy.profiles.mass.dark.population_mcr.HaloPopulationMCR`.

    Parameters
    ----------
    key
        A jax PRNG key (``jax.random.key(0)`` or ``PRNGKey(0)``); the same key gives the same draw.
    sigma_sub
        Sigma_sub [kpc^-2] at the pivot mass (see the module docstring for pyHalo's convention).
    redshift_object, redshift_source
        Lens (subhalo) and source redshifts.
    radius_arcsec
        Disc radius [arcsec] around ``centre`` ((y, x) arcsec).
    slope, m_pivot, mass_range
        Power-law slope (-1.9), pivot [Msun] (1e8) and (m_min, m_max) [Msun] ((1e6, 1e10)).
    scatter_dex
        Log-normal concentration scatter [dex] (0.2).
    profile_cls
        An MCR class of :func:`population_mcr.supported_classes` (default
        NFWTruncatedMCRLudlowSph).
    truncation
        None (the class's: 2 r200 for the truncated classes), a :mod:`population_truncation`
        rule, or ``"roche"``: the Cyr-Racine et al. (2016) tidal radius with r3d =
        sqrt(R^2 + l^2), R the projected distance and l uniform in (-L, L) along the line of
        sight, L = ``los_half_length_kpc`` (default: the disc radius in kpc), i.e. subhalos
        uniform in a cylinder.
    f_c, cosmology, solver, method, batch_size, **fast_options
        As :func:`population_mcr.from_mcr`.
    """
    import jax

    from autogalaxy.profiles.mass.dark.nfw_truncated_mcr import NFWTruncatedMCRLudlowSph

    profile_cls = NFWTruncatedMCRLudlowSph if profile_cls is None else profile_cls
    check("sigma_sub", sigma_sub, lambda s: finite(s) & (s >= 0), "finite and >= 0 [kpc^-2]")
    check("radius_arcsec", radius_arcsec, lambda r: finite(r) & (r > 0), "finite and > 0")
    check("mass_range", np.subtract(mass_range[1], mass_range[0]), lambda d: d > 0,
          "(m_min, m_max) with 0 < m_min < m_max [Msun]; got m_max - m_min")
    check("mass_range", mass_range[0], lambda m: m > 0, "(m_min, m_max) with m_min > 0 [Msun]")
    check("scatter_dex", scatter_dex, lambda s: finite(s) & (s >= 0), "finite and >= 0")
    cosmo = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
    kpc_per_arcsec = float(cosmo.kpc_per_arcsec_from(redshift_object))
    radius_kpc = radius_arcsec * kpc_per_arcsec
    mean = mean_number_of_subhalos(sigma_sub, math.pi * radius_kpc**2, slope, m_pivot, mass_range)

    k_n, k_m, k_r, k_phi, k_c, k_l = jax.random.split(key, 6)
    n = int(jax.random.poisson(k_n, mean))
    masses = _power_law_masses(
        np.asarray(jax.random.uniform(k_m, (n,))), mass_range[0], mass_range[1], slope, m_pivot
    )
    radius = radius_arcsec * np.sqrt(np.asarray(jax.random.uniform(k_r, (n,))))
    phi = 2.0 * np.pi * np.asarray(jax.random.uniform(k_phi, (n,)))
    centres = np.stack([centre[0] + radius * np.sin(phi), centre[1] + radius * np.cos(phi)], -1)
    offsets = scatter_dex * np.asarray(jax.random.normal(k_c, (n,)))
    if isinstance(truncation, str):
        if truncation != "roche":
            raise ValueError(f"truncation must be None, a rule or 'roche'; got {truncation!r}")
        half_length = radius_kpc if los_half_length_kpc is None else los_half_length_kpc
        los = half_length * (2.0 * np.asarray(jax.random.uniform(k_l, (n,))) - 1.0)
        truncation = TruncationRoche(np.hypot(radius * kpc_per_arcsec, los))
    return from_mcr(
        profile_cls, centres, masses, redshift_object, redshift_source,
        concentration_offsets_dex=offsets, f_c=f_c, truncation=truncation, cosmology=cosmology,
        solver=solver, method=method, batch_size=batch_size, **fast_options,
    )
