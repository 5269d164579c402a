"""Upstream's AbstractgNFW halo methods on every NFW-family profile, with upstream's signatures,
against independent references computed here: astropy (critical density, distances), brentq of the
NFW equation, mpmath of the NFW auxiliary functions, and the defining integrals by scipy quad."""

import astropy.units as u
import mpmath as mp
import numpy as np
import pytest
from astropy import constants as ac
from astropy.cosmology import Planck15 as AstropyPlanck15
from scipy.integrate import quad
from scipy.optimize import brentq

import autogalaxy as ag

Z_L, Z_S = 0.5, 1.0
mp.mp.dps = 30


@pytest.fixture(scope="module")
def astropy_units():
    rho0 = AstropyPlanck15.critical_density(0.0).to(u.Msun / u.kpc**3).value
    rho = AstropyPlanck15.critical_density(Z_L).to(u.Msun / u.kpc**3).value
    d_l = AstropyPlanck15.angular_diameter_distance(Z_L)
    d_s = AstropyPlanck15.angular_diameter_distance(Z_S)
    d_ls = (AstropyPlanck15.comoving_distance(Z_S) - AstropyPlanck15.comoving_distance(Z_L)) / (
        1 + Z_S)
    sigma = (ac.c**2 / (4 * np.pi * ac.G) * d_s / (d_l * d_ls)).to(u.Msun / u.kpc**2).value
    return dict(rho=rho, rho0=rho0, sigma=sigma, kpc=(d_l.to(u.kpc) * np.pi / 648000).value)


def nfw_m(c):
    return np.log1p(c) - c / (1 + c)


@pytest.mark.parametrize("choice", ["profile", "local"])
def test_nfw_halo_methods_upstream_signature(choice, astropy_units):
    profile = ag.mp.NFW(ell_comps=(0.1, 0.05), kappa_s=0.2, scale_radius=3.0)
    rho_s = 0.2 * astropy_units["sigma"] / (3.0 * astropy_units["kpc"])
    rho_ref = astropy_units["rho"] if choice == "profile" else astropy_units["rho0"]
    delta = rho_s / rho_ref
    c = brentq(lambda c: 200 / 3 * c**3 / nfw_m(c) - delta, 0.01, 1e4, xtol=1e-14, rtol=1e-15)
    assert profile.rho_at_scale_radius_solar_mass_per_kpc3(Z_L, Z_S) == pytest.approx(rho_s,
                                                                                      rel=1e-10)
    assert profile.delta_concentration(Z_L, Z_S, choice) == pytest.approx(delta, rel=1e-10)
    assert profile.concentration(Z_L, Z_S, choice) == pytest.approx(c, rel=1e-10)
    assert profile.concentration(redshift_profile=Z_L, redshift_source=Z_S,
                                 redshift_of_cosmic_average_density=choice) == pytest.approx(
        c, rel=1e-10)
    assert profile.radius_at_200(Z_L, Z_S, choice) == pytest.approx(3.0 * c, rel=1e-10)
    m200 = 800 / 3 * np.pi * rho_ref * (3.0 * c * astropy_units["kpc"]) ** 3
    assert profile.mass_at_200_solar_masses(Z_L, Z_S, choice) == pytest.approx(m200, rel=1e-9)
    assert ag.mp.NFW.concentration_func(c, delta) == pytest.approx(0.0, abs=1e-9 * delta)
    with pytest.raises(ValueError, match="redshift_of_cosmic_average_density"):
        profile.concentration(Z_L, Z_S, "global")
    # earlier autogalaxy-native calls passing the cosmology third keep working
    cosmo = ag.cosmology.Planck15()
    assert profile.concentration(Z_L, Z_S, cosmo) == profile.concentration(Z_L, Z_S, cosmology=cosmo)


def test_ellipticity_rescale_and_inner_slope():
    profile = ag.mp.NFW(ell_comps=(0.0, 0.2))
    q = (1 - 0.2) / (1 + 0.2)
    assert profile.ellipticity_rescale == pytest.approx(1 - (1 - q) / 2, rel=1e-14)
    assert ag.mp.NFWSph().inner_slope == 1.0 and ag.mp.cNFWSph().inner_slope == 1.0
    assert ag.mp.gNFWSph(inner_slope=1.4).inner_slope == 1.4


def f_mp(x):
    x = mp.mpf(x)
    if x > 1:
        return mp.acos(1 / x) / mp.sqrt(x * x - 1)
    if x < 1:
        return mp.acosh(1 / x) / mp.sqrt(1 - x * x)
    return mp.mpf(1)


@pytest.mark.parametrize("x", [1e-3, 0.3, 0.9999, 1.0, 1.0001, 2.5, 300.0])
def test_coordinate_functions_against_mpmath(x):
    p = ag.mp.NFWSph()
    f = f_mp(x)
    g = (1 - f) / (mp.mpf(x) ** 2 - 1) if x != 1.0 else mp.mpf(1) / 3
    h = mp.log(mp.mpf(x) / 2) + f
    assert p.coord_func_f(x) == pytest.approx(float(f), rel=1e-15)
    assert p.coord_func_g(x) == pytest.approx(float(g), rel=3e-15)
    assert p.coord_func_h(x) == pytest.approx(float(h), rel=1e-13)
    assert p.deflection_func_sph(x) == pytest.approx(float(h), rel=1e-13)
    pot = mp.log(mp.mpf(x) / 2) ** 2 - (1 - mp.mpf(x) ** 2) * f * f
    assert p.potential_func_sph(np.array(x)) == pytest.approx(float(pot), rel=1e-13, abs=1e-15)


PROFILES = {
    "NFW": (ag.mp.NFW(ell_comps=(0.1, 0.0), kappa_s=0.2, scale_radius=2.0),
            lambda x: 1 / (x * (1 + x) ** 2)),
    "gNFW": (ag.mp.gNFW(ell_comps=(0.0, 0.1), kappa_s=0.2, inner_slope=0.6, scale_radius=2.0),
             lambda x: x**-0.6 * (1 + x) ** -2.4),
    "cNFWSph": (ag.mp.cNFWSph(kappa_s=0.2, scale_radius=2.0, core_radius=0.4),
                lambda x: 1 / ((0.2 + x) * (1 + x) ** 2)),
    "NFWTruncatedSph": (ag.mp.NFWTruncatedSph(kappa_s=0.2, scale_radius=2.0, truncation_radius=5.0),
                        lambda x: 1 / (x * (1 + x) ** 2) * 6.25 / (6.25 + x * x)),
}


@pytest.mark.parametrize("name", PROFILES)
def test_density_and_convergence_func(name):
    profile, shape = PROFILES[name]
    r = np.array([0.05, 1.0, 7.0])
    np.testing.assert_allclose(profile.density_3d_func(r), 0.2 / 2.0 * shape(r / 2.0), rtol=1e-14)
    # kappa(R) = 2 int_R^inf rho r dr / sqrt(r^2 - R^2) (rho in Sigma_crit / arcsec units)
    for radius in (0.3, 2.0, 9.0):
        def integrand(t):  # r = sqrt(R^2 + t^2)
            rr = np.sqrt(radius * radius + t * t)
            return 2.0 * profile.density_3d_func(np.array(rr))
        expected = quad(integrand, 0, np.inf, epsabs=0, epsrel=1e-12, limit=400)[0]
        assert float(profile.convergence_func(radius)) == pytest.approx(expected, rel=1e-8)


def test_deflection_aliases_are_the_exact_method():
    grid = np.array([[0.4, 0.3], [-1.2, 2.0]])
    for profile, _ in PROFILES.values():
        exact = profile.deflections_yx_2d_from(grid)
        for route in ("deflections_2d_via_analytic_from", "deflections_2d_via_cse_from",
                      "deflections_2d_via_mge_from"):
            np.testing.assert_array_equal(getattr(profile, route)(grid), exact)


def test_radial_deflection_from_for_spherical_profiles():
    r = np.array([0.05, 1.0, 6.0])
    grid = np.stack([0 * r, r], axis=-1)
    cases = [(ag.mp.cNFWSph, (0.2, 2.0, 0.4)), (ag.mp.NFWSph, (0.2, 2.0)),
             (ag.mp.gNFWSph, (0.2, 1.3, 2.0))]
    for cls, params in cases:
        expected = cls((0.0, 0.0), *params).deflections_yx_2d_from(grid)[:, 1]
        np.testing.assert_allclose(cls.radial_deflection_from(r, params, np), expected,
                                   rtol=1e-14)
