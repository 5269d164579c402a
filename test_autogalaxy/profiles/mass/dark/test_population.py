"""HaloPopulation, exact path: the sum of the single profiles, on NumPy and JAX, with gradients.

References: the sum over halos of NFWSph / NFWTruncatedSph / cNFWSph evaluated one by one (what
the population must equal; those classes are tested against mpmath / quad in their own files),
and, for the NFW, the textbook closed form of Bartelmann (1996) written out below with
arccosh / arccos (independent of the library's kernels).
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.exc import ModelParameterException
from autogalaxy.profiles.mass.dark.cnfw import cNFWSph
from autogalaxy.profiles.mass.dark.nfw import NFWSph
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autogalaxy.profiles.mass.dark.population import HaloPopulation

METHODS = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from")
SINGLE = {"nfw": NFWSph, "nfw_truncated": NFWTruncatedSph, "cnfw": cNFWSph}
EXTRA = {"nfw": None, "nfw_truncated": "truncation_radius", "cnfw": "core_radius"}


def random_halos(n, seed):
    """Halos with kappa_s 1e-3..1, r_s 0.01..0.3 arcsec, tau 1e-2..40, r_c / r_s 1e-2..3."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-2.0, 2.0, (n, 2))
    kappa_s = 10 ** rng.uniform(-3, 0, n)
    rs = rng.uniform(0.01, 0.3, n)
    return {
        "centres": centres,
        "kappa_s": kappa_s,
        "scale_radius": rs,
        "truncation_radius": rs * 10 ** rng.uniform(-2, np.log10(40), n),
        "core_radius": rs * 10 ** rng.uniform(-2, np.log10(3), n),
    }


def population_of(halos, profile, xp=np, **kwargs):
    extra = EXTRA[profile]
    args = {"centres": halos["centres"], "kappa_s": halos["kappa_s"]}
    args["scale_radius"] = halos["scale_radius"]
    if extra:
        args[extra] = halos[extra]
    args = {k: xp.asarray(v) for k, v in args.items()}
    return HaloPopulation(**args, profile=profile, **kwargs)


def singles(halos, profile):
    extra = EXTRA[profile]
    for i in range(len(halos["kappa_s"])):
        kw = {extra: halos[extra][i]} if extra else {}
        yield SINGLE[profile](
            centre=tuple(halos["centres"][i]),
            kappa_s=halos["kappa_s"][i],
            scale_radius=halos["scale_radius"][i],
            **kw,
        )


def grid_with_centres(halos, side=14):
    t = np.linspace(-2.5, 2.5, side)
    g = np.stack(np.meshgrid(t, t, indexing="ij"), -1).reshape(-1, 2)
    # exactly at three centres (the r = 0 guard) and 1e-9 arcsec off one
    return np.concatenate([g, halos["centres"][:3], halos["centres"][:1] + 1e-9])


def rel(a, b):
    return np.max(np.abs(np.asarray(a) - np.asarray(b))) / np.max(np.abs(np.asarray(b)))


@pytest.fixture(scope="module")
def halos():
    return random_halos(40, seed=2)


@pytest.fixture(scope="module")
def grid(halos):
    return grid_with_centres(halos)


@pytest.mark.parametrize("profile", ["nfw", "nfw_truncated", "cnfw"])
@pytest.mark.parametrize("method", METHODS)
def test_exact_equals_sum_of_single_profiles(halos, grid, profile, method):
    # batch_size 16 makes 3 halo chunks (the last one padded)
    pop = population_of(halos, profile, batch_size=16)
    reference = sum(getattr(p, method)(grid) for p in singles(halos, profile))
    assert rel(getattr(pop, method)(grid), reference) <= 1e-12

    # JAX (one compiled population) == the NumPy sum of single profiles: cNFWSph itself differs
    # between backends by ~5e-14 here, the others by ~1e-15
    pop_jax = population_of(halos, profile, jnp, batch_size=16)
    out_jax = jax.jit(lambda p, g: getattr(p, method)(g, xp=jnp))(pop_jax, jnp.asarray(grid))
    assert rel(out_jax, reference) <= 1e-12


def test_one_chunk_population_is_cut_in_two_and_still_exact():
    """chunking: a population within one batch is cut in two where each half keeps >=
    SPLIT_CHUNK_MIN halos (XLA:CPU runs such blocks ~2.3x faster per pair, population_exact);
    smaller ones stay whole, larger ones follow batch_size. An odd count (101: two chunks of 51,
    one padding halo) still equals the sum of the single profiles."""
    from autogalaxy.profiles.mass.dark.population_exact import SPLIT_CHUNK_MIN, chunking

    assert chunking(2 * SPLIT_CHUNK_MIN - 1, 128) == (1, 2 * SPLIT_CHUNK_MIN - 1)
    assert chunking(2 * SPLIT_CHUNK_MIN, 128) == (2, SPLIT_CHUNK_MIN)
    assert chunking(101, 128) == (2, 51)
    assert chunking(1000, 128) == (8, 125)
    assert chunking(1000, 1000) == (2, 500)
    h = random_halos(101, seed=4)
    pts = grid_with_centres(h, side=8)
    reference = sum(p.deflections_yx_2d_from(pts) for p in singles(h, "nfw_truncated"))
    assert rel(population_of(h, "nfw_truncated").deflections_yx_2d_from(pts), reference) <= 1e-12
    pop = population_of(h, "nfw_truncated", jnp)
    out = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp))(pop, jnp.asarray(pts))
    assert rel(out, reference) <= 1e-12


def test_nfw_against_textbook_closed_form():
    """alpha = 4 kappa_s r_s [ln(x/2) + F(x)] / x, F = arccosh(1/x)/sqrt(1-x^2) (x<1), ..."""
    h = random_halos(5, seed=7)
    pts = np.array([[0.3, -0.2], [1.1, 0.9], [-1.7, 0.4], [2.2, -2.1]])
    total = np.zeros((len(pts), 2))
    for c, ks, rs in zip(h["centres"], h["kappa_s"], h["scale_radius"]):
        d = pts - c
        r = np.hypot(d[:, 0], d[:, 1])
        x = r / rs
        f = np.where(
            x < 1,
            np.arccosh(1 / np.minimum(x, 1 - 1e-15)) / np.sqrt(np.abs(1 - x**2)),
            np.arccos(1 / np.maximum(x, 1 + 1e-15)) / np.sqrt(np.abs(x**2 - 1)),
        )
        alpha = 4 * ks * rs * (np.log(x / 2) + f) / x
        total += (alpha / r)[:, None] * d
    pop = population_of(h, "nfw")
    assert rel(pop.deflections_yx_2d_from(pts), total) <= 1e-12


def test_jit_traced_grid_and_batch_size_do_not_change_the_result(halos, grid):
    pop = population_of(halos, "nfw_truncated", jnp)
    f = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp))
    out = f(pop, jnp.asarray(grid))
    for batch in (1, 7, 128):
        other = population_of(halos, "nfw_truncated", jnp, batch_size=batch)
        assert rel(other.deflections_yx_2d_from(jnp.asarray(grid), xp=jnp), out) <= 1e-13
    # a permuted grid gives the permuted result
    perm = np.random.default_rng(0).permutation(len(grid))
    assert rel(f(pop, jnp.asarray(grid[perm])), np.asarray(out)[perm]) <= 1e-14


def test_pytree_leaves_and_keywords(halos):
    pop = population_of(halos, "nfw_truncated", jnp, batch_size=8, method="fast", nodes=9)
    leaves, treedef = jax.tree_util.tree_flatten(pop)
    assert len(leaves) == 4  # centres, kappa_s, scale_radius, truncation_radius
    back = jax.tree_util.tree_unflatten(treedef, leaves)
    assert back.profile == "nfw_truncated" and back.method == "fast" and back.batch_size == 8
    assert back.fast_options["nodes"] == 9 and back.core_radius is None
    assert back.n_halos == 40


def test_grad_matches_central_differences(halos):
    """d chi^2 / d(every halo parameter) through the population pytree, exact path.

    Checked on the three halos with the largest gradient of each parameter (the others move
    chi^2 by less than the finite differences' rounding). Steps: kappa_s enters chi^2
    quadratically (a 1e-3 relative step is exact up to rounding); radii 1e-6 relative; centres
    1e-4 r_s (truncation error ~1e-8 relative).
    """
    small = {k: v[:12] for k, v in halos.items()}
    # no ray on a centre: alpha is not differentiable in the centre there (alpha ~ R ln R)
    pts = jnp.asarray(grid_with_centres(small, side=8)[:64])
    data = jnp.asarray(np.random.default_rng(3).normal(0, 0.01, (pts.shape[0], 2)))

    def chi2(pop):
        return jnp.sum((pop.deflections_yx_2d_from(pts, xp=jnp) - data) ** 2)

    pop = population_of(small, "nfw_truncated", jnp, batch_size=5)
    value_and_grad = jax.jit(jax.value_and_grad(chi2))
    grads = value_and_grad(pop)[1]

    def f(p):
        return value_and_grad(p)[0]

    rs = small["scale_radius"]
    for name, rel_step in (("kappa_s", 1e-3), ("scale_radius", 1e-6), ("truncation_radius", 1e-6)):
        g = np.asarray(getattr(grads, name))
        for i in np.argsort(-np.abs(g))[:3]:
            v = np.asarray(getattr(pop, name), dtype=float)
            step = rel_step * v[i]
            up, down = v.copy(), v.copy()
            up[i] += step
            down[i] -= step
            fd = (f(_with(pop, name, up)) - f(_with(pop, name, down))) / (2 * step)
            assert abs(g[i] - fd) <= 1e-6 * abs(fd), (name, i, g[i], fd)
    g = np.asarray(grads.centres)
    for axis in (0, 1):
        for i in np.argsort(-np.abs(g[:, axis]))[:3]:
            step = 1e-4 * rs[i]
            c = np.asarray(pop.centres)
            up, down = c.copy(), c.copy()
            up[i, axis] += step
            down[i, axis] -= step
            fd = (f(_with(pop, "centres", up)) - f(_with(pop, "centres", down))) / (2 * step)
            assert abs(g[i, axis] - fd) <= 1e-6 * abs(fd), (i, axis, g[i, axis], fd)


def _with(pop, name, value):
    leaves, treedef = jax.tree_util.tree_flatten(pop)
    out = jax.tree_util.tree_unflatten(treedef, leaves)
    setattr(out, name, jnp.asarray(value))
    return out


def test_forward_mode_and_grid_gradient(halos):
    small = {k: v[:6] for k, v in halos.items()}
    pop = population_of(small, "nfw", jnp)
    pts = jnp.asarray([[0.31, -0.52], [1.2, 0.4]])

    def psi(g):
        return pop.potential_2d_from(g, xp=jnp)

    # d psi / d(y, x) = alpha: reverse and forward mode through the chunked scan
    alpha = pop.deflections_yx_2d_from(pts, xp=jnp)
    rev = jax.grad(lambda g: jnp.sum(psi(g)))(pts)
    fwd = jax.jacfwd(lambda g: psi(g))(pts)
    assert rel(rev, alpha) <= 1e-12
    assert rel(jnp.stack([fwd[0, 0], fwd[1, 1]]), alpha) <= 1e-12


def test_reverse_mode_memory_is_flat_in_n():
    def temp_bytes(n):
        h = random_halos(n, seed=1)
        pop = population_of(h, "nfw_truncated", jnp)
        g = jnp.zeros((2500, 2))
        f = jax.jit(jax.grad(lambda p: jnp.sum(p.deflections_yx_2d_from(g, xp=jnp) ** 2)))
        return f.lower(pop).compile().memory_analysis().temp_size_in_bytes

    small, large = temp_bytes(500), temp_bytes(20000)
    # 40x the halos: only the (N,) cotangents (5 x 8 B per halo, 0.8 MB) may grow
    assert large <= small + 2e6


def test_validation():
    h = random_halos(4, seed=0)
    with pytest.raises(ModelParameterException, match="kappa_s"):
        HaloPopulation(h["centres"], -h["kappa_s"], h["scale_radius"], h["truncation_radius"])
    with pytest.raises(ModelParameterException, match="scale_radius"):
        HaloPopulation(h["centres"], h["kappa_s"], 0 * h["scale_radius"], h["truncation_radius"])
    with pytest.raises(ModelParameterException, match="truncation_radius"):
        HaloPopulation(h["centres"], h["kappa_s"], h["scale_radius"], -h["truncation_radius"])
    with pytest.raises(ValueError, match="needs truncation_radius"):
        HaloPopulation(h["centres"], h["kappa_s"], h["scale_radius"])
    with pytest.raises(ValueError, match="core_radius"):
        HaloPopulation(h["centres"], h["kappa_s"], h["scale_radius"], profile="cnfw")
    with pytest.raises(ValueError, match="used only by"):
        HaloPopulation(
            h["centres"], h["kappa_s"], h["scale_radius"], h["truncation_radius"], profile="nfw"
        )
    with pytest.raises(ValueError, match="shape"):
        HaloPopulation(h["centres"][:3], h["kappa_s"], h["scale_radius"], h["truncation_radius"])
    with pytest.raises(ValueError, match="profile"):
        HaloPopulation(h["centres"], h["kappa_s"], h["scale_radius"], profile="sis")
    with pytest.raises(ValueError, match="method"):
        HaloPopulation(
            h["centres"], h["kappa_s"], h["scale_radius"], h["truncation_radius"], method="tree"
        )
    with pytest.raises(ValueError, match="unknown fast option"):
        HaloPopulation(
            h["centres"], h["kappa_s"], h["scale_radius"], h["truncation_radius"], leaf=3
        )


def test_traced_invalid_parameters_give_nan():
    h = random_halos(4, seed=0)

    def f(ks):
        pop = HaloPopulation(
            jnp.asarray(h["centres"]),
            ks,
            jnp.asarray(h["scale_radius"]),
            jnp.asarray(h["truncation_radius"]),
        )
        return pop.convergence_2d_from(jnp.ones((3, 2)), xp=jnp)

    assert np.all(np.isfinite(jax.jit(f)(jnp.asarray(h["kappa_s"]))))
    assert np.all(np.isnan(jax.jit(f)(jnp.asarray(-h["kappa_s"]))))
