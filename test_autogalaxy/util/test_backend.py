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
