"""A population of spherical NFW-family halos summed in one call (single lens plane).

``HaloPopulation`` holds N halos of one profile kind as arrays and returns the SUM of their
convergence, deflections and potential. Halo i is exactly the single profile

* ``profile="nfw"``: ``NFWSph(centre=centres[i], kappa_s=kappa_s[i], scale_radius=...)``;
* ``profile="nfw_truncated"``: ``NFWTruncatedSph(..., truncation_radius=truncation_radius[i])``;
* ``profile="cnfw"``: ``cNFWSph(..., core_radius=core_radius[i])``,

each already in single-plane lens units (its own Sigma_crit folded into kappa_s), so halos at
distinct redshifts can share one population. Two evaluation paths with one API:

* ``method="exact"`` (:mod:`~autogalaxy.profiles.mass.dark.population_exact`): the sum over
  halos, chunked by ``batch_size`` halos, memory flat in N; equal to the sum of the single
  profiles to rounding (measured <= 1e-14 relative; the kernels' own float64 accuracy applies);
* ``method="fast"`` (:mod:`~autogalaxy.profiles.mass.dark.population_fast`): a target-side
  Chebyshev treecode on a binary tree of ray boxes, exact near field, interpolated far field,
  options ``nodes``, ``eta``, ``tile_size``, ``near_cluster_size``, ``far_cluster_size``
  (``fast_options``); its error bound and measured accuracy are in docs/halo_populations.md.

Both run on NumPy and JAX (``xp``), under jit, with any (traced, unsorted) rays, and are
differentiable in every halo parameter and in the rays. The population is a JAX pytree: leaves
are the arrays given (not None), the keywords are static. Concrete invalid input raises
``ValueError`` here; traced invalid values (under jit) give NaN in every output.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import grid_array_from
from autogalaxy.profiles.mass.dark import population_kernels as pk
from autogalaxy.profiles.mass.dark.population_exact import DEFAULT_BATCH_SIZE, exact_sum
from autogalaxy.profiles.mass.dark.population_fast import fast_options_from, fast_sum
from autogalaxy.profiles.mass.kernel_util import nan_unless
from autogalaxy.util.checks import check, finite, is_concrete

METHODS = ("exact", "fast")
_ARRAYS = ("centres", "kappa_s", "scale_radius", "truncation_radius", "core_radius")


def _check_shape(name, value, shape):
    if is_concrete(value) and np.shape(value) != shape:
        raise ValueError(f"{name} must have shape {shape}; got {np.shape(value)}")


class HaloPopulation:
    """N spherical halos of one kind; methods return the sum over halos.

    Parameters
    ----------
    centres
        (N, 2) (y, x) of the halo centres [arcsec].
    kappa_s
        (N,) rho_s r_s / Sigma_crit of each halo (dimensionless, >= 0).
    scale_radius
        (N,) r_s [arcsec], > 0.
    truncation_radius
        (N,) r_t [arcsec], > 0; required for (only for) ``profile="nfw_truncated"``.
    core_radius
        (N,) r_c [arcsec], > 0; required for (only for) ``profile="cnfw"``.
    profile
        "nfw", "nfw_truncated" or "cnfw" (keyword only).
    method
        Default evaluation path, "exact" or "fast"; each method's ``method`` argument overrides it.
    batch_size
        At most this many halos per chunk of the exact sum (and of the fast path's node
        evaluation): peak memory is ~ batch_size x (points) x 8 B x (~3 forward, ~30 reverse
        mode). A population within one batch is cut in two where each half keeps >= 50 halos
        (population_exact.chunking: ~2.3x faster per pair on XLA:CPU).
    **fast_options
        ``nodes`` (n, Chebyshev points per side, 14), ``eta`` (far-test margin, 1.5; error bound
        ~2 rho_*^-n, rho_* = eta + sqrt(1 + eta^2): 5.4e-8 at the defaults), ``tile_size`` (rays
        per leaf box, None = ~3 n^2), ``near_cluster_size`` (halos per chunk of a leaf's exact
        list) and ``far_cluster_size`` (halos per chunk of an interaction list at order n), None
        = a quarter of the expected list length, 32-256 and 64-256 (population_fast.chunk_sizes),
        ``far_series`` (truncated NFW: pairs beyond 2-3.3 far radii by the far series, True),
        ``near_split`` (levels of sub-leaves for the closed-form near pairs, None = automatic),
        ``series_classes`` (the series' terms by theta class, None = automatic;
        population_fast_options), ``cluster_size`` (leaf size of the multipole path's halo
        tree, 16), ``multipole`` (False) and its ``multipole_*`` options
        (population_fast.DEFAULT_FAST_OPTIONS).

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which. Both
    paths differentiate in reverse mode (jax.grad / vjp / jacrev); forward mode (jax.jvp /
    jacfwd) works on the exact path and raises TypeError on the fast path (its custom VJP,
    population_rows).
    """

    def __init__(
        self,
        centres,
        kappa_s,
        scale_radius,
        truncation_radius=None,
        core_radius=None,
        *,
        profile="nfw_truncated",
        method="exact",
        batch_size=DEFAULT_BATCH_SIZE,
        **fast_options,
    ):
        if profile not in pk.PROFILES:
            raise ValueError(f"profile must be one of {pk.PROFILES}; got {profile!r}")
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}; got {method!r}")
        if int(batch_size) != batch_size or batch_size < 1:
            raise ValueError(f"batch_size must be an integer >= 1; got {batch_size!r}")
        self.profile = profile
        self.method = method
        self.batch_size = int(batch_size)
        self.fast_options = fast_options_from(fast_options)
        radii = {"truncation_radius": truncation_radius, "core_radius": core_radius}
        wanted = pk.EXTRA_RADIUS[profile]
        for name, value in radii.items():
            if name == wanted and value is None:
                raise ValueError(f"profile={profile!r} needs {name}")
            if name != wanted and value is not None:
                raise ValueError(f"{name} is used only by profile={_user_of(name)!r}")
        n = np.shape(centres)[0] if np.ndim(centres) == 2 else None
        _check_shape("centres", centres, (n, 2))
        for name, value in (("kappa_s", kappa_s), ("scale_radius", scale_radius), *radii.items()):
            if value is not None:
                _check_shape(name, value, (n,))
        check("centres", centres, finite, "finite")
        check("kappa_s", kappa_s, lambda v: finite(v) & (v >= 0), "finite and >= 0")
        check("scale_radius", scale_radius, lambda v: finite(v) & (v > 0), "finite and > 0")
        for name, value in radii.items():
            if value is not None:
                check(name, value, lambda v: finite(v) & (v > 0), "finite and > 0")
        self.centres = centres
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius
        self.truncation_radius = truncation_radius
        self.core_radius = core_radius

    @property
    def n_halos(self):
        """Number of halos N."""
        return int(np.shape(self.centres)[0])

    def __repr__(self):
        return (
            f"HaloPopulation(n_halos={self.n_halos}, profile={self.profile!r}, "
            f"method={self.method!r}, batch_size={self.batch_size})"
        )

    # --- evaluation -------------------------------------------------------------------------

    def _halos(self, xp):
        centres = xp.asarray(self.centres, dtype=float)
        extra_name = pk.EXTRA_RADIUS[self.profile]
        rs = xp.asarray(self.scale_radius, dtype=float)
        extra = (
            rs * 0.0 + 1.0
            if extra_name is None
            else xp.asarray(getattr(self, extra_name), dtype=float)
        )
        return {
            "centre_y": centres[:, 0],
            "centre_x": centres[:, 1],
            "kappa_s": xp.asarray(self.kappa_s, dtype=float),
            "scale_radius": rs,
            "extra_radius": extra,
        }

    def _valid(self, halos, xp):
        ok = (
            xp.all(halos["kappa_s"] >= 0)
            & xp.all(halos["scale_radius"] > 0)
            & xp.all(halos["extra_radius"] > 0)
        )
        finite_values = [xp.all(xp.isfinite(v)) for v in halos.values()]
        for f in finite_values:
            ok = ok & f
        return ok

    def _evaluate(self, quantity, grid, xp, method):
        method = self.method if method is None else method
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}; got {method!r}")
        points = grid_array_from(grid, xp)
        points = xp.asarray(points, dtype=float)
        halos = self._halos(xp)
        valid = self._valid(halos, xp)
        if method == "exact":
            out = exact_sum(
                self.profile, quantity, halos, points[None], batch_size=self.batch_size, xp=xp
            )[0]
        else:
            out = fast_sum(
                self.profile, quantity, halos, points, self.fast_options, self.batch_size, xp=xp
            )
        return nan_unless(valid, out, xp)

    def convergence_2d_from(self, grid, xp=np, method=None):
        """Summed convergence kappa at each (y, x) [arcsec] of ``grid``, (P,), dimensionless."""
        return self._evaluate("convergence", grid, xp, method)

    def deflections_yx_2d_from(self, grid, xp=np, method=None):
        """Summed (alpha_y, alpha_x) [arcsec] at each (y, x) [arcsec] of ``grid``, (P, 2)."""
        return self._evaluate("deflections", grid, xp, method)

    @staticmethod
    def from_mcr(*args, **kwargs):
        """Halos of given M200c on an MCR relation: ``population_mcr.from_mcr`` (same arguments);
        returns a :class:`HaloPopulationMCR` whose leaves are the per-halo masses."""
        from autogalaxy.profiles.mass.dark.population_mcr import from_mcr

        return from_mcr(*args, **kwargs)

    @staticmethod
    def from_lenstronomy_kwargs(*args, **kwargs):
        """Halos from lenstronomy ``NFW`` / ``TNFW`` keyword lists (what pyHalo's
        ``lensing_quantities()`` hands out): ``population_lenstronomy.from_lenstronomy_kwargs``."""
        from autogalaxy.profiles.mass.dark.population_lenstronomy import from_lenstronomy_kwargs

        return from_lenstronomy_kwargs(*args, **kwargs)

    def potential_2d_from(self, grid, xp=np, method=None):
        """Summed lensing potential psi [arcsec^2] at each (y, x) [arcsec] of ``grid``, (P,).

        Each halo's psi is that of its single profile (psi = 0 at its centre).
        """
        return self._evaluate("potential", grid, xp, method)


def _user_of(name):
    return next(k for k, v in pk.EXTRA_RADIUS.items() if v == name)


def _register_pytree():
    try:
        import jax
    except ImportError:
        return

    def flatten(pop):
        present = tuple(name for name in _ARRAYS if getattr(pop, name) is not None)
        leaves = tuple(getattr(pop, name) for name in present)
        options = tuple(sorted(pop.fast_options.items()))
        return leaves, (present, pop.profile, pop.method, pop.batch_size, options)

    def unflatten(aux, leaves):
        present, profile, method, batch_size, options = aux
        pop = object.__new__(HaloPopulation)
        for name in _ARRAYS:
            setattr(pop, name, None)
        for name, value in zip(present, leaves):
            setattr(pop, name, value)
        pop.profile, pop.method, pop.batch_size = profile, method, batch_size
        pop.fast_options = dict(options)
        return pop

    jax.tree_util.register_pytree_node(HaloPopulation, flatten, unflatten)


_register_pytree()
