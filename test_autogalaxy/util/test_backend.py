"""The backend primitives whose JAX and NumPy forms differ (autogalaxy/util/backend.py)."""

import jax
import jax.numpy as jnp
import numpy as np

import autogalaxy  # noqa: F401  (float64)
from autogalaxy.util.backend import ops


def _value(x, t):
    return jnp.sin(x) * t**2 + x * t


def _partials(x, t, y):
    return jnp.cos(x) * t**2 + t, 2 * jnp.sin(x) * t + x


def test_elementwise_with_partials_gives_the_supplied_derivative_in_every_argument():
    f = ops(jnp).elementwise_with_partials(_value, _partials)
    x = jnp.linspace(-1.0, 2.0, 7)
    np.testing.assert_allclose(f(x, 1.3), _value(x, 1.3), rtol=0, atol=0)
    for argnum in (0, 1):
        ours = jax.grad(lambda *a: f(*a).sum(), argnums=argnum)(x, 1.3)
        autodiff = jax.grad(lambda *a: _value(*a).sum(), argnums=argnum)(x, 1.3)
        np.testing.assert_allclose(ours, autodiff, rtol=1e-14, atol=0)
    # forward mode with a scalar argument broadcast against the array one
    np.testing.assert_allclose(
        jax.jacfwd(lambda t: f(x, t))(1.3), jax.jacfwd(lambda t: _value(x, t))(1.3), rtol=1e-14
    )


def test_elementwise_with_partials_is_the_plain_function_on_numpy():
    f = ops(np).elementwise_with_partials(np.hypot, None)
    assert f is np.hypot


def test_materialize_returns_fn_value_and_its_gradient_also_for_a_nan_reference():
    x = jnp.linspace(-1.0, 2.0, 7)

    def loss(t, like):
        a, b = ops(jnp).materialize(lambda: (jnp.sin(x) * t, jnp.cos(x) * t**2), like)
        return jnp.sum(a * b)

    def plain(t):
        return jnp.sum(jnp.sin(x) * jnp.cos(x) * t**3)

    # the reference array only feeds the predicate: NaN in it takes the other (same) branch
    for like in (x, jnp.full(3, jnp.nan)):
        np.testing.assert_allclose(jax.jit(loss)(1.3, like), plain(1.3), rtol=1e-15)
        np.testing.assert_allclose(jax.grad(loss)(1.3, like), jax.grad(plain)(1.3), rtol=1e-14)
    assert ops(np).materialize(lambda: 4.0, None) == 4.0


def test_jvp_is_jax_jvp_on_jax_and_refuses_on_numpy():
    value, tangent = ops(jnp).jvp(jnp.sin, (0.3,), (1.0,))
    np.testing.assert_allclose((value, tangent), (np.sin(0.3), np.cos(0.3)), rtol=1e-15)
    try:
        ops(np).jvp(np.sin, (0.3,), (1.0,))
    except NotImplementedError as error:
        assert "jax.numpy" in str(error)
    else:
        raise AssertionError("ops(np).jvp must refuse")


def _counting_branches():
    calls = []

    def true_fn():
        calls.append("true")
        return jnp.asarray(1.0)

    def false_fn():
        calls.append("false")
        return jnp.asarray(2.0)

    return calls, true_fn, false_fn


def test_cond_runs_only_the_taken_branch_for_a_concrete_predicate_and_traces_both_under_jit():
    # eager: a Python if (lax.cond would trace and compile both branches on every call)
    calls, true_fn, false_fn = _counting_branches()
    assert float(ops(jnp).cond(jnp.asarray(False), true_fn, false_fn)) == 2.0
    assert calls == ["false"]
    # traced: lax.cond, both branches traced once, the taken one selected at run time
    calls, true_fn, false_fn = _counting_branches()
    run = jax.jit(lambda p: ops(jnp).cond(p, true_fn, false_fn))
    assert float(run(True)) == 1.0 and float(run(False)) == 2.0
    assert sorted(calls) == ["false", "true"]
    # and differentiable in both forms, eager and under jit (d/dx of x^2 at 3 and of -x)
    f = lambda x: ops(jnp).cond(x > 0, lambda: x * x, lambda: -x)  # noqa: E731
    assert float(jax.grad(f)(3.0)) == 6.0 and float(jax.jit(jax.grad(f))(-2.0)) == -1.0


def test_pixel_chunks_equals_the_direct_evaluation_with_its_gradient():
    from autogalaxy.util.backend import CHUNKED_ABOVE, PIXEL_CHUNK

    # a size above the chunking threshold that is not a multiple of the chunk (padding), shaped
    size = CHUNKED_ABOVE + PIXEL_CHUNK // 3
    x = jnp.linspace(0.1, 3.0, 2 * size).reshape(size, 2)
    y = jnp.cos(x)

    def kernel(a, b, t):
        return jnp.log1p(a * t) * b, a / (1.0 + b * b)

    def chunked(t, a, b):
        return ops(jnp).pixel_chunks(lambda u, v: kernel(u, v, t), (a, b))

    got = jax.jit(chunked)(1.3, x, y)
    expected = kernel(x, y, 1.3)
    for g, e in zip(got, expected):
        assert g.shape == e.shape == x.shape
        np.testing.assert_allclose(g, e, rtol=1e-15, atol=0)

    def loss(fn):
        return lambda t, a: sum(jnp.sum(v**2) for v in fn(t, a, y))

    ours = jax.jit(jax.grad(loss(chunked), argnums=(0, 1)))(1.3, x)
    plain = jax.grad(loss(lambda t, a, b: kernel(a, b, t)), argnums=(0, 1))(1.3, x)
    np.testing.assert_allclose(ours[0], plain[0], rtol=1e-13)
    np.testing.assert_allclose(ours[1], plain[1], rtol=1e-13, atol=0)
    # small or concrete arrays: the plain call (NumPy: always)
    assert ops(np).pixel_chunks(np.add, (np.ones(3), np.ones(3))).tolist() == [2.0] * 3
    np.testing.assert_array_equal(ops(jnp).pixel_chunks(jnp.sin, (x,)), jnp.sin(x))


def test_list_ranks_equal_a_direct_count_on_numpy_and_jax():
    """list_ranks: rank of each entry among its row's entries of the same key (direct count in
    the test), counts per (list, row); keys outside 0..n_lists - 1 (negative, too large) are in
    no list. The JAX scan and the NumPy cumsums agree, also jitted."""
    rng = np.random.default_rng(5)
    key = rng.integers(-2, 6, (7, 300)).astype(np.int32)
    n_lists = 4
    expected_counts = np.array([[np.sum(row == j) for row in key] for j in range(n_lists)])
    for xp, fn in ((np, ops(np).list_ranks), (jnp, jax.jit(ops(jnp).list_ranks, static_argnums=1))):
        rank, counts = fn(xp.asarray(key), n_lists)
        rank, counts = np.asarray(rank), np.asarray(counts)
        np.testing.assert_array_equal(counts, expected_counts)
        for r, row in enumerate(key):
            for n, k in enumerate(row):
                if 0 <= k < n_lists:
                    assert rank[r, n] == np.sum(row[:n] == k)
    rank, counts = ops(jnp).list_ranks(jnp.zeros((3, 0), dtype=np.int32), 2)
    assert rank.shape == (3, 0) and np.array_equal(np.asarray(counts), np.zeros((2, 3)))
