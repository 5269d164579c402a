"""Source-side far field of the fast path: halo clusters as Chebyshev equivalent sources.

Outside rho_j = max(r_s, r_t) a truncated NFW is a short sum of UNIVERSAL radial kernels with
per-halo coefficients (population_far_series: Delta |Delta|^-(2 + k), |Delta|^-(4 + n),
ln |Delta|, 1). A universal kernel K(z - zeta) is a smooth function of the source position zeta
away from z, so a cluster's sum over halos is interpolated in zeta on the cluster box's m x m
tensor Chebyshev nodes s (anterpolation, the source-side mirror of population_tiles):

    sum_j c_jk K_k(z - zeta_j) ~= sum_s W_sk K_k(z - s),    W_sk = sum_j c_jk L_s(zeta_j),

so a whole cluster costs m^2 equivalent sources at every ray, whatever its size. Clusters form a
binary tree (the fast plan's k-d order of halos: level l = runs of 2^l leaf clusters); parents'
W follow exactly from their children's (M2M: L_s of the parent is a polynomial of degree m - 1,
reproduced by the children's interpolation).

Acceptance of (tile t, cluster c), all under stop-gradient: (1) the Bernstein parameter of the
cluster box seen from the tile box's nearest point (population_tiles' test with the roles of
rays and halos swapped) is >= rho_min, so interpolating any kernel errs by <= ~2 rho_min^-m of
its size; (2) every halo in c that the cluster carries has rho_j <= theta d, d = the distance
between the boxes, so each series converges like theta^n (population_far_series.tail_bound).
Each (tile, halo) pair takes the COARSEST accepted cluster containing the halo (a cluster is used
for a tile iff accepted and no ancestor is); the used clusters of a tile, at most ``select`` of
them (overflow goes back to the per-halo path), are evaluated at its rays. Halos enter the
tree at the level where clusters are ~1 / theta wider than rho_j (entry levels), so a few
extended halos do not block their neighbours. What is not covered is left to population_fast's
per-halo far nodes and near field.
"""

import numpy as np

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark import population_tiles as tl
from autogalaxy.profiles.mass.dark.population_exact import scan
from autogalaxy.util.backend import ops

BIG = 1e30
SLOT_CHUNK = 32
ENTRY_STEP = 2  # halos join the tree every ENTRY_STEP levels (one P2M per entry level)
# a halo joins at the first entry level whose mean cluster width w has rho_j <= ENTRY_REACH theta w
# (accepted pairs sit >= ~1.3 w apart, so the reach test rarely binds there)
ENTRY_REACH = 2.0


def _boxes_up(y, x, real, n_leaves, levels, xp):
    """Per level l (leaves first): (centre (C_l, 2), half (C_l, 2), nonempty (C_l,))."""
    sg = ops(xp).stop_gradient
    y, x = sg(y), sg(x)
    lo_y = xp.min(xp.reshape(xp.where(real, y, BIG), (n_leaves, -1)), axis=1)
    hi_y = xp.max(xp.reshape(xp.where(real, y, -BIG), (n_leaves, -1)), axis=1)
    lo_x = xp.min(xp.reshape(xp.where(real, x, BIG), (n_leaves, -1)), axis=1)
    hi_x = xp.max(xp.reshape(xp.where(real, x, -BIG), (n_leaves, -1)), axis=1)
    out = []
    for level in range(levels + 1):
        if level:
            lo_y, lo_x = (xp.min(xp.reshape(v, (-1, 2)), axis=1) for v in (lo_y, lo_x))
            hi_y, hi_x = (xp.max(xp.reshape(v, (-1, 2)), axis=1) for v in (hi_y, hi_x))
        nonempty = lo_y <= hi_y
        lo = xp.stack([xp.where(nonempty, lo_y, 0.0), xp.where(nonempty, lo_x, 0.0)], -1)
        hi = xp.stack([xp.where(nonempty, hi_y, 0.0), xp.where(nonempty, hi_x, 0.0)], -1)
        centre = 0.5 * (lo + hi)
        floor = tl.HALF_WIDTH_FLOOR * (1.0 + xp.max(xp.abs(centre), axis=1, keepdims=True))
        out.append((centre, xp.maximum(0.5 * (hi - lo), floor), nonempty))
    return out


def _basis(values, centre, half, m, xp):
    """(..., m) Lagrange weights of ``values`` (..., ) in the box coordinate (1D)."""
    return tl.lagrange_basis((values - centre) / half, m, xp)


def _p2m(coefficients, weight, y, x, centre, half, m, xp):
    """(C, m, m, K) equivalent sources of weighted halos (sorted, C equal runs) on C boxes."""
    n_c = centre.shape[0]
    cy = xp.repeat(centre[:, 0], y.shape[0] // n_c)
    cx = xp.repeat(centre[:, 1], y.shape[0] // n_c)
    hy = xp.repeat(half[:, 0], y.shape[0] // n_c)
    hx = xp.repeat(half[:, 1], y.shape[0] // n_c)
    ly = _basis(y, cy, hy, m, xp) * weight[:, None]
    lx = _basis(x, cx, hx, m, xp)
    # (N, m^2) tensor weights, then one batched product per cluster: (m^2, j) @ (j, K); the
    # (N, m^2) intermediate is K / m times smaller than a (N, m K) one
    lyx = xp.reshape(ly[:, :, None] * lx[:, None, :], (n_c, -1, m * m))
    c = xp.reshape(coefficients, (n_c, -1, coefficients.shape[-1]))
    out = xp.einsum("cjq,cjk->cqk", lyx, c)
    return xp.reshape(out, (n_c, m, m, -1))


def _m2m(w_child, child_box, parent_box, m, xp):
    """(C / 2, m, m, K) parents' equivalent sources from their two children's (exact)."""
    t = xp.asarray(tl.chebyshev_points(m), dtype=w_child.dtype)
    (cc, ch), (pc, ph) = child_box, parent_box
    ny = cc[:, 0:1] + ch[:, 0:1] * t[None]  # (C, m) child node coordinates
    nx = cc[:, 1:2] + ch[:, 1:2] * t[None]
    pcy, pcx = xp.repeat(pc[:, 0], 2)[:, None], xp.repeat(pc[:, 1], 2)[:, None]
    phy, phx = xp.repeat(ph[:, 0], 2)[:, None], xp.repeat(ph[:, 1], 2)[:, None]
    ly = _basis(ny, pcy, phy, m, xp)  # (C, m child, m parent)
    lx = _basis(nx, pcx, phx, m, xp)
    moved = xp.einsum("cabk,cay,cbx->cyxk", w_child, ly, lx)
    return xp.sum(xp.reshape(moved, (-1, 2) + moved.shape[1:]), axis=1)


def _pair_tests(tile_centre, tile_half, box, reach, rho_min, theta, xp):
    """(G, C) acceptance: Bernstein rho of the cluster box from the tile box >= rho_min, and the
    largest carried rho_j (``reach``) <= theta times the box-to-box distance."""
    centre, half, nonempty = box
    gap_y = xp.abs(tile_centre[:, None, 0] - centre[None, :, 0]) - tile_half[:, None, 0]
    gap_x = xp.abs(tile_centre[:, None, 1] - centre[None, :, 1]) - tile_half[:, None, 1]
    hy, hx = half[None, :, 0], half[None, :, 1]
    a = xp.maximum(gap_y, 0.0) / hy
    b = xp.maximum(gap_x, 0.0) / hx
    rho_u = tl.bernstein_rho(a, (hx / hy) * xp.maximum(b - 1.0, 0.0), xp)
    rho_v = tl.bernstein_rho(b, (hy / hx) * xp.maximum(a - 1.0, 0.0), xp)
    dist = xp.sqrt(xp.maximum(gap_y - hy, 0.0) ** 2 + xp.maximum(gap_x - hx, 0.0) ** 2)
    return (
        (xp.minimum(rho_u, rho_v) >= rho_min)
        & (reach[None, :] <= theta * dist)
        & (reach[None, :] > 0.0)
        & nonempty[None, :]
    )


def multipole_plan(quantity, sorted_halos, real, n_leaves, tile_centre, tile_half, options, xp):
    """Equivalent sources, tile -> cluster selections and the (G, total) ``covered`` mask."""
    sg = ops(xp).stop_gradient
    m = int(options["multipole_nodes"])
    theta = float(options["multipole_theta"])
    rho_min = multipole_rho(options)
    select = int(options["multipole_select"])
    total = real.shape[0]
    levels = int(round(np.log2(n_leaves)))
    y, x = sorted_halos["centre_y"], sorted_halos["centre_x"]
    boxes = _boxes_up(y, x, real, n_leaves, levels, xp)
    reach_j = xp.where(real, sg(fs.far_radius(sorted_halos, xp)), BIG)

    coefficients = fs.far_coefficients(quantity, sorted_halos, xp)
    # entry level of each halo: the first of 0, ENTRY_STEP, ... whose mean cluster width w
    # admits it (rho_j <= theta w): wider halos join coarser clusters
    entries = list(range(0, levels + 1, ENTRY_STEP))
    entry = xp.full((total,), levels + 1, dtype=np.int32)
    for e in reversed(entries):
        half, nonempty = boxes[e][1], boxes[e][2]
        count = xp.maximum(xp.sum(nonempty), 1)
        width = 2.0 * xp.sum(xp.where(nonempty, xp.max(half, axis=1), 0.0)) / count
        entry = xp.where(reach_j <= ENTRY_REACH * theta * width, e, entry)
    entry = xp.where(real, entry, levels + 1)

    sources, nodes, accept = [], [], []
    w = None
    for level in range(levels + 1):
        centre, half, nonempty = boxes[level]
        if level:
            w = _m2m(w, boxes[level - 1][:2], (centre, half), m, xp)
        if level in entries:
            weight = (entry == level).astype(y.dtype)
            fresh = _p2m(coefficients, weight, y, x, centre, half, m, xp)
            w = fresh if w is None else w + fresh
        carried = entry <= level
        reach = xp.max(xp.reshape(xp.where(carried, reach_j, 0.0), (centre.shape[0], -1)), 1)
        accept.append(_pair_tests(tile_centre, tile_half, boxes[level], reach, rho_min, theta, xp))
        sources.append(xp.reshape(w, (centre.shape[0], m * m, -1)))
        nodes.append(tl.node_grid(centre, half, m, xp))

    # each (tile, halo) pair: the coarsest accepted ancestor; at most ``select`` per tile
    used, above = [None] * (levels + 1), xp.zeros_like(accept[levels])
    for level in range(levels, -1, -1):
        if level < levels:
            above = xp.repeat(above | accept[level + 1], 2, axis=1)
        used[level] = accept[level] & ~above
    flat = xp.concatenate(used[::-1], axis=1)  # coarsest first: ties keep the coarse ones
    chosen, index, valid = first_selected(flat, select, xp)

    # the level of each (tile, leaf)'s chosen ancestor (-1: none); a halo is covered iff it had
    # entered the tree by then
    level_of = None
    offset = 0
    for level in range(levels, -1, -1):
        count = used[level].shape[1]
        here = xp.where(chosen[:, offset : offset + count], level, -1).astype(np.int32)
        level_of = (
            here if level_of is None else xp.where(here >= 0, here, xp.repeat(level_of, 2, axis=1))
        )
        offset += count
    covered = xp.repeat(level_of, total // n_leaves, axis=1) >= entry[None, :]
    return {
        "covered": covered,
        "index": index,
        "valid": valid,
        "nodes": xp.concatenate(nodes[::-1], axis=0),
        "sources": xp.concatenate(sources[::-1], axis=0),
        "selected": xp.sum(flat, axis=1),
    }


def first_selected(flat, select, xp):
    """(chosen, index, valid) for a (G, C) boolean ``flat``: per row its first ``select`` True
    columns in column order (``chosen`` (G, C)), their column indices (``index`` (G, select),
    0 in unused slots) and which slots hold one (``valid``).

    A cumulative sum and one scatter, as population_lists.compact: on XLA:CPU the two stable
    argsorts this replaced took ~1.2 s of the 10^5-halo plan on 100 x 100 rays ((128, 32767)
    booleans; session 10)."""
    rows, n = flat.shape
    rank = xp.cumsum(flat, axis=1, dtype=np.int32) - 1
    chosen = flat & (rank < select)
    slot = xp.where(chosen, rank, select) + (select + 1) * xp.arange(rows, dtype=np.int32)[:, None]
    cols = xp.broadcast_to(xp.arange(n, dtype=np.int32)[None, :], (rows, n))
    out = tl.scatter_set(xp.zeros((rows * (select + 1),), dtype=np.int32), slot, cols, xp)
    index = xp.reshape(out, (rows, select + 1))[:, :select]
    count = xp.minimum(rank[:, -1] + 1, select) if n else xp.zeros(rows, dtype=np.int32)
    valid = xp.arange(select)[None, :] < count[:, None]
    return chosen, index, valid


def multipole_rho(options):
    """rho_min with rho_min^-m = rho_*^-n: the source-side pairs obey the per-halo bound."""
    rho_star = tl.rho_for_eta(float(options["eta"]))
    return rho_star ** (float(options["nodes"]) / float(options["multipole_nodes"]))


def multipole_field(quantity, mp, tiles, xp):
    """(G, T, c) sum of every tile's selected clusters' equivalent sources at its rays.

    The ``select`` slots of a tile are visited in chunks of SLOT_CHUNK, each skipped by ``cond``
    when it holds no selected cluster (the selection sorts the used ones first).
    """
    sources, nodes = mp["sources"], mp["nodes"]
    cond = ops(xp).cond
    c = 2 if quantity == "deflections" else 1
    n_slots = mp["index"].shape[1]
    chunk = min(SLOT_CHUNK, n_slots)
    n_chunks = -(-n_slots // chunk)
    pad = n_chunks * chunk - n_slots
    index, valid = mp["index"], mp["valid"]
    if pad:
        index = xp.concatenate([index, xp.zeros((index.shape[0], pad), dtype=index.dtype)], 1)
        valid = xp.concatenate([valid, xp.zeros((valid.shape[0], pad), dtype=bool)], 1)
    index = xp.reshape(index, (index.shape[0], n_chunks, chunk))
    valid = xp.reshape(valid, (valid.shape[0], n_chunks, chunk))

    def chunk_sum(rays, index, valid):
        w = sources[index] * valid[:, None, None].astype(sources.dtype)  # (S, m^2, K)
        pos = nodes[index]  # (S, m^2, 2)
        # unselected slots may sit on a ray: move them away (their weights are 0)
        on = valid[None, :, None]
        dy = xp.where(on, rays[:, None, None, 0] - pos[None, ..., 0], 1.0)
        dx = xp.where(on, rays[:, None, None, 1] - pos[None, ..., 1], 1.0)
        if quantity == "deflections":
            total = xp.sum(fs.complex_deflection(w[None], dy, dx, xp), axis=(1, 2))
            return xp.stack([xp.real(total), xp.imag(total)], axis=-1)
        return xp.sum(fs.radial_value(quantity, w[None], dy, dx, xp), axis=(1, 2))[:, None]

    def per_tile(_, t):
        rays = t["rays"]

        def step(total, ch):
            def run():
                return chunk_sum(rays, ch["index"], ch["valid"])

            def skip():
                return xp.zeros((rays.shape[0], c), dtype=rays.dtype)

            return total + cond(xp.any(ch["valid"]), run, skip), None

        zero = xp.zeros((rays.shape[0], c), dtype=rays.dtype)
        total, _ = scan(step, zero, {"index": t["index"], "valid": t["valid"]}, xp)
        return None, total

    _, out = scan(per_tile, None, {"rays": tiles, "index": index, "valid": valid}, xp)
    return out
