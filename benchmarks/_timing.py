"""Shared timing helper for the benchmark scripts (prints, never asserts)."""

import time

import numpy as np


def best_time(fn, *args, repeat=7, number=None, block=None):
    """Best per-call wall time [s] of ``fn(*args)`` over ``repeat`` rounds (after one warm-up).

    ``block`` (e.g. ``jax.block_until_ready``) is applied to each result so that asynchronous
    dispatch is included in the time.
    """
    block = block or (lambda x: x)
    block(fn(*args))
    if number is None:
        t0 = time.perf_counter()
        block(fn(*args))
        single = max(time.perf_counter() - t0, 1e-7)
        number = int(np.clip(0.2 / single, 1, 10_000))
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            block(fn(*args))
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def print_table(title, rows, headers=("case", "ours", "reference", "ratio")):
    """Print rows of (case, ours [s], reference [s] or None, note)."""
    print(f"\n{title}")
    print(f"{headers[0]:<48s} {headers[1]:>12s} {headers[2]:>12s} {headers[3]:>8s}")
    for case, ours, ref in rows:
        ref_txt = f"{ref * 1e3:10.3f} ms" if ref is not None else f"{'-':>13s}"
        ratio = f"{ref / ours:7.1f}x" if ref is not None else f"{'-':>8s}"
        print(f"{case:<48s} {ours * 1e3:9.3f} ms {ref_txt} {ratio}")
