"""The MassProfile base methods (upstream autogalaxy's names) against independent references.

References computed here: scipy quad of 2 pi R kappa(R) (spherical profiles) and nested scipy quad
of convergence_2d_from over the disc in polar coordinates (elliptical ones), the NFW's closed-form
projected mass 4 pi kappa_s r_s^2 [ln(x/2) + F(x)] (Bartelmann 1996), scipy brentq for the
Einstein radius, central finite differences for gradients, jax.jacfwd for div alpha = 2 kappa of
the CSE basis, and values published in upstream autogalaxy's own tests (cited per test).
"""

import copy
import functools
import inspect
import math

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq

import autogalaxy.profiles.mass as mp
from autogalaxy import convert
from autogalaxy.profiles.mass import MassProfile, mass_util

CENTRE = (0.1, -0.2)
PROFILES = {
    "NFWSph": mp.NFWSph(centre=CENTRE, kappa_s=0.2, scale_radius=1.5),
    "NFW_q0.6": mp.NFW(
        centre=CENTRE, ell_comps=convert.ell_comps_from(0.6, 30.0), kappa_s=0.2, scale_radius=1.5
    ),
    "NFWTruncatedSph": mp.NFWTruncatedSph(
        centre=CENTRE, kappa_s=0.2, scale_radius=1.5, truncation_radius=3.0
    ),
    "gNFW_q0.7": mp.gNFW(
        centre=CENTRE,
        ell_comps=convert.ell_comps_from(0.7, 70.0),
        kappa_s=0.2,
        inner_slope=1.5,
        scale_radius=1.5,
    ),
    "cNFWSph": mp.cNFWSph(centre=CENTRE, kappa_s=0.2, scale_radius=1.5, core_radius=0.1),
}
SPHERICAL_RADII = [0.01, 0.7, 1.5, 6.0]
ELLIPTICAL_RADII = [0.4, 2.5]
CASES = [
    (name, r)
    for name, p in PROFILES.items()
    for r in (SPHERICAL_RADII if name.endswith("Sph") else ELLIPTICAL_RADII)
]
TOL = 1e-9


# --- independent references ---------------------------------------------------------------
def _kappa(profile, y, x):
    return float(profile.convergence_2d_from(np.array([[y, x]]))[0])


@functools.cache
def reference_mass(name, radius):
    """int_disc kappa dA by scipy quad (r = R s^2 softens the central cusp)."""
    p = PROFILES[name]
    cy, cx = p.centre

    def radial(theta):
        s, c = math.sin(theta), math.cos(theta)

        def integrand(t):
            r = radius * t * t
            return _kappa(p, cy + r * s, cx + r * c) * r * 2.0 * radius * t

        return quad(integrand, 0.0, 1.0, epsabs=0.0, epsrel=1e-11, limit=200)[0]

    if name.endswith("Sph"):
        return 2.0 * math.pi * radial(0.0)
    # kappa is symmetric about both axes of the profile frame: four quadrants from the major axis
    phi = math.radians(float(p.angle()))
    return 4.0 * quad(lambda t: radial(t + phi), 0.0, math.pi / 2, epsabs=0.0, epsrel=1e-11)[0]


def nfw_mass_closed_form(kappa_s, scale_radius, radius):
    """4 pi kappa_s r_s^2 [ln(x/2) + F(x)] (Bartelmann 1996), x = R / r_s, in 40-digit mpmath
    (the two terms cancel to ~x^2 at small x)."""
    with mpmath.workdps(40):
        x = mpmath.mpf(radius) / scale_radius
        if x < 1:
            f = mpmath.acosh(1 / x) / mpmath.sqrt(1 - x * x)
        else:
            f = mpmath.acos(1 / x) / mpmath.sqrt(x * x - 1)
        return float(4 * mpmath.pi * kappa_s * scale_radius**2 * (mpmath.log(x / 2) + f))


# --- enclosed mass ------------------------------------------------------------------------
@pytest.mark.parametrize("name, radius", CASES)
def test_mass_within_circle_matches_quadrature_of_convergence(name, radius):
    mass = PROFILES[name].mass_angular_within_circle_from(radius=radius)
    assert isinstance(mass, float)
    assert mass == pytest.approx(reference_mass(name, radius), rel=TOL)


def test_nfw_sph_mass_matches_closed_form_and_accepts_arrays():
    p = PROFILES["NFWSph"]
    radii = np.array([[1e-3, 0.5], [1.6, 40.0]])
    expected = [[nfw_mass_closed_form(0.2, 1.5, r) for r in row] for row in radii]
    np.testing.assert_allclose(p.mass_angular_within_circle_from(radii), expected, rtol=1e-13)
    assert p.mass_angular_within_circle_from(0.0) == 0.0


def test_elliptical_profile_at_unit_axis_ratio_equals_spherical():
    sph = mp.gNFWSph(centre=CENTRE, kappa_s=0.3, inner_slope=0.7, scale_radius=2.0)
    ell = mp.gNFW(centre=CENTRE, ell_comps=(0.0, 0.0), kappa_s=0.3, inner_slope=0.7,
                  scale_radius=2.0)
    radii = np.array([0.05, 1.0, 9.0])
    # the elliptical gNFW's deflections are Keeton quadratures (~1e-10 here)
    np.testing.assert_allclose(
        ell.mass_angular_within_circle_from(radii), sph.mass_angular_within_circle_from(radii),
        rtol=TOL,
    )


def test_circle_rules_converge_geometrically_in_the_node_count():
    p = mp.NFW(ell_comps=convert.ell_comps_from(0.1, 20.0), kappa_s=0.2, scale_radius=1.0)
    for kernel, f, nodes in [
        (mass_util.mass_within_circle_from, p._deflections, (32, 64, 128)),
        (mass_util.mass_integrand_from, p._convergence, (64, 128, 256)),
    ]:
        ref = kernel(f, p.centre, 1.0, n=4096)
        errors = [abs(kernel(f, p.centre, 1.0, n=n) / ref - 1) for n in nodes]
        # geometric: each doubling gains more than the last (ratios 24 then 5e3 for alpha)
        assert errors[0] > 10 * errors[1] and errors[1] > 1e3 * errors[2]
        assert abs(kernel(f, p.centre, 1.0) / ref - 1) < 1e-14  # the default node count


@pytest.mark.parametrize("name", list(PROFILES))
def test_mass_integral_is_the_radial_derivative_of_the_mass(name):
    p = PROFILES[name]
    radius = 1.1
    # its integral (scipy quad) and the mass (deflections) are computed independently
    integral = quad(lambda x: float(p.mass_integral(x)), 0.0, radius, epsabs=0, epsrel=1e-12,
                    limit=200)[0]
    assert integral == pytest.approx(float(p.mass_angular_within_circle_from(radius)), rel=TOL)
    if name.endswith("Sph"):  # upstream's 2 pi x kappa(x)
        cy, cx = p.centre
        assert p.mass_integral(radius) == pytest.approx(
            2 * math.pi * radius * _kappa(p, cy, cx + radius), rel=1e-14
        )


@pytest.mark.parametrize("name", list(PROFILES))
def test_density_between_circular_annuli(name):
    inner, outer = (ELLIPTICAL_RADII if "_q" in name else SPHERICAL_RADII[1:3])
    expected = (reference_mass(name, outer) - reference_mass(name, inner)) / (
        math.pi * (outer**2 - inner**2)
    )
    density = PROFILES[name].density_between_circular_annuli(
        inner_annuli_radius=inner, outer_annuli_radius=outer
    )
    assert density == pytest.approx(expected, rel=TOL)


def test_cnfw_mass_is_positive_as_in_upstream_test():
    # upstream test_autogalaxy/profiles/mass/dark/test_cnfw.py::
    # test__convergence_func__mass_integral_runs
    cnfw = mp.cNFWSph(centre=(0.0, 0.0), kappa_s=0.2, scale_radius=2.0, core_radius=0.1)
    assert cnfw.mass_angular_within_circle_from(radius=1.0) > 0.0


# --- Einstein radius ----------------------------------------------------------------------
def test_average_convergence_of_1_radius_nfw_sph_matches_brentq_of_closed_form():
    p = mp.NFWSph(centre=CENTRE, kappa_s=0.8, scale_radius=1.5)
    expected = brentq(
        lambda r: nfw_mass_closed_form(0.8, 1.5, r) - math.pi * r * r, 1e-4, 1e4, xtol=1e-15,
        rtol=1e-15,
    )
    assert p.average_convergence_of_1_radius == pytest.approx(expected, rel=1e-12)


def test_average_convergence_of_1_radius_elliptical_and_nan_without_root():
    p = mp.NFW(centre=CENTRE, ell_comps=convert.ell_comps_from(0.6, 30.0), kappa_s=0.8,
               scale_radius=1.5)
    radius = p.average_convergence_of_1_radius
    expected = brentq(lambda r: p.mass_angular_within_circle_from(r) - math.pi * r * r, 1e-4,
                      1e4, xtol=1e-15, rtol=1e-15)
    assert radius == pytest.approx(expected, rel=1e-12)
    # a cored halo whose central convergence is below 1 has no Einstein radius
    assert np.isnan(PROFILES["cNFWSph"].average_convergence_of_1_radius)


def test_average_convergence_of_1_radius_gradient_matches_finite_differences():
    p = mp.NFWSph(centre=CENTRE, kappa_s=0.8, scale_radius=1.5)
    grad = jax.jit(jax.grad(lambda p: p.average_convergence_of_1_radius))(p)
    h = 1e-5
    up, down = copy.copy(p), copy.copy(p)
    up.kappa_s, down.kappa_s = 0.8 + h, 0.8 - h
    fd = (up.average_convergence_of_1_radius - down.average_convergence_of_1_radius) / (2 * h)
    assert float(grad.kappa_s) == pytest.approx(fd, rel=1e-6)


# --- potential and deflections ------------------------------------------------------------
GRID = np.array([[0.5, 0.3], [-1.2, 2.0], [3.0, -4.0], [0.1 + 1e-3, -0.2]])


@pytest.mark.parametrize("name, tol", [("NFWSph", 1e-10), ("NFW_q0.6", 1e-10),
                                       ("NFWTruncatedSph", 1e-10), ("gNFW_q0.7", 1e-8),
                                       ("cNFWSph", 1e-10)])
def test_deflections_via_potential_match_deflections(name, tol):
    # gNFW: limited by its Keeton-quadrature potential (~2e-9)
    p = PROFILES[name]
    exact = p.deflections_yx_2d_from(GRID)
    via = p.deflections_2d_via_potential_2d_from(grid=GRID)
    scale = np.max(np.abs(exact), axis=1, keepdims=True)
    np.testing.assert_allclose(via / scale, exact / scale, atol=tol, rtol=0)


@pytest.mark.parametrize("name", ["NFWSph", "NFW_q0.6", "NFWTruncatedSph"])
def test_potential_func_integrates_to_the_potential(name):
    p = PROFILES[name]
    frame = p.transformed_to_reference_frame_grid_from(GRID[:2])
    psi = p.potential_2d_from(GRID[:2])
    for (y, x), expected in zip(frame, psi):
        value = quad(lambda u: float(p.potential_func(u, y, x)), 0.0, 1.0, epsabs=0.0,
                     epsrel=1e-12, limit=200)[0]
        assert value == pytest.approx(expected, rel=1e-10)


# --- batched spherical deflections --------------------------------------------------------
def _rows(cls_name, profiles):
    names = {"NFWTruncatedSph": ("kappa_s", "scale_radius", "truncation_radius"),
             "cNFWSph": ("kappa_s", "scale_radius", "core_radius")}[cls_name]
    return np.array([[*p.centre, *(getattr(p, n) for n in names)] for p in profiles])


@pytest.mark.parametrize("cls", [mp.NFWTruncatedSph, mp.cNFWSph])
def test_vmapped_deflections_sum_unmasked_profiles(cls):
    extra = {"truncation_radius": 4.0} if cls is mp.NFWTruncatedSph else {"core_radius": 0.2}
    halos = [cls(centre=(0.3, -0.1), kappa_s=0.1, scale_radius=1.0, **extra),
             cls(centre=(-1.0, 0.5), kappa_s=0.3, scale_radius=2.0, **extra)]
    rows = np.vstack([_rows(cls.__name__, halos), np.zeros((1, 5))])  # a zero padding row
    mask = np.array([True, True, False])
    expected = sum(h.deflections_yx_2d_from(GRID) for h in halos)
    out_np = cls.vmapped_deflections_from(grid=GRID, params_batch=rows, mask=mask, xp=np)
    np.testing.assert_allclose(out_np, expected, rtol=1e-12, atol=1e-15)
    # the radial deflection of a row is |alpha| at that distance
    r = np.array([0.5, 2.0])
    radial = cls.radial_deflection_from(r, rows[0, 2:], np)
    alpha = halos[0].deflections_yx_2d_from(np.array([[0.3, -0.1 + 0.5], [0.3, -0.1 + 2.0]]))
    np.testing.assert_allclose(radial, alpha[:, 1], rtol=1e-12)
    if cls is mp.NFWTruncatedSph:  # the jax.vmap path (cNFWSph's takes ~20 s to differentiate)
        def summed(batch):
            out = cls.vmapped_deflections_from(grid=GRID, params_batch=batch, mask=mask)
            return jnp.sum(out), out

        (_, out_jax), grad = jax.jit(jax.value_and_grad(summed, has_aux=True))(rows)
        np.testing.assert_allclose(np.asarray(out_jax), expected, rtol=1e-12, atol=1e-15)
        # padding rows put no NaN into gradients
        assert np.all(np.isfinite(grad)) and np.all(grad[2] == 0.0)


def test_base_radial_deflection_of_mass_concentration_class_uses_base_parameters():
    halo = mp.NFWTruncatedMCRLudlowSph(centre=(0.0, 0.0), mass_at_200=1e11)
    params = (halo.kappa_s, halo.scale_radius, halo.truncation_radius)
    base = MassProfile.__dict__["radial_deflection_from"].__func__
    r = np.array([0.3, 3.0])
    expected = halo.deflections_yx_2d_from(np.stack([0 * r, r], axis=-1))[:, 1]
    np.testing.assert_allclose(base(type(halo), r, params, np), expected, rtol=1e-12)
    with pytest.raises(NotImplementedError):
        MassProfile.__dict__["vmapped_deflections_from"].__func__(
            mp.NFW, GRID, np.zeros((1, 4)), np.array([True]), np
        )


# --- NumPy == JAX and gradients -----------------------------------------------------------
RADII = np.array([0.05, 1.3, 7.0])


@pytest.mark.parametrize("name", list(PROFILES))
def test_numpy_equals_jax_jit_for_the_masses(name):
    p = PROFILES[name]

    def masses(p, radii):
        return (
            p.mass_angular_within_circle_from(radii, xp=jnp),
            p.mass_integral(radii, xp=jnp),
            p.density_between_circular_annuli(radii[0], radii[1], xp=jnp),
        )

    jitted = jax.jit(masses)(p, jnp.asarray(RADII))
    numpy = (
        p.mass_angular_within_circle_from(RADII),
        p.mass_integral(RADII),
        p.density_between_circular_annuli(RADII[0], RADII[1]),
    )
    for a, b in zip(numpy, jitted):
        np.testing.assert_allclose(np.asarray(b), a, rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", ["NFW_q0.6", "NFWTruncatedSph"])
def test_numpy_equals_jax_jit_for_potential_methods(name):
    p = PROFILES[name]

    def potentials(p, grid):
        return (
            p.deflections_2d_via_potential_2d_from(grid),
            p.potential_func(jnp.array([0.3, 0.9]), grid[0, 0], grid[0, 1]),
        )

    jitted = jax.jit(potentials)(p, jnp.asarray(GRID))
    numpy = (
        p.deflections_2d_via_potential_2d_from(GRID),
        p.potential_func(np.array([0.3, 0.9]), GRID[0, 0], GRID[0, 1]),
    )
    for a, b in zip(numpy, jitted):
        np.testing.assert_allclose(np.asarray(b), a, rtol=1e-12, atol=1e-16)


# cNFWSph is left out: differentiating its closed forms takes ~20 s to compile (its own kernels)
@pytest.mark.parametrize("name", ["NFWSph", "NFW_q0.6", "gNFW_q0.7"])
def test_gradients_of_mass_match_finite_differences(name):
    p = PROFILES[name]
    radius, h = 1.3, 1e-5

    def mass(p, r):
        return p.mass_angular_within_circle_from(r)

    d_radius, d_profile = jax.jit(jax.grad(mass, argnums=(1, 0)))(p, radius)
    fd_radius = (mass(p, radius + h) - mass(p, radius - h)) / (2 * h)
    up, down = copy.copy(p), copy.copy(p)
    up.kappa_s, down.kappa_s = p.kappa_s + h, p.kappa_s - h
    fd_kappa = (mass(up, radius) - mass(down, radius)) / (2 * h)
    assert float(d_radius) == pytest.approx(fd_radius, rel=1e-6)
    assert float(d_profile.kappa_s) == pytest.approx(fd_kappa, rel=1e-6)
    # and dM/dR is mass_integral (convergence on the circle, not deflections)
    assert float(d_radius) == pytest.approx(float(p.mass_integral(radius)), rel=TOL)


# --- upstream signatures (upstream_api.md, "Inherited base methods (signatures)") -----------
UPSTREAM = {
    "angle": [("xp", np)],
    "angle_radians": [("xp", np)],
    "angle_to_profile_grid_from": [("grid_angles", None), ("xp", np), ("**kwargs", None)],
    "axis_ratio": [("xp", np)],
    "convergence_cse_1d_from": [("grid_radii", None), ("core_radius", None), ("xp", np)],
    "deflections_2d_via_potential_2d_from": [("grid", None)],
    "deflections_via_cse_from": [("term1", None), ("term2", None), ("term3", None),
                                 ("term4", None), ("axis_ratio_squared", None),
                                 ("core_radius", None), ("xp", np)],
    "density_between_circular_annuli": [("inner_annuli_radius", None),
                                        ("outer_annuli_radius", None)],
    "eccentric_radii_grid_from": [("grid", None), ("xp", np), ("**kwargs", None)],
    "elliptical_radii_grid_from": [("grid", None), ("xp", np), ("**kwargs", None)],
    "extract_attribute": [("cls", None), ("attr_name", None)],
    "has": [("cls", None)],
    "mass_angular_within_circle_from": [("radius", None)],
    "mass_integral": [("x", None), ("xp", np)],
    "potential_func": [("u", None), ("y", None), ("x", None)],
    "radial_deflection_from": [("r", None), ("params", None), ("xp", None)],
    "radial_grid_from": [("grid", None), ("xp", np), ("**kwargs", None)],
    "rotated_grid_from_reference_frame_from": [("grid", None), ("xp", np), ("angle", None),
                                               ("**kwargs", None)],
    "transformed_from_reference_frame_grid_from": [("grid", None), ("xp", np),
                                                   ("**kwargs", None)],
    "transformed_to_reference_frame_grid_from": [("grid", None), ("xp", np), ("**kwargs", None)],
    "vmapped_deflections_from": [("grid", None), ("params_batch", None), ("mask", None),
                                 ("xp", None)],
}
# upstream has no backend argument here; ours is a trailing xp=None (None: inferred)
EXTRA_XP = {"deflections_2d_via_potential_2d_from", "density_between_circular_annuli",
            "mass_angular_within_circle_from", "potential_func"}
REQUIRED = {"radial_deflection_from": {"xp"}}  # upstream's xp there has no default


def _signature(function):
    out = []
    for p in inspect.signature(function).parameters.values():
        if p.name == "self":
            continue
        if p.kind == p.VAR_KEYWORD:
            out.append(("**" + p.name, None))
        else:
            out.append((p.name, None if p.default is inspect.Parameter.empty else p.default))
    return out


@pytest.mark.parametrize("method", sorted(UPSTREAM))
def test_base_signatures_equal_upstream(method):
    expected = list(UPSTREAM[method]) + ([("xp", None)] if method in EXTRA_XP else [])
    ours = _signature(getattr(MassProfile, method))
    assert [n for n, _ in ours] == [n for n, _ in expected]
    for (name, default), (_, theirs) in zip(ours, expected):
        if name in REQUIRED.get(method, ()):
            assert default is None
        else:
            assert default is theirs or default == theirs, name
    assert isinstance(inspect.getattr_static(MassProfile, "average_convergence_of_1_radius"),
                      property)


@pytest.mark.parametrize("cls_name", mp.__all__)
def test_every_profile_has_the_base_methods(cls_name):
    cls = getattr(mp, cls_name)
    for method in list(UPSTREAM) + ["average_convergence_of_1_radius"]:
        assert hasattr(cls, method), method


# --- geometry, introspection and the CSE basis --------------------------------------------
def test_eccentric_radii_as_upstream_geometry_tests():
    # upstream test_autogalaxy/profiles/test_geometry_profiles.py::
    # test__eccentric_radii_grid_from__circular_profile__returns_sqrt_2 and
    # test__eccentric_radii_grid_from__elliptical_profile__returns_correct_eccentric_radius
    circular = mp.NFW(ell_comps=(0.0, 0.0))
    elliptical = mp.NFW(ell_comps=(0.0, 0.333333))
    grid = np.array([[1.0, 1.0]])
    assert circular.eccentric_radii_grid_from(grid=grid)[0] == pytest.approx(2.0**0.5, 1e-3)
    assert elliptical.eccentric_radii_grid_from(grid)[0] == pytest.approx(1.58113, 1e-3)


def test_transforms_as_upstream_geometry_tests():
    # upstream test_geometry_profiles.py::
    # test__elliptical__transform_grid_to_reference_frame__90_degree_angle__correct_transformed_grid
    # and ..._from_reference_frame__90_degree_angle__recovers_original_grid
    p = mp.NFW(centre=(2.0, 3.0), ell_comps=(0.0, -0.81818181))
    frame = p.transformed_to_reference_frame_grid_from(grid=np.array([[3.0, 4.0]]))
    assert frame[0] == pytest.approx([-1.0, 1.0], 1e-3)
    back = p.transformed_from_reference_frame_grid_from(frame)
    assert back[0] == pytest.approx([3.0, 4.0], 1e-12)
    q = PROFILES["gNFW_q0.7"]
    np.testing.assert_allclose(
        q.transformed_from_reference_frame_grid_from(q.transformed_to_reference_frame_grid_from(
            GRID)), GRID, rtol=0, atol=1e-14)
    assert q.angle_radians() == pytest.approx(math.radians(70.0), 1e-12)
    cos, sin = q.angle_to_profile_grid_from(np.array([math.radians(70.0), math.radians(160.0)]))
    np.testing.assert_allclose([cos, sin], [[1.0, 0.0], [0.0, 1.0]], atol=1e-12)
    np.testing.assert_allclose(q.radial_grid_from(GRID), np.hypot(GRID[:, 0] - 0.1,
                                                                   GRID[:, 1] + 0.2), rtol=1e-14)
    v = np.array([[0.3, -0.7]])
    np.testing.assert_allclose(q.rotated_grid_from_reference_frame_from(v, angle=70.0),
                               q.rotated_grid_from_reference_frame_from(v), rtol=1e-14)
    np.testing.assert_allclose(q.rotated_grid_from_reference_frame_from(v, angle=90.0),
                               [[-0.7, -0.3]], atol=1e-15)


def test_has_and_extract_attribute_as_upstream():
    # upstream test_autogalaxy/profiles/mass/abstract/test_abstract.py::test__extract_attribute
    # (there on IsothermalSph's einstein_radius; here on kappa_s)
    p = mp.NFWSph(centre=(0.0, 0.0), kappa_s=0.2)
    assert p.extract_attribute(cls=MassProfile, attr_name="kappa_s").in_list[0] == 0.2
    assert p.extract_attribute(cls=MassProfile, attr_name="centre").in_list[0] == (0.0, 0.0)
    assert p.extract_attribute(cls=MassProfile, attr_name="kappa_") is None
    assert p.extract_attribute(cls=mp.cNFW, attr_name="kappa_s") is None
    assert p.has(cls=float) and not p.has(cls=MassProfile)


def test_cse_basis_has_div_alpha_equal_twice_kappa():
    q, s = 0.6, 0.3

    def alpha(point):
        y, x = point
        out = MassProfile.deflections_via_cse_from(
            q * q * x * x + y * y, (1 - q * q) * x * x, q * x, q * y, q * q, s, xp=jnp
        )
        return jnp.stack([out[0], out[1]])

    points = np.array([(0.2, 0.5), (1.0, -0.3), (-2.0, 3.0)])
    jacobians = jax.jit(jax.vmap(jax.jacfwd(alpha)))(points)
    for jac, (y, x) in zip(jacobians, points):
        kappa = MassProfile.convergence_cse_1d_from(np.sqrt(x * x + y * y / q**2), s)
        assert float(jac[0, 0] + jac[1, 1]) == pytest.approx(2 * kappa, rel=1e-12)
        assert abs(float(jac[0, 1] - jac[1, 0])) < 1e-12
    assert MassProfile.deflections_via_cse_from(*np.ones((4, 3)), 0.5, 0.1).shape == (2, 3)
