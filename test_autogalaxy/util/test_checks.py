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
