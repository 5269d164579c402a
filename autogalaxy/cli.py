"""Command-line demonstration: lensing quantities of a lens/source pair in a Planck cosmology."""

import argparse

from autogalaxy import cosmology

PRESETS = {"Planck15": cosmology.Planck15, "Planck18": cosmology.Planck18}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="autogalaxy",
        description="Print distances, critical densities and kpc per arcsec for a strong lens.",
    )
    p.add_argument("--redshift-lens", type=float, default=0.5, help="lens redshift (default 0.5)")
    p.add_argument(
        "--redshift-source", type=float, default=1.0, help="source redshift (default 1.0)"
    )
    p.add_argument("--cosmology", choices=sorted(PRESETS), default="Planck15")
    return p


def lensing_table(redshift_lens, redshift_source, cosmo) -> list[tuple[str, float, str]]:
    """(quantity, value, unit) rows for a lens/source pair."""
    zl, zs = redshift_lens, redshift_source
    return [
        ("D_A(lens)", cosmo.angular_diameter_distance_to_earth_in_kpc_from(zl), "kpc"),
        ("D_A(source)", cosmo.angular_diameter_distance_to_earth_in_kpc_from(zs), "kpc"),
        (
            "D_A(lens -> source)",
            cosmo.angular_diameter_distance_between_redshifts_in_kpc_from(zl, zs),
            "kpc",
        ),
        ("rho_crit(lens)", cosmo.critical_density(zl), "Msun / kpc^3"),
        ("kpc per arcsec (lens)", cosmo.kpc_per_arcsec_from(zl), "kpc / arcsec"),
        (
            "Sigma_crit",
            cosmo.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(zl, zs),
            "Msun / kpc^2",
        ),
    ]


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    cosmo = PRESETS[args.cosmology]()
    print(f"{args.cosmology}: lens z = {args.redshift_lens}, source z = {args.redshift_source}")
    try:
        rows = lensing_table(args.redshift_lens, args.redshift_source, cosmo)
    except ValueError as err:
        print(f"error: {err}")
        return 2
    for name, value, unit in rows:
        print(f"  {name:<24s} {float(value):>14.6g}  {unit}")
    return 0
