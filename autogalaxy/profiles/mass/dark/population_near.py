"""Near field of the fast population path: the exact sums at the leaves' rays.

A halo near a leaf box of the ray tree and near all of the leaf's ancestors (population_fast:
pair_rho < rho_* at every level) was taken by no interaction list on the leaf's path, so its
kernels are evaluated exactly at the leaf's rays. Each leaf's list of such halos is compacted
(population_lists) and visited in chunks of ``cluster_size`` halos; the loop over leaves is a
``scan`` (population_rows.rows_sum, with its in-place reverse-mode rule). A near halo thus
costs ~A_near T evaluations (A_near = population_tiles.near_area(eta)
leaves of T rays) instead of P.
"""

from autogalaxy.profiles.mass.dark.population_kernels import SERIES
from autogalaxy.profiles.mass.dark.population_rows import rows_sum


def near_field(profile, quantity, plan, xp, series=None):
    """(leaves, T, c) exact sums of each leaf's near halos at its rays (c = 2 for deflections).

    ``plan`` (population_fast.fast_plan): ``halos``, ``leaves`` (leaves, T, 2) (y, x) [arcsec]
    and the lists ``near`` per leaf or per sub-leaf (rows of T / 2^S consecutive rays): list 0
    closed form; with ``series`` (population_far_series.class_series: one halo dict per series
    class) list 1 + c the pairs of series class c, and ``leaf_series`` (per leaf, list c, or
    None) the pairs that take class c on the whole leaf: the near halos far enough from the
    (sub-)leaf for the truncated NFW's far series with that class's terms (exact to its
    truncation, <= 1.13e-8 of the pair's leading term).
    """
    halos = plan["halos"]
    leaves = plan["leaves"]
    near, chunks = plan["near"]
    rows = near["count"].shape[0]
    series = tuple(series or ())
    terms = [(profile, quantity, 0, 0, chunks[0], 0)]
    terms += [(SERIES, quantity, 1 + c, 1 + c, chunks[1 + c], 0) for c in range(len(series))]
    rays = xp.reshape(leaves, (rows, -1, 2))
    (out,) = rows_sum(terms, (halos,) + series, (rays,), near, xp)
    out = xp.reshape(out, leaves.shape[:2] + out.shape[-1:])
    if not series or plan["leaf_series"] is None:
        return out
    leaf_lists, leaf_chunks = plan["leaf_series"]
    terms = [(SERIES, quantity, c, c, leaf_chunks[c], 0) for c in range(len(series))]
    (leaf_series,) = rows_sum(terms, series, (leaves,), leaf_lists, xp)
    return out + leaf_series
