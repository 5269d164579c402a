"""Ludlow16 c200c(M, z): colossus 1.4.0 (computed at test time) as the baseline, NumPy vs JAX,
the three root-bracketing strategies, autodiff against finite differences, tables against direct
integration, and bad input."""

import subprocess
import sys
import textwrap
import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from autogalaxy.cosmology import FlatLambdaCDM, Planck15, Planck18
from autogalaxy.cosmology.growth import growth_factor, relativistic_density
from autogalaxy.cosmology.sigma import sigma_squared_unnormalised
from autogalaxy.profiles.mass.dark import ludlow16 as l16
from autogalaxy.cosmology import tables
from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp as concentration

# the baseline grid: log10 M200c [Msun/h] in [4, 16], z in [0, 10]
LOG_M = np.linspace(4.0, 16.0, 6)
Z = np.array([0.0, 1.0, 4.0, 10.0])
CUSTOM = FlatLambdaCDM(H0=72.0, Om0=0.26, Ob0=0.044, Tcmb0=2.725, sigma8=0.78, ns=0.95)
COSMOLOGIES = {"planck15": Planck15(), "planck18": Planck18(), "custom": CUSTOM}

jit_grid = jax.jit(lambda m, z: concentration(m, z, xp=jnp))
jit_smooth = jax.jit(lambda m, z: concentration(m, z, xp=jnp, solver="smooth"))


def rel(a, b):
    return np.max(np.abs(np.asarray(a) / np.asarray(b) - 1.0))


def colossus_parameters(cosmo):
    """The same physics in colossus: total matter density, colossus's radiation from Tcmb0, Neff."""
    return dict(
        flat=True,
        H0=float(cosmo.H0),
        Om0=float(cosmo.Om0_total),
        Ob0=float(cosmo.Ob0),
        sigma8=float(cosmo.sigma8),
        ns=float(cosmo.ns),
        Tcmb0=float(cosmo.Tcmb0),
        Neff=float(cosmo.Neff),
    )


@pytest.fixture(scope="module")
def colossus_exact():
    """Regression baseline: colossus's exact mode (interpolation=False, accuracy_sigma=1e-8) with
    each cosmology's parameters on the (LOG_M, Z) grid, computed once (~7 s)."""
    from colossus.cosmology import cosmology
    from colossus.halo import concentration as colossus_concentration

    out = {}
    for name, cosmo in COSMOLOGIES.items():
        current = cosmology.setCosmology(
            f"ag_{name}", params=colossus_parameters(cosmo), interpolation=False, persistence=""
        )
        current.accuracy_sigma = 1e-8
        out[name] = np.array([colossus_concentration.modelLudlow16(10**LOG_M, z)[0] for z in Z])
    cosmology.setCosmology("planck15", persistence="")
    return out


@pytest.fixture(scope="module")
def colossus_default():
    """colossus's built-in planck15 in its default (spline) mode: (masses, redshifts, c, mask)."""
    from colossus.cosmology import cosmology
    from colossus.halo import concentration as colossus_concentration

    cosmology.setCosmology("planck15", persistence="")
    masses = 10 ** np.linspace(-2.0, 16.0, 37)
    redshifts = np.concatenate([np.linspace(0.0, 10.0, 11), [30.0, 100.0, 190.0, 196.0, 198.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = [colossus_concentration.modelLudlow16(masses, z) for z in redshifts]
    return masses, redshifts, np.array([o[0] for o in out]), np.array([o[1] for o in out])


# ----------------------------------------------------------------------------- against colossus
@pytest.mark.parametrize("name", list(COSMOLOGIES))
def test_matches_colossus_exact_mode(colossus_exact, name):
    ours = concentration(10**LOG_M, Z[:, None], cosmology=COSMOLOGIES[name])
    assert np.all(colossus_exact[name] > 0)
    # measured: 1.4e-7 (Planck15), 1.4e-7 (Planck18), 5.0e-7 (custom)
    assert rel(ours, colossus_exact[name]) <= 3e-6


def test_matches_colossus_default_mode_and_its_invalid_cells(colossus_default):
    masses, redshifts, ref, valid = colossus_default
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = concentration(masses, redshifts[:, None])
    assert np.array_equal(np.isnan(ours), ~valid)  # NaN exactly where colossus returns -1
    assert (~valid).sum() > 10 and np.all(ref[~valid] == -1.0)
    assert rel(ours[valid], ref[valid]) <= 5e-4  # colossus's spline noise; measured 3.7e-4


def test_nan_and_warning_where_colossus_has_no_solution():
    with pytest.warns(UserWarning, match="no solution on the c-grid"):
        c = concentration(np.array([1e-2, 1e15]), 198.0)
    assert np.isnan(c[0]) and np.isfinite(c[1])
    assert np.isnan(jit_grid(jnp.asarray(1e-2), jnp.asarray(198.0)))


def test_nan_and_warning_outside_the_sigma_table():
    with pytest.warns(UserWarning, match="outside the tabulated"):
        c = concentration(np.array([1e-6, 1e12, 1e17]), 0.5)
    assert np.isnan(c[0]) and np.isfinite(c[1]) and np.isnan(c[2])


# ------------------------------------------------------------------------- solvers and paths
def test_smooth_solver_is_the_continuous_root_near_the_grid():
    masses = 10 ** np.linspace(4.0, 16.0, 61)
    redshifts = np.linspace(0.0, 10.0, 21)[:, None]
    grid = concentration(masses, redshifts)
    smooth = concentration(masses, redshifts, solver="smooth")
    difference = rel(smooth, grid)
    # the c-grid's linear-interpolation error: measured 5.9e-4 (at z = 10, c ~ 2; 4.6e-4 for z <= 6)
    assert 1e-4 < difference <= 7e-4
    # the smooth root solves the same equation to rounding
    cosmo = l16.prepare_cosmology(Planck15())
    spread, _ = l16._spread(masses, cosmo, np)
    z = np.broadcast_to(redshifts, smooth.shape)
    term = cosmo.Om0 * (1.0 + z) ** 3 + cosmo.Ode0
    delta_z = l16.DELTA_COLLAPSE / l16.growth_factor_tabulated(np.log1p(z), cosmo)
    residual, _ = l16.smooth_residual(np.log(smooth), term, delta_z, 1.0 / spread, cosmo)
    assert np.max(np.abs(residual)) < 1e-13


def test_bracketing_strategies_agree():
    rng = np.random.default_rng(3)
    masses = 10 ** rng.uniform(4.0, 16.0, 300)
    redshifts = rng.uniform(0.0, 10.0, 300)
    inline = concentration(masses, redshifts)  # 300 distinct redshifts: 8 nodes per halo
    dense = np.array([concentration(m, z) for m, z in zip(masses[:40], redshifts[:40])])
    bisected = concentration(masses[:, None], np.array([0.0, 3.0, 9.0]))  # 900 halos, 3 z
    dense_grid = concentration(masses[:5, None], np.array([0.0, 3.0, 9.0]))  # 15 halos
    assert rel(dense, inline[:40]) < 1e-15
    assert rel(bisected[:5], dense_grid) < 1e-15
    assert rel(bisected[:, 1], concentration(masses, np.full(300, 3.0))) < 1e-15


@pytest.mark.parametrize("dense_limit", [0, 4096])
def test_every_strategy_on_jax_matches_numpy(monkeypatch, dense_limit):
    """The strategy is a static-shape rule shared by both backends (7 halos: dense with the
    default limit); forcing bisection (limit 0) on both must not change a digit that matters."""
    monkeypatch.setattr(l16, "DENSE_LIMIT", dense_limit)
    masses = 10 ** np.linspace(4.0, 16.0, 7)
    on_jax = jax.jit(lambda m, z: concentration(m, z, xp=jnp))(masses, 2.5)
    assert rel(on_jax, concentration(masses, 2.5)) <= 1e-14


def test_residual_changes_sign_once_on_the_domain():
    """colossus's np.interp (and our bisection) rely on one sign change among kept nodes."""
    cosmo = l16.prepare_cosmology(Planck15())
    masses = 10 ** np.linspace(-4.0, 16.3, 41)
    spread, _ = l16._spread(masses, cosmo, np)
    for z in np.concatenate([np.linspace(0.0, 10.0, 11), [20.0, 50.0, 150.0]]):
        term = cosmo.Om0 * (1.0 + z) ** 3 + cosmo.Ode0
        delta_z = l16.DELTA_COLLAPSE / l16.growth_factor_tabulated(np.log1p(z), cosmo)
        _, gap, kept = l16.node_collapse_gap(l16.FORMATION_DENSITY_GRID, term, delta_z, cosmo)
        residual = l16.MASS_RATIO_GRID - scipy.special.erfc(gap[None, :] / spread[:, None])
        for row in residual[:, kept]:
            assert np.count_nonzero(np.diff(np.sign(row)) != 0) == 1


def test_shapes_scalars_and_broadcasting():
    c = concentration(1e12, 0.5)
    assert isinstance(c, np.float64)
    assert concentration(np.full((3, 1), 1e12), np.linspace(0, 2, 4)).shape == (3, 4)
    assert jit_grid(jnp.asarray(1e12), jnp.asarray(0.5)).shape == ()
    assert jit_grid(jnp.full((2, 1, 3), 1e12), jnp.ones((5, 1))).shape == (2, 5, 3)


# ---------------------------------------------------------------------------- NumPy vs JAX
def test_numpy_and_jax_agree_on_every_path():
    rng = np.random.default_rng(5)
    masses = 10 ** rng.uniform(4.0, 16.0, 500)
    redshifts = rng.uniform(0.0, 10.0, 500)
    for solver, jitted in (("grid", jit_grid), ("smooth", jit_smooth)):
        for m, z in (
            (masses, redshifts),  # distinct redshifts
            (masses[:, None], redshifts[:4]),  # shared redshifts
            (masses[:7], redshifts[0]),  # tiny input
        ):
            ours = concentration(m, z, solver=solver)
            assert rel(jitted(jnp.asarray(m), jnp.asarray(z)), ours) <= 1e-12


@given(log_m=st.floats(4.0, 16.0), z=st.floats(0.0, 10.0))
@settings(max_examples=60, deadline=None)
def test_property_numpy_equals_jax_and_smooth_is_close(log_m, z):
    c = concentration(10**log_m, z)
    assert abs(float(jit_grid(jnp.asarray(10**log_m), jnp.asarray(z))) / c - 1.0) <= 1e-12
    assert abs(concentration(10**log_m, z, solver="smooth") / c - 1.0) <= 7e-4


def test_vmap_and_jit_match_broadcasting():
    masses = jnp.asarray(10 ** np.linspace(5.0, 15.0, 7))
    redshifts = jnp.asarray(np.linspace(0.0, 6.0, 7))
    mapped = jax.jit(jax.vmap(lambda m, z: concentration(m, z, xp=jnp)))(masses, redshifts)
    assert rel(mapped, concentration(np.asarray(masses), np.asarray(redshifts))) <= 1e-12


# -------------------------------------------------------------------------------- autodiff
GRAD_LOG_M = np.linspace(4.0, 16.0, 13)
GRAD_Z = np.array([0.0, 0.3, 2.0, 5.5, 10.0])


def _cell(log_m, z):
    """Index of the bracketing c-grid node (to skip finite-difference stencils across nodes)."""
    cosmo = l16.prepare_cosmology(Planck15())
    spread, _ = l16._spread(10.0**log_m, cosmo, np)
    return l16.bracket_root(spread, np.asarray(z), cosmo, np.shape(log_m))[0]


@pytest.mark.parametrize("solver", ["grid", "smooth"])
def test_gradients_match_finite_differences(solver):
    def f(log_m, z):
        return concentration(10.0**log_m, z, xp=jnp, solver=solver)

    grad = jax.jit(jax.vmap(jax.grad(f, argnums=(0, 1))))
    log_m, z = (a.ravel() for a in np.meshgrid(GRAD_LOG_M, GRAD_Z))
    g_m, g_z = (np.asarray(g) for g in grad(jnp.asarray(log_m), jnp.asarray(z)))
    assert np.all(np.isfinite(g_m)) and np.all(np.isfinite(g_z))

    h_m, h_z = 1e-5, 1e-5
    z_lo = np.maximum(z - h_z, 0.0)  # one-sided-safe stencil at z = 0
    fd_m = (
        concentration(10 ** (log_m + h_m), z, solver=solver)
        - concentration(10 ** (log_m - h_m), z, solver=solver)
    ) / (2 * h_m)
    fd_z = (
        concentration(10**log_m, z + h_z, solver=solver)
        - concentration(10**log_m, z_lo, solver=solver)
    ) / (z + h_z - z_lo)
    keep_m = keep_z = np.ones(log_m.shape, bool)
    if solver == "grid":  # away from c-node crossings
        keep_m = _cell(log_m - h_m, z) == _cell(log_m + h_m, z)
        keep_z = _cell(log_m, z_lo) == _cell(log_m, z + h_z)
        assert keep_m.mean() > 0.8 and keep_z.mean() > 0.8
    # central differences are good to ~1e-9 here; z = 0 uses a one-sided step (error ~h)
    interior = z > 0
    assert np.max(np.abs(g_m - fd_m)[keep_m]) <= 1e-6
    assert np.max(np.abs(g_z - fd_z)[keep_z & interior]) <= 1e-6
    assert np.max(np.abs(g_z - fd_z)[keep_z & ~interior]) <= 1e-3


def test_gradient_with_respect_to_the_cosmology():
    def c_of(cosmo):
        return concentration(1e12, 1.0, cosmology=cosmo, xp=jnp, solver="smooth")

    grads = jax.jit(jax.grad(c_of))(Planck15())  # compiles the tables' gradient: ~10 s
    base = dict(H0=67.74, Om0=0.3075, Ob0=0.0486, Tcmb0=2.7255, sigma8=0.8159, ns=0.9667)
    for name in base:
        step = 1e-5 * base[name]
        up = FlatLambdaCDM(**{**base, name: base[name] + step}, m_nu=(0.0, 0.0, 0.06))
        down = FlatLambdaCDM(**{**base, name: base[name] - step}, m_nu=(0.0, 0.0, 0.06))
        fd = (
            concentration(1e12, 1.0, cosmology=up, solver="smooth")
            - concentration(1e12, 1.0, cosmology=down, solver="smooth")
        ) / (2 * step)
        assert np.isfinite(getattr(grads, name))
        assert abs(getattr(grads, name) - fd) <= 1e-6 * max(1.0, abs(fd)), name


# --------------------------------------------------------------------- tables and caching
def test_einasto_mass_ratio_matches_colossus_profile():
    from colossus.cosmology import cosmology
    from colossus.halo import profile_einasto

    cosmology.setCosmology("planck15", persistence="")
    profile = profile_einasto.EinastoProfile(M=1e12, c=1.0, z=0.5, mdef="200c", alpha=0.18)
    rs = profile.par["rs"]
    expected = profile.enclosedMassInner(rs) / profile.enclosedMassInner(rs * l16.C_GRID)
    assert rel(l16.MASS_RATIO_GRID, expected) <= 1e-13
    c = np.linspace(1.0, 100.0, 301)
    jax_ratio = jax.jit(lambda c: l16.einasto_mass_ratio(c, xp=jnp))(c)
    assert rel(jax_ratio, l16.einasto_mass_ratio(c)) <= 1e-13
    # the smooth solver's table of ln M(<r_s)/M(<c r_s)
    log_c = np.linspace(0.0, np.log(100.0), 5001)
    table = tables.piecewise_evaluate(log_c, l16.MASS_RATIO_COEFFICIENTS, l16.MASS_RATIO_PIECES)
    assert np.max(np.abs(table - np.log(l16.einasto_mass_ratio(np.exp(log_c))))) <= 2e-14


@pytest.mark.parametrize("name", ["planck15", "custom"])
def test_sigma_table_against_direct_integration(name):
    cosmo = COSMOLOGIES[name]
    params = (cosmo.h, cosmo.Om0_total, cosmo.Ob0, cosmo.Tcmb0, cosmo.ns)
    table = tables.ln_sigma_table(*params)
    ln_r = np.random.default_rng(1).uniform(tables.LN_R_MIN, tables.LN_R_MAX, 40)
    direct = 0.5 * np.log(
        sigma_squared_unnormalised(np.exp(ln_r), *params) / sigma_squared_unnormalised(8.0, *params)
    )
    got = tables.piecewise_evaluate(ln_r, table, tables.SIGMA_GRID)
    assert np.max(np.abs(got - direct)) <= 1e-9  # measured 8e-10


@pytest.mark.parametrize("Om0", [0.1, 0.3089, 0.6])
def test_growth_table_against_direct_kernel(Om0):
    Or0 = relativistic_density(5.39e-5, 3.046)
    table = tables.growth_table(Om0, Or0)
    z = np.concatenate([np.linspace(-0.995, 0.0, 50), np.linspace(0.0, 30.0, 301), [199.0]])
    direct = growth_factor(z, Om0, Or0=Or0)
    got = tables.piecewise_evaluate(np.log1p(z), table, tables.GROWTH_GRID)
    assert rel(got, direct) <= 1e-14  # measured 6e-15


def test_cache_holds_no_tracers_and_is_keyed_by_values():
    cosmo = FlatLambdaCDM(H0=70.0, Om0=0.3, Ob0=0.045, sigma8=0.8, ns=0.96)
    first = l16.prepare_cosmology(cosmo)
    again = l16.prepare_cosmology(FlatLambdaCDM(H0=70.0, Om0=0.3, Ob0=0.045, sigma8=0.8, ns=0.96))
    assert first.sigma_table is again.sigma_table
    jax.jit(lambda c: concentration(1e12, 0.5, cosmology=c, xp=jnp))(cosmo)  # traced tables
    for table in list(tables._CACHE.values()) + list(tables._PREPARED.values()):
        for value in table if isinstance(table, tuple) else (table,):
            assert isinstance(value, np.ndarray)
    assert not hasattr(cosmo, "_ludlow16")


# ------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(mass_at_200=-1.0, redshift=0.5), "mass_at_200"),
        (dict(mass_at_200=np.array([1e12, 0.0]), redshift=0.5), "mass_at_200"),
        (dict(mass_at_200=1e12, redshift=-0.1), "redshift"),
        (dict(mass_at_200=1e12, redshift=np.nan), "redshift"),
        (dict(mass_at_200=1e12, redshift=0.5, solver="newton"), "solver"),
    ],
)
def test_bad_input_raises_on_numpy(kwargs, name):
    with pytest.raises(ValueError, match=name):
        concentration(**kwargs)


def test_bad_input_gives_nan_on_jax():
    c = jit_grid(jnp.asarray([1e12, -1.0, 0.0, 1e12]), jnp.asarray([0.5, 0.5, 0.5, -1.0]))
    assert np.isfinite(c[0]) and np.all(np.isnan(c[1:]))
    weights = jnp.asarray([1.0, 0.0])
    grads = jax.jit(jax.grad(lambda m: jnp.sum(concentration(m, 0.5, xp=jnp) * weights)))(
        jnp.asarray([1e12, -1.0])
    )
    assert np.all(np.isfinite(grads))


def test_float32_accuracy():
    """float32 (JAX without x64): measured ~2e-6 (grid) and ~6e-6 (smooth) against float64."""
    script = textwrap.dedent(
        """
        import numpy as np, jax
        from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp as c
        m = 10 ** np.linspace(4, 16, 25); z = np.linspace(0, 10, 11)[:, None]
        ref = c(m, z)
        jax.config.update("jax_enable_x64", False)
        import jax.numpy as jnp
        f = jax.jit(lambda m, z: c(m, z, xp=jnp))
        out = np.asarray(f(jnp.asarray(m, jnp.float32), jnp.asarray(z, jnp.float32)))
        assert out.dtype == np.float32
        print(np.max(np.abs(out / ref - 1)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert float(result.stdout.split()[-1]) <= 1e-5
