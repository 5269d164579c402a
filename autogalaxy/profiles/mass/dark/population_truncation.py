"""Truncation rules for halo populations: each halo's truncation radius r_t from its halo.

A rule is a small pytree (its numeric parameters are leaves, so ``jax.grad`` reaches them) with
one method,

    rule.radius_kpc(mass_at_200, radius_at_200_kpc, scale_radius_kpc, xp) -> r_t [kpc] (N,)

taking each halo's M200c [Msun], r200c [kpc] and r_s [kpc] (all (N,) arrays) and returning its
truncation radius in physical kpc at the halo's redshift. :class:`HaloPopulationMCR` converts
it to arcsec with the halo's own kpc/arcsec. The rules the field uses:

* :class:`TruncationR200` -- r_t = k r200c. ``k = 2`` is upstream autogalaxy's choice for
  ``NFWTruncatedMCR*`` (its ``truncation_radius = 2 r200``; this package's
  ``nfw_truncated_mcr_scatter.TRUNCATION_IN_R200``) and the default here.
* :class:`TruncationTau` -- a constant tau = r_t / r_s (pyHalo's ``Multiple_RS`` model).
* :class:`TruncationRoche` -- the tidal (Roche-limit) radius of a subhalo at 3D distance r3d
  from the centre of an isothermal host,

      r_t = 1.4 kpc (m / 1e7 Msun)^(1/3) (r3d / 50 kpc)^(2/3),

  Cyr-Racine, Moustakas, Keeton, Sigurdson & Gilman (2016, PRD 94, 043505; arXiv:1506.01724).
  pyHalo (``truncation_models`` 'TRUNCATION_ROCHE': norm 1.4, mass power 1/3, radius power 2/3,
  pivots 1e7 Msun and 50 kpc) and paltas (``SubhalosDG19.get_truncation_radius``, the
  Gilman et al. 2020 model, MNRAS 491, 6077) use these constants with m = the subhalo's own M200c
  (in pyHalo the m200 at infall, the mass its subhalo mass function is drawn in; in paltas the
  m200 drawn at the lens redshift). pyHalo rounds r_t to 1 pc (``np.round(r_t, 3)``); we do
  not (rounding has no gradient), which differs from pyHalo by <= 5e-4 kpc.

All three are exact closed forms (float64 rounding only, ~1e-16 relative).
"""

import numpy as np

from autogalaxy.util.checks import check, finite

__all__ = ["TruncationR200", "TruncationTau", "TruncationRoche", "DEFAULT_TRUNCATION"]


def _register(cls, leaves, static=()):
    """Register ``cls`` as a pytree: ``leaves`` are children, ``static`` names are aux data."""
    try:
        import jax
    except ImportError:
        return cls

    def flatten(rule):
        return tuple(getattr(rule, n) for n in leaves), tuple(getattr(rule, n) for n in static)

    def unflatten(aux, children):
        rule = object.__new__(cls)
        for name, value in zip(leaves + static, tuple(children) + tuple(aux)):
            object.__setattr__(rule, name, value)
        return rule

    jax.tree_util.register_pytree_node(cls, flatten, unflatten)
    return cls


def _positive(name, value):
    check(name, value, lambda v: finite(v) & (v > 0), "finite and > 0")


class TruncationR200:
    """r_t = factor r200c (upstream autogalaxy's ``NFWTruncatedMCR*`` use factor = 2).

    ``factor`` is a scalar or an (N,) array (one per halo), dimensionless, > 0.
    """

    def __init__(self, factor=2.0):
        _positive("factor", factor)
        self.factor = factor

    def radius_kpc(self, mass_at_200, radius_at_200_kpc, scale_radius_kpc, xp=np):
        return self.factor * radius_at_200_kpc

    def __repr__(self):
        return f"TruncationR200(factor={self.factor!r})"


class TruncationTau:
    """r_t = tau r_s: a constant ratio of truncation to scale radius (scalar or (N,), > 0)."""

    def __init__(self, tau):
        _positive("tau", tau)
        self.tau = tau

    def radius_kpc(self, mass_at_200, radius_at_200_kpc, scale_radius_kpc, xp=np):
        return self.tau * scale_radius_kpc

    def __repr__(self):
        return f"TruncationTau(tau={self.tau!r})"


class TruncationRoche:
    """r_t = norm_kpc (m / mass_pivot)^mass_power (r3d / radius_pivot_kpc)^radius_power [kpc].

    Cyr-Racine et al. (2016, PRD 94, 043505) tidal radius in an isothermal host; m is each halo's
    M200c [Msun] (the population's ``mass_at_200``, as pyHalo and paltas use it).

    Parameters
    ----------
    r3d_kpc
        (N,) 3D distance of each subhalo from the host centre [physical kpc], > 0.
    norm_kpc, mass_pivot, radius_pivot_kpc, mass_power, radius_power
        1.4 kpc, 1e7 Msun, 50 kpc, 1/3 and 2/3 (Cyr-Racine et al. 2016; pyHalo's and paltas's
        defaults).
    """

    def __init__(self, r3d_kpc, norm_kpc=1.4, mass_pivot=1e7, radius_pivot_kpc=50.0,
                 mass_power=1.0 / 3.0, radius_power=2.0 / 3.0):
        _positive("r3d_kpc", r3d_kpc)
        _positive("norm_kpc", norm_kpc)
        _positive("mass_pivot", mass_pivot)
        _positive("radius_pivot_kpc", radius_pivot_kpc)
        self.r3d_kpc = r3d_kpc
        self.norm_kpc = norm_kpc
        self.mass_pivot = mass_pivot
        self.radius_pivot_kpc = radius_pivot_kpc
        self.mass_power = mass_power
        self.radius_power = radius_power

    def radius_kpc(self, mass_at_200, radius_at_200_kpc, scale_radius_kpc, xp=np):
        mass_term = (mass_at_200 / self.mass_pivot) ** self.mass_power
        radius_term = (xp.asarray(self.r3d_kpc) / self.radius_pivot_kpc) ** self.radius_power
        return self.norm_kpc * mass_term * radius_term

    def __repr__(self):
        n = np.size(self.r3d_kpc)
        return f"TruncationRoche(r3d_kpc=<{n} values>, norm_kpc={self.norm_kpc!r})"


_register(TruncationR200, ("factor",))
_register(TruncationTau, ("tau",))
_register(
    TruncationRoche,
    ("r3d_kpc", "norm_kpc", "mass_pivot", "radius_pivot_kpc", "mass_power", "radius_power"),
)

#: upstream autogalaxy's truncation of ``NFWTruncatedMCR*``: r_t = 2 r200c
DEFAULT_TRUNCATION = TruncationR200(2.0)
