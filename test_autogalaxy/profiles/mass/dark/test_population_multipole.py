"""Source-side far field of the fast path (population_far_series, population_multipole).

References: the truncated NFW's own kernels (single profiles; the series are checked against
them at the radii where the fast path uses them) and the exact path (itself equal to the sum of
the single profiles to 1e-12, test_population.py). Accuracy: max over rays of |fast - exact|
(vector norm for deflections) / max |exact|. Populations as in test_population_fast.py.
"""

import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark import population_kernels as pk
from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population import HaloPopulation
from autogalaxy.profiles.mass.dark.population_fast import fast_options_from
from autogalaxy.profiles.mass.dark.population_multipole_sum import multipole_cost

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population_cases import QUANTITIES, broad, error, pyhalo_like, rays  # noqa: E402

BOUND = tl.rho_for_eta(1.5) ** -14  # the fast path's documented bound, 5.4e-8
MP = {"multipole": True}


def _halos(n, seed):
    rng = np.random.default_rng(seed)
    rs = 10 ** rng.uniform(-2, -0.9, n)
    tau = 10 ** rng.uniform(-4, np.log10(40), n)
    tau[:3] = (1.0, 1e-4, 40.0)
    return {
        "centre_y": np.zeros(n),
        "centre_x": np.zeros(n),
        "kappa_s": 10 ** rng.uniform(-3, 0, n),
        "scale_radius": rs,
        "extra_radius": rs * tau,
    }


def _series_errors(quantity, theta, terms):
    """max over 30 random halos (tau 1e-4 to 40) of the series' error against the exact kernel at
    |Delta| = far_radius / theta, relative to the leading term (m / |Delta| for alpha, k_0 /
    |Delta|^4 for kappa, m max(1, |ln |Delta||) for psi)."""
    halos = _halos(30, 0)
    c = fs.far_coefficients(quantity, halos, terms=terms)
    rng = np.random.default_rng(1)
    radius = fs.far_radius(halos) / theta
    angle = rng.uniform(0, 2 * np.pi, 30)
    dy, dx = radius * np.sin(angle), radius * np.cos(angle)
    exact = np.array(
        [
            pk.block_sum(
                "nfw_truncated",
                quantity,
                {k: v[i : i + 1] for k, v in halos.items()},
                np.array([[[dy[i], dx[i]]]]),
            )[0, 0]
            for i in range(30)
        ]
    )
    approx = fs.radial_value(quantity, c, dy, dx)
    if quantity == "deflections":
        err = np.linalg.norm(np.stack(approx, -1) - exact, axis=-1) / (c[:, 0] / radius)
    elif quantity == "convergence":
        err = np.abs(approx - exact) / (c[:, 0] / radius**4)
    else:
        err = np.abs(approx - exact) / (c[:, 0] * np.maximum(1, np.abs(np.log(radius))))
    return float(np.max(err))


@pytest.mark.parametrize("theta", (0.3, 0.1))
@pytest.mark.parametrize("quantity", ("deflections", "convergence", "potential"))
def test_multipole_series_matches_kernels(quantity, theta):
    """The multipole path's N_TERMS series at |Delta| = far_radius / theta: measured 2.6e-14
    (alpha), 1.9e-12 (kappa), 1.9e-15 (psi) at theta = 0.3; the bound tail_constant() *
    tail_bound(0.3, 23) = 3.5e-12 covers alpha and psi (kappa's tail has its own constant, a few
    times larger)."""
    err = _series_errors(quantity, theta, fs.N_TERMS)
    assert err <= (1e-10 if quantity == "convergence" else 1e-11)


@pytest.mark.parametrize("theta_terms", fs.FAST_CLASSES)
@pytest.mark.parametrize("quantity", ("deflections", "convergence", "potential"))
def test_fast_class_series_match_kernels_within_their_bounds(quantity, theta_terms):
    """Every series class of the fast path (FAST_CLASSES) at the edge of its class, |Delta| =
    far_radius / theta_c, with its terms_c terms: the error against the exact kernel is within
    the documented truncation bound, tail_constant() tail_bound(theta_c, terms_c - 2) for alpha
    and psi and kappa_tail_bound(theta_c, terms_c) for kappa."""
    theta, terms = theta_terms
    err = _series_errors(quantity, theta, terms)
    if quantity == "convergence":
        assert err <= fs.kappa_tail_bound(theta, terms)
    else:
        assert err <= fs.tail_constant() * fs.tail_bound(theta, terms - 2)


def test_fast_classes_use_the_fewest_terms_within_the_18_term_bound():
    """Each class's terms are the fewest whose bounds at its theta are within those of 18 terms at
    theta = 0.3 (1.13e-8 for alpha and psi, 1.1e-7 for kappa), so the classes change the cost,
    not the stated accuracy."""
    c = fs.tail_constant()
    bound, kappa_bound = c * fs.tail_bound(0.3, 16), fs.kappa_tail_bound(0.3, 18)
    assert bound <= 1.13e-8 and kappa_bound <= 1.11e-7
    thetas = [theta for theta, _ in fs.FAST_CLASSES]
    assert thetas == sorted(thetas) and fs.SERIES_THETA == thetas[-1]
    for theta, terms in fs.FAST_CLASSES:
        ok = [
            c * fs.tail_bound(theta, k - 2) <= bound
            and fs.kappa_tail_bound(theta, k) <= kappa_bound
            for k in (terms - 1, terms)
        ]
        assert ok == [False, True]
    assert fs.FAST_TERMS == max(terms for _, terms in fs.FAST_CLASSES)


def test_tail_bound_is_small():
    assert fs.tail_constant() * fs.tail_bound(0.3, fs.N_TERMS - 1) <= 2e-10


@pytest.fixture(scope="module")
def grid():
    return rays(side=30, extra=100)


@pytest.mark.parametrize("maker, seed", [(pyhalo_like, 0), (pyhalo_like, 3), (broad, 2)])
@pytest.mark.parametrize("quantity", QUANTITIES)
def test_multipole_matches_exact(grid, maker, seed, quantity):
    pop = HaloPopulation(*maker(800, seed), **MP)
    exact = getattr(pop, quantity)(grid)
    fast = getattr(pop, quantity)(grid, method="fast")
    assert error(fast, exact) <= BOUND


def test_multipole_covers_most_pairs(grid):
    pop = HaloPopulation(*pyhalo_like(1200, 0))
    cost = multipole_cost(pop._halos(np), grid, fast_options_from(MP))
    assert cost["covered"] > 0.5
    assert cost["max_selected"] <= fast_options_from(MP)["multipole_select"]


def test_overflow_falls_back_to_the_per_halo_path(grid):
    """A tiny selection budget leaves clusters to the per-halo path: still within the bound."""
    pop = HaloPopulation(*pyhalo_like(600, 4), multipole=True, multipole_select=3)
    exact = pop.deflections_yx_2d_from(grid)
    assert error(pop.deflections_yx_2d_from(grid, method="fast"), exact) <= BOUND


@pytest.fixture(scope="module")
def jax_case():
    centres, kappa_s, rs, rt = pyhalo_like(400, 6)
    pop = HaloPopulation(*[jnp.asarray(a) for a in (centres, kappa_s, rs, rt)], **MP)
    g = jnp.asarray(rays(side=20, extra=40, seed=2))
    return pop, g


def test_jit_numpy_and_exact_agree(jax_case):
    pop, g = jax_case
    f = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp, method="fast"))
    out = np.asarray(f(pop, g))
    pop_np = jax.tree_util.tree_map(np.asarray, pop)
    ref = pop_np.deflections_yx_2d_from(np.asarray(g), method="fast")
    assert np.max(np.abs(out - ref)) <= 1e-12 * np.max(np.abs(ref))
    assert error(out, pop_np.deflections_yx_2d_from(np.asarray(g))) <= BOUND


def test_gradients_match_central_differences(jax_case):
    """jax.grad of a chi-squared w.r.t. every kappa_s and centre vs central differences for the
    three halos with the largest |gradient|. The outputs are linear in kappa_s and no decision
    depends on it, so a 10% step is exact up to rounding; centres take 1e-4 r_s (truncation
    ~1e-8 relative), as in test_population_fast.py."""
    pop, g = jax_case
    data = jnp.asarray(np.random.default_rng(3).normal(0, 1e-3, g.shape[0]))

    def chi2(kappa_s, centres):
        p = HaloPopulation(centres, kappa_s, pop.scale_radius, pop.truncation_radius, **MP)
        out = p.deflections_yx_2d_from(g, xp=jnp, method="fast")
        return jnp.sum((out[:, 0] + 0.5 * out[:, 1] - data) ** 2) * 1e6

    # one compiled value-and-gradient serves the gradient and every central difference
    both = jax.jit(jax.value_and_grad(chi2, argnums=(0, 1)))

    def f(kappa_s, centres):
        return both(kappa_s, centres)[0]

    gk, gc = both(pop.kappa_s, pop.centres)[1]
    assert np.all(np.isfinite(gk)) and np.all(np.isfinite(gc))
    ks, cs = np.asarray(pop.kappa_s), np.asarray(pop.centres)
    rs = np.asarray(pop.scale_radius)
    for i in np.argsort(-np.abs(np.asarray(gk)))[:3]:
        step = 0.1 * ks[i]
        up, down = ks.copy(), ks.copy()
        up[i] += step
        down[i] -= step
        fd = (f(jnp.asarray(up), pop.centres) - f(jnp.asarray(down), pop.centres)) / (2 * step)
        assert abs(gk[i] - fd) <= 1e-6 * abs(fd), (i, gk[i], fd)
    for axis in (0, 1):
        for i in np.argsort(-np.abs(np.asarray(gc[:, axis])))[:3]:
            step = 1e-4 * rs[i]
            up, down = cs.copy(), cs.copy()
            up[i, axis] += step
            down[i, axis] -= step
            fd = (f(pop.kappa_s, jnp.asarray(up)) - f(pop.kappa_s, jnp.asarray(down))) / (2 * step)
            assert abs(gc[i, axis] - fd) <= 1e-6 * abs(fd), (i, axis, gc[i, axis], fd)


def test_multipole_options_validation():
    assert fast_options_from({})["multipole"] is False  # off by default (docs: why)
    for bad in (
        {"multipole": 1},
        {"multipole_theta": 1.0},
        {"multipole_nodes": 1},
        {"multipole_select": 0},
    ):
        with pytest.raises(ValueError):
            fast_options_from(bad)


def test_other_kinds_ignore_the_option(grid):
    """NFW has no point-mass limit: multipole=True leaves it on the per-halo path."""
    centres, kappa_s, rs, _ = broad(60, 5)
    pop = HaloPopulation(centres, kappa_s, rs, profile="nfw")
    with_option = HaloPopulation(centres, kappa_s, rs, profile="nfw", **MP)
    a = pop.deflections_yx_2d_from(grid, method="fast")
    assert np.array_equal(a, with_option.deflections_yx_2d_from(grid, method="fast"))


def test_first_selected_equals_the_stable_argsort_selection():
    """population_multipole.first_selected (a cumulative sum and a scatter) against the stable
    argsort it replaced: per row the first ``select`` True columns, in column order, on NumPy and
    JAX; rows with fewer Trues than slots, none, or all."""
    from autogalaxy.profiles.mass.dark.population_multipole import first_selected

    rng = np.random.default_rng(5)
    flat = rng.uniform(size=(6, 40)) < np.array([0.0, 0.05, 0.3, 0.6, 0.9, 1.0])[:, None]
    for select in (1, 7, 40, 55):
        order = np.argsort(~flat, axis=1, kind="stable")
        rank = np.argsort(order, axis=1, kind="stable")
        want_chosen = flat & (rank < select)
        # slots beyond the 40 columns hold nothing (valid False, index -1 below)
        pad = np.full((6, max(0, select - 40)), -1)
        want_valid = np.take_along_axis(flat, order[:, :select], axis=1)
        want_valid = np.concatenate([want_valid, pad > 0], axis=1)
        want_index = np.where(want_valid, np.concatenate([order[:, :select], pad], axis=1), -1)
        for xp in (np, jnp):
            chosen, index, valid = (
                np.asarray(a) for a in first_selected(xp.asarray(flat), select, xp)
            )
            assert np.array_equal(chosen, want_chosen)
            assert np.array_equal(valid, want_valid)
            assert np.array_equal(np.where(valid, index, -1), want_index)


def test_complex_deflection_is_the_series_deflection():
    """population_far_series.complex_deflection (the summed form of the fast path and the
    multipole field) equals radial_value's (alpha_y, alpha_x) as alpha_y + i alpha_x."""
    rng = np.random.default_rng(8)
    centres, kappa_s, rs, rt = pyhalo_like(12, 2)
    halos = {"kappa_s": kappa_s, "scale_radius": rs, "extra_radius": rt}
    c = fs.far_coefficients("deflections", halos)[:, None, :]
    dy, dx = rng.uniform(1.0, 3.0, (2, 12, 5)) * rng.choice([-1.0, 1.0], (2, 12, 5))
    ay, ax = fs.radial_value("deflections", c, dy, dx)
    z = fs.complex_deflection(c, dy, dx)
    np.testing.assert_allclose(z.real, ay, rtol=1e-14, atol=0)
    np.testing.assert_allclose(z.imag, ax, rtol=1e-14, atol=0)
