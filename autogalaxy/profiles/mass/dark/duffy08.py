"""Duffy et al. (2008) concentration-mass-redshift relation c200c(M200c, z).

Duffy, Schaye, Kay & Dalla Vecchia (2008, MNRAS 390, L64), Table 1, full sample, M200 (critical):
c200c = A (M200c / M_pivot)^B (1 + z)^C with A = 5.71, B = -0.084, C = -0.47 and
M_pivot = 2e12 Msun/h. A power law: exact; independent of the cosmology except through the unit of
mass (Msun/h).
"""

import numpy as np

from autogalaxy.util.checks import check, nonnegative, positive

DUFFY_A, DUFFY_B, DUFFY_C = 5.71, -0.084, -0.47
DUFFY_PIVOT_MSUN_H = 2e12


def duffy08_c200c(mass_at_200, redshift, cosmology=None, xp=np):
    """The ``"duffy08"`` relation of the registry: c200c for M200c [Msun/h] at ``redshift``.

    ``cosmology`` is accepted for the registry's common signature and not used. Unchecked: NaN
    for M <= 0, z < 0 or non-finite input (the power law would give inf, 0 or a number).
    """
    mass = xp.asarray(mass_at_200, dtype=float)
    z = xp.asarray(redshift, dtype=float)
    valid = positive(mass) & nonnegative(z)
    m = xp.where(valid, mass, DUFFY_PIVOT_MSUN_H) / DUFFY_PIVOT_MSUN_H
    c = DUFFY_A * m**DUFFY_B * (1.0 + xp.where(valid, z, 0.0)) ** DUFFY_C
    return xp.where(valid, c, xp.nan)


def duffy08_concentration_xp(mass_at_200, redshift, cosmology=None, xp=np):
    """c200c of Duffy et al. (2008) for M200c [Msun/h]; ValueError naming the argument for
    M <= 0, z < 0 or non-finite input on the NumPy path (NaN on the JAX path)."""
    check("mass_at_200", mass_at_200, positive, "finite and > 0 [Msun/h]")
    check("redshift", redshift, nonnegative, "finite and >= 0")
    return duffy08_c200c(mass_at_200, redshift, cosmology, xp)
