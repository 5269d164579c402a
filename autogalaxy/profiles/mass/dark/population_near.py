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
    and the closed-form lists ``exact`` (index, count) per leaf or per sub-leaf (rows of T / S
    consecutive rays); with ``series`` (population_far_series.series_halos) also
    ``exact_series`` per leaf and ``split_series`` per sub-leaf (or None), the near halos far
    enough from the (sub-)leaf for the truncated NFW's far series (exact to its truncation,
    <= 1.1e-8 of the pair's leading term).
    """
    halos = plan["halos"]
    leaves = plan["leaves"]
    rows = plan["exact"][1].shape[0]
    split_series = plan.get("split_series")

    def per_row(_, row):
        out = list_sum(profile, quantity, halos, row["rays"], *row["exact"], xp)
        if "series" in row:
            out = out + list_sum(SERIES, quantity, series, row["rays"], *row["series"], xp)
        return None, out

    xs = {"rays": xp.reshape(leaves, (rows, -1, 2)), "exact": plan["exact"]}
    if series is not None and split_series is not None:
        xs["series"] = split_series
    _, out = scan(per_row, None, xs, xp)
    out = xp.reshape(out, leaves.shape[:2] + out.shape[-1:])
    if series is None:
        return out

    def per_leaf(_, leaf):
        return None, list_sum(SERIES, quantity, series, leaf["rays"], *leaf["series"], xp)

    _, leaf_series = scan(per_leaf, None, {"rays": leaves, "series": plan["exact_series"]}, xp)
    return out + leaf_series
