"""The cosmology against astropy (computed at test time), NumPy vs JAX, autodiff and bad input."""

import astropy.units as u
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from astropy import constants as ac
from astropy import cosmology as apc
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

import autogalaxy as ag

PRESETS = [(ag.cosmology.Planck15, apc.Planck15), (ag.cosmology.Planck18, apc.Planck18)]
Z = np.concatenate([[0.0, 1e-6, 1e-3], np.linspace(0.01, 20.0, 400)])
Z_LENS = np.array([0.05, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0])


def rel(a, b):
    return np.max(np.abs(np.asarray(a) / np.asarray(b) - 1.0))


@pytest.fixture(params=PRESETS, ids=["Planck15", "Planck18"])
def pair(request):
    ours, theirs = request.param
    return ours(), theirs


def test_densities_today_match_astropy(pair):
    ours, ref = pair
    assert ours.Om0 == ref.Om0 and ours.H0 == ref.H0.value
    assert abs(ours.Ogamma0 / ref.Ogamma0 - 1) < 1e-8
    assert abs(ours.Onu0 / ref.Onu0 - 1) < 1e-8
    assert abs(ours.Ode0 / ref.Ode0 - 1) < 1e-12


def test_total_matter_includes_massive_neutrinos(pair):
    ours, ref = pair
    # Omega_nu h^2 = sum m_nu / 93.14 eV is the standard non-relativistic limit; astropy's
    # Komatsu fit differs from it by ~0.5%, i.e. ~7e-6 in Om0.
    expected = ref.Om0 + sum(ref.m_nu.value) / 93.14 / ours.h**2
    assert abs(ours.Om0_total - expected) < 2e-5
    assert ours.Om0_total > ours.Om0


def test_colossus_planck15_matter_density():
    assert round(ag.cosmology.Planck15().Om0_total, 4) == 0.3089
    assert round(ag.cosmology.Planck18().Om0_total, 4) == 0.3111


def test_efunc_and_critical_density(pair):
    ours, ref = pair
    assert rel(ours.E(Z), ref.efunc(Z)) < 1e-12
    expected = ref.critical_density(Z).to(u.Msun / u.kpc**3).value
    assert rel(ours.critical_density(Z), expected) < 1e-8


def test_distances(pair):
    ours, ref = pair
    z = Z[1:]
    assert (
        rel(
            ours.angular_diameter_distance_to_earth_in_kpc_from(z),
            ref.angular_diameter_distance(z).to(u.kpc).value,
        )
        < 1e-8
    )
    assert rel(ours.kpc_per_arcsec_from(z), 1.0 / ref.arcsec_per_kpc_proper(z).value) < 1e-8
    assert rel(ours.arcsec_per_kpc_from(z), ref.arcsec_per_kpc_proper(z).value) < 1e-8
    for zl in Z_LENS:
        zs = z[z > zl]
        got = ours.angular_diameter_distance_between_redshifts_in_kpc_from(zl, zs)
        # astropy integrates z1 -> z2 with quad's default epsrel = 1.5e-8, which leaves 3e-8 noise
        # at z2 ~ 18; its comoving distances from z = 0 are tighter, and their difference is fine
        # for these well-separated pairs.
        d_c = ref.comoving_distance(zs) - ref.comoving_distance(zl)
        assert rel(got, (d_c / (1 + zs)).to(u.kpc).value) < 1e-8
        assert rel(got, ref.angular_diameter_distance(zl, zs).to(u.kpc).value) < 1e-7


def test_distance_between_redshifts_against_tight_quadrature(pair):
    """astropy's own E(z) integrated by quad at epsrel 1e-13: the numerics, not the physics."""
    ours, ref = pair
    for zl, zs in [(0.05, 0.0601), (0.5, 1.0), (0.05, 18.2), (3.0, 20.0)]:
        integral = quad(ref.inv_efunc, zl, zs, epsabs=0, epsrel=1e-13, limit=200)[0]
        expected = ours.hubble_distance_kpc * integral / (1 + zs)
        got = ours.angular_diameter_distance_between_redshifts_in_kpc_from(zl, zs)
        assert abs(got / expected - 1) < 1e-12


def test_critical_surface_density(pair):
    ours, ref = pair
    for zl in Z_LENS:
        zs = Z[Z > zl]
        d_l = ref.angular_diameter_distance(zl)
        d_s = ref.angular_diameter_distance(zs)
        # (see test_distances on astropy's z1 -> z2 quad noise)
        d_ls = (ref.comoving_distance(zs) - ref.comoving_distance(zl)) / (1 + zs)
        expected = (ac.c**2 / (4 * np.pi * ac.G) * d_s / (d_l * d_ls)).to(u.Msun / u.kpc**2)
        got = ours.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(zl, zs)
        assert rel(got, expected.value) < 1e-8


def test_broadcasting_and_scalars():
    c = ag.cosmology.Planck15()
    assert np.ndim(c.kpc_per_arcsec_from(0.5)) == 0
    zl = np.array([[0.2], [0.5]])
    zs = np.array([1.0, 2.0, 3.0])
    sig = c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(zl, zs)
    assert sig.shape == (2, 3)
    assert sig[1, 0] == pytest.approx(
        c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(0.5, 1.0), rel=1e-14
    )


METHODS = [
    ("E", 1),
    ("critical_density", 1),
    ("angular_diameter_distance_to_earth_in_kpc_from", 1),
    ("kpc_per_arcsec_from", 1),
    ("arcsec_per_kpc_from", 1),
    ("angular_diameter_distance_between_redshifts_in_kpc_from", 2),
    ("critical_surface_density_between_redshifts_solar_mass_per_kpc2_from", 2),
]


@pytest.mark.parametrize("name,nargs", METHODS)
def test_numpy_equals_jax_under_jit(name, nargs):
    c = ag.cosmology.Planck18()
    zs = np.linspace(0.6, 12.0, 50)
    args = (zs,) if nargs == 1 else (0.5, zs)
    expected = getattr(c, name)(*args)
    got = jax.jit(lambda *a: getattr(c, name)(*a, xp=jnp))(*args)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=0)


def test_vmap_over_ten_thousand_redshifts():
    c = ag.cosmology.Planck15()
    z = np.linspace(0.01, 20.0, 10_000)
    f = jax.jit(jax.vmap(lambda zz: c.kpc_per_arcsec_from(zz, xp=jnp)))
    np.testing.assert_allclose(np.asarray(f(z)), c.kpc_per_arcsec_from(z), rtol=1e-12)


def _central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("z", [0.1, 0.5, 2.0, 8.0])
def test_grad_with_respect_to_redshift(z):
    c = ag.cosmology.Planck15()
    for name in ("kpc_per_arcsec_from", "critical_density"):
        f = lambda zz, name=name: getattr(c, name)(zz, xp=jnp)  # noqa: E731
        g = jax.grad(f)(z)
        fd = _central_difference(lambda zz, name=name: getattr(c, name)(zz), z, 1e-5)
        assert abs(g / fd - 1) < 1e-6
    sig = lambda zl: c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(  # noqa: E731
        zl, z + 1.0, xp=jnp
    )
    fd = _central_difference(
        lambda zl: c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            zl, z + 1.0
        ),
        z,
        1e-5,
    )
    assert abs(jax.grad(sig)(z) / fd - 1) < 1e-6


@pytest.mark.parametrize("param", ["H0", "Om0"])
def test_grad_with_respect_to_cosmological_parameters(param):
    base = dict(H0=70.0, Om0=0.3, Ob0=0.045)

    def sigma_crit(value, xp):
        c = ag.cosmology.FlatLambdaCDM(**{**base, param: value})
        return c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            0.5, 2.0, xp=xp
        ) * c.kpc_per_arcsec_from(0.5, xp=xp)

    x0 = base[param]
    g = jax.grad(lambda v: sigma_crit(v, jnp))(x0)
    fd = _central_difference(lambda v: sigma_crit(v, np), x0, 1e-6 * x0)
    assert abs(g / fd - 1) < 1e-6


def test_cosmology_is_a_pytree_through_jit():
    c = ag.cosmology.Planck15()
    leaves = jax.tree_util.tree_leaves(c)
    assert len(leaves) == 6
    f = jax.jit(lambda cosmo: cosmo.kpc_per_arcsec_from(0.5, xp=jnp))
    assert float(f(c)) == pytest.approx(c.kpc_per_arcsec_from(0.5), rel=1e-13)
    grads = jax.grad(lambda cosmo: cosmo.critical_density(0.5, xp=jnp))(c)
    assert isinstance(grads, ag.cosmology.Planck15)
    params = dict(H0=c.H0, Om0=c.Om0, Ob0=c.Ob0)
    for name in ("H0", "Om0"):
        h = 1e-6 * params[name]
        up = ag.cosmology.FlatLambdaCDM(**{**params, name: params[name] + h}).critical_density(0.5)
        dn = ag.cosmology.FlatLambdaCDM(**{**params, name: params[name] - h}).critical_density(0.5)
        assert getattr(grads, name) == pytest.approx((up - dn) / (2 * h), rel=1e-6)


@given(z=st.floats(1e-3, 20.0), zs_offset=st.floats(1e-3, 10.0))
@settings(max_examples=40, deadline=None)
def test_property_numpy_equals_jax(z, zs_offset):
    c = ag.cosmology.Planck15()
    f = "critical_surface_density_between_redshifts_solar_mass_per_kpc2_from"
    a = getattr(c, f)(z, z + zs_offset)
    b = float(getattr(c, f)(z, z + zs_offset, xp=jnp))
    assert abs(b / a - 1) <= 1e-12


@pytest.mark.parametrize(
    "call,arg",
    [
        (lambda c: c.angular_diameter_distance_to_earth_in_kpc_from(-0.1), "redshift_1"),
        (lambda c: c.kpc_per_arcsec_from(np.array([0.5, -1.0])), "redshift_1"),
        (lambda c: c.critical_density(-0.5), "redshift"),
        (
            lambda c: c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
                1.0, 0.5
            ),
            "redshift_1 - redshift_0",
        ),
    ],
)
def test_bad_redshifts_raise_naming_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call(ag.cosmology.Planck15())


@pytest.mark.parametrize(
    "kwargs,arg",
    [
        (dict(H0=70.0, Om0=1.2, Ob0=0.04), "Om0"),
        (dict(H0=70.0, Om0=0.0, Ob0=0.0), "Om0"),
        (dict(H0=-70.0, Om0=0.3, Ob0=0.04), "H0"),
        (dict(H0=70.0, Om0=0.3, Ob0=0.4), "Ob0"),
        (dict(H0=70.0, Om0=0.3, Ob0=0.04, m_nu=(0.1,)), "m_nu"),
    ],
)
def test_bad_parameters_raise_naming_the_argument(kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        ag.cosmology.FlatLambdaCDM(**kwargs)


def test_jax_path_returns_nan_for_bad_redshifts():
    c = ag.cosmology.Planck15()
    d = jax.jit(lambda z: c.kpc_per_arcsec_from(z, xp=jnp))(jnp.array([-0.5, 0.5]))
    assert np.isnan(d[0]) and np.isfinite(d[1])
    sig = jax.jit(
        lambda zl, zs: c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            zl, zs, xp=jnp
        )
    )
    assert np.isnan(sig(1.0, 0.5)) and np.isfinite(sig(0.5, 1.0))
    # a source at the lens redshift: the +inf limit (upstream's value), on both paths
    assert sig(1.0, 1.0) == np.inf
    assert c.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(1.0, 1.0) == np.inf


def test_distance_quadrature_has_converged():
    """The 64-node rule against a 256-node one out to z = 1000 (radiation-dominated end)."""
    from autogalaxy.cosmology import flat_lambda_cdm as mod

    c = ag.cosmology.Planck15()
    z = np.logspace(-3, 3, 200)
    d64 = c.comoving_distance_in_kpc_from(z)
    orig = mod.DISTANCE_NODES
    try:
        mod.DISTANCE_NODES = 256
        d256 = c.comoving_distance_in_kpc_from(z)
    finally:
        mod.DISTANCE_NODES = orig
    assert rel(d64, d256) < 1e-13
