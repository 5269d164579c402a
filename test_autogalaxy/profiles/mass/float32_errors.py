"""float32 accuracy of every public profile class and concentration relation (script + helpers).

Run ``python test_autogalaxy/profiles/mass/float32_errors.py`` (about 12 minutes on a loaded 2-core
CPU; ``--no-grad`` skips the gradients). It prints the markdown rows of docs/float32.md's table
and, on its last line, every number as JSON. test_float32.py imports the case builders below, so
that the docs' table and the test measure the same thing.

What "float32" means here: a fresh child process imports autogalaxy (which turns x64 on), turns
x64 off before any JAX array exists (checked: ``jax.live_arrays()`` is empty), and evaluates the
jitted kappa, alpha and psi of each profile rebuilt inside the jitted function from float32
leaves (so the MCR classes' derived kappa_s, r_s, ... are computed in float32 too) on a float32
grid. Every jaxpr it runs is walked (sub-jaxprs included) and must contain 32-bit dtypes only.
Module-level NumPy constants (quadrature nodes, the cosmology's tables) are built once in float64
and enter the trace rounded to float32, as they do for a user.

The float64 reference is evaluated at the same inputs: the parameters and grid are rounded to
float32 first, so the errors are those of the float32 arithmetic, not of the inputs' rounding.
Errors: kappa and psi pointwise |q32 - q64| / |q64|; alpha pointwise |alpha32 - alpha64| / |alpha64|
(vector norms). The r = 0 point (each kernel's floor, 1e-6 r_s in float32 vs 1e-12 r_s in
float64, kernel_util.X_MIN_FLOAT32) is only checked to be finite there, with alpha = psi = 0.
Gradients: jax.grad of a chi^2 of the deflections against a perturbed profile's, with respect to
every leaf; the error is the largest |g32 - g64| / |g64| over the leaves.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

CENTRE = (0.05, -0.03)
ELL = (0.12, -0.07)
Z = dict(redshift_object=0.5, redshift_source=1.0)
MCR = dict(centre=CENTRE, mass_at_200=2e12, **Z)

#: one typical instance per public class (ag.mp.__all__ less the abstract MassProfile)
PARAMETERS = {
    "NFW": dict(centre=CENTRE, ell_comps=ELL, kappa_s=0.2, scale_radius=1.3),
    "NFWSph": dict(centre=CENTRE, kappa_s=0.2, scale_radius=1.3),
    "NFWTruncatedSph": dict(centre=CENTRE, kappa_s=0.2, scale_radius=1.3, truncation_radius=3.1),
    "gNFW": dict(centre=CENTRE, ell_comps=ELL, kappa_s=0.2, inner_slope=1.4, scale_radius=1.3),
    "gNFWSph": dict(centre=CENTRE, kappa_s=0.2, inner_slope=1.4, scale_radius=1.3),
    "cNFW": dict(centre=CENTRE, ell_comps=ELL, kappa_s=0.2, scale_radius=1.3, core_radius=0.26),
    "cNFWSph": dict(centre=CENTRE, kappa_s=0.2, scale_radius=1.3, core_radius=0.26),
    "NFWMCRDuffySph": dict(MCR),
    "NFWMCRLudlow": dict(MCR, ell_comps=ELL),
    "NFWMCRLudlowSph": dict(MCR),
    "NFWMCRScatterLudlow": dict(MCR, ell_comps=ELL, scatter_sigma=0.7),
    "NFWMCRScatterLudlowSph": dict(MCR, scatter_sigma=0.7),
    "NFWTruncatedMCRDuffySph": dict(MCR),
    "NFWTruncatedMCRLudlowSph": dict(MCR),
    "NFWTruncatedMCRScatterLudlowSph": dict(MCR, scatter_sigma=-0.4),
    "gNFWMCRLudlow": dict(MCR, ell_comps=ELL, inner_slope=1.3),
    "cNFWMCRLudlow": dict(MCR, ell_comps=ELL, f_c=0.05),
    "cNFWMCRLudlowSph": dict(MCR, f_c=0.05),
    "cNFWMCRScatterLudlow": dict(MCR, ell_comps=ELL, f_c=0.05, scatter_sigma=0.3),
    "cNFWMCRScatterLudlowSph": dict(MCR, f_c=0.05, scatter_sigma=0.3),
    "NFWVirialMassConcSph": dict(centre=CENTRE, virial_mass=3e12, concentration=8.0, **Z),
    "gNFWVirialMassConcSph": dict(centre=CENTRE, log10m_vir=12.3, c_2=8.0, inner_slope=1.3, **Z),
    "gNFWVirialMassgNFWConcSph": dict(centre=CENTRE, log10m_vir=12.3, c_gNFW=8.0,
                                      inner_slope=1.3, **Z),
    "YangSIDMSph": dict(centre=CENTRE, kappa_s=0.2, scale_radius=1.3, tau=0.3),
    "YangSIDMMCRLudlowSph": dict(MCR, sigma_over_m=2.0),
    "KaplinghatCoredNFWSph": dict(centre=CENTRE, kappa_s=0.2, scale_radius=1.3,
                                  interaction_radius=1.1),
    "KaplinghatCoredNFWMCRLudlowSph": dict(MCR, sigma_over_m=2.0),
}

#: one class per family for the gradient rows (jit(grad) compiles are the slow part)
GRADIENT_CLASSES = (
    "NFWSph", "NFW", "NFWTruncatedSph", "gNFWSph", "gNFW", "cNFWSph", "cNFW",
    "KaplinghatCoredNFWSph", "YangSIDMSph", "NFWVirialMassConcSph", "gNFWVirialMassConcSph",
    "NFWMCRLudlowSph", "NFWTruncatedMCRDuffySph", "cNFWMCRLudlowSph", "gNFWMCRLudlow",
    "YangSIDMMCRLudlowSph", "KaplinghatCoredNFWMCRLudlowSph",
)

#: compiled faster than run op by op (their loops and custom JVPs recompile per call when eager;
#: measured on the 2-core CPU); the rest run op by op in the test, sharing compiled ops
JIT_WHEN_FAST = ("NFW", "gNFW", "YangSIDMSph", "KaplinghatCoredNFWSph", "ludlow16", "diemer19")

#: radii [r_s] of the grid: the edge r = 0, 1e-3 .. 1e2 r_s, and x = 1 with its neighbours
RADII = np.concatenate([[0.0], np.geomspace(1e-3, 1e2, 36), [1.0 - 1e-2, 1.0 - 1e-4, 1.0,
                                                            1.0 + 1e-4, 1.0 + 1e-2]])
ANGLES = (0.3, 2.4, 4.5)  # [rad] from +x: off the axes, so both components are exercised
#: radii (attributes, arcsec) placed on the grid too, with their 1e-3 neighbours
SPECIAL_RADII = ("core_radius", "truncation_radius", "interaction_radius",
                 "core_radius_evolved", "scale_radius_evolved")
N_SPECIAL = 2  # the most special radii of any class (YangSIDM*: evolved r_c and r_s)
QUANTITIES = {"kappa": "convergence_2d_from", "alpha": "deflections_yx_2d_from",
              "psi": "potential_2d_from"}

RELATION_MASSES = 10.0 ** np.arange(-4.0, 16.01, 0.5)  # M200c [Msun/h]
RELATION_REDSHIFTS = (0.0, 0.5, 1.0, 2.0, 4.0, 10.0, 30.0, 100.0, 190.0)
RELATION_DOMAINS = {  # (log10 M range [Msun/h], z max): where each relation is defined/used
    "ludlow16": ((-4.0, 16.0), 190.0),
    "ludlow16_smooth": ((-4.0, 16.0), 190.0),
    "duffy08": ((-4.0, 16.0), 190.0),
    "diemer19": ((6.0, 16.0), 6.0),
}
GRADIENT_MASSES = (1e6, 3e9, 2e12, 1e15)  # Msun/h, z = 0.5: d ln c / d ln M


def profile(name):
    """The documented instance of the public class ``name`` (concrete Python floats)."""
    import autogalaxy as ag

    return getattr(ag.mp, name)(**PARAMETERS[name])


def leaf_names(prof):
    """Names of the pytree leaves (positional parameters; tuples as name_0, name_1)."""
    from autogalaxy.profiles.geometry_profiles import _parameter_names

    names = []
    for n in _parameter_names(type(prof)):
        value = getattr(prof, n)
        names += [f"{n}_{i}" for i in range(len(value))] if isinstance(value, tuple) else [n]
    return names


def rounded_leaves(prof):
    """(treedef, leaves as float64 values exactly representable in float32)."""
    import jax

    leaves, treedef = jax.tree_util.tree_flatten(prof)
    assert len(leaves) == len(leaf_names(prof))
    return treedef, [np.float64(np.float32(v)) for v in leaves]


def grid_of(prof):
    """((N, 2) (y, x) grid [arcsec] of float32-representable values, radii [r_s] per point)."""
    r_s = float(np.asarray(prof.scale_radius))
    extra = [float(np.asarray(getattr(prof, a))) / r_s for a in SPECIAL_RADII if hasattr(prof, a)]
    # padded with x = 1 to the same size for every class: op-by-op (eager) JAX then reuses its
    # compiled kernels across classes instead of compiling each op for each class's shape
    extra += [1.0] * (N_SPECIAL - len(extra))
    radii = np.concatenate([RADII] + [np.array([0.999, 1.0, 1.001]) * e for e in extra])
    r = np.repeat(radii, len(ANGLES))
    phi = np.tile(ANGLES, radii.size)
    cy, cx = (float(np.float32(c)) for c in prof.centre)
    grid = np.stack([cy + r * r_s * np.sin(phi), cx + r * r_s * np.cos(phi)], axis=1)
    grid = grid.astype(np.float32).astype(np.float64)
    grid[r == 0.0] = (cy, cx)  # the exact centre: the pushed edge
    return grid, r


def outputs(treedef, leaves, grid, xp):
    """(kappa, alpha, psi) of the profile rebuilt from ``leaves`` (derived values recomputed)."""
    import jax

    prof = jax.tree_util.tree_unflatten(treedef, list(leaves))
    return tuple(getattr(prof, m)(grid, xp=xp) for m in QUANTITIES.values())


def reference(name):
    """float64 NumPy (kappa, alpha, psi) at the float32-rounded inputs, the grid and radii."""
    prof = profile(name)
    treedef, leaves = rounded_leaves(prof)
    grid, radii = grid_of(prof)
    return [np.asarray(q, dtype=np.float64) for q in outputs(treedef, leaves, grid, np)], radii


def loss_data(name):
    """(grid, alpha of the 5%-perturbed profile) for the gradient rows, float64 NumPy."""
    prof = profile(name)
    treedef, leaves = rounded_leaves(prof)
    grid, radii = grid_of(prof)
    grid = grid[radii > 0]
    perturbed = [v * 1.05 + (0.01 if n.startswith("centre") else 0.0)
                 for v, n in zip(leaves, leaf_names(prof))]
    perturbed = [np.float64(np.float32(v)) for v in perturbed]
    alpha = outputs(treedef, perturbed, grid, np)[1]
    return grid, np.asarray(alpha, dtype=np.float32).astype(np.float64)


def loss_gradient(treedef, leaves, grid, data):
    """jax.grad of chi^2 = sum |alpha - data|^2 / (2 * 1e-4) with respect to every leaf."""
    import jax
    import jax.numpy as jnp

    def loss(lv):
        prof = jax.tree_util.tree_unflatten(treedef, list(lv))
        return jnp.sum((prof.deflections_yx_2d_from(grid, xp=jnp) - data) ** 2) / 2e-4

    return jax.grad(loss)(list(leaves))


def relation_inputs(name):
    """Flattened (M200c [Msun/h], z) over the relation's domain."""
    (lo, hi), z_max = RELATION_DOMAINS[name]
    m = RELATION_MASSES[(np.log10(RELATION_MASSES) >= lo) & (np.log10(RELATION_MASSES) <= hi)]
    z = np.array([z for z in RELATION_REDSHIFTS if z <= z_max])
    mm, zz = np.meshgrid(m, z)
    return mm.ravel().astype(np.float32).astype(np.float64), \
        zz.ravel().astype(np.float32).astype(np.float64)


def _relation(name, xp):
    from autogalaxy.profiles.mass.dark.concentration_relations import relation_from

    return lambda m, z: relation_from(name)(m, z, None, xp)


def _log_slope(name, xp):
    """d ln c / d ln M at z = 0.5 as a function of ln M."""
    import jax

    f = _relation(name, xp)
    return jax.vmap(jax.grad(lambda ln_m: xp.log(f(xp.exp(ln_m), 0.5))))


def jaxpr_dtypes(fn, *args):
    """The set of dtype names in fn's jaxpr and all its sub-jaxprs."""
    import jax
    from jax.extend import core as jex_core

    seen = set()

    def walk(jaxpr):
        for v in list(jaxpr.invars) + list(jaxpr.outvars) + list(jaxpr.constvars):
            if hasattr(v, "aval") and hasattr(v.aval, "dtype"):
                seen.add(str(v.aval.dtype))
        for eqn in jaxpr.eqns:
            for v in list(eqn.invars) + list(eqn.outvars):
                if hasattr(v.aval, "dtype"):
                    seen.add(str(v.aval.dtype))
            for p in eqn.params.values():
                for sub in p if isinstance(p, (tuple, list)) else (p,):
                    if isinstance(sub, jex_core.ClosedJaxpr):
                        walk(sub.jaxpr)
                    elif isinstance(sub, jex_core.Jaxpr):
                        walk(sub)

    walk(jax.make_jaxpr(fn)(*args).jaxpr)
    return seen


def _child(out_path, names, mode, grads, relations):
    """The float32 side (a fresh process): outputs as float32 arrays in an .npz."""
    import jax

    import autogalaxy  # noqa: F401  (turns x64 on: the documented opt-out follows)

    jax.config.update("jax_enable_x64", False)
    assert not jax.live_arrays(), "a JAX array was created before x64 was turned off"
    import jax.numpy as jnp

    saved, dtypes = {}, set()
    for name in names:
        jitted = mode == "jit" or (mode == "fast" and name in JIT_WHEN_FAST)
        wrap = jax.jit if jitted else (lambda f: f)
        prof = profile(name)
        treedef, leaves = rounded_leaves(prof)
        leaves32 = [jnp.asarray(v, dtype=jnp.float32) for v in leaves]
        grid, _ = grid_of(prof)
        grid32 = jnp.asarray(grid, dtype=jnp.float32)
        fn = wrap(lambda lv, g, t=treedef: outputs(t, lv, g, jnp))
        if jitted:  # op by op, x64 off cannot create a float64 array; jitted, check the jaxpr
            dtypes |= jaxpr_dtypes(fn, leaves32, grid32)
        for q, value in zip(QUANTITIES, fn(leaves32, grid32)):
            saved[f"{name}/{q}"] = np.asarray(value)
        if grads and name in GRADIENT_CLASSES:
            g, data = (jnp.asarray(a, dtype=jnp.float32) for a in loss_data(name))
            gfn = wrap(lambda lv, g_, d_, t=treedef: loss_gradient(t, lv, g_, d_))
            dtypes |= jaxpr_dtypes(gfn, leaves32, g, data)
            saved[f"{name}/grad"] = np.array([np.asarray(v) for v in gfn(leaves32, g, data)])
    for rel in relations:
        jitted = mode == "jit" or (mode == "fast" and rel in JIT_WHEN_FAST)
        wrap = jax.jit if jitted else (lambda f: f)
        m, z = (jnp.asarray(a, dtype=jnp.float32) for a in relation_inputs(rel))
        fn = wrap(_relation(rel, jnp))
        if jitted:
            dtypes |= jaxpr_dtypes(fn, m, z)
        saved[f"relation/{rel}"] = np.asarray(fn(m, z))
        if grads:
            ln_m = jnp.log(jnp.asarray(GRADIENT_MASSES, dtype=jnp.float32))
            gfn = wrap(_log_slope(rel, jnp))
            dtypes |= jaxpr_dtypes(gfn, ln_m)
            saved[f"relation_grad/{rel}"] = np.asarray(gfn(ln_m))
    saved["meta/dtypes"] = np.array(sorted(dtypes))
    np.savez(out_path, **saved)


def run_float32(names, mode="jit", grads=True, relations=tuple(RELATION_DOMAINS), timeout=3000):
    """Run the float32 side in one fresh subprocess; {key: array} of its outputs.

    ``mode``: "jit" (as a user runs it; the docs' numbers), "eager" (op by op) or "fast" (jit for
    JIT_WHEN_FAST, eager for the rest: the quickest mix, for the test).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "float32.npz"
        spec = json.dumps(dict(names=list(names), mode=mode, grads=grads,
                               relations=list(relations)))
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(out), spec],
                       check=True, timeout=timeout)
        with np.load(out) as f:
            return {k: f[k] for k in f.files}


def profile_errors(ref, got, radii):
    """{quantity: (worst error, radius [r_s] where, finite float32, r = 0 edge ok)}."""
    out = {}
    centre = radii == 0.0
    for q, r64, r32 in zip(QUANTITIES, ref, got):
        finite = bool(np.all(np.isfinite(r32))) and r32.dtype == np.float32
        a32, a64 = r32.astype(np.float64), r64
        if q == "alpha":
            diff, size = np.linalg.norm(a32 - a64, axis=-1), np.linalg.norm(a64, axis=-1)
        else:
            diff, size = np.abs(a32 - a64), np.abs(a64)
        edge_ok = bool(np.all(np.isfinite(a32[centre])))
        if q != "kappa":
            edge_ok = edge_ok and bool(np.all(a32[centre] == 0.0))
        rel = np.where(centre, 0.0, diff / np.where(size > 0, size, 1.0))
        i = int(np.argmax(rel))
        out[q] = (float(rel[i]), float(radii[i]), finite, edge_ok)
    return out


def gradient_error(g32, g64, names):
    """(largest |g32 - g64| / |g64| over the leaves, the leaf's name); a leaf the loss does not
    depend on (g64 exactly 0, e.g. t_age when interaction_radius is given) must give 0 (else inf).
    """
    zero = g64 == 0.0
    rel = np.where(zero, np.where(g32 == 0.0, 0.0, np.inf),
                   np.abs(g32 - g64) / np.where(zero, 1.0, np.abs(g64)))
    rel = np.where(np.isnan(rel), np.inf, rel)
    i = int(np.argmax(rel))
    return float(rel[i]), names[i]


def relation_errors(name, c32):
    """(worst |c32 / c64 - 1|, (M, z) where, NaN masks equal) over the relation's domain."""
    m, z = relation_inputs(name)
    c64 = np.asarray(_relation(name, np)(m, z), dtype=np.float64)
    same_nan = bool(np.array_equal(np.isnan(c64), np.isnan(c32)))
    ok = np.isfinite(c64) & np.isfinite(c32)
    rel = np.where(ok, np.abs(c32.astype(np.float64) / np.where(ok, c64, 1.0) - 1.0), 0.0)
    i = int(np.argmax(rel))
    return float(rel[i]), (float(m[i]), float(z[i])), same_nan, int(np.count_nonzero(~ok))


def bound_of(error):
    """The tested bound for a measured error: 4x, rounded up to one significant digit."""
    x = 4.0 * max(error, 1e-7)
    exponent = np.floor(np.log10(x))
    return float(np.ceil(x / 10**exponent) * 10**exponent)


def main(grads=True):
    import jax
    import jax.numpy as jnp

    import autogalaxy  # noqa: F401

    names = list(PARAMETERS)
    got = run_float32(names, grads=grads)
    # the test's mix of jitted and op-by-op evaluation rounds differently (XLA fuses and
    # reorders): the table's worst error is the larger of the two, so the tested bound holds for
    # both
    fast = run_float32(names, mode="fast", grads=False)
    print("float32 jaxpr dtypes:", list(got["meta/dtypes"]), list(fast["meta/dtypes"]))
    rows, result = [], {"dtypes": list(map(str, got["meta/dtypes"])), "profiles": {},
                        "relations": {}}
    for name in names:
        ref, radii = reference(name)
        errs = profile_errors(ref, [got[f"{name}/{q}"] for q in QUANTITIES], radii)
        errs_fast = profile_errors(ref, [fast[f"{name}/{q}"] for q in QUANTITIES], radii)
        errs = {q: max(errs[q], errs_fast[q]) if all(errs[q][2:] + errs_fast[q][2:])
                else min(errs[q], errs_fast[q], key=lambda e: all(e[2:])) for q in QUANTITIES}
        result["profiles"][name] = errs
        for q, (e, r, finite, edge) in errs.items():
            flag = "" if finite and edge else " NOT FINITE/EDGE"
            rows.append(f"| {name} | {q} | {e:.1e} | {bound_of(e):.0e} | r = {r:.3g} r_s{flag} |")
        if grads and name in GRADIENT_CLASSES:
            prof = profile(name)
            treedef, leaves = rounded_leaves(prof)
            grid, data = loss_data(name)
            g64 = jax.jit(lambda lv, t=treedef: loss_gradient(t, lv, jnp.asarray(grid),
                                                              jnp.asarray(data)))(leaves)
            e, leaf = gradient_error(got[f"{name}/grad"].astype(np.float64),
                                     np.array([np.asarray(v) for v in g64]), leaf_names(prof))
            result["profiles"][name]["grad"] = (e, leaf)
            rows.append(f"| {name} | grad chi^2 | {e:.1e} | {bound_of(e):.0e} | d/d {leaf} |")
    for rel in RELATION_DOMAINS:
        e, (m, z), same_nan, n_nan = max(relation_errors(rel, got[f"relation/{rel}"]),
                                         relation_errors(rel, fast[f"relation/{rel}"]))
        result["relations"][rel] = dict(error=e, where=(m, z), same_nan=same_nan, n_nan=n_nan)
        rows.append(f"| relation {rel} | c200c | {e:.1e} | {bound_of(e):.0e} | "
                    f"M = {m:.0e} Msun/h, z = {z:g} |")
        if grads:
            ln_m = jnp.log(jnp.asarray(GRADIENT_MASSES))
            s64 = np.asarray(jax.jit(_log_slope(rel, jnp))(ln_m))
            s32 = got[f"relation_grad/{rel}"].astype(np.float64)
            rel_err = np.abs(s32 - s64) / np.abs(s64)
            i = int(np.argmax(rel_err))
            result["relations"][rel]["grad"] = (float(rel_err[i]), GRADIENT_MASSES[i])
            rows.append(f"| relation {rel} | d ln c / d ln M | {rel_err[i]:.1e} | "
                        f"{bound_of(rel_err[i]):.0e} | M = {GRADIENT_MASSES[i]:.0e} Msun/h |")
    print("\n".join(rows))
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        spec = json.loads(sys.argv[3])
        _child(sys.argv[2], spec["names"], spec["mode"], spec["grads"], spec["relations"])
    else:
        main(grads="--no-grad" not in sys.argv)
