"""The validation gateway: NumPy errors and the ag.checked (checkify) mode under jit."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.exc import ModelParameterException
from autogalaxy.util.checks import check, finite


def _h0_twice(h0):
    return ag.cosmology.FlatLambdaCDM(H0=h0, Om0=0.3).H0 * 2.0


def test_numpy_path_names_the_argument_and_the_range():
    expected = r"H0 must be finite and > 0 \[km/s/Mpc\]; got \[-3.0\]"
    with pytest.raises(ModelParameterException, match=expected):
        ag.cosmology.FlatLambdaCDM(H0=-3.0, Om0=0.3)


def test_traced_values_are_not_inspected_outside_checked_mode():
    assert float(jax.jit(_h0_twice)(-3.0)) == -6.0


def test_checked_mode_reports_the_numpy_message_from_inside_jit():
    run = ag.checked(_h0_twice)
    assert float(run(70.0)) == 140.0
    with pytest.raises(ModelParameterException) as info:
        run(-3.0)
    assert str(info.value) == "H0 must be finite and > 0 [km/s/Mpc]; got -3.0"


def test_checked_mode_reports_the_first_failing_element_of_an_array():
    def f(values):
        check("mass", values, lambda v: finite(v) & (v > 0), "finite and positive")
        return values.sum()

    run = ag.checked(f)
    assert float(run(jnp.array([1.0, 2.0]))) == 3.0
    expected = r"^mass must be finite and positive; got nan$"
    with pytest.raises(ModelParameterException, match=expected):
        run(jnp.array([1.0, jnp.nan, -1.0]))


def test_finite_serves_numpy_and_jax():
    assert finite(np.array([1.0, np.inf])).tolist() == [True, False]
    assert jax.jit(lambda v: finite(v))(jnp.array([np.nan, 0.0])).tolist() == [False, True]


@pytest.mark.parametrize("size", [1, 2, 8, 9, 40])
def test_the_validity_mask_equals_all_for_small_and_large_arrays(size):
    from autogalaxy.util.checks import ELEMENTWISE_ALL_MAX, _all_elementwise

    assert ELEMENTWISE_ALL_MAX == 8
    run = jax.jit(lambda h: _all_elementwise(h, jnp))
    holds = np.ones(size, dtype=bool)
    assert bool(run(jnp.asarray(holds))) is True
    for k in range(size):  # one failing element anywhere makes it False
        bad = holds.copy()
        bad[k] = False
        assert bool(run(jnp.asarray(bad))) is False
    assert bool(_all_elementwise(jnp.asarray(False), jnp)) is False
    assert bool(_all_elementwise(jnp.zeros((0,), dtype=bool), jnp)) is True  # as all([])


def test_a_profile_validity_check_adds_no_reduction_to_the_jitted_kernel():
    # XLA:CPU runs a reduce as a kernel of its own before the per-pixel loops: the reduced
    # validity mask cost NFWSph's 100 x 100 deflections 0.140 against 0.116 ms (session 17)
    grid = jnp.asarray(np.random.default_rng(0).uniform(-3, 3, (100, 2)))

    def alpha(p, g):
        halo = ag.mp.NFWTruncatedSph(
            centre=(p[0], p[1]), kappa_s=p[2], scale_radius=p[3], truncation_radius=p[4]
        )
        return halo.deflections_yx_2d_from(g, xp=jnp)

    p = jnp.asarray([0.01, 0.02, 0.1, 2.0, 6.0])
    hlo = jax.jit(alpha).lower(p, grid).as_text()
    assert "reduce" not in hlo
    bad = np.asarray(jax.jit(alpha)(p.at[3].set(-2.0), grid))
    assert np.all(np.isnan(bad))
