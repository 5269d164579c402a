"""The concentration-mass-redshift relations, by name.

Every relation is one module with one function of one signature,

    c200c = relation(mass_at_200, redshift, cosmology, xp)

with ``mass_at_200`` = M200c in Msun/h (colossus's unit; the profiles convert from Msun), any
broadcast shapes, ``cosmology`` a flat LambdaCDM of :mod:`autogalaxy.cosmology` (None: Planck15)
and ``xp`` numpy or jax.numpy. It returns c200c = r200c / r_s with NaN where it has no answer,
runs under jax.jit / jax.grad / jax.vmap, and does not validate its input (the public entry
points and the profiles do that once).

Adding a relation: write its module (``diemer19.py`` is the worked example) and add one line to
``RELATIONS``. The mass-concentration profiles look relations up here by name, so nothing else
changes (docs/concentration_relations.md).
"""

from autogalaxy.profiles.mass.dark.diemer19 import diemer19_c200c
from autogalaxy.profiles.mass.dark.duffy08 import duffy08_c200c
from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_c200c, ludlow16_smooth_c200c

RELATIONS = {
    "ludlow16": ludlow16_c200c,  # Ludlow et al. (2016), colossus's c-grid rule
    "ludlow16_smooth": ludlow16_smooth_c200c,  # the same equation's continuous root
    "duffy08": duffy08_c200c,  # Duffy et al. (2008), full sample, M200c
    "diemer19": diemer19_c200c,  # Diemer & Joyce (2019), median parameters
}

__all__ = ["RELATIONS", "relation_from", "concentration_from"]


def relation_from(name):
    """The relation function registered as ``name`` (ValueError listing the names if unknown)."""
    try:
        return RELATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"concentration relation must be one of {sorted(RELATIONS)}; got {name!r}"
        ) from None


def concentration_from(name, mass_at_200, redshift, cosmology=None, xp=None):
    """c200c from the relation ``name`` for M200c [Msun/h] at ``redshift``.

    The user-facing entry point: ValueError naming the argument for concrete M200c <= 0, z < 0
    or non-finite input (inside ``ag.checked``, the same check); NaN for traced invalid input.
    """
    import numpy as np

    from autogalaxy.util.checks import check, nonnegative, positive

    check("mass_at_200", mass_at_200, positive, "finite and > 0 [Msun/h]")
    check("redshift", redshift, nonnegative, "finite and >= 0")
    return relation_from(name)(mass_at_200, redshift, cosmology, np if xp is None else xp)
