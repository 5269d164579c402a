"""``python -m autogalaxy`` / ``autogalaxy``: a dark-matter halo as a strong lens.

For a halo mass M200c [Msun] and lens/source redshifts, prints the Ludlow16 concentration, the NFW
lens parameters and the lensing cosmology, and writes a PNG with three panels: the convergence map,
the deflection-magnitude map with arrows, and c(M) at the lens redshift with the halo marked.
"""

import argparse

import numpy as np

from autogalaxy import cosmology
from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp
from autogalaxy.profiles.mass.dark.nfw import NFWSph

PRESETS = {"Planck15": cosmology.Planck15, "Planck18": cosmology.Planck18}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="autogalaxy",
        description=(
            "Lens parameters of an NFW halo on the Ludlow et al. (2016) mass-concentration "
            "relation, with a three-panel figure (needs matplotlib: the 'plot' extra)."
        ),
    )
    p.add_argument("--mass", type=float, default=1e13, help="M200c [Msun] (default 1e13)")
    p.add_argument("--redshift-lens", type=float, default=0.5, help="lens redshift (default 0.5)")
    p.add_argument(
        "--redshift-source", type=float, default=1.0, help="source redshift (default 1.0)"
    )
    p.add_argument("--cosmology", choices=sorted(PRESETS), default="Planck15")
    p.add_argument(
        "--output", default="autogalaxy_halo.png", help="PNG to write (default autogalaxy_halo.png)"
    )
    p.add_argument("--no-plot", action="store_true", help="print the table only")
    return p


def halo_table(mass, redshift_lens, redshift_source, cosmo) -> list[tuple[str, float, str]]:
    """(quantity, value, unit) rows of a Ludlow16 NFW halo."""
    c, rho_crit, sigma_crit, kpc_per_arcsec = mcr_util.ludlow16_cosmology(
        mass, redshift_lens, redshift_source, cosmology=cosmo
    )
    kappa_s, r_s, r200 = mcr_util.kappa_s_and_scale_radius_for_ludlow(
        mass, 0.0, redshift_lens, redshift_source, cosmology=cosmo
    )
    return [
        ("M200c", mass, "Msun"),
        ("concentration c200c", c, ""),
        ("r200", r200, "kpc"),
        ("r_s", r_s * kpc_per_arcsec, "kpc"),
        ("r_s", r_s, "arcsec"),
        ("kappa_s", kappa_s, ""),
        ("Sigma_crit", sigma_crit, "Msun / kpc^2"),
        ("rho_crit(lens)", rho_crit, "Msun / kpc^3"),
        ("kpc per arcsec (lens)", kpc_per_arcsec, "kpc / arcsec"),
    ]


def plot_halo(path, mass, redshift_lens, cosmo, kappa_s, scale_radius):
    """Write the three-panel PNG; returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    halo = NFWSph(kappa_s=kappa_s, scale_radius=scale_radius)
    half = float(np.clip(2.0 * scale_radius, 1.0, 30.0))
    x = np.linspace(-half, half, 201)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    grid = np.stack([yy.ravel(), xx.ravel()], axis=-1)
    kappa = halo.convergence_2d_from(grid).reshape(yy.shape)
    alpha = halo.deflections_yx_2d_from(grid)
    magnitude = np.hypot(alpha[:, 0], alpha[:, 1]).reshape(yy.shape)

    masses = np.logspace(8.0, 15.5, 150)
    curve = ludlow16_concentration_xp(masses * cosmo.h, redshift_lens, cosmology=cosmo)
    c_halo = ludlow16_concentration_xp(mass * cosmo.h, redshift_lens, cosmology=cosmo)

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    extent = (-half, half, -half, half)
    im = axes[0].imshow(kappa, extent=extent, norm=LogNorm(), cmap="magma")
    fig.colorbar(im, ax=axes[0], label=r"convergence $\kappa$ (dimensionless)")
    axes[0].set_title("Convergence")
    im = axes[1].imshow(magnitude, extent=extent, cmap="viridis")
    fig.colorbar(im, ax=axes[1], label=r"$|\alpha|$ [arcsec]")
    step = 20
    axes[1].quiver(
        xx[::step, ::step],
        yy[::step, ::step],
        alpha[:, 1].reshape(yy.shape)[::step, ::step],
        alpha[:, 0].reshape(yy.shape)[::step, ::step],
        color="white",
    )
    axes[1].set_title("Deflection magnitude and direction")
    for ax in axes[:2]:
        ax.set_xlabel("x [arcsec]")
        ax.set_ylabel("y [arcsec]")
    axes[2].semilogx(masses, curve, color="k", label=f"Ludlow16, z = {redshift_lens:g}")
    axes[2].plot([mass], [c_halo], "o", color="C3", label=f"this halo: c = {float(c_halo):.2f}")
    axes[2].set_xlabel(r"$M_{200c}$ [$M_\odot$]")
    axes[2].set_ylabel(r"$c_{200c}$ (dimensionless)")
    axes[2].set_title("Concentration-mass relation")
    axes[2].legend()
    fig.suptitle(
        f"NFW halo, M200c = {mass:.3g} Msun, z_lens = {redshift_lens:g} "
        f"(kappa_s = {float(kappa_s):.4f}, r_s = {float(scale_radius):.3f} arcsec)"
    )
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    cosmo = PRESETS[args.cosmology]()
    print(
        f"{args.cosmology}: M200c = {args.mass:.4g} Msun, lens z = {args.redshift_lens}, "
        f"source z = {args.redshift_source}"
    )
    try:
        rows = halo_table(args.mass, args.redshift_lens, args.redshift_source, cosmo)
    except ValueError as err:
        print(f"error: {err}")
        return 2
    for name, value, unit in rows:
        print(f"  {name:<24s} {float(value):>14.6g}  {unit}")
    if args.no_plot:
        return 0
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("matplotlib is not installed: pip install 'autogalaxy[plot]' for the figure")
        return 0
    kappa_s, r_s = rows[5][1], rows[4][1]
    path = plot_halo(args.output, args.mass, args.redshift_lens, cosmo, kappa_s, r_s)
    print(f"wrote {path}")
    return 0
