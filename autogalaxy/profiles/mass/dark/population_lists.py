"""Compacted halo lists of the fast population path: each row's selected halos, in chunks.

A row is one box of the fast path's ray tree (interaction lists, at its Chebyshev nodes) or one
leaf (exact lists, at its rays). ``compact`` turns a (rows, N) integer key (which list each
halo belongs to, if any) into, per row and list, the indices of its halos first (in halo order)
and their count; ``list_sum``
then visits one row's selected halos in chunks of C, skipping every chunk past the count by
``cond`` (and whole groups of chunks, so a row of a few halos out of 10^5 costs a few skipped
iterations, not N / C of them).

Why lists and not fixed spatial blocks of halos with masks: a block is evaluated in full as soon
as one of its halos is selected, and the masked-out halos are computed and multiplied by zero.
For 5,130 pyHalo-like halos on 400 x 400 rays, the earlier one-level tiles with blocks of ~21
(near) and ~84 (far) halos evaluated 1.63x their selected pairs (87 M instead of 54 M kernel
evaluations); lists waste at most C - 1 halos per row and list.

The loops are sequential (``scan``) with ``cond`` per chunk (under vmap a cond would become a
select evaluating both branches); ops(xp).cond checkpoints its branches, so reverse mode keeps
only each chunk's inputs (indices, the row's points) and recomputes the kernels. Compaction is a
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


def layout(n_halos, chunk):
    """(chunk, groups) for lists over n_halos: the chunk shrinks to n_halos if that is smaller."""
    chunk = max(1, min(int(chunk), n_halos))
    return chunk, math.ceil(n_halos / (GROUP * chunk))


def compact(key, chunks, xp):
    """Lists of a (R, N) integer ``key``: list j of row r holds the halos n with key[r, n] == j.

    ``chunks``: the chunk size of each list (len(chunks) lists; keys outside 0..len - 1 belong to
    none). Returns one (index, count) per list: index (R, groups, GROUP, chunk) int32, row r's
    entries the halos of list j in increasing order, then zeros (index 0 is a real halo;
    list_sum gives it weight 0 there); count (R,) int32. Entry (r, n) of list j goes to slot
    offset_j + (its rank among row r's entries of key j: ops(xp).list_ranks) of one row holding
    every list, by ONE scatter for all lists (the others go to a spare column that is cut off).
    """
    rows, n = key.shape
    key = ops(xp).stop_gradient(key)
    shapes = [layout(n, c) for c in chunks]
    widths = [groups * GROUP * chunk for chunk, groups in shapes]
    total = sum(widths)
    rank, counts = ops(xp).list_ranks(key, len(chunks))
    listed = (key >= 0) & (key < len(chunks))
    offsets = xp.asarray(np.cumsum([0] + widths), dtype=np.int32)  # the last: the spare column
    slot = xp.where(listed, offsets[xp.where(listed, key, 0)] + rank, total)
    flat = xp.reshape(slot + (total + 1) * xp.arange(rows, dtype=np.int32)[:, None], (-1,))
    cols = xp.reshape(xp.broadcast_to(xp.arange(n, dtype=np.int32)[None, :], (rows, n)), (-1,))
    out = scatter_set(xp.zeros((rows * (total + 1),), dtype=np.int32), flat, cols, xp)
    out = xp.reshape(out, (rows, total + 1))
    lists, offset = [], 0
    for (chunk, groups), width, count in zip(shapes, widths, list(counts)):
        index = xp.reshape(out[:, offset : offset + width], (rows, groups, GROUP, chunk))
        lists.append((index, count))
        offset += width
    return lists


def list_sum(profile, quantity, halos, points, index, count, xp):
    """(K, c) sum over one row's listed halos of their kernels at ``points`` (K, 2).

    ``index``: (groups, GROUP, C) from compact (one row); ``count``: its count (a scalar);
    ``halos``: dict of (N,) arrays (population_kernels.block_sum). c = 2 for deflections, else 1.
    """
    cond = ops(xp).cond
    c = pk.n_components(quantity)
    groups, per_group, chunk = index.shape
    slots = xp.reshape(xp.arange(groups * per_group * chunk, dtype=np.int32), index.shape)
    zero = xp.zeros((points.shape[0], c), dtype=points.dtype)

    def chunk_step(acc, ch):
        def evaluate():
            h = {name: v[ch["index"]] for name, v in halos.items()}
            weights = (ch["slots"] < count).astype(points.dtype)[:, None]
            out = pk.block_sum(profile, quantity, h, points[None], weights, xp=xp)[0]
            return out if quantity == "deflections" else out[:, None]

        return acc + cond(ch["slots"][0] < count, evaluate, lambda: zero), None

    def group_step(acc, gr):
        def run():
            return scan(chunk_step, zero, gr, xp)[0]

        return acc + cond(gr["slots"][0, 0] < count, run, lambda: zero), None

    acc, _ = scan(group_step, zero, {"index": index, "slots": slots}, xp)
    return acc


def evaluated(count, chunk):
    """Halo slots a list of ``count`` halos evaluates in chunks of ``chunk`` (NumPy)."""
    return int(np.sum(np.ceil(np.asarray(count) / chunk))) * chunk
