"""HaloPopulation, fast path (Chebyshev treecode) against the exact path, incl. its error bound.

Reference: the exact path (itself equal to the sum of the single profiles to 1e-12, see
test_population.py). Accuracy measure: max over rays of |fast - exact| (vector norm for
deflections) / max |exact|. Populations: pyHalo-like (masses 1e6-1e10 Msun with dN/dm ~ m^-1.9,
r_s 0.01-0.12 arcsec, tau = r_t / r_s 1e-4..40, uniform in a 6 arcsec disc) and broad random
ones (kappa_s 1e-3..10).
"""

import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population import HaloPopulation
from autogalaxy.profiles.mass.dark.population_fast import (
    chunk_sizes,
    fast_cost,
    fast_options_from,
    near_split_for,
    series_classes_for,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population_cases import QUANTITIES, broad, error, pyhalo_like, rays  # noqa: E402


@pytest.fixture(scope="module")
def grid():
    return rays()


@pytest.mark.parametrize("maker, seed", [(pyhalo_like, 0), (pyhalo_like, 1), (broad, 2)])
@pytest.mark.parametrize("quantity", QUANTITIES)
def test_fast_matches_exact_to_1e_6(grid, maker, seed, quantity):
    pop = HaloPopulation(*maker(400, seed))
    exact = getattr(pop, quantity)(grid)
    fast = getattr(pop, quantity)(grid, method="fast")
    # documented bound at the defaults (n = 14, eta = 1.5): rho_*^-14 = 5.4e-8 (measured <= 3e-8)
    assert error(fast, exact) <= tl.rho_for_eta(1.5) ** -14


@pytest.mark.parametrize("profile, extra", [("nfw", None), ("cnfw", "core_radius")])
def test_fast_other_kinds(grid, profile, extra):
    centres, kappa_s, rs, rt = broad(80, 5)
    kw = {extra: rs * np.random.default_rng(1).uniform(0.05, 2.0, 80)} if extra else {}
    pop = HaloPopulation(centres, kappa_s, rs, profile=profile, **kw)
    for quantity in ("deflections_yx_2d_from", "potential_2d_from"):
        exact = getattr(pop, quantity)(grid)
        assert error(getattr(pop, quantity)(grid, method="fast"), exact) <= 5.4e-8


def test_error_falls_as_rho_to_the_minus_n(grid):
    """err(n) <= rho_*^-n (the documented bound; measured err / rho_*^-n in 0.02..0.5)."""
    pop = HaloPopulation(*pyhalo_like(600, 3))
    exact = pop.deflections_yx_2d_from(grid)
    errors = []
    for eta, n in ((1.5, 6), (1.5, 8), (1.5, 10), (1.0, 10)):
        other = HaloPopulation(*pyhalo_like(600, 3), nodes=n, eta=eta)
        errors.append(error(other.deflections_yx_2d_from(grid, method="fast"), exact))
        assert errors[-1] <= tl.rho_for_eta(eta) ** -n, (eta, n, errors[-1])
    assert errors[0] > errors[1] > errors[2]


def test_small_and_degenerate_ray_sets():
    pop = HaloPopulation(*pyhalo_like(300, 4), method="fast")
    # fewer rays than nodes, all rays on one line, three collinear rays (half-width floor)
    line = np.stack([np.linspace(-1, 1, 7), np.zeros(7)], -1)
    for g in (line, line[:3], np.array([[0.2, 0.3]])):
        for q in ("deflections_yx_2d_from", "convergence_2d_from"):
            assert error(getattr(pop, q)(g), getattr(pop, q)(g, method="exact")) <= 5.4e-8


@pytest.mark.parametrize(
    "method, options",
    [("exact", {}), ("fast", {}), ("fast", {"near_split": 0, "series_classes": False})],
)
def test_grad_of_chi2_over_10_4_halos(method, options):
    """jax.grad w.r.t. all 10^4 kappa_s and centres: finite, equal to central differences; the
    same compiled call checks JAX == NumPy on shuffled (traced) rays. The fast path's automatic
    near_split is 2 here (one leaf of 100 rays, 4 sub-leaves: the sub-leaf lists are
    differentiated) and every theta class of the far series is on (a leaf's expected near list
    is ~47,000 halos); near_split = 0 with the single 18-term class checks the leaf lists alone.

    Central differences for the three halos with the largest |gradient|: kappa_s enters chi^2
    quadratically (a 10% step is exact up to rounding); centres take 1e-4 r_s (truncation ~1e-8
    relative). One jitted vjp gives the deflections (hence chi^2) and the gradient.
    """
    if not options:
        assert near_split_for(10_000, 1, fast_options_from({})) == 2
        assert series_classes_for(10_000, 1, fast_options_from({})) == fs.FAST_CLASSES
    centres, kappa_s, rs, rt = pyhalo_like(10_000, 6)
    t = np.linspace(-2.9, 2.9, 10)
    grid = np.stack(np.meshgrid(t, t, indexing="ij"), -1).reshape(-1, 2)
    grid = grid[np.random.default_rng(8).permutation(len(grid))]
    data = np.random.default_rng(2).normal(0, 1e-3, (100, 2))
    rs_j, rt_j = jnp.asarray(rs), jnp.asarray(rt)

    @jax.jit
    def value_and_grads(kappa_s, centres, g):
        def alpha(ks, c):
            pop = HaloPopulation(c, ks, rs_j, rt_j, method=method, **options)
            return pop.deflections_yx_2d_from(g, xp=jnp)

        out, pull = jax.vjp(alpha, kappa_s, centres)
        residual = out - data
        return out, jnp.sum(residual**2) * 1e6, pull(2e6 * residual)

    def chi2(ks, c):
        return value_and_grads(jnp.asarray(ks), jnp.asarray(c), jnp.asarray(grid))[1]

    out, _, (gk, gc) = value_and_grads(
        jnp.asarray(kappa_s), jnp.asarray(centres), jnp.asarray(grid)
    )
    assert np.all(np.isfinite(gk)) and np.all(np.isfinite(gc))
    numpy_pop = HaloPopulation(centres, kappa_s, rs, rt, **options)
    numpy_out = numpy_pop.deflections_yx_2d_from(grid, method=method)
    assert error(out, numpy_out) <= 1e-12
    for i in np.argsort(-np.abs(np.asarray(gk)))[:3]:
        step = 0.1 * kappa_s[i]
        up, down = kappa_s.copy(), kappa_s.copy()
        up[i] += step
        down[i] -= step
        fd = (chi2(up, centres) - chi2(down, centres)) / (2 * step)
        assert abs(gk[i] - fd) <= 1e-6 * abs(fd), (i, gk[i], fd)
    for i in np.argsort(-np.abs(np.asarray(gc[:, 0])))[:3]:
        step = 1e-4 * rs[i]
        up, down = centres.copy(), centres.copy()
        up[i, 0] += step
        down[i, 0] -= step
        fd = (chi2(kappa_s, up) - chi2(kappa_s, down)) / (2 * step)
        assert abs(gc[i, 0] - fd) <= 1e-6 * abs(fd), (i, gc[i, 0], fd)


def test_fast_options_validation():
    assert fast_options_from({})["nodes"] == 14
    for bad in (
        {"nodes": 1},
        {"eta": 0.0},
        {"tile_size": 0},
        {"cluster_size": 2.5},
        {"near_cluster_size": 0},
        {"far_cluster_size": -1},
        {"far_series": 1},
        {"near_split": -1},
        {"near_split": 1.5},
        {"series_classes": 1},
    ):
        with pytest.raises(ValueError):
            fast_options_from(bad)
    with pytest.raises(ValueError, match="unknown"):
        fast_options_from({"theta": 0.5})
    with pytest.raises(ValueError, match="unknown"):
        fast_options_from({"refine": 2})  # the tree of boxes replaced the one-level refinement


def test_automatic_series_classes_follow_the_expected_list_lengths():
    """None: every theta class where a leaf's expected near list is >= 10,000 halos (10^5 over 16
    leaves: ~29,000), the single 18-term class for shorter ones (5,130 over 256 leaves: ~94;
    10^4 over 16: ~2,900); True / False force either."""
    auto = fast_options_from({})
    assert series_classes_for(100_000, 16, auto) == fs.FAST_CLASSES
    assert series_classes_for(5130, 256, auto) == series_classes_for(10_000, 16, auto)
    assert series_classes_for(5130, 256, auto) == ((0.3, 18),)
    assert series_classes_for(10, 1, fast_options_from({"series_classes": True})) == fs.FAST_CLASSES
    assert series_classes_for(10**6, 1, fast_options_from({"series_classes": False})) == (
        (0.3, 18),
    )


def test_automatic_chunks_follow_the_expected_list_lengths():
    """None: a quarter of the expected list length as a power of two, clipped to [32 | 64, 256];
    explicit sizes are kept. Expected lengths at eta = 1.5 (near_area 4.71): 10^5 halos over 16
    leaves -> near lists ~29,000, far lists per order ~22,000 -> 256, 256; 5,130 over 256 leaves
    -> ~94 and ~71 -> 32 (the floor), 64 (the floor); 1,000 over 16 -> ~294 and ~221 -> 64, 64."""
    auto = fast_options_from({})
    assert chunk_sizes(100_000, 16, 4, auto) == (256, 256)
    assert chunk_sizes(5130, 256, 4, auto) == (64, 32)
    assert chunk_sizes(1000, 16, 4, auto) == (64, 64)
    assert chunk_sizes(1, 1, 1, auto) == (64, 32)
    fixed = fast_options_from({"near_cluster_size": 7, "far_cluster_size": 9})
    assert chunk_sizes(100_000, 16, 4, fixed) == (9, 7)
    assert chunk_sizes(100_000, 16, 4, fast_options_from({"near_cluster_size": 7})) == (256, 7)


def test_automatic_near_split_follows_the_expected_near_lists():
    """near_split None: 2 levels where a leaf's expected near list (4.71 N / leaves at eta 1.5)
    has >= 10,000 halos (1e5 over 16 leaves: ~29,000), else 0 (1e4 over 16: ~2,900; 5,130 over
    256: ~94); an explicit value is kept."""
    auto = fast_options_from({})
    assert near_split_for(100_000, 16, auto) == 2
    assert near_split_for(10_000, 16, auto) == 0
    assert near_split_for(5130, 256, auto) == 0
    assert near_split_for(10, 1, fast_options_from({"near_split": 3})) == 3


def test_chunk_sizes_change_grouping_not_values(grid):
    """The automatic chunks (256 / 256 here: 1,000 halos on 2 leaves) and small fixed ones give
    the same sums to rounding: chunks only group the compacted lists' halos."""
    centres, kappa_s, rs, rt = pyhalo_like(1000, 4)
    auto = HaloPopulation(centres, kappa_s, rs, rt)
    small = HaloPopulation(centres, kappa_s, rs, rt, near_cluster_size=5, far_cluster_size=3)
    cost = fast_cost(auto._halos(np), grid, auto.fast_options)
    assert (cost["leaves"], cost["far_cluster_size"], cost["near_cluster_size"]) == (2, 256, 256)
    for quantity in QUANTITIES:
        a = getattr(auto, quantity)(grid, method="fast")
        assert error(getattr(small, quantity)(grid, method="fast"), a) <= 1e-13


@pytest.mark.parametrize("classes", (False, True))
@pytest.mark.parametrize("quantity", QUANTITIES)
def test_far_series_equals_the_closed_form_pairs(grid, quantity, classes):
    """far_series (default on, truncated NFW): pairs beyond far_radius / SERIES_THETA take the
    far series, with 18 terms (series_classes False, the automatic choice for these short lists)
    or the terms of their theta class (True: FAST_CLASSES); its truncation (<= 1.13e-8 of each
    pair's leading term, measured <= 6e-11 at the class edges) is all that changes against the
    closed form everywhere (far_series=False). Measured: 5e-14 of max |exact| with 18 terms; with
    the classes 2.8e-13 (kappa), 1.3e-12 (alpha), 1.5e-13 (psi): the 7-term class at theta <=
    0.05 truncates at ~3e-11 where 18 terms give ~1e-20, on many pairs. Most evaluations take
    the series."""
    centres, kappa_s, rs, rt = pyhalo_like(1500, 6)
    on = HaloPopulation(centres, kappa_s, rs, rt, tile_size=60, series_classes=classes)
    off = HaloPopulation(centres, kappa_s, rs, rt, tile_size=60, far_series=False)
    cost = fast_cost(on._halos(np), grid, on.fast_options)
    assert cost["series_nodes"] > 0.5 * cost["far_nodes"]
    assert 0 < cost["series_rays"] < cost["near_rays"]
    assert fast_cost(off._halos(np), grid, off.fast_options)["series_nodes"] == 0
    assert fast_cost(on._halos(np), grid, on.fast_options, profile="nfw")["series_rays"] == 0
    if classes:
        # theta 0.5 takes near pairs from the closed form
        single = HaloPopulation(centres, kappa_s, rs, rt, tile_size=60, series_classes=False)
        closed_pairs = [
            c["near_rays"] - c["series_rays"]
            for c in (cost, fast_cost(single._halos(np), grid, single.fast_options))
        ]
        assert closed_pairs[0] < closed_pairs[1]
    closed = getattr(off, quantity)(grid, method="fast")
    assert error(getattr(on, quantity)(grid, method="fast"), closed) <= (
        5e-12 if classes else 1e-12
    )


@pytest.mark.parametrize("classes", (False, True))
@pytest.mark.parametrize("quantity", QUANTITIES)
def test_near_split_moves_closed_form_pairs_to_the_series(grid, quantity, classes):
    """near_split (default 2): a leaf's closed-form near pairs are re-drawn per sub-leaf, the
    series taken where valid there. On 1,408 rays (32 leaves of 44, divisible by 4, so the tree
    is the same for every split) only the kernel of those pairs changes: sums equal to the far
    series' truncation, fewer closed-form evaluations; with 18 terms or with the theta classes
    (which a sub-leaf may assign differently from its leaf)."""
    rays = grid[:1408]
    centres, kappa_s, rs, rt = pyhalo_like(1500, 6)
    # near_cluster_size 4 (sub-leaf chunks of 8): the counts below are nearly the selected pairs
    pops = [
        HaloPopulation(
            centres,
            kappa_s,
            rs,
            rt,
            tile_size=60,
            near_cluster_size=4,
            near_split=s,
            series_classes=classes,
        )
        for s in (0, 2)
    ]
    costs = [fast_cost(p._halos(np), rays, p.fast_options) for p in pops]
    closed = [c["near_rays"] - c["series_rays"] for c in costs]
    assert costs[0]["leaves"] == costs[1]["leaves"] == 32
    # measured 99,616 -> 43,912 closed-form near evaluations (18 terms)
    assert costs[1]["tile_size"] == 44 and closed[1] < 0.6 * closed[0]
    off, on = (getattr(p, quantity)(rays, method="fast") for p in pops)
    assert error(on, off) <= (5e-12 if classes else 1e-12)
    assert error(on, getattr(pops[1], quantity)(rays)) <= tl.rho_for_eta(1.5) ** -14


def test_deep_tree_and_halo_order_independence(grid):
    """Leaves of ~23 rays (6 levels of boxes, every order of node_levels used): within the bound;
    the halos in reverse order give the same sums to rounding (every choice is per box and halo,
    which is what makes halo-sharded runs equal single-device ones)."""
    centres, kappa_s, rs, rt = pyhalo_like(500, 7)
    pop = HaloPopulation(centres, kappa_s, rs, rt, tile_size=23)
    back = HaloPopulation(centres[::-1], kappa_s[::-1], rs[::-1], rt[::-1], tile_size=23)
    cost = fast_cost(pop._halos(np), grid, pop.fast_options)
    assert cost["leaves"] == 64 and cost["selected"] <= cost["far_nodes"] + cost["near_rays"]
    for quantity in QUANTITIES:
        exact = getattr(pop, quantity)(grid)
        fast = getattr(pop, quantity)(grid, method="fast")
        assert error(fast, exact) <= tl.rho_for_eta(1.5) ** -14
        assert error(getattr(back, quantity)(grid, method="fast"), fast) <= 1e-12


def test_kd_order_is_a_balanced_split_equal_on_numpy_and_jax():
    rng = np.random.default_rng(3)
    t = np.linspace(-1, 1, 32)
    lattice = np.stack(np.meshgrid(t, t, indexing="ij"), -1).reshape(-1, 2)  # ties everywhere
    # jitted (as the fast path runs it): one compilation for the three point sets; eager JAX
    # would dispatch the split op by op (16 s here)
    jax_order = jax.jit(lambda p: tl.kd_order(p, 6, jnp))
    for points in (lattice, lattice[rng.permutation(1024)], rng.normal(size=(1024, 2))):
        perm = tl.kd_order(points, 6, np)
        assert np.array_equal(np.sort(perm), np.arange(1024))
        assert np.array_equal(np.asarray(jax_order(jnp.asarray(points))), perm)
        groups = points[perm].reshape(64, 16, 2)
        # sibling groups are split along their union's longer side, at the median
        for g in range(0, 64, 2):
            union = groups[g : g + 2].reshape(-1, 2)
            axis = int(np.ptp(union[:, 1]) > np.ptp(union[:, 0]))
            assert groups[g][:, axis].max() <= groups[g + 1][:, axis].min()


def test_far_test_derivation():
    """rho_* = eta + sqrt(1 + eta^2) is the Bernstein rho of the worst far halo (mid-side of the
    box grown by eta), and every halo outside that box is far; corners of it are far too."""
    eta = 1.5
    rho = tl.rho_for_eta(eta)
    c, h = np.zeros((1, 2)), np.ones((1, 2))
    assert tl.pair_rho(c, h, np.array([0.0]), np.array([1 + eta]), np) == pytest.approx(rho)
    edge = np.linspace(-(1 + eta), 1 + eta, 201)
    ring_y = np.concatenate([edge, edge, np.full(201, 1 + eta), np.full(201, -1 - eta)])
    ring_x = np.concatenate([np.full(201, 1 + eta), np.full(201, -1 - eta), edge, edge])
    assert np.all(tl.pair_rho(c, h, ring_y * 1.000001, ring_x * 1.000001, np) >= rho)
    assert tl.near_area(1.0) == pytest.approx(3.07, abs=0.02)
