"""sample_subhalos: power-law masses, a uniform disc, log-normal concentration scatter.

Statistical tests use fixed keys (so they are deterministic) and tolerances of 4 standard errors
computed here from the model (a correct sampler fails one with probability ~6e-5 per key), or
KS / chi-squared p-values > 1e-3. The expected number uses astropy's Planck15 for the disc's
proper area and scipy quadrature of the mass function.
"""

import jax
import numpy as np
import pytest
import scipy.integrate
import scipy.optimize
import scipy.stats
from astropy.cosmology import Planck15 as AstropyPlanck15

import autogalaxy as ag  # noqa: F401  (float64 for JAX)
from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp
from autogalaxy.profiles.mass.dark.population_sampler import (
    mean_number_of_subhalos,
    sample_subhalos,
)

Z_L, Z_S, RADIUS = 0.5, 1.5, 3.0  # disc radius [arcsec]
SIGMA_SUB = 0.1  # [kpc^-2]; ~7,400 halos in 1e6-1e10 Msun
SLOPE, PIVOT, M_MIN, M_MAX = -1.9, 1e8, 1e6, 1e10
CENTRE = (0.2, -0.1)


def kpc_per_arcsec(z):
    return AstropyPlanck15.kpc_proper_per_arcmin(z).value / 60.0


def expected_number(sigma_sub=SIGMA_SUB):
    area = np.pi * (RADIUS * kpc_per_arcsec(Z_L)) ** 2
    per_area = scipy.integrate.quad(
        lambda m: (m / PIVOT) ** SLOPE / PIVOT, M_MIN, M_MAX, epsrel=1e-13, limit=200
    )[0]
    return sigma_sub * area * per_area


@pytest.fixture(scope="module")
def draw():
    return sample_subhalos(jax.random.key(7), SIGMA_SUB, Z_L, Z_S, RADIUS, centre=CENTRE)


def test_mean_number_matches_quadrature():
    area = 123.4
    per_area = scipy.integrate.quad(
        lambda m: (m / PIVOT) ** SLOPE / PIVOT, M_MIN, M_MAX, epsrel=1e-13, limit=200
    )[0]
    assert mean_number_of_subhalos(0.3, area) == pytest.approx(0.3 * area * per_area, rel=1e-12)
    # slope -1: the logarithm
    assert mean_number_of_subhalos(0.3, area, slope=-1.0) == pytest.approx(
        0.3 * area * np.log(M_MAX / M_MIN), rel=1e-14
    )


def test_number_is_poisson_around_sigma_sub_times_area(draw):
    mean = expected_number()
    assert 5000 < mean < 10000
    # astropy vs our Planck15 distances differ by ~1e-4; 4 Poisson sigma is ~5%
    assert abs(draw.n_halos - mean) <= 4.0 * np.sqrt(mean)


def log_mass_moments(a):
    """E[ln m], Var[ln m] of p(m) ~ m^a on [M_MIN, M_MAX] (quadrature in ln m)."""
    lo, hi = np.log(M_MIN), np.log(M_MAX)
    weight = lambda t: np.exp((a + 1.0) * (t - lo))  # noqa: E731  (m^(a+1) dln m, rescaled)
    z = scipy.integrate.quad(weight, lo, hi, epsrel=1e-12)[0]
    mean = scipy.integrate.quad(lambda t: t * weight(t), lo, hi, epsrel=1e-12)[0] / z
    second = scipy.integrate.quad(lambda t: t * t * weight(t), lo, hi, epsrel=1e-12)[0] / z
    return mean, second - mean**2


def test_mass_function_slope_and_range(draw):
    m = np.asarray(draw.mass_at_200)
    assert np.all((m >= M_MIN) & (m <= M_MAX))
    # maximum-likelihood slope of a truncated power law: E_a[ln m] = mean(ln m)
    sample_mean = np.mean(np.log(m))
    a_hat = scipy.optimize.brentq(
        lambda a: log_mass_moments(a)[0] - sample_mean, -3.0, -1.2, xtol=1e-12
    )
    standard_error = 1.0 / np.sqrt(m.size * log_mass_moments(SLOPE)[1])
    assert abs(a_hat - SLOPE) <= 4.0 * standard_error  # ~0.04
    # counts per decade against the model (chi-squared, 3 dof)
    edges = 10.0 ** np.arange(6.0, 10.5, 1.0)
    counts = np.histogram(m, edges)[0]
    cdf = lambda x: (  # noqa: E731
        (x ** (SLOPE + 1) - M_MIN ** (SLOPE + 1)) / (M_MAX ** (SLOPE + 1) - M_MIN ** (SLOPE + 1))
    )
    expected = m.size * np.diff(cdf(edges))
    chi2 = np.sum((counts - expected) ** 2 / expected)
    assert scipy.stats.chi2.sf(chi2, 3) > 1e-3


def test_positions_are_uniform_in_the_disc(draw):
    yx = np.asarray(draw.centres) - np.asarray(CENTRE)
    r2 = np.sum(yx**2, axis=1) / RADIUS**2
    assert np.all(r2 <= 1.0)
    assert scipy.stats.kstest(r2, "uniform").pvalue > 1e-3
    phi = (np.arctan2(yx[:, 0], yx[:, 1]) / (2 * np.pi)) % 1.0
    assert scipy.stats.kstest(phi, "uniform").pvalue > 1e-3


def test_concentration_scatter_is_lognormal_in_dex(draw):
    offsets = np.asarray(draw.log10_concentration_offset)
    n = offsets.size
    assert abs(np.mean(offsets)) <= 4.0 * 0.2 / np.sqrt(n)
    assert abs(np.std(offsets) - 0.2) <= 4.0 * 0.2 / np.sqrt(2 * n)
    assert scipy.stats.kstest(offsets / 0.2, "norm").pvalue > 1e-3


def test_concentrations_are_ludlow16_times_the_scatter():
    pop = sample_subhalos(jax.random.key(1), 0.002, Z_L, Z_S, RADIUS, scatter_dex=0.3)
    assert 50 < pop.n_halos < 300
    c = pop.lens_parameters()["concentration"]
    h = ag.cosmology.Planck15().h
    mean = ludlow16_concentration_xp(np.asarray(pop.mass_at_200) * h, Z_L)
    np.testing.assert_allclose(np.log10(c / mean), pop.log10_concentration_offset, atol=1e-13)
    # the default truncation of NFWTruncatedMCRLudlowSph: 2 r200
    p = pop.lens_parameters()
    np.testing.assert_allclose(
        p["truncation_radius"] * p["kpc_per_arcsec"], 2.0 * p["radius_at_200_kpc"], rtol=1e-14
    )


def test_the_key_fixes_the_draw():
    a = sample_subhalos(jax.random.key(5), 0.01, Z_L, Z_S, RADIUS)
    b = sample_subhalos(jax.random.key(5), 0.01, Z_L, Z_S, RADIUS)
    c = sample_subhalos(jax.random.key(6), 0.01, Z_L, Z_S, RADIUS)
    assert a.n_halos == b.n_halos
    np.testing.assert_array_equal(a.mass_at_200, b.mass_at_200)
    np.testing.assert_array_equal(a.centres, b.centres)
    assert a.n_halos != c.n_halos or not np.array_equal(a.mass_at_200, c.mass_at_200)


def test_roche_truncation_uses_the_3d_radius():
    pop = sample_subhalos(
        jax.random.key(2), 0.002, Z_L, Z_S, RADIUS, truncation="roche", los_half_length_kpc=40.0
    )
    r3d = np.asarray(pop.truncation.r3d_kpc)
    projected = np.hypot(*np.asarray(pop.centres).T) * kpc_per_arcsec(Z_L)
    assert np.all(r3d >= projected * (1 - 1e-3))  # astropy vs our distances: ~1e-4
    assert np.all(r3d <= np.hypot(projected, 40.0) * (1 + 1e-3))
    p = pop.lens_parameters()
    expect = 1.4 * (np.asarray(pop.mass_at_200) / 1e7) ** (1 / 3) * (r3d / 50.0) ** (2 / 3)
    np.testing.assert_allclose(p["truncation_radius"] * p["kpc_per_arcsec"], expect, rtol=1e-14)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(sigma_sub=-1.0), "sigma_sub"),
        (dict(radius_arcsec=0.0), "radius_arcsec"),
        (dict(mass_range=(1e10, 1e6)), "mass_range"),
        (dict(truncation="tidal"), "roche"),
    ],
)
def test_invalid_input_raises(kwargs, match):
    args = dict(
        key=jax.random.key(0),
        sigma_sub=0.01,
        redshift_object=Z_L,
        redshift_source=Z_S,
        radius_arcsec=RADIUS,
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        sample_subhalos(**args)
