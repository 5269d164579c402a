"""The documentation (Markdown pages + API reference from docstrings) builds without warnings."""

import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_sphinx_build_has_no_warnings(tmp_path):
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    api = (tmp_path / "html" / "api.html").read_text()
    # every public module made it into the API reference
    for name in ("flat_lambda_cdm", "ludlow16", "mcr_util", "nfw_mcr", "cnfw", "gnfw"):
        assert f"autogalaxy.profiles.mass.dark.{name}" in api or f"cosmology.{name}" in api, name
