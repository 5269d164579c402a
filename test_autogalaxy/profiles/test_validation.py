"""Bad input on the geometry and MCR paths: errors naming the argument (NumPy), NaN (JAX)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.exc import ModelParameterException
from autogalaxy.profiles.mass.dark import mcr_util

GRID = np.array([[0.3, 0.4], [1.1, -0.7]])


@pytest.mark.parametrize("cls", [ag.mp.NFWSph, ag.mp.NFWMCRLudlowSph, ag.mp.cNFWMCRLudlow,
                                 ag.mp.gNFWVirialMassConcSph])
def test_nan_centre_is_named_on_every_kind_of_class(cls):
    with pytest.raises(ModelParameterException, match=r"^centre must be two finite"):
        cls(centre=(np.nan, 0.0))
    with pytest.raises(ValueError, match=r"^centre must be two finite"):
        cls(centre=(1.0,))


@pytest.mark.parametrize("cls", [ag.mp.NFW, ag.mp.NFWMCRLudlow])
def test_ellipticity_of_one_or_more_is_named(cls):
    with pytest.raises(ModelParameterException, match=r"^\|ell_comps\| must be < 1"):
        cls(ell_comps=(0.8, 0.8))


@pytest.mark.parametrize(
    "grid, error, text",
    [(np.zeros((3, 3)), ValueError, r"got shape \(3, 3\)"),
     (np.zeros(4), ValueError, r"got shape \(4,\)"),
     (np.array([[1 + 1j, 0.0]]), TypeError, "complex128"),
     (np.array([[np.nan, 0.0]]), ModelParameterException, r"^grid must be finite")],
)
def test_bad_grids_are_named(grid, error, text):
    with pytest.raises(error, match=text):
        ag.mp.NFWSph().deflections_yx_2d_from(grid)


def test_grid_shape_is_checked_under_jit_too():
    f = jax.jit(lambda g: ag.mp.NFWSph().deflections_yx_2d_from(g, xp=jnp))
    with pytest.raises(ValueError, match=r"got shape \(3, 3\)"):
        f(jnp.zeros((3, 3)))


@pytest.mark.parametrize("cls", [ag.mp.cNFWMCRLudlowSph, ag.mp.cNFWMCRScatterLudlow])
def test_traced_core_fraction_outside_its_range_gives_nan_and_inside_a_true_gradient(cls):
    def alpha(f_c):
        return cls(mass_at_200=1e12, f_c=f_c).deflections_yx_2d_from(jnp.asarray(GRID), xp=jnp)

    f = jax.jit(alpha)
    for bad in (0.0, 1.0, -0.2, 1.5):
        assert np.all(np.isnan(np.asarray(f(bad))))
    # the clip that keeps the invalid branch finite must not touch valid values or gradients
    np.testing.assert_allclose(np.asarray(f(0.3)),
                               cls(mass_at_200=1e12, f_c=0.3).deflections_yx_2d_from(GRID),
                               rtol=1e-12)
    grad = jax.grad(lambda v: alpha(v).sum())(0.3)
    h = 1e-6
    fd = (float(alpha(0.3 + h).sum()) - float(alpha(0.3 - h).sum())) / (2 * h)
    assert float(grad) == pytest.approx(fd, rel=1e-6)


def test_cored_lens_parameters_function_gives_nan_for_traced_bad_core_fraction():
    def params(f_c):
        return mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(1e12, 0.0, f_c, 0.5, 1.0,
                                                                        xp=jnp)

    kappa_s, r_s, r_c, _ = jax.jit(params)(1.0)
    assert np.isnan(kappa_s) and np.isnan(r_c) and np.isfinite(r_s)
    with pytest.raises(ModelParameterException, match=r"^f_c must be in \(0, 1\)"):
        mcr_util.kappa_s_scale_radius_and_core_radius_for_ludlow(1e12, 0.0, 1.0, 0.5, 1.0)
