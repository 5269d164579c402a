"""Growth factor as colossus 1.4.0 computes it: against colossus's exact mode (at test time), the
2F1 closed form, and autodiff of the analytic slopes."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.special import hyp2f1

from autogalaxy.cosmology import Planck15
from autogalaxy.cosmology import growth as g

Z = np.concatenate([np.linspace(-0.99, 0.0, 25), np.linspace(0.0, 30.0, 601), [50.0, 150.0, 200.0]])


@pytest.mark.parametrize("Om0", [0.1, 0.3089, 0.6])
def test_heath_integral_equals_its_closed_form(Om0):
    a = np.concatenate([np.linspace(0.0, 1.0, 201)[1:], np.linspace(1.0, 250.0, 200)])
    closed = a * hyp2f1(1.0 / 3.0, 1.0, 11.0 / 6.0, -(a**3) * (1.0 - Om0) / Om0)
    assert np.max(np.abs(g.heath_growth(a, Om0) / closed - 1.0)) <= 2e-15


@pytest.mark.parametrize(
    "params",
    [dict(H0=67.74, Om0=0.3089, Ob0=0.0486), dict(H0=72.0, Om0=0.25, Ob0=0.044, Tcmb0=2.7)],
)
def test_matches_colossus_exact_mode(params):
    from colossus.cosmology import cosmology

    current = cosmology.setCosmology(
        "ag_growth",
        params=dict(flat=True, sigma8=0.8, ns=0.96, **params),
        interpolation=False,
        persistence="",
    )
    expected = current.growthFactor(Z)
    ours = g.growth_factor(Z, current.Om0, Or0=current.Or0)
    assert np.max(np.abs(ours / expected - 1.0)) <= 1e-9  # colossus's quad: measured 3e-10
    cosmology.setCosmology("planck15", persistence="")


def test_radiation_density_follows_colossus():
    cosmo = Planck15()
    Or0 = g.relativistic_density(cosmo.Ogamma0, cosmo.Neff)
    assert abs(Or0 / (cosmo.Ogamma0 * (1.0 + 0.22710731766 * 3.046)) - 1.0) < 1e-15
    # colossus's photon constant (4.4814665013636476e-7 T^4 / h^2) differs from astropy's by 3e-5
    assert abs(Or0 / 9.117075e-5 - 1.0) < 1e-4


def test_analytic_slopes_match_autodiff():
    a_eq = 2.95e-4
    a = jnp.asarray(np.linspace(0.004, 1.0, 300))
    auto = jax.jit(jax.vmap(jax.grad(lambda x: g.gnedin_growth(x, a_eq, xp=jnp))))(a) * a
    assert np.max(np.abs(g.gnedin_growth_log_slope(a, a_eq, xp=jnp) / auto - 1.0)) <= 1e-12

    def blended(ln_a):
        x = jnp.exp(ln_a)
        return g.blend_growth(ln_a, x**1.1, 2.0 * x, xp=jnp)

    ln_a = jnp.asarray(np.log(1.0 / (1.0 + np.linspace(0.5, 30.0, 200))))
    auto = jax.jit(jax.vmap(jax.grad(blended)))(ln_a)
    x = jnp.exp(ln_a)
    ours = g.blend_growth_log_slope(ln_a, x**1.1, 2.0 * x, 1.1 * x**1.1, 2.0 * x, xp=jnp)
    assert np.max(np.abs(ours / auto - 1.0)) <= 1e-12


def test_numpy_equals_jax_and_normalisation():
    ours = g.growth_factor(Z, 0.3089, Or0=9.1e-5)
    theirs = np.asarray(jax.jit(lambda z: g.growth_factor(z, 0.3089, Or0=9.1e-5, xp=jnp))(Z))
    assert np.max(np.abs(theirs / ours - 1.0)) <= 1e-14
    assert g.growth_factor(0.0, 0.3089, Or0=9.1e-5) == 1.0
    grad = jax.jit(jax.grad(lambda om: g.growth_factor(2.0, om, Or0=9.1e-5, xp=jnp)))(0.3)
    assert np.isfinite(grad)
