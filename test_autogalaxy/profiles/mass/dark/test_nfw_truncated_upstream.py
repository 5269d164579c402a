"""Upstream's extra NFWTruncatedSph methods, called with upstream's signatures, against independent
references computed here: mpmath of Baltz, Marshall & Oguri (2009)'s auxiliary functions, scipy
quad of the 3D density, brentq with astropy's cosmology for the M200-concentration conversion."""

import astropy.units as u
import mpmath as mp
import numpy as np
import pytest
from astropy import constants as ac
from astropy.cosmology import Planck15 as AstropyPlanck15
from scipy.integrate import quad
from scipy.optimize import brentq

import autogalaxy as ag

TAU = 3.0
X = np.array([0.01, 0.5, 0.999, 1.0, 1.7, 20.0])
mp.mp.dps = 30


def f_mp(x):
    x = mp.mpf(x)
    if x > 1:
        return mp.acos(1 / x) / mp.sqrt(x * x - 1)
    if x < 1:
        return mp.acosh(1 / x) / mp.sqrt(1 - x * x)
    return mp.mpf(1)


def k_mp(x, t):
    return mp.log(x / (mp.sqrt(x * x + t * t) + t))


def l_mp(x, t):  # BMO09 eq. (A.?) as upstream's docstring gives it: kappa = 2 kappa_s l
    x, t = mp.mpf(x), mp.mpf(t)
    g = (1 - f_mp(x)) / (x * x - 1) if x != 1 else mp.mpf(1) / 3
    r = mp.sqrt(t * t + x * x)
    return t * t / (t * t + 1) ** 2 * ((t * t + 1) * g + 2 * f_mp(x) - mp.pi / r
                                       + (t * t - 1) / (t * r) * k_mp(x, t))


def m_mp(x, t):  # BMO09: M2D(< x r_s) / (4 pi rho_s r_s^3)
    x, t = mp.mpf(x), mp.mpf(t)
    r = mp.sqrt(t * t + x * x)
    return t * t / (t * t + 1) ** 2 * ((t * t + 2 * x * x - 1) * f_mp(x) + mp.pi * t
                                       + (t * t - 1) * mp.log(t)
                                       + r * ((t * t - 1) / t * k_mp(x, t) - mp.pi))


@pytest.fixture
def profile():
    return ag.mp.NFWTruncatedSph(kappa_s=0.2, scale_radius=1.5, truncation_radius=1.5 * TAU)


def test_tau_and_auxiliary_functions(profile):
    assert profile.tau == pytest.approx(TAU, rel=1e-15)
    for x in X:
        assert profile.coord_func_k(x) == pytest.approx(float(k_mp(x, TAU)), rel=1e-14)
        assert profile.coord_func_l(x) == pytest.approx(float(l_mp(x, TAU)), rel=1e-12)
        assert profile.coord_func_m(x) == pytest.approx(float(m_mp(x, TAU)), rel=1e-12)
        assert profile.deflection_func_sph(x) == profile.coord_func_m(x)
    radii = X * profile.scale_radius
    np.testing.assert_allclose(profile.convergence_func(radii),
                               profile.convergence_2d_from(np.stack([0 * radii, radii], -1)),
                               rtol=1e-15)


def test_radial_deflection_from(profile):
    r = np.array([0.1, 1.0, 4.0])
    params = (profile.kappa_s, profile.scale_radius, profile.truncation_radius)
    alpha = ag.mp.NFWTruncatedSph.radial_deflection_from(r, params, np)
    grid = np.stack([0.0 * r, r], axis=-1)
    np.testing.assert_allclose(alpha, profile.deflections_yx_2d_from(grid)[:, 1], rtol=1e-13)


def astropy_lensing(z_l, z_s):
    rho = AstropyPlanck15.critical_density(z_l).to(u.Msun / u.kpc**3).value
    d_l = AstropyPlanck15.angular_diameter_distance(z_l)
    d_s = AstropyPlanck15.angular_diameter_distance(z_s)
    d_ls = AstropyPlanck15.angular_diameter_distance_z1z2(z_l, z_s)
    sigma = (ac.c**2 / (4 * np.pi * ac.G) * d_s / (d_l * d_ls)).to(u.Msun / u.kpc**2).value
    return rho, sigma, (d_l.to(u.kpc) * np.pi / 648000).value


def nfw_m(c):
    return np.log(1 + c) - c / (1 + c)


@pytest.mark.filterwarnings("ignore::astropy.utils.exceptions.AstropyDeprecationWarning")
@pytest.mark.parametrize("m200, c, factor", [(1e9, 10.0, 100.0), (3e11, 6.0, 50.0)])
def test_from_m200_concentration_and_its_inverse(m200, c, factor):
    z_l, z_s = 0.5, 1.0
    rho, sigma, kpc_per_arcsec = astropy_lensing(z_l, z_s)
    r200 = (3 * m200 / (4 * np.pi * 200 * rho)) ** (1 / 3)
    rs_kpc = r200 / c
    delta_c = 200 / 3 * c**3 / nfw_m(c)
    tau = brentq(lambda t: factor / 3 * t**3 / nfw_m(t) - delta_c, 1e-3, 1e4, xtol=1e-15,
                 rtol=1e-15)
    nfw = ag.mp.NFWTruncatedSph.from_m200_concentration(
        centre=(0.1, -0.2), m200_solar_mass=m200, concentration=c, redshift_halo=z_l,
        redshift_source=z_s, cosmology=ag.cosmology.Planck15(), truncation_factor=factor)
    assert nfw.centre == (0.1, -0.2)
    assert nfw.kappa_s == pytest.approx(rho * delta_c * rs_kpc / sigma, rel=1e-10)
    assert nfw.scale_radius == pytest.approx(rs_kpc / kpc_per_arcsec, rel=1e-10)
    assert nfw.truncation_radius == pytest.approx(tau * rs_kpc / kpc_per_arcsec, rel=1e-10)
    assert ag.mp.NFWTruncatedSph._concentration_at_overdensity_factor(c, 200.0) == (
        pytest.approx(c, rel=1e-13))
    mass, conc = ag.mp.NFWTruncatedSph.m200_concentration_from(
        nfw.kappa_s, nfw.scale_radius, z_l, z_s, cosmology=ag.cosmology.Planck15())
    assert (mass, conc) == (pytest.approx(m200, rel=1e-10), pytest.approx(c, rel=1e-12))
    # M_tNFW / M200 against quad of the truncated density to infinity
    total = quad(lambda x: x / (1 + x) ** 2 * tau**2 / (tau**2 + x * x), 0, np.inf, epsabs=0,
                 epsrel=1e-12, limit=400)[0]
    ratio = ag.mp.NFWTruncatedSph.mass_ratio_from_concentration_and_truncation_factor(c, factor)
    assert ratio == pytest.approx(total / nfw_m(c), rel=1e-10)
