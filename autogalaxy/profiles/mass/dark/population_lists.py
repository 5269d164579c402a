"""Compacted halo lists of the fast population path: each row's selected halos, in chunks.

A row is one box of the fast path's ray tree (interaction lists, at its Chebyshev nodes) or one
(sub-)leaf (exact lists, at its rays). ``compact`` turns a (rows, N) integer key (which list each
halo belongs to, if any) into one packed row of halo indices per row: list 0's halos (in halo
order), then list 1's, ..., with each list's start and count. ``list_sum`` then visits one row's
list in chunks of C, skipping every chunk past the count by ``cond`` (and whole groups of chunks,
so a list of a few halos out of 10^5 costs a few skipped iterations, not N / C of them).

Why lists and not fixed spatial blocks of halos with masks: a block is evaluated in full as soon
as one of its halos is selected, and the masked-out halos are computed and multiplied by zero.
For 5,130 pyHalo-like halos on 400 x 400 rays, the earlier one-level tiles with blocks of ~21
(near) and ~84 (far) halos evaluated 1.63x their selected pairs (87 M instead of 54 M kernel
evaluations); lists waste at most C - 1 halos per row and list.

Why packed: a halo is in at most one list of a row, so all lists of a row fit in N slots (plus
one group of padding, so a chunk read past a list's end stays in the row; those slots weigh 0).
One slot array per list (the earlier layout) made the 20 interaction lists of 31 boxes x 1e5
halos a 250 MB scatter target, and their compaction 0.09 -> 0.16 s.

The loops are sequential (``scan``) with ``cond`` per chunk (under vmap a cond would become a
select evaluating both branches). Reverse mode goes through population_rows' rule, which runs
the same loops (fold_chunks) again and recomputes each chunk's kernels. Compaction is a
per-row count (ops(xp).list_ranks) and one scatter (no sort), on integers: it decides which pairs
are summed, not their values, so it carries no gradient; the gathers of halo parameters by index
are differentiable.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import population_kernels as pk
from autogalaxy.profiles.mass.dark.population_exact import scan
from autogalaxy.profiles.mass.dark.population_tiles import scatter_set
from autogalaxy.util.backend import ops

# Chunks per group: one cond skips a group of GROUP chunks past a row's count.
GROUP = 8


def clipped_chunks(chunks, n):
    """The chunk sizes compact uses for lists over n halos: each in [1, n]."""
    return tuple(max(1, min(int(c), n)) for c in chunks)


def compact(key, chunks, xp):
    """Packed lists of a (R, N) integer ``key``: list j of row r holds the halos n with
    key[r, n] == j (keys outside 0..len(chunks) - 1 belong to none).

    Returns (lists, chunks): ``lists`` a dict of ``index`` (R, W) int32 (row r: list 0's halos in
    increasing order, then list 1's, ...; then zeros, index 0 being a real halo that list_sum
    weighs 0 there), ``start`` and ``count`` (R, len(chunks)) int32; ``chunks`` the chunk sizes
    as used (each at most N). W = N + GROUP max(chunks), so that a group of chunks read from
    inside a list never runs past the row. Entry (r, n) goes to slot start[r, key] + (its rank
    among row r's entries of that key: ops(xp).list_ranks), by ONE scatter for all lists (entries
    of no list go to a spare column that is cut off).
    """
    rows, n = key.shape
    key = ops(xp).stop_gradient(key)
    chunks = clipped_chunks(chunks, n)
    width = n + GROUP * max(chunks)
    rank, counts = ops(xp).list_ranks(key, len(chunks))
    counts = xp.transpose(counts)  # (R, J)
    starts = xp.cumsum(counts, axis=1) - counts
    listed = (key >= 0) & (key < len(chunks))
    start_of = xp.take_along_axis(starts, xp.where(listed, key, 0), axis=1)
    slot = xp.where(listed, start_of + rank, width)
    flat = xp.reshape(slot + (width + 1) * xp.arange(rows, dtype=np.int32)[:, None], (-1,))
    cols = xp.reshape(xp.broadcast_to(xp.arange(n, dtype=np.int32)[None, :], (rows, n)), (-1,))
    out = scatter_set(xp.zeros((rows * (width + 1),), dtype=np.int32), flat, cols, xp)
    index = xp.reshape(out, (rows, width + 1))[:, :width]
    lists = {
        "index": index,
        "start": starts.astype(np.int32),
        "count": counts.astype(np.int32),
    }
    return lists, chunks


def fold_chunks(row, j, chunk, carry, step, xp):
    """``step(carry, ids, live)`` folded over the chunks of list ``j`` of one row, in order:
    ``ids`` (chunk,) halo indices, ``live`` (chunk,) bool, True inside the list and False past its
    count (those slots hold real halos, to be weighed 0). Chunks past the count, and groups of
    GROUP chunks, are skipped by ops(xp).cond. The loops of list_sum and of population_rows'
    reverse rule.

    ``row``: one row of compact's lists (``index`` (W,), ``start``, ``count`` (J,)); ``chunk``:
    list j's chunk size from compact."""
    cond = ops(xp).cond
    window = ops(xp).dynamic_slice
    index, start, count = row["index"], row["start"][j], row["count"][j]
    span = GROUP * chunk
    offsets = xp.arange(chunk, dtype=np.int32)

    def group_step(carry, first):
        # first: the group's first slot in the list; a group read from inside the list ends
        # inside the row (compact's padding), so the window is never clamped where it is used
        def run():
            members = window(index, start + first, span)

            def chunk_step(carry, k):
                def visit():
                    ids = window(members, k * chunk, chunk)
                    return step(carry, ids, first + k * chunk + offsets < count)

                return cond(first + k * chunk < count, visit, lambda: carry), None

            return scan(chunk_step, carry, xp.arange(GROUP, dtype=np.int32), xp)[0]

        return cond(first < count, run, lambda: carry), None

    firsts = xp.arange(math.ceil(index.shape[-1] / span), dtype=np.int32) * span
    return scan(group_step, carry, firsts, xp)[0]


def list_sum(profile, quantity, halos, points, row, j, chunk, xp):
    """(K, c) sum over list ``j`` of one row's halos of their kernels at ``points`` (K, 2).

    ``row``, ``chunk``: as fold_chunks; ``halos``: dict of (N,) arrays
    (population_kernels.block_sum). c = 2 for deflections, else 1. Differentiated through
    population_rows.rows_sum's rule: JAX's own reverse mode of these conds costs O(N) per chunk
    (the transpose of a cond returns a dense cotangent for every halo array its branch reads).
    """
    zero = xp.zeros((points.shape[0], pk.n_components(quantity)), dtype=points.dtype)

    def step(total, ids, live):
        h = {name: v[ids] for name, v in halos.items()}
        weights = live.astype(points.dtype)[:, None]
        out = pk.block_sum(profile, quantity, h, points[None], weights, xp=xp)
        return total + (out[0] if quantity == "deflections" else out[0][:, None])

    return fold_chunks(row, j, chunk, zero, step, xp)


def evaluated(count, chunk):
    """Halo slots a list of ``count`` halos evaluates in chunks of ``chunk`` (NumPy)."""
    return int(np.sum(np.ceil(np.asarray(count) / chunk))) * chunk
