"""NFW and NFWSph against independent references computed here.

References: mpmath line-of-sight projection of the 3D density (kappa), the 3D density integrated
over the cylinder (alpha), mpmath quadrature of the textbook alpha (psi), and Keeton's (2001)
integrals by scipy quad with a 25-digit mpmath integrand (elliptical alpha and psi).
"""

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest
from scipy.integrate import quad

from autogalaxy import convert
from autogalaxy.cosmology import FlatLambdaCDM, Planck15
from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph

mp.mp.dps = 30
RADII = [1e-4, 1e-3, 0.03, 0.5, 0.999, 1.0, 1.001, 2.0, 30.0, 1e3]


# --- independent references ---------------------------------------------------------------
def rho_hat(r):
    return 1 / (r * (1 + r) ** 2)


def kappa_projected(x):
    """kappa / kappa_s = 2 int_0^inf rho_hat(sqrt(x^2 + z^2)) dz."""
    x = mp.mpf(x)
    points = sorted({mp.mpf(0), x, mp.mpf(1), 10 * (1 + x)}) + [mp.inf]
    return 2 * mp.quad(lambda z: rho_hat(mp.sqrt(x * x + z * z)), points)


def alpha_from_density(x):
    """alpha / (kappa_s r_s) = 4 M2D / x, M2D = int r^2 rho_hat (fraction of the shell inside R)."""
    x = mp.mpf(x)
    inside = mp.quad(lambda r: r * r * rho_hat(r), [0, x])
    points = sorted({x, 2 * x, 1 + x}) + [mp.inf]
    outside = mp.quad(lambda r: r * r * rho_hat(r) * (1 - mp.sqrt(1 - (x / r) ** 2)), points)
    return 4 * (inside + outside) / x


def f_mp(x):
    x = mp.mpf(x)
    if x < 1:
        return mp.acosh(1 / x) / mp.sqrt(1 - x * x)
    if x > 1:
        return mp.acos(1 / x) / mp.sqrt(x * x - 1)
    return mp.mpf(1)


def alpha_textbook(x):
    """4 (ln(x/2) + F) / x (Bartelmann 1996), in 30-digit arithmetic."""
    x = mp.mpf(x)
    return 4 * (mp.log(x / 2) + f_mp(x)) / x


def psi_by_integration(x):
    """psi / (kappa_s r_s^2) = int_0^x alpha dR."""
    return mp.quad(alpha_textbook, [0, min(x, 1), x] if x > 1 else [0, x])


def kappa_mp(x):
    return 2.0 / 3.0 if x == 1.0 else float(2 * (f_mp(x) - 1) / (1 - mp.mpf(x) ** 2))


def alpha_over_x_mp(x):
    return float(alpha_textbook(x) / mp.mpf(x))


def _u_points(y, x, q):
    """Decade breakpoints in u: far out, all the structure sits at u ~ (r_s / xi)^2."""
    xi2 = x * x + (y / q) ** 2
    return [10.0**k / xi2 for k in range(-4, 12) if 10.0**k < xi2] or None


def keeton_alpha(y, x, q):
    """(alpha_y', alpha_x') / (kappa_s r_s) = q (y' J_1, x' J_0) (Keeton 2001, eqs. 27-29)."""
    j = []
    for n in (0, 1):

        def integrand(u, n=n):
            d = 1 - (1 - q * q) * u
            return kappa_mp(np.sqrt(u * (x * x + y * y / d))) / d ** (n + 0.5)

        j.append(
            quad(integrand, 0, 1, points=_u_points(y, x, q), limit=400, epsabs=0.0, epsrel=1e-12)[0]
        )
    return np.array([q * y * j[1], q * x * j[0]])


def keeton_psi(y, x, q):
    """psi / (kappa_s r_s^2) = (q/2) int (x^2 + y^2/D) (alpha/xi)(xi(u)) D^-1/2 du (Keeton 2001)."""

    def integrand(u):
        d = 1 - (1 - q * q) * u
        radial = x * x + y * y / d
        return radial * alpha_over_x_mp(np.sqrt(u * radial)) / np.sqrt(d)

    return (
        0.5
        * q
        * quad(integrand, 0, 1, points=_u_points(y, x, q), limit=400, epsabs=0.0, epsrel=1e-12)[0]
    )


def rel(a, b):
    return np.max(np.abs(np.asarray(a) - np.asarray(b)) / np.abs(np.asarray(b)))


def on_axis(radii, profile):
    """(y, x) grid at the given radii [r_s] from the centre along +x."""
    r = np.asarray(radii, dtype=float) * profile.scale_radius
    return np.stack([np.full_like(r, profile.centre[0]), profile.centre[1] + r], axis=-1)


# --- spherical closed forms ---------------------------------------------------------------
SPH = NFWSph(centre=(0.3, -0.2), kappa_s=0.07, scale_radius=2.5)


def test_sph_convergence_matches_projected_density():
    ref = [0.07 * float(kappa_projected(x)) for x in RADII]
    assert rel(SPH.convergence_2d_from(on_axis(RADII, SPH)), ref) < 1e-13


def test_sph_deflections_match_density_inside_cylinder():
    ref = [0.07 * 2.5 * float(alpha_from_density(x)) for x in RADII]
    alpha = SPH.deflections_yx_2d_from(on_axis(RADII, SPH))
    assert rel(alpha[:, 1], ref) < 1e-13
    assert np.all(alpha[:, 0] == 0.0)


def test_sph_potential_matches_integrated_deflection():
    ref = [0.07 * 2.5**2 * float(psi_by_integration(x)) for x in RADII]
    assert rel(SPH.potential_2d_from(on_axis(RADII, SPH)), ref) < 1e-13


def test_sph_reference_table_of_physics_notes():
    profile = NFWSph(kappa_s=1.0, scale_radius=1.0)
    grid = on_axis([0.5, 1.0, 2.0], profile)
    assert (
        rel(profile.convergence_2d_from(grid), [1.38851198027171, 2 / 3, 0.263600141281285]) < 1e-13
    )
    alpha = profile.deflections_yx_2d_from(grid)[:, 1]
    assert rel(alpha, [1.07518105185602, 1.22741127776022, 1.20919957615615]) < 1e-13
    psi = profile.potential_2d_from(grid)
    assert rel(psi, [0.374867906800339, 0.960906027836403, 2.1932454224643]) < 1e-13


def test_sph_deflections_are_radial_in_any_direction():
    theta = np.linspace(0.0, 2 * np.pi, 7)
    grid = np.stack([0.3 + 1.7 * np.sin(theta), -0.2 + 1.7 * np.cos(theta)], axis=-1)
    alpha = SPH.deflections_yx_2d_from(grid)
    assert (
        rel(np.hypot(alpha[:, 0], alpha[:, 1]), [0.07 * 2.5 * float(alpha_textbook(1.7 / 2.5))])
        < 1e-14
    )
    assert np.allclose(alpha[:, 0] * np.cos(theta), alpha[:, 1] * np.sin(theta), atol=1e-16)


def test_sph_enclosed_projected_mass():
    """alpha(R) R = 2 int_0^R kappa R' dR' with our own kappa (Gauss's law in 2D)."""
    for x in [1e-3, 0.7, 1.0, 4.0, 300.0]:
        r = x * SPH.scale_radius

        def ring(rp):
            return 2 * rp * SPH.convergence_2d_from(np.array([[0.3, -0.2 + rp]]))[0]

        points = [p * SPH.scale_radius for p in (1e-3, 0.1, 1.0) if p < x]
        mass = quad(ring, 0, r, points=points or None, limit=200, epsabs=0.0, epsrel=1e-13)[0]
        alpha = SPH.deflections_yx_2d_from(on_axis([x], SPH))[0, 1]
        assert alpha * r == pytest.approx(mass, rel=1e-11)


# --- elliptical ---------------------------------------------------------------------------
def _ell_points():
    rng = np.random.default_rng(7)
    out = []
    for q in (0.2, 0.5, 0.8, 1.0):
        for r in (1e-4, 1e-2, 0.3, 1.0, 3.0, 1e3):
            theta = rng.uniform(0.0, 2 * np.pi)
            out.append((q, r * np.sin(theta), r * np.cos(theta)))
    return out


ELL_POINTS = _ell_points()


def _ell_profile(q, angle=35.0):
    return NFW(
        centre=(-0.4, 0.25),
        ell_comps=convert.ell_comps_from(q, angle),
        kappa_s=0.11,
        scale_radius=1.5,
    )


def _grid_from_frame(profile, y_frame, x_frame):
    """Original-frame (y, x) of a profile-frame offset (y', x') given in units of r_s."""
    phi = np.radians(profile.angle())
    yp, xp_ = y_frame * profile.scale_radius, x_frame * profile.scale_radius
    x = xp_ * np.cos(phi) - yp * np.sin(phi) + profile.centre[1]
    y = xp_ * np.sin(phi) + yp * np.cos(phi) + profile.centre[0]
    return np.array([[y, x]])


@pytest.mark.parametrize("q, y, x", ELL_POINTS)
def test_ell_deflections_match_keeton_integrals(q, y, x):
    profile = _ell_profile(q)
    ref_frame = keeton_alpha(y, x, q) * profile.kappa_s * profile.scale_radius
    ref = profile.rotated_grid_from_reference_frame_from(ref_frame)
    alpha = profile.deflections_yx_2d_from(_grid_from_frame(profile, y, x))[0]
    assert np.linalg.norm(alpha - ref) / np.linalg.norm(ref) < 1e-11


@pytest.mark.parametrize("q, y, x", ELL_POINTS)
def test_ell_potential_matches_keeton_integral(q, y, x):
    profile = _ell_profile(q)
    ref = keeton_psi(y, x, q) * profile.kappa_s * profile.scale_radius**2
    psi = profile.potential_2d_from(_grid_from_frame(profile, y, x))[0]
    assert psi == pytest.approx(ref, rel=1e-10)


def test_ell_convergence_is_spherical_kappa_of_elliptical_radius():
    profile = _ell_profile(0.4)
    grid = np.array([_grid_from_frame(profile, y, x)[0] for _, y, x in ELL_POINTS])
    xi = profile.elliptical_radii_grid_from(grid) / profile.scale_radius
    ref = [profile.kappa_s * kappa_mp(v) for v in xi]
    assert rel(profile.convergence_2d_from(grid), ref) < 1e-13


def test_ell_deflections_near_and_at_the_foci():
    """The closed form is 0/0 at the foci; nearby and at them it must still match Keeton."""
    for q in (0.3, 0.9, 0.9999):
        profile = _ell_profile(q, angle=-20.0)
        e = np.sqrt(1 - q * q)
        for d in (0.0, 1e-12, 1e-6, 1e-3):
            for sign in (1.0, -1.0):
                y, x = 0.6 * d, sign * (e + 0.8 * d)
                ref_frame = keeton_alpha(y, x, q) * profile.kappa_s * profile.scale_radius
                ref = profile.rotated_grid_from_reference_frame_from(ref_frame)
                alpha = profile.deflections_yx_2d_from(_grid_from_frame(profile, y, x))[0]
                assert np.linalg.norm(alpha - ref) / np.linalg.norm(ref) < 1e-9


# --- test grids ---------------------------------------------------------------------------
def _law_grid(profile, radii):
    theta = np.linspace(0.3, 5.9, len(radii))
    r = np.asarray(radii) * profile.scale_radius
    return np.stack(
        [profile.centre[0] + r * np.sin(theta), profile.centre[1] + r * np.cos(theta)], axis=-1
    )


LAW_RADII = [1e-4, 1e-2, 0.5, 0.98, 1.3, 7.0, 1e3]


# --- the analytic Jacobian of the elliptical closed form (its custom JVP) -------------------
def hk_published(x2, x1, q):
    """Heyrovsky & Karamazov (2024) eqs. 30-32 as published, (alpha_y', alpha_x'), in mpmath."""
    e2 = 1 - q * q
    a = mp.sqrt(x1**2 + x2**2 / q**2)
    f_a = f_mp(a)
    r2 = x1**2 + x2**2
    g = q * f_a + mp.log(mp.sqrt(r2) / (1 + q))
    f3 = mp.atan(x1 * x2 * (1 - q) / (q * x1**2 + x2**2))
    pref = 4 * q / ((x1**2 - x2**2 - e2) ** 2 + 4 * x1**2 * x2**2)
    a_x = x1 * (r2 - e2) * g + 2 * e2 * x1 * x2**2 * f_a / q - x2 * (r2 + e2) * f3
    a_y = x2 * (r2 + e2) * g + e2 * x2 * (x2**2 - x1**2 + e2) * f_a / q + x1 * (r2 - e2) * f3
    return pref * a_y, pref * a_x


JACOBIAN_QS = [0.05, 0.3, 0.7, 0.95, 0.999, 0.99999]
JACOBIAN_RADII = [1e-8, 1e-5, 1e-3, 0.1, 0.9, 1.0, 1.1, 5.0, 1e2, 1e4]


@pytest.fixture(scope="module")
def hk_jacobian_references():
    """{q: (points, J)}: J[i] = d(alpha_y', alpha_x') / d(x2, x1, q) at 80 digits (central
    differences of step 1e-26)."""
    rng = np.random.default_rng(3)
    out = {}
    with mp.workdps(80):
        h = mp.mpf(10) ** -26
        for q in JACOBIAN_QS:
            points, jac = [], []
            for r in JACOBIAN_RADII:
                theta = rng.uniform(0.0, 2 * np.pi)
                x2, x1 = r * np.sin(theta), r * np.cos(theta)
                v = [mp.mpf(x2), mp.mpf(x1), mp.mpf(q)]
                cols = []
                for k in range(3):
                    up, down = list(v), list(v)
                    up[k] += h
                    down[k] -= h
                    pairs = zip(hk_published(*up), hk_published(*down))
                    cols.append([(u - d) / (2 * h) for u, d in pairs])
                points.append((x2, x1))
                jac.append([[float(cols[k][i]) for k in range(3)] for i in range(2)])
            out[q] = np.array(points), np.array(jac)
    return out


def _kernel_alpha(v):
    from autogalaxy.profiles.mass.dark.nfw import nfw_elliptical_deflections_hat

    return jnp.stack(nfw_elliptical_deflections_hat(v[0], v[1], v[2], xp=jnp))


@jax.jit
def _kernel_jacobians(args):
    """Forward- and reverse-mode Jacobians of the kernel at rows (x2, x1, q) (compiled once)."""
    return jax.vmap(jax.jacfwd(_kernel_alpha))(args), jax.vmap(jax.jacrev(_kernel_alpha))(args)


@pytest.mark.parametrize("q", JACOBIAN_QS)
def test_ell_analytic_jacobian_matches_mpmath(q, hk_jacobian_references):
    """jax.jacfwd / jacrev of the elliptical deflection kernel (an analytic custom JVP) against
    mpmath derivatives of the published closed form, relative to each row's largest entry."""
    points, ref = hk_jacobian_references[q]
    args = jnp.asarray([[x2, x1, q] for x2, x1 in points])
    fwd, rev = (np.asarray(v) for v in _kernel_jacobians(args))
    np.testing.assert_allclose(fwd, rev, rtol=1e-14, atol=0)
    scale_xy = np.max(np.abs(ref[:, :, :2]), axis=(1, 2))[:, None, None]
    assert np.max(np.abs(fwd[:, :, :2] - ref[:, :, :2]) / scale_xy) < 3e-14  # measured 9e-15
    # d alpha / dq: its 1 / W terms cancel by ~1 / e^2 where r < e (e^2 = 1 - q^2); measured
    # <= 3e-15 / e^2 + 3e-15 (autodiff of the closed form loses as much)
    scale_q = np.max(np.abs(ref[:, :, 2]), axis=1)[:, None]
    assert np.max(np.abs(fwd[:, :, 2] - ref[:, :, 2]) / scale_q) < 1e-14 / (1 - q * q) + 1e-14


def _ell_loss(profile, grid, xp):
    return xp.sum(profile.deflections_yx_2d_from(xp.asarray(grid), xp=xp) ** 2)


_ell_loss_grad = jax.jit(jax.grad(lambda p, g: _ell_loss(p, g, jnp)))


@pytest.mark.parametrize("q", [0.3, 0.85])
def test_ell_gradients_through_a_pytree_match_finite_differences(q):
    """jax.grad of sum(alpha^2) w.r.t. every parameter of an NFW passed as a pytree against
    central differences of the NumPy path."""
    base = dict(
        centre=(-0.4, 0.25),
        ell_comps=convert.ell_comps_from(q, 35.0),
        kappa_s=0.11,
        scale_radius=1.5,
    )
    profile = NFW(**base)
    grid = _law_grid(profile, [0.1, 0.3, 0.98, 1.3, 7.0, 60.0])  # steps << the smallest R
    grads = _ell_loss_grad(profile, jnp.asarray(grid))
    names = [("kappa_s", None), ("scale_radius", None)]
    names += [("centre", 0), ("centre", 1), ("ell_comps", 0), ("ell_comps", 1)]
    for name, index in names:
        value = base[name] if index is None else base[name][index]

        def at(v, name=name, index=index):
            if index is None:
                return _ell_loss(NFW(**dict(base, **{name: v})), grid, np)
            pair = list(base[name])
            pair[index] = v
            return _ell_loss(NFW(**dict(base, **{name: tuple(pair)})), grid, np)

        step = 1e-6 * max(abs(value), 0.1)
        fd = (at(value + step) - at(value - step)) / (2 * step)
        got = getattr(grads, name) if index is None else getattr(grads, name)[index]
        # central differences of step 1e-6 (<= 1e-5 R): measured agreement <= 4e-9, set by rounding
        # in the centre gradients, which are small against the loss
        assert float(got) == pytest.approx(fd, rel=1e-8), (name, index)


# --- finiteness at special points ---------------------------------------------------------
def _special_grid(profile):
    q = float(profile.axis_ratio())
    e = np.sqrt(1 - q * q)
    frame = [(0.0, 0.0), (0.0, 1.0), (1.0 * q, 0.0), (0.0, e), (0.0, -e), (0.3, 0.2)]
    return np.concatenate([_grid_from_frame(profile, y, x) for y, x in frame])


METHODS = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from")


@jax.jit
def _values_and_gradients(profile, grid):
    """Values of the three methods and one gradient of their sum (a NaN or inf survives it)."""

    def total(p, g):
        return sum(jnp.sum(getattr(p, method)(g, xp=jnp)) for method in METHODS)

    values = tuple(getattr(profile, method)(grid, xp=jnp) for method in METHODS)
    return values, jax.grad(total, argnums=(0, 1))(profile, grid)


@pytest.mark.parametrize(
    "profile",
    [
        SPH,
        _ell_profile(0.6),
        NFW(centre=(0.2, 0.1), ell_comps=(0.0, 0.0), kappa_s=0.1, scale_radius=1.2),
    ],
    ids=["sph", "ell", "ell_round"],
)
def test_values_and_gradients_finite_at_centre_x_equal_one_and_foci(profile):
    grid = jnp.asarray(_special_grid(profile))
    traced = jax.tree_util.tree_map(lambda v: jnp.asarray(v, dtype=jnp.float64), profile)
    values, (d_params, d_grid) = _values_and_gradients(traced, grid)
    for value in values:
        assert np.all(np.isfinite(value))
    for leaf in jax.tree_util.tree_leaves(d_params):
        assert np.all(np.isfinite(leaf))
    assert np.all(np.isfinite(d_grid))
    alpha_centre = traced.deflections_yx_2d_from(grid[:1], xp=jnp)
    assert np.all(alpha_centre == 0.0)
    assert traced.potential_2d_from(grid[:1], xp=jnp)[0] == 0.0


# --- input validation ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(kappa_s=-0.1), "kappa_s"),
        (dict(kappa_s=np.nan), "kappa_s"),
        (dict(scale_radius=0.0), "scale_radius"),
        (dict(scale_radius=-1.0), "scale_radius"),
        (dict(scale_radius=np.inf), "scale_radius"),
    ],
)
def test_bad_parameters_raise_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        NFW(**kwargs)
    with pytest.raises(ValueError, match=name):
        NFWSph(**kwargs)


def test_traced_bad_parameters_give_nan():
    grid = jnp.asarray([[0.1, 0.4], [1.0, -2.0]])

    @jax.jit
    def run(kappa_s, scale_radius):
        profile = NFW(ell_comps=(0.1, 0.0), kappa_s=kappa_s, scale_radius=scale_radius)
        return (
            profile.convergence_2d_from(grid, xp=jnp),
            profile.deflections_yx_2d_from(grid, xp=jnp),
            profile.potential_2d_from(grid, xp=jnp),
        )

    for bad in [(-0.1, 1.0), (0.1, 0.0), (0.1, -2.0)]:
        for out in run(*bad):
            assert np.all(np.isnan(out))
    for out in run(0.1, 1.0):
        assert np.all(np.isfinite(out))


# --- halo mass and concentration ----------------------------------------------------------
def _halo_lensing_parameters(mass, c, z_l, z_s, cosmology):
    """(kappa_s, r_s [arcsec]) of an NFW halo of M200c and c (physics.md section 6)."""
    rho_crit = cosmology.critical_density(z_l)
    r200 = (3 * mass / (4 * np.pi * 200 * rho_crit)) ** (1 / 3)
    r_s = r200 / c
    rho_s = 200 / 3 * rho_crit * c**3 / (np.log(1 + c) - c / (1 + c))
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        z_l, z_s
    )
    return rho_s * r_s / sigma_crit, r_s / cosmology.kpc_per_arcsec_from(z_l)


@pytest.mark.parametrize("mass, c", [(1e12, 8.0), (3e9, 20.0), (2e15, 3.5)])
def test_mass_and_concentration_round_trip(mass, c):
    cosmology = Planck15()
    kappa_s, r_s = _halo_lensing_parameters(mass, c, 0.5, 1.0, cosmology)
    for profile in (NFWSph(kappa_s=kappa_s, scale_radius=r_s), _ell_like(kappa_s, r_s)):
        assert profile.concentration(0.5, 1.0, cosmology) == pytest.approx(c, rel=1e-10)
        assert profile.mass_at_200_solar_masses(0.5, 1.0, cosmology) == pytest.approx(
            mass, rel=1e-10
        )


def _ell_like(kappa_s, r_s):
    return NFW(ell_comps=(0.2, -0.1), kappa_s=kappa_s, scale_radius=r_s)


def test_mass_and_concentration_of_the_worked_example():
    """physics.md section 6: M200c = 1e12 Msun, c = 8 gives kappa_s = 0.0420859, r_s = 3.48927"."""
    cosmology = FlatLambdaCDM(H0=67.74, Om0=0.3075, Ob0=0.0486, Tcmb0=0.0, m_nu=(0.0, 0.0, 0.0))
    profile = NFWSph(kappa_s=0.0420859, scale_radius=3.48927)
    assert profile.concentration(0.5, 1.0, cosmology) == pytest.approx(8.0, rel=3e-5)
    assert profile.mass_at_200_solar_masses(0.5, 1.0, cosmology) == pytest.approx(1e12, rel=3e-5)


def test_g_derivative_is_the_analytic_one_everywhere():
    """nfw_g's JAX derivative (a custom JVP) is g'(x) = x (F - 1) / (1 - x^2) (mpmath), x = 1 and
    the near-one window included, and forward and reverse mode agree."""
    from autogalaxy.profiles.mass.dark.nfw_util import nfw_g

    mp.mp.dps = 40

    def exact(x):
        x = mp.mpf(x)
        if x == 1:
            return x / 3
        f = mp.acosh(1 / x) / mp.sqrt(1 - x * x) if x < 1 else mp.acos(1 / x) / mp.sqrt(x * x - 1)
        return x * (f - 1) / (1 - x * x)

    xs = np.concatenate([np.geomspace(1e-12, 1e8, 60), 1.0 + np.linspace(-0.15, 0.15, 31)])
    slope = np.asarray(jax.vmap(jax.grad(lambda x: nfw_g(x, jnp)))(jnp.asarray(xs)))
    reference = np.array([float(exact(x)) for x in xs])
    np.testing.assert_allclose(slope, reference, rtol=1e-14, atol=0)
    probe = jnp.asarray([0.3, 0.95, 1.0, 1.05, 3.0])
    np.testing.assert_allclose(jax.jacfwd(lambda x: nfw_g(x, jnp))(probe),
                               jax.jacrev(lambda x: nfw_g(x, jnp))(probe), rtol=1e-15, atol=0)
