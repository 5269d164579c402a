"""The float32 path (JAX with x64 disabled, the GPU case) beside float64, in one run.

Run: ``python benchmarks/bench_float32.py``. Each precision runs in its own subprocess (x64 is a
process-wide JAX setting; ``import autogalaxy`` turns it on and the float32 child turns it off
again). Prints, per profile, jitted 100 x 100 deflections and jit(grad) of sum(alpha^2) with
respect to (kappa_s, r_s, centre) in both precisions (best of 3 x 15 calls after compilation), the
speed-up, and the float32 error max |q32 - q64| / max |q64| of alpha, psi and kappa on the grid.
Never asserts on time.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

CHILD = r"""
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[2])
import autogalaxy as ag
import jax
import jax.numpy as jnp
from _timing import best_time

jax.config.update("jax_enable_x64", sys.argv[1] == "64")
side = np.linspace(-5.0, 5.0, 100)
yy, xx = np.meshgrid(side, side, indexing="ij")
grid = jnp.asarray(np.stack([yy.ravel(), xx.ravel()], -1))
PROFILES = {
    "NFWSph": lambda a: ag.mp.NFWSph(centre=(a[2], a[3]), kappa_s=a[0], scale_radius=a[1]),
    "NFWTruncatedSph": lambda a: ag.mp.NFWTruncatedSph(
        centre=(a[2], a[3]), kappa_s=a[0], scale_radius=a[1], truncation_radius=6.0),
}
out = {}
for name, make in PROFILES.items():
    a = jnp.asarray([0.1, 2.0, 0.01, 0.02])
    methods = {"alpha": "deflections_yx_2d_from", "psi": "potential_2d_from",
               "kappa": "convergence_2d_from"}
    calls = {k: jax.jit(lambda a, m=m: getattr(make(a), m)(grid, xp=jnp))
             for k, m in methods.items()}
    grad = jax.jit(jax.grad(lambda a: jnp.sum(make(a).deflections_yx_2d_from(grid, xp=jnp) ** 2)))
    values = {k: np.asarray(f(a), dtype=np.float64).tolist() for k, f in calls.items()}
    g = np.asarray(grad(a))
    forward = min(best_time(lambda: jax.block_until_ready(calls["alpha"](a)), repeat=15)
                  for _ in range(3))
    backward = min(best_time(lambda: jax.block_until_ready(grad(a)), repeat=15) for _ in range(3))
    out[name] = dict(forward=forward, grad=backward, dtype=str(calls["alpha"](a).dtype),
                     finite_grad=bool(np.all(np.isfinite(g))), **values)
print(json.dumps(out))
"""


def run(mode):
    here = str(Path(__file__).resolve().parent)
    result = subprocess.run([sys.executable, "-c", CHILD, mode, here], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    f64, f32 = run("64"), run("32")
    print("100 x 100 jitted deflections, float64 vs float32 (x64 disabled) [ms]")
    print(f"{'profile':17s} {'f64':>7s} {'f32':>7s} {'speed-up':>8s} {'grad64':>7s} "
          f"{'grad32':>7s}  float32 error (alpha, psi, kappa)   finite f32 grad")
    for name in f64:
        a, b = f64[name], f32[name]
        errors = []
        for key in ("alpha", "psi", "kappa"):
            ref = np.array(a[key])
            errors.append(np.max(np.abs(np.array(b[key]) - ref)) / np.max(np.abs(ref)))
        print(f"{name:17s} {a['forward'] * 1e3:7.3f} {b['forward'] * 1e3:7.3f} "
              f"{a['forward'] / b['forward']:7.2f}x {a['grad'] * 1e3:7.3f} {b['grad'] * 1e3:7.3f}  "
              + ", ".join(f"{e:.1e}" for e in errors) + f"   {b['finite_grad']} ({b['dtype']})")


if __name__ == "__main__":
    main()
