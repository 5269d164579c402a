"""Upstream autogalaxy's module path for the cosmology classes.

``from autogalaxy.cosmology.model import FlatLambdaCDM, LensingCosmology, Planck15`` gives the
very objects that ``autogalaxy.cosmology`` exports (defined in ``flat_lambda_cdm``); ``Planck18``
is this package's addition.
"""

from autogalaxy.cosmology.flat_lambda_cdm import (
    FlatLambdaCDM,
    LensingCosmology,
    Planck15,
    Planck18,
)

__all__ = ["FlatLambdaCDM", "LensingCosmology", "Planck15", "Planck18"]
