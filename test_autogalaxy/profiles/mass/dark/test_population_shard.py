"""Sharded halo populations: halos split over 2 host devices equal the single-device result.

XLA_FLAGS=--xla_force_host_platform_device_count=2 must be set before jax initialises, so the
check runs in a fresh subprocess (this test process has already started jax with one device).
Reference: the single-device exact and fast paths in the same subprocess.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

SCRIPT = textwrap.dedent(
    """
    import json, os
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"
    import jax, jax.numpy as jnp, numpy as np
    import autogalaxy  # float64
    from autogalaxy.profiles.mass.dark.population import HaloPopulation
    from autogalaxy.profiles.mass.dark.population_shard import halo_mesh, sharded_evaluate

    rng = np.random.default_rng(0)
    n = 301  # odd: the sharded path pads to a multiple of the device count
    rs = rng.uniform(0.01, 0.12, n)
    pop = HaloPopulation(
        jnp.asarray(rng.uniform(-3, 3, (n, 2))), jnp.asarray(10 ** rng.uniform(-3, 0, n)),
        jnp.asarray(rs), jnp.asarray(rs * 10 ** rng.uniform(-4, 1.6, n)), batch_size=32,
    )
    t = np.linspace(-3, 3, 24)
    grid = jnp.asarray(np.stack(np.meshgrid(t, t, indexing="ij"), -1).reshape(-1, 2))
    mesh = halo_mesh()
    out = {"devices": len(jax.devices())}

    def rel(a, b):
        return float(np.max(np.abs(np.asarray(a) - np.asarray(b))) / np.max(np.abs(np.asarray(b))))

    for method in ("exact", "fast"):
        single = jax.jit(lambda p, g: p.deflections_yx_2d_from(g, xp=jnp, method=method))
        sharded = jax.jit(lambda p, g: sharded_evaluate(p, "deflections", g, mesh, method))
        out[method] = rel(sharded(pop, grid), single(pop, grid))

    def chi2(kappa_s, evaluate):
        p = HaloPopulation(pop.centres, kappa_s, pop.scale_radius, pop.truncation_radius)
        return jnp.sum(evaluate(p) ** 2)

    g1 = jax.grad(chi2)(pop.kappa_s, lambda p: p.deflections_yx_2d_from(grid, xp=jnp))
    g2 = jax.grad(chi2)(pop.kappa_s, lambda p: sharded_evaluate(p, "deflections", grid, mesh))
    out["grad"] = rel(g2, g1)
    print("RESULT " + json.dumps(out))
    """
)


def test_sharded_equals_single_device():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    assert result["devices"] == 2
    for key in ("exact", "fast", "grad"):
        assert np.isfinite(result[key]) and result[key] <= 1e-12, (key, result[key])
