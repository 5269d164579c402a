"""Issue 14's validation contract over every public class and the public module functions.

For every class of ``ag.mp.__all__`` and every bad value of each of its parameters:
- NumPy: the constructor raises ValueError whose message names the argument and the range;
- JAX: built from traced parameters under jit, every output (convergence, deflections, potential,
  shear) is NaN;
- ``ag.checked``: the same call raises with the NumPy message (up to the formatting of the value).

One compiled function per class (the parameters are its arguments), so this stays fast.
"""

import functools
import inspect
import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.cosmology import FlatLambdaCDM, Planck15
from autogalaxy.exc import ModelParameterException
from autogalaxy.profiles.geometry_profiles import _parameter_names
from autogalaxy.profiles.mass.dark import (
    concentration_relations,
    diemer19,
    duffy08,
    halo_util,
    ludlow16,
    mcr_util,
)
from autogalaxy.profiles.mass.dark.nfw import nfw_enclosed_mass_hat

NAN, INF = float("nan"), float("inf")
GRID = np.array([[0.3, 0.4], [1.1, -0.7]])
METHODS = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from",
           "shear_yx_2d_from")
PAIRS = ("centre", "ell_comps")


def _redshift_source(defaults):
    z_l = defaults["redshift_object"]
    return [z_l, z_l - 0.3, NAN]


# Every bad value tried, by argument name (a callable gets the class's default parameters).
BAD = {
    "centre": [(NAN, 0.0), (0.0, INF)],
    "ell_comps": [(0.8, 0.8), (NAN, 0.0)],
    "kappa_s": [-0.1, NAN, INF],
    "scale_radius": [0.0, -1.0, NAN, INF],
    "core_radius": [0.0, -0.1, NAN, INF],
    "truncation_radius": [0.0, -1.0, NAN, INF],
    "interaction_radius": [-1.0, NAN, 4.0],  # 4 r_s > c_max r_s
    "inner_slope": [2.0, -0.5, NAN],
    "tau": [NAN, INF],
    "sigma_over_m": [-1.0, NAN, INF],
    "t_age": [-1.0, NAN, INF],
    "mass_at_200": [0.0, -1e9, NAN, INF],
    "scatter_sigma": [NAN, INF],
    "f_c": [0.0, 1.0, -0.1, NAN],
    "redshift_object": [-0.1, NAN, INF],
    "redshift_source": _redshift_source,
    "log10m_vir": [NAN, INF, 400.0],
    "virial_mass": [0.0, -1.0, NAN, INF],
    "concentration": [0.0, -1.0, NAN],
    "c_2": [0.0, NAN],
    "c_gNFW": [0.0, NAN],
    "virial_overdens": [-1.0, NAN],
    "overdens": [-1.0, NAN],
    "velocity_exponent": [8.0, NAN],
    "velocity_ref": [0.0, NAN],
}

CLASSES = {name: getattr(ag.mp, name) for name in ag.mp.__all__ if name != "MassProfile"}


@functools.cache
def _defaults(cls):
    """The float parameters of a default-constructed ``cls`` (its pytree leaves' values)."""
    profile = cls()
    out = {}
    for name in _parameter_names(cls):
        value = getattr(profile, name)
        out[name] = tuple(float(v) for v in value) if name in PAIRS else float(value)
    return out


def _bad_values(cls, name):
    values = BAD[name]
    return values(_defaults(cls)) if callable(values) else values


CASES = [
    pytest.param(cls, name, value, id=f"{cls.__name__}-{name}={value}")
    for cls in CLASSES.values()
    for name in _parameter_names(cls)
    if name in BAD
    for value in _bad_values(cls, name)
]


def test_every_constructor_parameter_has_bad_values():
    # a new parameter must be added to BAD (or be a setting, keyword-only)
    missing = {(c.__name__, n) for c in CLASSES.values() for n in _parameter_names(c)
               if n not in BAD}
    assert missing == set()


def _profile(cls, params):
    kwargs = {k: (v[0], v[1]) if k in PAIRS else v for k, v in params.items()}
    return cls(**kwargs)


@functools.cache
def _checked(cls):
    """``ag.checked`` of all four outputs: one compilation per class serves the NaN test (its
    values are plain jit's: the checks never change a value) and the message test."""

    def outputs(params):
        profile = _profile(cls, params)
        return [getattr(profile, m)(jnp.asarray(GRID), xp=jnp) for m in METHODS]

    return ag.checked(outputs)


def _traced_params(cls, name, value):
    params = {k: jnp.asarray(v, dtype=float) for k, v in _defaults(cls).items()}
    params[name] = jnp.asarray(value, dtype=float)
    return params


def _numpy_message(cls, name, value):
    kwargs = {name: value}
    if name == "redshift_source":
        kwargs["redshift_object"] = _defaults(cls)["redshift_object"]
    with pytest.raises(ValueError) as info:
        cls(**kwargs)
    return str(info.value)


def _stem(text):
    """The message without the offending value (NumPy prints a list, checkify a number)."""
    return text.split("; got ")[0]


@pytest.mark.parametrize("cls, name, value", CASES)
def test_bad_parameter(cls, name, value):
    text = _numpy_message(cls, name, value)
    assert re.match(rf"^\|?{re.escape(name)}\|? must be .+; got ", text), text

    message, outputs = _checked(cls).error_and_value(_traced_params(cls, name, value))
    for method, out in zip(METHODS, outputs):
        assert np.all(np.isnan(np.asarray(out))), (method, np.asarray(out))
    assert message is not None and _stem(message) == _stem(text)


@pytest.mark.parametrize("cls", list(CLASSES.values()), ids=list(CLASSES))
def test_checked_mode_raises_and_passes_valid_parameters_unchanged(cls):
    name, value = next((n, v) for c, n, v in (p.values for p in CASES) if c is cls)
    stem = re.escape(_stem(_numpy_message(cls, name, value)))
    with pytest.raises(ModelParameterException, match=f"^{stem}; got "):
        _checked(cls)(_traced_params(cls, name, value))
    params = _traced_params(cls, "centre", _defaults(cls)["centre"])
    profile = _profile(cls, _defaults(cls))
    for method, out in zip(METHODS, _checked(cls)(params)):
        np.testing.assert_allclose(np.asarray(out), getattr(profile, method)(GRID), rtol=1e-12)


@pytest.mark.parametrize("cls", [ag.mp.NFWSph, ag.mp.NFWMCRLudlowSph])
def test_plain_jit_without_checked_mode_gives_the_same_nan(cls):
    # the NaN comes from the validity masks, not from checked mode
    f = jax.jit(lambda params: [getattr(_profile(cls, params), m)(jnp.asarray(GRID), xp=jnp)
                                for m in METHODS])
    for c, name, value in (p.values for p in CASES):
        if c is cls:
            for out in f(_traced_params(cls, name, value)):
                assert np.all(np.isnan(np.asarray(out))), (name, value)


def test_a_profile_passed_into_the_checked_function_as_a_pytree_is_checked_too():
    # its constructor never runs inside: the validity mask itself emits the checks
    run = ag.checked(lambda p: p.deflections_yx_2d_from(jnp.asarray(GRID), xp=jnp))
    good = ag.mp.NFWSph(kappa_s=0.1)
    bad = jax.tree_util.tree_map(lambda v: v, good)
    object.__setattr__(bad, "kappa_s", -1.0)
    np.testing.assert_allclose(np.asarray(run(good)), good.deflections_yx_2d_from(GRID),
                               rtol=1e-12)
    with pytest.raises(ModelParameterException, match=r"^kappa_s must be finite and >= 0"):
        run(bad)


# --- module-level functions ---------------------------------------------------------------
def _duffy(v):
    return duffy08.duffy08_concentration_xp(v, 0.5)


FUNCTIONS = [
    ("mass_at_200", lambda v: concentration_relations.concentration_from("ludlow16", v, 0.5),
     [0.0, -1.0, NAN, INF]),
    ("redshift", lambda v: concentration_relations.concentration_from("duffy08", 1e12, v),
     [-0.1, NAN, INF]),
    ("mass_at_200", lambda v: ludlow16.ludlow16_concentration_xp(v, 0.5), [0.0, NAN, INF]),
    ("redshift", lambda v: ludlow16.ludlow16_concentration_xp(1e12, v), [-0.1, NAN]),
    ("mass_at_200", lambda v: diemer19.diemer19_concentration_xp(v, 0.5), [0.0, NAN, INF]),
    ("redshift", lambda v: diemer19.diemer19_concentration_xp(1e12, v), [-0.1, 201.0, NAN]),
    ("mass_at_200", _duffy, [0.0, NAN, INF]),
    ("redshift", lambda v: duffy08.duffy08_concentration_xp(1e12, v), [-0.1, NAN]),
    ("H0", lambda v: FlatLambdaCDM(H0=v, Om0=0.3), [0.0, NAN, INF]),
    ("Om0", lambda v: FlatLambdaCDM(H0=70.0, Om0=v), [0.0, 1.0, NAN]),
    ("Ob0", lambda v: FlatLambdaCDM(H0=70.0, Om0=0.3, Ob0=v), [-0.1, 0.3, NAN]),
    ("Tcmb0", lambda v: FlatLambdaCDM(H0=70.0, Om0=0.3, Tcmb0=v), [-1.0, NAN]),
    ("sigma8", lambda v: FlatLambdaCDM(H0=70.0, Om0=0.3, sigma8=v), [0.0, NAN]),
    ("ns", lambda v: FlatLambdaCDM(H0=70.0, Om0=0.3, ns=v), [NAN, INF]),
    ("redshift_1", lambda v: Planck15().kpc_per_arcsec_from(v), [-0.1, NAN]),
    ("redshift_1 - redshift_0",
     lambda v: Planck15().critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
         0.5, v), [0.2, NAN]),
    ("kappa_s", lambda v: halo_util.rho_s_from(v, 1.0, 0.5, 1.0), [-0.1, NAN, INF]),
    ("scale_radius", lambda v: halo_util.rho_s_from(0.1, v, 0.5, 1.0), [0.0, NAN]),
    ("kappa_s", lambda v: halo_util.concentration_and_mass_at_200_from(
        v, 1.0, 0.5, 1.0, nfw_enclosed_mass_hat), [-0.1, NAN]),
    ("delta", lambda v: halo_util.concentration_from_density_contrast(
        v, nfw_enclosed_mass_hat), [0.0, NAN]),
    ("mass_at_200", lambda v: mcr_util.kappa_s_and_scale_radius_for_ludlow(v, 0.0, 0.5, 1.0),
     [0.0, NAN, INF]),
    ("scatter_sigma", lambda v: mcr_util.kappa_s_and_scale_radius_for_ludlow(1e12, v, 0.5, 1.0),
     [NAN]),
    ("redshift_source", lambda v: mcr_util.kappa_s_and_scale_radius_for_ludlow(
        1e12, 0.0, 0.5, v), [0.5, 0.3, NAN]),
    ("mass_at_200", lambda v: mcr_util.kappa_s_and_scale_radius_for_duffy(v, 0.5, 1.0),
     [0.0, NAN]),
    ("inner_slope", lambda v: mcr_util.kappa_s_and_scale_radius_for_ludlow_gnfw(
        1e12, 0.0, v, 0.5, 1.0), [2.0, NAN]),
    ("f_c", lambda v: mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(
        1e12, 0.0, v, 0.5, 1.0), [0.0, 1.0, NAN]),
]
FUNCTION_CASES = [
    pytest.param(name, f, v, id=f"{name}={v}-{i}")
    for i, (name, f, values) in enumerate(FUNCTIONS)
    for v in values
]


@pytest.mark.parametrize("name, function, value", FUNCTION_CASES)
def test_bad_function_argument_is_named(name, function, value):
    with pytest.raises(ValueError) as info:
        function(value)
    assert str(info.value).startswith(f"{name} must be"), str(info.value)


def test_concentration_relation_kernels_give_nan_for_invalid_traced_input():
    for relation in ("ludlow16", "duffy08", "diemer19"):
        f = jax.jit(lambda m, z, r=relation: concentration_relations.concentration_from(
            r, m, z, xp=jnp))
        for m, z in ((0.0, 0.5), (NAN, 0.5), (1e12, -0.1), (1e12, NAN)):
            assert np.isnan(float(f(m, z))), (relation, m, z)
        assert np.isfinite(float(f(1e12, 0.5)))


# --- populations ----------------------------------------------------------------------------
def _population(**change):
    n = 3
    halos = dict(centres=np.zeros((n, 2)) + 0.1, kappa_s=np.full(n, 0.05),
                 scale_radius=np.full(n, 1.0), truncation_radius=np.full(n, 5.0))
    for k, v in change.items():
        halos[k] = np.array(halos[k], dtype=float)
        halos[k].flat[0] = v
    return halos


@pytest.mark.parametrize("name, value", [("centres", NAN), ("kappa_s", -1.0), ("kappa_s", NAN),
                                         ("scale_radius", 0.0), ("scale_radius", INF),
                                         ("truncation_radius", -1.0)])
def test_halo_population_bad_values(name, value):
    with pytest.raises(ValueError, match=rf"^{name} must be") as info:
        ag.mp.HaloPopulation(**_population(**{name: value}))
    traced = {k: jnp.asarray(v) for k, v in _population(**{name: value}).items()}
    f = jax.jit(lambda h: ag.mp.HaloPopulation(**h).deflections_yx_2d_from(
        jnp.asarray(GRID), xp=jnp))
    assert np.all(np.isnan(np.asarray(f(traced))))
    # ag.checked names the same argument from inside jit
    message, out = _POPULATION_CHECKED.error_and_value(traced)
    assert np.all(np.isnan(np.asarray(out)))
    assert message is not None and _stem(message) == _stem(str(info.value))


_POPULATION_CHECKED = ag.checked(lambda h: ag.mp.HaloPopulation(**h).deflections_yx_2d_from(
    jnp.asarray(GRID), xp=jnp))


@pytest.mark.parametrize("name, value", [("mass_at_200", 0.0), ("mass_at_200", NAN),
                                         ("centres", INF), ("redshift_object", -0.1),
                                         ("redshift_source", 0.4), ("f_c", 1.0)])
def test_halo_population_mcr_bad_values(name, value):
    kwargs = dict(centres=np.zeros((2, 2)), mass_at_200=np.full(2, 1e9), redshift_object=0.5,
                  redshift_source=1.0)
    if name == "f_c":
        kwargs.update(profile="cnfw")
    if name in ("mass_at_200", "centres"):
        kwargs[name] = np.array(kwargs[name], dtype=float)
        kwargs[name].flat[0] = value
    else:
        kwargs[name] = value
    with pytest.raises(ValueError, match=rf"^{name} must be") as info:
        ag.mp.HaloPopulationMCR(**kwargs)
    # traced: NaN deflections, and ag.checked reports the NumPy message
    kind = kwargs.pop("profile", "nfw")
    checked = ag.checked(lambda h: ag.mp.HaloPopulationMCR(**h, profile=kind)
                         .deflections_yx_2d_from(jnp.asarray(GRID), xp=jnp))
    message, out = checked.error_and_value({k: jnp.asarray(v) for k, v in kwargs.items()})
    assert np.all(np.isnan(np.asarray(out)))
    assert message is not None and _stem(message) == _stem(str(info.value))


@pytest.mark.parametrize("name, kwargs", [("sigma_sub", dict(sigma_sub=-1.0)),
                                          ("radius_arcsec", dict(radius_arcsec=0.0)),
                                          ("scatter_dex", dict(scatter_dex=NAN)),
                                          ("redshift_1", dict(redshift_object=-0.5))])
def test_sample_subhalos_bad_values(name, kwargs):
    args = dict(key=jax.random.PRNGKey(0), sigma_sub=0.01, redshift_object=0.5,
                redshift_source=1.0, radius_arcsec=1.0)
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        ag.mp.sample_subhalos(**{**args, **kwargs})


def test_classes_document_the_nan_rule():
    line = "Under jit, invalid parameters give NaN in every output; `ag.checked` reports which."
    missing = [n for n, c in CLASSES.items() if line not in " ".join((c.__doc__ or "").split())]
    assert missing == []
    assert all(line in " ".join(inspect.getdoc(c).split()) for c in
               (ag.mp.HaloPopulation, ag.mp.HaloPopulationMCR))
