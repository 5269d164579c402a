"""The shared root helper (autogalaxy.util.roots): values against closed forms, gradients against
the implicit-function derivative and central finite differences, NumPy == JAX."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.util import roots


def cube_root(a, xp, newton_steps=1, bisection_steps=40):
    def residual_and_slope(x):
        return x**3 - a, 3.0 * x**2

    lo = xp.zeros_like(xp.asarray(a, dtype=float))
    root, bracket = roots.solve(residual_and_slope, lo, lo + 10.0, xp,
                                bisection_steps=bisection_steps, newton_steps=newton_steps)
    return root, bracket


@pytest.mark.parametrize("xp", [np, jnp], ids=["numpy", "jax"])
def test_solve_matches_the_closed_form(xp):
    a = np.array([1e-6, 0.3, 2.0, 999.0])
    root, (lo, hi) = cube_root(xp.asarray(a), xp)
    np.testing.assert_allclose(np.asarray(root), np.cbrt(a), rtol=2e-15)
    assert np.all(np.asarray(hi) - np.asarray(lo) <= 10.0 / 2**40 * (1 + 1e-12))


def test_gradient_is_the_implicit_function_derivative():
    # d cbrt(a) / da = 1 / (3 a^(2/3)); bisection alone would give 0
    grad = jax.grad(lambda a: cube_root(a, jnp)[0])(2.0)
    assert float(grad) == pytest.approx(1.0 / (3.0 * 2.0 ** (2.0 / 3.0)), rel=1e-13)
    fd = (np.cbrt(2.0 + 1e-6) - np.cbrt(2.0 - 1e-6)) / 2e-6
    assert float(grad) == pytest.approx(fd, rel=1e-8)
    second = jax.grad(jax.grad(lambda a: cube_root(a, jnp, newton_steps=2)[0]))(2.0)
    assert np.isfinite(float(second))


def test_predicate_and_central_difference_slope():
    # ln x = b on [1e-3, 1e3] with the slope from a central difference
    residual = roots.with_central_difference(lambda ln_x: ln_x - 0.7)
    lo, hi = np.array(np.log(1e-3)), np.array(np.log(1e3))
    root, _ = roots.solve(residual, lo, hi, np, bisection_steps=30, newton_steps=1)
    assert float(root) == pytest.approx(0.7, abs=1e-15)
    # a custom monotone predicate that bisects on something else (x >= 2 here)
    lo2, hi2 = roots.bisect(lambda x: x >= 2.0, np.array(0.0), np.array(8.0), 50, np)
    assert float(lo2) < 2.0 <= float(hi2) and float(hi2 - lo2) < 1e-14


def test_unusable_points_stay_finite_and_put():
    def residual_and_slope(x):
        return x - 1.0, 0.0 * x  # zero slope: Newton must not divide by it

    x = roots.newton_polish(residual_and_slope, jnp.array(0.5), 0.0, 2.0, 3, jnp)
    assert float(x) == 0.5
    g = jax.grad(lambda x0: roots.implicit_step(residual_and_slope, x0, jnp))(0.5)
    assert np.isfinite(float(g))
