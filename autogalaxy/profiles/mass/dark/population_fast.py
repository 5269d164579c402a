"""The fast population path: a target-side Chebyshev treecode (tiles refined once near halos).

No approximation of any halo profile is made, so the method serves every spherical kernel of
:mod:`~autogalaxy.profiles.mass.dark.population_kernels` and every tau = r_t / r_s alike:

1. the rays are cut into G tiles of ~T rays, each of S = 2^refine sub-tiles, by a k-d split
   computed at run time (population_tiles.kd_order: traced, unsorted rays work; the reordering
   gathers are differentiable), padded by repeating the last ray;
2. a halo is FAR from a tile when the Bernstein-ellipse parameter rho of its centre (its field's
   nearest singularity) is >= rho_* = eta + sqrt(1 + eta^2) (population_tiles), else NEAR;
3. far halos: their EXACT kernels at the tile's Chebyshev nodes, interpolated to the tile's rays
   by the tensor Chebyshev interpolant. Each far pair takes the coarsest order m of
   population_tiles.node_levels (n, 8) with rho^-m <= rho_*^-n; halos are sorted by the same
   k-d split into far blocks of ~``far_cluster_size``, each (tile, block, order) is evaluated
   only if one of its pairs uses that order, and the order-8 sums are re-sampled exactly at the
   n x n nodes. Every choice is made per (tile, halo), so the result does not depend on how the
   halos are grouped (sharded runs equal single-device runs to rounding);
4. near halos: population_near, exact at the rays of the sub-tiles they are near, interpolated
   from the nodes of the others.

The (tile, block) loops are sequential with a ``cond`` per block (population_near
says why). Cost per halo: ~G m_avg^2 (far) + A_near T (near, less the refinement's saving), with
A_near = population_tiles.near_area(eta) tile areas; brute force costs P.

Error: each far pair's interpolation error is <= (1 + Lambda_n) 2 M rho^-m / (rho - 1) <= ~
K rho_*^-n with K ~ 2 measured (population_tiles; docs/halo_populations.md).

With fast_options ``multipole=True`` (truncated NFW only; off by default) fast_sum hands over
to population_multipole_sum: source-side far field (clusters of halos as Chebyshev equivalent
sources of their point-mass-plus-radial-series expansion), exact rest.

Gradients: tiles, node positions, masks and orders are under stop-gradient; node values, the
interpolation in the rays' coordinates and the exact blocks are differentiated as written, so
jax.grad gives the derivative of the fast approximation (as accurate as its values).
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import population_kernels as pk
from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population_exact import pad_halos, scan
from autogalaxy.profiles.mass.dark.population_multipole_sum import multipole_sum
from autogalaxy.profiles.mass.dark.population_near import lift_to, near_field, order_parts
from autogalaxy.util.backend import ops

DEFAULT_FAST_OPTIONS = {
    "nodes": 14,
    "eta": 1.5,
    "tile_size": None,
    "refine": 2,
    "cluster_size": 16,
    "far_cluster_size": 64,
    # source-side far field (population_multipole; truncated NFW only)
    "multipole": False,
    "multipole_nodes": 10,
    "multipole_theta": 0.3,
    "multipole_select": 256,
    "multipole_tile_size": 64,
}
# Automatic tile size: this multiple of n sqrt(P / A_near), the one-level optimum.
TILE_SIZE_FACTOR = 1.0


def _positive_int(options, name, minimum):
    value = options[name]
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")


def fast_options_from(options):
    """The fast path's options, defaults filled in; unknown names or bad values raise ValueError."""
    unknown = set(options) - set(DEFAULT_FAST_OPTIONS)
    if unknown:
        raise ValueError(
            f"unknown fast option(s) {sorted(unknown)}; allowed: {sorted(DEFAULT_FAST_OPTIONS)}"
        )
    out = dict(DEFAULT_FAST_OPTIONS, **options)
    _positive_int(out, "nodes", 2)
    _positive_int(out, "refine", 0)
    _positive_int(out, "cluster_size", 1)
    _positive_int(out, "far_cluster_size", 1)
    _positive_int(out, "multipole_nodes", 2)
    _positive_int(out, "multipole_select", 1)
    _positive_int(out, "multipole_tile_size", 1)
    if not isinstance(out["multipole"], bool):
        raise ValueError(f"multipole must be True or False; got {out['multipole']!r}")
    if not (0.0 < out["multipole_theta"] < 1.0):
        raise ValueError(f"multipole_theta must be in (0, 1); got {out['multipole_theta']!r}")
    if out["tile_size"] is not None:
        _positive_int(out, "tile_size", 1)
    if not (np.isfinite(out["eta"]) and out["eta"] > 0):
        raise ValueError(f"eta must be finite and > 0; got {out['eta']!r}")
    return out


def uses_multipole(profile, options):
    """Whether the source-side far field (population_multipole) is on for this profile."""
    return bool(options["multipole"]) and profile == "nfw_truncated"


def tile_size_for(n_points, options):
    """T from the options, or TILE_SIZE_FACTOR n sqrt(P / A_near), at least n^2."""
    if options["tile_size"] is not None:
        return int(options["tile_size"])
    n = int(options["nodes"])
    area = tl.near_area(float(options["eta"]))
    return max(n * n, int(round(TILE_SIZE_FACTOR * n * math.sqrt(n_points / area))))


def fast_plan(halos, points, options, xp=np):
    """Tiles and sub-tiles of rays, clusters of halos, masks and node orders (no kernel sums)."""
    n_points = points.shape[0]
    n_halos = halos["kappa_s"].shape[0]
    n = int(options["nodes"])
    orders = tl.node_levels(n)
    near_orders = (n,)  # the near sub-tile pairs are close to rho_*: one order, one kernel copy

    # tiles of rays, each cut into 2^refine sub-tiles (the next k-d levels); a sub-tile keeps
    # >= 2 n^2 rays, else its n^2 nodes would cost about as much as its rays
    levels = tl.levels_for(n_points, tile_size_for(n_points, options))
    per_tile_rays = math.ceil(n_points / 2**levels)
    room = (
        int(math.floor(math.log2(per_tile_rays / (2 * n * n)))) if per_tile_rays > 2 * n * n else 0
    )
    refine = min(int(options["refine"]), room)
    n_tiles, n_sub = 2**levels, 2**refine
    per_sub = math.ceil(n_points / (n_tiles * n_sub))
    padded = tl.pad_to(points, n_tiles * n_sub * per_sub, xp)
    perm = tl.kd_order(padded, levels + refine, xp)
    sub_rays = xp.reshape(padded[perm], (n_tiles, n_sub, per_sub, 2))
    tiles = xp.reshape(sub_rays, (n_tiles, n_sub * per_sub, 2))
    centre, half = tl.boxes(tiles, xp)
    sub_centre, sub_half = tl.boxes(xp.reshape(sub_rays, (-1, per_sub, 2)), xp)

    # clusters of halos: near blocks of ~C, far blocks of 2^k near blocks (the same k-d order)
    cluster_levels = tl.levels_for(n_halos, int(options["cluster_size"]))
    far_levels = min(cluster_levels, tl.levels_for(n_halos, int(options["far_cluster_size"])))
    n_clusters, n_far = 2**cluster_levels, 2**far_levels
    per_cluster = math.ceil(n_halos / n_clusters)
    total = n_clusters * per_cluster
    halo_yx = xp.stack([halos["centre_y"], halos["centre_x"]], axis=-1)
    order = tl.kd_order(tl.pad_to(halo_yx, total, xp), cluster_levels, xp)
    sorted_halos = {k: v[order] for k, v in pad_halos(halos, total, xp).items()}
    real = (order < n_halos)[None, :]
    hy, hx = sorted_halos["centre_y"], sorted_halos["centre_x"]

    # far / near per (tile, halo); per (sub-tile, halo) for the near ones
    rho_star = tl.rho_for_eta(float(options["eta"]))
    rho = tl.pair_rho(centre, half, hy, hx, xp)
    far = (rho >= rho_star) & real
    near = (rho < rho_star) & real
    sub_rho = xp.reshape(tl.pair_rho(sub_centre, sub_half, hy, hx, xp), (n_tiles, n_sub, total))
    sub_exact = near[:, None, :] & (sub_rho < rho_star)
    sub_far = near[:, None, :] & (sub_rho >= rho_star)

    def by_cluster(a, count):  # (G, S, N) -> (G, count, S, N / count)
        return xp.transpose(xp.reshape(a, (n_tiles, n_sub, count, -1)), (0, 2, 1, 3))

    # each far pair's own order: the coarsest m with rho^-m <= rho_*^-n (population_tiles)
    level = tl.level_of(xp.where(far, rho, rho_star), rho_star, n, orders, xp)
    far_by_order = xp.stack([far & (level == j) for j in range(len(orders))])
    far_by_order = xp.reshape(far_by_order, (len(orders), n_tiles, n_far, -1))
    return {
        "perm": perm,
        "tiles": tiles,
        "centre": centre,
        "half": half,
        "orders": orders,
        "near_orders": near_orders,
        "far": far_by_order,
        "far_clusters": {k: xp.reshape(v, (n_far, -1)) for k, v in sorted_halos.items()},
        "clusters": {k: xp.reshape(v, (n_clusters, per_cluster)) for k, v in sorted_halos.items()},
        "near_active": xp.any(xp.reshape(near, (n_tiles, n_clusters, per_cluster)), axis=2),
        "sub_rays": sub_rays,
        "sub_centre": xp.reshape(sub_centre, (n_tiles, n_sub, 2)),
        "sub_half": xp.reshape(sub_half, (n_tiles, n_sub, 2)),
        "sub_exact": by_cluster(sub_exact, n_clusters),
        "sub_far": by_cluster(sub_far, n_clusters),
    }


def _far_nodes(profile, quantity, plan, n, xp):
    """(G, n, n, c) far-halo sums at every tile's n x n nodes, each pair at its own order."""
    fori = ops(xp).fori_loop
    clusters = plan["far_clusters"]
    orders = plan["orders"]
    c = pk.n_components(quantity)
    dtype = plan["tiles"].dtype
    n_far = plan["far"].shape[2]

    def per_tile(_, tile):
        box = (tile["centre"][None], tile["half"][None])
        node_sets = [tl.node_grid(*box, m, xp) for m in orders]

        def block(k, sums):
            halos = {name: value[k] for name, value in clusters.items()}
            weights = [w[k] for w in tile["weights"]]
            active = [a[k] for a in tile["active"]]
            parts = order_parts(profile, quantity, halos, node_sets, weights, active, xp)
            return tuple(s + p for s, p in zip(sums, parts))

        zeros = tuple(xp.zeros((m, m, c), dtype=dtype) for m in orders)
        return None, lift_to(n, fori(0, n_far, block, zeros), orders, xp)

    far = plan["far"]
    xs = {
        "centre": plan["centre"],
        "half": plan["half"],
        "weights": tuple(far[j].astype(dtype) for j in range(len(orders))),
        "active": tuple(xp.any(far[j], axis=2) for j in range(len(orders))),
    }
    _, out = scan(per_tile, None, xs, xp)
    return out


def fast_cost(halos, points, options):
    """Pair evaluations of the fast path (NumPy, concrete input): a dict of counts.

    ``far_nodes``: what the far blocks evaluate (halos x order^2 nodes per active block);
    ``near_rays`` / ``near_nodes``: what the near blocks evaluate at sub-tile rays / nodes;
    ``brute``: N P; ``blocks``: loop iterations; plus tile and cluster sizes.
    """
    halos = {k: np.asarray(v, dtype=float) for k, v in halos.items()}
    plan = fast_plan(halos, np.asarray(points, dtype=float), options, np)
    n_tiles, n_sub, per_sub = plan["sub_rays"].shape[:3]
    n_clusters, per_cluster = plan["clusters"]["kappa_s"].shape
    n_far, per_far = plan["far_clusters"]["kappa_s"].shape
    far_nodes = sum(
        int(np.any(f, axis=2).sum()) * m * m for f, m in zip(plan["far"], plan["orders"])
    )
    n = int(options["nodes"])
    exact_on = np.any(plan["sub_exact"], axis=3)
    far_on = np.any(plan["sub_far"], axis=3)
    return {
        "tiles": n_tiles,
        "tile_size": n_sub * per_sub,
        "sub_tiles": n_sub,
        "cluster_size": per_cluster,
        "far_cluster_size": per_far,
        "far_nodes": far_nodes * per_far,
        "near_rays": int(exact_on.sum()) * per_cluster * per_sub,
        "near_nodes": int(far_on.sum()) * per_cluster * n * n,
        "blocks": n_tiles * (n_clusters + n_far),
        "brute": halos["kappa_s"].shape[0] * points.shape[0],
    }


def fast_sum(profile, quantity, halos, points, options, batch_size=None, xp=np):
    """The treecode approximation of sum_i f_i(points): (P,) or (P, 2) (deflections).

    ``halos``: dict of (N,) arrays (population_kernels.block_sum); ``points``: (P, 2) (y, x)
    [arcsec]; ``options``: fast_options_from(...). ``batch_size`` is unused (the options set the
    blocks); it is accepted for a uniform call.
    """
    if uses_multipole(profile, options):
        return multipole_sum(profile, quantity, halos, points, options, xp)
    n = int(options["nodes"])
    plan = fast_plan(halos, points, options, xp)
    tiles = plan["tiles"]
    at_nodes = _far_nodes(profile, quantity, plan, n, xp)
    far_part = tl.interpolate(at_nodes, plan["centre"], plan["half"], tiles, xp)
    near_part = xp.reshape(near_field(profile, quantity, plan, n, xp), far_part.shape)
    out = xp.reshape(far_part + near_part, (-1, far_part.shape[-1]))
    out = out[xp.argsort(plan["perm"])][: points.shape[0]]
    return out if quantity == "deflections" else out[:, 0]
