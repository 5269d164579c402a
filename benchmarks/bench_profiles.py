"""NFW-family deflections and their gradients beside JAXtronomy, lenstronomy and a bare jnp floor.

Run: ``python benchmarks/bench_profiles.py [LABEL_SUBSTRING ...] [--system-malloc]`` (the
``bench`` extra brings lenstronomy and JAXtronomy; without them their columns are left empty;
arguments keep only the profiles whose label contains one of them, e.g. ``NFWTruncated gNFW``).
Prints tables; never asserts on time. It runs under glibc's ``MALLOC_TOP_PAD_`` (re-executing
itself to set it; ``--system-malloc`` keeps the system default): see _malloc.py, the reason is
page faults on XLA's per-call buffers, and the setting applies to every competitor alike. The
jit(grad) table's ``faults`` column is ours' minor page faults per call in its best round.

For each profile and grid (100 x 100 and 400 x 400 over [-5, 5] arcsec, centre (0.01, 0.02)):

* forward deflections: ours, ``jax.jit`` of a function that builds the profile from traced scalar
  parameters and calls ``deflections_yx_2d_from(grid, xp=jnp)`` (as a fit does); JAXtronomy's
  ``LensModel.alpha`` under jit (traced kwargs); lenstronomy's NumPy ``LensModel.alpha``; and the
  floor, the bare jnp closed form of ``_peers`` (finite, cheap, not accurate);
* ``jax.jit(jax.grad)`` of sum(alpha^2) w.r.t. every parameter of ours, of JAXtronomy (its own
  kwargs) and of the floor, with the count of non-finite gradient entries;
* agreement: max |alpha_ours - alpha_other| / max |alpha_ours| on the grid.

Timing: after compilation, every competitor of one (profile, grid) runs in interleaved rounds
(each round calls each competitor a calibrated number of times) and the best round is kept, so
load from other processes hits all competitors alike. lenstronomy evaluations whose projected
cost on the full grid exceeds LENSTRONOMY_SLOW_S (its gNFW runs scipy quad per pixel) are timed on
a strided subset of SUBSET_PIXELS pixels and scaled per pixel (marked ~); their agreement is
measured on that subset. JAXtronomy (0.1.5) has NFW, NFW_ELLIPSE_CSE and TNFW but no GNFW or
CNFW. KaplinghatCoredNFWSph and YangSIDMSph have no peer and no closed form:
their floor is the NFW's (marked *), a lower bound on a kernel of that family.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _malloc import ensure_heap_pad  # noqa: E402

# before jax starts: the benchmark re-executes itself with glibc's heap pad set (_malloc.py)
ARGV, MALLOC_LINE = ensure_heap_pad(sys.argv)

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import _peers as peers  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import autogalaxy as ag  # noqa: E402

SIDES = (100, 400)
HALF_WIDTH = 5.0
# Best of 11 / 9 rounds: on the shared 2-core machine jit(grad) at 400^2 alternates between two
# phases ~2x apart (XLA's threads waiting on a busy second core; the elliptical NFW measured
# 6.4-9.2 ms at best and 11.7-19.7 ms at the median of 15 rounds, session 9), so 3 rounds could
# report either phase.
ROUNDS = {100: 11, 400: 9}
ROUND_TARGET_S = {100: 0.03, 400: 0.06}
LENSTRONOMY_SLOW_S = 1.0
SUBSET_PIXELS = 2500

CENTRE = (0.01, 0.02)  # (y, x) [arcsec]
KS, RS, RT, RC, GAMMA, ELL = 0.1, 2.0, 6.0, 0.2, 1.5, (0.1, 0.05)
R1, TAU = 2.0, 0.3  # Kaplinghat interaction radius [arcsec], Yang tau (as their benchmarks)
CY, CX = CENTRE


def _nfw_floor_of(p, y, x):  # (kappa_s, r_s, extra, cy, cx) -> the NFW floor
    return peers.floor_nfw_sph((p[0], p[1], p[3], p[4]), y, x)


# label, parameter names, values, ours(*params), lenstronomy (name, kwargs(params)),
# JAXtronomy name (its kwargs: the same function with xp=jnp), floor(params, y, x), floor note
CASES = [
    dict(
        label="NFWSph",
        names=("kappa_s", "r_s", "cy", "cx"),
        values=(KS, RS, CY, CX),
        ours=lambda ks, rs, cy, cx: ag.mp.NFWSph(centre=(cy, cx), kappa_s=ks, scale_radius=rs),
        lens=("NFW", peers.kw_nfw),
        jaxtr="NFW",
        floor=peers.floor_nfw_sph,
    ),
    dict(
        label="NFW (elliptical)",
        names=("kappa_s", "r_s", "cy", "cx", "e0", "e1"),
        values=(KS, RS, CY, CX, *ELL),
        ours=lambda ks, rs, cy, cx, e0, e1: ag.mp.NFW(
            centre=(cy, cx), ell_comps=(e0, e1), kappa_s=ks, scale_radius=rs
        ),
        lens=("NFW_ELLIPSE_CSE", peers.kw_nfw_ell),
        jaxtr="NFW_ELLIPSE_CSE",
        floor=peers.floor_nfw_ell,
    ),
    dict(
        label="NFWTruncatedSph",
        names=("kappa_s", "r_s", "r_t", "cy", "cx"),
        values=(KS, RS, RT, CY, CX),
        ours=lambda ks, rs, rt, cy, cx: ag.mp.NFWTruncatedSph(
            centre=(cy, cx), kappa_s=ks, scale_radius=rs, truncation_radius=rt
        ),
        lens=("TNFW", peers.kw_tnfw),
        jaxtr="TNFW",
        floor=peers.floor_tnfw,
    ),
    dict(
        label="gNFWSph",
        names=("kappa_s", "gamma", "r_s", "cy", "cx"),
        values=(KS, GAMMA, RS, CY, CX),
        ours=lambda ks, g, rs, cy, cx: ag.mp.gNFWSph(
            centre=(cy, cx), kappa_s=ks, inner_slope=g, scale_radius=rs
        ),
        lens=("GNFW", peers.kw_gnfw),
        jaxtr=None,
        floor=peers.floor_gnfw,
    ),
    dict(
        label="cNFWSph",
        names=("kappa_s", "r_s", "r_c", "cy", "cx"),
        values=(KS, RS, RC, CY, CX),
        ours=lambda ks, rs, rc, cy, cx: ag.mp.cNFWSph(
            centre=(cy, cx), kappa_s=ks, scale_radius=rs, core_radius=rc
        ),
        lens=("CNFW", peers.kw_cnfw),
        jaxtr=None,
        floor=peers.floor_cnfw,
    ),
    dict(
        label="KaplinghatCoredNFWSph*",
        names=("kappa_s", "r_s", "r_1", "cy", "cx"),
        values=(KS, RS, R1, CY, CX),
        ours=lambda ks, rs, r1, cy, cx: ag.mp.KaplinghatCoredNFWSph(
            centre=(cy, cx), kappa_s=ks, scale_radius=rs, interaction_radius=r1
        ),
        lens=None,
        jaxtr=None,
        floor=_nfw_floor_of,
    ),
    dict(
        label="YangSIDMSph*",
        names=("kappa_s", "r_s", "tau", "cy", "cx"),
        values=(KS, RS, TAU, CY, CX),
        ours=lambda ks, rs, tau, cy, cx: ag.mp.YangSIDMSph(
            centre=(cy, cx), kappa_s=ks, scale_radius=rs, tau=tau
        ),
        lens=None,
        jaxtr=None,
        floor=_nfw_floor_of,
    ),
]


def grid(n):
    x = np.linspace(-HALF_WIDTH, HALF_WIDTH, n)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


def _sum_sq(a):
    return sum(jnp.sum(v * v) for v in a)


def _nonfinite(tree):
    return int(sum(np.size(v) - np.isfinite(np.asarray(v)).sum() for v in jax.tree.leaves(tree)))


def _nonfinite_names(tree, names):
    """Names of the parameters (tuple positions or dict keys) with a non-finite gradient."""
    items = tree.items() if isinstance(tree, dict) else zip(names, tree)
    return [k for k, v in items if not np.all(np.isfinite(np.asarray(v)))]


def _stack_yx(ay, ax):
    return np.stack([np.asarray(ay), np.asarray(ax)], axis=-1)


def _agreement(ours, other):
    return float(np.max(np.abs(ours - other)) / np.max(np.abs(ours)))


def interleaved_best(fns, rounds, target):
    """(best per-call wall time [s], minor page faults per call in that round) of each
    zero-argument callable (already compiled), two dicts.

    Each is calibrated to ~``target`` s per round; then ``rounds`` rounds run every callable in
    turn and the best round of each is kept.
    """
    block = jax.block_until_ready
    numbers = {}
    for key, fn in fns.items():
        block(fn())
        t0 = time.perf_counter()
        block(fn())
        numbers[key] = int(np.clip(target / max(time.perf_counter() - t0, 1e-7), 1, 10_000))
    best = dict.fromkeys(fns, np.inf)
    faults = dict.fromkeys(fns, 0.0)
    for _ in range(rounds):
        for key, fn in fns.items():
            f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            t0 = time.perf_counter()
            for _ in range(numbers[key]):
                block(fn())
            t = (time.perf_counter() - t0) / numbers[key]
            if t < best[key]:
                best[key] = t
                f1 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                faults[key] = (f1 - f0) / numbers[key]
    return best, faults


def run_case(case, g, n, lens_model_cls, jaxtr_model_cls):
    """Times [s], agreement and non-finite gradient counts of one profile on one grid."""
    gj = jnp.asarray(g)
    gy, gx = gj[:, 0], gj[:, 1]
    params = tuple(jnp.asarray(v, dtype=jnp.float64) for v in case["values"])
    make = case["ours"]
    out = {"agree": {}, "nonfinite": {}, "npar": {"ours": len(params), "floor": len(params)}}
    fns = {}
    compile_s = {}

    def jit_pair(key, alpha_of, args):
        """alpha_of(theta, *args) -> tuple of alpha components; jit forward and jit(grad)."""
        fwd = jax.jit(alpha_of)
        grad = jax.jit(jax.grad(lambda th, *a: _sum_sq(alpha_of(th, *a))))
        t0 = time.perf_counter()
        alpha = jax.block_until_ready(fwd(*args))
        gr = jax.block_until_ready(grad(*args))
        compile_s[key] = time.perf_counter() - t0
        fns[f"{key}_f"] = lambda: fwd(*args)
        fns[f"{key}_g"] = lambda: grad(*args)
        out["nonfinite"][key] = _nonfinite(gr)
        out.setdefault("nonfinite_names", {})[key] = _nonfinite_names(gr, case["names"])
        return alpha

    # ours: the (N, 2) array the profile built from traced parameters returns, as users get it
    # (returning its two columns instead lets XLA skip writing the (N, 2) layout, which once hid
    # a 15x slower elliptical forward pass)
    def ours_alpha(th, grid_):
        return (make(*th).deflections_yx_2d_from(grid_, xp=jnp),)

    a_ours = np.asarray(jit_pair("ours", ours_alpha, (params, gj))[0])
    a_floor = _stack_yx(*jit_pair("floor", case["floor"], (params, gy, gx)))
    out["agree"]["floor"] = _agreement(a_ours, a_floor)

    if case["jaxtr"] is not None and jaxtr_model_cls is not None:
        model = jaxtr_model_cls([case["jaxtr"]])
        kw_of = case["lens"][1]
        native = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in kw_of(params, jnp).items()}
        out["npar"]["jaxtr"] = len(native)

        def jaxtr_alpha(kw, y_, x_):
            ax, ay = model.alpha(x_, y_, [kw])
            return ay, ax

        a_jt = _stack_yx(*jit_pair("jaxtr", jaxtr_alpha, (native, gy, gx)))
        out["agree"]["jaxtr"] = _agreement(a_ours, a_jt)

    lens_time = None
    if case["lens"] is not None and lens_model_cls is not None:
        name, kw_of = case["lens"]
        model = lens_model_cls([name])
        kwargs = [{k: float(v) for k, v in kw_of(case["values"], np).items()}]
        stride = max(1, g.shape[0] // SUBSET_PIXELS)
        sub = g[::stride]
        t0 = time.perf_counter()
        ax, ay = model.alpha(sub[:, 1], sub[:, 0], kwargs)
        t_sub = time.perf_counter() - t0
        if t_sub * g.shape[0] / sub.shape[0] > LENSTRONOMY_SLOW_S:
            t0 = time.perf_counter()
            model.alpha(sub[:, 1], sub[:, 0], kwargs)
            t_sub = min(t_sub, time.perf_counter() - t0)
            lens_time = (t_sub * g.shape[0] / sub.shape[0], True)
            out["agree"]["lens"] = (_agreement(a_ours[::stride], _stack_yx(ay, ax)), True)
        else:
            x_np, y_np = g[:, 1].copy(), g[:, 0].copy()
            ax, ay = model.alpha(x_np, y_np, kwargs)
            out["agree"]["lens"] = (_agreement(a_ours, _stack_yx(ay, ax)), False)
            fns["lens_f"] = lambda: model.alpha(x_np, y_np, kwargs)

    times, out["faults"] = interleaved_best(fns, ROUNDS[n], ROUND_TARGET_S[n])
    if lens_time is not None:
        times["lens_f"], out["lens_extrapolated"] = lens_time
    out["times"] = times
    out["compile_s"] = compile_s
    return out


def _ms(t, mark=""):
    return f"{t * 1e3:9.3f}{mark:1s}" if t is not None and np.isfinite(t) else f"{'-':>9s} "


def _ratio(a, b):
    if a is None or b is None:
        return f"{'-':>8s}"
    return f"{a / b:8.2f}" if a / b >= 0.01 else f"{a / b:8.1e}"


def _sci(v):
    return f"{v:9.1e}" if v is not None else f"{'-':>9s}"


def main():
    start = time.perf_counter()
    lens_cls, jaxtr_cls = peers.lenstronomy(), peers.jaxtronomy()
    dev = jax.devices()[0]
    dtype = jnp.zeros(1).dtype
    print("bench_profiles: NFW-family deflections and gradients vs JAXtronomy, lenstronomy, floor")
    print(
        f"jax {jax.__version__} | device {dev.platform}:{dev.device_kind} | dtype {dtype} | "
        f"CPUs {os.cpu_count()} | grids {', '.join(f'{n} x {n}' for n in SIDES)} over "
        f"[-{HALF_WIDTH:g}, {HALF_WIDTH:g}] arcsec, centre (y, x) = {CENTRE}"
    )
    print(
        f"lenstronomy {peers.version('lenstronomy') if lens_cls else 'not installed'} | "
        f"jaxtronomy {peers.version('jaxtronomy') if jaxtr_cls else 'not installed'} | "
        f"kappa_s {KS}, r_s {RS}, r_t {RT}, r_c {RC}, gamma {GAMMA}, ell_comps {ELL}, "
        f"r_1 {R1}, tau {TAU}"
    )
    print(
        f"best round of {ROUNDS[100]} (100^2) / {ROUNDS[400]} (400^2), interleaved, "
        f"after compilation; times in ms | {MALLOC_LINE}"
    )

    wanted = ARGV[1:]
    cases = [c for c in CASES if not wanted or any(w in c["label"] for w in wanted)]
    results = []
    for n in SIDES:
        g = grid(n)
        for case in cases:
            results.append((case, n, run_case(case, g, n, lens_cls, jaxtr_cls)))

    print(
        "\nForward deflections [ms]   (peer = min(JAXtronomy, lenstronomy); ~ = per-pixel "
        "extrapolation from a subset)"
    )
    print(
        f"{'profile':<23s} {'grid':>4s} {'ours':>10s} {'JAXtr':>10s} {'lenstr':>10s} "
        f"{'floor':>10s} {'ours/peer':>9s} {'ours/flr':>8s}"
    )
    for case, n, r in results:
        t = r["times"]
        jt, lt = t.get("jaxtr_f"), t.get("lens_f")
        peer = min([v for v in (jt, lt) if v is not None], default=None)
        print(
            f"{case['label']:<23s} {n:>4d} {_ms(t['ours_f'])} {_ms(jt)} "
            f"{_ms(lt, '~' if r.get('lens_extrapolated') else '')} {_ms(t['floor_f'])} "
            f"{_ratio(t['ours_f'], peer):>9s} {_ratio(t['ours_f'], t['floor_f'])}"
        )

    print(
        "\njit(grad) of sum(alpha^2) w.r.t. all parameters [ms]   (nonfinite = non-finite "
        "gradient entries ours/JAXtr/floor; faults = ours' minor page faults per call)"
    )
    print(
        f"{'profile':<23s} {'grid':>4s} {'npar':>4s} {'ours':>10s} {'JAXtr':>10s} "
        f"{'floor':>10s} {'g/f ours':>8s} {'ours/JAXtr':>10s} {'ours/flr':>8s} "
        f"{'nonfinite':>9s} {'faults':>7s}"
    )
    for case, n, r in results:
        t, nf = r["times"], r["nonfinite"]
        jt = t.get("jaxtr_g")
        nonfinite = "/".join(str(nf[k]) if k in nf else "-" for k in ("ours", "jaxtr", "floor"))
        npar = f"{r['npar']['ours']}" + (f"/{r['npar']['jaxtr']}" if "jaxtr" in r["npar"] else "")
        print(
            f"{case['label']:<23s} {n:>4d} {npar:>4s} {_ms(t['ours_g'])} {_ms(jt)} "
            f"{_ms(t['floor_g'])} {_ratio(t['ours_g'], t['ours_f'])} "
            f"{_ratio(t['ours_g'], jt):>10s} {_ratio(t['ours_g'], t['floor_g'])} {nonfinite:>9s} "
            f"{r['faults']['ours_g']:>7.0f}"
        )

    print(
        "\nAgreement max|alpha_ours - alpha_other| / max|alpha_ours|   (~ = on the timing subset)"
    )
    print(f"{'profile':<23s} {'grid':>4s} {'JAXtr':>9s} {'lenstr':>10s} {'floor':>9s}  peer form")
    forms = {
        "NFWSph": "same profile",
        "NFW (elliptical)": "peers: CSE approximation (Oguri 2021), product-averaged radius",
        "NFWTruncatedSph": "same (BMO09, r_trunc)",
        "gNFWSph": "same rho; lenstronomy hyp2f1 + quad per pixel; no JAXtronomy GNFW",
        "cNFWSph": "same rho ~ 1/((r + r_c)(r + r_s)^2); no JAXtronomy CNFW",
    }
    for case, n, r in results:
        a = r["agree"]
        lens = a.get("lens")
        lens_txt = (f"{lens[0]:9.1e}" + ("~" if lens[1] else " ")) if lens else f"{'-':>9s} "
        floor_note = "" if case["lens"] is not None else "no peer; floor = NFW's"
        print(
            f"{case['label']:<23s} {n:>4d} {_sci(a.get('jaxtr'))} {lens_txt} "
            f"{_sci(a['floor'])}  {forms.get(case['label'], floor_note)}"
        )
    compile_total = sum(sum(r["compile_s"].values()) for _, _, r in results)
    print(
        f"\nnon-finite gradient entries in total: ours "
        f"{sum(r['nonfinite']['ours'] for _, _, r in results)}, JAXtronomy "
        f"{sum(r['nonfinite'].get('jaxtr', 0) for _, _, r in results)}, floor "
        f"{sum(r['nonfinite']['floor'] for _, _, r in results)}"
    )
    who = {"ours": "ours", "jaxtr": "JAXtronomy", "floor": "floor"}
    for case, n, r in results:
        for key, bad in r["nonfinite_names"].items():
            if bad:
                print(
                    f"  non-finite gradient: {who[key]} {case['label']} {n}^2 w.r.t. "
                    f"{', '.join(bad)}"
                )
    print(
        f"compilation (first calls) {compile_total:.1f} s; whole run "
        f"{time.perf_counter() - start:.1f} s"
    )


if __name__ == "__main__":
    main()
