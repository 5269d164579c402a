"""Sharded halo populations: halos split over 2 host devices equal the single-device result.

XLA_FLAGS=--xla_force_host_platform_device_count=2 must be set before jax initialises, so the
check runs in a fresh subprocess (this test process has already started jax with one device).
Reference: the single-device exact and fast paths on NumPy in the same subprocess, and the
analytic d chi^2 / d kappa_s (the deflections are linear in kappa_s).
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

    # single-device references on NumPy (no second compilation): the population's sums and
    # d chi^2 / d kappa_s_i = 2 sum_p alpha(p) . alpha_i(p) / kappa_s_i (alpha is linear in kappa_s)
    host = jax.tree_util.tree_map(np.asarray, pop)
    g = np.asarray(grid)
    for method in ("exact", "fast"):
        sharded = jax.jit(lambda p, g: sharded_evaluate(p, "deflections", g, mesh, method))
        out[method] = rel(sharded(pop, grid), host.deflections_yx_2d_from(g, method=method))

    def chi2(kappa_s):
        p = HaloPopulation(pop.centres, kappa_s, pop.scale_radius, pop.truncation_radius)
        return jnp.sum(sharded_evaluate(p, "deflections", grid, mesh) ** 2)

    alpha = host.deflections_yx_2d_from(g)
    per_halo = [
        HaloPopulation(host.centres[i:i + 1], np.ones(1), host.scale_radius[i:i + 1],
                       host.truncation_radius[i:i + 1]).deflections_yx_2d_from(g)
        for i in range(n)
    ]
    reference = np.array([2.0 * np.sum(alpha * a) for a in per_halo])
    out["grad"] = rel(jax.jit(jax.grad(chi2))(pop.kappa_s), reference)
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
