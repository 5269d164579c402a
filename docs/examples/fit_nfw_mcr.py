"""Fit the mass and centre of an NFWMCRLudlowSph halo to noisy deflections, two ways.

Run: ``python docs/examples/fit_nfw_mcr.py [--fast] [--no-autofit] [--seed N]``

The data are the deflection angles [arcsec] of an ``ag.mp.NFWMCRLudlowSph`` halo (M200c in Msun,
Ludlow16 concentration, Planck15) on a square grid, with Gaussian noise of known sigma on each
component, drawn from a fixed seed. The free parameters are ``mass_at_200`` and ``centre``; the
redshifts are fixed.

1. PyAutoFit (needs the ``fit`` extra): ``af.Model(ag.mp.NFWMCRLudlowSph)`` takes autogalaxy's
   shipped priors (mass_at_200 log-uniform in [1e8, 1e15] Msun, centre Gaussian(0, 0.1 arcsec));
   the ``af.Analysis`` is built with ``use_jax=True``, so PyAutoFit jit-compiles the
   log-likelihood, and ``af.DynestyStatic`` samples the posterior. Reports the median and the
   1-sigma (16th/84th percentile) errors.
2. Pure JAX (numpy, jax and autogalaxy only): BFGS (``jax.scipy.optimize.minimize``) on
   (log10 M200, y, x) and errors from the inverse Hessian of -ln L (``jax.hessian``; with
   ``--fast`` the cheaper inverse Fisher matrix), i.e. a Laplace approximation. With flat
   priors in log10 M and (here negligible) centre priors this is the posterior the sampler
   explores.

Both print the time per likelihood evaluation under ``jax.jit``. ``--fast`` uses a coarser grid
and fewer live points (the test suite runs it); the functions below take the same settings as
arguments.
"""

import argparse
import dataclasses
import importlib.util
import logging
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

# PyAutoFit checks that the working directory is a PyAutoFit "workspace"; this script is not one.
os.environ.setdefault("PYAUTO_SKIP_WORKSPACE_VERSION_CHECK", "1")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import jax.scipy.optimize  # noqa: E402

import autogalaxy as ag  # noqa: E402

TRUTH = {"centre_0": 0.05, "centre_1": -0.03, "mass_at_200": 2.0e12}
REDSHIFT_LENS, REDSHIFT_SOURCE = 0.5, 2.0


@dataclass(frozen=True)
class Settings:
    """Grid, noise and search settings of one run."""

    pixels: int = 40  # grid is pixels x pixels
    half_width: float = 4.0  # arcsec; grid spans [-half_width, half_width]
    noise_sigma: float = 0.02  # arcsec, per deflection component
    nlive: int = 150  # DynestyStatic live points
    seed: int = 2024


FULL = Settings()
FAST = Settings(pixels=16, nlive=40)


@dataclass(frozen=True)
class Dataset:
    grid: np.ndarray  # (N, 2) (y, x) [arcsec]
    data: np.ndarray  # (N, 2) noisy deflections (y, x) [arcsec]
    noise_sigma: float  # [arcsec]
    truth: dict
    redshift_object: float
    redshift_source: float


def simulate(settings: Settings = FULL, truth: dict = TRUTH) -> Dataset:
    """Noisy deflections [arcsec] of an NFWMCRLudlowSph halo on a square grid (fixed seed)."""
    x = np.linspace(-settings.half_width, settings.half_width, settings.pixels)
    y, x = np.meshgrid(x[::-1], x, indexing="ij")
    grid = np.stack([y.ravel(), x.ravel()], axis=-1)
    halo = ag.mp.NFWMCRLudlowSph(
        centre=(truth["centre_0"], truth["centre_1"]),
        mass_at_200=truth["mass_at_200"],
        redshift_object=REDSHIFT_LENS,
        redshift_source=REDSHIFT_SOURCE,
    )
    rng = np.random.default_rng(settings.seed)
    clean = halo.deflections_yx_2d_from(grid)
    data = clean + settings.noise_sigma * rng.standard_normal(clean.shape)
    return Dataset(grid, data, settings.noise_sigma, dict(truth), REDSHIFT_LENS, REDSHIFT_SOURCE)


def log_likelihood_of_halo(halo, dataset: Dataset, xp=np):
    """Gaussian ln L of the deflection data given a mass profile (up to a constant)."""
    model = halo.deflections_yx_2d_from(xp.asarray(dataset.grid), xp=xp)
    return -0.5 * xp.sum(((xp.asarray(dataset.data) - model) / dataset.noise_sigma) ** 2)


def time_per_call(fn, *args, repeats: int = 200) -> float:
    """Mean seconds per call of an already-compiled jitted ``fn`` (results blocked on)."""
    jax.block_until_ready(fn(*args))
    start = time.perf_counter()
    for _ in range(repeats):
        out = fn(*args)
    jax.block_until_ready(out)
    return (time.perf_counter() - start) / repeats


# ---------------------------------------------------------------------------------------------
# Route 1: PyAutoFit
# ---------------------------------------------------------------------------------------------


def fit_with_autofit(dataset: Dataset, nlive: int = FULL.nlive, quiet: bool = True) -> dict:
    """Sample (centre, mass_at_200) with af.DynestyStatic and a jit-compiled likelihood.

    Returns ``{"names", "median", "lower", "upper", "seconds_per_call", "fit_seconds",
    "likelihood_calls"}``: medians and 1-sigma bounds (16th/84th percentiles) per parameter, in
    the model's order. ``quiet`` lowers the root logger (which PyAutoFit sets to INFO) to WARNING.
    """
    import autofit as af

    import autogalaxy.fit  # noqa: F401  registers autogalaxy's priors with PyAutoFit

    if quiet:
        logging.getLogger().setLevel(logging.WARNING)

    class AnalysisDeflections(af.Analysis):
        """ln L of noisy deflections; with use_jax=True PyAutoFit jit-compiles it."""

        def __init__(self, dataset: Dataset, use_jax: bool = True):
            super().__init__(use_jax=use_jax)
            self.dataset = dataset

        def log_likelihood_function(self, instance):
            return log_likelihood_of_halo(instance, self.dataset, xp=self._xp)

    model = af.Model(ag.mp.NFWMCRLudlowSph)
    model.redshift_object = dataset.redshift_object  # fixed values, not free parameters
    model.redshift_source = dataset.redshift_source
    analysis = AnalysisDeflections(dataset, use_jax=True)

    # The same jitted map PyAutoFit builds: parameter vector -> instance -> ln L.
    jitted = jax.jit(
        lambda v: analysis.log_likelihood_function(model.instance_from_vector(v, xp=jnp))
    )
    vector = jnp.array([dataset.truth[name] for name in model.parameter_names])
    seconds_per_call = time_per_call(jitted, vector)

    # No name / path_prefix: PyAutoFit writes nothing to disk.
    search = af.DynestyStatic(nlive=nlive, number_of_cores=1, silence=True)
    start = time.perf_counter()
    result = search.fit(model=model, analysis=analysis)
    fit_seconds = time.perf_counter() - start

    samples = result.samples
    bounds = samples.values_at_sigma(sigma=1.0, as_instance=False)
    return {
        "names": list(model.parameter_names),
        "median": list(samples.median_pdf(as_instance=False)),
        "lower": [lo for lo, _ in bounds],
        "upper": [hi for _, hi in bounds],
        "seconds_per_call": seconds_per_call,
        "fit_seconds": fit_seconds,
        "likelihood_calls": (getattr(samples, "samples_info", None) or {}).get("total_samples"),
    }


# ---------------------------------------------------------------------------------------------
# Route 2: pure JAX (no PyAutoFit)
# ---------------------------------------------------------------------------------------------


def residuals_from(dataset: Dataset):
    """Normalised residuals (data - model) / sigma, flattened, as a function of
    theta = (log10 M200 [Msun], centre y, centre x [arcsec])."""
    grid, data = jnp.asarray(dataset.grid), jnp.asarray(dataset.data)

    def residuals(theta):
        halo = ag.mp.NFWMCRLudlowSph(
            centre=(theta[1], theta[2]),
            mass_at_200=10.0 ** theta[0],
            redshift_object=dataset.redshift_object,
            redshift_source=dataset.redshift_source,
        )
        return ((data - halo.deflections_yx_2d_from(grid, xp=jnp)) / dataset.noise_sigma).ravel()

    return residuals


def fit_with_jax(dataset: Dataset, theta0=(11.5, 0.0, 0.0), exact_hessian: bool = True) -> dict:
    """BFGS maximum likelihood in theta = (log10 M, y, x) and Laplace 1-sigma errors.

    The covariance is the inverse Hessian of -ln L at the best fit (``jax.hessian``), or with
    ``exact_hessian=False`` the inverse Fisher matrix J^T J (J the Jacobian of the normalised
    residuals, ``jax.jacfwd``): the same to within the noise for this least-squares problem
    and much cheaper to compile. BFGS starts from the identity matrix, so it runs in whitened
    coordinates u with theta = theta0 + T u, T T^T = (J^T J)^-1 at ``theta0``; unscaled, its first
    step in log10 M overshoots by orders of magnitude and the line search gives up. ``theta0``
    defaults to the prior medians of the PyAutoFit route.

    Returns the keys of :func:`fit_with_autofit` (``median`` is the best fit; the bounds are
    best fit -/+ 1 sigma, for the mass 10**(log10 M -/+ sigma)) plus ``sigma_log10_mass``,
    ``covariance`` (of theta), ``covariance_from`` and the BFGS status.
    """
    residuals = residuals_from(dataset)

    def nll(theta):  # -ln L up to a constant
        return 0.5 * jnp.sum(residuals(theta) ** 2)

    nll_jit = jax.jit(nll)
    value_and_grad = jax.jit(jax.value_and_grad(nll))
    jacobian = jax.jit(jax.jacfwd(residuals))
    theta0 = jnp.asarray(theta0, dtype=float)
    seconds_per_call = time_per_call(nll_jit, theta0)
    seconds_per_value_and_grad = time_per_call(value_and_grad, theta0)

    @jax.jit
    def bfgs(theta0, whiten):
        solution = jax.scipy.optimize.minimize(
            lambda u: nll(theta0 + whiten @ u), jnp.zeros_like(theta0), method="BFGS"
        )
        return theta0 + whiten @ solution.x, solution.success, solution.nit

    start = time.perf_counter()
    j0 = jacobian(theta0)
    whiten = jnp.linalg.inv(jnp.linalg.cholesky(j0.T @ j0)).T
    theta, success, iterations = jax.block_until_ready(bfgs(theta0, whiten))
    if exact_hessian:
        covariance = np.linalg.inv(np.asarray(jax.jit(jax.hessian(nll))(theta)))
    else:
        j = np.asarray(jacobian(theta))
        covariance = np.linalg.inv(j.T @ j)
    fit_seconds = time.perf_counter() - start

    sigma = np.sqrt(np.diag(covariance))
    log10_mass, y, x = (float(v) for v in theta)
    return {
        "names": ["centre_0", "centre_1", "mass_at_200"],
        "median": [y, x, 10.0**log10_mass],
        "lower": [y - sigma[1], x - sigma[2], 10.0 ** (log10_mass - sigma[0])],
        "upper": [y + sigma[1], x + sigma[2], 10.0 ** (log10_mass + sigma[0])],
        "sigma_log10_mass": float(sigma[0]),
        "covariance": covariance,
        "covariance_from": "inverse Hessian" if exact_hessian else "inverse Fisher J^T J",
        "success": bool(success),
        "iterations": int(iterations),
        "seconds_per_call": seconds_per_call,
        "seconds_per_value_and_grad": seconds_per_value_and_grad,
        "fit_seconds": fit_seconds,
    }


# ---------------------------------------------------------------------------------------------


def pulls(result: dict, truth: dict) -> list:
    """(estimate - truth) / (1-sigma error on the side of the truth), per parameter."""
    out = []
    for name, mid, lo, hi in zip(
        result["names"], result["median"], result["lower"], result["upper"]
    ):
        error = (hi - mid) if truth[name] > mid else (mid - lo)
        out.append((mid - truth[name]) / error)
    return out


def print_result(title: str, result: dict, truth: dict) -> None:
    print(f"\n{title}")
    print(
        f"  {'parameter':<12} {'truth':>12} {'estimate':>12} {'-1 sigma':>11} {'+1 sigma':>11} "
        f"{'pull':>6}"
    )
    for name, mid, lo, hi, pull in zip(
        result["names"], result["median"], result["lower"], result["upper"], pulls(result, truth)
    ):
        fmt = ".4e" if name == "mass_at_200" else ".5f"
        print(
            f"  {name:<12} {truth[name]:>12{fmt}} {mid:>12{fmt}} {mid - lo:>11.2e} "
            f"{hi - mid:>11.2e} {pull:>6.2f}"
        )
    line = f"  jitted ln L: {result['seconds_per_call'] * 1e6:.0f} us per evaluation"
    if "seconds_per_value_and_grad" in result:
        line += f", value+grad {result['seconds_per_value_and_grad'] * 1e6:.0f} us"
    line += f"; fit wall time {result['fit_seconds']:.1f} s"
    if result.get("likelihood_calls"):
        line += f" for {result['likelihood_calls']} likelihood calls"
    print(line)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="coarse grid, few live points")
    parser.add_argument("--no-autofit", action="store_true", help="only the pure-JAX route")
    parser.add_argument("--seed", type=int, default=None, help="noise seed")
    args = parser.parse_args(argv)

    settings = FAST if args.fast else FULL
    if args.seed is not None:
        settings = dataclasses.replace(settings, seed=args.seed)
    dataset = simulate(settings)
    print(
        f"NFWMCRLudlowSph, z_l = {dataset.redshift_object}, z_s = {dataset.redshift_source}: "
        f"{settings.pixels}x{settings.pixels} deflections over +/-{settings.half_width} arcsec, "
        f"noise {settings.noise_sigma} arcsec, seed {settings.seed}; jax {jax.__version__} "
        f"on {jax.devices()[0].platform}"
    )

    results = {"jax": fit_with_jax(dataset, exact_hessian=not args.fast)}
    print_result(
        f"Pure JAX: BFGS ({results['jax']['iterations']} iterations) + "
        f"{results['jax']['covariance_from']} (best fit, Laplace 1-sigma)",
        results["jax"],
        dataset.truth,
    )
    if not args.no_autofit and importlib.util.find_spec("autofit") is None:
        print("\nPyAutoFit route skipped: autofit is not installed (pip install 'autogalaxy[fit]')")
    elif not args.no_autofit:
        results["autofit"] = fit_with_autofit(dataset, nlive=settings.nlive)
        print_result(
            f"PyAutoFit {_autofit_version()}: DynestyStatic(nlive={settings.nlive}), "
            "use_jax=True (median, 16th/84th percentiles)",
            results["autofit"],
            dataset.truth,
        )
    return results


def _autofit_version() -> str:
    import autofit

    return autofit.__version__


if __name__ == "__main__":
    main(sys.argv[1:])
