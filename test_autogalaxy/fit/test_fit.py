"""PyAutoFit integration (``autogalaxy.fit``) and the fit example ``docs/examples/fit_nfw_mcr.py``.

autofit is part of the ``test`` extra, so every test here runs wherever the suite runs (a missing
autofit is a failure, never a skip).
"""

import importlib.util
import inspect
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import yaml

import autogalaxy as ag

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "fit_nfw_mcr.py"
PRIORS = Path(ag.__file__).parent / "fit" / "config" / "priors"  # the imported package's files
PRIOR_TYPES = {"Gaussian", "TruncatedGaussian", "Uniform", "LogUniform", "Constant"}
FIXED = {"redshift_object", "redshift_source"}
PULL_MAX = 3.0  # |estimate - truth| in units of the fit's own 1-sigma error


def require_autofit():
    os.environ.setdefault("PYAUTO_SKIP_WORKSPACE_VERSION_CHECK", "1")  # not a PyAutoFit workspace
    with warnings.catch_warnings():  # autofit's "Python 3.11 is not first-class" notice
        warnings.simplefilter("ignore", UserWarning)
        import autofit
    import autogalaxy.fit

    autogalaxy.fit.register_priors()
    return autofit


def load_example():
    spec = importlib.util.spec_from_file_location("fit_nfw_mcr", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def profile_classes():
    return [getattr(ag.mp, name) for name in ag.mp.__all__]


def parameter_names(cls):
    """Constructor arguments as PyAutoFit names them (tuples become name_0, name_1)."""
    out = []
    for name, p in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or p.kind == p.KEYWORD_ONLY:  # settings (cosmology=, solver=)
            continue
        if isinstance(p.default, tuple):
            out += [f"{name}_{i}" for i in range(len(p.default))]
        else:
            out.append(name)
    return out


def prior_entries(cls):
    """The YAML entries for ``cls``: priors/<module path below autogalaxy.profiles>.yaml."""
    relative = cls.__module__.removeprefix("autogalaxy.profiles.").split(".")
    path = PRIORS.joinpath(*relative).with_suffix(".yaml")
    return yaml.safe_load(path.read_text())[cls.__name__]


def support(entry):
    """(low, median, high) of a prior entry, Gaussians at mean -/+ 3 sigma."""
    kind = entry["type"]
    if kind == "Constant":
        return (entry["value"],) * 3
    if kind == "Gaussian":
        m, s = entry["mean"], entry["sigma"]
        return m - 3 * s, m, m + 3 * s
    if kind == "TruncatedGaussian":
        m, s = entry["mean"], entry["sigma"]
        return max(m - 3 * s, entry["lower_limit"]), m, min(m + 3 * s, entry["upper_limit"])
    lo, hi = entry["lower_limit"], entry["upper_limit"]
    return lo, (np.sqrt(lo * hi) if kind == "LogUniform" else 0.5 * (lo + hi)), hi


def build(cls, values):
    kwargs, tuples = {}, {}
    for name, value in values.items():
        head, _, index = name.rpartition("_")
        if index.isdigit() and head in ("centre", "ell_comps"):
            tuples.setdefault(head, {})[int(index)] = value
        else:
            kwargs[name] = value
    kwargs.update({k: (v[0], v[1]) for k, v in tuples.items()})
    return cls(**kwargs)


# --- prior files (no autofit needed) -----------------------------------------------------------


@pytest.mark.parametrize("cls", profile_classes(), ids=lambda c: c.__name__)
def test_every_constructor_argument_has_a_prior_entry(cls):
    entries = prior_entries(cls)
    assert list(entries) == parameter_names(cls)
    defaults = {n: p.default for n, p in inspect.signature(cls.__init__).parameters.items()}
    for name, entry in entries.items():
        assert entry["type"] in PRIOR_TYPES, name
        if name in FIXED:  # redshifts are fixed values equal to the class defaults
            assert entry == {"type": "Constant", "value": defaults[name]}
            continue
        assert entry["type"] != "Constant", name
        lower, upper = entry["limits"]["lower"], entry["limits"]["upper"]
        low, _, high = support(entry)
        assert lower <= low < high <= upper, name
        assert entry["width_modifier"]["type"] in ("Absolute", "Relative")
    if "mass_at_200" in entries:
        mass = entries["mass_at_200"]
        assert (mass["type"], mass["lower_limit"], mass["upper_limit"]) == ("LogUniform", 1e8, 1e15)


@pytest.mark.parametrize("cls", profile_classes(), ids=lambda c: c.__name__)
def test_profiles_are_valid_across_their_prior_ranges(cls):
    entries = prior_entries(cls)
    medians = {name: support(entry)[1] for name, entry in entries.items()}
    grid = np.array([[0.3, -0.2], [1.5, 2.0], [-4.0, 0.1]])
    for name, entry in entries.items():
        for value in support(entry)[::2]:
            profile = build(cls, {**medians, name: value})
            if cls is not ag.mp.MassProfile:  # abstract: no deflections
                assert np.all(np.isfinite(profile.deflections_yx_2d_from(grid))), (name, value)


def test_shipped_centre_and_ellipticity_priors():
    entries = prior_entries(ag.mp.NFWMCRLudlow)
    assert entries["centre_0"]["type"] == "Gaussian"
    assert (entries["centre_0"]["mean"], entries["centre_0"]["sigma"]) == (0.0, 0.1)
    ell = entries["ell_comps_1"]
    assert (ell["type"], ell["mean"], ell["sigma"]) == ("TruncatedGaussian", 0.0, 0.3)
    assert (ell["lower_limit"], ell["upper_limit"]) == (-1.0, 1.0)


# --- without autofit ---------------------------------------------------------------------------


def test_autogalaxy_works_without_autofit():
    code = textwrap.dedent(
        """
        import sys
        sys.modules["autofit"] = None  # import autofit now raises ImportError
        import jax, jax.numpy as jnp, numpy as np
        import autogalaxy as ag
        import autogalaxy.fit
        assert not autogalaxy.fit.autofit_available()
        assert autogalaxy.fit.register_priors() is False
        grid = np.array([[0.5, 0.3], [1.0, -2.0]])
        halo = ag.mp.NFWMCRLudlowSph(centre=(0.1, 0.0), mass_at_200=1e12)
        expected = halo.deflections_yx_2d_from(grid)
        f = jax.jit(lambda m: ag.mp.NFWMCRLudlowSph(centre=(0.1, 0.0), mass_at_200=m)
                    .deflections_yx_2d_from(jnp.asarray(grid), xp=jnp))
        np.testing.assert_allclose(f(1e12), expected, rtol=1e-10)
        assert "autofit" not in [m for m in sys.modules if sys.modules[m] is not None]
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_plain_import_does_not_import_autofit():
    code = "import sys, autogalaxy; print('autofit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# --- with autofit ------------------------------------------------------------------------------


def test_register_priors_is_idempotent():
    require_autofit()
    from autofit import conf

    import autogalaxy.fit

    assert autogalaxy.fit.register_priors() and autogalaxy.fit.register_priors()
    paths = [Path(p) for p in conf.instance.paths]
    assert paths.count(autogalaxy.fit.CONFIG_DIRECTORY) == 1
    assert paths.index(autogalaxy.fit.CONFIG_DIRECTORY) == 1  # after the workspace config


@pytest.mark.parametrize("cls", profile_classes(), ids=lambda c: c.__name__)
def test_every_profile_builds_an_autofit_model(cls):
    af = require_autofit()
    model = af.Model(cls)
    free = [n for n in parameter_names(cls) if n not in FIXED]
    assert model.prior_count == len(free)
    instance = model.instance_from_prior_medians()
    assert isinstance(instance, cls)
    for name in FIXED & set(parameter_names(cls)):
        assert getattr(instance, name) == inspect.signature(cls).parameters[name].default
    if cls is ag.mp.MassProfile:  # abstract: no deflections
        return
    deflections = instance.deflections_yx_2d_from(np.array([[0.4, 0.2], [-1.0, 2.0]]))
    assert np.all(np.isfinite(deflections))


def test_nfw_mcr_model_priors_fixed_redshifts_and_vectors():
    af = require_autofit()
    model = af.Model(ag.mp.NFWMCRLudlowSph)
    model.redshift_object = 0.3
    model.redshift_source = 1.4
    assert model.parameter_names == ["centre_0", "centre_1", "mass_at_200"]
    mass = model.mass_at_200
    assert isinstance(mass, af.LogUniformPrior)
    assert (mass.lower_limit, mass.upper_limit) == (1e8, 1e15)
    assert isinstance(model.centre.centre_0, af.GaussianPrior)
    assert (model.centre.centre_0.mean, model.centre.centre_0.sigma) == (0.0, 0.1)
    assert model.instance_from_prior_medians().mass_at_200 == pytest.approx(10**11.5)

    instance = model.instance_from_vector([0.1, -0.2, 3e12])
    reference = ag.mp.NFWMCRLudlowSph((0.1, -0.2), 3e12, redshift_object=0.3, redshift_source=1.4)
    assert instance.redshift_object == 0.3 and instance.redshift_source == 1.4
    assert instance.kappa_s == pytest.approx(reference.kappa_s, rel=1e-12)
    assert instance.scale_radius == pytest.approx(reference.scale_radius, rel=1e-12)

    grid = np.array([[0.5, 0.3], [1.0, -2.0]])
    jitted = jax.jit(
        lambda v: model.instance_from_vector(v, xp=jnp).deflections_yx_2d_from(grid, xp=jnp)
    )
    np.testing.assert_allclose(
        jitted(jnp.array([0.1, -0.2, 3e12])), reference.deflections_yx_2d_from(grid), rtol=1e-10
    )


def test_workspace_prior_config_overrides_the_shipped_one(tmp_path):
    af = require_autofit()
    from autofit import conf

    priors = tmp_path / "priors" / "mass" / "dark"
    priors.mkdir(parents=True)
    (priors / "nfw_mcr.yaml").write_text(
        "NFWMCRLudlowSph:\n  mass_at_200:\n    type: LogUniform\n"
        "    lower_limit: 1.0e+10\n    upper_limit: 1.0e+13\n"
    )
    configs = conf.instance.configs
    try:
        conf.instance.push(tmp_path)
        model = af.Model(ag.mp.NFWMCRLudlowSph)
        assert (model.mass_at_200.lower_limit, model.mass_at_200.upper_limit) == (1e10, 1e13)
        assert model.centre.centre_0.sigma == 0.1  # other entries still come from autogalaxy
    finally:
        conf.instance.configs = configs


# --- the example: fast versions of both routes -------------------------------------------------


@pytest.fixture(scope="module")
def example():
    module = load_example()
    return module, module.simulate(module.FAST)


@pytest.fixture(scope="module")
def laplace(example):
    module, dataset = example
    return module.fit_with_jax(dataset, exact_hessian=False)


def assert_recovers_truth(module, result, truth):
    for name, pull in zip(result["names"], module.pulls(result, truth)):
        assert abs(pull) < PULL_MAX, (name, pull)
    for lo, mid, hi in zip(result["lower"], result["median"], result["upper"]):
        assert lo < mid < hi


def test_pure_jax_route_recovers_the_halo(example, laplace):
    module, dataset = example
    assert laplace["success"]
    assert_recovers_truth(module, laplace, dataset.truth)
    assert 0.0 < laplace["sigma_log10_mass"] < 0.02
    assert laplace["seconds_per_call"] > 0


def test_autofit_route_recovers_the_halo_and_agrees_with_pure_jax(example, laplace):
    require_autofit()
    module, dataset = example
    sampled = module.fit_with_autofit(dataset, nlive=module.FAST.nlive)
    assert sampled["names"] == ["centre_0", "centre_1", "mass_at_200"]
    assert_recovers_truth(module, sampled, dataset.truth)
    for mid, lo, hi, best, best_hi in zip(
        sampled["median"], sampled["lower"], sampled["upper"], laplace["median"], laplace["upper"]
    ):
        sigma_sampled, sigma_laplace = 0.5 * (hi - lo), best_hi - best
        assert abs(mid - best) < sigma_laplace  # the two estimates agree
        assert 0.6 < sigma_sampled / sigma_laplace < 1.6  # and so do their errors


def test_cosmology_model_has_fixed_priors_at_the_defaults():
    af = require_autofit()
    for cls in (ag.cosmology.FlatLambdaCDM, ag.cosmology.model.FlatLambdaCDM):
        model = af.Model(cls)
        assert model.prior_count == 0
        instance = model.instance_from_prior_medians()
        defaults = inspect.signature(cls).parameters
        for name in ("H0", "Om0", "Tcmb0", "Neff", "Ob0", "sigma8", "ns"):
            assert getattr(instance, name) == defaults[name].default
        assert instance.m_nu == (0.0, 0.0, 0.0)
    model = af.Model(ag.cosmology.FlatLambdaCDM)
    model.H0 = af.UniformPrior(lower_limit=60.0, upper_limit=80.0)
    assert model.prior_count == 1
