"""A halo built from a traced mass, under jax.jit: construction + deflections, and a gradient.

Run: ``python benchmarks/bench_mcr.py``. Prints a table (best-of-7 per call after compilation,
float64); never asserts on time. Targets (issue 5, 2-core CPU): NFWMCRLudlowSph from a traced mass
plus deflections on 100 x 100 <= 0.3 ms; jax.grad of a chi-squared w.r.t. (mass_at_200, centre)
<= 1 ms. The reference column times the same NumPy path (mass -> profile -> deflections).
"""

import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_time, print_table  # noqa: E402

import autogalaxy as ag  # noqa: E402

N_SIDE = 100
Z_L, Z_S = 0.5, 1.0


def grid():
    x = np.linspace(-3.0, 3.0, N_SIDE)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


def main():
    g = grid()
    gj = jnp.asarray(g)
    truth = ag.mp.NFWMCRLudlowSph(
        centre=(0.05, -0.02), mass_at_200=2e12, redshift_object=Z_L, redshift_source=Z_S
    )
    data = jnp.asarray(truth.deflections_yx_2d_from(g))

    def deflections(mass, centre, xp, grid):
        halo = ag.mp.NFWMCRLudlowSph(
            centre=centre, mass_at_200=mass, redshift_object=Z_L, redshift_source=Z_S
        )
        return halo.deflections_yx_2d_from(grid, xp=xp)

    def chi2(mass, centre):
        return jnp.sum((deflections(mass, centre, jnp, gj) - data) ** 2 / 1e-4)

    forward = jax.jit(lambda m, c: deflections(m, c, jnp, gj))
    grad = jax.jit(jax.grad(chi2, argnums=(0, 1)))
    m0, c0 = jnp.asarray(1.5e12), (jnp.asarray(0.0), jnp.asarray(0.0))
    block = jax.block_until_ready
    rows = [
        (
            "NFWMCRLudlowSph(traced M) + deflections, jit",
            best_time(forward, m0, c0, block=block),
            best_time(lambda: deflections(1.5e12, (0.0, 0.0), np, g)),
        ),
        (
            "jax.grad chi^2 w.r.t. (mass_at_200, centre), jit",
            best_time(grad, m0, c0, block=block),
            None,
        ),
    ]
    print_table(
        f"Mass-concentration halo on a {N_SIDE} x {N_SIDE} grid (float64); reference = NumPy path",
        rows,
    )
    print("targets: <= 0.3 ms and <= 1 ms")


if __name__ == "__main__":
    main()
