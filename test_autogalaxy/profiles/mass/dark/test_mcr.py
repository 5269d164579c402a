"""Mass-concentration profiles: the swap-in of the native Ludlow16 relation under jax.jit.

References are computed at test time: colossus's Ludlow16 concentration (default and exact mode),
astropy's Planck15 distances and densities, and scipy quad of each profile's 3D density for the
enclosed-mass normalisation. Nothing here is a number copied from our own output.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import astropy.units as u
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from astropy import constants as ac
from astropy.cosmology import Planck15 as AstropyPlanck15
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import mcr_util

H = 0.6774
Z_L, Z_S = 0.5, 1.0
MASSES = np.array([1e9, 1e11, 1e13, 1e15])


# ------------------------------------------------------------------ colossus references (once)
@pytest.fixture(scope="module")
def colossus_c():
    """c200c(M [Msun], z) from colossus (Ludlow16 default and exact mode, Duffy08), Planck15, for
    MASSES and, under "test_halo", the end-to-end halo: one exact-mode cosmology per session."""
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    masses = np.append(MASSES, 10.0**LOG10_MASS) * H  # colossus takes Msun/h
    out = {}
    cosmology.setCosmology("planck15", persistence="")
    out["default"] = concentration.concentration(masses, "200c", Z_L, model="ludlow16")
    out["duffy"] = concentration.concentration(masses, "200c", Z_L, model="duffy08")
    ours = ag.cosmology.Planck15()
    params = dict(
        flat=True,
        H0=ours.H0,
        Om0=ours.Om0_total,
        Ob0=ours.Ob0,
        sigma8=ours.sigma8,
        ns=ours.ns,
        Tcmb0=ours.Tcmb0,
        Neff=ours.Neff,
    )
    exact = cosmology.setCosmology("ag_exact", params=params, interpolation=False, persistence="")
    exact.accuracy_sigma = 1e-8
    out["exact"] = concentration.concentration(masses, "200c", Z_L, model="ludlow16")
    cosmology.setCosmology("planck15", persistence="")
    out["test_halo"] = {mode: float(out[mode][-1]) for mode in ("default", "exact")}
    for mode in ("default", "exact", "duffy"):
        out[mode] = out[mode][:-1]
    return out


def astropy_lensing(z_l=Z_L, z_s=Z_S):
    """rho_crit [Msun/kpc^3], Sigma_crit [Msun/kpc^2], kpc/arcsec from astropy's Planck15."""
    cosmo = AstropyPlanck15
    rho = cosmo.critical_density(z_l).to(u.Msun / u.kpc**3).value
    d_l = cosmo.angular_diameter_distance(z_l)
    d_s = cosmo.angular_diameter_distance(z_s)
    d_ls = (cosmo.comoving_distance(z_s) - cosmo.comoving_distance(z_l)) / (1 + z_s)
    sigma = (ac.c**2 / (4 * np.pi * ac.G) * d_s / (d_l * d_ls)).to(u.Msun / u.kpc**2).value
    kpc_per_arcsec = (d_l.to(u.kpc) * np.pi / 648000).value
    return rho, sigma, kpc_per_arcsec


def reference_parameters(mass, c, shape):
    """(kappa_s, r_s [arcsec], r200 [kpc]) normalised with quad of the density ``shape(x)``."""
    rho, sigma, kpc_per_arcsec = astropy_lensing()
    r200 = (3 * mass / (4 * np.pi * 200 * rho)) ** (1 / 3)
    r_s = r200 / c
    m = quad(lambda x: x * x * shape(x), 0, c, epsabs=0, epsrel=1e-13, limit=200)[0]
    rho_s = mass / (4 * np.pi * r_s**3 * m)
    return rho_s * r_s / sigma, r_s / kpc_per_arcsec, r200


def nfw_shape(x):
    return 1 / (x * (1 + x) ** 2)


# ------------------------------------------------------------------ the helpers
def test_ludlow16_cosmology_against_colossus_and_astropy(colossus_c):
    c, rho, sigma, kpc = mcr_util.ludlow16_cosmology(MASSES, Z_L, Z_S)
    np.testing.assert_allclose(c, colossus_c["exact"], rtol=3e-6)
    np.testing.assert_allclose(c, colossus_c["default"], rtol=5e-4)
    ref = astropy_lensing()
    np.testing.assert_allclose([rho, sigma, kpc], ref, rtol=1e-8)


@pytest.mark.parametrize("scatter", [-1.0, 0.0, 2.0])
def test_nfw_helper_against_reference(colossus_c, scatter):
    kappa_s, r_s, r200 = mcr_util.kappa_s_and_scale_radius_for_ludlow(MASSES, scatter, Z_L, Z_S)
    c_ref = colossus_c["exact"] * 10 ** (0.15 * scatter)
    for i, m in enumerate(MASSES):
        ref = reference_parameters(m, c_ref[i], nfw_shape)
        np.testing.assert_allclose([kappa_s[i], r_s[i], r200[i]], ref, rtol=1e-5)


def test_duffy_helper_against_colossus(colossus_c):
    kappa_s, r_s, r200 = mcr_util.kappa_s_and_scale_radius_for_duffy(MASSES, Z_L, Z_S)
    for i, m in enumerate(MASSES):
        ref = reference_parameters(m, colossus_c["duffy"][i], nfw_shape)
        np.testing.assert_allclose([kappa_s[i], r_s[i], r200[i]], ref, rtol=1e-6)


@pytest.mark.parametrize("f_c", [1e-3, 0.01, 0.2, 0.5, 0.9, 1 - 1e-6])
def test_cored_halo_mass_inside_r200_equals_mass_at_200(f_c):
    mass = 3e12
    kappa_s, r_s, r_c, r200 = mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
        mass, 0.5, f_c, Z_L, Z_S
    )
    assert r_c == pytest.approx(f_c * r_s, rel=1e-15)
    rho, sigma, kpc = astropy_lensing()
    r_s_kpc = r_s * kpc
    rho_0 = kappa_s * sigma / r_s_kpc
    # rho = rho_0 r_s^3 / ((r + r_c)(r + r_s)^2), integrated in units of r_s.
    m = quad(lambda x: x * x / ((x + f_c) * (1 + x) ** 2), 0, r200 / r_s_kpc, epsrel=1e-13)[0]
    assert 4 * np.pi * rho_0 * r_s_kpc**3 * m == pytest.approx(mass, rel=1e-7)


@pytest.mark.parametrize("gamma", [0.3, 1.0, 1.7])
def test_gnfw_halo_mass_inside_r200_equals_mass_at_200(gamma):
    mass = 3e12
    kappa_s, r_s, r200 = mcr_util.kappa_s_and_scale_radius_for_ludlow_gnfw(
        mass, 0.0, gamma, Z_L, Z_S
    )
    rho, sigma, kpc = astropy_lensing()
    r_s_kpc = r_s * kpc
    rho_s = kappa_s * sigma / r_s_kpc
    m = quad(lambda x: x ** (2 - gamma) * (1 + x) ** (gamma - 3), 0, r200 / r_s_kpc, epsrel=1e-13)[
        0
    ]
    assert 4 * np.pi * rho_s * r_s_kpc**3 * m == pytest.approx(mass, rel=1e-7)


@pytest.mark.parametrize(
    "call,arg",
    [
        (lambda: mcr_util.kappa_s_and_scale_radius_for_ludlow(-1e12, 0.0, Z_L, Z_S), "mass_at_200"),
        (
            lambda: mcr_util.kappa_s_and_scale_radius_for_ludlow(1e12, 0.0, 1.0, 0.5),
            "redshift_source",
        ),
        (
            lambda: mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
                1e12, 0.0, 1.2, Z_L, Z_S
            ),
            "f_c",
        ),
        (
            lambda: mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
                1e12, 0.0, 0.0, Z_L, Z_S
            ),
            "f_c",
        ),
        (lambda: ag.mp.NFWMCRLudlowSph(mass_at_200=0.0), "mass_at_200"),
        (lambda: ag.mp.cNFWMCRLudlowSph(mass_at_200=1e12, f_c=1.0), "f_c"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


def test_jax_path_returns_nan_for_bad_input():
    f = jax.jit(
        lambda m, f_c: mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
            m, 0.0, f_c, Z_L, Z_S, xp=jnp
        )[0]
    )
    assert np.isfinite(f(1e12, 0.3))
    assert np.isnan(f(-1e12, 0.3))
    g = jax.jit(
        lambda zs: mcr_util.kappa_s_and_scale_radius_for_ludlow(1e12, 0.0, Z_L, zs, xp=jnp)[0]
    )
    assert np.isnan(g(0.4))


# ------------------------------------------------------------------ end-to-end under jit
def grid_50():
    x = np.linspace(-3.0, 3.0, 50)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


ELL = (0.1, -0.05)

# caller name -> (profile from (log10 mass, scatter), reference profile from (kappa_s, r_s, ...)
CALLERS = {
    "nfw_mcr": dict(
        make=lambda lm, s: ag.mp.NFWMCRLudlow(
            ell_comps=ELL, mass_at_200=10.0**lm, redshift_object=Z_L, redshift_source=Z_S
        ),
        scatter=0.0,
        shape=nfw_shape,
        plain=lambda k, r, r200, kpc: ag.mp.NFW(ell_comps=ELL, kappa_s=k, scale_radius=r),
    ),
    "nfw_mcr_scatter": dict(
        make=lambda lm, s: ag.mp.NFWMCRScatterLudlowSph(
            mass_at_200=10.0**lm, scatter_sigma=s, redshift_object=Z_L, redshift_source=Z_S
        ),
        scatter=1.0,
        shape=nfw_shape,
        plain=lambda k, r, r200, kpc: ag.mp.NFWSph(kappa_s=k, scale_radius=r),
    ),
    "nfw_truncated_mcr_scatter": dict(
        make=lambda lm, s: ag.mp.NFWTruncatedMCRScatterLudlowSph(
            mass_at_200=10.0**lm, scatter_sigma=s, redshift_object=Z_L, redshift_source=Z_S
        ),
        scatter=-0.5,
        shape=nfw_shape,
        plain=lambda k, r, r200, kpc: ag.mp.NFWTruncatedSph(
            kappa_s=k, scale_radius=r, truncation_radius=2 * r200 / kpc
        ),
    ),
    "gnfw_mcr": dict(
        make=lambda lm, s: ag.mp.gNFWMCRLudlow(
            ell_comps=ELL,
            mass_at_200=10.0**lm,
            redshift_object=Z_L,
            redshift_source=Z_S,
            inner_slope=1.5,
        ),
        scatter=0.0,
        shape=lambda x: x**-1.5 * (1 + x) ** -1.5,
        plain=lambda k, r, r200, kpc: ag.mp.gNFW(
            ell_comps=ELL, kappa_s=k, inner_slope=1.5, scale_radius=r
        ),
    ),
    "cnfw_mcr_scatter": dict(
        make=lambda lm, s: ag.mp.cNFWMCRScatterLudlow(
            ell_comps=ELL,
            mass_at_200=10.0**lm,
            scatter_sigma=s,
            f_c=0.3,
            redshift_object=Z_L,
            redshift_source=Z_S,
        ),
        scatter=0.7,
        shape=lambda x: 1 / ((x + 0.3) * (1 + x) ** 2),
        plain=lambda k, r, r200, kpc: ag.mp.cNFW(
            ell_comps=ELL, kappa_s=k, scale_radius=r, core_radius=0.3 * r
        ),
    ),
}
LOG10_MASS = 12.3


@pytest.fixture(scope="module")
def colossus_c_one(colossus_c):
    """colossus's c200c of the end-to-end test halo (10^LOG10_MASS Msun), both modes."""
    return colossus_c["test_halo"]


def _deflections(name, log10_mass, scatter, grid, xp):
    return CALLERS[name]["make"](log10_mass, scatter).deflections_yx_2d_from(grid, xp=xp)


@pytest.mark.parametrize("name", sorted(CALLERS))
def test_caller_under_jit_matches_numpy_and_colossus_reference(name, colossus_c_one):
    spec = CALLERS[name]
    grid = grid_50()
    jitted = jax.jit(lambda lm, s: _deflections(name, lm, s, grid, jnp))
    got = np.asarray(jitted(LOG10_MASS, spec["scatter"]))
    numpy_path = _deflections(name, LOG10_MASS, spec["scatter"], grid, np)
    scale = np.max(np.abs(numpy_path))
    assert np.max(np.abs(got - numpy_path)) <= 1e-12 * scale

    for mode, tol in (("exact", 1e-5), ("default", 5e-4)):
        c = colossus_c_one[mode] * 10 ** (0.15 * spec["scatter"])
        kappa_s, r_s, r200 = reference_parameters(10.0**LOG10_MASS, c, spec["shape"])
        kpc = astropy_lensing()[2]
        reference = spec["plain"](kappa_s, r_s, r200, kpc).deflections_yx_2d_from(grid)
        assert np.max(np.abs(got - reference)) <= tol * scale, mode


@pytest.mark.parametrize("name", sorted(CALLERS))
def test_caller_gradient_and_vmap(name):
    spec = CALLERS[name]
    grid = jnp.asarray(grid_50())

    def loss(lm):
        return jnp.sum(_deflections(name, lm, spec["scatter"], grid, jnp) ** 2)

    g = jax.jit(jax.grad(loss))(LOG10_MASS)
    assert np.isfinite(g) and g > 0  # more mass, larger deflections
    h = 1e-4
    fd = (loss(LOG10_MASS + h) - loss(LOG10_MASS - h)) / (2 * h)
    assert float(g) == pytest.approx(float(fd), rel=2e-3)  # grid solver: c-node kinks allowed

    masses = jnp.linspace(9.0, 14.5, 64)
    batched = jax.jit(jax.vmap(lambda lm: _deflections(name, lm, spec["scatter"], grid, jnp)))(
        masses
    )
    assert batched.shape == (64, grid.shape[0], 2)
    one = np.asarray(
        jax.jit(lambda lm: _deflections(name, lm, spec["scatter"], grid, jnp))(masses[5])
    )
    np.testing.assert_allclose(np.asarray(batched[5]), one, rtol=1e-12, atol=1e-15)


def test_profiles_are_pytrees_through_jit():
    profile = ag.mp.NFWMCRLudlowSph(mass_at_200=1e12, redshift_object=Z_L, redshift_source=Z_S)
    grid = jnp.asarray(grid_50())
    out = jax.jit(lambda p: p.deflections_yx_2d_from(grid, xp=jnp))(profile)
    np.testing.assert_allclose(
        np.asarray(out), profile.deflections_yx_2d_from(grid_50()), rtol=1e-12
    )
    rebuilt = jax.jit(lambda p: p)(profile)
    assert isinstance(rebuilt, ag.mp.NFWMCRLudlowSph)
    assert float(rebuilt.kappa_s) == pytest.approx(profile.kappa_s, rel=1e-15)
    assert float(rebuilt.mass_at_200) == 1e12


@given(
    log10_mass=st.floats(8.0, 15.5),
    z_l=st.floats(0.05, 2.0),
    dz=st.floats(0.05, 3.0),
    scatter=st.floats(-2.0, 2.0),
)
@settings(max_examples=20, deadline=None)
def test_property_numpy_equals_jax(log10_mass, z_l, dz, scatter):
    args = (10.0**log10_mass, scatter, z_l, z_l + dz)
    ref = mcr_util.kappa_s_and_scale_radius_for_ludlow(*args)
    got = mcr_util.kappa_s_and_scale_radius_for_ludlow(*args, xp=jnp)
    np.testing.assert_allclose(np.asarray(got), ref, rtol=1e-12)


@pytest.mark.parametrize(
    "value,backend", [(1e12, "numpy"), (np.float32(1e12), "numpy"), (np.array(1e12), "numpy")]
)
def test_classes_pick_numpy_for_numpy_numbers(value, backend):
    profile = ag.mp.NFWMCRLudlowSph(mass_at_200=value)
    assert type(profile.kappa_s).__module__.split(".")[0] == backend


def test_classes_pick_jax_for_jax_arrays():
    profile = ag.mp.NFWMCRLudlowSph(mass_at_200=jnp.asarray(1e12))
    assert isinstance(profile.kappa_s, jax.Array)


def test_colossus_is_never_imported_at_run_time():
    package = Path(ag.__file__).parent
    offenders = [
        str(p)
        for p in package.rglob("*.py")
        if "import colossus" in p.read_text() or "from colossus" in p.read_text()
    ]
    assert offenders == []
    script = textwrap.dedent(
        f"""
        import sys
        sys.modules["colossus"] = None  # any import of colossus now raises ImportError
        import numpy as np
        import autogalaxy as ag
        names = {[n for n in ag.mp.__all__ if "MCR" in n]!r}
        grid = np.array([[0.5, 0.3]])
        for name in names:
            p = getattr(ag.mp, name)(mass_at_200=1e12)
            assert np.all(np.isfinite(p.deflections_yx_2d_from(grid))), name
        print(len(names))
        """
    )
    res = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert int(res.stdout.strip()) == 15
