"""Per-cosmology interpolation tables behind the Ludlow16 solver: ln sigma(ln R) and D(z).

The Ludlow et al. (2016) solver needs sigma(R) at two radii per halo and the growth factor at up
to eleven formation redshifts per halo. Their direct kernels (``autogalaxy.cosmology.sigma``: ~2300
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

import sys
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from autogalaxy.cosmology.growth import growth_factor
from autogalaxy.cosmology.sigma import SIGMA8_RADIUS, sigma_squared_unnormalised


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
    values = growth_factor(redshift, Om0, Or0, xp=xp)
    return piecewise_coefficients(values, GROWTH_GRID, xp=xp)


# --- cache ---------------------------------------------------------------------------------------
_CACHE: dict = {}
_CACHE_LIMIT = 64


def is_traced(*values):
    """True when any value is a JAX tracer (never imports jax itself)."""
    jax = sys.modules.get("jax")
    if jax is None:
        return False
    return any(isinstance(v, jax.core.Tracer) for v in values)


def cached_table(name, builder, params, xp):
    """``builder(*params, xp=...)`` built once with NumPy and cached when ``params`` are concrete;
    built with ``xp`` inside the trace (not cached) when any is a tracer."""
    if is_traced(*params):
        return builder(*params, xp=xp)
    key = (name,) + tuple(float(np.asarray(p)) for p in params)
    table = _CACHE.get(key)
    if table is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        table = builder(*params, xp=np)
        _CACHE[key] = table
    return table
