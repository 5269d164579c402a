"""Upstream autogalaxy's module-level Ludlow16 names, called with upstream's signatures and
positional order, against independent references computed here (colossus exact mode configured to
the same parameters, scipy quad, scipy.special) and upstream's published test tolerance."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.special
from scipy.integrate import quad

from autogalaxy.cosmology import growth, sigma
from autogalaxy.profiles.mass.dark import ludlow16
from autogalaxy.profiles.mass.dark.ludlow16 import PLANCK15_COSMOLOGY, ludlow16_concentration

P = PLANCK15_COSMOLOGY


@pytest.fixture(scope="module")
def colossus_exact():
    """colossus exact mode with upstream's PLANCK15_COSMOLOGY (massless neutrinos, Neff 3.046)."""
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    params = dict(flat=True, H0=100 * P["h"], Om0=P["Om0"], Ob0=P["Ob0"], sigma8=P["sigma8"],
                  ns=P["ns"], Tcmb0=P["Tcmb0"], Neff=3.046)
    cosmo = cosmology.setCosmology("ag_upstream_p15", params=params, interpolation=False,
                                   persistence="")
    cosmo.accuracy_sigma = 1e-8
    masses = 10.0 ** np.array([10.5, 11.5, 12.5, 13.5])
    out = {"c": concentration.concentration(masses, "200c", 0.5, model="ludlow16"),
           "masses": masses}
    cosmology.setCosmology("planck15", persistence="")
    return out


def test_planck15_cosmology_constant():
    assert P == dict(h=0.6774, Om0=0.3089, Ob0=0.0486, Tcmb0=2.7255, sigma8=0.8159, ns=0.9667)


def test_ludlow16_concentration_upstream_signature(colossus_exact):
    masses = colossus_exact["masses"]
    c_kw = ludlow16_concentration(masses, 0.5, **P)
    c_pos = ludlow16_concentration(masses, 0.5, P["h"], P["Om0"], P["Ob0"], P["Tcmb0"],
                                   P["sigma8"], P["ns"])
    np.testing.assert_array_equal(c_kw, c_pos)
    np.testing.assert_allclose(c_kw, colossus_exact["c"], rtol=3e-6)
    # upstream's accuracy knobs are accepted; Ode0 = 1 - Om0 is accepted, a non-flat one is not
    same = ludlow16_concentration(masses, 0.5, **P, c_array_size=50, sigma_nk=64, growth_nz=32,
                                  Ode0=1.0 - P["Om0"])
    np.testing.assert_array_equal(same, c_kw)
    with pytest.raises(ValueError, match="Ode0"):
        ludlow16_concentration(1e12, 0.5, **P, Ode0=0.5)
    jitted = jax.jit(lambda m: ludlow16_concentration(m, 0.5, **P, xp=jnp))(masses)
    np.testing.assert_allclose(np.asarray(jitted), c_kw, rtol=1e-12)


def test_growth_factor_upstream_order_is_the_heath_integral():
    om = P["Om0"]

    def heath(z):
        e = lambda a: np.sqrt(om / a**3 + 1.0 - om)  # noqa: E731
        a = 1.0 / (1.0 + z)
        return 2.5 * om * e(a) * quad(lambda x: (x * e(x)) ** -3, 0.0, a, epsrel=1e-13,
                                      epsabs=0.0)[0]

    z = np.array([0.0, 0.5, 2.0, 7.0, 50.0])
    expected = np.array([heath(v) for v in z]) / heath(0.0)
    np.testing.assert_allclose(ludlow16.growth_factor(z, om, 1.0 - om), expected, rtol=2e-13)
    np.testing.assert_allclose(ludlow16.growth_factor(z, om), expected, rtol=2e-13)
    with pytest.raises(ValueError, match="Ode0"):
        ludlow16.growth_factor(z, om, 0.6)
    # our colossus-convention growth takes Or0 keyword-only: upstream's order is a TypeError
    with pytest.raises(TypeError):
        growth.growth_factor(z, om, 1.0 - om)


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")  # roundoff at 1e-12
def test_sigma_r_upstream_order():
    from autogalaxy.cosmology.transfer import eisenstein_hu_98_transfer

    args = (P["h"], P["Om0"], P["Ob0"], P["Tcmb0"])

    def sigma2(r):  # adaptive quad of k^3 P W^2 in ln k, P = k^ns T^2
        def f(ln_k):
            k = np.exp(ln_k)
            y = k * r
            w = 3.0 * (np.sin(y) - y * np.cos(y)) / y**3 if y > 1e-3 else 1.0 - y * y / 10.0
            t = float(eisenstein_hu_98_transfer(k, *args))
            return k ** (3.0 + P["ns"]) * t * t * w * w

        edges = np.log(np.geomspace(1e-7, 300.0 / r, 400))
        return sum(quad(f, a, b, epsrel=1e-12, epsabs=0.0, limit=200)[0]
                   for a, b in zip(edges[:-1], edges[1:]))

    radii = np.array([0.5, 8.0, 20.0])
    expected = P["sigma8"] * np.sqrt(np.array([sigma2(r) for r in radii]) / sigma2(8.0))
    got = ludlow16.sigma_R(radii, *args, P["sigma8"], P["ns"])  # upstream: sigma8 before ns
    np.testing.assert_allclose(got, expected, rtol=1e-7)  # quad's tail beyond kR = 300: ~1e-8
    traced = jax.jit(lambda r: ludlow16.sigma_R(r, *args, P["sigma8"], P["ns"], xp=jnp))(radii)
    np.testing.assert_allclose(np.asarray(traced), got, rtol=2e-9)
    with pytest.raises(TypeError):  # our kernel takes ns and sigma8 by keyword only
        sigma.sigma(radii, *args, P["sigma8"], P["ns"])


def test_einasto_mass_ratio_upstream_order():
    c = np.array([1.0, 4.0, 30.0])
    a = 3.0 / 0.18
    expected = scipy.special.gammainc(a, 2.0 / 0.18) / scipy.special.gammainc(
        a, 2.0 / 0.18 * c**0.18)
    np.testing.assert_allclose(ludlow16.einasto_mass_ratio(c, np), expected, rtol=1e-15)
    alpha = 0.25
    expected = scipy.special.gammainc(3 / alpha, 2 / alpha) / scipy.special.gammainc(
        3 / alpha, 2 / alpha * c**alpha)
    np.testing.assert_allclose(ludlow16.einasto_mass_ratio(c, np, alpha), expected, rtol=1e-15)
    np.testing.assert_allclose(np.asarray(ludlow16.einasto_mass_ratio(jnp.asarray(c), jnp, alpha)),
                               expected, rtol=1e-13)


def test_transfer_eh98_upstream_name_against_colossus():
    from colossus.cosmology import power_spectrum

    k = np.array([1e-3, 0.05, 0.2, 3.0])
    args = (P["h"], P["Om0"], P["Ob0"], P["Tcmb0"])
    theirs = power_spectrum.modelEisenstein98(k, *args)
    np.testing.assert_allclose(ludlow16.transfer_eh98(k, *args), theirs, rtol=1e-14)
