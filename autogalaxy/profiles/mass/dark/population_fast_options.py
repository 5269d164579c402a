"""Options of the fast population path (population_fast): defaults, checks, leaf and chunk sizes.

Every choice here sets how the fast path organises its sums (rays per leaf, halos per kernel
call, which kernels it may use), never what it approximates beyond its stated bounds.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark import population_tiles as tl

DEFAULT_FAST_OPTIONS = {
    "nodes": 14,
    "eta": 1.5,
    "tile_size": None,
    # halos per chunk: leaves' exact lists; interaction lists at order n (coarser orders take
    # n^2 / m^2 times more); None: from the expected list lengths (chunk_sizes);
    # cluster_size: the leaves of the multipole path's halo tree
    "near_cluster_size": None,
    "far_cluster_size": None,
    "cluster_size": 16,
    # truncated NFW: pairs beyond far_radius / SERIES_THETA use the far series (cheaper kernel)
    "far_series": True,
    # truncated NFW with far_series: the leaves' closed-form near lists are re-drawn on this many
    # more levels of the k-d split (sub-leaves), taking the series where it is valid there;
    # None: SPLIT_LEVELS where the leaves' expected near lists are long (near_split_for)
    "near_split": None,
    # truncated NFW with far_series: True, the pairs take the terms of their theta class
    # (population_far_series.FAST_CLASSES); False, the single 18-term class at theta 0.3;
    # None: True where the leaves' expected near lists are long (series_classes_for)
    "series_classes": None,
    # source-side far field (population_multipole; truncated NFW only)
    "multipole": False,
    "multipole_nodes": 10,
    "multipole_theta": 0.3,
    "multipole_select": 256,
    "multipole_tile_size": 64,
}
# Automatic leaf size: this multiple of n^2 rays (then the nearest power-of-two split). A leaf's
# exact pairs cost ~A_near T per halo, one more level of lists ~A_near n^2: T ~ n^2 balances the
# evaluations, but XLA:CPU's ~0.1 ms per kernel call (measured: 16 halos x 196 nodes cost 89 ns
# per evaluation, 64 x 196 cost 45) favours the longer lists of larger leaves. Measured on 5,130
# pyHalo-like halos on 400 x 400 rays, interleaved: leaves of 625 rays 2.96 s CPU, of 312 3.65 s.
TILE_SIZE_FACTOR = 3.0
# Automatic chunks: a quarter of the expected list length, clipped to [lo, CHUNK_MAX]. A chunk
# is one kernel call over (chunk, rays or nodes) with a fixed cost per call, and up to chunk - 1
# of its halos are wasted per list, so long lists want long chunks. Measured (session 10, pyHalo-
# like halos, jit, best of 3, same process), against the former fixed (32, 64):
# 1e5 halos on 100^2 rays 5.84 -> 4.3 s; 1e4 on 100^2 0.60 -> 0.47 s; 1e3 on 100^2 and 5,130 or
# 1e4 on 400^2 unchanged (their lists are short: chunks of 256 far halos there made 5,130 on
# 400^2 1.06 -> 1.39 s, hence the expected-length rule).
CHUNK_MAX = 256
NEAR_CHUNK_MIN, FAR_CHUNK_MIN = 32, 64


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
    _positive_int(out, "cluster_size", 1)
    for name in ("far_cluster_size", "near_cluster_size"):
        if out[name] is not None:
            _positive_int(out, name, 1)
    _positive_int(out, "multipole_nodes", 2)
    _positive_int(out, "multipole_select", 1)
    _positive_int(out, "multipole_tile_size", 1)
    if out["near_split"] is not None:
        _positive_int(out, "near_split", 0)
    if out["series_classes"] is not None and not isinstance(out["series_classes"], bool):
        raise ValueError(
            f"series_classes must be None, True or False; got {out['series_classes']!r}"
        )
    for name in ("multipole", "far_series"):
        if not isinstance(out[name], bool):
            raise ValueError(f"{name} must be True or False; got {out[name]!r}")
    if not (0.0 < out["multipole_theta"] < 1.0):
        raise ValueError(f"multipole_theta must be in (0, 1); got {out['multipole_theta']!r}")
    if out["tile_size"] is not None:
        _positive_int(out, "tile_size", 1)
    if not (np.isfinite(out["eta"]) and out["eta"] > 0):
        raise ValueError(f"eta must be finite and > 0; got {out['eta']!r}")
    return out


def uses_series(profile, options):
    """Whether far pairs of this profile may use the far series (truncated NFW, option on; fast_sum
    also requires float64)."""
    return bool(options["far_series"]) and profile == "nfw_truncated"


def uses_multipole(profile, options):
    """Whether the source-side far field (population_multipole) is on for this profile."""
    return bool(options["multipole"]) and profile == "nfw_truncated"


def tile_size_for(n_points, options):
    """Rays per leaf T from the options, or TILE_SIZE_FACTOR n^2."""
    if options["tile_size"] is not None:
        return int(options["tile_size"])
    n = int(options["nodes"])
    return int(round(TILE_SIZE_FACTOR * n * n))


def _clipped_power_of_two(value, lo):
    return int(min(CHUNK_MAX, max(lo, 2 ** round(math.log2(max(value, 1.0))))))


def expected_near_list(n_halos, n_leaves, options):
    """Halos in a leaf's near list for halos spread evenly over the leaves: near_area(eta) N /
    leaves."""
    return tl.near_area(float(options["eta"])) * n_halos / n_leaves


def chunk_sizes(n_halos, n_leaves, n_orders, options):
    """(far_chunk, near_chunk): the options' cluster sizes, or for None a quarter of the list
    length expected for halos spread evenly over the rays' leaves (near lists ~
    near_area(eta) N / leaves, each order's far list ~ 3 near_area(eta) N / (leaves orders)),
    as a power of two in [lo, CHUNK_MAX] (module constants)."""
    expected_near = expected_near_list(n_halos, n_leaves, options)
    expected_far = 3.0 * expected_near / n_orders
    far, near = options["far_cluster_size"], options["near_cluster_size"]
    if far is None:
        far = _clipped_power_of_two(expected_far / 4.0, FAR_CHUNK_MIN)
    if near is None:
        near = _clipped_power_of_two(expected_near / 4.0, NEAR_CHUNK_MIN)
    return int(far), int(near)


def split_chunk(near_chunk, split):
    """Chunk of the sub-leaf lists (rows of T / 2^split rays): near_chunk 2^(split - 1) halos, so
    a kernel call covers half the pairs of a leaf's (XLA:CPU's fixed cost per call: 1e5 pyHalo-like
    halos on 100^2 at split 2 took 1.52 s with this, 1.56 s with near_chunk 2^(split - 2))."""
    return max(1, near_chunk * 2**split // 2)


# Automatic near_split: SPLIT_LEVELS when a leaf's expected near list (near_area(eta) N / leaves)
# has >= SPLIT_MIN_NEAR halos, else 0. Measured (session 12, jit, best of 3, split 0 / 2):
# 1e5 pyHalo-like halos on 100^2 (~29,000 per leaf) 1.45 / 1.29 s; 1e4 (~2,900) 0.189 / 0.186 s;
# 1e3 (~290) 0.033 / 0.041 s; 5,130 on 400^2 (~94) 0.744 / 0.799 s: short lists pay the extra
# sub-leaf calls and compaction.
SPLIT_LEVELS = 2
SPLIT_MIN_NEAR = 10_000


def near_split_for(n_halos, n_leaves, options):
    """Levels of the k-d split below the leaves for the near lists: the option, or for None
    SPLIT_LEVELS where the expected near list per leaf is >= SPLIT_MIN_NEAR halos, else 0."""
    if options["near_split"] is not None:
        return int(options["near_split"])
    long_lists = expected_near_list(n_halos, n_leaves, options) >= SPLIT_MIN_NEAR
    return SPLIT_LEVELS if long_lists else 0


# Automatic series_classes: all of FAST_CLASSES where a leaf's expected near list has >=
# SPLIT_MIN_NEAR halos, else the single class. Each class is one more list per box and leaf, which
# short lists pay in kernel calls. Measured (session 14, jit, best of 3, single / all classes):
# 1e5 pyHalo-like halos on 100^2 1.16-1.20 / 1.05-1.07 s; 1e4 on 100^2 0.17-0.19 s both; 1e3 on
# 100^2 0.032 / 0.035-0.037 s; 5,130 on 400^2 0.75-0.77 / 0.89-0.93 s (two classes: 0.83).
SINGLE_CLASS = ((0.3, 18),)


def series_classes_for(n_halos, n_leaves, options):
    """The far series' (theta, terms) classes: population_far_series.FAST_CLASSES for the option
    True, or for None where a leaf's expected near list is >= SPLIT_MIN_NEAR halos; else
    SINGLE_CLASS."""
    chosen = options["series_classes"]
    if chosen is None:
        chosen = expected_near_list(n_halos, n_leaves, options) >= SPLIT_MIN_NEAR
    return tuple(fs.FAST_CLASSES) if chosen else SINGLE_CLASS
