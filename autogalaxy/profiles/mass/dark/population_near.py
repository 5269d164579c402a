"""Near field of the fast population path: the exact sums at the leaves' rays.

A halo near a leaf box of the ray tree and near all of the leaf's ancestors (population_fast:
pair_rho < rho_* at every level) was taken by no interaction list on the leaf's path, so its
kernels are evaluated exactly at the leaf's rays. Each leaf's list of such halos is compacted
(population_lists) and visited in chunks of ``cluster_size`` halos; the loop over leaves is a
``scan``. A near halo thus costs ~A_near T evaluations (A_near = population_tiles.near_area(eta)
leaves of T rays) instead of P.
"""

from autogalaxy.profiles.mass.dark.population_exact import scan
from autogalaxy.profiles.mass.dark.population_kernels import SERIES
from autogalaxy.profiles.mass.dark.population_lists import list_sum


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

    def per_row(_, row):
        out = list_sum(profile, quantity, halos, row["rays"], row["near"], 0, chunks[0], xp)
        for c, class_halos in enumerate(series or ()):
            out = out + list_sum(
                SERIES, quantity, class_halos, row["rays"], row["near"], 1 + c, chunks[1 + c], xp
            )
        return None, out

    xs = {"rays": xp.reshape(leaves, (rows, -1, 2)), "near": near}
    _, out = scan(per_row, None, xs, xp)
    out = xp.reshape(out, leaves.shape[:2] + out.shape[-1:])
    if series is None or plan["leaf_series"] is None:
        return out
    leaf_lists, leaf_chunks = plan["leaf_series"]

    def per_leaf(_, leaf):
        total = 0.0
        for c, class_halos in enumerate(series):
            total = total + list_sum(
                SERIES, quantity, class_halos, leaf["rays"], leaf["lists"], c, leaf_chunks[c], xp
            )
        return None, total

    _, leaf_series = scan(per_leaf, None, {"rays": leaves, "lists": leaf_lists}, xp)
    return out + leaf_series
