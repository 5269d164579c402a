"""Kept for existing imports: the tables now live with the cosmology, in
:mod:`autogalaxy.cosmology.tables`."""

from autogalaxy.cosmology.tables import *  # noqa: F401,F403
from autogalaxy.cosmology.tables import (  # noqa: F401
    GROWTH_GRID,
    LN_R_MAX,
    LN_R_MIN,
    SIGMA_GRID,
    cached_table,
    growth_table,
    ln_sigma_table,
)
