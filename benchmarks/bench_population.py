"""Halo populations: exact and fast paths beside JAXtronomy's bulk path and lenstronomy.

Run: ``python benchmarks/bench_population.py [--quick]`` (the ``bench`` extra brings lenstronomy
and JAXtronomy; their rows are left out where they are missing). Prints tables; never asserts.
``--cases impl:n:side,...`` runs only the listed cases (each in a fresh subprocess), e.g.
``--cases fast:100000:100,fast_multipole:100000:100``; ``fast_multipole`` is the fast path with
the source-side far field (fast option ``multipole=True``, population_multipole); ``fast_grad``
and ``exact_grad`` (``--cases`` only) time jit(grad) of sum |alpha|^2 w.r.t. the whole population
(the last column then says whether every gradient is finite).

Cases: N in {1e2, 1e3, 5130, 1e4, 1e5} pyHalo-like truncated NFWs (seed 0) on 100 x 100 and
400 x 400 rays over [-3, 3]^2 arcsec, summed deflections, float64, single plane. Each case runs in
a fresh subprocess (``--case``), which reports the run time (wall and CPU, after compilation),
the compile time, the peak RSS (resource.getrusage) and the agreement with our exact path on a
strided subset of 400 rays. A case whose projected run time (from the same implementation's
ns per halo-pixel pair in the largest case finished before it) exceeds CAP_S, or whose projected
memory exceeds MEMORY_CAP_GIB (JAXtronomy's lax.map stacks the N x P fields), is skipped and says
so (OWN_CAP_S for our own paths); the ratio table then projects the skipped peer linearly in N
from its largest case of the run (marked ~). Then: the exact path per halo-pixel pair beside the
bare-kernel floor (the BMO09 closed form of _peers.floor_tnfw, no regrouping, on (batch, P)
arrays and on the exact path's cache-sized (128 x 1024) blocks), and 1e5 extended halos
(truncation at 2 r200, tau = 2 c) on 100 x 100.

Population (pyHalo-like, as issue 13 describes a CDM realization): masses 1e6-1e10 Msun with
dN/dm ~ m^-1.9; r_s = 0.01 (m / 1e6)^0.27 arcsec (0.01-0.12) with 0.05 dex scatter; tau = r_t / r_s
log-uniform in [1e-4, 40]; centres uniform in a disc of radius 3 arcsec; each halo at its own
redshift z in U(0.2, 1.4) (source at 2.0): kappa_s = m / (4 pi Sigma_crit(z) r_s^2 m_NFW(15)), with
Sigma_crit from the package's Planck15 (halos of distinct redshifts in one population).

lenstronomy / JAXtronomy take TNFW keyword lists: Rs = r_s, r_trunc = r_t, center_x/y, and
alpha_Rs = 4 kappa_s r_s (1 + ln(1/2)): lenstronomy's NFW.alpha2rho0 gives
rho0 = alpha_Rs / (4 Rs^2 (1 + ln 1/2)) and its TNFW deflection is 4 rho0 Rs g(x) / x^2 times the
offset [arcsec], while ours is kappa_s (4 B(x) / x^2) times the offset, so rho0 Rs = kappa_s
(private to this benchmark; the library's converter is population_lenstronomy).
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SIDES = (100, 400)
COUNTS = (100, 1000, 5130, 10_000, 100_000)
IMPLEMENTATIONS = ("exact", "fast", "fast_multipole", "jaxtronomy", "lenstronomy")
# fast_multipole: the fast path with fast_options multipole=True (population_multipole)
# jit(grad) of sum |alpha|^2 w.r.t. the whole population; only through --cases (not in main)
GRADIENTS = ("exact_grad", "fast_grad")
CAP_S = 60.0  # competitors (lenstronomy, JAXtronomy)
OWN_CAP_S = 150.0  # our exact / fast paths
MEMORY_CAP_GIB = 6.0
REPEAT_BELOW_S = 5.0  # cases faster than this are timed as the best of 3 more calls
HALF_WIDTH = 3.0
Z_SOURCE = 2.0
CHECK_RAYS = 400


# --- the population ------------------------------------------------------------------------


def population(n, seed=0, extended=False):
    """(centres (N, 2), kappa_s, r_s [arcsec], r_t [arcsec]) of a pyHalo-like population."""
    from autogalaxy.profiles.mass.dark.mcr_util import (
        concentration_from_relation,
        lensing_cosmology,
        radius_at_200_kpc,
    )

    rng = np.random.default_rng(seed)
    a, lo, hi = -0.9, 1e6, 1e10
    m = (lo**a + rng.uniform(size=n) * (hi**a - lo**a)) ** (1.0 / a)
    z = rng.uniform(0.2, 1.4, n)
    rho_crit, sigma_crit, kpc_per_arcsec = lensing_cosmology(z, Z_SOURCE)
    sigma_arcsec2 = sigma_crit * kpc_per_arcsec**2
    r = HALF_WIDTH * np.sqrt(rng.uniform(size=n))
    phi = rng.uniform(0.0, 2.0 * np.pi, n)
    centres = np.stack([r * np.sin(phi), r * np.cos(phi)], axis=-1)
    if extended:
        # MCR halos: Ludlow16 concentrations, r_s = r200 / c, truncation at 2 r200 (tau = 2c)
        c = np.asarray(concentration_from_relation(m, z), dtype=float)
        rs = radius_at_200_kpc(m, rho_crit) / c / kpc_per_arcsec
        mc = np.log1p(c) - c / (1.0 + c)
        return centres, m / (4 * np.pi * sigma_arcsec2 * rs**2 * mc), rs, 2.0 * c * rs
    rs = 0.01 * (m / 1e6) ** 0.27 * 10 ** rng.normal(0.0, 0.05, n)
    tau = 10 ** rng.uniform(-4.0, math.log10(40.0), n)
    m_nfw = math.log1p(15.0) - 15.0 / 16.0
    kappa_s = m / (4 * np.pi * sigma_arcsec2 * rs**2 * m_nfw)
    return centres, kappa_s, rs, rs * tau


def grid(side):
    t = np.linspace(-HALF_WIDTH, HALF_WIDTH, side)
    return np.stack(np.meshgrid(t, t, indexing="ij"), axis=-1).reshape(-1, 2)


def lenstronomy_kwargs(centres, kappa_s, rs, rt):
    alpha_rs = 4.0 * kappa_s * rs * (1.0 + math.log(0.5))
    return [
        {
            "Rs": rs[i],
            "alpha_Rs": alpha_rs[i],
            "r_trunc": rt[i],
            "center_x": centres[i, 1],
            "center_y": centres[i, 0],
        }
        for i in range(len(rs))
    ]


# --- one case, in its own process ------------------------------------------------------------


def _timed(run, block, quick):
    """(best wall [s], its CPU [s]) of compiled ``run``: 1 call if slow (>= REPEAT_BELOW_S),
    else best of 3 more (the first call after compilation runs slower: 10^5 halos on 100 x 100
    took 2.19 s once and 1.76 s at best, session 10)."""
    t0, c0 = time.perf_counter(), time.process_time()
    block(run())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if wall < REPEAT_BELOW_S and not quick:
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            block(run())
            w, c = time.perf_counter() - t0, time.process_time() - c0
            if w < wall:
                wall, cpu = w, c
    return wall, cpu


def _exact_on_subset(halos, rays):
    import jax
    import jax.numpy as jnp

    from autogalaxy.profiles.mass.dark.population import HaloPopulation

    pop = HaloPopulation(*[jnp.asarray(a) for a in halos])
    return np.asarray(jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp))(pop, rays))


def _agreement(out, reference):
    d = np.linalg.norm(np.asarray(out) - reference, axis=-1)
    return float(np.max(d) / np.max(np.linalg.norm(reference, axis=-1)))


def run_case(case):
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    from autogalaxy.profiles.mass.dark.population import HaloPopulation

    impl, n, side = case["impl"], case["n"], case["side"]
    halos = population(n, extended=case.get("extended", False))
    g = grid(side)
    subset = np.arange(0, len(g), max(1, len(g) // CHECK_RAYS))
    result = {"compile": 0.0}
    if impl in GRADIENTS:
        # jit(grad) of sum |alpha|^2 w.r.t. every leaf of the population (centres, kappa_s, r_s,
        # r_t); out = None: no agreement column, the gradient's finiteness is reported instead
        gj = jnp.asarray(g)
        pop = HaloPopulation(*[jnp.asarray(a) for a in halos], method=impl[: -len("_grad")])
        f = jax.jit(jax.grad(lambda p, g: jnp.sum(p.deflections_yx_2d_from(g, xp=jnp) ** 2)))
        t0 = time.perf_counter()
        compiled = f.lower(pop, gj).compile()
        result["compile"] = time.perf_counter() - t0
        wall, cpu = _timed(lambda: compiled(pop, gj), jax.block_until_ready, case.get("quick"))
        leaves = jax.tree_util.tree_leaves(compiled(pop, gj))
        result["finite"] = bool(all(np.all(np.isfinite(np.asarray(v))) for v in leaves))
        out = None
    elif impl in ("exact", "fast", "fast_multipole", "floor", "floor_blocks"):
        gj = jnp.asarray(g)
        if impl in ("exact", "fast", "fast_multipole"):
            extra = {"multipole": True} if impl == "fast_multipole" else {}
            method = "fast" if impl == "fast_multipole" else impl
            pop = HaloPopulation(*[jnp.asarray(a) for a in halos], method=method, **extra)
            f = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp))
            args = (pop, gj)
        else:
            f, args = _floor(impl, halos, gj)
        t0 = time.perf_counter()
        compiled = f.lower(*args).compile()
        result["compile"] = time.perf_counter() - t0
        wall, cpu = _timed(lambda: compiled(*args), jax.block_until_ready, case.get("quick"))
        out = np.asarray(compiled(*args))
        if impl.startswith("floor"):
            out = None
    elif impl == "lenstronomy":
        from lenstronomy.LensModel.lens_model import LensModel

        model = LensModel(["TNFW"] * n)
        kw = lenstronomy_kwargs(*halos)

        def run():
            ax, ay = model.alpha(g[:, 1], g[:, 0], kw)
            return np.stack([ay, ax], axis=-1)

        wall, cpu = _timed(run, lambda x: x, case.get("quick"))
        out = run() if wall < 2.0 else None
        if out is None:  # agreement from the subset only (the full run was timed above)
            ax, ay = model.alpha(g[subset, 1], g[subset, 0], kw)
            out_subset = np.stack([ay, ax], axis=-1)
    elif impl == "jaxtronomy":
        from jaxtronomy.LensModel.single_plane_bulk import SinglePlaneBulk

        model = SinglePlaneBulk(["TNFW"])
        prepared = model.prepare_ray_shooting_kwargs(["TNFW"] * n, lenstronomy_kwargs(*halos))
        x, y = jnp.asarray(g[:, 1]), jnp.asarray(g[:, 0])
        all_kwargs = {k: jnp.asarray(v) for k, v in prepared["all_kwargs"].items()}
        index = jnp.asarray(prepared["index_list"])

        def alpha(x, y, kw, index):
            bx, by = model.ray_shooting(x, y, kw, index)
            return jnp.stack([y - by, x - bx], axis=-1)

        f = jax.jit(alpha)
        t0 = time.perf_counter()
        compiled = f.lower(x, y, all_kwargs, index).compile()
        result["compile"] = time.perf_counter() - t0
        wall, cpu = _timed(
            lambda: compiled(x, y, all_kwargs, index), jax.block_until_ready, case.get("quick")
        )
        out = np.asarray(compiled(x, y, all_kwargs, index))
    else:
        raise ValueError(impl)
    result.update(wall=wall, cpu=cpu)
    if out is not None or impl == "lenstronomy":
        reference = _exact_on_subset(halos, jnp.asarray(g[subset]))
        got = out[subset] if out is not None else out_subset
        result["agreement"] = _agreement(got, reference)
    result["rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    return result


def _floor(kind, halos, gj):
    """The bare floor: sum over halos of _peers.floor_tnfw, chunked over 128 halos (scan)."""
    import jax
    import jax.numpy as jnp

    sys.path.insert(0, str(HERE))
    import _peers as peers

    centres, kappa_s, rs, rt = halos
    n = len(rs) // 128 * 128  # whole chunks (the ns per pair is what is reported)
    h = jnp.asarray(np.stack([kappa_s, rs, rt, centres[:, 0], centres[:, 1]])[:, :n])
    h = jnp.reshape(h, (5, -1, 128)).transpose(1, 0, 2)
    p = gj.shape[0]
    block_points = 1024 if kind == "floor_blocks" else p
    pts = jnp.reshape(gj[: p // block_points * block_points], (-1, block_points, 2))

    def per_points(_, g):
        def step(total, hh):
            ay, ax = peers.floor_tnfw(tuple(v[:, None] for v in hh), g[None, :, 0], g[None, :, 1])
            return total + jnp.stack([ay.sum(0), ax.sum(0)], -1), None

        return None, jax.lax.scan(step, jnp.zeros((g.shape[0], 2)), h)[0]

    f = jax.jit(lambda h, pts: jax.lax.scan(per_points, None, pts)[1])
    return f, (h, pts)


# --- the driver ----------------------------------------------------------------------------


def _spawn(case, timeout):
    env = dict(os.environ)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--case", json.dumps(case)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:]}


def _available(impl):
    if impl == "lenstronomy":
        return _importable("lenstronomy.LensModel.lens_model")
    if impl == "jaxtronomy":
        return _importable("jaxtronomy.LensModel.single_plane_bulk")
    return True


def _importable(name):
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _projected(impl, pairs, finished):
    """(seconds, GiB) projected from the largest finished case of ``impl`` (None if none)."""
    done = [r for r in finished if r["impl"] == impl and "wall" in r]
    if not done:
        return None, None
    last = max(done, key=lambda r: r["pairs"])
    seconds = last["wall"] * pairs / last["pairs"]
    gib = 0.6 + 16.0 * pairs / 2**30 if impl == "jaxtronomy" else None  # stacked (N, P, 2) fields
    return seconds, gib


def _row(r):
    if "wall" not in r:
        return f"{r['label']:<28s} {r['impl']:<12s} {r.get('note', r.get('error', ''))}"
    agree = f"{r['agreement']:.1e}" if "agreement" in r else "-"
    if "finite" in r:
        agree = "finite" if r["finite"] else "NON-FINITE"
    return (
        f"{r['label']:<28s} {r['impl']:<12s} {r['wall']:9.3f} {r['cpu']:9.3f} "
        f"{r['compile']:8.1f} {r['rss_gib']:7.2f} {1e9 * r['wall'] / r['pairs']:9.2f} {agree:>9s}"
    )


def main(quick=False):
    sides = (100,) if quick else SIDES
    counts = (100, 1000) if quick else COUNTS
    start = time.perf_counter()
    finished = []
    header = (
        f"{'case':<28s} {'impl':<12s} {'run [s]':>9s} {'cpu [s]':>9s} {'compile':>8s} "
        f"{'RSS GiB':>7s} {'ns/pair':>9s} {'vs exact':>9s}"
    )
    print("Halo populations: summed truncated-NFW deflections (pyHalo-like, float64)")
    print(header)
    for side in sides:
        for n in counts:
            for impl in IMPLEMENTATIONS:
                pairs = n * side * side
                rec = {
                    "label": f"{side}x{side}, N={n}",
                    "impl": impl,
                    "n": n,
                    "side": side,
                    "pairs": pairs,
                }
                if not _available(impl):
                    rec["note"] = "not installed"
                else:
                    seconds, gib = _projected(impl, pairs, finished)
                    cap = OWN_CAP_S if impl in ("exact", "fast", "fast_multipole") else CAP_S
                    if seconds is not None and seconds > cap:
                        rec["note"] = f"skipped: projected {seconds:.0f} s > {cap:.0f} s cap"
                    elif gib is not None and gib > MEMORY_CAP_GIB:
                        rec["note"] = (
                            f"skipped: projected {gib:.1f} GiB > {MEMORY_CAP_GIB:.0f} GiB cap "
                            "(lax.map stacks N x P fields)"
                        )
                    else:
                        case = {"impl": impl, "n": n, "side": side, "quick": quick}
                        rec.update(_spawn(case, timeout=20 * CAP_S))
                finished.append(rec)
                print(_row(rec), flush=True)
    _print_ratios(finished)
    if not quick:
        _floor_and_extended(finished)
    print(f"\nbenchmark wall time: {time.perf_counter() - start:.0f} s")


def _print_ratios(finished):
    """Fastest peer / ours, wall and CPU time. Where a peer was skipped, its time is projected
    linearly in N P from its own largest finished case of this run (marked ~): lenstronomy and
    JAXtronomy loop over the halos, so their time is linear in N at fixed P."""
    print("\nRatios (fastest peer / ours, wall | cpu; ~ = peer projected from this run)")
    by = {(r["side"], r["n"], r["impl"]): r for r in finished if "wall" in r}

    def peer_time(side, n, impl, key):
        if (side, n, impl) in by:
            return by[(side, n, impl)][key], ""
        same = [r for (s_, _, i), r in by.items() if s_ == side and i == impl]
        if not same:
            return None, ""
        last = max(same, key=lambda r: r["n"])
        return last[key] * n / last["n"], "~"

    for side, n in sorted({(r["side"], r["n"]) for r in finished}):
        parts = []
        for key in ("wall", "cpu"):
            peers = [peer_time(side, n, p, key) for p in ("jaxtronomy", "lenstronomy")]
            peers = [p for p in peers if p[0] is not None]
            if not peers:
                continue
            best, mark = min(peers)
            for impl in ("exact", "fast", "fast_multipole"):
                if (side, n, impl) in by:
                    parts.append(f"{impl} {key}: {mark}{best / by[(side, n, impl)][key]:.1f}x")
        if (side, n, "exact") in by and (side, n, "fast") in by:
            ratio = by[(side, n, "exact")]["wall"] / by[(side, n, "fast")]["wall"]
            parts.append(f"fast vs exact: {ratio:.1f}x")
        print(f"{side}x{side}, N={n:<7d} " + ("  ".join(parts) if parts else "-"))


def _floor_and_extended(finished):
    print("\nExact path per halo-pixel pair vs the bare floor (100x100, N=5130)")
    rows = []
    for impl in ("floor", "floor_blocks", "exact"):
        rec = {
            "label": "100x100, N=5130",
            "impl": impl,
            "n": 5130,
            "side": 100,
            "pairs": (5130 // 128 * 128 if impl.startswith("floor") else 5130) * 10_000,
        }
        rec.update(_spawn({"impl": impl, "n": 5130, "side": 100}, timeout=20 * CAP_S))
        rows.append(rec)
        print(_row(rec), flush=True)
    ok = [r for r in rows if "wall" in r]
    if len(ok) == 3:
        exact = ok[2]["wall"] / ok[2]["pairs"]
        print(
            f"exact / floor ((batch, P) arrays): {exact / (ok[0]['wall'] / ok[0]['pairs']):.2f}; "
            f"exact / floor (128 x 1024 blocks): {exact / (ok[1]['wall'] / ok[1]['pairs']):.2f}"
        )
    print("\nExtended halos (MCR-like: Ludlow16 c, r_t = 2 r200), 100x100, N=1e5")
    for impl in ("exact", "fast"):
        rec = {
            "label": "100x100, N=1e5 extended",
            "impl": impl,
            "n": 100_000,
            "side": 100,
            "pairs": 1e9,
        }
        rec.update(_spawn({"impl": impl, "n": 100_000, "side": 100, "extended": True}, 20 * CAP_S))
        print(_row(rec), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", help="run one case (JSON) and print its RESULT line")
    parser.add_argument("--quick", action="store_true", help="100x100 with N <= 1e3 only")
    parser.add_argument(
        "--cases",
        help="comma-separated impl:n:side cases run one by one (fresh process each), e.g. "
        "fast:100000:100,fast_multipole:100000:100",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    if args.case:
        print("RESULT " + json.dumps(run_case(json.loads(args.case))), flush=True)
    elif args.cases:
        for item in args.cases.split(","):
            impl, n, side = item.split(":")
            rec = {"label": f"{side}x{side}, N={n}", "impl": impl, "n": int(n), "side": int(side)}
            rec["pairs"] = int(n) * int(side) ** 2
            rec.update(_spawn({"impl": impl, "n": int(n), "side": int(side)}, 20 * CAP_S))
            print(_row(rec), flush=True)
    else:
        main(quick=args.quick)
