"""Halo populations parameterised by halo mass: N halos of one MCR class, vectorised over halos.

``from_mcr(profile_cls, centres, mass_at_200, redshift_object, redshift_source, ...)`` builds a
:class:`HaloPopulationMCR`, a pytree whose leaves are the per-halo *free* parameters: centres
(N, 2) (y, x) [arcsec], ``mass_at_200`` (N,) M200c [Msun], ``redshift_object`` (scalar or (N,):
halos at distinct redshifts), ``redshift_source``, ``log10_concentration_offset`` (N,) [dex],
``f_c`` (cored NFW) and the truncation rule's parameters. ``jax.grad`` of anything computed from
it therefore gives every halo's mass (and position, redshift, scatter) gradient.

Halo i gets exactly the lens parameters of the single spherical MCR profile built with the same
arguments (:mod:`~autogalaxy.profiles.mass.dark.mcr`; tested to <= 1e-12), computed for all
halos at once with the same kernels (the concentration relations and the cosmology broadcast over
(N,) masses and redshifts):

    c_i = relation(M_i h, z_i) 10^(delta_i),      r200_i = (3 M_i / (4 pi 200 rho_crit(z_i)))^(1/3),
    r_s,i = r200_i / c_i,   kappa_s,i = M_i / (4 pi r_s,i^3 m(c_i)) r_s,i / Sigma_crit(z_i, z_s),

radii converted to arcsec with each halo's own kpc/arcsec and kappa_s with each halo's own
Sigma_crit, so halos of different redshifts share one single-plane population (the usual "all
halos in one plane" approximation; multi-plane tracing calls one population per plane). The
log10 offset delta_i equals the single Scatter classes' 0.15 ``scatter_sigma``. Truncation:
:mod:`~autogalaxy.profiles.mass.dark.population_truncation` (default 2 r200, as upstream).

:meth:`HaloPopulationMCR.lens_population` returns the
:class:`~autogalaxy.profiles.mass.dark.population.HaloPopulation` of those lens parameters (on the
backend of the leaves, traceable), and the three lensing methods delegate to it.
"""

import warnings

import numpy as np

from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.cnfw import cnfw_enclosed_mass_factor
from autogalaxy.profiles.mass.dark.mcr import (
    _COSMOLOGY_LEAVES,
    _DEFAULT_COSMOLOGY,
    _CosmologyKey,
    ludlow_relation,
)
from autogalaxy.profiles.mass.dark.population_mcr_util import (
    as_array,
    lensing_cosmology_per_plane,
    supported_classes,
    validate,
)
from autogalaxy.profiles.mass.dark.population_truncation import DEFAULT_TRUNCATION
from autogalaxy.profiles.mass.kernel_util import nan_unless
from autogalaxy.util.backend import is_traced, xp_from
from autogalaxy.util.checks import check, finite, is_concrete

__all__ = ["HaloPopulationMCR", "from_mcr", "PROFILE_KINDS", "supported_classes"]

#: population profile kinds -> the parametric single profile each halo equals
PROFILE_KINDS = ("nfw", "nfw_truncated", "cnfw")
_LEAVES = ("centres", "mass_at_200", "redshift_object", "redshift_source",
           "log10_concentration_offset", "f_c", "truncation")


class HaloPopulationMCR:
    """N spherical MCR halos of one profile kind as one pytree of their free parameters.

    Parameters
    ----------
    centres
        (N, 2) (y, x) [arcsec].
    mass_at_200
        (N,) M200c [Msun], > 0.
    redshift_object
        Scalar or (N,) halo redshifts, >= 0.
    redshift_source
        Scalar source redshift, > every halo redshift.
    log10_concentration_offset
        (N,) log10 c - log10 c_relation [dex] (None: zeros, the mean relation).
    f_c
        Core fraction r_c / r_s in (0, 1), scalar or (N,); ``profile="cnfw"`` only.
    truncation
        A rule of :mod:`population_truncation` (``profile="nfw_truncated"`` only; default
        r_t = 2 r200).
    profile, relation, cosmology
        "nfw" | "nfw_truncated" | "cnfw"; a concentration relation name
        (:mod:`concentration_relations`); a flat LambdaCDM (default Planck15) used for the
        concentration, rho_crit, Sigma_crit and arcsec.
    method, batch_size, **fast_options
        Passed to :class:`~autogalaxy.profiles.mass.dark.population.HaloPopulation` (``batch_size``
        None: its default).

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centres, mass_at_200, redshift_object=0.5, redshift_source=1.0,
                 log10_concentration_offset=None, f_c=None, truncation=None, *,
                 profile="nfw_truncated", relation="ludlow16", cosmology=None, method="exact",
                 batch_size=None, **fast_options):
        if profile not in PROFILE_KINDS:
            raise ValueError(f"profile must be one of {PROFILE_KINDS}; got {profile!r}")
        mcr_util.relation_from(relation)  # ValueError listing the known relations
        centres, mass_at_200 = as_array(centres), as_array(mass_at_200)
        n = int(np.shape(mass_at_200)[0]) if np.ndim(mass_at_200) == 1 else -1
        if n < 0 or np.shape(centres) != (n, 2):
            raise ValueError(
                "mass_at_200 must be (N,) and centres (N, 2) (y, x) arcsec; got shapes "
                f"{np.shape(mass_at_200)} and {np.shape(centres)}"
            )
        if log10_concentration_offset is None:
            log10_concentration_offset = np.zeros(n)
        if profile == "nfw_truncated" and truncation is None:
            truncation = DEFAULT_TRUNCATION
        if profile != "nfw_truncated" and truncation is not None:
            raise ValueError(
                f"truncation applies to profile='nfw_truncated' only (got {profile!r})"
            )
        if profile == "cnfw" and f_c is None:
            raise ValueError("profile='cnfw' needs f_c (core radius / scale radius, in (0, 1))")
        if profile != "cnfw" and f_c is not None:
            raise ValueError(f"f_c applies to profile='cnfw' only (got {profile!r})")
        values = dict(
            centres=centres, mass_at_200=mass_at_200,
            redshift_object=as_array(redshift_object), redshift_source=as_array(redshift_source),
            log10_concentration_offset=as_array(log10_concentration_offset), f_c=as_array(f_c),
            truncation=truncation,
        )
        validate(values, n)
        for name, value in values.items():
            setattr(self, name, value)
        self.profile = profile
        self.relation = relation
        self.cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
        self.method = method
        self.batch_size = batch_size
        self.fast_options = dict(fast_options)
        self._cache = None

    @property
    def n_halos(self):
        return int(np.shape(self.mass_at_200)[0])

    # --- lens parameters, vectorised over halos -------------------------------------------------
    def _leaf_values(self):
        values = [getattr(self, n) for n in _LEAVES[:-1]]
        if self.truncation is not None:
            values += list(vars(self.truncation).values())
        return values + [getattr(self.cosmology, n) for n in _COSMOLOGY_LEAVES]

    def lens_parameters(self, xp=None):
        """dict of (N,) arrays: concentration, kappa_s, scale_radius [arcsec], radius_at_200_kpc,
        kpc_per_arcsec, sigma_crit [Msun/kpc^2], and truncation_radius / core_radius [arcsec]
        where the profile has one. Computed on the backend of the leaves (``xp`` only promotes
        NumPy leaves to JAX); cached unless traced."""
        backend = xp_from(*self._leaf_values())
        if backend is np and xp is not None and xp is not np:
            backend = xp
        cache = self.__dict__.get("_cache")
        if cache is not None and cache[0] is backend:
            return cache[1]
        out = self._compute(backend)
        if not is_traced(out["kappa_s"]):
            self.__dict__["_cache"] = (backend, out)
        return out

    def _compute(self, xp):
        cosmology = self.cosmology
        mass = xp.asarray(self.mass_at_200, dtype=float)
        z_l = xp.asarray(self.redshift_object, dtype=float)
        c = mcr_util.concentration_from_relation(mass, z_l, self.relation, cosmology, xp)
        c = c * 10.0 ** xp.asarray(self.log10_concentration_offset, dtype=float)
        rho_crit, sigma_crit, kpc_per_arcsec = lensing_cosmology_per_plane(
            z_l, self.redshift_source, cosmology, xp
        )
        if self.profile == "cnfw":
            # f_c = 1 is a valid cNFW shape, so a traced f_c outside (0, 1) would give finite
            # numbers: it is masked to NaN here (the NaN rule; validate raises on NumPy)
            f_c = xp.asarray(self.f_c, dtype=float)
            f_c = nan_unless((f_c > 0.0) & (f_c < 1.0), f_c, xp)
            factor = cnfw_enclosed_mass_factor(c, f_c, xp=xp)
        else:  # upstream normalises the truncated NFW with the untruncated m(c) as well
            factor = mcr_util.nfw_enclosed_mass_factor(c, xp=xp)
        kappa_s, scale_radius, r200 = mcr_util.kappa_s_and_scale_radius_from(
            mass, c, rho_crit, sigma_crit, kpc_per_arcsec, factor, xp=xp
        )
        shape = mass.shape
        out = dict(
            concentration=c, kappa_s=kappa_s, scale_radius=scale_radius, radius_at_200_kpc=r200,
            kpc_per_arcsec=xp.broadcast_to(kpc_per_arcsec, shape),
            sigma_crit=xp.broadcast_to(sigma_crit, shape),
        )
        if self.profile == "nfw_truncated":
            r_t = self.truncation.radius_kpc(mass, r200, r200 / c, xp=xp)
            out["truncation_radius"] = xp.broadcast_to(r_t / kpc_per_arcsec, shape)
        if self.profile == "cnfw":
            out["core_radius"] = f_c * scale_radius
        if is_concrete(c) and not np.all(np.isfinite(kappa_s)):
            bad = int(np.count_nonzero(~np.isfinite(kappa_s)))
            warnings.warn(
                f"HaloPopulationMCR: {bad} halo(s) have no {self.relation} concentration (mass "
                "or redshift outside the relation's range); their lens parameters are NaN",
                stacklevel=3,
            )
        return out

    def lens_population(self, xp=None):
        """The :class:`HaloPopulation` (kappa_s, r_s, r_t / r_c in single-plane lens units)."""
        from autogalaxy.profiles.mass.dark.population import HaloPopulation

        p = self.lens_parameters(xp)
        settings = {} if self.batch_size is None else {"batch_size": self.batch_size}
        return HaloPopulation(
            self.centres, p["kappa_s"], p["scale_radius"], p.get("truncation_radius"),
            p.get("core_radius"), profile=self.profile, method=self.method, **settings,
            **self.fast_options,
        )

    def profiles(self):
        """The N single parametric profiles (NFWSph / NFWTruncatedSph / cNFWSph) the population
        sums, from concrete lens parameters (for checks and plotting)."""
        from autogalaxy.profiles.mass.dark.cnfw import cNFWSph
        from autogalaxy.profiles.mass.dark.nfw import NFWSph
        from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph

        p = {k: np.asarray(v) for k, v in self.lens_parameters().items()}
        centres = np.asarray(self.centres)
        out = []
        for i in range(self.n_halos):
            common = dict(centre=tuple(centres[i]), kappa_s=p["kappa_s"][i],
                          scale_radius=p["scale_radius"][i])
            if self.profile == "nfw":
                out.append(NFWSph(**common))
            elif self.profile == "nfw_truncated":
                out.append(NFWTruncatedSph(**common, truncation_radius=p["truncation_radius"][i]))
            else:
                out.append(cNFWSph(**common, core_radius=p["core_radius"][i]))
        return out

    # --- lensing: the single-plane sums ---------------------------------------------------------
    def _population_for(self, grid, xp):
        # concrete NumPy leaves stay NumPy (nothing traced is cached); traced leaves give JAX
        return self.lens_population(xp)

    def convergence_2d_from(self, grid, xp=np, method=None, **kwargs):
        """Summed kappa at each (y, x) [arcsec], (P,)."""
        return self._population_for(grid, xp).convergence_2d_from(grid, xp=xp, method=method)

    def deflections_yx_2d_from(self, grid, xp=np, method=None, **kwargs):
        """Summed (alpha_y, alpha_x) [arcsec], (P, 2)."""
        return self._population_for(grid, xp).deflections_yx_2d_from(grid, xp=xp, method=method)

    def potential_2d_from(self, grid, xp=np, method=None, **kwargs):
        """Summed lensing potential [arcsec^2], (P,)."""
        return self._population_for(grid, xp).potential_2d_from(grid, xp=xp, method=method)

    def __repr__(self):
        return (f"HaloPopulationMCR(n_halos={self.n_halos}, profile={self.profile!r}, "
                f"relation={self.relation!r}, truncation={self.truncation!r})")

    # --- pytree ---------------------------------------------------------------------------------
    def _tree_flatten(self):
        cosmology = self.cosmology
        traced = is_traced(*(getattr(cosmology, n) for n in _COSMOLOGY_LEAVES))
        children = tuple(getattr(self, n) for n in _LEAVES) + ((cosmology,) if traced else ())
        aux = (self.profile, self.relation, None if traced else _CosmologyKey(cosmology),
               self.method, self.batch_size, tuple(sorted(self.fast_options.items())))
        return children, aux

    @classmethod
    def _tree_unflatten(cls, aux, children):
        population = object.__new__(cls)
        for name, value in zip(_LEAVES, children):
            object.__setattr__(population, name, value)
        profile, relation, key, method, batch_size, fast = aux
        population.profile, population.relation = profile, relation
        population.cosmology = key.cosmology if key is not None else children[len(_LEAVES)]
        population.method, population.batch_size = method, batch_size
        population.fast_options = dict(fast)
        population._cache = None
        return population


try:
    import jax as _jax
except ImportError:  # pragma: no cover
    pass
else:
    _jax.tree_util.register_pytree_node(
        HaloPopulationMCR, HaloPopulationMCR._tree_flatten, HaloPopulationMCR._tree_unflatten
    )


def from_mcr(profile_cls, centres, mass_at_200, redshift_object, redshift_source,
             scatter_sigma=None, key=None, *, concentration_offsets_dex=None, f_c=None,
             truncation=None, cosmology=None, solver="grid", method="exact", batch_size=None,
             **fast_options):
    """A :class:`HaloPopulationMCR` of N halos of the spherical MCR class ``profile_cls``.

    Parameters
    ----------
    profile_cls
        One of :func:`supported_classes` (NFWMCRLudlowSph, NFWMCRScatterLudlowSph, NFWMCRDuffySph,
        the NFWTruncatedMCR* and cNFWMCR* spherical classes).
    centres, mass_at_200, redshift_object, redshift_source
        (N, 2) (y, x) [arcsec], (N,) M200c [Msun], scalar or (N,), scalar.
    scatter_sigma, key
        Log-normal concentration scatter [dex] (the width of log10 c; NOT the single Scatter
        classes' number of 0.15-dex sigmas) and the jax PRNG key it is drawn with
        (delta_i = scatter_sigma N(0, 1)). Drawing needs an explicit key.
    concentration_offsets_dex
        Explicit (N,) log10 c offsets [dex] instead of a draw (halo i then equals the Scatter
        class with ``scatter_sigma = delta_i / 0.15``).
    f_c
        Core fraction (cNFW classes; default 0.01 as the single classes).
    truncation
        A :mod:`population_truncation` rule (truncated classes; default 2 r200 as upstream).
    cosmology, solver
        As the single classes (default Planck15; Ludlow16 ``solver`` "grid" or "smooth").
    method, batch_size, **fast_options
        Evaluation settings of the :class:`HaloPopulation` it builds.
    """
    specs = supported_classes()
    if profile_cls not in specs:
        names = sorted(c.__name__ for c in specs)
        raise ValueError(f"profile_cls must be one of {names}; got {profile_cls!r}")
    profile, relation = specs[profile_cls]
    relation = ludlow_relation(solver) if relation is None else relation
    n = int(np.shape(mass_at_200)[0]) if np.ndim(mass_at_200) == 1 else 0
    if scatter_sigma is not None:
        if concentration_offsets_dex is not None:
            raise ValueError("give scatter_sigma (with key) or concentration_offsets_dex, not both")
        if key is None:
            raise ValueError("scatter_sigma draws the offsets: pass an explicit jax PRNG key=")
        check("scatter_sigma", scatter_sigma, lambda s: finite(s) & (s >= 0),
              "finite and >= 0 [dex]")
        import jax

        concentration_offsets_dex = scatter_sigma * np.asarray(jax.random.normal(key, (n,)))
    if profile == "cnfw" and f_c is None:
        f_c = 0.01
    return HaloPopulationMCR(
        centres, mass_at_200, redshift_object, redshift_source, concentration_offsets_dex, f_c,
        truncation, profile=profile, relation=relation, cosmology=cosmology, method=method,
        batch_size=batch_size, **fast_options,
    )
