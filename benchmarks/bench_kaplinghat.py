"""Kaplinghat SIDM deflections on 100 x 100: jitted forward and jit(grad), beside scipy quad.

Run: ``python benchmarks/bench_kaplinghat.py``. Prints a table; never asserts on time. Ours: best
per call after compilation (float64, ``_timing.best_time``). Reference: the same physics (NFW
envelope + matched isothermal core, our density function) projected per pixel with scipy quad
at epsrel 1e-10: alpha = M_cyl / (pi R), M_cyl = M_3D(< R) + int_R^inf 4 pi r^2 rho
(1 - sqrt(1 - R^2 / r^2)) dr, two adaptive integrals per pixel (upstream autogalaxy nests a quad
of kappa, itself a quad, inside a quad, so it is slower still; it cannot be installed here: it
needs Python >= 3.12). The reference is timed on a subset of pixels and scaled to the full grid
per pixel; rounds of ours and of the reference are interleaved and the best of each is kept.
"""

import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from scipy.integrate import quad

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_time, print_table  # noqa: E402

from autogalaxy.profiles.mass.dark.kaplinghat import KaplinghatCoredNFWSph  # noqa: E402
from autogalaxy.profiles.mass.dark.kaplinghat_util import kaplinghat_density_hat  # noqa: E402

N_SIDE = 100
SUBSET = 40
ROUNDS = 3
PROFILE = dict(centre=(0.0, 0.0), kappa_s=0.1, scale_radius=2.0, interaction_radius=2.0)


def grid():
    x = np.linspace(-5.0, 5.0, N_SIDE)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


def quad_deflection(profile, point):
    """(alpha_y, alpha_x) [arcsec] at one (y, x) point by two scipy quad integrals."""
    core = profile._core()
    x = max(float(np.hypot(*point)) / profile.scale_radius, 1e-12)

    def rho(r):
        return float(kaplinghat_density_hat(np.array(r), core))

    kw = dict(epsabs=0, epsrel=1e-10, limit=200)
    edge = [core.c] if core.c < x else None
    mass_3d = quad(lambda r: r * r * rho(r), 0.0, x, points=edge, **kw)[0]
    # shells outside R, r = x cosh(eta) (no endpoint square root), out to 1e4 r_s, then 1/r
    top = np.arccosh(1e4 / x)
    inner_edge = [np.arccosh(core.c / x)] if core.c > x else None

    def shell(eta):
        r = x * np.cosh(eta)
        return r * r * rho(r) * 2.0 / (1.0 + np.exp(2.0 * eta)) * x * np.sinh(eta)

    cylinder = quad(shell, 0.0, top, points=inner_edge, **kw)[0]
    cylinder += quad(lambda w: rho(1 / w) * x * x / w**2 / 2 if w > 0 else 0.0, 0.0,
                     1e-4, **kw)[0]
    alpha_over_r = 4.0 * (mass_3d + cylinder) / (x * x) * profile.kappa_s
    return alpha_over_r * np.asarray(point)


def main():
    g = grid()
    gj = jnp.asarray(g)
    profile = KaplinghatCoredNFWSph(**PROFILE)
    forward = jax.jit(lambda p, grid: p.deflections_yx_2d_from(grid, xp=jnp))
    gradient = jax.jit(jax.grad(lambda p, grid: jnp.sum(p.deflections_yx_2d_from(
        grid, xp=jnp) ** 2)))
    block = jax.block_until_ready
    subset = g[np.linspace(0, len(g) - 1, SUBSET).astype(int)]

    def reference():
        return np.array([quad_deflection(profile, p) for p in subset])

    ours_f, ours_g, ref = np.inf, np.inf, np.inf
    for _ in range(ROUNDS):
        ours_f = min(ours_f, best_time(forward, profile, gj, repeat=3, block=block))
        ours_g = min(ours_g, best_time(gradient, profile, gj, repeat=3, block=block))
        t0 = time.perf_counter()
        expected = reference()
        ref = min(ref, (time.perf_counter() - t0) / SUBSET * N_SIDE**2)
    rows = [
        ("deflections, jit (forward)", ours_f, ref),
        ("jit(grad) of sum |alpha|^2 w.r.t. the profile", ours_g, None),
    ]
    print_table(
        f"KaplinghatCoredNFWSph (r_1 = r_s) on {N_SIDE} x {N_SIDE} (float64, "
        f"{jax.devices()[0].platform}); reference: scipy quad, {SUBSET} pixels scaled per pixel",
        rows,
    )
    got = np.asarray(forward(profile, jnp.asarray(subset)))
    error = np.max(np.abs(got - expected) / np.maximum(np.abs(expected), 1e-300))
    print(f"\nours per pixel: {ours_f / N_SIDE**2 * 1e6:.2f} us forward, "
          f"{ours_g / N_SIDE**2 * 1e6:.2f} us gradient; quad {ref / N_SIDE**2 * 1e3:.2f} ms")
    print(f"speed-up of the forward pass over quad: {ref / ours_f:.0f}x (target >= 100x)")
    print(f"max relative difference ours vs quad on the subset: {error:.1e}")


if __name__ == "__main__":
    main()
