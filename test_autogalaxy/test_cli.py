"""The demonstration command: its table agrees with the library, and it writes the figure."""

import subprocess
import sys

import pytest

import autogalaxy as ag
from autogalaxy import cli
from autogalaxy.profiles.mass.dark import mcr_util


def _table(out):
    """{(quantity, unit): value} from the fixed-width rows the command prints."""
    rows = {}
    for line in out.splitlines()[1:]:
        if line.startswith("  "):
            rows[(line[2:26].strip(), line[43:].strip())] = float(line[26:41])
    return rows


def test_default_table_matches_the_library(capsys):
    assert cli.main(["--no-plot"]) == 0
    rows = _table(capsys.readouterr().out)
    kappa_s, r_s, r200 = mcr_util.kappa_s_and_scale_radius_for_ludlow(1e13, 0.0, 0.5, 1.0)
    cosmo = ag.cosmology.Planck15()
    assert rows[("kappa_s", "")] == pytest.approx(kappa_s, rel=1e-5)
    assert rows[("r_s", "arcsec")] == pytest.approx(r_s, rel=1e-5)
    assert rows[("r200", "kpc")] == pytest.approx(r200, rel=1e-5)
    # r200 = c r_s: the printed numbers are mutually consistent.
    c = rows[("concentration c200c", "")]
    assert rows[("r_s", "kpc")] * c == pytest.approx(rows[("r200", "kpc")], rel=1e-5)
    sigma = cosmo.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(0.5, 1.0)
    assert rows[("Sigma_crit", "Msun / kpc^2")] == pytest.approx(sigma, rel=1e-5)


def test_figure_has_three_labelled_panels(tmp_path, monkeypatch, capsys):
    import matplotlib.pyplot as plt

    saved = {}
    original = plt.Figure.savefig

    def spy(fig, path, *a, **k):
        saved["labels"] = [(ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes]
        return original(fig, path, *a, **k)

    monkeypatch.setattr(plt.Figure, "savefig", spy)
    out = tmp_path / "halo.png"
    assert cli.main(["--mass", "3e12", "--output", str(out)]) == 0
    assert out.stat().st_size > 10_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = saved["labels"]
    # three panels plus two colour bars, every axis labelled, units on the spatial ones
    assert len(labels) == 5
    assert sum("arcsec" in x for x, _ in labels) == 2
    assert any("M_{200c}" in x for x, _ in labels)
    assert all(x or y for x, y in labels)


def test_bad_redshifts_exit_nonzero(capsys):
    assert cli.main(["--no-plot", "--redshift-lens", "1.0", "--redshift-source", "0.5"]) == 2
    assert "redshift_source" in capsys.readouterr().out


def test_module_entry_point_help():
    res = subprocess.run(
        [sys.executable, "-m", "autogalaxy", "--help"], capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0 and "--mass" in res.stdout and "--redshift-lens" in res.stdout
