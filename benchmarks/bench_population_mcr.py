"""Building halo populations: the concentration step beside colossus, and lenstronomy interop.

Run: /work/benchvenv/bin/python benchmarks/bench_population_mcr.py [concentration] [interop]
(no argument: both). Prints tables and ratios from one run; never asserts.

1. Concentration step: Ludlow16 c200c for 1e3, 1e4, 1e5 halos at distinct redshifts (masses
   1e6-1e10 Msun, z in [0.1, 1.5]): ours (NumPy; jitted JAX) beside colossus configured with our
   Planck15's parameters (total matter density, Tcmb0, Neff, sigma8, ns), one colossus call per
   redshift (extrapolated from 200 calls), and the whole from_mcr -> lens parameters step.
2. Interop: the main-plane halos of a pyHalo CDM realization (``CDM(0.5, 1.5,
   cone_opening_angle_arcsec=6)``, seeded), read from ``lensing_quantities()``, rendered with
   ``from_lenstronomy_kwargs`` and with lenstronomy's ``LensModel`` on the same keyword list
   (100 x 100 grid over the cone). pyhalo 1.5.2 imports three lenstronomy profile modules that
   lenstronomy 1.14 lacks (used only by optional extensions); they are stubbed here, in this
   process only, so the CDM preset runs. Without pyHalo a list in its parameter ranges is used.
"""

import os
import sys
import time
import types
import warnings

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from _timing import best_time  # noqa: E402

import autogalaxy  # noqa: E402, F401  (float64 for JAX)
from autogalaxy.cosmology import Planck15  # noqa: E402
from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_c200c  # noqa: E402
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr import NFWTruncatedMCRLudlowSph  # noqa: E402
from autogalaxy.profiles.mass.dark.population_lenstronomy import (  # noqa: E402
    from_lenstronomy_kwargs,
)
from autogalaxy.profiles.mass.dark.population_mcr import from_mcr  # noqa: E402

COSMO = Planck15()


def fmt(seconds):
    return f"{seconds * 1e3:9.2f} ms" if seconds < 10 else f"{seconds:9.2f} s "


# ------------------------------------------------------------------------ concentration step
def colossus_in_our_cosmology():
    from colossus.cosmology import cosmology

    params = dict(flat=True, H0=float(COSMO.H0), Om0=float(COSMO.Om0_total), Ob0=float(COSMO.Ob0),
                  sigma8=float(COSMO.sigma8), ns=float(COSMO.ns), Tcmb0=float(COSMO.Tcmb0),
                  Neff=float(COSMO.Neff))
    cosmology.setCosmology("ag_planck15_bench", params=params, persistence="")
    from colossus.halo import concentration

    return lambda m_h, z: concentration.modelLudlow16(m_h, z)[0]


def concentration_row(n, rng, colossus, jitted):
    """One table row: Ludlow16 and the whole lens-parameter step for n halos."""
    h = COSMO.h
    m = 10 ** rng.uniform(6.0, 10.0, n)
    z = rng.uniform(0.1, 1.5, n)
    t_np = best_time(lambda: ludlow16_c200c(m * h, z, COSMO, np), repeat=3, number=1)
    mj, zj = jnp.asarray(m * h), jnp.asarray(z)
    t_jit = best_time(lambda: jitted(mj, zj), repeat=5, block=jax.block_until_ready)
    k = 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        ref = np.array([colossus(m[i] * h, z[i]) for i in range(k)])
        t_col = (time.perf_counter() - start) / k * n
    diff = np.max(np.abs(ludlow16_c200c(m[:k] * h, z[:k], COSMO, np) / ref - 1.0))
    centres = np.zeros((n, 2))

    def lens_parameters(redshifts):
        return from_mcr(NFWTruncatedMCRLudlowSph, centres, m, redshifts, 2.0).lens_parameters()

    t_pop = best_time(lambda: lens_parameters(z), repeat=3, number=1)
    planes = np.round(z, 2)  # ~140 lens planes, as a pyHalo realization's ~70
    t_planes = best_time(lambda: lens_parameters(planes), repeat=3, number=1)
    pop = from_mcr(NFWTruncatedMCRLudlowSph, centres, m, z, 2.0)
    pop = jax.tree_util.tree_map(jnp.asarray, pop)  # JAX leaves: lens parameters under jit
    lens_jit = jax.jit(lambda p: p.lens_parameters()["kappa_s"])
    t_pop_jit = best_time(lambda: lens_jit(pop), repeat=3, number=1, block=jax.block_until_ready)
    print(f"{n:7d} {fmt(t_np)} {fmt(t_jit)} {fmt(t_col)} {t_col / t_jit:7.0f}x "
          f"{diff:19.2e} {fmt(t_pop)} {fmt(t_pop_jit)} {fmt(t_planes)}")


def bench_concentration():
    colossus = colossus_in_our_cosmology()
    jitted = jax.jit(lambda m, z: ludlow16_c200c(m, z, COSMO, jnp))
    rng = np.random.default_rng(0)
    print("\nLudlow16 c200c at distinct redshifts (M200c 1e6-1e10 Msun, z 0.1-1.5)")
    print(f"{'N':>7s} {'ours NumPy':>12s} {'ours jit':>12s} {'colossus':>12s} {'col/jit':>8s} "
          f"{'max |ours/col - 1|':>19s} | from_mcr -> lens parameters: {'NumPy':>8s} "
          f"{'jit':>12s} {'NumPy, 140 planes':>18s}")
    for n in (1_000, 10_000, 100_000):
        concentration_row(n, rng, colossus, jitted)
    print("(colossus: one modelLudlow16 call per halo, the per-call time of 200 calls times N; "
          "its default interpolation mode, whose spline noise is ~4e-4. The lens-parameter step "
          "is dominated by the three 64-node distance quadratures per distinct redshift)")


# ----------------------------------------------------------------------------------- interop
def import_pyhalo_cdm():
    """pyHalo's CDM preset, stubbing lenstronomy profile modules it imports but never uses here."""
    stubbed = []
    for _ in range(10):
        try:
            from pyHalo.PresetModels.cdm import CDM

            return CDM, stubbed
        except ModuleNotFoundError as error:
            name = error.name or ""
            if not name.startswith("lenstronomy.LensModel.Profiles."):
                raise
            module = types.ModuleType(name)

            def placeholder(attr, module_name=name):
                def unavailable(*args, **kwargs):
                    raise ImportError(f"{module_name}.{attr} is not in this lenstronomy")

                return type(attr, (), {"__getattr__": lambda self, a: unavailable})

            module.__getattr__ = placeholder
            sys.modules[name] = module
            stubbed.append(name)
    raise ImportError("pyHalo did not import")


def pyhalo_like_list(n, rng):
    names, kwargs = [], []
    for _ in range(n):
        rs = rng.uniform(0.01, 0.12)
        kwargs.append(dict(Rs=rs, alpha_Rs=10 ** rng.uniform(-6.0, -1.5),
                           center_x=rng.uniform(-3, 3), center_y=rng.uniform(-3, 3),
                           r_trunc=rs * 10 ** rng.uniform(-4, 1.6)))
        names.append("TNFW")
    return names, kwargs


def compare(label, names, kwargs):
    from lenstronomy.LensModel.lens_model import LensModel

    side = np.linspace(-3.0, 3.0, 100)
    yy, xx = np.meshgrid(side, side, indexing="ij")
    grid = np.stack([yy.ravel(), xx.ravel()], -1)
    keep = [i for i, kw in enumerate(kwargs) if kw.get("r_trunc", 1.0) > 0]  # lenstronomy: 1/0
    names_l, kwargs_l = [names[i] for i in keep], [kwargs[i] for i in keep]
    lens = LensModel(names_l)
    ax, ay = lens.alpha(grid[:, 1], grid[:, 0], kwargs_l)
    reference = np.stack([ay, ax], -1)
    pop = from_lenstronomy_kwargs(names, kwargs)
    ours = np.asarray(pop.deflections_yx_2d_from(grid))
    scale = np.max(np.abs(reference))
    err = np.max(np.abs(ours - reference)) / scale
    jitted = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp))
    gj = jnp.asarray(grid)
    t_jit = best_time(lambda: jitted(pop, gj), repeat=3, number=1, block=jax.block_until_ready)
    t_np = best_time(lambda: pop.deflections_yx_2d_from(grid), repeat=2, number=1)
    t_len = best_time(lambda: lens.alpha(grid[:, 1], grid[:, 0], kwargs_l), repeat=2, number=1)
    fast = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp, method="fast"))
    t_fast = best_time(lambda: fast(pop, gj), repeat=3, number=1, block=jax.block_until_ready)
    err_fast = np.max(np.abs(np.asarray(fast(pop, gj)) - reference)) / scale
    print(f"\n{label}: {pop.n_halos} halos ({len(kwargs) - len(keep)} with r_trunc = 0 dropped), "
          "100 x 100 grid")
    print(f"  max |ours - lenstronomy| / max |lenstronomy|: exact {err:.2e}, fast {err_fast:.2e}")
    print(f"  lenstronomy {fmt(t_len)} | ours exact NumPy {fmt(t_np)} ({t_len / t_np:.1f}x), "
          f"exact jit {fmt(t_jit)} ({t_len / t_jit:.1f}x), fast jit {fmt(t_fast)} "
          f"({t_len / t_fast:.1f}x)")


def bench_interop():
    try:
        cdm, stubbed = import_pyhalo_cdm()
    except Exception as error:  # noqa: BLE001 (report why and fall back)
        print(f"\npyHalo unavailable ({type(error).__name__}: {error}); pyHalo-like list instead")
        cdm = None
    if cdm is not None:
        print(f"\npyHalo imported with stubs for {stubbed}")
        np.random.seed(13)
        realization = cdm(0.5, 1.5, cone_opening_angle_arcsec=6)
        quantities = realization.lensing_quantities(add_mass_sheet_correction=False)
        names, redshifts, kwargs, _ = quantities
        redshifts = np.asarray(redshifts)
        main = np.isclose(redshifts, 0.5)
        tau = np.array([k["r_trunc"] / k["Rs"] for k, s in zip(kwargs, main) if s])
        rs = np.array([k["Rs"] for k, s in zip(kwargs, main) if s])
        print(f"realization: {len(kwargs)} halos on {len(np.unique(redshifts))} planes; main plane "
              f"{main.sum()} halos, tau {tau.min():.1e}-{tau.max():.1f}, r_s {rs.min():.3f}-"
              f"{rs.max():.3f} arcsec")
        plane_names = [n for n, s in zip(names, main) if s]
        plane_kwargs = [k for k, s in zip(kwargs, main) if s]
        compare("pyHalo CDM main plane", plane_names, plane_kwargs)
    names, kwargs = pyhalo_like_list(5130, np.random.default_rng(5))
    compare("pyHalo-like list (tau 1e-4-40, r_s 0.01-0.12)", names, kwargs)


if __name__ == "__main__":
    wanted = set(sys.argv[1:]) or {"concentration", "interop"}
    if "concentration" in wanted:
        bench_concentration()
    if "interop" in wanted:
        bench_interop()
