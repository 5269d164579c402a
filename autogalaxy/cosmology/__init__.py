"""xp-aware flat LambdaCDM cosmology (NumPy or JAX) with Planck presets.

The names upstream autogalaxy exports here (``FlatLambdaCDM``, ``Planck15``, ``LensingCosmology``)
are the same objects as in ``autogalaxy.cosmology.model``, upstream's module path.
"""

from autogalaxy.cosmology import constants, model
from autogalaxy.cosmology.flat_lambda_cdm import (
    FlatLambdaCDM,
    LensingCosmology,
    Planck15,
    Planck18,
)

__all__ = ["FlatLambdaCDM", "LensingCosmology", "Planck15", "Planck18", "constants", "model"]
