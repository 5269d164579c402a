"""The float64 log, log1p and arctan written in jax.numpy (autogalaxy/util/fast_math.py), against
30-digit mpmath, IEEE's special values, and the Chebyshev fits their coefficients come from."""

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest

import autogalaxy  # noqa: F401  (float64)
from autogalaxy.util import fast_math
from autogalaxy.util.backend import ops

RNG = np.random.default_rng(20261202)
# Below 1e-307 XLA:CPU flushes subnormals to zero (jnp.log does the same), so the samples stop
# at the smallest normal number.
LOG_X = np.concatenate(
    [
        np.exp(RNG.uniform(-707.0, 709.0, 3000)),
        RNG.uniform(0.5, 2.0, 2000),
        1.0 + RNG.normal(0.0, 1e-8, 500),
        [2.2250738585072014e-308, 1.7976931348623157e308, 0.7071067811865476, 1.4142135623730951],
    ]
)
LOG1P_Y = np.concatenate(
    [
        np.exp(RNG.uniform(-700.0, 709.0, 2000)),
        -np.exp(RNG.uniform(-40.0, 0.0, 2000)),
        RNG.uniform(-0.5, 1.5, 2000),
        # tiny arguments, where 1 + y rounds to 1: XLA's simplifier would fold a textbook
        # y - ((1 + y) - 1) correction to zero, and then log1p(y) to 0
        [1e-300, -1e-300, 3e-17, -3e-17, 1e-10, -1 + 2.0**-40, 1e300, 1.7e308],
    ]
)
ARCTAN_W = np.concatenate(
    [
        np.exp(RNG.uniform(-700.0, 700.0, 3000)) * RNG.choice([-1.0, 1.0], 3000),
        RNG.uniform(-3.0, 3.0, 3000),
        [0.41421356237309503, 2.414213562373095, -0.41421356237309503, 1.0, 1e300],
    ]
)
CASES = [
    (fast_math.jax_log, mpmath.log, LOG_X),
    (fast_math.jax_log1p, mpmath.log1p, LOG1P_Y),
    (fast_math.jax_arctan, mpmath.atan, ARCTAN_W),
]


def _max_relative_error(fn, reference, x):
    got = np.asarray(jax.jit(fn)(jnp.asarray(x)))
    with mpmath.workdps(30):
        exact = np.array([float(reference(mpmath.mpf(float(v)))) for v in x])
    scale = np.where(exact == 0.0, 1.0, np.abs(exact))
    return np.max(np.abs(got - exact) / scale)


@pytest.mark.parametrize("fn, reference, x", CASES, ids=["log", "log1p", "arctan"])
def test_relative_error_against_mpmath_is_within_two_ulp(fn, reference, x):
    # measured: log 2.22e-16, log1p 2.22e-16, arctan 2.67e-16 (XLA's: 2.2e-16, 2.6e-14 at
    # y = -0.414 for log1p, 2.1e-16); 1 ulp = 2.2e-16
    assert _max_relative_error(fn, reference, x) <= 3e-16


def test_ieee_special_values():
    x = jnp.array([0.0, -0.0, -1.0, -1e-300, jnp.inf, -jnp.inf, jnp.nan, 1.0])
    log = np.asarray(fast_math.jax_log(x))
    np.testing.assert_array_equal(
        log, [-np.inf, -np.inf, np.nan, np.nan, np.inf, np.nan, np.nan, 0]
    )
    log1p = np.asarray(fast_math.jax_log1p(x))
    np.testing.assert_array_equal(
        log1p, [0.0, 0.0, -np.inf, -1e-300, np.inf, np.nan, np.nan, np.log(2.0)]
    )
    np.testing.assert_array_equal(fast_math.jax_log1p(jnp.array([-2.0, -1.5])), [np.nan] * 2)
    atan = np.asarray(fast_math.jax_arctan(x))
    np.testing.assert_array_equal(
        atan, [0.0, 0.0, -np.pi / 4, -1e-300, np.pi / 2, -np.pi / 2, np.nan, np.pi / 4]
    )


def test_derivatives_match_central_differences_and_jax():
    points = {"log": 0.37, "log1p": -0.41, "arctan": 2.1}
    for fn, name in zip((fast_math.jax_log, fast_math.jax_log1p, fast_math.jax_arctan), points):
        x, h = points[name], 1e-5
        slope = float(jax.grad(fn)(x))
        central = (float(fn(x + h)) - float(fn(x - h))) / (2 * h)
        assert slope == pytest.approx(central, rel=1e-9)
        assert slope == pytest.approx(float(jax.grad(getattr(jnp, name))(x)), rel=1e-15)
        # second derivative (the custom JVP's rule is itself differentiable) and vmap
        curvature = float(jax.grad(jax.grad(fn))(x))
        assert curvature == pytest.approx(
            float(jax.grad(jax.grad(getattr(jnp, name)))(x)), rel=1e-14
        )
        xs = jnp.array([x, 2 * x])
        np.testing.assert_array_equal(
            jax.vmap(jax.grad(fn))(xs), jax.grad(lambda v, f=fn: f(v).sum())(xs)
        )


def test_float32_takes_xla_functions():
    x = jnp.linspace(0.1, 5.0, 50, dtype=jnp.float32)
    for fn, _, _ in CASES:
        assert fn(x).dtype == jnp.float32
    np.testing.assert_array_equal(fast_math.jax_log(x), jnp.log(x))
    np.testing.assert_array_equal(fast_math.jax_log1p(x), jnp.log1p(x))
    np.testing.assert_array_equal(fast_math.jax_arctan(x), jnp.arctan(x))


def test_backend_serves_them_on_jax_and_numpy_functions_on_numpy():
    assert (ops(np).log, ops(np).log1p, ops(np).arctan) == (np.log, np.log1p, np.arctan)
    jax_ops = ops(jnp)
    assert (jax_ops.log, jax_ops.log1p, jax_ops.arctan) == (
        fast_math.jax_log,
        fast_math.jax_log1p,
        fast_math.jax_arctan,
    )


def _chebyshev_monomials(function, z_max, n):
    """Monomial coefficients of the degree n - 1 interpolant of ``function`` at the n Chebyshev
    nodes of [0, z_max] (50-digit mpmath): how fast_math's coefficients were made."""
    with mpmath.workdps(50):
        nodes = [z_max / 2 * (1 + mpmath.cos(mpmath.pi * (k + 0.5) / n)) for k in range(n)]
        matrix = mpmath.matrix([[z**j for j in range(n)] for z in nodes])
        values = mpmath.matrix([function(z) for z in nodes])
        return [float(c) for c in mpmath.lu_solve(matrix, values)]


def test_coefficients_are_the_chebyshev_interpolants_they_claim():
    with mpmath.workdps(50):
        s_max = (mpmath.sqrt(2) - 1) / (mpmath.sqrt(2) + 1)
        t_max = mpmath.tan(mpmath.pi / 8)

    def log_q(z):  # log((1 + s) / (1 - s)) = 2 s + s z Q(z)
        s = mpmath.sqrt(z)
        return (mpmath.log((1 + s) / (1 - s)) - 2 * s) / (s * z)

    def atan_p(z):  # arctan(t) = t + t z P(z)
        t = mpmath.sqrt(z)
        return (mpmath.atan(t) / t - 1) / z

    q = _chebyshev_monomials(log_q, s_max**2, len(fast_math._LOG_Q))
    p = _chebyshev_monomials(atan_p, t_max**2, len(fast_math._ATAN_P))
    np.testing.assert_allclose(fast_math._LOG_Q, q, rtol=1e-15)
    np.testing.assert_allclose(fast_math._ATAN_P, p, rtol=1e-15)
    assert fast_math._LN2_HI + fast_math._LN2_LO == float(mpmath.log(2))
    assert int(np.array([fast_math._LN2_HI]).view(np.int64)[0]) & 0xFFFFFFFF == 0
