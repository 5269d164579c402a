"""Row sums of the fast population path, with a reverse-mode rule that accumulates in place.

``rows_sum`` evaluates, for every row r of a set of compacted lists (a box of the ray tree at its
Chebyshev nodes, or a (sub-)leaf at its rays), the sum of several of the row's lists
(population_lists.list_sum), each with its own kernel and halo dict ("terms"). The forward pass
is exactly a scan over rows of list_sum.

Why a custom VJP (JAX): list_sum skips every chunk, and every group of chunks, past a list's
count by ``cond``. Differentiated by JAX, the transpose of a ``cond`` returns the cotangent of
every halo array its branch reads as a dense (N, ...) array, added outside it: reverse mode cost
O(N) per live chunk or group of every list (measured, 10^4 pyHalo-like halos on 100 x 100 rays:
jit(grad) 3.7 s, 2.9 s with the gathers outside the chunk cond, against a 0.19 s forward). The
rule here sweeps the same rows, groups and chunks once more (population_lists.fold_chunks, the
loops of list_sum); for each live chunk it takes the chunk kernel's vjp and adds the halo
cotangents into (N, ...) accumulators carried through the loops, which XLA updates in place
(O(chunk) per chunk: 200 scatter-adds of 512 values into 10^6 slots took 0.7 ms). Nothing is
stored per chunk: the kernels are recomputed, as the checkpointed conds did before.

Forward mode (``jax.jvp``, ``jax.jacfwd``) is not defined through a custom VJP: on the fast path
use reverse mode (``jax.grad``, ``jax.vjp``, ``jax.jacrev``); the exact path supports both.
"""

import functools

import numpy as np

from autogalaxy.profiles.mass.dark import population_kernels as pk
from autogalaxy.profiles.mass.dark.population_exact import scan
from autogalaxy.profiles.mass.dark.population_lists import fold_chunks, list_sum


def _forward(terms, halos, points, lists, xp):
    def per_row(_, x):
        pts, row = x
        outs = [None] * len(pts)
        for profile, quantity, t, j, chunk, p in terms:
            out = list_sum(profile, quantity, halos[t], pts[p], row, j, chunk, xp)
            outs[p] = out if outs[p] is None else outs[p] + out
        return None, tuple(outs)

    return scan(per_row, None, (tuple(points), lists), xp)[1]


def rows_sum(terms, halos, points, lists, xp):
    """Tuple of (R, K_p, c) sums, one per point set p: for every row r and every term
    (profile, quantity, t, j, chunk, p), list j of row r (``lists``: population_lists.compact's
    dict, rows first) summed with ``halos[t]``'s kernels at ``points[p][r]`` (K_p, 2).

    ``terms``: a tuple of hashable tuples; every point set needs at least one term. c = 2 for
    deflections, else 1. Differentiable in ``halos`` and ``points`` (reverse mode on JAX)."""
    terms = tuple(tuple(t) for t in terms)
    if not set(range(len(points))) <= {t[5] for t in terms}:
        raise ValueError("every point set needs at least one term")
    if xp.__name__ != "jax.numpy":
        return _forward(terms, tuple(halos), tuple(points), lists, xp)
    return _jax_rows_sum()(terms, tuple(halos), tuple(points), lists)


def _list_vjp(profile, quantity, halos, points, row, j, chunk, ct_out, carry):
    """(acc, ct_points) plus list j's contribution: acc (dict like ``halos``) += d<ct_out, sum> /
    d halos, ct_points += d<ct_out, sum> / d points; list_sum's loops (fold_chunks), run again."""
    import jax
    import jax.numpy as jnp

    def step(carry, ids, live):
        acc, ct_points = carry
        h = {name: v[ids] for name, v in halos.items()}
        weights = live.astype(points.dtype)[:, None]

        def kernel(h, pts):
            out = pk.block_sum(profile, quantity, h, pts[None], weights, jnp)
            return out[0] if quantity == "deflections" else out[0][:, None]

        _, pull = jax.vjp(kernel, h, points)
        ct_h, ct_p = pull(ct_out)
        acc = {name: acc[name].at[ids].add(ct_h[name]) for name in acc}
        return acc, ct_points + ct_p

    return fold_chunks(row, j, chunk, carry, step, jnp)


@functools.cache
def _jax_rows_sum():
    import jax
    import jax.numpy as jnp

    @functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
    def rows(terms, halos, points, lists):
        return _forward(terms, halos, points, lists, jnp)

    def fwd(terms, halos, points, lists):
        return rows(terms, halos, points, lists), (halos, points, lists)

    def bwd(terms, residuals, ct):
        halos, points, lists = residuals
        zeros = tuple(jax.tree_util.tree_map(jnp.zeros_like, h) for h in halos)

        def per_row(acc, x):
            pts, row, cts = x
            acc, ct_points = list(acc), [jnp.zeros_like(p) for p in pts]
            for profile, quantity, t, j, chunk, p in terms:
                acc[t], ct_points[p] = _list_vjp(
                    profile, quantity, halos[t], pts[p], row, j, chunk, cts[p],
                    (acc[t], ct_points[p]),
                )  # fmt: skip
            return tuple(acc), tuple(ct_points)

        acc, ct_points = jax.lax.scan(per_row, zeros, (points, lists, ct))
        ct_lists = jax.tree_util.tree_map(
            lambda a: np.zeros(a.shape, dtype=jax.dtypes.float0), lists
        )
        return acc, ct_points, ct_lists

    rows.defvjp(fwd, bwd)
    return rows
