"""Sub-leaf lists of the fast path: each leaf's closed-form near pairs, re-drawn per sub-leaf.

With near_split S > 0 (population_fast_options.near_split_for) a leaf's closed-form near halos
are classified again on each of the leaf's 2^S sub-leaves (rows of T / 2^S consecutive rays):
the far series' class where it is valid on the sub-leaf, else the closed form (list 0; class c
is list 1 + c), as population_fast.fast_plan describes.

Why from the leaf's list and not from all N halos: a leaf's closed-form list holds a few per cent
of the halos (10^5 pyHalo-like halos on 100 x 100 rays: 3,000-10,000 per leaf), so the keys are
drawn over a static window of ``cap`` slots of that list (population_lists.compact packs it
behind the leaf's series lists) instead of over (sub-leaves x N) pairs, whose keys and
compaction cost ~70 ms of that plan (compact: ~5 ns per key). Where a leaf's list is longer than
``cap`` (extended halos) the keys over all N are used: one ``cond``, both branches compiled. Both
give the same lists (halos in increasing order; only the padding slots, weighted 0, differ).
"""

import numpy as np

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark.population_lists import GROUP, clipped_chunks, compact
from autogalaxy.util.backend import ops


def sparse_cap(expected_near, n_halos, chunk):
    """Slots of a leaf's closed-form list read by the sparse keys: half the expected near list
    (a closed-form list is ~1/4 of it for pyHalo-like halos), as a power of two >= chunk; None
    where that is not below N (the dense keys are then as cheap)."""
    cap = max(int(chunk), 1 << max(0, int(np.ceil(np.log2(max(expected_near / 2.0, 1.0))))))
    return cap if cap < n_halos else None


def sub_leaf_lists(halos, leaf_lists, n_classes, sub_centre, sub_half, split, chunk, classes,
                   cap, dense_key, xp):  # fmt: skip
    """(lists, chunks) of the sub-leaves, as compact(dense_key(), [chunk] * (1 + n_classes)).

    ``leaf_lists``: the leaves' compact lists with the closed-form list last (list n_classes);
    ``dense_key()``: the (sub-leaves, N) key over all halos (the fallback); ``cap``: sparse_cap's
    window (None or >= N: the dense keys)."""
    n = halos["kappa_s"].shape[0]
    chunks = [chunk] * (1 + n_classes)
    if cap is None or cap >= n:
        return compact(dense_key(), chunks, xp)
    index = leaf_lists["index"]
    start, count = leaf_lists["start"][:, n_classes], leaf_lists["count"][:, n_classes]
    slots = xp.minimum(start[:, None] + xp.arange(cap, dtype=np.int32)[None, :], index.shape[1] - 1)
    ids = xp.repeat(xp.take_along_axis(index, slots, axis=1), 2**split, axis=0)
    valid = xp.repeat(xp.arange(cap)[None, :] < count[:, None], 2**split, axis=0)
    width = n + GROUP * max(chunks)

    def sparse():
        rows = {k: halos[k][ids] for k in ("centre_y", "centre_x", "scale_radius", "extra_radius")}
        cls = fs.series_class(rows, sub_centre, sub_half, xp, classes)
        key = xp.where(valid, xp.where(cls < n_classes, 1 + cls, 0), -1)
        lists, _ = compact(key, chunks, xp)
        halo_index = xp.take_along_axis(ids, lists["index"], axis=1)
        pad = width - halo_index.shape[1]
        return dict(lists, index=xp.pad(halo_index, ((0, 0), (0, pad))))

    def dense():
        return compact(dense_key(), chunks, xp)[0]

    lists = ops(xp).cond(xp.any(count > cap), dense, sparse)
    return lists, clipped_chunks(chunks, n)
