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
    and the list ``exact`` (index, count) per leaf; with ``series``
    (population_far_series.series_halos) also ``exact_series``, the near halos far enough from
    the leaf for the truncated NFW's far series (exact to its truncation, <= 1.1e-11 relative).
    """
    halos = plan["halos"]

    def per_leaf(_, leaf):
        out = list_sum(profile, quantity, halos, leaf["rays"], leaf["index"], leaf["count"], xp)
        if series is not None:
            index, count = leaf["series"]
            out = out + list_sum(SERIES, quantity, series, leaf["rays"], index, count, xp)
        return None, out

    xs = {"rays": plan["leaves"], "index": plan["exact"][0], "count": plan["exact"][1]}
    if series is not None:
        xs["series"] = plan["exact_series"]
    _, out = scan(per_leaf, None, xs, xp)
    return out
