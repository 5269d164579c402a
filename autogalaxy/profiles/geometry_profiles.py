"""Geometry shared by every profile: centre, elliptical components and the profile frame.

Grids are (N, 2) arrays of (y, x) in arcsec (NumPy or JAX arrays, or any object with ``.array``).
The profile frame is centred on ``centre`` and rotated so that its x'-axis is the major axis:

    x' =  dx cos(phi) + dy sin(phi),    y' = -dx sin(phi) + dy cos(phi),

and the elliptical radius is xi = sqrt(x'^2 + y'^2 / q^2) (Keeton 2001 convention: ellipticity is
put in the mass, so kappa(x', y') = kappa_sph(xi)). q and phi come from ``ell_comps`` through
:mod:`autogalaxy.convert`, whose gradients are finite at ell_comps = (0, 0).
"""

import functools
import inspect

import numpy as np

from autogalaxy import convert
from autogalaxy.util.checks import check, check_all, finite, is_concrete, requirements_met


def grid_array_from(grid, xp=np):
    """The (N, 2) (y, x) float array behind ``grid`` (unwraps objects with ``.array``).

    Batches (..., 2) are accepted. The shape and dtype are checked on every backend (they are
    static under jit): a grid whose last axis is not 2 (y, x), a 0/1-d grid, or a complex, boolean
    or non-numeric one raises ``TypeError``/``ValueError`` naming ``grid``. A concrete grid with
    NaN or inf raises ``ModelParameterException``; a traced one gives NaN at those points.
    """
    grid = getattr(grid, "array", grid)
    dtype = getattr(grid, "dtype", None)
    if dtype is None:
        try:
            dtype = np.asarray(grid).dtype
        except Exception as error:  # ragged lists and the like
            raise TypeError(f"grid must be an (N, 2) array of (y, x) [arcsec]: {error}") from None
    if np.dtype(dtype).kind not in "fiu":
        raise TypeError(
            f"grid must be an (N, 2) array of real (y, x) [arcsec]; got dtype {np.dtype(dtype)}"
        )
    shape = np.shape(grid)
    if len(shape) < 2 or shape[-1] != 2:
        raise ValueError(
            f"grid must be an (N, 2) array of (y, x) [arcsec] (or a batch (..., 2)); got shape "
            f"{tuple(shape)}"
        )
    if is_concrete(grid):
        check("grid", grid, finite, "finite (y, x) [arcsec]")
    return xp.asarray(grid, dtype=float)


class GeometryProfile:
    """A profile's centre (y, x) [arcsec] and elliptical components ``ell_comps``.

    Subclasses are registered as JAX pytrees (when jax is installed) whose leaves are the
    positional-or-keyword arguments of their ``__init__`` (plus any names in the class attribute
    ``derived_attributes``), so profiles built from traced parameters pass into and out of
    ``jax.jit`` and ``jax.vmap``, and ``jax.grad`` with respect to a profile differentiates with
    respect to its parameters.
    """

    def __init__(self, centre=(0.0, 0.0), ell_comps=(0.0, 0.0)):
        check_geometry(centre, ell_comps)
        self.centre = centre
        self.ell_comps = ell_comps

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _register_profile_pytree(cls)

    def __repr__(self):
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in _parameter_names(type(self)))
        return f"{type(self).__name__}({args})"

    def _requirements(self):
        """(name, value, ok, requirement) of every parameter requirement, in the order the
        constructor checks them: the one list behind the NumPy errors (``checks.check_all``) and
        the JAX path's NaN mask (``_valid``). Subclasses append theirs to ``super()``'s."""
        return geometry_requirements(self.centre, self.ell_comps)

    def _valid(self, xp):
        """Scalar boolean: every requirement holds (traced invalid parameters give NaN outputs)."""
        return requirements_met(self._requirements(), xp)

    def _pytree_extra(self):
        """(static aux data, extra pytree leaves) beyond the parameters; none by default."""
        return None, ()

    def _pytree_restore(self, static, extra):
        """Rebuild what ``_pytree_extra`` flattened (nothing by default)."""

    def axis_ratio(self, xp=np):
        """Axis ratio q = b/a of the profile."""
        return convert.axis_ratio_from(self.ell_comps, xp=xp)

    def angle(self, xp=np):
        """Position angle of the major axis [degrees], counter-clockwise from +x."""
        return convert.angle_from(self.ell_comps, xp=xp)

    def _cos_sin_phi(self, xp):
        phi = xp.radians(self.angle(xp=xp))
        return xp.cos(phi), xp.sin(phi)

    def transformed_to_reference_frame_grid_from(self, grid, xp=np):
        """(y', x') of each grid point in the profile frame, shape (N, 2) [arcsec]."""
        g = grid_array_from(grid, xp)
        dy = g[..., 0] - xp.asarray(self.centre[0], dtype=float)
        dx = g[..., 1] - xp.asarray(self.centre[1], dtype=float)
        cos, sin = self._cos_sin_phi(xp)
        return xp.stack([-dx * sin + dy * cos, dx * cos + dy * sin], axis=-1)

    def rotated_grid_from_reference_frame_from(self, vectors_yx, xp=np):
        """Rotate (y', x') vector components (e.g. deflections) from the profile frame back."""
        cos, sin = self._cos_sin_phi(xp)
        vy, vx = vectors_yx[..., 0], vectors_yx[..., 1]
        return xp.stack([vx * sin + vy * cos, vx * cos - vy * sin], axis=-1)

    def elliptical_radii_grid_from(self, grid, xp=np):
        """Elliptical radius xi = sqrt(x'^2 + y'^2 / q^2) of each grid point [arcsec]."""
        g = self.transformed_to_reference_frame_grid_from(grid, xp=xp)
        q = self.axis_ratio(xp=xp)
        return xp.sqrt(g[..., 1] ** 2 + (g[..., 0] / q) ** 2)


class SphericalGeometry:
    """Mixin for spherical profiles: ``ell_comps`` is fixed to (0, 0) and is not a parameter.

    Put it first in the bases (``class NFWSph(SphericalGeometry, NFW)``) and pass
    ``ell_comps=(0.0, 0.0)`` to the parent ``__init__``; the class attribute keeps a profile rebuilt
    from its pytree leaves (which omit ``ell_comps``) spherical.
    """

    ell_comps = (0.0, 0.0)


CENTRE_REQUIREMENT = "two finite (y, x) [arcsec]"
ELL_COMPS_REQUIREMENT = "two finite components"


def geometry_requirements(centre, ell_comps=(0.0, 0.0)):
    """The requirements on ``centre`` and ``ell_comps`` (finite; |ell_comps| < 1)."""
    return (
        ("centre", centre, finite, CENTRE_REQUIREMENT),
        ("ell_comps", ell_comps, finite, ELL_COMPS_REQUIREMENT),
        convert.ellipticity_requirement(ell_comps),
    )


def check_geometry(centre, ell_comps=(0.0, 0.0)):
    """Errors naming ``centre`` / ``ell_comps`` for a concrete bad one (wrong length: ValueError on
    every backend; NaN/inf or |ell_comps| >= 1: ModelParameterException)."""
    _check_length("centre", centre, CENTRE_REQUIREMENT)
    _check_length("ell_comps", ell_comps, ELL_COMPS_REQUIREMENT)
    check_all(geometry_requirements(centre, ell_comps))


def _check_length(name, value, requirement):
    length = len(value) if isinstance(value, (list, tuple)) else (np.shape(value) or (0,))[0]
    if length != 2:
        raise ValueError(f"{name} must be {requirement}; got {value!r}")


@functools.lru_cache(maxsize=None)
def _parameter_names(cls):
    """The positional-or-keyword constructor arguments: a profile's parameters (and pytree
    leaves). Keyword-only arguments (e.g. ``cosmology=``, ``solver=``) are settings, not leaves."""
    params = inspect.signature(cls.__init__).parameters.values()
    return tuple(p.name for p in params if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD)


def _register_profile_pytree(cls):
    try:
        import jax
    except ImportError:
        return

    # Leaves: the constructor's parameters plus any names in ``derived_attributes`` (values that a
    # class stores as plain attributes). A class may add more through ``_pytree_extra()`` ->
    # (static aux data, extra leaves) and rebuild itself in ``_pytree_restore`` (the
    # mass-concentration profiles keep a concrete cosmology static and recompute their derived
    # parameters from the leaves, so gradients reach the halo mass).
    names = _parameter_names(cls)
    names += tuple(n for n in getattr(cls, "derived_attributes", ()) if n not in names)

    def flatten(profile):
        static, extra = profile._pytree_extra()
        return tuple(getattr(profile, n) for n in names) + tuple(extra), static

    def unflatten(static, leaves):
        profile = object.__new__(cls)
        for n, v in zip(names, leaves):
            object.__setattr__(profile, n, v)
        profile._pytree_restore(static, tuple(leaves[len(names):]))
        return profile

    jax.tree_util.register_pytree_node(cls, flatten, unflatten)
