"""population_sub_leaves: the sparse sub-leaf keys give the same lists as the dense keys.

Reference: the dense keys over all N halos (the construction before the sparse window, kept as
the fallback), on NumPy and under jax.jit. Three windows: none (dense), one smaller than the
longest leaf list (the cond takes the dense branch) and one that holds every leaf list (sparse).
The lists must hold the same halos in the same order within every list's count, so the fast
sums are identical; the deflections are compared too.
"""

import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.profiles.mass.dark import population_fast as pf
from autogalaxy.profiles.mass.dark.population import HaloPopulation

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population_cases import pyhalo_like, rays  # noqa: E402

OPTIONS = {"near_split": 2, "series_classes": True, "tile_size": 400}


def _halos(n, seed):
    centres, kappa_s, rs, rt = pyhalo_like(n, seed)
    return {"centre_y": centres[:, 0], "centre_x": centres[:, 1], "kappa_s": kappa_s,
            "scale_radius": rs, "extra_radius": rt}  # fmt: skip


def _near(halos, points, xp, cap):
    original = pf.sparse_cap
    pf.sparse_cap = lambda *args: cap
    try:
        opts = pf.fast_options_from(OPTIONS)
        if xp is np:
            plan = pf.fast_plan(halos, points, opts, np, series=True)
        else:
            run = jax.jit(lambda h, p: pf.fast_plan(h, p, opts, jnp, series=True)["near"][0])
            return {k: np.asarray(v) for k, v in run(halos, points).items()}, None
        return plan["near"][0], plan["leaf_series"][0]
    finally:
        pf.sparse_cap = original


def _same_lists(a, b):
    assert np.array_equal(a["start"], b["start"]) and np.array_equal(a["count"], b["count"])
    for r in range(a["count"].shape[0]):
        used = int(a["start"][r, -1] + a["count"][r, -1])
        assert np.array_equal(a["index"][r, :used], b["index"][r, :used])


@pytest.mark.parametrize("xp", [np, jnp], ids=["numpy", "jax"])
def test_sparse_and_fallback_lists_equal_the_dense_ones(xp):
    halos, points = _halos(3000, 11), rays()
    dense, leaf = _near(halos, points, np, None)
    longest = int(np.max(leaf["count"][:, -1]))  # the leaves' closed-form lists (listed last)
    assert longest > 64
    small, large = 64, 1 << int(np.ceil(np.log2(longest)))
    for cap in (small, large):  # small: a leaf's list overflows, the cond takes the dense keys
        if xp is np:
            got, _ = _near(halos, points, np, cap)
        else:
            got, _ = _near({k: jnp.asarray(v) for k, v in halos.items()}, jnp.asarray(points),
                           jnp, cap)  # fmt: skip
        _same_lists(got, dense)


def test_fast_sums_with_sparse_keys_equal_the_dense_ones():
    halos, points = _halos(3000, 12), rays()
    centres = np.stack([halos["centre_y"], halos["centre_x"]], -1)
    pop = HaloPopulation(centres, halos["kappa_s"], halos["scale_radius"], halos["extra_radius"],
                         method="fast", **OPTIONS)  # fmt: skip
    original = pf.sparse_cap
    try:
        pf.sparse_cap = lambda *args: None
        dense = pop.deflections_yx_2d_from(points)
        pf.sparse_cap = lambda *args: 2048
        sparse = pop.deflections_yx_2d_from(points)
    finally:
        pf.sparse_cap = original
    assert np.max(np.abs(sparse - dense)) <= 1e-15 * np.max(np.abs(dense))


def test_the_window_is_half_the_expected_list_and_none_when_not_below_n():
    from autogalaxy.profiles.mass.dark.population_sub_leaves import sparse_cap

    assert sparse_cap(29_000.0, 100_000, 512) == 16_384
    assert sparse_cap(100.0, 100_000, 512) == 512  # at least one chunk
    assert sparse_cap(47_000.0, 10_000, 512) is None
