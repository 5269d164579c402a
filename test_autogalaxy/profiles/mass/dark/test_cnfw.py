"""cNFW and cNFWSph against independent references computed here.

References: scipy quad of the line-of-sight projection of rho_hat = 1 / ((f + r)(1 + r)^2)
(kappa), of the 3D density inside the sphere plus the part of each outer shell inside the cylinder
(alpha), of alpha along the radius (psi), and of x^2 rho_hat (the enclosed-mass factor); Keeton's
(2001) elliptical integrals by scipy quad over the projected kappa; mpmath NFW closed forms
(physics.md section 1) for the f -> 0 limit; astropy + brentq for the halo mass; for the
deflection kernel's custom JVP, central differences of the partial-fraction closed form in
50-digit mpmath, and central differences of the NumPy path through the profile pytree.
"""

import functools

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest
from scipy import optimize
from scipy.integrate import quad

from autogalaxy import convert
from autogalaxy.profiles.mass.dark.cnfw import (
    cNFW,
    cnfw_convergence_hat,
    cnfw_deflection_over_radius_hat,
    cnfw_enclosed_mass_factor,
    cnfw_potential_hat,
    cNFWSph,
)

mp.mp.dps = 30
RADII = [1e-4, 1e-2, 0.3, 1.0, 3.0, 40.0, 1e3]
CORES = [1e-3, 0.1, 0.5, 0.9, 1.0 - 1e-3, 1.0, 1.0 + 5e-4, 3.0]


# --- independent references ---------------------------------------------------------------
def rho_hat(r, f):
    return 1.0 / ((f + r) * (1.0 + r) ** 2)


def _decades(lo, hi):
    points = [lo]
    while points[-1] < hi:
        points.append(10.0 * points[-1])
    return points


@functools.cache
def kappa_ref(x, f):
    """kappa / kappa_s = 2 int_0^inf rho_hat(sqrt(x^2 + z^2)) dz by scipy quad."""

    def integrand(z):
        return rho_hat(np.hypot(x, z), f)

    points = [0.0] + _decades(min(x, f, 1.0), 1e3 * max(1.0, x))
    total = sum(
        quad(integrand, a, b, epsabs=0, epsrel=1e-13, limit=200)[0]
        for a, b in zip(points, points[1:])
    )
    tail = quad(
        lambda w: integrand(1.0 / w) / (w * w) if w > 0 else 0.0,
        0.0,
        1.0 / points[-1],
        epsabs=0,
        epsrel=1e-13,
    )[0]
    return 2.0 * (total + tail)


def enclosed_ref(c, f):
    points = [p for p in _decades(min(f, 1.0) / 10, c) if p < c]
    return quad(
        lambda t: t * t * rho_hat(t, f), 0.0, c, points=points, epsabs=0, epsrel=1e-13, limit=200
    )[0]


@functools.cache
def alpha_over_r_ref(x, f):
    """alpha / (kappa_s R) = 4 [m(x) + int_x^inf t^2 rho_hat (1 - sqrt(1 - x^2/t^2)) dt] / x^2.

    A shell of radius t > x has the fraction 1 - sqrt(1 - x^2 / t^2) of its mass inside the
    cylinder of radius x; t = x cosh(eta) removes the square-root endpoint.
    """

    def outer(eta):
        t = x * np.cosh(eta)
        one_minus_tanh = 2.0 / (1.0 + np.exp(2.0 * eta))
        return t * t * rho_hat(t, f) * one_minus_tanh * x * np.sinh(eta)

    top = max(np.arccosh(max(1e3 / x, 2.0)), 5.0)
    points = [
        p for p in (np.arccosh(max(1.0 / x, 1.0)), np.arccosh(max(f / x, 1.0))) if 0 < p < top
    ]
    cylinder = quad(outer, 0.0, top, points=points or None, epsabs=0, epsrel=1e-13, limit=200)[0]
    # Beyond t = x cosh(top) >= 1e3 the tail in w = 1 / t: t^2 rho_hat (x/t)^2 / (1 + sqrt) dt.
    w_top = 1.0 / (x * np.cosh(top))

    def tail(w):
        return (
            0.0
            if w == 0
            else rho_hat(1.0 / w, f) * x * x / (1.0 + np.sqrt(1.0 - (x * w) ** 2)) / w**2
        )

    cylinder += quad(tail, 0.0, w_top, epsabs=0, epsrel=1e-13)[0]
    return 4.0 * (enclosed_ref(x, f) + cylinder) / (x * x)


def psi_ref(x, f):
    """psi / (kappa_s r_s^2) = int_0^x alpha dR'."""
    points = [x * 10.0**-k for k in range(1, 10)]
    return quad(
        lambda t: t * alpha_over_r_ref(t, f), 0.0, x, points=points, epsabs=0, epsrel=1e-12
    )[0]


def nfw_kappa_mp(x):
    x = mp.mpf(x)
    s = 1 - x * x
    f = mp.acosh(1 / x) / mp.sqrt(s) if x < 1 else mp.acos(1 / x) / mp.sqrt(-s)
    return float(2 * (f - 1) / s)


def keeton_refs(y, x, q, f):
    """(alpha_y', alpha_x', psi) of kappa(xi): Keeton's (2001) integrals by scipy quad, u = t^5."""
    xi2 = x * x + (y / q) ** 2
    points = sorted({min(0.999, (c / xi2) ** 0.1) for c in (0.1, 1.0, 10.0, f * f)} | {0.9, 0.99})

    def integral(fn):
        def integrand(t):
            u = t**5
            d = 1.0 - (1.0 - q * q) * u
            return fn(u, d, np.sqrt(u * (x * x + y * y / d))) * 5.0 * t**4

        return quad(integrand, 0.0, 1.0, points=points, epsabs=0, epsrel=1e-11, limit=300)[0]

    j0 = integral(lambda u, d, xi: kappa_ref(xi, f) / np.sqrt(d))
    j1 = integral(lambda u, d, xi: kappa_ref(xi, f) / d**1.5)
    psi = integral(lambda u, d, xi: (x * x + y * y / d) * alpha_over_r_ref(xi, f) / np.sqrt(d))
    return q * y * j1, q * x * j0, 0.5 * q * psi


# --- enclosed-mass factor -------------------------------------------------------------------
@pytest.mark.parametrize("c", [0.5, 4.0, 10.0, 60.0])
def test_enclosed_mass_factor_matches_quadrature(c):
    for f in (1e-4, 0.01, 0.18, 0.5, 0.9, 1.0 - 1e-6, 1.0, 1.0 + 1e-6, 2.0):
        assert cnfw_enclosed_mass_factor(c, f) == pytest.approx(enclosed_ref(c, f), rel=1e-12)


def test_enclosed_mass_factor_limits_and_vectors():
    c = np.array([5.0, 10.0, 20.0])
    nfw = np.log1p(c) - c / (1 + c)
    np.testing.assert_allclose(cnfw_enclosed_mass_factor(c, 1e-9), nfw, rtol=1e-7)
    # f = 1: rho_hat = (1 + x)^-3, m = ln(1 + c) + 2/(1 + c) - 1/(2 (1 + c)^2) - 3/2.
    at_one = np.log1p(c) + 2 / (1 + c) - 0.5 / (1 + c) ** 2 - 1.5
    np.testing.assert_allclose(cnfw_enclosed_mass_factor(c, 1.0), at_one, rtol=1e-14)
    got = jax.jit(lambda c, f: cnfw_enclosed_mass_factor(c, f, xp=jnp))(c, 1.0 - 1e-6)
    np.testing.assert_allclose(
        np.asarray(got), cnfw_enclosed_mass_factor(c, 1.0 - 1e-6), rtol=1e-14
    )
    grad = jax.grad(lambda f: cnfw_enclosed_mass_factor(10.0, f, xp=jnp))(1.0)
    h = 1e-4
    fd = (cnfw_enclosed_mass_factor(10.0, 1 + h) - cnfw_enclosed_mass_factor(10.0, 1 - h)) / (2 * h)
    assert float(grad) == pytest.approx(fd, rel=1e-7)


# --- spherical -------------------------------------------------------------------------------
@pytest.mark.parametrize("f", CORES)
def test_sph_convergence_matches_projected_density(f):
    ref = np.array([kappa_ref(x, f) for x in RADII])
    np.testing.assert_allclose(cnfw_convergence_hat(np.array(RADII), f), ref, rtol=1e-11)


@pytest.mark.parametrize("f", CORES)
def test_sph_deflections_match_mass_inside_the_cylinder(f):
    ref = np.array([alpha_over_r_ref(x, f) for x in RADII])
    np.testing.assert_allclose(cnfw_deflection_over_radius_hat(np.array(RADII), f), ref, rtol=1e-11)


@pytest.mark.parametrize("f", [0.05, 1.0 - 1e-3, 1.0, 2.0])
def test_sph_potential_matches_integrated_deflection(f):
    x = np.array([1e-3, 0.8, 30.0])
    ref = np.array([psi_ref(r, f) for r in x])
    np.testing.assert_allclose(cnfw_potential_hat(x, f), ref, rtol=1e-10)


def test_closed_forms_are_tight_for_every_core():
    """Including the polynomial in f around f = 1 and the 1/x series beyond 5 max(1, f)."""
    x = np.array([1e-4, 0.5, 1.0, 2.0, 4.9, 5.1, 25.0])
    for f in (0.01, 0.3, 0.93, 1.0, 1.04, 3.0):
        np.testing.assert_allclose(
            cnfw_convergence_hat(x, f), [kappa_ref(r, f) for r in x], rtol=2e-12
        )
        np.testing.assert_allclose(
            cnfw_deflection_over_radius_hat(x, f), [alpha_over_r_ref(r, f) for r in x], rtol=5e-12
        )


def test_central_convergence_and_the_physics_reference_values():
    for f in (0.01, 0.5, 2.0):
        kappa_0 = 2 * (-np.log(f) / (1 - f) ** 2 - 1 / (1 - f))
        assert cnfw_convergence_hat(1e-12, f) == pytest.approx(kappa_0, rel=1e-10)
    # physics.md section 5 (kappa_0 = r_s = 1): f = 0.1 and 0.5 at x = 1; f = 1 at x = 1.
    profile = cNFWSph(centre=(0.2, -0.3), kappa_s=0.4, scale_radius=2.0, core_radius=0.2)
    grid = np.array([[0.2 + 2.0 * 0.6, -0.3 + 2.0 * 0.8]])
    assert profile.convergence_2d_from(grid)[0] == pytest.approx(0.4 * 0.62270675003092, rel=1e-12)
    alpha = profile.deflections_yx_2d_from(grid)[0]
    np.testing.assert_allclose(
        alpha, 0.4 * 2.0 * 1.0629674375372 * np.array([0.6, 0.8]), rtol=1e-12
    )
    assert cnfw_convergence_hat(1.0, 0.5) == pytest.approx(0.496535028708752, rel=1e-13)
    assert cnfw_convergence_hat(1.0, 1.0) == pytest.approx(0.4, rel=1e-14)
    assert cnfw_deflection_over_radius_hat(1.0, 1.0) == pytest.approx(
        10 / 3 - 4 * np.log(2), rel=1e-14
    )


def test_small_core_approaches_nfw():
    x = np.array([1e-2, 0.5, 2.0, 100.0])
    nfw = np.array([nfw_kappa_mp(r) for r in x])
    errors = [np.max(np.abs(cnfw_convergence_hat(x, f) / nfw - 1)) for f in (1e-4, 1e-5, 1e-6)]
    assert errors[0] < 2e-2 and errors[2] < 3e-4
    assert errors[1] < errors[0] / 5 and errors[2] < errors[1] / 5


@pytest.mark.parametrize("f", [0.05, 1.0])
def test_sph_enclosed_projected_mass(f):
    """int_0^R 2 pi R' kappa dR' = pi R alpha(R)."""
    profile = cNFWSph(kappa_s=1.0, scale_radius=1.0, core_radius=f)
    for r in (1e-3, f, 0.7, 20.0):
        mass = quad(
            lambda t: t * profile.convergence_2d_from(np.array([[0.0, t]]))[0],
            0.0,
            r,
            points=[p for p in (f, 1.0) if p < r] or None,
            epsabs=0,
            epsrel=1e-12,
            limit=200,
        )[0]
        alpha = profile.deflections_yx_2d_from(np.array([[0.0, r]]))[0, 1]
        assert alpha * r / 2.0 == pytest.approx(mass, rel=1e-10)


# --- elliptical -------------------------------------------------------------------------------
ELL_CASES = [
    (0.01, 0.2, 1e-4),
    (0.3, 0.2, 1.0),
    (1.0, 0.5, 1e3),
    (1.0 + 1e-3, 0.7, 3.0),
    (2.0, 1.0, 0.05),
]


@pytest.mark.parametrize("f,q,r", ELL_CASES)
def test_ell_deflections_and_potential_match_keeton_integrals(f, q, r):
    y, x = 0.6 * r, 0.8 * r
    ref_y, ref_x, ref_psi = keeton_refs(y, x, q, f)
    profile = cNFW(ell_comps=convert.ell_comps_from(q, 0.0), kappa_s=1.0, core_radius=f)
    alpha = profile.deflections_yx_2d_from(np.array([[y, x]]))[0]
    assert np.hypot(*(alpha - [ref_y, ref_x])) <= 1e-7 * np.hypot(ref_y, ref_x)
    assert profile.potential_2d_from(np.array([[y, x]]))[0] == pytest.approx(ref_psi, rel=1e-8)


def test_ell_convergence_is_spherical_kappa_of_elliptical_radius():
    q, angle = 0.3, 70.0
    profile = cNFW(
        centre=(0.1, 0.2),
        ell_comps=convert.ell_comps_from(q, angle),
        kappa_s=0.3,
        scale_radius=2.0,
        core_radius=0.5,
    )
    phi = np.radians(angle)
    xp, yp = 0.7, -0.4
    grid = np.array(
        [[0.1 + xp * np.sin(phi) + yp * np.cos(phi), 0.2 + xp * np.cos(phi) - yp * np.sin(phi)]]
    )
    xi = np.hypot(xp, yp / q) / 2.0
    assert profile.convergence_2d_from(grid)[0] == pytest.approx(
        0.3 * kappa_ref(xi, 0.25), rel=1e-12
    )


# The generic laws (NumPy == JAX, div / curl / grad psi, sph == ell, finite gradients at the
# edges) are in ../test_profile_contract.py; here only checks against independent references.


def test_numpy_equals_jax_next_to_f_equal_one():
    """For |1 - f| < 0.2 both backends carry the closed forms' rounding (inside 0.1 at the
    polynomial's nodes, amplified ~1 / (1 - f)^2 from ulp differences in log1p / arctan), largest
    at small R: measured 8e-12 (alpha) and 2.2e-11 (psi) at R = 1e-4 r_s, <= 2e-12 at R >= 1e-3 r_s.
    """
    for f in (0.8, 0.85, 0.89, 0.9, 0.97, 1.0 - 1e-3, 1.0, 1.0 + 1e-3, 1.1, 1.15, 1.2):
        for log_r in (-3.0, 0.3, 2.0):
            _check_numpy_equals_jax(0.1, -0.2, f, log_r, rtol=5e-12)
        _check_numpy_equals_jax(0.1, -0.2, f, -4.0, rtol=5e-11)


def _check_numpy_equals_jax(e1, e2, f, log_r, rtol):
    r = 10.0**log_r
    grid = np.array([[0.6 * r, 0.8 * r], [-0.3 * r, 0.1 * r]])
    for profile in (
        cNFW(ell_comps=(e1, e2), kappa_s=0.3, scale_radius=1.3, core_radius=1.3 * f),
        cNFWSph(kappa_s=0.3, scale_radius=1.3, core_radius=1.3 * f),
    ):
        for method in ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from"):
            a = getattr(profile, method)(grid)
            b = np.asarray(_jitted(method)(profile, jnp.asarray(grid)))
            np.testing.assert_allclose(b, a, rtol=rtol, atol=0)


@functools.cache
def _jitted(method):
    return jax.jit(lambda profile, grid: getattr(profile, method)(grid, xp=jnp))


# --- gradients and edge cases ----------------------------------------------------------------


def test_gradient_in_core_radius_is_smooth_through_f_equal_one():
    """d alpha / d r_c by jax.grad matches finite differences on, inside and next to r_c ~ r_s."""
    grid = jnp.array([[0.3, 0.4], [2.0, -1.0]])

    @jax.jit
    def f(r_c):
        profile = cNFWSph(kappa_s=0.3, scale_radius=1.0, core_radius=r_c)
        return jnp.sum(profile.deflections_yx_2d_from(grid, xp=jnp)[:, 1])

    grad = jax.grad(f)
    for r_c in (1.0, 1.001, 1.0998, 1.1002, 0.5):
        h = 1e-4  # values carry ~1e-12 rounding; the O(h^2) error is ~1e-9
        fd = (f(r_c + h) - f(r_c - h)) / (2 * h)
        assert float(grad(r_c)) == pytest.approx(float(fd), rel=1e-7)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(scale_radius=0.0), "scale_radius"),
        (dict(scale_radius=-1.0), "scale_radius"),
        (dict(core_radius=0.0), "core_radius"),
        (dict(core_radius=-0.5), "core_radius"),
        (dict(kappa_s=-0.1), "kappa_s"),
        (dict(kappa_s=np.inf), "kappa_s"),
    ],
)
def test_bad_parameters_raise_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        cNFW(**kwargs)
    with pytest.raises(ValueError, match=name):
        cNFWSph(**kwargs)


def test_traced_bad_parameters_give_nan():
    grid = jnp.array([[0.3, 0.4]])

    @jax.jit
    def run(r_c, r_s):
        out = []
        for cls in (cNFW, cNFWSph):
            profile = cls(kappa_s=0.3, scale_radius=r_s, core_radius=r_c)
            out += [
                profile.convergence_2d_from(grid, xp=jnp),
                profile.deflections_yx_2d_from(grid, xp=jnp).ravel(),
                profile.potential_2d_from(grid, xp=jnp),
            ]
        return jnp.concatenate(out)

    assert np.all(np.isnan(np.asarray(run(0.0, 1.0))))
    assert np.all(np.isnan(np.asarray(run(0.1, -1.0))))
    assert np.all(np.isfinite(np.asarray(run(0.1, 1.0))))


# --- halo mass --------------------------------------------------------------------------------
def test_mass_and_concentration_match_an_independent_solution():
    from astropy import constants, units
    from astropy.cosmology import Planck15 as AstropyPlanck15

    kappa_s, r_s, r_c, z_l, z_s = 0.05, 3.0, 0.6, 0.5, 1.0
    d_l = AstropyPlanck15.angular_diameter_distance(z_l).to("kpc").value
    d_s = AstropyPlanck15.angular_diameter_distance(z_s).to("kpc").value
    d_ls = AstropyPlanck15.angular_diameter_distance_z1z2(z_l, z_s).to("kpc").value
    c2_4pig = (constants.c**2 / (4 * np.pi * constants.G)).to(units.Msun / units.kpc).value
    sigma_crit = c2_4pig * d_s / (d_l * d_ls)
    rho_crit = AstropyPlanck15.critical_density(z_l).to(units.Msun / units.kpc**3).value
    r_s_kpc = r_s * d_l * np.pi / 648000.0
    delta = kappa_s * sigma_crit / r_s_kpc / rho_crit
    f = r_c / r_s
    c = optimize.brentq(
        lambda c: 200.0 / 3.0 * c**3 / enclosed_ref(c, f) - delta, 0.1, 1e3, xtol=1e-14
    )
    mass = 4.0 / 3.0 * np.pi * 200.0 * rho_crit * (c * r_s_kpc) ** 3
    profile = cNFW(kappa_s=kappa_s, scale_radius=r_s, core_radius=r_c)
    assert profile.concentration(z_l, z_s) == pytest.approx(c, rel=1e-7)
    assert profile.mass_at_200_solar_masses(z_l, z_s) == pytest.approx(mass, rel=1e-6)


# --- analytic gradients (the deflection kernel's custom JVP) ------------------------------------
def alpha_mp(x, f):
    """alpha / (kappa_s R) from the partial-fraction closed form (module docstring) in 50-digit
    mpmath, with F = arccosh(1/X) / sqrt(1 - X^2) or arccos(1/X) / sqrt(X^2 - 1); f != 1."""
    with mp.workdps(50):
        x, f = mp.mpf(x), mp.mpf(f)

        def parts(big_x):
            if big_x < 1:
                big_f = mp.acosh(1 / big_x) / mp.sqrt(1 - big_x * big_x)
            elif big_x > 1:
                big_f = mp.acos(1 / big_x) / mp.sqrt(big_x * big_x - 1)
            else:
                big_f = mp.mpf(1)
            g = mp.log(big_x / 2) + big_f
            return big_x * big_x * big_f - g, big_x * big_x * big_f - 2 * g

        i_x, d_x = parts(x)
        i_f, _ = parts(x / f)
        return 4 * ((i_x - f * f * i_f) / (1 - f) ** 2 - d_x / (1 - f)) / (x * x)


_alpha_gradients = jax.jit(
    jax.vmap(
        jax.grad(lambda x, f: cnfw_deflection_over_radius_hat(x, f, xp=jnp), (0, 1)),
        in_axes=(0, None),
    )
)


@pytest.mark.parametrize("f", [1e-3, 0.5, 0.95, 1.0 + 1e-3, 1.04, 1.2, 3.0])
def test_deflection_gradients_match_mpmath(f):
    """d alpha / dx = 2 (kappa - alpha) / x and d alpha / df (closed form, or the derivative of the
    polynomial in f within 0.1 of f = 1) against central differences (h = 1e-15) of mpmath's
    closed form. Measured: d ln alpha / d ln x <= 2e-11 absolute (next to f = 1, where the values
    carry ~1e-11 at small x; <= 2e-13 elsewhere); d ln alpha / d ln f <= 7e-10 relative within 0.1
    of f = 1 (the polynomial's derivative amplifies its nodes' rounding), <= 2e-12 elsewhere."""
    xs = [1e-6, 1e-3, 0.05, 0.3, 0.99, 1.3, 4.0, 6.0, 40.0, 900.0]
    d_x, d_f = (np.asarray(v) for v in _alpha_gradients(jnp.asarray(xs), f))
    alpha = cnfw_deflection_over_radius_hat(np.array(xs), f)
    h = mp.mpf("1e-15")
    ref_x = [
        float(x * (alpha_mp(x * (1 + h), f) - alpha_mp(x * (1 - h), f)) / (2 * h * x)) for x in xs
    ]
    ref_f = [float(f * (alpha_mp(x, f + h) - alpha_mp(x, f - h)) / (2 * h)) for x in xs]
    near = abs(f - 1.0) <= 0.1
    np.testing.assert_allclose(
        d_x * np.array(xs) / alpha, np.array(ref_x) / alpha, rtol=0, atol=5e-11 if near else 1e-12
    )
    np.testing.assert_allclose(d_f * f, ref_f, rtol=2e-9 if near else 1e-11)


def _chi2(profile, grid, xp):
    alpha = profile.deflections_yx_2d_from(grid, xp=xp)
    return xp.sum(alpha * alpha * xp.asarray([1.0, 0.7]))


_chi2_gradient = jax.jit(jax.grad(lambda p, grid: _chi2(p, grid, jnp)))


@pytest.mark.parametrize("core_radius", [0.17, 1.7, 1.7 * 1.05])
def test_sph_gradients_through_the_profile_pytree_match_finite_differences(core_radius):
    profile = cNFWSph(centre=(0.1, -0.2), kappa_s=0.3, scale_radius=1.7, core_radius=core_radius)
    x = np.array([1e-3, 0.02, 0.5, 1.0, 1.7, 8.0, 400.0])  # [r_s], the far series included
    grid = np.stack([0.1 + 1.7 * 0.6 * x, -0.2 + 1.7 * 0.8 * x], axis=-1)
    _assert_chi2_gradient_matches_central_differences(profile, grid)


def _assert_chi2_gradient_matches_central_differences(profile, grid):
    got = jax.tree_util.tree_leaves(_chi2_gradient(profile, jnp.asarray(grid)))
    leaves, tree = jax.tree_util.tree_flatten(profile)
    assert len(got) == 5  # centre (2), kappa_s, scale_radius, core_radius
    for i, leaf in enumerate(leaves):
        # h = 1e-5: next to r_c = r_s the values carry ~1e-12 rounding (1e-5 of chi^2 / h at
        # h = 1e-7); the core keeps alpha smooth around every point, so the O(h^2) error is ~1e-9
        h = 1e-5 * max(abs(leaf), 0.1)
        shifted = [
            jax.tree_util.tree_unflatten(tree, leaves[:i] + [leaf + s] + leaves[i + 1 :])
            for s in (h, -h)
        ]
        fd = (_chi2(shifted[0], grid, np) - _chi2(shifted[1], grid, np)) / (2 * h)
        assert float(got[i]) == pytest.approx(fd, rel=1e-6), i


def test_large_grids_evaluated_in_pixel_chunks_equal_numpy_with_gradients():
    """Above ops.pixel_chunks' threshold (32768 pixels) the deflection kernel runs over cache-sized
    chunks with lax.map; values and the custom JVP's partials must be those of the direct path."""
    profile = cNFWSph(centre=(0.1, -0.2), kappa_s=0.3, scale_radius=1.7, core_radius=0.4)
    side = np.linspace(-6.0, 6.0, 190)  # 36100 pixels: 9 chunks, the last one padded
    grid = np.stack(np.meshgrid(side, side, indexing="ij"), axis=-1).reshape(-1, 2)
    np.testing.assert_allclose(
        _jitted("deflections_yx_2d_from")(profile, jnp.asarray(grid)),
        profile.deflections_yx_2d_from(grid),
        rtol=1e-13,
        atol=1e-16,
    )
    _assert_chi2_gradient_matches_central_differences(profile, grid)
