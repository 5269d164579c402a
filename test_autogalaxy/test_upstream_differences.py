"""The numbers in docs/upstream_differences.md, recomputed: upstream's formulas (as published in its
docstrings and source, re-derived here) against ours and against an independent reference
(astropy, scipy quad of the 3D density)."""

import astropy.units as u
import numpy as np
import pytest
from astropy.cosmology import Planck15 as AstropyPlanck15
from scipy.integrate import quad

import autogalaxy as ag
from autogalaxy.profiles.mass.dark.cnfw import cnfw_enclosed_mass_factor
from autogalaxy.profiles.mass.dark.gnfw import gnfw_enclosed_mass_hat

Z_L, Z_S, M200 = 0.5, 1.0, 1e12


def nfw_m(c):
    return np.log1p(c) - c / (1.0 + c)


def quad_m(density, c):
    """int_0^c t^2 rho_hat(t) dt, split at 1 for the cusp."""
    return sum(quad(lambda t: t * t * density(t), a, b, epsabs=0, epsrel=1e-13, limit=200)[0]
               for a, b in ((0.0, min(1.0, c)), (min(1.0, c), c)) if b > a)


def test_truncation_radius_units():
    halo = ag.mp.NFWTruncatedMCRLudlowSph(mass_at_200=M200)
    kpc_per_arcsec = AstropyPlanck15.kpc_proper_per_arcmin(Z_L).to(u.kpc / u.arcsec).value
    assert halo.truncation_radius == pytest.approx(2 * halo.radius_at_200_kpc / kpc_per_arcsec,
                                                   rel=1e-10)
    upstream = 2.0 * halo.radius_at_200_kpc  # kpc used as arcsec
    assert upstream / halo.truncation_radius == pytest.approx(kpc_per_arcsec, rel=1e-10)
    assert upstream == pytest.approx(351.0, abs=0.1) and halo.truncation_radius == pytest.approx(
        55.82, abs=0.01)


@pytest.mark.parametrize("f_c, upstream_m", [(0.01, 1.3860), (0.1, 0.6134), (0.3, -0.5428)])
def test_cored_normalisation(f_c, upstream_m):
    c = 10.0
    exact = quad_m(lambda t: 1.0 / ((f_c + t) * (1.0 + t) ** 2), c)
    assert cnfw_enclosed_mass_factor(c, f_c) == pytest.approx(exact, rel=1e-12)
    penarrubia_upstream = (f_c**2 * np.log(1 + c / f_c) + (1 - 2 * f_c) * np.log(1 + c)) / (
        1 + f_c) ** 2 - c / ((1 + c) * (1 - f_c))
    assert penarrubia_upstream == pytest.approx(upstream_m, abs=1e-4)
    assert abs(penarrubia_upstream / exact - 1.0) > 0.06


@pytest.mark.parametrize("gamma, ratio", [(0.5, 0.841), (1.5, 1.229)])
def test_gnfw_normalisation(gamma, ratio):
    c = 10.0
    exact = quad_m(lambda t: t**-gamma * (1.0 + t) ** (gamma - 3.0), c)
    assert gnfw_enclosed_mass_hat(c, gamma) == pytest.approx(exact, rel=1e-10)
    assert exact / nfw_m(c) == pytest.approx(ratio, abs=1e-3)  # upstream's M3D(< r200) / M200


def test_concentration_of_a_non_nfw_profile():
    halo = ag.mp.gNFWMCRLudlow(mass_at_200=M200, inner_slope=1.5)
    reference = ag.mp.NFWMCRLudlowSph(mass_at_200=M200)  # same r_s = r200 / c by construction
    c_true = reference.radius_at_200_kpc / (
        reference.scale_radius * ag.cosmology.Planck15().kpc_per_arcsec_from(Z_L))
    assert halo.concentration(Z_L, Z_S) == pytest.approx(c_true, rel=1e-10)
    assert halo.mass_at_200_solar_masses(Z_L, Z_S) == pytest.approx(M200, rel=1e-9)
    assert c_true == pytest.approx(7.365, abs=1e-3)


def test_mass_of_the_truncated_halo():
    profile = ag.mp.NFWTruncatedSph(kappa_s=0.1, scale_radius=1.0, truncation_radius=5.0)
    cosmo = ag.cosmology.Planck15()
    rho_s = profile.rho_at_scale_radius_solar_mass_per_kpc3(Z_L, Z_S, cosmo)
    rs_kpc = cosmo.kpc_per_arcsec_from(Z_L)
    tau = 5.0
    total = quad(lambda x: x * x / (x * (1 + x) ** 2) * tau**2 / (tau**2 + x * x), 0, np.inf,
                 epsabs=0, epsrel=1e-12, limit=400)[0]
    expected = 4 * np.pi * rho_s * rs_kpc**3 * total
    assert profile.mass_at_truncation_radius_solar_mass(Z_L, Z_S, cosmology=cosmo) == (
        pytest.approx(expected, rel=1e-10))
