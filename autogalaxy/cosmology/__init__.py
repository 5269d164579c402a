"""xp-aware flat LambdaCDM cosmology (NumPy or JAX) with Planck presets."""

from autogalaxy.cosmology import constants
from autogalaxy.cosmology.flat_lambda_cdm import FlatLambdaCDM, Planck15, Planck18

__all__ = ["FlatLambdaCDM", "Planck15", "Planck18", "constants"]
