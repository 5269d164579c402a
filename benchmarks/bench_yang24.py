"""Jitted YangSIDMSph deflections (forward and jit(grad)) on 100 x 100 beside scipy-quad references.

Run: ``python benchmarks/bench_yang24.py``. Prints a table; never asserts on time. Times are
best-of-7 per call after compilation, float64. Upstream autogalaxy (which needs Python >= 3.12)
cannot be installed here, so the references are scipy quad of the same physics, timed on a subset
of pixels and scaled to the 10^4 pixels of the grid (the table says so):

- "nested quad": upstream's documented route, kappa(R) = 2 int rho dz (epsrel 1e-5, z cut at
  max(500 r_s, 50 r_c)) and alpha = (2 / R) int_0^R kappa R' dR' (epsrel 1e-4), per pixel;
- "shell quad": the cheapest exact quad route, the mass of the sphere plus the part of each outer
  shell inside the cylinder (two quads per pixel, epsrel 1e-10).

Neither reference has a gradient; the jit(grad) row is for scale only.
"""

import math
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from scipy.integrate import quad

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_time, print_table  # noqa: E402

from autogalaxy.profiles.mass.dark.yang24 import YangSIDMSph  # noqa: E402

jax.config.update("jax_enable_x64", True)

N_SIDE = 100
SUBSET = {"nested quad": 8, "shell quad": 100}  # pixels timed per reference


def grid():
    x = np.linspace(-5.0, 5.0, N_SIDE)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


def density(profile):
    rho_s = float(profile.rho_s_evolved)
    r_s, r_c = float(profile.scale_radius_evolved), float(profile.core_radius_evolved)

    def rho(r):
        return rho_s / (((r**4 + r_c**4) ** 0.25 / r_s) * (1.0 + r / r_s) ** 2)

    return rho, r_s, r_c


def nested_quad_alpha(profile, radius):
    rho, r_s, r_c = density(profile)
    z_max = max(500.0 * r_s, 50.0 * r_c)

    def kappa(r):
        return 2.0 * quad(lambda z: rho(math.hypot(r, z)), 0.0, z_max, epsrel=1e-5, limit=100)[0]

    return 2.0 * quad(lambda r: kappa(r) * r, 0.0, radius, epsrel=1e-4, limit=100)[0] / radius


def shell_quad_alpha(profile, radius):
    rho, r_s, r_c = density(profile)
    sphere = quad(lambda t: 4 * np.pi * t * t * rho(t), 0.0, radius, epsrel=1e-10, limit=200)[0]

    def outer(eta):
        t = radius * math.cosh(eta)
        fraction = 2.0 / (1.0 + math.exp(2.0 * eta))  # 1 - sqrt(1 - R^2 / t^2)
        return 4 * np.pi * t * t * rho(t) * fraction * radius * math.sinh(eta)

    top = math.acosh(max(1e8 * r_s / radius, 2.0))  # shells beyond add < 1e-16 R^2 / r_s^2
    cylinder = quad(outer, 0.0, top, epsrel=1e-10, limit=200)[0]
    return (sphere + cylinder) / (np.pi * radius)


def reference_time_per_pixel(alpha_of_radius, profile, radii):
    t0 = time.perf_counter()
    for r in radii:
        alpha_of_radius(profile, float(r))
    return (time.perf_counter() - t0) / len(radii)


def main():
    g = grid()
    gj = jnp.asarray(g)
    profile = YangSIDMSph(kappa_s=0.2, scale_radius=2.0, tau=0.3)
    forward = jax.jit(lambda p, grid: p.deflections_yx_2d_from(grid, xp=jnp))
    gradient = jax.jit(jax.grad(lambda p, grid: jnp.sum(p.deflections_yx_2d_from(grid, xp=jnp)
                                                        ** 2)))
    ours = best_time(forward, profile, gj, block=jax.block_until_ready)
    ours_grad = best_time(gradient, profile, gj, block=jax.block_until_ready)
    ours_numpy = best_time(lambda: profile.deflections_yx_2d_from(g), repeat=3)
    radii = np.hypot(g[:, 0], g[:, 1])
    pick = np.random.default_rng(0).choice(len(radii), max(SUBSET.values()), replace=False)
    n_pixels = len(radii)
    subset = {name: radii[pick[:n]] for name, n in SUBSET.items()}
    nested = reference_time_per_pixel(nested_quad_alpha, profile, subset["nested quad"])
    shell = reference_time_per_pixel(shell_quad_alpha, profile, subset["shell quad"])
    # the quad references agree with ours to their tolerance (a sanity check, not a test)
    r = float(radii[pick[0]])
    ours_alpha = float(profile.radial_deflection_from_radius(r))
    print(f"alpha at R = {r:.3f}: ours {ours_alpha:.12f}, shell quad "
          f"{shell_quad_alpha(profile, r):.12f}, nested quad {nested_quad_alpha(profile, r):.12f}")
    rows = [
        ("jit deflections vs nested quad (upstream's route)", ours, nested * n_pixels),
        ("jit deflections vs shell quad", ours, shell * n_pixels),
        ("jit(grad) of sum alpha^2 vs nested quad (no grad)", ours_grad, nested * n_pixels),
        ("NumPy deflections vs shell quad", ours_numpy, shell * n_pixels),
    ]
    print_table(
        f"YangSIDMSph (tau = 0.3) deflections on {N_SIDE} x {N_SIDE} (float64, "
        f"{jax.devices()[0].platform}); references timed on {SUBSET['nested quad']} / "
        f"{SUBSET['shell quad']} pixels and scaled per pixel to {n_pixels}",
        rows,
    )
    print(f"\nratio vs nested quad: {nested * n_pixels / ours:.0f}x (target >= 100x); "
          f"vs shell quad: {shell * n_pixels / ours:.0f}x")


if __name__ == "__main__":
    main()
