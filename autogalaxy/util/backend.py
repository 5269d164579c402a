"""The one place that tells NumPy from JAX.

Physics modules take ``xp`` (``numpy`` or ``jax.numpy``) and never test which one it is; the few
primitives that differ between the two libraries (special functions, loops, conditionals,
gradient stops) come from :func:`ops`, and the question "is this value a JAX array or tracer?"
is answered by :func:`is_jax` / :func:`is_traced` / :func:`xp_from`. Nothing here imports jax
unless jax is already imported or a JAX namespace is asked for.
"""

import math
import sys
from types import SimpleNamespace

import numpy as np
import scipy.special

__all__ = ["is_jax", "is_traced", "xp_from", "ops"]


def is_jax(value) -> bool:
    """True for a JAX array or tracer, or a list/tuple holding one (never imports jax)."""
    if isinstance(value, (list, tuple)):
        return any(is_jax(v) for v in value)
    jax = sys.modules.get("jax")
    return jax is not None and isinstance(value, jax.Array)


def is_traced(*values) -> bool:
    """True when any value (or list/tuple element) is a JAX tracer (never imports jax)."""
    jax = sys.modules.get("jax")
    if jax is None:
        return False
    for value in values:
        if isinstance(value, (list, tuple)):
            if is_traced(*value):
                return True
        elif isinstance(value, jax.core.Tracer):
            return True
    return False


def xp_from(*values):
    """``jax.numpy`` if any of ``values`` is a JAX array or tracer, else ``numpy``.

    Python and NumPy numbers of any dtype, 0-d arrays and nested tuples of them go to NumPy; this
    is how classes built from parameters compute their derived parameters on the backend the
    caller is using, inside or outside ``jax.jit``.
    """
    if any(is_jax(v) for v in values):
        import jax.numpy as jnp

        return jnp
    return np


def _python_fori_loop(lower, upper, body, value):
    for i in range(lower, upper):
        value = body(i, value)
    return value


def _python_cond(predicate, true_fn, false_fn):
    return true_fn() if predicate else false_fn()


def _numpy_list_ranks(key, n_lists):
    """NumPy list_ranks: one cumulative sum per list."""
    rank = np.zeros(key.shape, dtype=np.int32)
    counts = []
    for j in range(n_lists):
        member = key == j
        running = np.cumsum(member, axis=1, dtype=np.int32)
        rank = np.where(member, running - 1, rank)
        counts.append(running[:, -1] if key.shape[1] else np.zeros(key.shape[0], np.int32))
    return rank, np.stack(counts).reshape(n_lists, key.shape[0])


def _jax_list_ranks(key, n_lists):
    """JAX list_ranks: one scan over the columns carrying every (row, list) count. XLA:CPU's
    cumsum costs ~4 ns per element and list (8 lists over 31 x 1e5 keys: 66 ms); this scan
    ~15 ms, whatever the number of lists."""
    import jax
    import jax.numpy as jnp

    rows = key.shape[0]
    spare = jnp.where((key >= 0) & (key < n_lists), key, n_lists).astype(np.int32)
    base = jnp.arange(rows, dtype=np.int32) * (n_lists + 1)

    def step(counts, column):
        at = base + column
        return counts.at[at].add(1, unique_indices=True), counts[at]

    counts, rank = jax.lax.scan(step, jnp.zeros(rows * (n_lists + 1), np.int32), spare.T)
    return rank.T, counts.reshape(rows, n_lists + 1)[:, :n_lists].T


def _numpy_ops():
    return SimpleNamespace(
        log=np.log,
        log1p=np.log1p,
        arctan=np.arctan,
        gammainc=scipy.special.gammainc,
        erfc=scipy.special.erfc,
        stop_gradient=lambda x: x,
        fori_loop=_python_fori_loop,
        cond=_python_cond,
        elementwise_with_derivative=lambda value, derivative: value,
        elementwise_with_partials=lambda value, partials: value,
        elementwise_with_rule=lambda value, value_and_partials: value,
        jvp=_numpy_jvp,
        materialize=lambda fn, like: fn(),
        pixel_chunks=lambda fn, arrays, chunk=PIXEL_CHUNK: fn(*arrays),
        list_ranks=_numpy_list_ranks,
        dynamic_slice=lambda a, start, size: a[int(start) : int(start) + size],
    )


def _jax_ops():
    import jax
    import jax.scipy.special as jsp

    from autogalaxy.util import fast_math

    return SimpleNamespace(
        # float64 forms written in jnp, 3-10x faster than XLA:CPU's (fast_math's docstring)
        log=fast_math.jax_log,
        log1p=fast_math.jax_log1p,
        arctan=fast_math.jax_arctan,
        gammainc=jsp.gammainc,
        erfc=jsp.erfc,
        stop_gradient=jax.lax.stop_gradient,
        # one traced body: compiles ~2x faster than an unrolled Python loop, same run time
        fori_loop=jax.lax.fori_loop,
        cond=_checkpointed_cond,
        elementwise_with_derivative=_custom_jvp_elementwise,
        elementwise_with_partials=_custom_jvp_partials,
        elementwise_with_rule=_custom_jvp_rule,
        jvp=jax.jvp,
        materialize=_materialize,
        pixel_chunks=_pixel_chunks,
        list_ranks=_jax_list_ranks,
        dynamic_slice=jax.lax.dynamic_slice_in_dim,
    )


def _numpy_jvp(fn, primals, tangents):
    raise NotImplementedError(
        "forward-mode derivatives (ops(xp).jvp) need xp = jax.numpy; custom-JVP rules call it "
        "only on the JAX path"
    )


def _materialize(fn, like):
    """``fn()``, its outputs kept as buffers: computed behind a conditional whose two branches
    are both ``fn`` (on a traced predicate read from ``like``, any traced array).

    Why: XLA:CPU duplicates a cheap-looking producer into each of its consumers. When a custom
    JVP's partials are read by several cotangent terms (e.g. d/dx by both centre components), it
    recomputes them, gathers included, once per reader. A conditional's outputs cannot be fused
    into their readers. Measured on KaplinghatCoredNFWSph jit(grad) 400 x 400 (CPU time over the
    forward pass): 7x without it, 2.3x with it, and 5.4x with ``lax.optimization_barrier``
    instead (interleaved in one process; gradients identical to 3e-14).
    """
    import jax

    flat = jax.numpy.ravel(like)[0]
    return _checkpointed_cond(flat == flat, fn, fn)


# Pixels per chunk of ``pixel_chunks``: 4096 float64 (32 KiB per array) keep a kernel's ~20
# intermediate arrays in the core's L2 cache; 2048-16384 measured within 5% of each other.
PIXEL_CHUNK = 4096
# Smaller arrays are evaluated directly: at 100 x 100 (80 KB arrays, in cache anyway) chunking
# left cNFW's forward pass unchanged and made its jit(grad) 2.8x slower.
CHUNKED_ABOVE = 32768


def _pixel_chunks(fn, arrays, chunk=PIXEL_CHUNK):
    """``fn(*arrays)`` for elementwise ``fn`` of equal-shape arrays, evaluated ``chunk`` elements
    at a time by ``lax.map`` under tracing (directly for small or concrete arrays).

    Why: XLA:CPU cuts a kernel at every shared division, square root or transcendental into
    separate loops whose intermediates round-trip through memory. On 400 x 400 pixels those are
    1.3 MB arrays, and the cNFW deflection kernel's ~20 loops made it memory-bound (7.5 ms);
    over cache-sized chunks it took 4.6 ms, identical values to 1e-15. Concrete (eager) calls
    stay direct: lax.map would compile anew for every call's new closure.
    """
    import jax
    import jax.numpy as jnp

    shape = jnp.shape(arrays[0])
    size = math.prod(shape)
    if size <= CHUNKED_ABOVE or not is_traced(*arrays):
        return fn(*arrays)
    n_chunks = -(-size // chunk)
    pad = n_chunks * chunk - size

    def blocks(a):
        flat = jnp.ravel(jnp.broadcast_to(a, shape))
        if pad:  # repeats of the first element: a valid input whatever fn is
            flat = jnp.concatenate([flat, jnp.broadcast_to(flat[:1], (pad,))])
        return flat.reshape(n_chunks, chunk)

    def unblock(o):
        return o.reshape(-1)[:size].reshape(shape)

    # XLA:CPU writes each output of a loop from its own fused loop, re-evaluating or
    # materialising what they share; pairs of real outputs therefore leave the loop as one
    # complex array (cNFW's two partials over 400 x 400 pixels: 7.4 ms as two real outputs, 4.9
    # ms as one complex one). ``count`` records the tuple's length while tracing.
    count = []

    def body(xs):
        out = fn(*xs)
        if not isinstance(out, tuple):
            return out
        count.append(len(out))
        pairs = tuple(jax.lax.complex(a, b) for a, b in zip(out[0::2], out[1::2]))
        return pairs + out[2 * len(pairs) :]

    out = jax.lax.map(body, tuple(blocks(a) for a in arrays))
    if not count:
        return unblock(out)
    flat = []
    for i, o in enumerate(out):
        flat.extend((o.real, o.imag) if 2 * i + 1 < count[0] else (o,))
    return tuple(unblock(o) for o in flat)


def _custom_jvp_elementwise(value, derivative):
    """``value(x)`` (elementwise) whose JVP is ``derivative(x, value(x)) * dx`` (a custom_jvp).

    For kernels whose analytic derivative is cheaper than autodiff of their safe, branchy form:
    reverse mode then keeps only x and the value as residuals instead of every intermediate of
    every ``where`` branch.
    """
    import jax

    f = jax.custom_jvp(value)

    @f.defjvp
    def _jvp(primals, tangents):
        (x,), (dx,) = primals, tangents
        y = f(x)
        return y, derivative(x, y) * dx

    return f


def _custom_jvp_partials(value, partials):
    """``value(*args)`` (elementwise, broadcasting) whose JVP is ``sum_i p_i * d(arg_i)``.

    ``partials(*args, y)`` returns the tuple of partial derivatives ``p_i = dy/d(arg_i)`` at
    ``y = value(*args)``. Every argument that can carry a tangent must be passed explicitly:
    jax.custom_jvp does not differentiate through values the function closes over.
    """

    def value_and_partials(*args):
        y = value(*args)
        return y, partials(*args, y)

    return _custom_jvp_rule(value, value_and_partials)


def _custom_jvp_rule(value, value_and_partials):
    """``value(*args)`` (elementwise) whose JVP rule is ``value_and_partials(*args)`` -> (y,
    (p_i)), y = value(*args), p_i = dy/d(arg_i); the JVP is sum_i p_i d(arg_i).

    Unlike ``elementwise_with_partials`` the rule computes the value itself, so what the value
    and the partials share (a table lookup's row and position) is computed once under
    differentiation; plain evaluation still runs ``value`` alone. jit(grad) of the deflections
    on 400 x 400, interleaved against the former partials-only rule: KaplinghatCoredNFWSph
    19.2 -> 13.8 ms, YangSIDMSph 13.4 -> 9.7 ms (issue 12).
    """
    import jax

    f = jax.custom_jvp(value)

    @f.defjvp
    def _jvp(primals, tangents):
        y, partials = value_and_partials(*primals)
        terms = [p * d for p, d in zip(partials, tangents)]
        return y, jax.numpy.broadcast_to(sum(terms[1:], terms[0]), y.shape)

    return f


def _checkpointed_cond(predicate, true_fn, false_fn):
    """``lax.cond`` with each branch under ``jax.checkpoint``.

    Under reverse mode, lax.cond returns the residuals of BOTH branches (zeros for the one not
    taken), so a branch with large intermediates (cNFW's 10-node interpolation near f = 1 makes
    (N, 10) arrays) costs their full write even when it is not selected: cNFWSph's jit(grad) on
    100 x 100 took 17.5 ms against 1.4 ms forward. Checkpointed branches keep only their inputs and
    recompute the taken branch in the backward pass: 2.3 ms, identical values.

    A concrete predicate (eager calls, outside jit and transformations) takes the branch by a
    Python ``if``: lax.cond would trace and compile both branches anew on every eager call (the
    branch functions are new closures each time), which made an eager cNFWSph call take ~1 s
    after a 4 s first one, and YangSIDMSph's first 15 s.
    """
    import jax

    if not isinstance(predicate, jax.core.Tracer):
        return true_fn() if bool(predicate) else false_fn()
    return jax.lax.cond(predicate, jax.checkpoint(true_fn), jax.checkpoint(false_fn))


_LOADERS = {"numpy": _numpy_ops, "jax.numpy": _jax_ops}
_OPS: dict = {}


def ops(xp):
    """The primitives that differ between backends, for the namespace ``xp``.

    ``log``, ``log1p`` and ``arctan`` (NumPy's; on JAX float64, :mod:`autogalaxy.util.fast_math`'s
    forms, same accuracy class and 3-10x faster than XLA:CPU's, for the kernels' per-pixel calls),
    ``gammainc`` and ``erfc`` (scipy.special or jax.scipy.special), ``stop_gradient`` (identity
    on NumPy), ``fori_loop(lower, upper, body, value)`` (a Python loop on NumPy) and
    ``cond(predicate, true_fn, false_fn)`` (a Python ``if`` on NumPy; ``lax.cond`` on JAX, which
    evaluates only the selected branch at run time), ``elementwise_with_derivative`` /
    ``elementwise_with_partials`` / ``elementwise_with_rule`` (custom JVPs; identity on NumPy),
    ``jvp`` (``jax.jvp``; for custom-JVP rules, NumPy raises), ``materialize(fn, like)``
    (``fn()`` kept as buffers, not fused into its readers; ``fn()`` on NumPy) and
    ``pixel_chunks(fn, arrays)`` (elementwise ``fn(*arrays)`` over cache-sized chunks under
    tracing; ``fn(*arrays)`` on NumPy) and ``list_ranks(key, n_lists)`` (for an (R, N) integer
    key: each entry's rank among the entries of its row with the same key in 0..n_lists - 1,
    and the (n_lists, R) counts; entries of other keys get an unspecified rank) and
    ``dynamic_slice(a, start, size)`` (``a[start : start + size]`` along the first axis; on JAX
    ``lax.dynamic_slice_in_dim``, which clamps ``start`` so the slice fits: callers pad).
    """
    name = xp.__name__
    if name not in _OPS:
        if name not in _LOADERS:
            raise TypeError(f"xp must be numpy or jax.numpy; got {name!r}")
        _OPS[name] = _LOADERS[name]()
    return _OPS[name]
