"""The exact sum over a halo population, chunked over halos with memory flat in N.

out(p) = sum_i w_i f_i(p) over N halos, evaluated as a sequential loop (``lax.scan`` on JAX, a
Python loop on NumPy: the same body) over chunks of ``batch_size`` halos; each chunk evaluates the
kernels of :mod:`~autogalaxy.profiles.mass.dark.population_kernels` on a (batch, P) block and
adds its sum over halos to a (P,) accumulator. Peak memory is therefore ~ batch_size x P x 8 B x
(a few arrays forward, ~30 in reverse mode) and does not grow with N.

Reverse mode: the chunk body runs under ``jax.checkpoint``, so the backward pass is a second scan
over the chunks that re-evaluates each chunk's kernels and pulls the shared output cotangent back
through them, accumulating the grid cotangent; the only per-chunk residuals are the chunk's own
halo parameters (loop-invariant residuals such as the grid are hoisted out of the scan). This is
the exact vjp of the sum (nothing is approximated) and, unlike a ``custom_vjp``, it keeps
forward mode (``jax.jvp`` / ``jax.jacfwd``) working.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import population_kernels as pk

DEFAULT_BATCH_SIZE = 128
# Pairs per (halos x points) block: ~1 MB per intermediate array, cache-sized on CPU.
BLOCK_ELEMENTS = 2**17


def _is_jax(xp):
    return xp.__name__ == "jax.numpy"


def scan(f, init, xs, xp):
    """``lax.scan(f, init, xs)`` on JAX, the same loop in Python on NumPy (xs: a pytree of arrays
    of dicts / tuples / lists).

    ``f(carry, x) -> (carry, y)``; returns (carry, stacked ys or None).
    """
    if _is_jax(xp):
        import jax

        return jax.lax.scan(f, init, xs)
    n = len(_first_leaf(xs))
    carry, ys = init, []
    for i in range(n):
        carry, y = f(carry, _index_tree(xs, i))
        ys.append(y)
    if not ys or ys[0] is None:
        return carry, None
    return carry, _stack_tree(ys)


def _first_leaf(tree):
    while isinstance(tree, (dict, tuple, list)):
        tree = next(iter(tree.values())) if isinstance(tree, dict) else tree[0]
    return tree


def _index_tree(tree, i):
    if isinstance(tree, dict):
        return {k: _index_tree(v, i) for k, v in tree.items()}
    if isinstance(tree, (tuple, list)):
        return type(tree)(_index_tree(v, i) for v in tree)
    return tree[i]


def _stack_tree(items):
    """np.stack over a list of equal pytrees (arrays, tuples / lists of them, dicts)."""
    first = items[0]
    if isinstance(first, (tuple, list)):
        return type(first)(_stack_tree([it[i] for it in items]) for i in range(len(first)))
    if isinstance(first, dict):
        return {k: _stack_tree([it[k] for it in items]) for k in first}
    return np.stack(items)


def remat(f, xp):
    """``jax.checkpoint(f)`` on JAX (keep only inputs as residuals); ``f`` itself on NumPy."""
    if _is_jax(xp):
        import jax

        return jax.checkpoint(f)
    return f


# A population that fits one chunk is still cut in two when each half keeps >= this many halos.
# Measured (session 16, jit, best of 7, pyHalo-like truncated NFWs, deflections): with a single
# halo chunk XLA:CPU runs the block kernel at ~23-24 ns per pair (100 or 128 halos on 100 x 100
# or 400 x 400), with two chunks of 50-64 at ~10 ns; chunks of <= 32 halos stay at 25-42 ns
# however many there are, so smaller populations are left whole (the cause is XLA's code
# generation for the loop, not the arithmetic: the same 2.3x on one core).
SPLIT_CHUNK_MIN = 50


def chunking(n, batch_size):
    """(number of chunks, halos per chunk) covering n halos with the least padding; at least two
    chunks where each keeps >= SPLIT_CHUNK_MIN halos."""
    chunks = max(1, math.ceil(n / max(1, int(batch_size))))
    if chunks == 1 and n >= 2 * SPLIT_CHUNK_MIN:
        chunks = 2
    return chunks, math.ceil(n / chunks)


def pad_halos(halos, n_total, xp):
    """Halo dict padded to ``n_total`` halos with kappa_s = 0 halos (exactly zero contribution).

    The padding halos sit at the first halo's centre, with r_s = 1 and r_t = r_c = 0.5 [arcsec],
    so every kernel branch stays finite for them.
    """
    n = halos["kappa_s"].shape[0]
    extra = n_total - n
    if extra == 0:
        return dict(halos)
    fill = {
        "centre_y": halos["centre_y"][:1],
        "centre_x": halos["centre_x"][:1],
        "kappa_s": xp.zeros(1, dtype=halos["kappa_s"].dtype),
        "scale_radius": xp.full(1, pk.PAD_SCALE_RADIUS, dtype=halos["scale_radius"].dtype),
        "extra_radius": xp.full(1, pk.PAD_EXTRA_RADIUS, dtype=halos["extra_radius"].dtype),
    }
    return {
        k: xp.concatenate([v, xp.broadcast_to(fill[k] * 1.0, (extra,)).astype(v.dtype)])
        for k, v in halos.items()
    }


def _regroup(points, size, xp):
    """(1, P, 2) points as (ceil(P / size), size, 2) groups, padded by repeating the last point."""
    flat = points[0]
    groups = max(1, math.ceil(flat.shape[0] / size))
    extra = groups * size - flat.shape[0]
    if extra:
        flat = xp.concatenate([flat, xp.broadcast_to(flat[-1:], (extra, 2))], axis=0)
    return xp.reshape(flat, (groups, size, 2))


def exact_sum(profile, quantity, halos, points, weights=None, batch_size=None, xp=np):
    """sum_i w[i, g] f_i(points[g, k]) over all halos, chunked over halos and points.

    ``halos``: dict of (N,) arrays (see population_kernels.block_sum); ``points``: (G, K, 2)
    (y, x) [arcsec]; ``weights``: None or (N, G). Returns (G, K) or (G, K, 2) (deflections).

    Blocks are (halos per chunk) x (points per chunk) with about BLOCK_ELEMENTS pairs: XLA:CPU
    runs the kernels ~1.5x slower once a block's arrays outgrow the cache (measured 33 ns per
    pair at 2^17 pairs, 50 ns at 2^21, for the truncated NFW).
    """
    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else batch_size
    n = halos["kappa_s"].shape[0]
    n_groups, per_group = points.shape[:2]
    h_chunks, per_chunk = chunking(n, batch_size)
    block_points = max(1, BLOCK_ELEMENTS // per_chunk)
    if weights is None and n_groups == 1 and per_group > block_points:
        grouped = _regroup(points, block_points, xp)
        out = exact_sum(profile, quantity, halos, grouped, None, batch_size, xp)
        out = xp.reshape(out, (-1,) + out.shape[2:])[:per_group]
        return out[None]

    # point chunks of whole groups; the halo weights follow their groups
    groups_per = max(1, min(n_groups, block_points // per_group))
    p_chunks = math.ceil(n_groups / groups_per)
    total_groups = p_chunks * groups_per
    total_n = h_chunks * per_chunk
    padded = pad_halos(halos, total_n, xp)
    if total_groups > n_groups:
        tail = xp.broadcast_to(points[-1:], (total_groups - n_groups,) + points.shape[1:])
        points = xp.concatenate([points, tail], axis=0)
    point_xs = xp.reshape(points, (p_chunks, groups_per) + points.shape[1:])
    halo_xs = {k: xp.reshape(v, (h_chunks, per_chunk)) for k, v in padded.items()}
    if weights is not None:
        w = xp.concatenate(
            [weights, xp.zeros((total_n - n, n_groups), dtype=weights.dtype)], axis=0
        )
        w = xp.concatenate([w, xp.zeros((total_n, total_groups - n_groups), dtype=w.dtype)], 1)
        w = xp.transpose(xp.reshape(w, (h_chunks, per_chunk, p_chunks, groups_per)), (2, 0, 1, 3))
    shape = (groups_per, per_group) + ((2,) if quantity == "deflections" else ())

    def block(chunk, pts):
        h = {k: v for k, v in chunk.items() if k != "weights"}
        return pk.block_sum(profile, quantity, h, pts, weights=chunk.get("weights"), xp=xp)

    body = remat(block, xp)

    def per_point_chunk(_, x):
        pts = x["points"]
        inner = dict(halo_xs)
        if weights is not None:
            inner["weights"] = x["weights"]

        def step(total, chunk):
            return total + body(chunk, pts), None

        total, _ = scan(step, xp.zeros(shape, dtype=points.dtype), inner, xp)
        return None, total

    outer = {"points": point_xs}
    if weights is not None:
        outer["weights"] = w
    _, out = scan(per_point_chunk, None, outer, xp)
    out = xp.reshape(out, (total_groups,) + out.shape[2:])
    return out[:n_groups]
