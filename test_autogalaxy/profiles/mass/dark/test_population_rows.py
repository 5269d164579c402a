"""population_rows.rows_sum: its reverse-mode rule against JAX's own autodiff of the same loops.

Reference: jax.vjp of population_rows._forward (the scan of list_sum, differentiated by JAX
through its checkpointed conds), an independent derivation of the same derivative. Lists of
random lengths (empty, a few halos, several groups of chunks) over truncated-NFW halos, with the
closed form and the far series as terms on two point sets, for deflections and potential.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark import population_rows as pr
from autogalaxy.profiles.mass.dark.population_kernels import SERIES
from autogalaxy.profiles.mass.dark.population_lists import compact

N, ROWS = 300, 3


def _case(quantity, seed=0):
    rng = np.random.default_rng(seed)
    rs = 0.02 + 0.1 * rng.random(N)
    halos = {
        "centre_y": rng.uniform(-2, 2, N),
        "centre_x": rng.uniform(-2, 2, N),
        "kappa_s": 10 ** rng.uniform(-2, 0, N),
        "scale_radius": rs,
        "extra_radius": rs * 10 ** rng.uniform(-1, 1, N),
    }
    halos = {k: jnp.asarray(v) for k, v in halos.items()}
    # row 0: list 0 long (several groups of chunks of 8), list 1 short; row 1: list 0 empty;
    # row 2: both short; the rest of the halos in no list
    key = np.full((ROWS, N), -1, dtype=np.int32)
    key[0, :200], key[0, 200:203] = 0, 1
    key[1, 5:40] = 1
    key[2, 50:53], key[2, 60:75] = 0, 1
    for r in range(ROWS):
        key[r] = key[r][rng.permutation(N)]
    lists, chunks = compact(jnp.asarray(key), (8, 4), jnp)
    series = fs.class_series(quantity, halos, jnp, ((0.5, 34),))[0]
    points = (
        jnp.asarray(rng.uniform(-3, 3, (ROWS, 7, 2))),
        jnp.asarray(rng.uniform(-3, 3, (ROWS, 5, 2)) + 6.0),  # far from every halo: series valid
    )
    terms = (
        ("nfw_truncated", quantity, 0, 0, chunks[0], 0),
        ("nfw_truncated", quantity, 0, 1, chunks[1], 0),
        (SERIES, quantity, 1, 0, chunks[0], 1),
    )
    return terms, (halos, series), points, lists


# the rule is kernel-agnostic (jax.vjp of population_kernels.block_sum per chunk): the two
# output shapes (c = 2 and c = 1) cover it; convergence differs from potential only in the kernel
@pytest.mark.parametrize("quantity", ["deflections", "potential"])
def test_rule_equals_jax_autodiff_of_the_same_loops(quantity):
    terms, halos, points, lists = _case(quantity)
    rng = np.random.default_rng(3)
    ct = tuple(jnp.asarray(rng.normal(size=p.shape[:2] + (2 if quantity == "deflections" else 1,)))
               for p in points)  # fmt: skip

    @jax.jit
    def both(halos, points):
        out, pull = jax.vjp(lambda h, p: pr.rows_sum(terms, h, p, lists, jnp), halos, points)
        ref, ref_pull = jax.vjp(lambda h, p: pr._forward(terms, h, p, lists, jnp), halos, points)
        return out, ref, pull(ct), ref_pull(ct)

    out, ref_out, got, want = both(halos, points)
    for a, b in zip(out, ref_out):
        assert np.max(np.abs(np.asarray(a - b))) <= 1e-14 * np.max(np.abs(np.asarray(b)))
    flat_got, flat_want = jax.tree_util.tree_leaves(got), jax.tree_util.tree_leaves(want)
    assert len(flat_got) == len(flat_want) == 5 + 3 + 2
    for g, w in zip(flat_got, flat_want):
        scale = np.max(np.abs(np.asarray(w)))
        assert scale > 0
        assert np.max(np.abs(np.asarray(g - w))) <= 1e-12 * scale


def test_numpy_path_equals_jax_and_bad_terms_are_refused():
    terms, halos, points, lists = _case("deflections", seed=1)
    jax_out = pr.rows_sum(terms, halos, points, lists, jnp)
    to_np = lambda tree: jax.tree_util.tree_map(np.asarray, tree)  # noqa: E731
    np_out = pr.rows_sum(terms, to_np(halos), to_np(points), to_np(lists), np)
    for a, b in zip(np_out, jax_out):
        assert np.max(np.abs(a - np.asarray(b))) <= 1e-14 * np.max(np.abs(a))
    with pytest.raises(ValueError, match="point set"):
        pr.rows_sum(terms[:2], halos, points, lists, jnp)


def test_forward_mode_through_the_rule_raises():
    """Documented: the fast path is reverse-mode only (custom VJP); jax.jvp raises TypeError."""
    terms, halos, points, lists = _case("convergence", seed=2)
    with pytest.raises(TypeError):
        jax.jvp(lambda p: pr.rows_sum(terms, halos, p, lists, jnp), (points,), (points,))


def test_fast_population_forward_mode_raises_and_exact_works():
    from autogalaxy.profiles.mass.dark.population import HaloPopulation

    rng = np.random.default_rng(4)
    rs = 0.05 + 0.05 * rng.random(40)
    pop = HaloPopulation(rng.uniform(-1, 1, (40, 2)), 0.1 * rng.random(40), rs, 3 * rs)
    g = jnp.asarray(rng.uniform(-1, 1, (30, 2)))
    with pytest.raises(TypeError):
        jax.jvp(lambda g: pop.deflections_yx_2d_from(g, xp=jnp, method="fast"), (g,), (g,))
    _, tangent = jax.jvp(lambda g: pop.deflections_yx_2d_from(g, xp=jnp), (g,), (g,))
    assert np.all(np.isfinite(np.asarray(tangent)))
