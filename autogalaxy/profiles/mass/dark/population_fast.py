"""The fast population path: a target-side Chebyshev treecode on a binary tree of ray boxes.

No approximation of any halo profile is made (beyond step 6's far series, exact to ~1e-8), so
the method serves every spherical kernel of
:mod:`~autogalaxy.profiles.mass.dark.population_kernels` and every tau = r_t / r_s alike:

1. the rays are cut by a k-d split (population_tiles.kd_order, computed at run time: traced,
   unsorted rays work; the reordering gathers are differentiable; padded by repeating the last
   ray) into 2^L leaves of ~T rays; level l of the split has 2^l boxes, each the union of its
   two children, box 0 at level 0 holding every ray;
2. a halo is FAR from a box when the Bernstein-ellipse parameter rho of its centre (its field's
   nearest singularity) is >= rho_* = eta + sqrt(1 + eta^2) (population_tiles), else NEAR;
3. each (box, halo) pair with the halo far from the box and near all of the box's ancestors
   (the box's interaction list) is evaluated EXACTLY at the box's n x n Chebyshev nodes, each
   pair at the coarsest order m of population_tiles.node_levels with rho^-m <= rho_*^-n (the
   order-m sums are re-sampled exactly at the n x n nodes);
4. downward pass: a box's node values are the sum of its own list's and its parent's
   interpolant at its nodes. The parent's interpolant is a tensor polynomial of degree n - 1,
   which the child's n x n interpolant reproduces exactly, so every ray gets, for every halo, the
   interpolant of the one box where that halo was taken (no error is added on the way down);
5. halos near every box down to a leaf: exact at the leaf's rays (population_near).
6. truncated NFW (option ``far_series``, float64): a pair in step 3 or 5 whose halo's
   far_radius is <= theta_c times its distance from the box takes the halo's far series with the
   terms of the first such theta class c (population_far_series.FAST_CLASSES where lists are
   long, else 18 terms to theta 0.3: series_classes_for; exact to its truncation, <= 1.13e-8 of
   the pair's leading term, measured <= 6e-11 for alpha and psi) in
   place of the closed form, from lists of their own. A leaf's near pairs that fail this test
   on the whole leaf are tested again on each of its 2^S sub-leaves (option ``near_split`` = S:
   the k-d split continued S levels below the leaves, without Chebyshev nodes; by default 2
   where a leaf's expected near list is long, else 0: near_split_for), so a small halo
   inside a leaf takes the closed form only on the sub-leaves around it. For 1e5 pyHalo-like
   halos on 100 x 100 rays, S = 2 cut the closed-form near pairs from 8.3e7 to 3.5e7 (fast_cost).

So each (halo, ray) pair is counted once: in the first box on the ray's path from the root that
the halo is far from, or exactly. Every choice is made per (box, halo), so the result does not
depend on how the halos are grouped (sharded runs equal single-device runs to rounding). The
lists are compacted (population_lists): no kernel is evaluated for a halo not selected (up to
chunk - 1 per list). Cost per halo: ~A_near m_avg^2 per level (its interaction lists, about
A_near = population_tiles.near_area(eta) boxes each) + A_near T (exact at leaves) instead of P.

Error: each pair's interpolation error is <= (1 + Lambda_n) 2 M rho^-m / (rho - 1) <= ~
K rho_*^-n with K ~ 2 measured (population_tiles; docs/halo_populations.md), as for a single
level of tiles: the tree changes which box a pair is interpolated on, not the bound. A series
pair (step 6) adds its truncation, <= 1.1e-8 of its leading term.

With fast_options ``multipole=True`` (truncated NFW only; off by default) fast_sum hands over
to population_multipole_sum: source-side far field (clusters of halos as Chebyshev equivalent
sources of their point-mass-plus-radial-series expansion), exact rest.

Gradients: boxes, node positions, lists and orders are under stop-gradient; node values, the
interpolations (down the tree and in the rays' coordinates) and the exact sums are
differentiated as written, so jax.grad gives the derivative of the fast approximation (as
accurate as its values).
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population_fast_options import (  # noqa: F401 (re-exported)
    DEFAULT_FAST_OPTIONS,
    chunk_sizes,
    expected_near_list,
    fast_options_from,
    near_split_for,
    series_classes_for,
    split_chunk,
    tile_size_for,
    uses_multipole,
    uses_series,
)
from autogalaxy.profiles.mass.dark.population_kernels import SERIES
from autogalaxy.profiles.mass.dark.population_lists import compact, evaluated
from autogalaxy.profiles.mass.dark.population_multipole_sum import multipole_sum
from autogalaxy.profiles.mass.dark.population_near import near_field
from autogalaxy.profiles.mass.dark.population_rows import rows_sum
from autogalaxy.profiles.mass.dark.population_sub_leaves import sparse_cap, sub_leaf_lists
from autogalaxy.util.backend import ops


def fast_plan(halos, points, options, xp=np, series=False):
    """The tree of ray boxes, every box's interaction lists per order and the leaves' exact lists.

    Lists are population_lists.compact's (lists, chunks), one row per box (``far``: all levels,
    level by level: box k of level l is row 2^l - 1 + k) or per near row (``near``: a leaf, or a
    sub-leaf of T / 2^S consecutive rays of a leaf with near_split S > 0). No kernel is evaluated
    here. ``far`` holds one list per order, closed form; ``near`` list 0 is closed form. With
    ``series``, series class c of ``classes`` (series_classes_for) adds far lists
    (1 + c) len(orders) + order and near list 1 + c; with S > 0 the pairs that take the series
    on the whole leaf are listed per leaf in ``leaf_series`` (list c), else it is None.
    """
    n_points = points.shape[0]
    n = int(options["nodes"])
    orders = tl.node_levels(n)
    leaf_level = tl.levels_for(n_points, tile_size_for(n_points, options))
    split = near_split_for(halos["kappa_s"].shape[0], 2**leaf_level, options)
    # the k-d split goes on `split` levels below the leaves (its first leaf_level levels are the
    # same): with the series, the leaves' closed-form lists are drawn per sub-leaf. The rays are
    # ordered so with or without the series (the same tree: far_series changes no box)
    per_leaf = math.ceil(n_points / 2 ** (leaf_level + split)) * 2**split
    padded = tl.pad_to(points, per_leaf * 2**leaf_level, xp)
    perm = tl.kd_order(padded, leaf_level + split, xp)
    split = split if series else 0
    rays = padded[perm]

    # boxes of every level; rho of every (box, halo) pair
    centres, halves = [], []
    for level in range(leaf_level + 1):
        c, h = tl.boxes(xp.reshape(rays, (2**level, -1, 2)), xp)
        centres.append(c)
        halves.append(h)
    centre, half = xp.concatenate(centres), xp.concatenate(halves)
    rho_star = tl.rho_for_eta(float(options["eta"]))
    rho = ops(xp).materialize(
        lambda: tl.pair_rho(centre, half, halos["centre_y"], halos["centre_x"], xp), centre
    )

    # interaction lists: far from the box and near all its ancestors (near_above)
    far, near_above = [], None
    for level in range(leaf_level + 1):
        r = rho[2**level - 1 : 2 ** (level + 1) - 1]
        if near_above is None:
            far.append(r >= rho_star)
            near_above = r < rho_star
        else:
            parent = xp.repeat(near_above, 2, axis=0)
            far.append(parent & (r >= rho_star))
            near_above = parent & (r < rho_star)
    far = xp.concatenate(far)
    level = tl.level_of(xp.where(far, rho, rho_star), rho_star, n, orders, xp)
    far_chunk, near_chunk = chunk_sizes(
        halos["kappa_s"].shape[0], 2**leaf_level, len(orders), options
    )
    chunks = [max(1, round(far_chunk * n * n / (m * m))) for m in orders]
    near_key = xp.where(near_above, 0, -1)
    classes = series_classes_for(halos["kappa_s"].shape[0], 2**leaf_level, options)
    n_classes = len(classes) if series else 0
    if series:
        # series class c of a pair: far list (1 + c) len(orders) + order, near list 1 + c
        cls = fs.series_class(halos, centre, half, xp, classes)
        level = xp.where(cls < n_classes, level + len(orders) * (1 + cls), level)
        leaf_cls = cls[-(2**leaf_level) :]
        near_key = xp.where(near_above, xp.where(leaf_cls < n_classes, 1 + leaf_cls, 0), -1)
        chunks = chunks * (1 + n_classes)
    leaf_series = None
    if not split:
        near = compact(near_key, [near_chunk] * (1 + n_classes), xp)
    else:
        # the leaves keep their series lists; their closed-form pairs (listed last) are re-drawn
        # per sub-leaf, the series taken where it is valid on the sub-leaf
        leaf_key = xp.where(near_key == 0, n_classes, near_key - 1)
        leaf_lists, leaf_chunks = compact(leaf_key, [near_chunk] * (1 + n_classes), xp)
        leaf_series = (leaf_lists, leaf_chunks[:n_classes])
        sub_centre, sub_half = tl.boxes(xp.reshape(rays, (2 ** (leaf_level + split), -1, 2)), xp)

        def sub_keys():
            sub_cls = fs.series_class(halos, sub_centre, sub_half, xp, classes)
            closed = xp.repeat(near_above & (leaf_cls == n_classes), 2**split, axis=0)
            return xp.where(closed, xp.where(sub_cls < n_classes, 1 + sub_cls, 0), -1)

        n_halos = halos["kappa_s"].shape[0]
        sub_chunk = split_chunk(near_chunk, split)
        cap = sparse_cap(expected_near_list(n_halos, 2**leaf_level, options), n_halos, sub_chunk)
        near = sub_leaf_lists(
            halos, leaf_lists, n_classes, sub_centre, sub_half, split, sub_chunk, classes, cap,
            lambda: ops(xp).materialize(sub_keys, centre), xp,
        )  # fmt: skip
    far_key = xp.where(far, level, len(chunks))
    return {
        "halos": dict(halos),
        "perm": perm,
        "leaves": xp.reshape(rays, (2**leaf_level, per_leaf, 2)),
        "centre": centre,
        "half": half,
        "orders": orders,
        "classes": classes if series else (),
        # one list per order (and kernel), chunks of ~far_chunk n^2 evaluations at every order
        "far": compact(far_key, chunks, xp),
        "near": near,
        "leaf_series": leaf_series,
    }


def lift_to(n, sums, orders, xp):
    """sum over orders of the order-m node sums re-sampled at the n x n nodes (exact, m <= n)."""
    total = 0.0
    for m, s in zip(orders, sums):
        r = xp.asarray(tl.restriction(m, n), dtype=s.dtype)
        total = total + xp.einsum("ik,...klc,jl->...ijc", r, s, r)
    return total


def box_nodes(profile, quantity, plan, n, xp, series=None):
    """(boxes, n, n, c) sums of every box's interaction lists at its n x n nodes (one scan).

    ``series``: population_far_series.class_series(...) (one halo dict per series class) when
    the plan has series lists (fast_plan(series=True))."""
    orders = plan["orders"]
    series = tuple(series or ())
    far, chunks = plan["far"]
    nodes = tuple(tl.node_grid(plan["centre"], plan["half"], m, xp) for m in orders)
    terms = []
    for j in range(len(orders)):
        terms.append((profile, quantity, 0, j, chunks[j], j))
        for c in range(len(series)):
            k = j + (1 + c) * len(orders)
            terms.append((SERIES, quantity, 1 + c, k, chunks[k], j))
    sums = rows_sum(terms, (plan["halos"],) + series, nodes, far, xp)
    boxes = plan["centre"].shape[0]
    sums = [xp.reshape(s, (boxes, m, m, s.shape[-1])) for s, m in zip(sums, orders)]
    return lift_to(n, sums, orders, xp)


def descend(values, centre, half, n_leaves, xp):
    """(leaves, n, n, c): every leaf's node values plus those passed down from its ancestors.

    Level by level, a child's node values gain its parent's interpolant at the child's nodes
    (exact for the parent's degree n - 1 polynomial, so nothing is approximated here).
    """
    n = values.shape[1]
    current = values[:1]
    level = 0
    while 2**level < n_leaves:
        level += 1
        rows = slice(2**level - 1, 2 ** (level + 1) - 1)
        child_nodes = tl.node_grid(centre[rows], half[rows], n, xp)
        parent = slice(2 ** (level - 1) - 1, 2**level - 1)
        pairs = xp.reshape(child_nodes, (2 ** (level - 1), 2 * n * n, 2))
        down = tl.interpolate(current, centre[parent], half[parent], pairs, xp)
        current = values[rows] + xp.reshape(down, (2**level, n, n, down.shape[-1]))
    return current


def fast_cost(halos, points, options, profile="nfw_truncated"):
    """Kernel evaluations of the fast path (NumPy, concrete input): a dict of counts.

    ``far_nodes``: what the interaction lists evaluate (listed halos, rounded up to whole chunks,
    x order^2 nodes); ``near_rays``: what the leaves' exact lists evaluate; ``series_nodes``,
    ``series_rays``: the parts of those two taken by the far series (uses_series); ``selected``:
    the counts without the rounding to chunks; ``brute``: N P; plus leaf and chunk sizes.
    """
    halos = {k: np.asarray(v, dtype=float) for k, v in halos.items()}
    series = uses_series(profile, options)
    plan = fast_plan(halos, np.asarray(points, dtype=float), options, np, series=series)
    n_leaves, per_leaf = plan["leaves"].shape[:2]
    far, far_chunks = plan["far"]
    near, near_chunks = plan["near"]
    n_orders = len(plan["orders"])
    orders = plan["orders"] * (len(far_chunks) // n_orders)
    nodes = [
        evaluated(far["count"][:, j], c) * m * m for j, (c, m) in enumerate(zip(far_chunks, orders))
    ]
    far_selected = sum(int(np.sum(far["count"][:, j])) * m * m for j, m in enumerate(orders))
    per_row = per_leaf * n_leaves // near["count"].shape[0]
    # (counts, chunk, rays per row): closed form first, then the series lists
    lists = [(near["count"][:, j], c, per_row) for j, c in enumerate(near_chunks)]
    if plan["leaf_series"] is not None:
        leaf, leaf_chunks = plan["leaf_series"]
        lists += [(leaf["count"][:, j], c, per_leaf) for j, c in enumerate(leaf_chunks)]
    rays = [evaluated(count, c) * k for count, c, k in lists]
    return {
        "leaves": n_leaves,
        "tile_size": per_leaf,
        "near_cluster_size": near_chunks[0] if plan["leaf_series"] is None else leaf_chunks[0],
        "far_cluster_size": far_chunks[0],
        "far_nodes": sum(nodes),
        "near_rays": sum(rays),
        "series_nodes": sum(nodes[n_orders:]),
        "series_rays": sum(rays[1:]),
        "selected": far_selected + sum(int(np.sum(count)) * k for count, _, k in lists),
        "brute": halos["kappa_s"].shape[0] * points.shape[0],
    }


def fast_sum(profile, quantity, halos, points, options, batch_size=None, xp=np):
    """The treecode approximation of sum_i f_i(points): (P,) or (P, 2) (deflections).

    ``halos``: dict of (N,) arrays (population_kernels.block_sum); ``points``: (P, 2) (y, x)
    [arcsec]; ``options``: fast_options_from(...). ``batch_size`` is unused (the options set the
    chunks); it is accepted for a uniform call.
    """
    if uses_multipole(profile, options):
        return multipole_sum(profile, quantity, halos, points, options, xp)
    n = int(options["nodes"])
    # float64 only: in float32 the series' high powers of tau (beta_n ~ tau^n) overflow
    use_series = uses_series(profile, options) and points.dtype == np.float64
    plan = fast_plan(halos, points, options, xp, series=use_series)
    series = fs.class_series(quantity, halos, xp, plan["classes"]) if use_series else None
    leaves = plan["leaves"]
    values = box_nodes(profile, quantity, plan, n, xp, series)
    at_leaves = descend(values, plan["centre"], plan["half"], leaves.shape[0], xp)
    first = leaves.shape[0] - 1  # rows of the leaf level
    far_part = tl.interpolate(at_leaves, plan["centre"][first:], plan["half"][first:], leaves, xp)
    out = far_part + near_field(profile, quantity, plan, xp, series)
    out = xp.reshape(out, (-1, out.shape[-1]))[xp.argsort(plan["perm"])][: points.shape[0]]
    return out if quantity == "deflections" else out[:, 0]
