"""The demonstration command runs and prints numbers that agree with the cosmology module."""

import subprocess
import sys

import pytest

import autogalaxy as ag
from autogalaxy import cli


def test_default_run_prints_sigma_crit(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    sigma = (
        ag.cosmology.Planck15().critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
            0.5, 1.0
        )
    )
    line = next(line for line in out.splitlines() if "Sigma_crit" in line)
    assert float(line.split()[1]) == pytest.approx(sigma, rel=1e-5)


def test_bad_redshifts_exit_nonzero(capsys):
    assert cli.main(["--redshift-lens", "1.0", "--redshift-source", "0.5"]) == 2
    assert "redshift_1 - redshift_0" in capsys.readouterr().out


def test_module_entry_point_help():
    res = subprocess.run(
        [sys.executable, "-m", "autogalaxy", "--help"], capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0 and "--redshift-lens" in res.stdout
