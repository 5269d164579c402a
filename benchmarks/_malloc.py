"""The allocator setting the benchmarks run under: glibc's heap keeps 256 MiB of freed top pages.

Why: XLA:CPU allocates every buffer of a jitted call anew (with malloc) and frees it when the call
ends. On a glibc system the freed top of the heap is handed back to the kernel once it exceeds the
trim threshold, so the next call touches fresh pages again: minor page faults, ~0.5 us each.
Measured here (session 10): jit(grad) of the elliptical NFW on 400 x 400 pixels took 7.1 ms with
no page faults and 14.6 ms with 8,754 faults per call (alone in a process, the faults forced by
a fixed ``MALLOC_MMAP_THRESHOLD_``); inside this benchmark's process (after the other
competitors' calls) it runs in the faulting state: 15.3 ms and 8,751 faults per call by default,
7.3 ms and none with ``MALLOC_TOP_PAD_``. Every competitor in the process runs under the same
allocator (the floor kernel's gradient went 24.2 -> 11.6 ms in one pair of runs and stayed at
22.3-22.6 ms in another), so the setting changes no comparison's fairness; it removes a cost of
the operating system's allocator from all of them.
Users get the same with ``MALLOC_TOP_PAD_=268435456`` in their environment (docs/profiles_nfw.md).

``ensure_heap_pad(argv)`` re-executes the benchmark with the variable set unless it is already
set or ``--system-malloc`` is among the arguments (which is then removed), and returns the line
to print.
"""

import os
import sys

VARIABLE = "MALLOC_TOP_PAD_"
PAD_BYTES = 256 * 2**20
OPT_OUT = "--system-malloc"


def ensure_heap_pad(argv):
    """(argv without OPT_OUT, description); may replace the process (os.execve) to set the pad."""
    if OPT_OUT in argv:
        return [a for a in argv if a != OPT_OUT], "malloc: system default (--system-malloc)"
    if VARIABLE not in os.environ and sys.platform.startswith("linux"):
        env = dict(os.environ, **{VARIABLE: str(PAD_BYTES)})
        os.execve(sys.executable, [sys.executable] + list(argv), env)
    return argv, f"malloc: {VARIABLE}={os.environ.get(VARIABLE, 'unset')} (benchmarks/_malloc.py)"
