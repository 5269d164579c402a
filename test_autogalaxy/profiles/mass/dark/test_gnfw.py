"""gNFW and gNFWSph against independent references computed here.

References: scipy quad of the line-of-sight projection of rho_hat = x^-g (1 + x)^(g - 3) (kappa),
Keeton's (2001) 2F1 + y-integral form of alpha with scipy's hyp2f1 (alpha), quad of that alpha
(psi), Keeton's elliptical integrals by scipy quad over the projected kappa (elliptical alpha and
psi), the NFW closed forms of ../shared/physics.md section 1 at g = 1, and astropy + brentq for
the halo mass; for gNFWSph's tabulated deflections (gnfw_table) and their custom JVP, Keeton's
2F1 + y-integral form and the projected density in 30-digit mpmath (and central differences of
them), and central differences of the NumPy path for gradients through the profile pytree.
"""

import functools

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest
from scipy import optimize, special
from scipy.integrate import quad

from autogalaxy import convert
from autogalaxy.profiles.mass.dark.gnfw import (
    gNFW,
    gnfw_convergence_hat,
    gnfw_deflection_over_radius_hat,
    gnfw_enclosed_mass_hat,
    gnfw_potential_hat,
    gNFWSph,
)
from autogalaxy.profiles.mass.dark.gnfw_table import gnfw_tabulated_deflection_over_radius_hat

mp.mp.dps = 30
RADII = [1e-4, 1e-2, 0.3, 1.0, 3.0, 1e3]
SLOPES = [0.0, 0.5, 1.3, 1.9]


# --- independent references ---------------------------------------------------------------
def rho_hat(r, g):
    return r ** (-g) * (1.0 + r) ** (g - 3.0)


def _split(x, top):
    """Decade breakpoints from x up to ``top``: the integrand's structure is at z ~ x and z ~ 1."""
    points = [0.0, x]
    while points[-1] < top:
        points.append(10.0 * points[-1])
    return points


@functools.cache
def kappa_ref(x, g):
    """kappa / kappa_s = 2 int_0^inf rho_hat(sqrt(x^2 + z^2)) dz by scipy quad."""

    def integrand(z):
        return rho_hat(np.hypot(x, z), g)

    points = _split(x, 1e3 * max(1.0, x))
    total = sum(
        quad(integrand, a, b, epsabs=0, epsrel=1e-13, limit=200)[0]
        for a, b in zip(points, points[1:])
    )
    # The tail in w = 1 / z, where the integrand is smooth and finite at w = 0.
    tail = quad(
        lambda w: integrand(1.0 / w) / (w * w) if w > 0 else 0.0,
        0.0,
        1.0 / points[-1],
        epsabs=0,
        epsrel=1e-13,
    )[0]
    return 2.0 * (total + tail)


@functools.cache
def alpha_over_r_ref(x, g):
    """alpha / (kappa_s R) = 4 x^(1-g) [2F1(a, a; a + 1; -x) / a + Y(x)], a = 3 - g,

    Y = int_0^1 (y + x)^(g-3) (1 - sqrt(1 - y^2)) / y dy.

    Keeton (2001, Table 2 gNFW); 1 - sqrt(1 - y^2) written as y^2 / (1 + sqrt(1 - y^2)).
    """
    a = 3.0 - g

    def integrand(y):
        return (y + x) ** (g - 3.0) * y / (1.0 + np.sqrt(1.0 - y * y))

    points = [x * 10.0**k for k in range(-1, 20) if x * 10.0**k < 1.0]
    y_part = quad(integrand, 0.0, 1.0, points=points or None, epsabs=0, epsrel=1e-13, limit=400)[0]
    return 4.0 * x ** (1.0 - g) * (special.hyp2f1(a, a, a + 1.0, -x) / a + y_part)


def psi_ref(x, g):
    """psi / (kappa_s r_s^2) = int_0^x alpha dR'."""
    points = [x * 10.0**-k for k in range(1, 16)]
    return quad(
        lambda t: t * alpha_over_r_ref(t, g),
        0.0,
        x,
        points=points,
        epsabs=0,
        epsrel=1e-12,
        limit=400,
    )[0]


def nfw_closed(x):
    """(kappa, alpha / R, psi) of the NFW (physics.md section 1), kappa_s = r_s = 1, in mpmath."""
    x = mp.mpf(x)
    s = 1 - x * x
    if x == 1:
        return 2.0 / 3.0, float(4 * (mp.log(x / 2) + 1)), float(2 * mp.log(x / 2) ** 2)
    f = mp.acosh(1 / x) / mp.sqrt(s) if x < 1 else mp.acos(1 / x) / mp.sqrt(-s)
    kappa = 2 * (f - 1) / s
    return (
        float(kappa),
        float(4 * (mp.log(x / 2) + f) / x**2),
        float(2 * (mp.log(x / 2) ** 2 - s * f * f)),
    )


def keeton_refs(y, x, q, g):
    """(alpha_y', alpha_x', psi) of kappa(xi): Keeton's (2001) integrals by scipy quad, u = t^5."""
    xi2 = x * x + (y / q) ** 2
    points = sorted({min(0.999, (c / xi2) ** 0.1) for c in (0.1, 1.0, 10.0)} | {0.9, 0.99})

    def integral(fn):
        def integrand(t):
            u = t**5
            d = 1.0 - (1.0 - q * q) * u
            return fn(u, d, np.sqrt(u * (x * x + y * y / d))) * 5.0 * t**4

        return quad(integrand, 0.0, 1.0, points=points, epsabs=0, epsrel=1e-11, limit=300)[0]

    j0 = integral(lambda u, d, xi: kappa_ref(xi, g) / np.sqrt(d))
    j1 = integral(lambda u, d, xi: kappa_ref(xi, g) / d**1.5)
    psi = integral(lambda u, d, xi: (x * x + y * y / d) * alpha_over_r_ref(xi, g) / np.sqrt(d))
    return q * y * j1, q * x * j0, 0.5 * q * psi


def on_axis(r):
    """A grid point at projected radius r [arcsec] off the x axis."""
    return np.array([[0.6 * r, 0.8 * r]])


# --- spherical ---------------------------------------------------------------------------
@pytest.mark.parametrize("g", SLOPES)
def test_sph_convergence_matches_projected_density(g):
    x = np.array(RADII)
    got = gnfw_convergence_hat(x, g)
    ref = np.array([kappa_ref(r, g) for r in RADII])
    np.testing.assert_allclose(got, ref, rtol=2e-12)


@pytest.mark.parametrize("g", SLOPES)
def test_sph_deflections_match_keeton_hypergeometric_form(g):
    x = np.array(RADII)
    ref = np.array([alpha_over_r_ref(r, g) for r in RADII])
    np.testing.assert_allclose(gnfw_deflection_over_radius_hat(x, g), ref, rtol=2e-12)


@pytest.mark.parametrize("g", [0.3, 1.7])
def test_sph_potential_matches_integrated_deflection(g):
    x = np.array([1e-4, 0.5, 3.0, 1e3])
    ref = np.array([psi_ref(r, g) for r in x])
    np.testing.assert_allclose(gnfw_potential_hat(x, g), ref, rtol=1e-10)


def test_sph_class_units_and_the_physics_reference_values():
    # physics.md section 4: gamma = 1.5, kappa_s = r_s = 1: kappa(1), alpha(1).
    profile = gNFWSph(centre=(0.3, -0.2), kappa_s=0.2, inner_slope=1.5, scale_radius=2.0)
    grid = np.array([[0.3 + 2.0 * 0.6, -0.2 + 2.0 * 0.8]])
    assert profile.convergence_2d_from(grid)[0] == pytest.approx(0.2 * 0.869675720420692, rel=1e-13)
    alpha = profile.deflections_yx_2d_from(grid)[0]
    assert np.hypot(*alpha) == pytest.approx(0.2 * 2.0 * 1.97160384224369, rel=1e-13)
    np.testing.assert_allclose(alpha / np.hypot(*alpha), [0.6, 0.8], rtol=1e-14)
    assert profile.potential_2d_from(grid)[0] == pytest.approx(
        0.2 * 4.0 * psi_ref(1.0, 1.5), rel=1e-10
    )


def test_inner_slope_one_is_the_nfw_closed_form():
    x = np.array([1e-4, 0.2, 0.999, 1.0, 1.001, 7.0, 1e3])
    ref = np.array([nfw_closed(r) for r in x])
    np.testing.assert_allclose(gnfw_convergence_hat(x, 1.0), ref[:, 0], rtol=1e-13)
    np.testing.assert_allclose(gnfw_deflection_over_radius_hat(x, 1.0), ref[:, 1], rtol=1e-13)
    np.testing.assert_allclose(gnfw_potential_hat(x, 1.0), ref[:, 2], rtol=1e-12)


@pytest.mark.parametrize("g", [0.0, 1.0, 1.9])
def test_sph_enclosed_projected_mass(g):
    """int_0^R 2 pi R' kappa dR' = pi R alpha(R) (Gauss's law in 2D)."""
    profile = gNFWSph(kappa_s=1.0, inner_slope=g, scale_radius=1.0)
    for r in (1e-3, 0.7, 20.0):
        mass = quad(
            lambda t: t * profile.convergence_2d_from(np.array([[0.0, t]]))[0],
            0.0,
            r,
            points=[p for p in (1e-6, 1e-3, 0.1, 1.0) if p < r] or None,
            epsabs=0,
            epsrel=1e-12,
            limit=200,
        )[0]
        alpha = profile.deflections_yx_2d_from(np.array([[0.0, r]]))[0, 1]
        assert alpha * r / 2.0 == pytest.approx(mass, rel=1e-10)


@pytest.mark.parametrize("g", [0.0, 1.5])
def test_enclosed_mass_matches_3d_quadrature(g):
    for c in (1e-3, 0.8, 7.0, 300.0):
        ref = quad(lambda t: t * t * rho_hat(t, g), 0.0, c, epsabs=0, epsrel=1e-13, limit=200)[0]
        assert gnfw_enclosed_mass_hat(c, g) == pytest.approx(ref, rel=1e-12)


# --- elliptical -------------------------------------------------------------------------
ELL_CASES = [
    (0.5, 0.2, 1e-4),
    (1.5, 0.2, 1.0),
    (1.9, 0.5, 1e3),
    (0.0, 0.7, 3.0),
    (1.3, 1.0, 0.05),
]


@pytest.mark.parametrize("g,q,r", ELL_CASES)
def test_ell_deflections_and_potential_match_keeton_integrals(g, q, r):
    y, x = 0.6 * r, 0.8 * r
    ref_y, ref_x, ref_psi = keeton_refs(y, x, q, g)
    profile = gNFW(ell_comps=convert.ell_comps_from(q, 0.0), kappa_s=1.0, inner_slope=g)
    alpha = profile.deflections_yx_2d_from(np.array([[y, x]]))[0]
    assert np.hypot(*(alpha - [ref_y, ref_x])) <= 1e-7 * np.hypot(ref_y, ref_x)
    assert profile.potential_2d_from(np.array([[y, x]]))[0] == pytest.approx(ref_psi, rel=1e-8)


def test_ell_convergence_is_spherical_kappa_of_elliptical_radius():
    q, angle = 0.4, 30.0
    profile = gNFW(
        centre=(0.1, 0.2),
        ell_comps=convert.ell_comps_from(q, angle),
        kappa_s=0.3,
        inner_slope=1.2,
        scale_radius=2.0,
    )
    phi = np.radians(angle)
    xp, yp = 1.3, -0.4  # profile-frame point
    grid = np.array(
        [[0.1 + xp * np.sin(phi) + yp * np.cos(phi), 0.2 + xp * np.cos(phi) - yp * np.sin(phi)]]
    )
    xi = np.hypot(xp, yp / q) / 2.0
    assert profile.convergence_2d_from(grid)[0] == pytest.approx(
        0.3 * kappa_ref(xi, 1.2), rel=1e-12
    )


# The generic laws (NumPy == JAX, div / curl / grad psi, sph == ell, finite gradients at the
# edges) are in ../test_profile_contract.py; here only checks against independent references.


# --- gradients and edge cases -------------------------------------------------------------


def test_gradient_in_inner_slope_matches_finite_differences():
    grid = jnp.array([[0.3, 0.4], [2.0, -1.0]])

    def f(g):
        profile = gNFW(ell_comps=(0.1, 0.2), kappa_s=0.3, inner_slope=g, scale_radius=1.2)
        return jnp.sum(profile.deflections_yx_2d_from(grid, xp=jnp)[:, 1])

    h = 1e-5
    fd = (f(1.3 + h) - f(1.3 - h)) / (2 * h)
    assert float(jax.grad(f)(1.3)) == pytest.approx(float(fd), rel=1e-6)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(scale_radius=0.0), "scale_radius"),
        (dict(scale_radius=-1.0), "scale_radius"),
        (dict(inner_slope=2.0), "inner_slope"),
        (dict(inner_slope=-0.1), "inner_slope"),
        (dict(kappa_s=-0.1), "kappa_s"),
        (dict(kappa_s=np.nan), "kappa_s"),
    ],
)
def test_bad_parameters_raise_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        gNFW(**kwargs)
    with pytest.raises(ValueError, match=name):
        gNFWSph(**kwargs)


def test_traced_bad_parameters_give_nan():
    grid = jnp.array([[0.3, 0.4]])

    @jax.jit
    def run(g, r_s):
        out = []
        for cls in (gNFW, gNFWSph):
            profile = cls(kappa_s=0.3, inner_slope=g, scale_radius=r_s)
            out += [
                profile.convergence_2d_from(grid, xp=jnp),
                profile.deflections_yx_2d_from(grid, xp=jnp).ravel(),
                profile.potential_2d_from(grid, xp=jnp),
            ]
        return jnp.concatenate(out)

    assert np.all(np.isnan(np.asarray(run(2.0, 1.0))))
    assert np.all(np.isnan(np.asarray(run(1.0, -1.0))))
    assert np.all(np.isfinite(np.asarray(run(1.0, 1.0))))


# --- halo mass -------------------------------------------------------------------------------
def test_mass_and_concentration_match_an_independent_solution():
    from astropy.cosmology import Planck15 as AstropyPlanck15

    kappa_s, r_s, g, z_l, z_s = 0.08, 3.0, 1.4, 0.5, 1.0
    d_l = AstropyPlanck15.angular_diameter_distance(z_l).to("kpc").value
    d_s = AstropyPlanck15.angular_diameter_distance(z_s).to("kpc").value
    d_ls = AstropyPlanck15.angular_diameter_distance_z1z2(z_l, z_s).to("kpc").value
    from astropy import constants, units

    c2_4pig = (constants.c**2 / (4 * np.pi * constants.G)).to(units.Msun / units.kpc).value
    sigma_crit = c2_4pig * d_s / (d_l * d_ls)
    rho_crit = AstropyPlanck15.critical_density(z_l).to(units.Msun / units.kpc**3).value
    r_s_kpc = r_s * d_l * np.pi / 648000.0
    delta = kappa_s * sigma_crit / r_s_kpc / rho_crit

    def enclosed(c):
        return quad(lambda t: t * t * rho_hat(t, g), 0.0, c, epsabs=0, epsrel=1e-13)[0]

    c = optimize.brentq(lambda c: 200.0 / 3.0 * c**3 / enclosed(c) - delta, 0.1, 1e3, xtol=1e-14)
    mass = 4.0 / 3.0 * np.pi * 200.0 * rho_crit * (c * r_s_kpc) ** 3
    profile = gNFW(kappa_s=kappa_s, inner_slope=g, scale_radius=r_s)
    assert profile.concentration(z_l, z_s) == pytest.approx(c, rel=1e-7)
    assert profile.mass_at_200_solar_masses(z_l, z_s) == pytest.approx(mass, rel=1e-6)


# --- gNFWSph's tabulated deflections (gnfw_table) ----------------------------------------------
def alpha_mp(x, g):
    """alpha / (kappa_s R) by Keeton's (2001) 2F1 + y-integral form in 30-digit mpmath."""
    x, g = mp.mpf(x), mp.mpf(g)
    a = 3 - g
    points = [mp.mpf(0)] + [x * 10**k for k in range(30) if x * 10**k < 1] + [mp.mpf(1)]
    y_part = mp.quad(lambda y: (y + x) ** (g - 3) * y / (1 + mp.sqrt(1 - y * y)), points)
    return 4 * x ** (1 - g) * (mp.hyp2f1(a, a, a + 1, -x) / a + y_part)


def kappa_mp(x, g):
    """kappa / kappa_s = 2 int_0^inf rho_hat(sqrt(x^2 + z^2)) dz in 30-digit mpmath."""
    x, g = mp.mpf(x), mp.mpf(g)
    points = sorted({mp.mpf(0), x, mp.mpf(1), 10 * max(x, mp.mpf(1)), mp.inf})
    return 2 * mp.quad(lambda z: rho_hat(mp.sqrt(x * x + z * z), g), points)


TABLE_SLOPES = [0.0, 0.5, 1.0, 1.5, 1.99]
# the interpolation error peaks near x = 1 (the singularity of rho_hat at x = -1 is nearest there)
TABLE_RADII = [1e-8, 1e-4, 1e-2, 0.3, 0.9, 0.97, 1.0, 1.03, 1.1, 3.0, 30.0, 1e3, 1e6, 1e8]
BEYOND_TABLE = [3e8, 1e10]


@pytest.fixture(scope="module")
def mp_alpha():
    return {
        g: np.array([float(alpha_mp(x, g)) for x in [1e-12] + TABLE_RADII + BEYOND_TABLE])
        for g in TABLE_SLOPES
    }


@pytest.mark.parametrize("g", TABLE_SLOPES)
def test_tabulated_deflections_match_mpmath(g, mp_alpha):
    """Measured: <= 7e-14 over [1e-8, 1e8] (largest at x ~ 1), the kernel's own 1.2e-11 at 1e-12
    (g = 1.99), and <= 1e-9 beyond the table, where the r^-3 tail continues it."""
    ref = mp_alpha[g]
    got = gnfw_tabulated_deflection_over_radius_hat(np.array([1e-12] + TABLE_RADII), g)
    np.testing.assert_allclose(got[1:], ref[1 : len(TABLE_RADII) + 1], rtol=1e-13)
    assert got[0] == pytest.approx(ref[0], rel=2e-11)
    beyond = gnfw_tabulated_deflection_over_radius_hat(np.array(BEYOND_TABLE), g)
    np.testing.assert_allclose(beyond, ref[-len(BEYOND_TABLE) :], rtol=2e-9)
    # below x_min the kernel reads x_min, as the classes floor the radius
    assert gnfw_tabulated_deflection_over_radius_hat(1e-14, g) == got[0]


@functools.cache
def _jitted(method):
    return jax.jit(lambda profile, grid: getattr(profile, method)(grid, xp=jnp))


def test_sph_class_deflections_are_the_table_on_both_backends(mp_alpha):
    profile = gNFWSph(centre=(0.1, -0.2), kappa_s=0.3, inner_slope=1.5, scale_radius=1.7)
    x = np.array(TABLE_RADII[1:12])  # 1e-4 .. 1e3 r_s
    grid = np.stack([0.1 + 1.7 * 0.6 * x, -0.2 + 1.7 * 0.8 * x], axis=-1)
    expected = 0.3 * 1.7 * mp_alpha[1.5][2:13] * x
    for alpha in (
        profile.deflections_yx_2d_from(grid),
        np.asarray(_jitted("deflections_yx_2d_from")(profile, jnp.asarray(grid))),
    ):
        np.testing.assert_allclose(np.hypot(*alpha.T), expected, rtol=1e-13)


_table_gradients = jax.jit(
    jax.vmap(
        jax.grad(lambda x, g: gnfw_tabulated_deflection_over_radius_hat(x, g, xp=jnp), (0, 1)),
        in_axes=(0, None),
    )
)


@pytest.mark.parametrize("g", [0.0, 0.7, 1.5, 1.99])
def test_tabulated_gradients_match_mpmath(g):
    """d alpha / d gamma: the interpolant of the d ln alpha / d gamma table (measured <= 2e-14
    relative to central differences of mpmath's alpha, h = 1e-10); d ln alpha / d ln x: the
    interpolant's derivative (<= 1.2e-12 absolute against 2 (kappa / alpha - 1), mpmath)."""
    xs = [1e-6, 1e-4, 0.3, 1.0, 3.0, 1e3, 1e7]
    d_x, d_g = (np.asarray(v) for v in _table_gradients(jnp.asarray(xs), g))
    h = mp.mpf("1e-10")
    ref_g = [float((alpha_mp(x, g + h) - alpha_mp(x, g - h)) / (2 * h)) for x in xs]
    np.testing.assert_allclose(d_g, ref_g, rtol=1e-13)
    ref_slope = [float(2 * (kappa_mp(x, g) / alpha_mp(x, g) - 1)) for x in xs]
    alpha = gnfw_tabulated_deflection_over_radius_hat(np.array(xs), g)
    np.testing.assert_allclose(d_x * np.array(xs) / alpha, ref_slope, rtol=0, atol=5e-12)


def _chi2(profile, grid, xp):
    alpha = profile.deflections_yx_2d_from(grid, xp=xp)
    return xp.sum(alpha * alpha * xp.asarray([1.0, 0.7]))


_chi2_gradient = jax.jit(jax.grad(lambda p, grid: _chi2(p, grid, jnp)))


@pytest.mark.parametrize("g", [0.3, 1.0, 1.9])
def test_sph_gradients_through_the_profile_pytree_match_finite_differences(g):
    profile = gNFWSph(centre=(0.1, -0.2), kappa_s=0.3, inner_slope=g, scale_radius=1.7)
    x = np.array([1e-3, 0.02, 0.5, 1.0, 1.7, 8.0, 400.0, 3e8])  # [r_s], to past the table
    grid = np.stack([0.1 + 1.7 * 0.6 * x, -0.2 + 1.7 * 0.8 * x], axis=-1)
    got = jax.tree_util.tree_leaves(_chi2_gradient(profile, jnp.asarray(grid)))
    leaves, tree = jax.tree_util.tree_flatten(profile)
    assert len(got) == 5  # centre (2), kappa_s, inner_slope, scale_radius
    for i, leaf in enumerate(leaves):
        h = 1e-6 * max(abs(leaf), 0.1)
        shifted = [
            jax.tree_util.tree_unflatten(tree, leaves[:i] + [leaf + s] + leaves[i + 1 :])
            for s in (h, -h)
        ]
        fd = (_chi2(shifted[0], grid, np) - _chi2(shifted[1], grid, np)) / (2 * h)
        assert float(got[i]) == pytest.approx(fd, rel=1e-6), i


def test_tabulated_deflections_under_vmap_and_float32():
    grid = jnp.array([[0.3, 0.4], [2.0, -1.0], [40.0, 3.0]])
    slopes = jnp.array([0.2, 1.0, 1.8])

    def alpha(g):
        return gNFWSph(kappa_s=0.3, inner_slope=g, scale_radius=1.2).deflections_yx_2d_from(
            grid, xp=jnp
        )

    batched = jax.jit(jax.vmap(alpha))(slopes)
    single = jax.jit(alpha)
    for g, row in zip(slopes, batched):
        np.testing.assert_allclose(row, single(g), rtol=1e-14)
    x = np.array([1e-5, 0.3, 1.0, 20.0, 1e3])
    low = gnfw_tabulated_deflection_over_radius_hat(x.astype(np.float32), 1.3)
    assert low.dtype == np.float32
    np.testing.assert_allclose(low, gnfw_deflection_over_radius_hat(x, 1.3), rtol=2e-6)
