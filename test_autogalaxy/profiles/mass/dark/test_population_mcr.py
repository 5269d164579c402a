"""HaloPopulationMCR / from_mcr: halos of an MCR class at distinct redshifts, vectorised.

References computed here: the single MCR profiles (NFWMCRLudlowSph, ...) built one by one with
the same arguments (each is independently tested against colossus and astropy in
test_mcr_layer.py / test_ludlow16.py), closed forms of the truncation rules, and central finite
differences of the NumPy path for gradients.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag  # noqa: F401  (float64 for JAX)
from autogalaxy.profiles.mass.dark import population_mcr as pm
from autogalaxy.profiles.mass.dark.cnfw_mcr import cNFWMCRLudlowSph, cNFWMCRScatterLudlowSph
from autogalaxy.profiles.mass.dark.mcr_util import SCATTER_DEX
from autogalaxy.profiles.mass.dark.nfw_mcr import NFWMCRLudlowSph, NFWMCRScatterLudlowSph
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr import (
    NFWTruncatedMCRLudlowSph,
    NFWTruncatedMCRScatterLudlowSph,
)
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr_scatter import TRUNCATION_IN_R200
from autogalaxy.profiles.mass.dark.population_truncation import (
    TruncationR200,
    TruncationRoche,
    TruncationTau,
)

N = 10
Z_S = 2.0
RNG = np.random.default_rng(13)
MASSES = 10 ** RNG.uniform(6.0, 11.0, N)
REDSHIFTS = RNG.uniform(0.1, 1.5, N)  # every halo at its own redshift
CENTRES = RNG.uniform(-1.5, 1.5, (N, 2))
OFFSETS = RNG.normal(0.0, 0.2, N)  # log10 c offsets [dex]
F_C = 0.05
GRID = np.stack(np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-2.1, 1.9, 6)), -1).reshape(-1, 2)


def rel(a, b):
    """max |a - b| / max |b|: the population's sum against the reference sum."""
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def single(cls, i, **extra):
    kwargs = dict(
        centre=tuple(CENTRES[i]),
        mass_at_200=MASSES[i],
        redshift_object=REDSHIFTS[i],
        redshift_source=Z_S,
    )
    if "Scatter" in cls.__name__:
        kwargs["scatter_sigma"] = OFFSETS[i] / SCATTER_DEX  # the single classes' 0.15 dex units
    if cls.__name__.startswith("cNFW"):
        kwargs["f_c"] = F_C
    return cls(**kwargs, **extra)


def population(cls, **extra):
    kwargs = dict(concentration_offsets_dex=OFFSETS) if "Scatter" in cls.__name__ else {}
    if cls.__name__.startswith("cNFW"):
        kwargs["f_c"] = F_C
    return pm.from_mcr(cls, CENTRES, MASSES, REDSHIFTS, Z_S, **kwargs, **extra)


# ----------------------------------------------------------- lens parameters == single profiles
@pytest.mark.parametrize("cls", list(pm.supported_classes()), ids=lambda c: c.__name__)
def test_lens_parameters_equal_the_single_mcr_profiles(cls):
    pop = population(cls)
    params = pop.lens_parameters()
    names = [n for n in cls.derived_parameters if n in params]
    assert {"kappa_s", "scale_radius", "radius_at_200_kpc"} <= set(names)
    for i in range(N):
        profile = single(cls, i)
        for name in names:
            assert params[name][i] == pytest.approx(getattr(profile, name), rel=1e-12), name


def test_shared_redshifts_and_planes_give_the_same_numbers():
    pop = pm.from_mcr(NFWTruncatedMCRLudlowSph, CENTRES, MASSES, 0.5, Z_S)
    distinct = pm.from_mcr(NFWTruncatedMCRLudlowSph, CENTRES, MASSES, np.full(N, 0.5), Z_S)
    for name, value in pop.lens_parameters().items():
        assert np.shape(value) == (N,)
        np.testing.assert_allclose(value, distinct.lens_parameters()[name], rtol=1e-13)
    # halos on three planes (computed once per plane on NumPy) against the single profiles
    planes = np.array([0.3, 0.6, 1.1])[np.arange(N) % 3]
    params = pm.from_mcr(NFWTruncatedMCRLudlowSph, CENTRES, MASSES, planes, Z_S).lens_parameters()
    for i in range(N):
        profile = NFWTruncatedMCRLudlowSph(
            centre=tuple(CENTRES[i]),
            mass_at_200=MASSES[i],
            redshift_object=planes[i],
            redshift_source=Z_S,
        )
        for name in ("kappa_s", "scale_radius", "truncation_radius"):
            assert params[name][i] == pytest.approx(getattr(profile, name), rel=1e-12), name


# ----------------------------------------------------------------------- truncation rules
def test_default_truncation_is_upstreams_twice_r200():
    assert TRUNCATION_IN_R200 == 2.0
    p = population(NFWTruncatedMCRLudlowSph).lens_parameters()
    np.testing.assert_allclose(
        p["truncation_radius"], 2.0 * p["radius_at_200_kpc"] / p["kpc_per_arcsec"], rtol=1e-15
    )


def test_truncation_rules_closed_forms():
    r200, rs = np.array([20.0, 40.0]), np.array([2.0, 5.0])
    mass = np.array([1e7, 8e7])
    assert np.allclose(TruncationR200(3.0).radius_kpc(mass, r200, rs), [60.0, 120.0], rtol=1e-15)
    assert np.allclose(
        TruncationTau(np.array([4.0, 0.5])).radius_kpc(mass, r200, rs), [8.0, 2.5], rtol=1e-15
    )
    # Cyr-Racine et al. (2016): 1.4 kpc at (1e7 Msun, 50 kpc); x 8^(1/3) 2^(2/3) at (8e7, 100 kpc)
    roche = TruncationRoche(np.array([50.0, 100.0])).radius_kpc(mass, r200, rs)
    np.testing.assert_allclose(roche, [1.4, 1.4 * 2.0 * 2.0 ** (2.0 / 3.0)], rtol=1e-14)


def test_truncation_rules_in_a_population():
    tau = pm.from_mcr(
        NFWTruncatedMCRLudlowSph, CENTRES, MASSES, REDSHIFTS, Z_S, truncation=TruncationTau(7.0)
    ).lens_parameters()
    np.testing.assert_allclose(tau["truncation_radius"] / tau["scale_radius"], 7.0, rtol=1e-14)
    r3d = RNG.uniform(5.0, 200.0, N)
    roche = pm.from_mcr(
        NFWTruncatedMCRLudlowSph, CENTRES, MASSES, REDSHIFTS, Z_S, truncation=TruncationRoche(r3d)
    ).lens_parameters()
    expect_kpc = 1.4 * (MASSES / 1e7) ** (1 / 3) * (r3d / 50.0) ** (2 / 3)
    np.testing.assert_allclose(
        roche["truncation_radius"] * roche["kpc_per_arcsec"], expect_kpc, rtol=1e-14
    )


# ---------------------------------------------------- sums == the single profiles' sums
SUM_CLASSES = [
    NFWMCRLudlowSph,
    NFWMCRScatterLudlowSph,
    NFWTruncatedMCRScatterLudlowSph,
    cNFWMCRLudlowSph,
    cNFWMCRScatterLudlowSph,
]
METHODS = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from")


@pytest.mark.parametrize("cls", SUM_CLASSES, ids=lambda c: c.__name__)
def test_sums_equal_the_single_mcr_profiles(cls):
    pop = population(cls)
    profiles = [single(cls, i) for i in range(N)]
    for name in METHODS:
        reference = sum(getattr(p, name)(GRID) for p in profiles)
        assert rel(getattr(pop, name)(GRID), reference) <= 1e-12, name


def test_jax_path_jit_and_vmap_agree_with_numpy():
    pop = population(NFWTruncatedMCRScatterLudlowSph)
    jax_pop = jax.tree_util.tree_map(jnp.asarray, pop)  # lens parameters computed with jax
    grid = jnp.asarray(GRID)

    def everything(p, scales):
        def scaled_kappa(scale):  # every halo's mass times ``scale``
            aux, children = _with_mass(p, p.mass_at_200 * scale)
            scaled = pm.HaloPopulationMCR._tree_unflatten(aux, children)
            return scaled.convergence_2d_from(grid[:5], xp=jnp)

        outputs = [getattr(p, name)(grid, xp=jnp) for name in METHODS]
        return p.lens_parameters(), outputs, jax.vmap(scaled_kappa)(scales)

    params, outputs, batched = jax.jit(everything)(jax_pop, jnp.array([0.5, 2.0]))
    for name, value in pop.lens_parameters().items():
        np.testing.assert_allclose(np.asarray(params[name]), value, rtol=1e-12, atol=0)
    for name, out in zip(METHODS, outputs):
        assert rel(out, getattr(pop, name)(GRID)) <= 1e-12, name
    # concrete NumPy leaves closed over, traced rays (the lens parameters stay NumPy)
    alpha = jax.jit(lambda g: pop.deflections_yx_2d_from(g, xp=jnp))(grid)
    assert rel(alpha, pop.deflections_yx_2d_from(GRID)) <= 1e-12
    for k, s in enumerate([0.5, 2.0]):
        one = pm.from_mcr(
            NFWTruncatedMCRScatterLudlowSph,
            CENTRES,
            MASSES * s,
            REDSHIFTS,
            Z_S,
            concentration_offsets_dex=OFFSETS,
        )
        assert rel(batched[k], one.convergence_2d_from(GRID[:5])) <= 1e-12


def _with_mass(pop, mass):
    children, aux = pop._tree_flatten()
    return aux, (children[0], mass) + tuple(children[2:])


# ----------------------------------------------------------------------------- gradients
def chi2(pop, xp):
    alpha = pop.deflections_yx_2d_from(xp.asarray(GRID), xp=xp)
    return xp.sum((alpha - 0.01) ** 2)


R3D = RNG.uniform(5.0, 200.0, N)  # [kpc] Roche truncation: gradients reach r_t through r3d


def roche_population(masses=MASSES, r3d=R3D):
    return pm.from_mcr(
        NFWTruncatedMCRLudlowSph,
        CENTRES,
        masses,
        REDSHIFTS,
        Z_S,
        concentration_offsets_dex=OFFSETS,
        truncation=TruncationRoche(r3d),
    )


def central_difference(build, values, i):
    step = values[i] * 1e-5
    up, down = values.copy(), values.copy()
    up[i] += step
    down[i] -= step
    return (chi2(build(up), np) - chi2(build(down), np)) / (2 * step)


def test_grad_of_chi2_wrt_every_halo_mass_matches_finite_differences():
    pop = roche_population()
    grad = jax.jit(jax.grad(lambda p: chi2(p, jnp)))(pop)  # the pytree built outside
    g_mass = np.asarray(grad.mass_at_200)
    assert g_mass.shape == (N,) and np.all(np.isfinite(g_mass)) and np.all(g_mass != 0)
    for name in ("centres", "redshift_object", "log10_concentration_offset"):
        assert np.all(np.isfinite(np.asarray(getattr(grad, name)))), name
    for i in (0, 3, 7):
        fd = central_difference(lambda m: roche_population(masses=m), MASSES, i)
        assert g_mass[i] == pytest.approx(fd, rel=1e-6), i
    fd = central_difference(lambda r: roche_population(r3d=r), R3D, 2)
    assert float(grad.truncation.r3d_kpc[2]) == pytest.approx(fd, rel=1e-6)


# --------------------------------------------------------------------- scatter and errors
def test_scatter_sigma_is_drawn_from_the_key_in_dex():
    key = jax.random.key(3)
    masses = np.full(4000, 1e8)
    centres = np.zeros((4000, 2))
    a = pm.from_mcr(NFWMCRLudlowSph, centres, masses, 0.5, Z_S, scatter_sigma=0.2, key=key)
    b = pm.from_mcr(NFWMCRLudlowSph, centres, masses, 0.5, Z_S, scatter_sigma=0.2, key=key)
    np.testing.assert_array_equal(a.log10_concentration_offset, b.log10_concentration_offset)
    # sample std of 4000 normals: 0.2 (1 +- 1/sqrt(2 * 4000)); 4 sigma = 4.5%
    assert np.std(a.log10_concentration_offset) == pytest.approx(0.2, rel=0.045)
    c = a.lens_parameters()["concentration"]
    mean = NFWMCRLudlowSph(mass_at_200=1e8, redshift_object=0.5, redshift_source=Z_S)
    c_mean = mean.radius_at_200_kpc / (
        mean.scale_radius * float(ag.cosmology.Planck15().kpc_per_arcsec_from(0.5))
    )
    np.testing.assert_allclose(np.log10(c / c_mean), a.log10_concentration_offset, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(mass_at_200=-MASSES), "mass_at_200"),
        (dict(centres=CENTRES[:3]), "centres"),
        (dict(redshift_source=1.0), "redshift_source"),
        (dict(redshift_object=-REDSHIFTS), "redshift_object"),
        (dict(scatter_sigma=0.2), "key"),
        (dict(profile_cls=NFWMCRLudlowSph, truncation=TruncationTau(2.0)), "truncation"),
        (dict(profile_cls=cNFWMCRLudlowSph, f_c=1.5), "f_c"),
        (dict(profile_cls=int), "profile_cls"),
    ],
)
def test_invalid_input_raises_naming_the_argument(kwargs, match):
    args = dict(
        profile_cls=NFWTruncatedMCRLudlowSph,
        centres=CENTRES,
        mass_at_200=MASSES,
        redshift_object=REDSHIFTS,
        redshift_source=Z_S,
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        pm.from_mcr(**args)


def test_invalid_truncation_parameters_raise():
    cases = (
        (lambda: TruncationTau(-1.0), "tau"),
        (lambda: TruncationR200(0.0), "factor"),
        (lambda: TruncationRoche(np.array([10.0, -1.0])), "r3d_kpc"),
    )
    for make, match in cases:
        with pytest.raises(ValueError, match=match):
            make()


def test_pytree_leaves_are_the_free_parameters():
    pop = population(NFWTruncatedMCRScatterLudlowSph)
    leaves = jax.tree_util.tree_leaves(pop)
    # centres, masses, redshifts, z_s, offsets, the truncation factor
    assert [np.shape(x) for x in leaves] == [(N, 2), (N,), (N,), (), (N,), ()]
    rebuilt = jax.tree_util.tree_map(lambda x: x, pop)
    assert rel(rebuilt.convergence_2d_from(GRID), pop.convergence_2d_from(GRID)) == 0.0
