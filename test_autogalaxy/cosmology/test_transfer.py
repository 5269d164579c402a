"""Eisenstein & Hu (1998) transfer function against colossus 1.4.0 (computed at test time)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autogalaxy.cosmology.transfer import eisenstein_hu_98_transfer

PARAMETERS = [
    (0.6774, 0.3089, 0.0486, 2.7255),  # colossus planck15
    (0.72, 0.26, 0.044, 2.725),
    (0.6, 0.45, 0.07, 2.7),
]
K = np.logspace(-7.0, 6.0, 1500)


@pytest.mark.parametrize("params", PARAMETERS)
def test_matches_colossus(params):
    from colossus.cosmology import power_spectrum

    expected = power_spectrum.modelEisenstein98(K, *params)
    assert np.max(np.abs(eisenstein_hu_98_transfer(K, *params) / expected - 1.0)) <= 1e-14


def test_numpy_equals_jax_and_large_scale_limit():
    params = PARAMETERS[0]
    ours = eisenstein_hu_98_transfer(K, *params)
    theirs = np.asarray(jax.jit(lambda p: eisenstein_hu_98_transfer(K, *p, xp=jnp))(params))
    assert np.max(np.abs(theirs / ours - 1.0)) <= 1e-14
    assert abs(ours[0] - 1.0) < 1e-6  # T -> 1 as k -> 0


def test_gradients_are_finite():
    grad = jax.grad(lambda p: jnp.sum(eisenstein_hu_98_transfer(K[::50], *p, xp=jnp)))
    assert all(np.isfinite(g) for g in jax.jit(grad)(PARAMETERS[0]))
