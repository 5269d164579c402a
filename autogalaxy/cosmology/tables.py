"""Per-cosmology interpolation tables: ln sigma(ln R) and colossus's D(z), owned by the cosmology.

The concentration relations (Ludlow et al. 2016, Diemer & Joyce 2019) need sigma(R), its log
slope and the growth factor at traced radii and redshifts, many times per halo. Their direct
kernels (``autogalaxy.cosmology.sigma``: ~2300
transfer-function evaluations per radius; ``autogalaxy.cosmology.growth``: a 32-node integral
plus the radiation-era form and colossus's blend)
are too slow for that, but both depend on the cosmology alone, so they are tabulated once per
cosmology as piecewise polynomials (degree 7 on uniform segments, local monomial form in
tau in [-1, 1]): 8 coefficient gathers and 7 multiply-adds per evaluation, on both backends.

Caching: when every parameter a table depends on is a concrete number, the table is built with
NumPy once and kept in a module-level dict keyed by the tuple of those values (never on the
cosmology object, never holding tracers). When any of them is a JAX tracer (e.g. jax.grad with
respect to the cosmology), the same arithmetic runs inside the trace (~0.1 s per call), so
gradients flow through the tables.

Accuracy (measured against the direct kernels; asserted by the tests):
- ln sigma, R in [1e-6, 40] Mpc/h: <= 1e-9 absolute (i.e. relative in sigma; 8e-10 measured
  for Planck15, at the quadrature's own noise floor): 64-node Chebyshev interpolation in ln R,
  re-expanded onto 64 segments. Beyond ~40 Mpc/h the BAO imprint makes ln sigma(ln R) too
  structured for this table (4e-7 at 47 Mpc/h with the same layout), hence the upper limit;
- colossus's D(z)/D(0) (integral, radiation-era and blended forms) against ln(1 + z), with
  segment edges on the blend's kinks at z = 5 and 20, for z in [-0.995, 218]: <= 1e-14 relative
  (6e-15 measured for Om0 in [0.1, 0.6]).
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from autogalaxy.cosmology.growth import growth_factor, relativistic_density
from autogalaxy.cosmology.sigma import SIGMA8_RADIUS, sigma_squared_unnormalised
from autogalaxy.util.backend import is_traced


@dataclass(frozen=True)
class PiecewiseGrid:
    """Uniform segments on [lo, hi], each carrying a degree-``degree`` polynomial in the local
    variable tau = 2 (x - x_left) / width - 1 in [-1, 1] (monomial coefficients, lowest first)."""

    lo: float
    hi: float
    segments: int
    degree: int

    def __post_init__(self):
        if not (self.hi > self.lo and self.segments >= 1 and 1 <= self.degree <= 12):
            raise ValueError(f"invalid piecewise grid {self}")

    @property
    def width(self):
        return (self.hi - self.lo) / self.segments

    @property
    def inverse_width(self):
        return self.segments / (self.hi - self.lo)

    def local_nodes(self):
        """Chebyshev points of the second kind in every segment, shape (segments, degree + 1)."""
        tau = -np.cos(np.pi * np.arange(self.degree + 1) / self.degree)
        left = self.lo + self.width * np.arange(self.segments)
        return left[:, None] + 0.5 * self.width * (tau + 1.0)

    def fit_matrix(self):
        """(degree+1, degree+1) map from values at the local nodes to monomial coefficients."""
        return _fit_matrix(self.degree)


@lru_cache(maxsize=16)
def _fit_matrix(degree):
    tau = -np.cos(np.pi * np.arange(degree + 1) / degree)
    return np.linalg.inv(np.vander(tau, degree + 1, increasing=True))


def piecewise_coefficients(values, grid, xp=np):
    """Monomial coefficients (segments, degree + 1) from values at ``grid.local_nodes()``."""
    return xp.asarray(values) @ xp.asarray(grid.fit_matrix().T)


def piecewise_evaluate(x, coefficients, grid, xp=np, derivative=False):
    """Evaluate the piecewise polynomial at ``x`` (any shape; clamped to the end segments).

    Returns the value, or (value, d value / dx) when ``derivative``. Horner's rule on one gather
    per coefficient (gathering whole rows is ~1.7x slower under XLA on CPU: measured).
    """
    u = (x - grid.lo) * grid.inverse_width
    segment = xp.minimum(xp.maximum(xp.floor(u), 0.0), grid.segments - 1.0)
    tau = 2.0 * (u - segment) - 1.0
    index = segment.astype(int)
    columns = coefficients.T
    value = columns[grid.degree][index]
    slope = 0.0 * value
    for j in range(grid.degree - 1, -1, -1):
        if derivative:
            slope = slope * tau + value
        value = value * tau + columns[j][index]
    if derivative:
        return value, slope * (2.0 / grid.width)
    return value


# --- sigma(R) -----------------------------------------------------------------------------------
LN_R_MIN = float(np.log(1e-6))  # Mpc/h
LN_R_MAX = float(np.log(40.0))
SIGMA_CHEBYSHEV_NODES = 64
SIGMA_GRID = PiecewiseGrid(LN_R_MIN, LN_R_MAX, segments=64, degree=7)


@lru_cache(maxsize=1)
def _sigma_nodes_and_matrix():
    """Chebyshev (first-kind) nodes in ln R and the matrix taking ln sigma there to the piecewise
    coefficients (interpolate with the degree-63 Chebyshev series, re-expand on each segment)."""
    n = SIGMA_CHEBYSHEV_NODES
    theta = np.pi * (np.arange(n) + 0.5) / n
    xi = np.cos(theta)
    ln_r = LN_R_MIN + 0.5 * (LN_R_MAX - LN_R_MIN) * (xi + 1.0)
    # values -> Chebyshev coefficients (discrete cosine transform)
    dct = 2.0 / n * np.cos(np.outer(np.arange(n), theta))
    dct[0] *= 0.5
    local = SIGMA_GRID.local_nodes().ravel()
    xi_local = 2.0 * (local - LN_R_MIN) / (LN_R_MAX - LN_R_MIN) - 1.0
    basis = np.polynomial.chebyshev.chebvander(xi_local, n - 1)
    values_local = (basis @ dct).reshape(SIGMA_GRID.segments, SIGMA_GRID.degree + 1, n)
    matrix = np.einsum("md,sdn->smn", SIGMA_GRID.fit_matrix(), values_local)
    return ln_r, matrix


def ln_sigma_table(h, Om0, Ob0, Tcmb0, ns, xp=np):
    """Coefficients of ln[sigma(R) / sigma8] on ``SIGMA_GRID`` (ln R, R in Mpc/h), z = 0.

    sigma8 is not part of the table: ln sigma = ln sigma8 + table. Accuracy <= 1e-9 in ln sigma
    for R in [1e-6, 40] Mpc/h (module docstring).
    """
    ln_r, matrix = _sigma_nodes_and_matrix()
    radii = np.append(np.exp(ln_r), SIGMA8_RADIUS)
    s2 = sigma_squared_unnormalised(radii, h, Om0, Ob0, Tcmb0, ns, xp=xp)
    ln_ratio = 0.5 * (xp.log(s2[:-1]) - xp.log(s2[-1]))
    return xp.einsum("smn,n->sm", xp.asarray(matrix), ln_ratio)


# --- growth factor ------------------------------------------------------------------------------
#: colossus's normalised D(z)/D(0) against y = ln(1 + z). Segments of width ln(21/6)/16 put
#: segment edges exactly on colossus's blend limits z = 5 and z = 20 (where D has kinks): 92
#: segments below z = 5 (down to z = -0.9955), 16 in the blend, 30 above z = 20 (up to z = 218).
#: (Half as many segments leave 1e-12: D's nearest complex singularity is ~pi/3 away in y.)
_GROWTH_WIDTH = float(np.log(21.0 / 6.0)) / 16.0
GROWTH_GRID = PiecewiseGrid(
    float(np.log(6.0)) - 92 * _GROWTH_WIDTH,
    float(np.log(21.0)) + 30 * _GROWTH_WIDTH,
    segments=138,
    degree=7,
)


def growth_table(Om0, Or0, xp=np):
    """Coefficients on ``GROWTH_GRID`` of colossus's D(z)/D(0) against ln(1 + z), sampled from
    the direct kernel ``autogalaxy.cosmology.growth.growth_factor`` (integral, radiation-era and
    blended forms). Accuracy <= 1e-14 relative for Om0 in [0.1, 0.6] (tested)."""
    redshift = np.expm1(GROWTH_GRID.local_nodes())
    values = growth_factor(redshift, Om0, Or0=Or0, xp=xp)
    return piecewise_coefficients(values, GROWTH_GRID, xp=xp)


# --- cache ---------------------------------------------------------------------------------------
_CACHE: dict = {}
_CACHE_LIMIT = 64
#: how many tables have been built (NumPy builds that were cached, and builds inside a trace);
#: the tests read it to prove that jitted profiles do not rebuild tables per call
BUILD_COUNT = {"sigma": 0, "growth": 0}

__all__ = [
    "CosmologyTables",
    "tables_for",
    "ln_sigma_over_sigma8",
    "growth_factor_tabulated",
    "PiecewiseGrid",
    "piecewise_coefficients",
    "piecewise_evaluate",
    "is_traced",
]


def cached_table(name, builder, params, xp):
    """``builder(*params, xp=...)`` built once with NumPy and cached when ``params`` are concrete;
    built with ``xp`` inside the trace (not cached) when any is a tracer."""
    if is_traced(*params):
        BUILD_COUNT[name] += 1
        return builder(*params, xp=xp)
    key = (name,) + tuple(float(np.asarray(p)) for p in params)
    table = _CACHE.get(key)
    if table is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        BUILD_COUNT[name] += 1
        table = builder(*params, xp=np)
        _CACHE[key] = table
    return table


# --- a cosmology's tables -------------------------------------------------------------------------
class CosmologyTables(NamedTuple):
    """What the concentration relations read from a cosmology, in colossus's conventions.

    ``Om0`` is the total matter density (incl. massive neutrinos), ``Ode0 = 1 - Om0 - Or0`` with
    colossus's radiation Or0 = Ogamma0 (1 + 0.2271 Neff); ``sigma_table`` holds ln(sigma/sigma8)
    against ln R [Mpc/h] and ``growth_table`` D(z)/D(0) against ln(1 + z).
    """

    Om0: object
    Ode0: object
    ln_sigma8: object
    sigma_table: object
    growth_table: object


_PREPARED: dict = {}


def _leaves(cosmology):
    return (cosmology.H0, cosmology.Om0, cosmology.Ob0, cosmology.Tcmb0, cosmology.sigma8,
            cosmology.ns)


def tables_for(cosmology, xp=np):
    """The :class:`CosmologyTables` of a flat LambdaCDM ``cosmology``, as arrays of ``xp``.

    Concrete cosmologies are prepared once with NumPy and cached by the tuple of their parameter
    values (module-level; nothing is stored on the cosmology object). Traced ones (jax.grad with
    respect to the cosmology) are prepared inside the trace, so gradients flow through the tables.
    """
    leaves = _leaves(cosmology)
    traced = is_traced(*leaves)
    key = None
    if not traced:
        key = (type(cosmology), cosmology.Neff, tuple(cosmology.m_nu))
        key = key + tuple(float(np.asarray(v)) for v in leaves)
        prepared = _PREPARED.get(key)
        if prepared is not None:
            return _as_xp(prepared, xp)
    Om0 = cosmology.Om0_total
    Or0 = relativistic_density(cosmology.Ogamma0, cosmology.Neff)
    backend = xp if traced else np
    sigma_table = cached_table(
        "sigma", ln_sigma_table, (cosmology.h, Om0, cosmology.Ob0, cosmology.Tcmb0, cosmology.ns),
        backend,
    )
    growth = cached_table("growth", growth_table, (Om0, Or0), backend)
    prepared = CosmologyTables(Om0, 1.0 - Om0 - Or0, backend.log(cosmology.sigma8), sigma_table,
                               growth)
    if traced:
        return prepared
    prepared = CosmologyTables(*(np.asarray(v, dtype=float) for v in prepared))
    if len(_PREPARED) >= _CACHE_LIMIT:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[key] = prepared
    return _as_xp(prepared, xp)


def _as_xp(prepared, xp):
    return CosmologyTables(*(xp.asarray(v) for v in prepared))


def ln_sigma_over_sigma8(ln_r, tables, xp=np, derivative=False):
    """ln[sigma(R)/sigma8] at z = 0 for ln R [Mpc/h] (and d ln sigma / d ln R if ``derivative``).

    Valid for R in [1e-6, 40] Mpc/h (clamped polynomial outside). Accuracy <= 1e-9 in ln sigma
    (module docstring); the slope: see :mod:`autogalaxy.profiles.mass.dark.diemer19`.
    """
    return piecewise_evaluate(ln_r, tables.sigma_table, SIGMA_GRID, xp, derivative)


def growth_factor_tabulated(ln_zp1, tables, xp=np, derivative=False):
    """colossus's D(z)/D(0) at y = ln(1 + z) from the table (and dD/dy if ``derivative``).

    The Heath integral for z < 20, the Gnedin et al. (2011, eq. 5) radiation-era form for z > 5
    and colossus's ln a blend in between (``autogalaxy.cosmology.growth.growth_factor``),
    tabulated in ln(1 + z) for z in [-0.995, 218]. Accuracy <= 1e-14 relative to the direct
    kernel; colossus's exact mode agrees with that to ~3e-10 (its quad tolerance).
    """
    return piecewise_evaluate(ln_zp1, tables.growth_table, GROWTH_GRID, xp, derivative)
