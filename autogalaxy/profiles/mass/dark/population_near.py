"""Near field of the fast population path: exact sums, refined once inside each tile.

For every tile, the halos that are NEAR it (population_tiles.pair_rho < rho_*) are handled block
by block (a block = one tile x one cluster of ~C halos, evaluated only if one of its halos is
near). Inside a block each of the tile's S = 2^refine sub-tiles (the next k-d levels of the same
split, so a tile's rays are its sub-tiles' rays in order) takes the block's near halos in one of
two ways:

* still near the sub-tile: exact kernels at the sub-tile's rays;
* far from the sub-tile: exact kernels at the sub-tile's n x n Chebyshev nodes (these pairs lie
  close to rho_*, so the coarser orders of the far path would rarely apply), summed over blocks
  and interpolated to the sub-tile's rays once per tile.

So a near halo costs ~ (sub-tiles it is near) x T / S + (the others) x n^2 evaluations instead of
T, with the far path's error bound. The loops are sequential (``fori_loop`` over blocks, a
``scan`` over sub-tiles) with ``cond`` per block, because under vmap a cond becomes a select that
evaluates both branches; the branches are checkpointed and return only their contributions
(never the running sums), so reverse mode keeps just each block's inputs.
"""

from autogalaxy.profiles.mass.dark import population_kernels as pk
from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population_exact import scan
from autogalaxy.util.backend import ops


def with_components(a, quantity):
    """(..., c) view of a kernel sum: deflections already end in 2, scalars get a unit axis."""
    return a if quantity == "deflections" else a[..., None]


def order_parts(profile, quantity, halos, node_sets, weights, active, xp):
    """Node sums of one block at each order: tuple of (m, m, c), m = sqrt(len(node_sets[j])).

    ``node_sets[j]``: (1, m^2, 2) nodes; ``weights[j]``: (C,) which halos use order j;
    ``active[j]``: whether any does (the order is skipped by ``cond`` otherwise). One compiled
    copy of the kernel per order; each halo's order is its own (population_tiles.level_of), so
    the result does not depend on how halos are grouped into blocks.
    """
    cond = ops(xp).cond
    c = pk.n_components(quantity)
    parts = []
    for nodes, w, on in zip(node_sets, weights, active):
        m = int(round(nodes.shape[1] ** 0.5))

        def evaluate(nodes=nodes, w=w, m=m):
            out = pk.block_sum(profile, quantity, halos, nodes, weights=w[:, None], xp=xp)
            return xp.reshape(with_components(out[0], quantity), (m, m, c))

        def zeros(m=m, dtype=nodes.dtype):
            return xp.zeros((m, m, c), dtype=dtype)

        parts.append(cond(on, evaluate, zeros))
    return tuple(parts)


def lift_to(n, sums, orders, xp):
    """sum over orders of the order-m node sums re-sampled at the n x n nodes (exact, m <= n)."""
    total = 0.0
    for m, s in zip(orders, sums):
        r = xp.asarray(tl.restriction(m, n), dtype=s.dtype)
        total = total + xp.einsum("ik,klc,jl->ijc", r, s, r)
    return total


def near_field(profile, quantity, plan, n, xp):
    """(G, S, T / S, c) contributions of each tile's near halos (module docstring)."""
    cond = ops(xp).cond
    fori = ops(xp).fori_loop
    clusters = plan["clusters"]
    orders = plan["near_orders"]
    sub_rays = plan["sub_rays"]
    n_sub, per_sub = sub_rays.shape[1:3]
    n_clusters = plan["near_active"].shape[1]
    c = pk.n_components(quantity)
    dtype = sub_rays.dtype

    def zero_sums(lead=()):
        return tuple(xp.zeros(lead + (m, m, c), dtype=dtype) for m in orders)

    def per_tile(_, tile):
        node_sets = [tl.node_grid(tile["centre"], tile["half"], m, xp) for m in orders]

        def block(k, carry):
            halos = {name: value[k] for name, value in clusters.items()}

            def per_sub_tile(_, sub):
                def on_rays():
                    w = sub["exact"][:, None]
                    out = pk.block_sum(profile, quantity, halos, sub["rays"][None], w, xp=xp)
                    return with_components(out[0], quantity)

                def no_rays():
                    return xp.zeros((per_sub, c), dtype=dtype)

                exact = cond(sub["exact_on"], on_rays, no_rays)
                nodes = [sub[f"nodes{j}"][None] for j in range(len(orders))]
                parts = order_parts(
                    profile, quantity, halos, nodes, [sub["far"]], [sub["far_on"]], xp
                )
                return None, (exact, parts)

            def evaluate():
                sub_xs = {
                    "rays": tile["rays"],
                    "exact": tile["exact"][k],
                    "exact_on": tile["exact_on"][k],
                    "far": tile["far"][k],
                    "far_on": tile["far_on"][k],
                }
                for j, nodes in enumerate(node_sets):
                    sub_xs[f"nodes{j}"] = nodes
                _, out = scan(per_sub_tile, None, sub_xs, xp)
                return out

            def skip():
                return xp.zeros((n_sub, per_sub, c), dtype=dtype), zero_sums((n_sub,))

            exact, sums = cond(tile["active"][k], evaluate, skip)
            total_exact, total_sums = carry
            return total_exact + exact, tuple(a + b for a, b in zip(total_sums, sums))

        init = (xp.zeros((n_sub, per_sub, c), dtype=dtype), zero_sums((n_sub,)))
        exact, sums = fori(0, n_clusters, block, init)
        values = xp.stack([lift_to(n, tuple(s[j] for s in sums), orders, xp) for j in range(n_sub)])
        interpolated = tl.interpolate(values, tile["centre"], tile["half"], tile["rays"], xp)
        return None, exact + interpolated

    xs = {
        "rays": sub_rays,
        "centre": plan["sub_centre"],
        "half": plan["sub_half"],
        "active": plan["near_active"],
        "exact": plan["sub_exact"].astype(dtype),
        "exact_on": xp.any(plan["sub_exact"], axis=3),
        "far": plan["sub_far"].astype(dtype),
        "far_on": xp.any(plan["sub_far"], axis=3),
    }
    _, out = scan(per_tile, None, xs, xp)
    return out
