"""Ludlow16 c200c(M, z): our NumPy / jitted JAX paths against colossus 1.4.0, timed in one run.

Run: python benchmarks/bench_ludlow16.py. Prints a table (case, ours, colossus, colossus/ours);
it never asserts on time. Times are medians after warm-up (float64; JAX on CPU). colossus runs
in its default mode (interpolation tables), the mode users call; its distinct-redshift case needs
one call per redshift and is extrapolated from 200 calls. First-call and memory numbers come from
fresh subprocesses.
"""

import os
import subprocess
import sys
import textwrap
import time
import warnings

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import autogalaxy  # noqa: E402, F401  (float64 for JAX)
from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp  # noqa: E402


def median_time(func, repeats, warmup=3):
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def fmt(seconds):
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def run_fresh(code):
    """Run ``code`` in a fresh interpreter (repository on the path) and return its stdout."""
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return result.stdout


FIRST_CALL = """
    import time
    import jax, jax.numpy as jnp
    import autogalaxy
    from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp as c
    jnp.zeros(1).block_until_ready()  # start the JAX backend outside the timing
    f = jax.jit(lambda m, z: c(m, z, xp=jnp))
    m, z = {args}
    start = time.perf_counter()  # cosmology tables + trace + compile + run
    f(m, z).block_until_ready()
    print(time.perf_counter() - start)
"""

COLOSSUS_FIRST_CALL = """
    import time
    from colossus.cosmology import cosmology
    from colossus.halo import concentration
    start = time.perf_counter()  # cosmology tables + first call
    cosmology.setCosmology("planck15", persistence="")
    concentration.concentration(1e12, "200c", 0.5, model="ludlow16")
    print(time.perf_counter() - start)
"""

PEAK_MEMORY = """
    import threading, time, resource
    import numpy as np, jax, jax.numpy as jnp
    import autogalaxy
    from autogalaxy.profiles.mass.dark.ludlow16 import ludlow16_concentration_xp as c
    page = resource.getpagesize()

    def rss():
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * page

    rng = np.random.default_rng(0)
    m = jnp.asarray(10 ** rng.uniform(4, 16, 100_000))
    z = jnp.asarray(rng.uniform(0, 10, 100_000))
    f = jax.jit(lambda m, z: c(m, z, xp=jnp))
    f(m, z).block_until_ready()  # compile and warm up
    base, peak, running = rss(), [0], [True]

    def sample():
        while running[0]:
            peak[0] = max(peak[0], rss())
            time.sleep(0.0005)

    thread = threading.Thread(target=sample)
    thread.start()
    for _ in range(5):
        f(m, z).block_until_ready()
    running[0] = False
    thread.join()
    print(max(peak[0] - base, 0), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def main():
    from colossus.cosmology import cosmology
    from colossus.halo import concentration

    cosmology.setCosmology("planck15", persistence="")

    def colossus(m, z):
        return concentration.concentration(m, "200c", z, model="ludlow16")

    jitted = jax.jit(lambda m, z: ludlow16_concentration_xp(m, z, xp=jnp))
    rng = np.random.default_rng(0)
    masses_1k = 10 ** np.linspace(4.0, 16.0, 1000)
    masses_1e5 = 10 ** rng.uniform(4.0, 16.0, 100_000)
    redshifts_1e5 = rng.uniform(0.0, 10.0, 100_000)
    j_one = (jnp.asarray(1e12), jnp.asarray(0.5))
    j_1k = (jnp.asarray(masses_1k), jnp.asarray(0.5))
    j_1e5 = (jnp.asarray(masses_1e5), jnp.asarray(0.5))
    j_pairs = (jnp.asarray(masses_1e5), jnp.asarray(redshifts_1e5))

    rows = []

    def case(name, target, ours, theirs):
        rows.append((name, target, ours, theirs))

    t_col_one = median_time(lambda: colossus(1e12, 0.5), 200)
    case(
        "one (M, z), jitted JAX",
        "<= 20 us",
        median_time(lambda: jitted(*j_one).block_until_ready(), 2000),
        t_col_one,
    )
    case(
        "one (M, z), NumPy",
        "<= 100 us",
        median_time(lambda: ludlow16_concentration_xp(1e12, 0.5), 500),
        t_col_one,
    )
    case(
        "1000 masses, one z, jitted",
        "<= 0.5 ms",
        median_time(lambda: jitted(*j_1k).block_until_ready(), 300),
        median_time(lambda: colossus(masses_1k, 0.5), 30),
    )
    case(
        "1000 masses, one z, NumPy",
        "-",
        median_time(lambda: ludlow16_concentration_xp(masses_1k, 0.5), 100),
        None,
    )
    case(
        "1e5 masses, one z, jitted",
        "<= 30 ms",
        median_time(lambda: jitted(*j_1e5).block_until_ready(), 20),
        median_time(lambda: colossus(masses_1e5, 0.5), 3, warmup=1),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        per_call = median_time(
            lambda: [colossus(m, z) for m, z in zip(masses_1e5[:200], redshifts_1e5[:200])],
            3,
            warmup=1,
        )
    case(
        "1e5 (M, z) pairs, distinct z, jitted",
        "<= 100 ms",
        median_time(lambda: jitted(*j_pairs).block_until_ready(), 10),
        per_call / 200 * 100_000,
    )
    smooth = jax.jit(lambda m, z: ludlow16_concentration_xp(m, z, xp=jnp, solver="smooth"))
    case(
        "1e5 pairs, smooth solver, jitted",
        "-",
        median_time(lambda: smooth(*j_pairs).block_until_ready(), 5, warmup=1),
        None,
    )

    first_one = min(float(run_fresh(FIRST_CALL.format(args="1e12, 0.5"))) for _ in range(2))
    first_pairs = min(
        float(
            run_fresh(
                FIRST_CALL.format(args="jnp.full(100_000, 1e12), jnp.linspace(0.0, 10.0, 100_000)")
            )
        )
        for _ in range(2)
    )
    first_colossus = float(run_fresh(COLOSSUS_FIRST_CALL))
    case("first call, one (M, z) (tables+trace+compile)", "<= 1 s", first_one, first_colossus)
    case("first call, 1e5 pairs (tables+trace+compile)", "<= 1 s", first_pairs, None)
    peak, max_rss = (int(v) for v in run_fresh(PEAK_MEMORY).split())

    print(f"Ludlow16 c200c benchmark: jax {jax.__version__}, {os.cpu_count()} CPU cores, float64")
    header = f"{'case':<48} {'target':>10} {'ours':>10} {'colossus':>10} {'colossus/ours':>14}"
    print(header)
    print("-" * len(header))
    for name, target, ours, theirs in rows:
        ratio = f"{theirs / ours:.1f}x" if theirs else "-"
        print(f"{name:<48} {target:>10} {fmt(ours):>10} {fmt(theirs):>10} {ratio:>14}")
    print(
        f"{'1e5 pairs: peak memory during the call':<48} {'<= 0.5 GiB':>10} "
        f"{peak / 2**20:>7.0f} MiB (process peak RSS {max_rss / 2**30:.2f} GiB)"
    )
    print("colossus's distinct-redshift time is extrapolated from 200 single-redshift calls.")


if __name__ == "__main__":
    main()
