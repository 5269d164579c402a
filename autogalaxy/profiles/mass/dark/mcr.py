"""The one mass-concentration pattern: (mass_at_200, scatter, redshifts, shape) -> parameters.

A mass-concentration ("MCR") profile is a base profile (NFW, truncated NFW, cored NFW, gNFW)
whose free parameters are the halo's: M200c [Msun], a concentration scatter, the lens and source
redshifts and the profile's own shape parameters (f_c, inner_slope). The base profile's parameters
(``kappa_s``, ``scale_radius`` [arcsec], ``core_radius``, ``truncation_radius``, and
``radius_at_200_kpc``) are *derived*: computed from the free parameters through

    c = relation(M200c h, z_l, cosmology) 10^(0.15 scatter_sigma)        (Msun -> Msun/h)
    r200 = (3 M200 / (4 pi 200 rho_crit(z_l)))^(1/3),  r_s = r200 / c,
    kappa_s = M200 / (4 pi r_s^3 m(c)) r_s / Sigma_crit,

with m(c) the profile's own dimensionless enclosed mass (so M3D(< r200) = M200 for every shape
parameter), ``relation`` looked up by name in
:mod:`~autogalaxy.profiles.mass.dark.concentration_relations` and one cosmology (keyword-only
``cosmology=``, default Planck15) for the concentration, rho_crit, Sigma_crit and arcsec.

Pytrees: the leaves are the constructor's positional parameters only. Derived parameters are
properties, computed lazily from the leaves on the backend of the leaves (and cached on the
instance), so ``jax.grad`` with respect to a profile built *outside* the differentiated function
gives d/d(mass_at_200), d/d(f_c), ... A concrete cosmology travels as static aux data compared by
value (its tables are built once and cached by value, never per jitted call); a traced cosmology
(one being differentiated) travels as a child pytree, so d/d(cosmology) works when asked for.
"""

import warnings

import numpy as np

from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.util.backend import is_traced, xp_from
from autogalaxy.util.checks import check_all, finite, is_concrete, positive

_DEFAULT_COSMOLOGY = Planck15()
SOLVERS = {"grid": "ludlow16", "smooth": "ludlow16_smooth"}
_COSMOLOGY_LEAVES = ("H0", "Om0", "Ob0", "Tcmb0", "sigma8", "ns")


class _CosmologyKey:
    """A concrete cosmology as hashable pytree aux data: equal when the parameters are equal."""

    def __init__(self, cosmology):
        self.cosmology = cosmology
        values = tuple(getattr(cosmology, n) for n in _COSMOLOGY_LEAVES)
        self.key = (type(cosmology), cosmology.Neff, tuple(cosmology.m_nu))
        self.key += tuple(float(np.asarray(v)) for v in values)

    def __eq__(self, other):
        return isinstance(other, _CosmologyKey) and self.key == other.key

    def __hash__(self):
        return hash(self.key)


def ludlow_relation(solver):
    """The registry name of the Ludlow16 relation for ``solver`` ("grid" or "smooth")."""
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {tuple(SOLVERS)}; got {solver!r}")
    return SOLVERS[solver]


class MassConcentration:
    """Mixin for every MCR class; put it first in the bases: ``class X(MassConcentration, NFW)``.

    A subclass sets ``derived_parameters`` (the names computed from the halo; each becomes a
    read-only property), and may override ``_halo_mass_factor(c, xp)`` (its m(c); default NFW)
    and ``_shape_parameters(base, kpc_per_arcsec, xp)`` (core or truncation radius). Its
    ``__init__`` calls ``self._init_halo(...)`` with its own arguments.

    A class parameterised by something other than M200c and a relation (e.g. the virial-mass
    classes) overrides ``_halo_parameters(xp)`` (the dict of derived values),
    ``_validate_free(free)`` (its own checks) and ``_non_finite_message(free)``.
    """

    derived_parameters = ("kappa_s", "scale_radius", "radius_at_200_kpc")
    derived_attributes = ()  # nothing derived is a pytree leaf
    relation = "ludlow16"
    scatter_sigma = 0.0  # classes without the argument sit on the mean relation

    def __init_subclass__(cls, **kwargs):
        for name in cls.derived_parameters:
            setattr(cls, name, property(lambda self, n=name: self._derived()[n]))
        super().__init_subclass__(**kwargs)

    def _init_halo(self, centre, ell_comps=(0.0, 0.0), *, cosmology=None, relation=None, **free):
        """Validate (concrete values only) and store the free parameters and settings."""
        from autogalaxy.profiles.geometry_profiles import check_geometry

        check_geometry(centre, ell_comps)
        self._validate_free(free)
        self.centre = centre
        if "ell_comps" in self._leaf_names():
            self.ell_comps = ell_comps
        for name, value in free.items():
            setattr(self, name, value)
        self.cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
        if relation is not None:
            mcr_util.relation_from(relation)  # ValueError naming the known relations
            self.relation = relation
        self._halo_cache = None
        derived = self._derived()
        if is_concrete(derived["kappa_s"]) and not np.all(np.isfinite(derived["kappa_s"])):
            warnings.warn(self._non_finite_message(free), stacklevel=3)

    # --- hooks for classes whose free parameters are not (mass_at_200, redshifts, shape) ------
    def _free_requirements(self, free):
        """The requirements on the free parameters (default: the M200c classes')."""
        return halo_requirements(free)

    def _validate_free(self, free):
        """ValueError naming a bad concrete free parameter."""
        check_all(self._free_requirements(free))

    def _requirements(self):
        # the free parameters first (their messages are the ones a user can act on), then the
        # base profile's on the derived parameters (NaN where the relation has no value)
        names = [n for n in self._leaf_names() if n not in ("centre", "ell_comps")]
        free = {n: getattr(self, n) for n in names}
        return self._free_requirements(free) + super()._requirements()

    def _non_finite_message(self, free):
        """The warning given when valid concrete parameters still derive a non-finite kappa_s."""
        return (
            f"{type(self).__name__}: the {self.relation} relation has no concentration for "
            f"mass_at_200={free['mass_at_200']!r} at redshift_object="
            f"{free['redshift_object']!r}; derived parameters are NaN"
        )

    @classmethod
    def _leaf_names(cls):
        from autogalaxy.profiles.geometry_profiles import _parameter_names

        return _parameter_names(cls)

    def _derived(self):
        cache = self.__dict__.get("_halo_cache")
        if cache is None:
            leaves = [getattr(self, n) for n in self._leaf_names()]
            leaves += [getattr(self.cosmology, n) for n in _COSMOLOGY_LEAVES]
            cache = self._halo_parameters(xp_from(*leaves))
            self.__dict__["_halo_cache"] = cache
        return cache

    def _halo_parameters(self, xp):
        base = mcr_util.halo_lens_parameters(
            self.mass_at_200,
            self.scatter_sigma,
            self.redshift_object,
            self.redshift_source,
            lambda c, xp: self._halo_mass_factor(c, xp),
            relation=self.relation,
            cosmology=self.cosmology,
            xp=xp,
        )
        kappa_s, scale_radius, radius_at_200, kpc_per_arcsec = base
        out = dict(kappa_s=kappa_s, scale_radius=scale_radius, radius_at_200_kpc=radius_at_200)
        out.update(self._shape_parameters(out, kpc_per_arcsec, xp))
        return out

    def _halo_mass_factor(self, c, xp):
        return mcr_util.nfw_enclosed_mass_factor(c, xp=xp)

    def _shape_parameters(self, base, kpc_per_arcsec, xp):
        return {}

    # --- pytree: free parameters are leaves; a concrete cosmology is static ------------------
    def _pytree_extra(self):
        cosmology = self.cosmology
        if is_traced(*(getattr(cosmology, n) for n in _COSMOLOGY_LEAVES)):
            return (self.relation, None), (cosmology,)
        return (self.relation, _CosmologyKey(cosmology)), ()

    def _pytree_restore(self, static, extra):
        relation, key = static
        self.__dict__["relation"] = relation
        self.__dict__["cosmology"] = key.cosmology if key is not None else extra[0]
        self.__dict__["_halo_cache"] = None


def halo_requirements(free):
    """The requirements on an M200c halo's free parameters, in constructor order."""
    out = (("mass_at_200", free["mass_at_200"], positive, "finite and positive [Msun]"),)
    if "scatter_sigma" in free:
        out += (("scatter_sigma", free["scatter_sigma"], finite, "finite [dex]"),)
    out += mcr_util.redshift_requirements(free["redshift_object"], free["redshift_source"])
    if "f_c" in free:
        out += (("f_c", free["f_c"], lambda f: (f > 0) & (f < 1), "in (0, 1)"),)
    if "inner_slope" in free:
        out += (("inner_slope", free["inner_slope"], lambda g: (g >= 0) & (g < 2), "in [0, 2)"),)
    return out
