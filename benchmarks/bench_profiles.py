"""Jitted deflections of every NFW-family profile on a 100 x 100 grid, beside lenstronomy.

Run: ``python benchmarks/bench_profiles.py`` (needs the ``bench`` extra for lenstronomy; without it
the reference column is left empty). Prints a table; never asserts on time. Times are best-of-7
per call after compilation, float64, on whatever CPU runs it. lenstronomy's reference is its NumPy
``alpha`` of the closest profile it has (its CNFW is a different cored form, and its elliptical
gNFW/cNFW use approximations), so the ratio compares cost, not identical physics.
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
ELL = (0.1, 0.05)

CASES = [
    ("NFWSph", lambda: ag.mp.NFWSph(kappa_s=0.1, scale_radius=2.0), ("NFW", {})),
    (
        "NFW (elliptical)",
        lambda: ag.mp.NFW(ell_comps=ELL, kappa_s=0.1, scale_radius=2.0),
        ("NFW_ELLIPSE_CSE", {"e1": ELL[1], "e2": ELL[0]}),
    ),
    (
        "NFWTruncatedSph",
        lambda: ag.mp.NFWTruncatedSph(kappa_s=0.1, scale_radius=2.0, truncation_radius=6.0),
        ("TNFW", {"r_trunc": 6.0}),
    ),
    (
        "gNFWSph",
        lambda: ag.mp.gNFWSph(kappa_s=0.1, inner_slope=1.5, scale_radius=2.0),
        ("GNFW", {"gamma_in": 1.5}),
    ),
    (
        "gNFW (elliptical)",
        lambda: ag.mp.gNFW(ell_comps=ELL, kappa_s=0.1, inner_slope=1.5, scale_radius=2.0),
        None,
    ),
    (
        "cNFWSph",
        lambda: ag.mp.cNFWSph(kappa_s=0.1, scale_radius=2.0, core_radius=0.2),
        ("CNFW", {"r_core": 0.2}),
    ),
    (
        "cNFW (elliptical)",
        lambda: ag.mp.cNFW(ell_comps=ELL, kappa_s=0.1, scale_radius=2.0, core_radius=0.2),
        None,
    ),
]


def grid():
    x = np.linspace(-5.0, 5.0, N_SIDE)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


def lenstronomy_time(g, spec):
    if spec is None:
        return None
    try:
        from lenstronomy.LensModel.lens_model import LensModel
    except ImportError:
        return None
    name, extra = spec
    model = LensModel([name])
    kwargs = [{"Rs": 2.0, "alpha_Rs": 0.5, "center_x": 0.0, "center_y": 0.0, **extra}]
    return best_time(lambda: model.alpha(g[:, 1], g[:, 0], kwargs))


def main():
    g = grid()
    gj = jnp.asarray(g)
    rows = []
    for label, make, spec in CASES:
        profile = make()
        fn = jax.jit(lambda grid, p=profile: p.deflections_yx_2d_from(grid, xp=jnp))
        ours = best_time(fn, gj, block=jax.block_until_ready)
        rows.append((label, ours, lenstronomy_time(g, spec)))
    print_table(
        f"Jitted deflections on a {N_SIDE} x {N_SIDE} grid (float64, {jax.devices()[0].platform})"
        " vs lenstronomy (NumPy)",
        rows,
    )
    per_1e4 = rows[1][1] * 1e4 / N_SIDE**2
    print(f"\nElliptical NFW: {per_1e4 * 1e3:.3f} ms per 10^4 pixels (target <= 1 ms)")


if __name__ == "__main__":
    main()
