"""Product-integration weights for the Yang et al. (2024) per-call tables (issue 12: speed).

Every shell integral of yang24_util (module docstring there) is, in v = ln(t / c) and d = ln(x / c)
(t the 3D radius, x = R / r_s, c = r_c / r_s), one kernel of w = v - d alone times the integrand

    g(v) = S(e^v) / (1 + c e^v)^2,   S(u) = (1 + u^-4)^(-1/4) - 1   (S depends on t / c only),

so a fixed grid of v nodes (step STEP = 0.025, half the table's fine step: 0.05 added ~1e-11 to
kappa) and one constant matrix per quantity give all table rows at once (derived here from the
shell forms of yang24_util's docstring):

    Delta kappa       = int_(w > 0) g K_k(w) dv,          K_k = 2 / T,  T = sqrt(1 - e^-2w),
    Delta M_cyl / x^2 = int g K_m(w) dv,    K_m = e^2w (w < 0),  1 / (1 + T) (w > 0),
    Delta psi / x^2   = 4 int g K_p(w) dv,  K_p = e^2w (1 - ln 2 - w) (w < 0),
                                            e^2w [1 - T + ln((1 + T) / 2)] (w > 0)

(x^2 = c^2 e^2d has been divided out, so every kernel is bounded; for x <= c and x > c alike, the
inside and outside terms all have the sign of g, so nothing cancels). g is the sliding 10-point
Lagrange interpolant on the v nodes; cells with w > 0 are integrated with 16 Gauss-Legendre nodes
in s = sqrt(w) (which removes K_k's 1 / sqrt(w) and the sqrt(w) kinks of K_m, K_p), cells with
w < 0 with 16 in w. The weights depend only on the cell's offset from d, so one (offset, stencil)
table of cell integrals is assembled into the (rows, nodes) matrix.

Ends: above V_MAX = 15 (4.7 beyond the last row) g < e^-60 and is dropped; below V_MIN = -18 the
w < 0 kernels are integrated analytically from g's expansion in u = e^v,
g = -1 + (1 + 2c) u - (2c + 3c^2) u^2 + (3c^2 + 4c^3) u^3 + O(u^4) (u^4 = 1e-31 there), as
closed forms in c (``tails``), differentiable on JAX.

Accuracy (test_yang24.py): the weights and tails against 20-digit mpmath quadrature of the same
integrals, <= 5.5e-13 relative for rows d in [-17.8, 10] (kappa to d = 4: beyond, Delta kappa is
< 1e-17 of kappa_hat), c in {1e-3, 0.3}; the tables built from them, against scipy quad of the
profile: kappa <= 4e-12, alpha <= 3e-13, psi <= 1.7e-13 (yang24_tables).
"""

import functools
import math

import numpy as np

from autogalaxy.profiles.mass.dark.sidm_tables import lagrange_basis
from autogalaxy.profiles.mass.dark.yang24_util import _core_shape
from autogalaxy.util.quadrature import gauss_legendre_unit

STEP = 0.025
ORDER = 10
HALF = ORDER // 2 + 1
V_MIN, V_MAX = -18.0, 15.0
CELLS = int(round((V_MAX - V_MIN) / STEP))
# node k (k = 0 .. CELLS + 2 HALF) sits at V_MIN + STEP (k - HALF): ghost nodes beyond each end
# keep every stencil centred
V_NODES = V_MIN + STEP * np.arange(-HALF, CELLS + HALF + 1)
U_NODES = np.exp(V_NODES)
SHAPE = _core_shape(U_NODES, 1.0, np)  # S(e^v): constant, c enters only via (1 + c u)^2
U_NODES.flags.writeable = SHAPE.flags.writeable = False
GL = 16
_LN2 = math.log(2.0)


def node_index(d):
    """Index in V_NODES of table radii d = ln(x / c) (each must be a node: multiples of STEP)."""
    k = np.rint((np.asarray(d) - V_MIN) / STEP).astype(int) + HALF
    if not np.allclose(V_NODES[k], d, rtol=0, atol=1e-12):
        raise ValueError("table radii must lie on the v grid")
    return k


def _kernel(quantity, w, inside):
    """K(w) of the module docstring (w >= 0 where not inside, w <= 0 where inside)."""
    if inside:
        if quantity == "kappa":
            return 0.0 * w
        return np.exp(2.0 * w) * (1.0 if quantity == "alpha" else 1.0 - _LN2 - w)
    t = np.sqrt(-np.expm1(-2.0 * w))
    if quantity == "kappa":
        return 2.0 / t
    if quantity == "alpha":
        return 1.0 / (1.0 + t)
    one_minus_t = np.exp(-2.0 * w) / (1.0 + t)
    return np.exp(2.0 * w) * (one_minus_t + np.log1p(-0.5 * one_minus_t))


def _cell_integrals(quantity, offsets):
    """(offsets, ORDER): int over the cell [o, o + 1] STEP in w of K(w) L_i, L_i the stencil's
    basis (nodes o - 4 .. o + 5, in units of STEP relative to d)."""
    t_gl, w_gl = gauss_legendre_unit(GL)
    o = offsets[:, None].astype(float)
    out = np.zeros((offsets.size, ORDER))
    right = offsets >= 0
    # w > 0: s = sqrt(w) over [sqrt(o h), sqrt((o + 1) h)], dw = 2 s ds
    s_lo, s_hi = np.sqrt(o[right] * STEP), np.sqrt((o[right] + 1.0) * STEP)
    s = s_lo + (s_hi - s_lo) * t_gl
    w = s * s
    weight = _kernel(quantity, w, False) * 2.0 * s * (s_hi - s_lo) * w_gl
    z = w / STEP - o[right] + ORDER // 2 - 1  # in [4, 5]: the cell's place in its stencil
    out[right] = np.einsum("mg,mgi->mi", weight, lagrange_basis(z))
    # w < 0: plain Gauss-Legendre in w
    w = (o[~right] + t_gl) * STEP
    weight = _kernel(quantity, w, True) * STEP * w_gl
    z = w / STEP - o[~right] + ORDER // 2 - 1
    out[~right] = np.einsum("mg,mgi->mi", weight, lagrange_basis(z))
    return out


@functools.cache
def shell_weights(quantity, rows):
    """(len(rows), V_NODES.size) read-only weights W: the module's Delta kappa, Delta M_cyl / x^2
    or Delta psi / (4 x^2) at d = V_NODES[rows] is sum_k W[j, k] g(V_NODES[k]) (+ ``tails``).

    ``rows``: a tuple of node indices (node_index)."""
    rows = np.asarray(rows)
    cells = np.arange(HALF, HALF + CELLS)  # cell m spans nodes m .. m + 1 (v in [V_MIN, V_MAX])
    offsets = cells[None, :] - rows[:, None]
    lo = offsets.min()
    table = _cell_integrals(quantity, np.arange(lo, offsets.max() + 1))
    weights = np.zeros((rows.size, V_NODES.size))
    for i in range(ORDER):
        columns = cells - (ORDER // 2 - 1) + i
        np.add.at(weights, (np.arange(rows.size)[:, None], columns[None, :]),
                  table[offsets - lo, i])
    weights.flags.writeable = False
    return weights


def tails(quantity, d, c, xp):
    """The w < 0 kernels' integrals over v < V_MIN at table radii d (NumPy constants), from g's
    expansion in u = e^v (module docstring): zero for kappa."""
    if quantity == "kappa":
        return 0.0
    a = (-1.0, 1.0 + 2.0 * c, -(2.0 * c + 3.0 * c * c), 3.0 * c * c + 4.0 * c * c * c)
    total = 0.0
    for n, a_n in enumerate(a):
        p = 2.0 + n
        # int_(-inf)^V e^(2 (v - d)) e^(n v) [1 | (1 - ln 2 + d - v)] dv
        base = np.exp(p * V_MIN - 2.0 * np.asarray(d)) / p
        if quantity == "alpha":
            term = base
        else:
            term = base * (1.0 - _LN2 + np.asarray(d) - V_MIN + 1.0 / p)
        total = total + a_n * xp.asarray(term)
    return total


def shell_integrand(c, xp):
    """g at V_NODES for c = r_c / r_s (scalar, traced or not): S(e^v) / (1 + c e^v)^2."""
    return xp.asarray(SHAPE) / (1.0 + c * xp.asarray(U_NODES)) ** 2
