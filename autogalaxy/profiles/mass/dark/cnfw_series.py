"""Where the cored-NFW closed forms cancel: their stand-ins (Penarrubia et al. 2012 profile).

rho_hat(y) = 1 / ((f + y)(1 + y)^2), f = r_c / r_s. Used by :mod:`cnfw_kernels`:

* ``near_one_polynomial``: for |1 - f| <= 0.1, where the closed forms lose ~1e-16 / (1 - f)^2,
  the degree-10 polynomial in f through Chebyshev-Lobatto nodes on [0.9, 1.1] (the middle node the
  exact f = 1 limit), and its f-derivative for the analytic gradient;
* ``large_x``: beyond x = 5 max(1, f), where the closed forms lose 1e-16 x / (1 - f)^2, the
  convergent 1/x expansion of kappa (and of its f-derivative);
* ``log1p_ratios`` / ``large_x_constant``: h(z) = (log1p(z) - z) / z^2 and log1p(z) / z with
  their Taylor series near z = 0, and the x -> inf constants C(f), E(f) built from them.
"""

import math

import numpy as np

from autogalaxy.util.backend import ops

NEAR_ONE = 0.1
_NEAR_ONE_DEGREE = 10
NODES = [
    1.0 + NEAR_ONE * float(np.cos(np.pi * k / _NEAR_ONE_DEGREE))
    for k in range(_NEAR_ONE_DEGREE + 1)
]
MIDDLE = _NEAR_ONE_DEGREE // 2
NODES[MIDDLE] = 1.0
OUTER_NODES = [node for k, node in enumerate(NODES) if k != MIDDLE]
MASS_SERIES_Z = 1e-2
MASS_SERIES_TERMS = 8
# The f-derivatives of h and log1p(z)/z cancel as 1e-16 / z^2 in closed form: series to |z| 0.1.
SLOPE_SERIES_Z = 0.1
SLOPE_SERIES_TERMS = 17
# Beyond x = 5 max(1, f) the 1/x expansions replace the closed forms, whose float64 error grows as
# 1e-16 x / (1 - f)^2 (2e-8 at x = 1e3 next to f = 1); 30 terms of ratio <= 1/5 reach 1e-18.
LARGE_X = 5.0
LARGE_X_TERMS = 30
# int (x^2 + z^2)^(-(3+m)/2) dz = B_m x^-(2+m): B_m = sqrt(pi) Gamma(1 + m/2) / Gamma((3 + m)/2).
_PROJECTION = [
    math.sqrt(math.pi) * math.exp(math.lgamma(1.0 + m / 2.0) - math.lgamma((3.0 + m) / 2.0))
    for m in range(LARGE_X_TERMS)
]


def horner(u, coefficients):
    """sum_k coefficients[k] u^k (coefficients broadcasting against u)."""
    total = 0.0 * u + coefficients[-1]
    for c in coefficients[-2::-1]:
        total = total * u + c
    return total


def near_one_weights(f):
    """(l_k(f), dl_k/df): the Lagrange basis on NODES at the scalar f (product rule)."""
    weights, slopes = [], []
    for k, node in enumerate(NODES):
        weight, slope = 1.0, 0.0
        for j, other in enumerate(NODES):
            if j != k:
                slope = slope * (f - other) / (node - other) + weight / (node - other)
                weight = weight * (f - other) / (node - other)
        weights.append(weight)
        slopes.append(slope)
    return weights, slopes


def is_near_one(f, xp):
    """|1 - f| <= NEAR_ONE: where the polynomial in f replaces the closed forms."""
    return xp.abs(f - 1.0) <= NEAR_ONE


def near_one_polynomial(general, at_one, f, xp, slopes=False):
    """The degree-10 polynomial in f through 11 Chebyshev-Lobatto nodes on [1 - w, 1 + w],
    w = NEAR_ONE, whose middle node is f = 1 itself: the stand-in for closed forms that lose
    ~1e-16 / (1 - f)^2 to cancellation for |1 - f| <= w (the caller's cond picks it there).

    ``general(fc)`` evaluates the closed forms at the core fractions ``fc`` (shape (K,), on a new
    last axis): a tuple of (..., K) arrays; ``at_one`` is the tuple of their exact f = 1 limits.
    Each quantity is analytic in f within |f - 1| < 1 + x (its singularities lie at f <= -x), so
    the interpolant's error falls as (w / 2)^11 (<= 1e-13), while the nodes nearest to f = 1
    (3.1e-2 away) lose only ~2e-13. Returns the tuple of values, followed, with ``slopes``, by
    their f-derivatives (the polynomial's).
    """
    if np.ndim(f) != 0:
        raise ValueError(f"the core fraction f must be a scalar; got shape {np.shape(f)}")
    weights, derivatives = near_one_weights(f)
    outer = general(xp.asarray(OUTER_NODES, dtype=at_one[0].dtype) + 0.0 * f)
    out = []
    for basis in (weights, derivatives) if slopes else (weights,):
        outer_basis = xp.stack([w for k, w in enumerate(basis) if k != MIDDLE])
        out += [q @ outer_basis + basis[MIDDLE] * one for q, one in zip(outer, at_one)]
    return tuple(out)


def log1p_ratios(z, xp):
    """(h(z), log1p(z) / z), h = (log1p(z) - z) / z^2, z > -1; 8-term series for |z| < 1e-2."""
    small = xp.abs(z) < MASS_SERIES_Z
    zs = xp.where(small, z, 0.0)
    h_series = xp.zeros_like(zs)
    log_series = xp.zeros_like(zs)
    for k in range(MASS_SERIES_TERMS - 1, -1, -1):
        h_series = h_series * zs + (-1.0) ** (k + 1) / (k + 2)
        log_series = log_series * zs + (-1.0) ** k / (k + 1)
    zl = xp.where(small, 1.0, z)
    log1p_zl = ops(xp).log1p(zl)
    h = xp.where(small, h_series, (log1p_zl - zl) / (zl * zl))
    return h, xp.where(small, log_series, log1p_zl / zl)


def _log1p_ratio_slopes(z, xp):
    """(h'(z), L'(z)), L = log1p(z) / z: L' = (1 / (1 + z) - L) / z and h = (L - 1) / z, so
    h' = (L' - h) / z; 17-term Taylor series for |z| < 0.1, where these cancel."""
    small = xp.abs(z) < SLOPE_SERIES_Z
    zs = xp.where(small, z, 0.0)
    h_series = xp.zeros_like(zs)
    log_series = xp.zeros_like(zs)
    for k in range(SLOPE_SERIES_TERMS, 0, -1):
        h_series = h_series * zs + (-1.0) ** (k + 1) * k / (k + 2)
        log_series = log_series * zs + (-1.0) ** k * k / (k + 1)
    zl = xp.where(small, 1.0, z)
    h, ratio = log1p_ratios(zl, xp)
    log_slope = (1.0 / (1.0 + zl) - ratio) / zl
    return (
        xp.where(small, h_series, (log_slope - h) / zl),
        xp.where(small, log_series, log_slope),
    )


def large_x(x, f, xp, slope=False):
    """(far, u = 1 / x, b_m[, db_m / df]) for the 1/x expansions, valid where ``far``.

    far = x > 5 max(1, f). For r > max(1, f), rho_hat = r^-3 / ((1 + f/r)(1 + 1/r)^2) =
    sum_m (-1)^m A_m r^-(3+m), A_m = f A_(m-1) + m + 1, A_0 = 1, and each power projects exactly,
    so kappa / kappa_s = sum_m b_m x^-(2+m) with b_m = (-1)^m A_m B_m (convergent, ratio
    max(1, f)/x); dA_m / df = A_(m-1) + f dA_(m-1) / df.
    """
    edge = LARGE_X * xp.maximum(1.0, f)
    far = x > edge
    u = 1.0 / xp.where(far, x, edge)
    b, db = [], []
    a_m, da_m = 1.0 + 0.0 * f, 0.0 * f
    for m in range(LARGE_X_TERMS):
        if m > 0:
            a_m, da_m = f * a_m + (m + 1.0), a_m + f * da_m
        b.append((-1.0) ** m * a_m * _PROJECTION[m])
        db.append((-1.0) ** m * da_m * _PROJECTION[m])
    return (far, u, b, db) if slope else (far, u, b)


def large_x_constant(f, xp, slope=False):
    """C(f) = -f / (1 - f) - f^2 ln f / (1 - f)^2 and E(f) = f^2 ln^2 f / (2 (1 - f)^2).

    The x -> inf limits of the closed forms give, with L = ln(x/2),
    alpha / (kappa_s R) -> 4 (L + C) / x^2 and
    psi / (kappa_s r_s^2) -> 4 (L^2/2 + (1 + L) C + pi^2/8 + E)
    (derived here). With z = f - 1, C = -f [h(z) + log1p(z)/z], finite at f = 1 (C(1) = -1/2);
    with ``slope`` also dC/df = -(h + log1p(z)/z) - f (h' + (log1p(z)/z)').
    """
    h, log_over_z = log1p_ratios(f - 1.0, xp)
    constant = -f * (h + log_over_z)
    if slope:
        h_slope, log_slope = _log1p_ratio_slopes(f - 1.0, xp)
        return constant, -(h + log_over_z) - f * (h_slope + log_slope)
    return constant, 0.5 * (f * log_over_z) ** 2
