"""Kaplinghat, Tulin & Yu (2016) SIDM halos against independent references computed here.

References: the isothermal sphere by scipy Radau at rtol 1e-12 (started at x = 1e-3 from the
textbook series h = x^2/6 - x^4/120 + x^6/1890 - 61 x^8/1632960; the table uses DOP853 and its own
recursion) and by 20-digit mpmath odefun; the matched core by brentq on that solution; kappa by
scipy quad of the line-of-sight integral of rho(r), alpha from the mass inside the cylinder
(sphere + the inner part of every outer shell), psi from the projected-shell potential (checked
here against the NFW closed form and against int alpha dR); the rate condition by brentq on
upstream's formula. Nothing is a number copied from our own output.
"""

import functools
import warnings

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp
from scipy.optimize import brentq, minimize_scalar

from autogalaxy.exc import ModelParameterException
from autogalaxy.profiles.mass.dark import isothermal as iso
from autogalaxy.profiles.mass.dark import kaplinghat_util as ku
from autogalaxy.profiles.mass.dark.kaplinghat import KaplinghatCoredNFWSph
from autogalaxy.profiles.mass.dark.kaplinghat_mcr import (
    KaplinghatCoredNFWMCRLudlowSph,
    _interaction_radius_kpc_from,
)
from autogalaxy.profiles.mass.dark.nfw import NFWSph, nfw_potential_hat

X0 = 1e-3
C_VALUES = [0.05, 1.0, 3.0, 3.9]  # r_1 / r_s, in (0, c_max = 3.974)


# --- independent references ---------------------------------------------------------------
def _series(x):
    return (x**2 / 6 - x**4 / 120 + x**6 / 1890 - 61 * x**8 / 1632960,
            x / 3 - x**3 / 30 + x**5 / 315 - 61 * x**7 / 204120)


@functools.cache
def reference_solution():
    h0, dh0 = _series(X0)
    sol = solve_ivp(lambda x, y: [y[1], np.exp(-y[0]) - 2 * y[1] / x], (X0, 200.0), [h0, dh0],
                    method="Radau", rtol=1e-12, atol=1e-20, dense_output=True,
                    jac=lambda x, y: [[0.0, 1.0], [-np.exp(-y[0]), -2.0 / x]])
    assert sol.success
    return sol


def h_ref(x):
    """(h, h') of the reference solution at a scalar x."""
    if x <= X0:
        return _series(x)
    h, dh = reference_solution().sol(x)
    return h, dh


def log_ratio_ref(x):
    h, dh = h_ref(x)
    return np.log(dh / x) + h


def nfw_m(y):
    """ln(1 + y) - y / (1 + y) in 30-digit arithmetic (no cancellation at small y)."""
    with mp.workdps(30):
        y = mp.mpf(y)
        return float(mp.log1p(y) - y / (1 + y))


def log_target_ref(c):
    return np.log(nfw_m(c) * (1 + c) ** 2 / c**2)


@functools.cache
def core_ref(c):
    """(x_1, rho_0 / rho_s, r_0 / r_s) on the rising branch, brentq on the reference solution."""
    x1 = brentq(lambda x: log_ratio_ref(x) - log_target_ref(c), 2.0, 22.544, xtol=1e-14,
                rtol=1e-15)
    return x1, np.exp(h_ref(x1)[0]) / (c * (1 + c) ** 2), c / x1


def rho_ref(r, c):
    if c > 0 and r < c:
        x1, rho0, r0 = core_ref(c)
        return rho0 * np.exp(-h_ref(r / r0)[0])
    return 1.0 / (r * (1 + r) ** 2)


def _decades(lo, hi):
    points = [lo]
    while points[-1] < hi:
        points.append(10.0 * points[-1])
    return points


def _quad(f, a, b):
    return quad(f, a, b, epsabs=0, epsrel=1e-13, limit=300)[0]


def _split(f, points):
    points = sorted(set(points))
    total = sum(_quad(f, a, b) for a, b in zip(points, points[1:]))
    return total + _quad(lambda w: f(1 / w) / w**2 if w > 0 else 0.0, 0.0, 1 / points[-1])


@functools.cache
def kappa_ref(x, c):
    """kappa / kappa_s = 2 int_0^inf rho(sqrt(x^2 + z^2)) dz, split at the core edge."""
    edge = [np.sqrt(c * c - x * x)] if x < c else []
    return 2 * _split(lambda z: rho_ref(np.hypot(x, z), c),
                      [0.0] + edge + _decades(min(x, 1e-3), 1e4 * max(1, x)))


@functools.cache
def alpha_over_r_ref(x, c):
    """alpha / (kappa_s R) = 4 [m3(x) + int_x^inf r^2 rho (1 - sqrt(1 - x^2/r^2)) dr] / x^2."""
    points = [p for p in _decades(min(x, 1e-3) / 10, x) if p < x] + ([c] if c < x else [])
    m3 = quad(lambda t: t * t * rho_ref(t, c), 0, x, points=sorted(points), epsabs=0,
              epsrel=1e-13, limit=300)[0]

    def outer(r):
        return r * r * rho_ref(r, c) * (x / r) ** 2 / (1 + np.sqrt((1 - x / r) * (1 + x / r)))

    top = 1e4 * max(1.0, x)
    shells = _quad(lambda eta: outer(x * np.cosh(eta)) * x * np.sinh(eta), 0.0,
                   np.arccosh(max(c / x, 1.0))) if x < c else 0.0
    shells += _split(outer, [max(x, c)] + [p for p in _decades(1e-3, top) if p > max(x, c)])
    return 4 * (m3 + shells) / (x * x)


def shell_phi(x, r):
    """(pi / dM) psi of a projected shell of radius r at R = x (psi(0) = 0), cancellation-free."""
    if r <= x:
        return 1 + np.log(x / (2 * r))
    s = np.sqrt((1 - x / r) * (1 + x / r))
    a = (x / r) ** 2 / (1 + s)
    return a + np.log1p(-a / 2)


@functools.cache
def psi_ref(x, c):
    """psi / (kappa_s r_s^2) = 4 int_0^inf r^2 rho(r) phi(x, r) dr."""
    points = [0.0, x] + ([c] if c > 0 else []) + _decades(1e-3 * min(x, 1.0), 1e4 * max(1, x))
    return 4 * _split(lambda r: r * r * rho_ref(r, c) * shell_phi(x, r), points)


def profile(c, **kwargs):
    kw = dict(centre=(0.1, -0.2), kappa_s=0.3, scale_radius=2.0, interaction_radius=2.0 * c)
    kw.update(kwargs)
    return KaplinghatCoredNFWSph(**kw)


def points_at(x, prof=None):
    """(N, 2) grid at radii x r_s from the centre of ``profile`` (any direction)."""
    prof = prof or profile(1.0)
    x = np.atleast_1d(x) * prof.scale_radius
    angle = 0.3 + np.arange(len(x))
    return np.stack([prof.centre[0] + x * np.sin(angle), prof.centre[1] + x * np.cos(angle)], -1)


# --- the isothermal table -----------------------------------------------------------------
def test_series_and_table_match_solve_ivp():
    np.testing.assert_allclose(iso.isothermal_series()[:4], [1 / 6, -1 / 120, 1 / 1890,
                                                            -61 / 1632960], rtol=1e-14)
    x = np.concatenate([np.geomspace(1e-6, 1.0, 40), np.linspace(1.01, 23.99, 400)])
    ref = np.array([h_ref(v) for v in x])
    h = iso.isothermal_h(x)
    # measured <= 3e-13 (h), 5e-13 (m), 2e-12 (e^-h, at the smallest x): Radau's own error
    np.testing.assert_allclose(h, ref[:, 0], rtol=1e-11)
    np.testing.assert_allclose(iso.isothermal_mass(x), x * x * ref[:, 1], rtol=1e-11)
    np.testing.assert_allclose(iso.isothermal_density(x), np.exp(-ref[:, 0]), rtol=1e-11)
    moment = [quad(lambda t: t * h_ref(t)[1], 0, v, epsabs=0, epsrel=1e-13)[0] for v in x[::20]]
    np.testing.assert_allclose(iso.isothermal_mass_moment(x[::20]), moment, rtol=1e-11)


def test_table_matches_mpmath():
    mp.mp.dps = 20
    x0 = mp.mpf("0.01")
    h0 = x0**2 / 6 - x0**4 / 120 + x0**6 / 1890 - 61 * x0**8 / 1632960
    dh0 = x0 / 3 - x0**3 / 30 + x0**5 / 315 - 61 * x0**7 / 204120
    solution = mp.odefun(lambda x, y: [y[1], mp.exp(-y[0]) - 2 * y[1] / x], x0, [h0, dh0])
    for x in (0.37, 2.2, 5.3):
        h, dh = solution(x)
        assert iso.isothermal_h(x) == pytest.approx(float(h), rel=2e-13)
        assert iso.isothermal_dh(x) == pytest.approx(float(dh), rel=2e-13)


def test_matching_facts():
    peak = minimize_scalar(lambda x: -log_ratio_ref(x), bracket=(20, 22.5, 25), tol=1e-10)
    x_peak, ratio_peak = iso.isothermal_peak()
    assert x_peak == pytest.approx(peak.x, abs=1e-6)
    assert ratio_peak == pytest.approx(np.exp(-peak.fun), rel=1e-12)
    assert (round(x_peak, 3), round(ratio_peak, 5)) == (22.544, 1.26153)
    c_max = brentq(lambda c: log_target_ref(c) + peak.fun, 1.0, 10.0, xtol=1e-14)
    assert ku.max_interaction_ratio() == pytest.approx(c_max, rel=1e-11)
    c = np.linspace(1e-6, 6.0, 3000)
    assert np.all(np.diff(ku.log_matching_target(c)) > 0)
    assert np.exp(ku.log_matching_target(1e-8)) == pytest.approx(0.5, rel=1e-7)


@pytest.mark.parametrize("c", [1e-3] + C_VALUES + [3.97])
def test_matched_core_continuity_and_reference(c):
    core = ku.matched_core(c)
    x1, rho0, r0 = core_ref(c)
    # near c_max the root's sensitivity to T grows as 1 / R'(x_1): 3e-10 at c = 3.97
    assert float(core.x1) == pytest.approx(x1, rel=1e-9)
    assert float(core.rho0) == pytest.approx(rho0, rel=1e-9)
    # continuity with our own table, to rounding: density and enclosed mass at r_1
    rho_in = core.rho0 * iso.isothermal_density(core.x1)
    assert rho_in == pytest.approx(1 / (c * (1 + c) ** 2), rel=1e-12)
    assert float(ku.delta_mass_hat(c, core) / nfw_m(c)) == pytest.approx(0.0, abs=1e-12)
    # the NFW envelope is untouched: density just outside r_1 is the NFW's
    assert ku.kaplinghat_density_hat(c * (1 + 1e-12), core) == pytest.approx(
        1 / (c * (1 + c) ** 2), rel=1e-11)


def test_upstream_clamp_breaks_mass_matching():
    """Upstream sets x_1 = 200 (its table end) whenever T(c) >= R(200) = 0.93485, i.e. for
    c >= 1.7945, though the rising-branch root exists up to c_max = 3.974: its core then matches
    the density but not the mass (M_iso / M_NFW = R(200) / T(c) at r_1). Below 1.7945 the ratio
    never returns to T after its peak (its minimum on [22.5, 200] is R(200)), so upstream's brentq
    finds the same root as ours (to its ~6e-6 interpolation error)."""
    ratio_200 = np.exp(log_ratio_ref(200.0))
    assert ratio_200 == pytest.approx(0.93485, abs=1e-5)
    threshold = brentq(lambda c: log_target_ref(c) - np.log(ratio_200), 0.1, 4.0)
    assert threshold == pytest.approx(1.7945, abs=1e-4)
    for c, upstream_mass_ratio in ((2.0, 0.9619), (3.0, 0.8264), (3.9, 0.7465)):
        assert ratio_200 / np.exp(log_target_ref(c)) == pytest.approx(upstream_mass_ratio,
                                                                      abs=1e-4)
        core = ku.matched_core(c)
        assert float(ku.delta_mass_hat(c, core)) == pytest.approx(0.0, abs=1e-12)


# --- projections --------------------------------------------------------------------------
def test_shell_potential_reference_is_right():
    for x in (1e-3, 0.5, 3.0):
        assert psi_ref(x, 0.0) == pytest.approx(nfw_potential_hat(x), rel=1e-12)
    c, x = 1.0, 0.6
    integral = quad(lambda t: t * alpha_over_r_ref(t, c), 0, x, epsabs=0, epsrel=1e-11)[0]
    assert psi_ref(x, c) == pytest.approx(integral, rel=1e-10)


@pytest.mark.parametrize("c", C_VALUES)
def test_kappa_alpha_psi_match_quadrature(c):
    x = np.array([1e-4, 1e-2, 0.3 * c, 0.9 * c, 0.999 * c, 1.5 * c, 30.0, 1e3])
    core = ku.matched_core(c)
    # measured <= 5e-13 (and shear <= 1.1e-13 kappa(0))
    for kernel, ref in ((ku.kaplinghat_convergence_hat, kappa_ref),
                        (ku.kaplinghat_deflection_over_radius_hat, alpha_over_r_ref),
                        (ku.kaplinghat_potential_hat, psi_ref)):
        np.testing.assert_allclose(kernel(x, core), [ref(v, c) for v in x], rtol=3e-12)
    gamma = [alpha_over_r_ref(v, c) - kappa_ref(v, c) for v in x]
    # gamma_t = mean kappa - kappa vanishes as x^2 in the core: error relative to kappa
    np.testing.assert_allclose(ku.kaplinghat_tangential_shear_hat(x, core), gamma,
                               atol=1e-12 * kappa_ref(1e-4, c), rtol=3e-12)


def test_class_methods_match_the_references():
    c = 1.0
    prof = profile(c)
    x = np.array([1e-3, 0.5, 1.5])
    grid = points_at(x, prof)
    k, rs = prof.kappa_s, prof.scale_radius
    kappa = [kappa_ref(v, c) for v in x]
    np.testing.assert_allclose(prof.convergence_2d_from(grid), k * np.array(kappa), rtol=1e-11)
    alpha = np.linalg.norm(prof.deflections_yx_2d_from(grid), axis=-1)
    np.testing.assert_allclose(alpha, k * rs * x * [alpha_over_r_ref(v, c) for v in x], rtol=1e-11)
    np.testing.assert_allclose(prof.potential_2d_from(grid),
                               k * rs**2 * np.array([psi_ref(v, c) for v in x]), rtol=1e-11)
    np.testing.assert_allclose(prof.convergence_func(x * rs), k * np.array(kappa), rtol=1e-11)
    np.testing.assert_allclose(prof.density_3d_func(x * rs),
                               k / rs * np.array([rho_ref(v, c) for v in x]), rtol=1e-11)
    assert prof.radial_deflection_from_radius(x[1] * rs) == pytest.approx(alpha[1], rel=1e-14)
    row = np.array([k, rs, prof.interaction_radius, prof.central_density, prof.isothermal_radius])
    np.testing.assert_allclose(KaplinghatCoredNFWSph.radial_deflection_from(x * rs, row, np),
                               alpha, rtol=1e-14)
    x1, rho0, r0 = core_ref(c)
    assert prof.central_density == pytest.approx(k / rs * rho0, rel=1e-10)
    assert prof.isothermal_radius == pytest.approx(rs * r0, rel=1e-10)


def test_laws_and_enclosed_mass():
    prof = profile(1.0)
    grid = points_at([0.02, 0.4, 0.95, 1.7, 6.0], prof)
    h = 1e-5
    dy, dx = np.array([h, 0.0]), np.array([0.0, h])

    def d(f, step):
        return (f(grid + step) - f(grid - step)) / (2 * h)

    alpha = prof.deflections_yx_2d_from(grid)
    divergence = d(lambda g: prof.deflections_yx_2d_from(g)[:, 0], dy) + d(
        lambda g: prof.deflections_yx_2d_from(g)[:, 1], dx)
    # central differences of step 1e-5: truncation ~1e-10, rounding ~1e-11
    np.testing.assert_allclose(divergence, 2 * prof.convergence_2d_from(grid), rtol=1e-8)
    np.testing.assert_allclose(d(prof.potential_2d_from, dy), alpha[:, 0], rtol=1e-8)
    np.testing.assert_allclose(d(prof.potential_2d_from, dx), alpha[:, 1], rtol=1e-8)
    for r in (0.3, 2.0, 5.0):
        mass = quad(lambda t: 2 * np.pi * t * prof.convergence_func(t), 0, r, points=[2.0],
                    epsabs=0, epsrel=1e-12, limit=200)[0]
        assert prof.mass_angular_within_circle_from(r) == pytest.approx(mass, rel=1e-10)


def test_shear_is_the_tangential_shear():
    prof = profile(1.0)
    grid = points_at([0.05, 0.6, 3.0], prof)
    dy, dx = grid[:, 0] - prof.centre[0], grid[:, 1] - prof.centre[1]
    theta = np.arctan2(dy, dx)
    r = np.hypot(dy, dx)
    gamma_t = np.linalg.norm(prof.deflections_yx_2d_from(grid), axis=-1) / r - (
        prof.convergence_2d_from(grid))
    expected = -gamma_t[:, None] * np.stack([np.sin(2 * theta), np.cos(2 * theta)], -1)
    np.testing.assert_allclose(prof.shear_yx_2d_from(grid), expected, rtol=1e-10, atol=1e-14)


# --- backends, transforms, gradients --------------------------------------------------------
METHODS = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from",
           "shear_yx_2d_from")
GRID_X = [0.0, 1e-4, 0.03, 0.5, 1.9, 40.0]  # radii / r_s: the centre, core, envelope


@jax.jit
def all_outputs(prof, grid):
    """Every lensing method on the JAX path (one compilation for every KaplinghatCoredNFWSph)."""
    return tuple(getattr(prof, m)(grid, xp=jnp) for m in METHODS)


def test_numpy_equals_jax_under_jit_and_vmap():
    for c in (0.05, 3.9):
        prof = profile(c)
        grid = points_at(GRID_X, prof)
        for method, got in zip(METHODS, all_outputs(prof, jnp.asarray(grid))):
            expected = getattr(prof, method)(grid)
            # atol: the shear at R <= 1e-4 r_s is a difference of two O(1-10) terms (kappa_bar
            # and kappa; 2.44 at R = 0 for c = 0.05). Its rounding depends on how XLA fuses the
            # compiled function: at R = 0, c = 0.05 NumPy gives -2.7e-15 and JAX 1.44e-14 both
            # at d91e552 (jitted alone) and with fast_math (in all_outputs); exact is 0.
            np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=3e-14)
    grid = points_at(GRID_X)
    r1 = jnp.array([0.0, 0.3, 2.0, 7.0])
    batched = jax.vmap(lambda r: profile(0.0, interaction_radius=r).deflections_yx_2d_from(
        jnp.asarray(grid), xp=jnp))(r1)
    for value, got in zip(r1, batched):
        expected = profile(0.0, interaction_radius=float(value)).deflections_yx_2d_from(grid)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-15)


def _chi2(prof, grid, xp):
    grid = xp.asarray(grid)
    return (xp.sum(prof.deflections_yx_2d_from(grid, xp=xp) ** 2)
            + xp.sum(prof.potential_2d_from(grid, xp=xp))
            + xp.sum(prof.convergence_2d_from(grid, xp=xp)))


def test_gradients_through_a_pytree_match_finite_differences():
    """jax.grad of a function of a profile built outside it, and of the grid (finite at R = 0)."""
    base = dict(centre=(0.1, -0.2), kappa_s=0.3, scale_radius=2.0, interaction_radius=1.5)
    grid = points_at([0.0, 1e-13, 0.05, 0.4, 0.7, 2.0], KaplinghatCoredNFWSph(**base))
    grads, grid_grads = jax.grad(lambda p, g: _chi2(p, g, jnp), argnums=(0, 1))(
        KaplinghatCoredNFWSph(**base), jnp.asarray(grid))
    assert np.all(np.isfinite(grid_grads))
    for name, value, step in (("kappa_s", 0.3, 1e-6), ("scale_radius", 2.0, 1e-6),
                              ("interaction_radius", 1.5, 1e-6), ("centre", 0.1, 1e-6)):
        def at(v, name=name):
            kw = dict(base, **{name: (v, -0.2) if name == "centre" else v})
            return _chi2(KaplinghatCoredNFWSph(**kw), grid, np)

        fd = (at(value + step) - at(value - step)) / (2 * step)
        got = getattr(grads, name)[0] if name == "centre" else getattr(grads, name)
        # measured agreement ~1e-9 (finite-difference truncation and rounding)
        assert float(got) == pytest.approx(fd, rel=1e-6), name


def test_gradients_of_the_default_interaction_rule():
    grid = points_at([0.01, 0.04])

    def f(sigma, t, xp):
        prof = KaplinghatCoredNFWSph(kappa_s=0.3, scale_radius=2.0, sigma_over_m=sigma, t_age=t)
        return xp.sum(prof.deflections_yx_2d_from(xp.asarray(grid), xp=xp) ** 2)

    grads = jax.grad(lambda s, t: f(s, t, jnp), argnums=(0, 1))(3.0, 8.0)
    h = 1e-5
    assert float(grads[0]) == pytest.approx((f(3 + h, 8, np) - f(3 - h, 8, np)) / (2 * h), rel=1e-6)
    assert float(grads[1]) == pytest.approx((f(3, 8 + h, np) - f(3, 8 - h, np)) / (2 * h), rel=1e-6)


# --- limits, validation, upstream's tests -------------------------------------------------
def test_zero_interaction_radius_is_exactly_nfw():
    grid = points_at(GRID_X)
    kw = dict(centre=(0.1, -0.2), kappa_s=0.2, scale_radius=2.0)
    for prof in (KaplinghatCoredNFWSph(**kw, interaction_radius=0.0),
                 KaplinghatCoredNFWSph(**kw, sigma_over_m=0.0, t_age=10.0)):
        assert (prof.interaction_radius, prof.central_density, prof.isothermal_radius) == (
            0.0, np.inf, 0.0)
        for method in METHODS:
            np.testing.assert_array_equal(getattr(prof, method)(grid),
                                          getattr(NFWSph(**kw), method)(grid))


def test_no_root_raises_or_gives_nan():
    with pytest.raises(ModelParameterException, match="interaction_radius.*3.97398"):
        KaplinghatCoredNFWSph(scale_radius=1.0, interaction_radius=4.0)
    with pytest.raises(ValueError, match="interaction_radius"):
        KaplinghatCoredNFWSph(interaction_radius=-0.1)
    # the same pytree with r_1 = 4 r_s, as a traced fit would pass it (no validation)
    leaves, tree = jax.tree_util.tree_flatten(profile(1.0))
    bad = jax.tree_util.tree_unflatten(tree, leaves[:-1] + [4.0 * leaves[3]])
    for out in all_outputs(bad, jnp.asarray(points_at(GRID_X))):
        assert np.all(np.isnan(out))
    assert np.isnan(jax.jit(lambda p: p.central_density)(bad))


def test_upstream_published_checks():
    """upstream test_kaplinghat.py, with its tolerances (ours hold far tighter)."""
    grid = np.array([[0.5, 0.2], [1.0, -0.2], [2.0, 1.0]])
    kw = dict(centre=(0.1, -0.2), kappa_s=0.2, scale_radius=2.0)
    prof = KaplinghatCoredNFWSph(**kw, sigma_over_m=0.0, t_age=10.0)
    np.testing.assert_allclose(prof.deflections_yx_2d_from(grid),
                               NFWSph(**kw).deflections_yx_2d_from(grid), rtol=1e-8)
    prof = KaplinghatCoredNFWSph(kappa_s=0.2, scale_radius=2.0, interaction_radius=0.4)
    inside, outside = prof.density_3d_func(np.array([0.4 * (1 - 1e-5), 0.4 * (1 + 1e-5)]))
    assert inside == pytest.approx(outside, rel=1e-3)
    prof = KaplinghatCoredNFWSph(kappa_s=0.2, scale_radius=2.0, interaction_radius=0.5)
    g = np.array([[0.0, 0.0], [0.2, 0.0], [1.0, 0.0]])
    assert np.all(prof.convergence_2d_from(g) > 0)
    assert np.all(np.isfinite(prof.potential_2d_from(g)))
    np.testing.assert_allclose(prof.deflections_yx_2d_from(g)[0], [0.0, 0.0], atol=1e-8)
    batched = jax.jit(KaplinghatCoredNFWSph.vmapped_deflections_from)
    for r1 in (0.0, 0.5):
        prof = KaplinghatCoredNFWSph(**kw, interaction_radius=r1)
        params = np.array([[*prof.centre, prof.kappa_s, prof.scale_radius,
                            prof.interaction_radius, prof.central_density,
                            prof.isothermal_radius]])
        # upstream: rtol 5e-2 for the core (its trapezoid rule); here the same exact kernel
        np.testing.assert_allclose(np.asarray(batched(grid, params, np.array([True]))),
                                   prof.deflections_yx_2d_from(grid), rtol=1e-12, atol=1e-15)


# --- the mass-concentration class ---------------------------------------------------------
MSUN_G, KPC_CM, GYR_S, G = 1.98847e33, 3.0856775814913673e21, 3.15576e16, 4.30091727003628e-6


def rate_radius_ref(sigma, t_age, rho_s, r_s, r200):
    """upstream's rule by brentq: (sigma/m) rho v t = 1, v = sqrt(G M / r)."""
    def rate(r):
        y = r / r_s
        mass = 4 * np.pi * rho_s * r_s**3 * nfw_m(y)
        return sigma * rho_s / (y * (1 + y) ** 2) * MSUN_G / KPC_CM**3 * np.sqrt(
            G * mass / r) * 1e5 * t_age * GYR_S

    r_min = min(1e-8 * r_s, 1e-10 * r200)
    if sigma <= 0 or t_age <= 0 or rate(r_min) < 1:
        return 0.0
    if rate(r200) > 1:
        return r200
    return np.exp(brentq(lambda s: np.log(rate(np.exp(s))), np.log(r_min), np.log(r200),
                         xtol=1e-14, rtol=1e-15))


def test_rate_condition_matches_brentq_and_its_edges():
    rho_s, r_s, r200 = 5e6, 3.0, 30.0
    for sigma, t in ((1.0, 10.0), (0.05, 2.0), (30.0, 13.8), (0.0, 10.0), (1e-12, 1.0),
                     (1e6, 13.8)):
        ours = _interaction_radius_kpc_from(sigma, t, rho_s, r_s, r200)
        assert float(ours) == pytest.approx(rate_radius_ref(sigma, t, rho_s, r_s, r200),
                                            rel=1e-12, abs=1e-300)
    assert float(_interaction_radius_kpc_from(1e6, 13.8, rho_s, r_s, r200)) == r200


def test_mcr_halo_and_upstream_checks():
    halo = KaplinghatCoredNFWMCRLudlowSph(mass_at_200=1e9, sigma_over_m=10.0, t_age=10.0,
                                          redshift_object=0.6, redshift_source=2.5)
    kpc_per_arcsec = halo.cosmology.kpc_per_arcsec_from(0.6)
    r_s = halo.scale_radius * kpc_per_arcsec
    c = halo.radius_at_200_kpc / r_s
    rho_s = 1e9 / (4 * np.pi * r_s**3 * nfw_m(c))
    r1 = rate_radius_ref(10.0, 10.0, rho_s, r_s, halo.radius_at_200_kpc)
    assert halo.interaction_radius * kpc_per_arcsec == pytest.approx(r1, rel=1e-11)
    assert halo.interaction_radius > 0 and halo.isothermal_radius > 0
    assert np.isfinite(halo.central_density)
    none = KaplinghatCoredNFWMCRLudlowSph(centre=(1.0, 2.0), mass_at_200=1e9, sigma_over_m=0.0,
                                          redshift_object=0.6, redshift_source=2.5)
    grid = np.array([[1.0, 1.0], [2.0, 2.0]])
    assert none.interaction_radius == 0.0
    nfw = NFWSph(centre=(1.0, 2.0), kappa_s=none.kappa_s, scale_radius=none.scale_radius)
    np.testing.assert_array_equal(none.deflections_yx_2d_from(grid),
                                  nfw.deflections_yx_2d_from(grid))
    with pytest.raises(ModelParameterException, match="sigma_over_m"):
        KaplinghatCoredNFWMCRLudlowSph(mass_at_200=1e12, sigma_over_m=1e4)


def test_mcr_gradients_through_a_pytree():
    kw = dict(centre=(0.01, -0.02), mass_at_200=1e11, sigma_over_m=3.0, t_age=9.0,
              redshift_object=0.4, redshift_source=1.5)
    halo = KaplinghatCoredNFWMCRLudlowSph(**kw, solver="smooth")
    # points inside the core (alpha outside it does not depend on sigma_over_m or t_age)
    grid = points_at(np.array([0.05, 0.3, 0.8]) * halo.interaction_radius / halo.scale_radius,
                     halo)
    def chi2(p, xp):  # deflections only: the other methods' gradients are tested above
        return xp.sum(p.deflections_yx_2d_from(xp.asarray(grid), xp=xp) ** 2)

    grads = jax.grad(lambda p: chi2(p, jnp))(halo)
    for name, rel_step in (("mass_at_200", 1e-6), ("sigma_over_m", 1e-6), ("t_age", 1e-6),
                           ("redshift_object", 1e-5), ("redshift_source", 1e-5)):
        # measured agreement <= 1e-9
        step = rel_step * kw[name]

        def at(v, name=name):
            return chi2(KaplinghatCoredNFWMCRLudlowSph(**dict(kw, **{name: v}), solver="smooth"),
                        np)

        fd = (at(kw[name] + step) - at(kw[name] - step)) / (2 * step)
        assert float(getattr(grads, name)) == pytest.approx(fd, rel=1e-6), name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(float(jax.jit(lambda p: p.central_density)(halo)))


def test_halo_mass_methods_use_the_cored_enclosed_mass():
    """m(c) of the halo-mass methods vs a quad of the cored density (inside and outside r_1)."""
    profile = KaplinghatCoredNFWSph(kappa_s=0.1, scale_radius=1.0, interaction_radius=0.5)
    for c in (0.1, 0.3, 0.5, 2.0):
        m = quad(lambda r: r * r * profile.density_3d_func(np.array(r)), 0.0, c,
                 epsabs=0.0, epsrel=1e-12, limit=200)[0] / 0.1
        assert profile._enclosed_mass(c, np) == pytest.approx(m, rel=1e-11)


# --- the per-call tables the profile reads (issue 12) ---------------------------------------
from autogalaxy.profiles.mass.dark import kaplinghat_tables as kt  # noqa: E402
from autogalaxy.profiles.mass.dark import sidm_tables as st  # noqa: E402
from autogalaxy.profiles.mass.dark.nfw import (  # noqa: E402
    nfw_convergence_hat,
    nfw_deflection_over_radius_hat,
)

TABLE_KERNELS = {"kappa": ku.kaplinghat_convergence_hat,
                 "alpha": ku.kaplinghat_deflection_over_radius_hat,
                 "psi": ku.kaplinghat_potential_hat}


def nfw_mp(quantity, x):
    """The NFW's kappa_hat, alpha_hat, psi_hat in 50-digit mpmath (Bartelmann 1996)."""
    with mp.workdps(50):
        x = mp.mpf(x)
        if x < 1:
            f = mp.acosh(1 / x) / mp.sqrt(1 - x * x)
        else:
            f = mp.acos(1 / x) / mp.sqrt(x * x - 1) if x > 1 else mp.mpf(1)
        if quantity == "kappa":
            return float(2 * (f - 1) / (1 - x * x)) if x != 1 else 2.0 / 3.0
        if quantity == "alpha":
            return float(4 * (mp.log(x / 2) + f) / (x * x))
        return float(2 * (mp.log(x / 2) ** 2 - (1 - x * x) * f * f))


def test_nfw_table_matches_mpmath():
    """sidm_tables' NFW cells over [1e-12, 1e7] and its series beyond (measured <= 4.3e-15,
    the closed forms' own error near x = 1 being 3.3e-15)."""
    rng = np.random.default_rng(5)
    ln_x = np.concatenate([rng.uniform(-3, 3, 150), rng.uniform(np.log(1e-12), np.log(1e7), 150)])
    x = np.exp(ln_x)
    for quantity in st.NFW_QUANTITIES:
        row, tau = st.nfw_row_and_tau(ln_x)
        got = st.exp_cell_value(st.nfw_cells(quantity), row, tau)
        np.testing.assert_allclose(got, [nfw_mp(quantity, v) for v in x], rtol=1e-14)
        far = np.array([1e7, 3e8, 1e12])
        value, slope = st.nfw_far(far, np.log(far), quantity)
        np.testing.assert_allclose(value, [nfw_mp(quantity, v) for v in far], rtol=1e-15)
        h = 1e-6
        fd = [(nfw_mp(quantity, v * (1 + h)) - nfw_mp(quantity, v * (1 - h))) / (2 * h * v)
              for v in far]
        np.testing.assert_allclose(slope, fd, rtol=1e-8)


@pytest.mark.parametrize("c", [1e-3, 0.05, 1.0, 3.9, 3.97])
def test_tables_match_the_exact_kernels_densely(c):
    """kaplinghat_table_hat against the shell kernels on 96 nodes (converged to rounding) over
    x in [1e-12, 1e9], the core edge included (measured <= 1.3e-13)."""
    core = ku.matched_core(c)
    x = np.concatenate([np.geomspace(1e-12, c, 400), c * (1 - np.geomspace(1e-14, 0.5, 60)),
                        np.geomspace(c, 1e9, 200)])
    for quantity, kernel in TABLE_KERNELS.items():
        np.testing.assert_allclose(kt.kaplinghat_table_hat(quantity, x, c),
                                   kernel(x, core, nodes=96), rtol=3e-13)


@pytest.mark.parametrize("c", C_VALUES)
def test_tables_match_quadrature(c):
    """The profile's path against the scipy quad references (measured <= 4.3e-13)."""
    x = np.array([1e-4, 1e-2, 0.1 * c, 0.3 * c, 0.9 * c, 0.999 * c, 1.5 * c, 30.0, 1e3])
    for quantity, ref in (("kappa", kappa_ref), ("alpha", alpha_over_r_ref), ("psi", psi_ref)):
        np.testing.assert_allclose(kt.kaplinghat_table_hat(quantity, x, c),
                                   [ref(v, c) for v in x], rtol=1e-12)


def test_zero_core_tables_are_the_nfw_closed_forms():
    x = np.geomspace(1e-12, 1e8, 50)
    for c in (0.0, 5.0):  # no core, and no matched core (the class marks the latter NaN)
        np.testing.assert_array_equal(kt.kaplinghat_table_hat("kappa", x, c),
                                      nfw_convergence_hat(x))
        np.testing.assert_array_equal(kt.kaplinghat_table_hat("alpha", x, c),
                                      nfw_deflection_over_radius_hat(x))


def test_table_gradients_match_finite_differences_and_stay_finite():
    """The custom JVP in (x, c) against central differences of the NumPy path, and finite at
    x = 1e-12, at the core edge itself and just inside it (measured agreement <= 3e-9)."""
    c = 1.0
    x = np.array([1e-3, 0.05, 0.4, 0.7, 0.99, 1.3, 40.0, 3e7])
    # the flat deep core (x = 1e-3 < c sech 7) needs a longer step for its tiny slope
    h = np.where(x < 2e-3, 1e-4, 1e-6)
    edge = np.array([1e-12, c, c * (1 - 1e-15), c * (1 - 1e-9)])

    def f(v, w, xp):  # kappa's edge and psi's x^2 branch in one compilation (alpha: above)
        return (kt.kaplinghat_table_hat("kappa", v, w, xp)
                + 0.1 * kt.kaplinghat_table_hat("psi", v, w, xp))

    grad = jax.jit(jax.vmap(jax.grad(lambda v, w: f(v, w, jnp), argnums=(0, 1)), (0, None)))
    d_x, d_c = (np.asarray(g) for g in grad(jnp.asarray(np.concatenate([x, edge])), c))
    fd_x = (f(x * (1 + h), c, np) - f(x * (1 - h), c, np)) / (2 * h * x)
    fd_c = (f(x, c + 1e-6, np) - f(x, c - 1e-6, np)) / 2e-6
    np.testing.assert_allclose(d_x[:x.size], fd_x, rtol=1e-6)
    np.testing.assert_allclose(d_c[:x.size], fd_c, rtol=1e-6, atol=1e-9)
    assert np.all(np.isfinite(d_x)) and np.all(np.isfinite(d_c))


def test_shell_weights_reproduce_the_quadrature():
    """Product integration (kaplinghat_tables.shell_weights) against the 96-node shell
    integrals at the table's own radii, c = 3.9 (measured <= 4e-14 of the quantity)."""
    core = ku.matched_core(3.9)
    for quantity in TABLE_KERNELS:
        q, _ = kt._row_values(quantity, core, np)
        x = core.c / np.cosh(kt._ROW_ETA)
        exact = TABLE_KERNELS[quantity](x, core, nodes=96)
        if quantity == "psi":
            exact = exact / (x * x)
        np.testing.assert_allclose(q, exact, rtol=2e-13)
