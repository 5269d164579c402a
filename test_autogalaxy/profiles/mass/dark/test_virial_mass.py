"""The virial-mass classes NFWVirialMassConcSph, gNFWVirialMassConcSph, gNFWVirialMassgNFWConcSph.

References are computed here, independently of the package: scipy quad (QAWS, rtol 1e-13) of the
density and mpmath's 2F1 closed form for M3D(< r_vir); astropy's Planck15 for rho_crit, Omega_m(z),
Sigma_crit and kpc/arcsec; central finite differences of the NumPy path for gradients; upstream's
formulas (NFW de_c, gNFW hyp2f1 and quad normalisations) re-implemented with astropy and scipy; and
upstream's published deflection values (its test file, commit a1e22d4f).
"""

import inspect
from pathlib import Path

import astropy.constants as const
import astropy.units as u
import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest
import yaml
from astropy.cosmology import Planck15 as AstropyPlanck15
from scipy.integrate import quad
from scipy.special import hyp2f1

import autogalaxy as ag
from autogalaxy.profiles.mass.dark import gnfw_virial_mass_conc as c2_module
from autogalaxy.profiles.mass.dark import gnfw_virial_mass_gnfw_conc as cg_module
from autogalaxy.profiles.mass.dark import nfw_virial_mass_conc as nfw_module
from autogalaxy.profiles.mass.dark import virial_util
from autogalaxy.profiles.mass.dark.gnfw import gNFWSph
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_conc import gNFWVirialMassConcSph
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_gnfw_conc import gNFWVirialMassgNFWConcSph
from autogalaxy.profiles.mass.dark.nfw import NFWSph
from autogalaxy.profiles.mass.dark.nfw_virial_mass_conc import NFWVirialMassConcSph

GRID = np.array([[0.5, 0.3], [1.0, -2.0], [-0.2, 0.05], [2.5, 1.5]])
CLASSES = [NFWVirialMassConcSph, gNFWVirialMassConcSph, gNFWVirialMassgNFWConcSph]
#: a test point per class (overdensities away from 0, so that every parameter is free)
POINT = {
    NFWVirialMassConcSph: dict(virial_mass=3e12, concentration=7.0, virial_overdens=180.0,
                               redshift_object=0.4, redshift_source=1.3),
    gNFWVirialMassConcSph: dict(log10m_vir=12.3, c_2=8.0, overdens=150.0, redshift_object=0.4,
                                redshift_source=1.3, inner_slope=1.3),
    gNFWVirialMassgNFWConcSph: dict(log10m_vir=11.7, c_gNFW=6.0, overdens=150.0,
                                    redshift_object=0.4, redshift_source=1.3, inner_slope=0.7),
}
CENTRE = (0.05, -0.02)
ids = [c.__name__ for c in CLASSES]


def build(cls, **overrides):
    return cls(**{"centre": CENTRE, **POINT[cls], **overrides})


def chi2(profile, xp):
    return xp.sum(profile.deflections_yx_2d_from(xp.asarray(GRID), xp=xp) ** 2)


def derived(profile, xp):
    """A cheap scalar of every derived parameter (the halo -> lens-parameter map alone)."""
    return profile.kappa_s * profile.scale_radius**2 + profile.virial_radius / 100.0


def central_difference(cls, name, value, f=chi2, **fixed):
    h = 1e-5 * abs(value)
    plus = f(build(cls, **fixed, **{name: value + h}), np)
    minus = f(build(cls, **fixed, **{name: value - h}), np)
    return (plus - minus) / (2 * h)


# ------------------------------------------------------------------ astropy references
def rho_crit(z):
    return AstropyPlanck15.critical_density(z).to(u.Msun / u.kpc**3).value


def kpc_per_arcsec(z):
    return AstropyPlanck15.kpc_proper_per_arcmin(z).value / 60.0


def sigma_crit(z_l, z_s):
    d_l = AstropyPlanck15.angular_diameter_distance(z_l)
    d_s = AstropyPlanck15.angular_diameter_distance(z_s)
    d_ls = AstropyPlanck15.angular_diameter_distance(z_l, z_s)
    return (const.c**2 / (4 * np.pi * const.G) * d_s / (d_l * d_ls)).to(u.Msun / u.kpc**2).value


def bryan_norman(z):
    x = AstropyPlanck15.Om(z) - 1.0
    return 18 * np.pi**2 + 82 * x - 39 * x**2


def halo(profile):
    """(M_vir [Msun], c, gamma, Delta as passed) of a profile, from its parameters."""
    if isinstance(profile, NFWVirialMassConcSph):
        return profile.virial_mass, profile.concentration, 1.0, profile.virial_overdens
    gamma = profile.inner_slope
    c = (2 - gamma) * profile.c_2 if isinstance(profile, gNFWVirialMassConcSph) else profile.c_gNFW
    return 10**profile.log10m_vir, c, gamma, profile.overdens


# ------------------------------------------------------------------ physics
CASES = [
    (NFWVirialMassConcSph, dict(virial_mass=1e12, concentration=10.0, virial_overdens=200.0)),
    (NFWVirialMassConcSph, dict(virial_mass=5e14, concentration=4.0, virial_overdens=100.0,
                                redshift_object=0.2, redshift_source=2.0)),
] + [
    (gNFWVirialMassConcSph, dict(log10m_vir=lm, c_2=c2, overdens=od, inner_slope=g))
    for lm, c2, od, g in [(12.0, 10.0, 0.0, 0.0), (11.0, 15.0, 0.0, 0.5), (13.0, 5.0, 200.0, 1.0),
                          (12.5, 8.0, 0.0, 1.5), (10.0, 20.0, 178.0, 1.9)]
] + [
    (gNFWVirialMassgNFWConcSph, dict(log10m_vir=lm, c_gNFW=c, overdens=od, inner_slope=g,
                                     redshift_object=0.3, redshift_source=1.5))
    for lm, c, od, g in [(12.0, 10.0, 0.0, 0.2), (14.0, 3.0, 0.0, 1.2), (9.0, 30.0, 150.0, 1.8)]
]


@pytest.mark.parametrize("cls, kwargs", CASES)
def test_enclosed_mass_is_the_virial_mass_and_r_vir_follows_its_definition(cls, kwargs):
    profile = cls(**kwargs)
    z_l, z_s = profile.redshift_object, profile.redshift_source
    mass, c, gamma, overdens = halo(profile)
    delta = bryan_norman(z_l) if overdens == 0 else overdens
    r_vir = (3 * mass / (4 * np.pi * delta * rho_crit(z_l))) ** (1 / 3)
    assert profile.virial_radius == pytest.approx(r_vir, rel=1e-12)
    r_s = profile.scale_radius * kpc_per_arcsec(z_l)
    assert r_s * c == pytest.approx(r_vir, rel=1e-12)
    rho_s = profile.kappa_s * sigma_crit(z_l, z_s) / r_s
    # M3D(< r_vir) = 4 pi rho_s r_s^3 int_0^c y^(2-g) (1 + y)^(g-3) dy: QAWS handles the cusp
    integral = quad(lambda y: (1 + y) ** (gamma - 3), 0.0, c, weight="alg", wvar=(2 - gamma, 0),
                    epsabs=0, epsrel=1e-13, limit=200)[0]
    assert 4 * np.pi * rho_s * r_s**3 * integral == pytest.approx(mass, rel=1e-12)
    a = 3 - gamma
    closed = mpmath.mpf(c) ** a / a * mpmath.hyp2f1(a, a, a + 1, -mpmath.mpf(c))
    assert 4 * np.pi * rho_s * r_s**3 * float(closed) == pytest.approx(mass, rel=1e-12)


@pytest.mark.parametrize("gamma", [0.0, 0.6, 1.0, 1.4, 1.95])
def test_r_minus_2_is_r_vir_over_c_2(gamma):
    profile = gNFWVirialMassConcSph(log10m_vir=12.0, c_2=9.0, inner_slope=gamma)
    r_m2 = profile.virial_radius / profile.c_2 / kpc_per_arcsec(0.5)  # arcsec
    h = 1e-4  # central difference in ln r: error ~h^2 / 6 x (third log-derivative) ~1e-9
    ln_rho = [np.log(profile.density_3d_func(np.array([r_m2 * np.exp(s)]))[0]) for s in (h, -h)]
    assert (ln_rho[0] - ln_rho[1]) / (2 * h) == pytest.approx(-2.0, abs=1e-8)


@pytest.mark.parametrize("z", [0.05, 0.3, 0.5, 1.0, 2.5])
def test_bryan_norman_overdensity_against_astropy(z):
    assert virial_util.bryan_norman_overdensity(z) == pytest.approx(bryan_norman(z), rel=1e-12)
    profile = gNFWVirialMassgNFWConcSph(overdens=0.0, redshift_object=z, redshift_source=z + 1)
    assert profile.overdens == pytest.approx(bryan_norman(z), rel=1e-12)
    assert gNFWVirialMassConcSph(overdens=173.0, redshift_object=z,
                                 redshift_source=z + 1).overdens == 173.0


@pytest.mark.parametrize("cls", CLASSES, ids=ids)
def test_deflections_equal_the_base_profile_with_the_derived_parameters(cls):
    profile = build(cls)
    if cls is NFWVirialMassConcSph:
        base = NFWSph(centre=CENTRE, kappa_s=profile.kappa_s, scale_radius=profile.scale_radius)
    else:
        base = gNFWSph(centre=CENTRE, kappa_s=profile.kappa_s, inner_slope=profile.inner_slope,
                       scale_radius=profile.scale_radius)
    for method in ("deflections_yx_2d_from", "convergence_2d_from", "potential_2d_from"):
        np.testing.assert_array_equal(getattr(profile, method)(GRID), getattr(base, method)(GRID))


def test_nfw_with_overdensity_200_has_c200_equal_to_its_concentration():
    profile = NFWVirialMassConcSph(virial_mass=2e12, concentration=6.5, virial_overdens=200.0)
    # the attribute (the parameter) hides the inherited c200 method, as upstream
    assert profile.concentration == 6.5
    c200 = ag.mp.NFWSph.concentration(profile, 0.5, 1.0)
    assert c200 == pytest.approx(6.5, rel=1e-12)
    assert profile.radius_at_200(0.5, 1.0) == pytest.approx(6.5 * profile.scale_radius, rel=1e-12)
    assert profile.mass_at_200_solar_masses(0.5, 1.0) == pytest.approx(2e12, rel=1e-12)


# ------------------------------------------------------------------ upstream's values and formulas
def test_upstream_published_deflections():
    """Upstream's test (a1e22d4f, astropy Planck15 then): (0.0466231, 0.04040671), given to 6
    significant figures (upstream asserted 1e-3)."""
    alpha = gNFWVirialMassConcSph().deflections_yx_2d_from(np.array([[0.1875, 0.1625]]))
    assert alpha[0, 0] == pytest.approx(0.0466231, rel=2e-6)
    assert alpha[0, 1] == pytest.approx(0.04040671, rel=2e-6)


def upstream_nfw(m, c, delta, z_l, z_s):
    rho = rho_crit(z_l)
    r_vir = (m / (delta * rho * 4 * np.pi / 3)) ** (1 / 3)
    de_c = delta / 3 * c**3 / (np.log(1 + c) - c / (1 + c))
    r_s = r_vir / c
    return rho * de_c * r_s / sigma_crit(z_l, z_s), r_s / kpc_per_arcsec(z_l), r_vir


def upstream_gnfw(m, c, delta, z_l, z_s, gamma, method):
    rho = rho_crit(z_l)
    delta = bryan_norman(z_l) if delta == 0 else delta
    r_vir = (m / (delta * rho * 4 * np.pi / 3)) ** (1 / 3)
    r_s = r_vir / c
    if method == "hyp2f1":
        a = 3 - gamma
        de_c = delta / 3 * a * c**gamma / hyp2f1(a, a, a + 1, -c)
    else:
        integral = quad(lambda r: r ** (2 - gamma) * (1 + r / r_s) ** (gamma - 3), 0, r_vir,
                        epsabs=0, epsrel=1e-13, limit=200)[0]
        de_c = delta / 3 * r_vir**3 / r_s**gamma / integral
    return rho * de_c * r_s / sigma_crit(z_l, z_s), r_s / kpc_per_arcsec(z_l), r_vir, delta


def test_module_functions_match_upstreams_formulas():
    cosmo = ag.cosmology.Planck15()
    ours = nfw_module.kappa_s_and_scale_radius(3e12, 7.0, 180.0, 0.4, 1.3)
    np.testing.assert_allclose(ours, upstream_nfw(3e12, 7.0, 180.0, 0.4, 1.3), rtol=1e-12)
    for od, g in [(0.0, 1.3), (150.0, 0.4)]:
        ours = c2_module.kappa_s_and_scale_radius(cosmo, 2e12, 8.0, od, 0.4, 1.3, g)
        ref = upstream_gnfw(2e12, (2 - g) * 8.0, od, 0.4, 1.3, g, "hyp2f1")
        np.testing.assert_allclose(ours, ref, rtol=1e-12)
        ours = cg_module.kappa_s_and_scale_radius(None, 2e12, 6.0, od, 0.4, 1.3, g)
        np.testing.assert_allclose(ours, upstream_gnfw(2e12, 6.0, od, 0.4, 1.3, g, "quad"),
                                   rtol=1e-12)
    # the class is the function
    profile = gNFWVirialMassConcSph(log10m_vir=np.log10(2e12), c_2=8.0, overdens=0.0,
                                    redshift_object=0.4, redshift_source=1.3, inner_slope=1.3)
    ref = c2_module.kappa_s_and_scale_radius(None, 10 ** np.log10(2e12), 8.0, 0.0, 0.4, 1.3, 1.3)
    assert (profile.kappa_s, profile.scale_radius, profile.virial_radius, profile.overdens) == (
        pytest.approx(ref, rel=1e-15))


# ------------------------------------------------------------------ backends
@pytest.mark.parametrize("cls", CLASSES, ids=ids)
def test_numpy_equals_jax_under_jit_and_vmap(cls):
    profile = build(cls)
    reference = profile.deflections_yx_2d_from(GRID)
    traced = {k: jnp.asarray(v) for k, v in POINT[cls].items()}
    on_jax = build(cls, **traced)
    for name in ("kappa_s", "scale_radius", "virial_radius"):
        assert float(getattr(on_jax, name)) == pytest.approx(getattr(profile, name), rel=1e-12)
    jitted = jax.jit(lambda p: p.deflections_yx_2d_from(jnp.asarray(GRID), xp=jnp))
    np.testing.assert_allclose(np.asarray(jitted(profile)), reference, rtol=1e-12)
    from_traced = jax.jit(lambda v: build(cls, **v).deflections_yx_2d_from(jnp.asarray(GRID),
                                                                           xp=jnp))
    np.testing.assert_allclose(np.asarray(from_traced(traced)), reference, rtol=1e-12)
    mass_name = cls.mass_name
    masses = POINT[cls][mass_name] * np.array([0.9, 1.0, 1.1])
    # jitted: eager vmap would compile every batched primitive separately (~15 s)
    batch = jax.jit(jax.vmap(lambda m: chi2(build(cls, **{mass_name: m}), jnp)))(
        jnp.asarray(masses))
    loop = [chi2(build(cls, **{mass_name: m}), np) for m in masses]
    np.testing.assert_allclose(np.asarray(batch), loop, rtol=1e-12)


# ------------------------------------------------------------------ gradients
@pytest.mark.parametrize("cls", CLASSES, ids=ids)
def test_gradients_inside_and_through_a_pytree_match_finite_differences(cls):
    """Through a pytree built outside: chi^2 of the deflections (the whole chain). Built inside
    the differentiated function: the derived parameters (the part that differs; eager JAX, as
    compiling the gradient of the gNFW kernels costs ~10 s per class)."""
    values = dict(POINT[cls])
    inside = jax.grad(lambda v: derived(build(cls, **v), jnp))(values)
    outside = jax.grad(lambda p: chi2(p, jnp))(build(cls))  # built outside the function
    for name, value in values.items():
        fd = central_difference(cls, name, value)
        assert abs(fd) > 0, name
        assert float(getattr(outside, name)) == pytest.approx(fd, rel=1e-6), name
        fd = central_difference(cls, name, value, f=derived)
        assert float(inside[name]) == pytest.approx(fd, rel=1e-6), name
    h = 1e-6
    fd = (chi2(build(cls, centre=(CENTRE[0] + h, CENTRE[1])), np)
          - chi2(build(cls, centre=(CENTRE[0] - h, CENTRE[1])), np)) / (2 * h)
    assert float(outside.centre[0]) == pytest.approx(fd, rel=1e-6)


@pytest.mark.parametrize("cls", CLASSES[1:], ids=ids[1:])
def test_bryan_norman_redshift_gradient(cls):
    """Built inside: d/dz includes dDelta_c/dz. Built outside: the resolved Delta is a leaf, so
    d/dz is at fixed Delta and d/dz + d/dDelta dDelta_c/dz is the total derivative."""
    z = POINT[cls]["redshift_object"]
    total = jax.grad(lambda z: chi2(build(cls, overdens=0.0, redshift_object=z), jnp))(z)
    fd_total = central_difference(cls, "redshift_object", z, overdens=0.0)
    assert float(total) == pytest.approx(fd_total, rel=1e-6)
    profile = build(cls, overdens=0.0)
    delta = profile.overdens
    assert delta == pytest.approx(bryan_norman(z), rel=1e-12)
    outside = jax.grad(lambda p: chi2(p, jnp))(profile)
    fd_fixed = central_difference(cls, "redshift_object", z, overdens=delta)
    assert float(outside.redshift_object) == pytest.approx(fd_fixed, rel=1e-6)
    h = 1e-5
    d_delta_dz = (bryan_norman(z + h) - bryan_norman(z - h)) / (2 * h)
    chain = float(outside.redshift_object) + float(outside.overdens) * d_delta_dz
    assert chain == pytest.approx(float(total), rel=1e-6)
    assert abs(float(total) - fd_fixed) > 1e-3 * abs(fd_total)  # the z-dependence matters


# ------------------------------------------------------------------ pytrees, validation
def test_leaves_are_the_positional_parameters_with_the_resolved_overdensity():
    profile = gNFWVirialMassConcSph(centre=(0.1, 0.2), log10m_vir=12.0, c_2=10.0, overdens=0.0)
    leaves, treedef = jax.tree_util.tree_flatten(profile)
    assert leaves == [0.1, 0.2, 12.0, 10.0, pytest.approx(bryan_norman(0.5), rel=1e-12), 0.5,
                      1.0, 1.0]
    rebuilt = jax.tree_util.tree_unflatten(treedef, leaves)
    assert rebuilt.kappa_s == profile.kappa_s and rebuilt.virial_radius == profile.virial_radius
    again = gNFWVirialMassConcSph(**{k: getattr(profile, k) for k in (
        "centre", "log10m_vir", "c_2", "overdens", "redshift_object", "redshift_source",
        "inner_slope")})
    assert again.kappa_s == pytest.approx(profile.kappa_s, rel=1e-15)
    with pytest.raises(AttributeError):
        profile.kappa_s = 1.0
    nfw = NFWVirialMassConcSph()
    assert jax.tree_util.tree_leaves(nfw) == [0.0, 0.0, 1e12, 10.0, 200.0, 0.5, 1.0]


BAD = [
    (NFWVirialMassConcSph, "virial_mass", -1.0), (NFWVirialMassConcSph, "concentration", 0.0),
    (NFWVirialMassConcSph, "virial_overdens", 0.0), (NFWVirialMassConcSph, "redshift_object", -0.1),
    (NFWVirialMassConcSph, "redshift_source", 0.3),
    (gNFWVirialMassConcSph, "log10m_vir", 400.0), (gNFWVirialMassConcSph, "log10m_vir", np.nan),
    (gNFWVirialMassConcSph, "c_2", -2.0), (gNFWVirialMassConcSph, "overdens", -1.0),
    (gNFWVirialMassConcSph, "inner_slope", 2.0), (gNFWVirialMassgNFWConcSph, "c_gNFW", np.inf),
    (gNFWVirialMassgNFWConcSph, "inner_slope", -0.1),
    (gNFWVirialMassgNFWConcSph, "overdens", np.inf),
]


@pytest.mark.parametrize("cls, name, value", BAD)
def test_bad_parameters_raise_on_numpy(cls, name, value):
    kwargs = dict(redshift_object=0.4, redshift_source=1.3) if name != "redshift_source" else {}
    with pytest.raises(ValueError, match=name):
        cls(**{**kwargs, name: value})


@pytest.mark.parametrize("cls", CLASSES, ids=ids)
def test_bad_traced_parameters_give_nan(cls):
    """Under jit: NaN in every derived parameter (one compile per class for all bad values), hence
    in every method (the base classes' _valid); the deflections are checked for one of them."""
    bad = {name: value for c, name, value in BAD if c is cls and not name.startswith("redshift")}
    bad["redshift_source"] = 0.3  # behind the lens (0.4)

    def derived_of_each(values):
        return [[getattr(build(cls, **{name: v}), n) for n in ("kappa_s", "scale_radius",
                                                                "virial_radius")]
                for name, v in values.items()]

    out = jax.jit(derived_of_each)({k: jnp.asarray(v) for k, v in bad.items()})
    assert np.all(np.isnan(np.asarray(out)))
    name, value = next(iter(bad.items()))
    assert np.all(np.isnan(build(cls, **{name: jnp.asarray(value)}).deflections_yx_2d_from(
        jnp.asarray(GRID), xp=jnp)))


def test_public_functions_validate():
    with pytest.raises(ValueError, match="virial_overdens"):
        nfw_module.kappa_s_and_scale_radius(1e12, 10.0, 0.0, 0.5, 1.0)
    with pytest.raises(ValueError, match="inner_slope"):
        c2_module.kappa_s_and_scale_radius(None, 1e12, 10.0, 0.0, 0.5, 1.0, 2.2)
    with pytest.raises(ValueError, match="concentration"):
        cg_module.kappa_s_and_scale_radius(None, 1e12, -1.0, 0.0, 0.5, 1.0, 1.0)


def test_priors_cover_every_positional_argument():
    folder = Path(ag.__file__).parent / "fit" / "config" / "priors" / "mass" / "dark"
    for cls in CLASSES:
        config = yaml.safe_load((folder / f"{cls.__module__.rsplit('.', 1)[1]}.yaml").read_text())
        names = []
        for p in list(inspect.signature(cls.__init__).parameters.values())[1:]:
            if p.kind == p.POSITIONAL_OR_KEYWORD:
                names += [f"{p.name}_0", f"{p.name}_1"] if p.name == "centre" else [p.name]
        assert list(config[cls.__name__]) == names
        for name in ("redshift_object", "redshift_source"):
            assert config[cls.__name__][name]["type"] == "Constant"
