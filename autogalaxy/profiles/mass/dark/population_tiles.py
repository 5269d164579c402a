"""Geometry of the fast population path: spatial tiles, Chebyshev interpolation, far/near tests.

Everything here takes ``xp`` and works on NumPy and JAX alike (traced points included): the tile
structure is computed at run time from the points themselves, under a stop-gradient (it decides
how the sum is organised, not what it is), while the gathers that reorder points and halos stay
differentiable.

Far test (derivation). Map a tile's box [c - h, c + h] to u = (y - c_y) / h_y, v = (x - c_x) / h_x
in [-1, 1]^2 and let a halo sit at (u0, v0). Every kernel of the population is a function of
R^2 = h_y^2 (u - u0)^2 + h_x^2 (v - v0)^2 that is analytic except where R^2 = 0 (the centre) or
R^2 is a negative real (-r_t^2 for the truncated NFW; none for NFW / cNFW, whose F(x), F(x / f) are
even in sqrt(1 - x^2)). For real v in [-1, 1] the nearest singularities in u are therefore
u0 +- i (h_x / h_y) |v - v0|, and for real u those in v are v0 +- i (h_y / h_x) |u - u0|. The
tensor interpolant I_u I_v on n x n Chebyshev points errs by at most
||f - I_u f|| + Lambda_n ||f - I_v f||, and each 1D error is <= 2 M rho^-n / (rho - 1)
(Trefethen, Approximation Theory and Approximation Practice, Thm 8.2; M bounds |f| on the
Bernstein ellipse E_rho), with rho that of the ellipse through the nearest singularity:

    rho_u = rho(|u0| + i (h_x / h_y) max(|v0| - 1, 0)),
    rho_v = rho(|v0| + i (h_y / h_x) max(|u0| - 1, 0)),
    rho(z) = alpha + sqrt(alpha^2 - 1),  alpha = (|z - 1| + |z + 1|) / 2.

A halo is FAR from a tile when min(rho_u, rho_v) >= rho_* = eta + sqrt(1 + eta^2). This holds in
particular for every halo outside the box grown by eta max(h_y, h_x) on each side (the worst
point, a halo level with the middle of a side, gives exactly rho_*), and it admits the corners
of that grown box too, so the near region is ~3.1 tile areas at eta = 1 instead of 4.
"""

import functools
import math

import numpy as np

from autogalaxy.util.backend import ops

# Half-widths below this fraction of (1 + |centre|) are raised to it: a tile whose points are
# all on one line (or one point) still gets an invertible map to [-1, 1]^2.
HALF_WIDTH_FLOOR = 1e-10


def rho_for_eta(eta):
    """rho_* = eta + sqrt(1 + eta^2): the Bernstein parameter that the far test guarantees."""
    return eta + math.sqrt(1.0 + eta * eta)


@functools.lru_cache(maxsize=32)
def near_area(eta):
    """Area of the near region of a square tile in tile areas (midpoint rule, ~1e-3 relative).

    3.08 at eta = 1, 4.71 at eta = 1.5, 6.75 at eta = 2 (the grown box would give (1 + eta)^2).
    """
    rho = rho_for_eta(eta)
    edge = 2.0 + rho
    m = 600
    t = (np.arange(m) + 0.5) * (edge / m)
    a, b = np.meshgrid(t, t, indexing="ij")
    far = far_mask(np.zeros((1, 2)), np.ones((1, 2)), a.ravel(), b.ravel(), rho, np)[0]
    return float(np.count_nonzero(~far) * (edge / m) ** 2)


def levels_for(n_points, target_size):
    """Number of binary splits giving groups of about ``target_size`` points (>= 0)."""
    if n_points <= target_size:
        return 0
    return max(0, int(round(math.log2(n_points / target_size))))


def pad_to(array, total, xp):
    """``array`` (M, ...) padded to ``total`` rows by repeating its last row."""
    extra = total - array.shape[0]
    if extra == 0:
        return array
    tail = xp.broadcast_to(array[-1:], (extra,) + array.shape[1:])
    return xp.concatenate([array, tail], axis=0)


def kd_order(points, levels, xp):
    """Permutation that cuts (M, 2) points (M divisible by 2^levels) into 2^levels compact groups.

    Each level splits every group at its median along the group's longer side (a k-d tree), so
    consecutive runs of M / 2^levels points of the permuted set are tiles of equal size.

    Built from two stable argsorts (by y and by x), then per level one stable partition of both
    sorted lists (a cumulative sum and a scatter): sorting on XLA:CPU costs ~60 ms per 160,000
    points, a partition ~2 ms, so 8 levels take ~0.15 s instead of ~0.42 s with one argsort per
    level. Ties keep the points' input order, identically on NumPy and JAX.
    """
    m = points.shape[0]
    pts = ops(xp).stop_gradient(points)
    lists = [xp.argsort(pts[:, axis], stable=True).astype(np.int32) for axis in (0, 1)]
    for level in range(levels):
        groups, size = 2**level, m // 2**level
        by = [xp.reshape(lst, (groups, size)) for lst in lists]
        extent = [pts[b[:, -1], axis] - pts[b[:, 0], axis] for axis, b in enumerate(by)]
        split_y = (extent[0] >= extent[1])[:, None]
        # rank of every point along its group's split axis: lower half -> first child
        lower_pos = xp.broadcast_to(xp.arange(size)[None, :] < size // 2, (groups, size))
        lower = scatter_set(
            xp.zeros(m, dtype=bool), xp.where(split_y, by[0], by[1]), lower_pos, xp, unique=True
        )
        new = []
        for b in by:
            low = lower[b]
            first = xp.cumsum(low, axis=1) - 1
            second = size // 2 + xp.cumsum(~low, axis=1) - 1
            slot = xp.where(low, first, second) + size * xp.arange(groups)[:, None]
            new.append(scatter_set(xp.zeros(m, dtype=np.int32), slot, b, xp, unique=True))
        lists = new
    return lists[0]


def scatter_set(target, index, values, xp, unique=False):
    """``target`` (1-D) with ``target[index] = values`` (index and values of one shape), a copy.

    ``unique``: the indices are distinct (JAX then skips the serialisation of repeated writes);
    otherwise repeated indices keep one of their values (callers send only don't-care writes
    there, e.g. population_lists' spare column)."""
    index, values = xp.reshape(index, (-1,)), xp.reshape(values, (-1,))
    if xp.__name__ == "jax.numpy":
        return target.at[index].set(values, unique_indices=unique)
    out = target.copy()
    out[index] = values
    return out


def boxes(tiles, xp):
    """(centre, half-width), each (G, 2), of (G, T, 2) tiles of points, under stop-gradient."""
    tiles = ops(xp).stop_gradient(tiles)
    lo, hi = xp.min(tiles, axis=1), xp.max(tiles, axis=1)
    centre = 0.5 * (lo + hi)
    floor = HALF_WIDTH_FLOOR * (1.0 + xp.max(xp.abs(centre), axis=1, keepdims=True))
    return centre, xp.maximum(0.5 * (hi - lo), floor)


def bernstein_rho(p, q, xp):
    """rho of the Bernstein ellipse (foci +-1) through p + i q."""
    alpha = 0.5 * (xp.sqrt((p - 1.0) ** 2 + q * q) + xp.sqrt((p + 1.0) ** 2 + q * q))
    return alpha + xp.sqrt(xp.maximum(alpha * alpha - 1.0, 0.0))


def pair_rho(centre, half, halo_y, halo_x, xp):
    """(G, N) min(rho_u, rho_v) of halo n for tile g (module docstring); far iff >= rho_*."""
    sg = ops(xp).stop_gradient
    hy, hx = half[:, 0:1], half[:, 1:2]
    a = xp.abs(sg(halo_y)[None, :] - centre[:, 0:1]) / hy
    b = xp.abs(sg(halo_x)[None, :] - centre[:, 1:2]) / hx
    rho_u = bernstein_rho(a, (hx / hy) * xp.maximum(b - 1.0, 0.0), xp)
    rho_v = bernstein_rho(b, (hy / hx) * xp.maximum(a - 1.0, 0.0), xp)
    return xp.minimum(rho_u, rho_v)


def far_mask(centre, half, halo_y, halo_x, rho_min, xp):
    """(G, N) booleans: halo n is far from tile g (pair_rho >= rho_min)."""
    return pair_rho(centre, half, halo_y, halo_x, xp) >= rho_min


# Coarser Chebyshev orders for far pairs. Every order is one more compiled copy of the kernel and
# one more list per box; with compacted lists (population_lists) no order wastes evaluations on
# halos of other orders, so (n, 11, 8, 5) is worth its copies: 5,130 pyHalo-like halos on 400^2
# rays, tree of 625-ray leaves, n = 14: 3.1e7 selected node evaluations against 3.5e7 with
# (n, 8) and 3.9e7 with n alone.
COARSE_ORDERS = (11, 8, 5)


def node_levels(n):
    """Chebyshev orders used for far pairs, finest first: n, then coarser ones for farther pairs."""
    return (n,) + tuple(m for m in COARSE_ORDERS if m < n)


def level_of(rho, rho_star, n, levels, xp):
    """Index into ``levels`` of the coarsest order m with rho^-m <= rho_*^-n (rho >= rho_*).

    A far pair interpolated with m points per side then obeys the same bound as one at the edge
    of the far region with n points: m >= n ln(rho_*) / ln(rho).
    """
    # need = n ln(rho_*) / ln(rho) <= m  <=>  rho >= rho_*^(n / m): compared, no log per pair
    index = xp.zeros(rho.shape, dtype=np.int32)
    for k, m in enumerate(levels):
        index = xp.where(rho >= rho_star ** (n / (m + 1e-9)), k, index)
    return index


def restriction(m, n):
    """(n, m): values at the n Chebyshev points of the order-m interpolant (exact for m <= n)."""
    return lagrange_basis(chebyshev_points(n), m, np)


def chebyshev_points(n):
    """Chebyshev points of the first kind cos(pi (k + 1/2) / n), k = 0..n-1 (NumPy)."""
    return np.cos(np.pi * (np.arange(n) + 0.5) / n)


def coefficient_matrix(n):
    """M with c_j = sum_k M[j, k] f(t_k): Chebyshev coefficients from values at the points."""
    j = np.arange(n)[:, None]
    k = np.arange(n)[None, :]
    m = (2.0 / n) * np.cos(np.pi * j * (k + 0.5) / n)
    m[0] *= 0.5
    return m


def node_grid(centre, half, n, xp):
    """(G, n * n, 2) tensor Chebyshev nodes of each box; node (k, l) at index k n + l."""
    t = xp.asarray(chebyshev_points(n), dtype=centre.dtype)
    y = centre[:, 0:1] + half[:, 0:1] * t[None, :]
    x = centre[:, 1:2] + half[:, 1:2] * t[None, :]
    g = centre.shape[0]
    yy = xp.broadcast_to(y[:, :, None], (g, n, n))
    xx = xp.broadcast_to(x[:, None, :], (g, n, n))
    return xp.reshape(xp.stack([yy, xx], axis=-1), (g, n * n, 2))


def lagrange_basis(u, n, xp):
    """(..., n) values at u of the Lagrange polynomials of the n Chebyshev points.

    T_0..T_{n-1}(u) by the three-term recurrence (stable on [-1, 1]) times the coefficient
    matrix; differentiable in u.
    """
    rows = [xp.ones_like(u), u]
    for _ in range(2, n):
        rows.append(2.0 * u * rows[-1] - rows[-2])
    t = xp.stack(rows[:n], axis=-1)
    return t @ xp.asarray(coefficient_matrix(n), dtype=u.dtype)


def interpolate(values, centre, half, tiles, xp):
    """Tensor Chebyshev interpolant of node ``values`` (G, n, n, c) at ``tiles`` (G, T, 2).

    Returns (G, T, c). The box is a constant (stop-gradient); the rays carry gradients.
    """
    n = values.shape[1]
    u = (tiles[..., 0] - centre[:, 0:1]) / half[:, 0:1]
    v = (tiles[..., 1] - centre[:, 1:2]) / half[:, 1:2]
    lu = lagrange_basis(u, n, xp)
    lv = lagrange_basis(v, n, xp)
    w = xp.einsum("gtk,gklc->gtlc", lu, values)
    return xp.sum(w * lv[..., None], axis=2)
