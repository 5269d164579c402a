"""ell_comps <-> (axis ratio, angle): closed-form values, round trips, and gradients at round."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autogalaxy import convert
from autogalaxy.exc import ModelParameterException


@pytest.mark.parametrize(
    "q,angle,expected",
    [
        (1.0, 30.0, (0.0, 0.0)),
        (0.5, 0.0, (0.0, 1.0 / 3.0)),
        (0.5, 45.0, (1.0 / 3.0, 0.0)),
        (0.5, 90.0, (0.0, -1.0 / 3.0)),
        (0.6, 30.0, (0.25 * np.sin(np.pi / 3), 0.25 * np.cos(np.pi / 3))),
    ],
)
def test_ell_comps_closed_form(q, angle, expected):
    got = convert.ell_comps_from(q, angle)
    np.testing.assert_allclose(got, expected, atol=1e-15)


@given(q=st.floats(0.01, 1.0), angle=st.floats(-44.9, 134.9))
@settings(max_examples=100, deadline=None)
def test_round_trip(q, angle):
    ell = convert.ell_comps_from(q, angle)
    q2, angle2 = convert.axis_ratio_and_angle_from(ell)
    assert q2 == pytest.approx(q, rel=1e-12)
    if q < 1 - 1e-6:  # the angle of a round profile is undefined
        assert angle2 == pytest.approx(angle, abs=1e-7)


def test_numpy_equals_jax():
    ell = (0.13, -0.27)
    np_q, np_a = convert.axis_ratio_and_angle_from(ell)
    j_q, j_a = jax.jit(lambda e: convert.axis_ratio_and_angle_from(e, xp=jnp))(ell)
    assert abs(float(j_q) - np_q) < 1e-15 and abs(float(j_a) - np_a) < 1e-12


def test_axis_ratio_is_floored_inside_the_valid_range():
    # upstream's cap f <= 0.999 is kept for 0.999 <= f < 1
    assert convert.axis_ratio_from((0.0, 0.9995)) == pytest.approx(0.001 / 1.999, rel=1e-12)


@pytest.mark.parametrize("ell_comps", [(0.0, 1.0), (0.8, 0.8), (-1.5, 0.0)])
def test_ellipticity_of_one_or_more_is_an_error_on_numpy_and_nan_on_jax(ell_comps):
    f = float(np.hypot(*ell_comps))
    for fn in (convert.axis_ratio_from, convert.angle_from):
        with pytest.raises(ModelParameterException, match=r"^\|ell_comps\| must be < 1 .*got \[" + str(f)[:6]):
            fn(ell_comps)
    q = jax.jit(lambda e: convert.axis_ratio_from((e[0], e[1]), xp=jnp))(jnp.array(ell_comps))
    assert np.isnan(q)


def test_gradients_finite_at_round():
    def f(e):
        q, a = convert.axis_ratio_and_angle_from((e[0], e[1]), xp=jnp)
        return q + 0.01 * a

    g = jax.grad(f)(jnp.zeros(2))
    assert np.all(np.isfinite(np.asarray(g)))
    g = jax.grad(lambda e: convert.axis_ratio_from((e[0], e[1]), xp=jnp))(jnp.array([0.1, 0.0]))
    # dq/df = -2 / (1 + f)^2 at f = 0.1, along e_0.
    assert float(g[0]) == pytest.approx(-2.0 / 1.1**2, rel=1e-12)


def test_bad_axis_ratio_raises():
    with pytest.raises(ValueError, match="axis_ratio"):
        convert.ell_comps_from(1.5, 0.0)
    with pytest.raises(ValueError, match="axis_ratio"):
        convert.ell_comps_from(0.0, 0.0)
