"""The fast path with the source-side far field: small ray tiles, cluster tree, exact rest.

``multipole_sum`` (population_fast.fast_sum calls it when fast_options ``multipole`` is on and
the profile is the truncated NFW; NFW and cNFW have no point-mass limit):

1. rays cut into tiles of ~``multipole_tile_size`` rays by the k-d split of population_tiles;
2. halos in k-d order, leaves of ~``cluster_size`` halos, the binary cluster tree above them;
3. population_multipole: per tile the coarsest accepted clusters, as equivalent sources;
4. every (tile, halo) pair no cluster covers is summed EXACTLY at the tile's rays: per tile its
   uncovered halos are sorted first and visited in chunks of NEAR_CHUNK, each skipped by
   ``cond`` once past the tile's count (so the cost follows the uncovered pairs, not blocks).

Error: the exact part has none; the far part obeys population_multipole's per-pair bound. All
decisions are under stop-gradient; gathers, series coefficients and the rays are differentiated.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population_exact import pad_halos
from autogalaxy.profiles.mass.dark.population_lists import compact
from autogalaxy.profiles.mass.dark.population_multipole import multipole_field, multipole_plan
from autogalaxy.profiles.mass.dark.population_rows import rows_sum

NEAR_CHUNK = 128


def _tiles(points, options, xp):
    n_points = points.shape[0]
    size = options["tile_size"] or options["multipole_tile_size"]
    levels = tl.levels_for(n_points, int(size))
    n_tiles = 2**levels
    per_tile = math.ceil(n_points / n_tiles)
    padded = tl.pad_to(points, n_tiles * per_tile, xp)
    perm = tl.kd_order(padded, levels, xp)
    tiles = xp.reshape(padded[perm], (n_tiles, per_tile, 2))
    return perm, tiles


def _sorted_halos(halos, options, xp):
    n_halos = halos["kappa_s"].shape[0]
    leaf_levels = tl.levels_for(n_halos, int(options["cluster_size"]))
    n_leaves = 2**leaf_levels
    total = n_leaves * math.ceil(n_halos / n_leaves)
    halo_yx = xp.stack([halos["centre_y"], halos["centre_x"]], axis=-1)
    order = tl.kd_order(tl.pad_to(halo_yx, total, xp), leaf_levels, xp)
    sorted_halos = {k: v[order] for k, v in pad_halos(halos, total, xp).items()}
    return sorted_halos, order < n_halos, n_leaves


def uncovered_field(profile, quantity, sorted_halos, uncovered, tiles, xp):
    """(G, T, c): per tile the exact sum of the halos flagged in ``uncovered`` (G, total).

    Each tile's flagged halos are compacted to the front (population_lists.compact) and visited
    in chunks of NEAR_CHUNK by population_lists.list_sum, whose ``cond`` skips every chunk (and
    group of chunks) past the tile's count; the scan over tiles is population_rows.rows_sum
    (its reverse-mode rule accumulates the halo cotangents in place).
    """
    lists, (chunk,) = compact(xp.where(uncovered, 0, 1), [NEAR_CHUNK], xp)
    terms = [(profile, quantity, 0, 0, chunk, 0)]
    return rows_sum(terms, (sorted_halos,), (tiles,), lists, xp)[0]


def multipole_sum(profile, quantity, halos, points, options, xp):
    """sum_i f_i(points) with the source-side far field: (P,) or (P, 2) (deflections)."""
    perm, tiles = _tiles(points, options, xp)
    centre, half = tl.boxes(tiles, xp)
    sorted_halos, real, n_leaves = _sorted_halos(halos, options, xp)
    mp = multipole_plan(quantity, sorted_halos, real, n_leaves, centre, half, options, xp)
    far = multipole_field(quantity, mp, tiles, xp)
    near = uncovered_field(
        profile, quantity, sorted_halos, real[None, :] & ~mp["covered"], tiles, xp
    )
    out = xp.reshape(far + near, (-1, far.shape[-1]))
    out = out[xp.argsort(perm)][: points.shape[0]]
    return out if quantity == "deflections" else out[:, 0]


def multipole_cost(halos, points, options, quantity="deflections"):
    """Counts of the multipole path (NumPy, concrete input): equivalent-source x ray evaluations
    (``sources``), of them in selected slots (``slots``), exact uncovered pairs (``exact``),
    ``covered`` fraction of (tile, halo) pairs, largest per-tile selection, brute force N P."""

    halos = {k: np.asarray(v, dtype=float) for k, v in halos.items()}
    points = np.asarray(points, dtype=float)
    perm, tiles = _tiles(points, options, np)
    centre, half = tl.boxes(tiles, np)
    sorted_halos, real, n_leaves = _sorted_halos(halos, options, np)
    mp = multipole_plan(quantity, sorted_halos, real, n_leaves, centre, half, options, np)
    t = tiles.shape[1]
    m2 = mp["sources"].shape[1]
    unc = real[None, :] & ~mp["covered"]
    return {
        "tiles": tiles.shape[0],
        "tile_size": t,
        "sources": int(mp["valid"].sum()) * m2 * t,
        "exact": int(unc.sum()) * t,
        "covered": float(mp["covered"][:, real].mean()),
        "max_selected": int(mp["selected"].max()),
        "brute": int(real.sum()) * points.shape[0],
    }
