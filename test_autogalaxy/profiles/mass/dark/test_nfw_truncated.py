"""NFWTruncatedSph against independent references computed here.

References: mpmath line-of-sight projection of the BMO09 3D density (kappa), the 3D density
integrated over the cylinder (alpha), mpmath quadrature of the published BMO09 deflection in
30-digit arithmetic (psi), and quadrature of r^2 rho (enclosed 3D mass).
"""

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest
from scipy.integrate import quad

from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark.nfw import NFWSph
from autogalaxy.profiles.mass.dark.nfw_truncated import (
    NFWTruncatedSph,
    truncated_nfw_convergence_hat,
    truncated_nfw_mass_2d_hat,
    truncated_nfw_potential_hat,
)

mp.mp.dps = 30
RADII = [1e-4, 1e-2, 0.4, 1.0, 1.001, 2.0, 2.5, 9.0, 1e2, 1e3]
TAUS = [0.3, 1.0, 4.0, 60.0]


# --- independent references ---------------------------------------------------------------
def rho_hat(r, tau):
    return tau**2 / (r * (1 + r) ** 2 * (tau**2 + r**2))


def kappa_projected(x, tau):
    """kappa / kappa_s = 2 int_0^inf rho_hat(sqrt(x^2 + z^2)) dz."""
    x, tau = mp.mpf(x), mp.mpf(tau)
    points = sorted({mp.mpf(0), x, mp.mpf(1), tau, 10 * (1 + x + tau)}) + [mp.inf]
    return 2 * mp.quad(lambda z: rho_hat(mp.sqrt(x * x + z * z), tau), points)


def alpha_from_density(x, tau):
    """alpha / (kappa_s r_s) = 4 M2D / x from the 3D density and the shell fraction inside R."""
    x, tau = mp.mpf(x), mp.mpf(tau)
    inside = mp.quad(lambda r: r * r * rho_hat(r, tau), sorted({mp.mpf(0), x, min(x, tau)}))
    outside = mp.quad(
        lambda r: r * r * rho_hat(r, tau) * (1 - mp.sqrt(1 - (x / r) ** 2)),
        sorted({x, 2 * x, x + 1, x + tau}) + [mp.inf],
    )
    return 4 * (inside + outside) / x


def f_mp(x):
    if x < 1:
        return mp.acosh(1 / x) / mp.sqrt(1 - x * x)
    if x > 1:
        return mp.acos(1 / x) / mp.sqrt(x * x - 1)
    return mp.mpf(1)


def b_published(x, tau):
    """BMO09 eq. A.8 as published, evaluated in 30-digit arithmetic."""
    x, tau = mp.mpf(x), mp.mpf(tau)
    t2 = mp.sqrt(tau**2 + x**2)
    ell = mp.log(x / (t2 + tau))
    return (
        tau**2
        / (tau**2 + 1) ** 2
        * (
            (tau**2 + 1 + 2 * (x * x - 1)) * f_mp(x)
            + mp.pi * tau
            + (tau**2 - 1) * mp.log(tau)
            + t2 * ((tau**2 - 1) / tau * ell - mp.pi)
        )
    )


def psi_by_integration(x, tau):
    """psi / (kappa_s r_s^2) = int_0^x alpha dR = int_0^x 4 B(t) / t dt."""
    points = sorted({0.0, min(x, 1.0), min(x, tau), x})
    return mp.quad(lambda t: 4 * b_published(t, tau) / t, points)


def enclosed_mass(c, tau):
    """m(c) = int_0^c r^2 rho_hat dr by scipy quad."""
    return quad(lambda r: r * r * rho_hat(r, tau), 0, c, epsabs=0.0, epsrel=1e-13, limit=200)[0]


def rel(a, b):
    return np.max(np.abs(np.asarray(a) - np.asarray(b)) / np.abs(np.asarray(b)))


def profile_for(tau, kappa_s=0.09, scale_radius=1.7):
    return NFWTruncatedSph(
        centre=(0.2, -0.5),
        kappa_s=kappa_s,
        scale_radius=scale_radius,
        truncation_radius=tau * scale_radius,
    )


def on_axis(radii, profile):
    r = np.asarray(radii, dtype=float) * profile.scale_radius
    return np.stack([np.full_like(r, profile.centre[0]), profile.centre[1] + r], axis=-1)


# --- closed forms against the references --------------------------------------------------
@pytest.mark.parametrize("tau", TAUS)
def test_convergence_matches_projected_density(tau):
    profile = profile_for(tau)
    ref = [profile.kappa_s * float(kappa_projected(x, tau)) for x in RADII]
    assert rel(profile.convergence_2d_from(on_axis(RADII, profile)), ref) < 1e-13


@pytest.mark.parametrize("tau", TAUS)
def test_deflections_match_density_inside_cylinder(tau):
    profile = profile_for(tau)
    scale = profile.kappa_s * profile.scale_radius
    ref = [scale * float(alpha_from_density(x, tau)) for x in RADII]
    alpha = profile.deflections_yx_2d_from(on_axis(RADII, profile))
    assert rel(alpha[:, 1], ref) < 1e-13
    assert np.all(alpha[:, 0] == 0.0)


@pytest.mark.parametrize("tau", TAUS)
def test_potential_matches_integrated_deflection(tau):
    profile = profile_for(tau)
    scale = profile.kappa_s * profile.scale_radius**2
    ref = [scale * float(psi_by_integration(x, tau)) for x in RADII]
    assert rel(profile.potential_2d_from(on_axis(RADII, profile)), ref) < 1e-13


def test_reference_values_of_physics_notes():
    profile = NFWTruncatedSph(kappa_s=1.0, scale_radius=1.0, truncation_radius=5.0)
    grid = on_axis([1.0, 3.0], profile)
    assert rel(profile.convergence_2d_from(grid), [0.582375636104619, 0.0821299622265226]) < 1e-13
    alpha = profile.deflections_yx_2d_from(grid)[:, 1]
    assert rel(alpha, [1.14168985747482, 0.905483663605296]) < 1e-13


def test_large_truncation_radius_is_nfw():
    nfw = NFWSph(centre=(0.2, -0.5), kappa_s=0.09, scale_radius=1.7)
    truncated = profile_for(1e8)
    grid = on_axis([1e-3, 0.5, 1.0, 7.0, 1e2], nfw)
    for method in ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from"):
        got, ref = getattr(truncated, method)(grid), getattr(nfw, method)(grid)
        assert np.max(np.abs(got - ref)) <= 1e-12 * np.max(np.abs(ref))


def test_enclosed_projected_mass():
    """alpha(R) R = 2 int_0^R kappa R' dR' with our own kappa."""
    profile = profile_for(3.0)
    for x in [1e-3, 0.8, 1.0, 3.0, 50.0]:
        r = x * profile.scale_radius

        def ring(rp):
            return 2 * rp * profile.convergence_2d_from(np.array([[0.2, -0.5 + rp]]))[0]

        points = [p * profile.scale_radius for p in (1e-3, 0.1, 1.0, 3.0) if p < x]
        mass = quad(ring, 0, r, points=points or None, limit=200, epsabs=0.0, epsrel=1e-13)[0]
        alpha = profile.deflections_yx_2d_from(on_axis([x], profile))[0, 1]
        assert alpha * r == pytest.approx(mass, rel=1e-11)


# --- the kernels B(x) and kappa(x) on a dense grid -----------------------------------------
KERNEL_TAUS = [0.01, 0.3, 1.0, 3.0, 30.0, 1e4]
# where the kernels switch form: x = 1/2 (tau < 1), the near-one windows |1 - x^2| = 0.01 (B) and
# 0.1 (kappa), x = 1, v = sqrt(x^2 - 1) = tan(pi/6), sqrt(2) (v = 1), 2 (v = 1/tan(pi/6)), x = tau
# and (kappa) z = tau / x = 0.3
KERNEL_EDGES = [0.5, np.sqrt(0.9), np.sqrt(0.99), 1.0, np.sqrt(1.01), np.sqrt(1.1)]
KERNEL_EDGES += [np.sqrt(4.0 / 3.0), np.sqrt(2.0), 2.0]


def kernel_radii(tau):
    xs = list(np.logspace(-12, 6, 61))
    for c in KERNEL_EDGES + [tau, tau / 0.3]:
        xs += [c] + [c * (1 + sign * 10.0**-k) for k in (3, 8, 14) for sign in (-1, 1)]
    return np.array(sorted(v for v in set(xs) if 1e-12 <= v <= 1e6))


def b_reference(xs, tau):
    """The published BMO09 B at 80 digits (it loses ~25 digits to cancellation at x = 1e-12)."""
    with mp.workdps(80):
        return np.array([float(b_published(x, tau)) for x in xs])


@pytest.mark.parametrize("tau", KERNEL_TAUS)
def test_mass_2d_kernel_matches_published_form_at_high_precision(tau):
    xs = kernel_radii(tau)
    ref = b_reference(xs, tau)
    assert rel(truncated_nfw_mass_2d_hat(xs, tau), ref) < 1e-14
    got = jax.jit(lambda x: truncated_nfw_mass_2d_hat(x, tau, xp=jnp))(jnp.asarray(xs))
    assert rel(got, ref) < 1e-14


def kappa_published(x, tau):
    """BMO09 kappa / kappa_s as published (physics.md section 3), in mpmath arithmetic."""
    x, tau = mp.mpf(x), mp.mpf(tau)
    t2 = mp.sqrt(tau**2 + x**2)
    s = 1 - x * x
    f_minus_one_over_s = (f_mp(x) - 1) / s if s != 0 else mp.mpf(1) / 3
    ell = mp.log(x / (t2 + tau))
    bracket = (tau**2 + 1) * f_minus_one_over_s + 2 * f_mp(x) - mp.pi / t2
    return 2 * tau**2 / (tau**2 + 1) ** 2 * (bracket + (tau**2 - 1) * ell / (tau * t2))


@pytest.mark.parametrize("tau", KERNEL_TAUS)
def test_convergence_kernel_matches_published_form_at_high_precision(tau):
    xs = kernel_radii(tau)
    with mp.workdps(80):
        ref = np.array([float(kappa_published(x, tau)) for x in xs])
    assert rel(truncated_nfw_convergence_hat(xs, tau), ref) < 2e-14
    got = jax.jit(lambda x: truncated_nfw_convergence_hat(x, tau, xp=jnp))(jnp.asarray(xs))
    assert rel(got, ref) < 2e-14


@pytest.mark.parametrize("tau", [0.3, 1.0, 30.0])
def test_mass_2d_kernel_gradients_at_its_edges(tau):
    """dB/dx and dB/dtau by autodiff, finite at x = 1 exactly and the form switches, against mpmath
    derivatives of the published form, relative to max(|B'|, |B| / x) (and |B| / tau)."""
    xs = np.array(sorted({1e-12, 1e-6, 0.3, 4.0, 1e3, tau, *KERNEL_EDGES}))
    gx, gt = jax.jit(
        jax.vmap(jax.grad(lambda x, t: truncated_nfw_mass_2d_hat(x, t, xp=jnp), (0, 1)), (0, None))
    )(jnp.asarray(xs), tau)
    gx, gt = np.asarray(gx), np.asarray(gt)
    assert np.all(np.isfinite(gx)) and np.all(np.isfinite(gt))
    b = truncated_nfw_mass_2d_hat(xs, tau)
    with mp.workdps(60):
        h = mp.mpf("1e-20")
        rx = [float(mp.diff(lambda v: b_published(v, tau), mp.mpf(x), h=h * x)) for x in xs]
        rt = [float(mp.diff(lambda t, x=x: b_published(x, t), mp.mpf(tau), h=h * tau)) for x in xs]
        rx, rt = np.array(rx), np.array(rt)
    assert np.all(np.abs(gx - rx) <= 2e-14 * np.maximum(np.abs(rx), b / xs))
    assert np.all(np.abs(gt - rt) <= 2e-14 * np.maximum(np.abs(rt), b / tau))


DERIVATIVE_TAUS = [1e-4, 1e-2, 0.3, 0.9, 1.0, 1.5, 3.0, 30.0, 1e3, 1e4]
DERIVATIVE_X = [1e-12, 1e-8, 1e-4, 1e-2, 0.3, 0.5, 0.9, 0.99, 0.999, 1.0, 1.001, 1.01, 1.2]
DERIVATIVE_X += [np.sqrt(2.0), 1.5, 2.0, 3.0, 10.0, 1e2, 1e3, 1e4, 1e6]


@pytest.fixture(scope="module")
def mass_2d_derivative_references():
    """{tau: (xs, dB/dx, dB/dtau)}: mpmath central differences of the published B, 60 digits."""
    out = {}
    with mp.workdps(60):
        for tau in DERIVATIVE_TAUS:
            xs = sorted({*DERIVATIVE_X, tau, 0.99 * tau, 1.01 * tau, tau / 0.3})
            xs = np.array([x for x in xs if 1e-12 <= x <= 1e6])
            rx = [float(mp.diff(lambda v, t=tau: b_published(v, t), mp.mpf(x))) for x in xs]
            rt = [float(mp.diff(lambda t, x=x: b_published(x, t), mp.mpf(tau))) for x in xs]
            out[tau] = xs, np.array(rx), np.array(rt)
    return out


# (dB/dx, dB/dtau) at each x for one tau in reverse mode, and dB/dtau in forward mode
_b_gradients = jax.jit(
    jax.vmap(jax.grad(lambda x, t: truncated_nfw_mass_2d_hat(x, t, xp=jnp), (0, 1)), (0, None))
)
_b_tau_forward = jax.jit(jax.jacfwd(lambda x, t: truncated_nfw_mass_2d_hat(x, t, xp=jnp), 1))


@pytest.mark.parametrize("tau", DERIVATIVE_TAUS)
def test_mass_2d_custom_derivatives_match_mpmath(tau, mass_2d_derivative_references):
    """The analytic partials of B (its custom JVP: x kappa / 2 and the closed-form dB/dtau)
    against mpmath, relative to the derivative itself, from x = 1e-12 through x = 1, tau and 1e6,
    in reverse and forward mode."""
    xs, rx, rt = mass_2d_derivative_references[tau]
    gx, gt = _b_gradients(jnp.asarray(xs), tau)
    # measured <= 7e-15 (dB/dx) and <= 7e-15 (dB/dtau, in both modes; largest at x -> 0, where what
    # remains of the O(ln x) terms cancels by ~ln(1 / x))
    assert rel(gx, rx) < 2e-14
    assert rel(gt, rt) < 2e-14
    fwd = _b_tau_forward(jnp.asarray(xs), tau)
    assert rel(fwd, rt) < 2e-14


@pytest.fixture(scope="module")
def potential_tau_derivative_references():
    """[(x, tau, d psi_hat / dtau)]: 4 int_0^x (dB/dtau) / t dt by mpmath, 40 digits."""
    out = []
    with mp.workdps(40):
        for x, tau in [(1e-6, 3.0), (0.5, 0.3), (1.0, 1.0), (2.5, 3.0), (40.0, 30.0), (3.0, 1e3)]:
            xm, taum = mp.mpf(x), mp.mpf(tau)

            def integrand(t, taum=taum):
                return 4 * mp.diff(lambda u: b_published(t, u), taum) / t

            points = sorted({mp.mpf(0), min(xm, 1), min(xm, taum), xm})
            out.append((x, tau, float(mp.quad(integrand, points))))
    return out


def test_potential_custom_derivatives(potential_tau_derivative_references):
    """The potential's custom JVP: d psi_hat / dx = 4 B / x and d psi_hat / dtau (closed form)
    against mpmath quadrature of the tau-derivative of B."""
    xs, taus, ref = (np.array(v) for v in zip(*potential_tau_derivative_references))
    grad = jax.grad(lambda v, t: truncated_nfw_potential_hat(v, t, xp=jnp), (0, 1))
    gx, gt = jax.jit(jax.vmap(grad))(jnp.asarray(xs), jnp.asarray(taus))
    # measured <= 4e-14 (largest at small x, where what remains of the O(x^2 ln x) terms cancels
    # by ~ln(1 / x))
    assert rel(gt, ref) < 1e-13
    assert rel(gx, 4 * truncated_nfw_mass_2d_hat(xs, taus) / xs) < 1e-15


def _loss(profile, grid, xp):
    grid = xp.asarray(grid)
    alpha, psi = profile.deflections_yx_2d_from(grid, xp=xp), profile.potential_2d_from(grid, xp=xp)
    return xp.sum(alpha**2) + xp.sum(psi)


def test_gradients_through_a_pytree_match_finite_differences():
    """jax.grad of sum(alpha^2) + sum(psi) w.r.t. every parameter of a profile passed as a pytree
    (so tau is traced) against central differences of the NumPy path; grid inside, at and beyond
    r_s and r_t."""
    base = dict(centre=(0.2, -0.5), kappa_s=0.09, scale_radius=1.7, truncation_radius=4.0)
    profile = NFWTruncatedSph(**base)
    grid = _law_grid(profile, [0.1, 0.3, 1.0, 1.4, 4.0 / 1.7, 3.0, 40.0])  # steps << the smallest R
    grads = jax.jit(jax.grad(lambda p, g: _loss(p, g, jnp)))(profile, jnp.asarray(grid))
    for name in ("kappa_s", "scale_radius", "truncation_radius", "centre_0", "centre_1"):

        def at(v, name=name):
            if name.startswith("centre"):
                centre = list(base["centre"])
                centre[int(name[-1])] = v
                return _loss(NFWTruncatedSph(**dict(base, centre=tuple(centre))), grid, np)
            return _loss(NFWTruncatedSph(**dict(base, **{name: v})), grid, np)

        value = base["centre"][int(name[-1])] if name.startswith("centre") else base[name]
        step = 1e-6 * max(abs(value), 0.1)
        fd = (at(value + step) - at(value - step)) / (2 * step)
        got = grads.centre[int(name[-1])] if name.startswith("centre") else getattr(grads, name)
        # central differences of step 1e-6 (<= 1e-5 R): measured agreement <= 4e-9, set by rounding
        # in the centre gradients, which are small against the loss
        assert float(got) == pytest.approx(fd, rel=1e-8), name


# --- test grids ---------------------------------------------------------------------------
def _law_grid(profile, radii):
    theta = np.linspace(0.3, 5.9, len(radii))
    r = np.asarray(radii) * profile.scale_radius
    return np.stack(
        [profile.centre[0] + r * np.sin(theta), profile.centre[1] + r * np.cos(theta)], axis=-1
    )


# --- finiteness at special points ---------------------------------------------------------
METHODS = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from")


@jax.jit
def _values_and_gradients(profile, grid):
    """Values of the three methods and one gradient of their sum (a NaN or inf survives it)."""

    def total(p, g):
        return sum(jnp.sum(getattr(p, method)(g, xp=jnp)) for method in METHODS)

    values = tuple(getattr(profile, method)(grid, xp=jnp) for method in METHODS)
    return values, jax.grad(total, argnums=(0, 1))(profile, grid)


@pytest.mark.parametrize("tau", [1.0, 3.0])
def test_values_and_gradients_finite_at_centre_x_equal_one_and_truncation(tau):
    profile = profile_for(tau)
    grid = jnp.asarray(on_axis([0.0, 1.0, tau, 2.0 * tau], profile))
    traced = jax.tree_util.tree_map(lambda v: jnp.asarray(v, dtype=jnp.float64), profile)
    values, (d_params, d_grid) = _values_and_gradients(traced, grid)
    for value in values:
        assert np.all(np.isfinite(value))
    for leaf in jax.tree_util.tree_leaves(d_params):
        assert np.all(np.isfinite(leaf))
    assert np.all(np.isfinite(d_grid))
    assert np.all(traced.deflections_yx_2d_from(grid[:1], xp=jnp) == 0.0)
    assert traced.potential_2d_from(grid[:1], xp=jnp)[0] == 0.0


# --- input validation ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(kappa_s=-1.0), "kappa_s"),
        (dict(scale_radius=0.0), "scale_radius"),
        (dict(truncation_radius=0.0), "truncation_radius"),
        (dict(truncation_radius=-3.0), "truncation_radius"),
        (dict(truncation_radius=np.nan), "truncation_radius"),
    ],
)
def test_bad_parameters_raise_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        NFWTruncatedSph(**kwargs)


def test_traced_bad_parameters_give_nan():
    grid = jnp.asarray([[0.1, 0.4], [1.0, -2.0]])

    @jax.jit
    def run(kappa_s, scale_radius, truncation_radius):
        profile = NFWTruncatedSph(
            kappa_s=kappa_s, scale_radius=scale_radius, truncation_radius=truncation_radius
        )
        return (
            profile.convergence_2d_from(grid, xp=jnp),
            profile.deflections_yx_2d_from(grid, xp=jnp),
            profile.potential_2d_from(grid, xp=jnp),
        )

    for bad in [(-0.1, 1.0, 2.0), (0.1, 0.0, 2.0), (0.1, 1.0, 0.0), (0.1, 1.0, -1.0)]:
        for out in run(*bad):
            assert np.all(np.isnan(out))
    for out in run(0.1, 1.0, 2.0):
        assert np.all(np.isfinite(out))


# --- halo mass and concentration ----------------------------------------------------------
@pytest.mark.parametrize("mass, c, tau", [(1e12, 8.0, 5.0), (5e10, 15.0, 0.8), (1e14, 4.0, 40.0)])
def test_mass_and_concentration_round_trip(mass, c, tau):
    """Build kappa_s, r_s from (M200c, c, tau) with an m(c) from quadrature, then recover them."""
    cosmology = Planck15()
    z_l, z_s = 0.4, 1.5
    rho_crit = cosmology.critical_density(z_l)
    r_s = (3 * mass / (4 * np.pi * 200 * rho_crit)) ** (1 / 3) / c
    rho_s = mass / (4 * np.pi * r_s**3 * enclosed_mass(c, tau))
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        z_l, z_s
    )
    r_s_arcsec = r_s / cosmology.kpc_per_arcsec_from(z_l)
    profile = NFWTruncatedSph(
        kappa_s=rho_s * r_s / sigma_crit,
        scale_radius=r_s_arcsec,
        truncation_radius=tau * r_s_arcsec,
    )
    assert profile.concentration(z_l, z_s, cosmology) == pytest.approx(c, rel=1e-10)
    assert profile.mass_at_200_solar_masses(z_l, z_s, cosmology) == pytest.approx(mass, rel=1e-10)
