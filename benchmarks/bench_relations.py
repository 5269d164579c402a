"""Concentration relations from the registry, and MCR profiles passed as pytrees.

Run: ``python benchmarks/bench_relations.py``. One process, best-of-7 per call after compilation
(float64), colossus timed in the same run beside ours (its default, interpolating mode: the fast
one); prints ratios, never asserts on time.
"""

import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_time, print_table  # noqa: E402

import autogalaxy as ag  # noqa: E402
from autogalaxy.profiles.mass.dark.concentration_relations import RELATIONS  # noqa: E402


def colossus_timer(model):
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    cosmology.setCosmology("planck15", persistence="")
    return lambda m, z: concentration.concentration(m, "200c", z, model=model)


def relations_table():
    block = jax.block_until_ready
    rows = []
    for name, colossus_model in (("ludlow16", "ludlow16"), ("ludlow16_smooth", None),
                                 ("diemer19", "diemer19"), ("duffy08", "duffy08")):
        relation = RELATIONS[name]
        ref = colossus_timer(colossus_model) if colossus_model else None
        for n in (1, 1000, 100_000):
            masses = np.logspace(8.0, 15.0, n) if n > 1 else np.float64(1e12)
            jitted = jax.jit(lambda m, f=relation: f(m, 0.5, None, jnp))
            mj = jnp.asarray(masses)
            ours_jit = best_time(jitted, mj, block=block)
            ours_np = best_time(relation, masses, 0.5, None, np)
            colossus = best_time(ref, masses, 0.5, repeat=3) if ref and n <= 1000 else None
            rows.append((f"{name}, {n} masses, jit", ours_jit, colossus))
            rows.append((f"{name}, {n} masses, NumPy", ours_np, colossus))
    print_table("c200c(M, z = 0.5), Planck15; reference = colossus default mode", rows)


def pytree_table():
    x = np.linspace(-3.0, 3.0, 100)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    grid = jnp.asarray(np.stack([yy.ravel(), xx.ravel()], axis=-1))
    block = jax.block_until_ready
    rows = []
    for cls, kwargs in ((ag.mp.NFWMCRLudlowSph, {}), (ag.mp.NFWMCRLudlowSph, {"solver": "smooth"}),
                        (ag.mp.cNFWMCRLudlowSph, {"f_c": 0.3}),
                        (ag.mp.NFWTruncatedMCRLudlowSph, {})):
        profile = cls(mass_at_200=2e12, **kwargs)

        def chi2(p):
            return jnp.sum(p.deflections_yx_2d_from(grid, xp=jnp) ** 2)

        forward = jax.jit(lambda p: p.deflections_yx_2d_from(grid, xp=jnp))
        gradient = jax.jit(jax.grad(chi2))
        label = cls.__name__ + (f"({', '.join(kwargs)})" if kwargs else "")
        rows.append((f"{label}: deflections(profile)", best_time(forward, profile, block=block),
                     None))
        rows.append((f"{label}: grad chi2(profile)", best_time(gradient, profile, block=block),
                     None))
    print_table("MCR profile passed as a pytree into jit, 100 x 100 grid", rows)


if __name__ == "__main__":
    relations_table()
    pytree_table()
