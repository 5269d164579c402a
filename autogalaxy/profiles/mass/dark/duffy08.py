"""Duffy et al. (2008) concentration-mass-redshift relation c200c(M200c, z).

Duffy, Schaye, Kay & Dalla Vecchia (2008, MNRAS 390, L64), Table 1, full sample, M200 (critical):
c200c = A (M200c / M_pivot)^B (1 + z)^C with A = 5.71, B = -0.084, C = -0.47 and
M_pivot = 2e12 Msun/h. A power law: exact; independent of the cosmology except through the unit of
mass (Msun/h).
"""

import numpy as np

from autogalaxy.util.checks import check, is_concrete

DUFFY_A, DUFFY_B, DUFFY_C = 5.71, -0.084, -0.47
DUFFY_PIVOT_MSUN_H = 2e12


def duffy08_c200c(mass_at_200, redshift, cosmology=None, xp=np):
    """The ``"duffy08"`` relation of the registry: c200c for M200c [Msun/h] at ``redshift``.

    ``cosmology`` is accepted for the registry's common signature and not used. Unchecked.
    """
    m = xp.asarray(mass_at_200, dtype=float) / DUFFY_PIVOT_MSUN_H
    return DUFFY_A * m**DUFFY_B * (1.0 + xp.asarray(redshift, dtype=float)) ** DUFFY_C


def duffy08_concentration_xp(mass_at_200, redshift, cosmology=None, xp=np):
    """c200c of Duffy et al. (2008) for M200c [Msun/h]; ValueError naming the argument for
    M <= 0 or z < 0 on the NumPy path (the JAX path gives NaN or a finite power: see the module)."""
    if is_concrete(mass_at_200):
        check("mass_at_200", mass_at_200, lambda v: v > 0, "positive [Msun/h]")
    if is_concrete(redshift):
        check("redshift", redshift, lambda v: v >= 0, "non-negative")
    return duffy08_c200c(mass_at_200, redshift, cosmology, xp)
