"""sigma(R): the top-hat window, the quadrature rule against refined integration, and colossus's
exact mode (computed at test time)."""

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest

from autogalaxy.cosmology import sigma as s
from autogalaxy.cosmology.transfer import eisenstein_hu_98_transfer

PARAMS = (0.6774, 0.3089, 0.0486, 2.7255, 0.9667)  # colossus planck15: h, Om0, Ob0, Tcmb0, ns


def test_tophat_window_against_mpmath():
    y = np.concatenate([np.logspace(-8, -1, 30), [0.0999999, 0.1000001], np.logspace(-1, 3, 40)])
    with mpmath.workdps(50):
        exact = [3 * (mpmath.sin(v) - v * mpmath.cos(v)) / v**3 for v in map(mpmath.mpf, y)]
        exact = np.array([float(v) for v in exact])
    assert np.max(np.abs(s.tophat_window(y) - exact)) <= 3e-16


def _refined_sigma2(R):
    """Composite 32-node Gauss-Legendre on fine panels: ln k panels 0.02 wide up to 1/R, then
    linear-k panels a quarter period (pi / 4R) wide up to kR = 3000 (the tail beyond is < 1e-13)."""
    x, w = np.polynomial.legendre.leggauss(32)
    x, w = 0.5 * (x + 1.0), 0.5 * w

    def integrand(k):
        t = eisenstein_hu_98_transfer(k, *PARAMS[:4])
        return k ** (3.0 + PARAMS[4]) * t**2 * s.tophat_window(k * R) ** 2

    edges = np.linspace(np.log(1e-8), np.log(1.0 / R), 2000)
    lk = edges[:-1, None] + np.diff(edges)[:, None] * x
    total = np.sum(np.diff(edges)[:, None] * w * integrand(np.exp(lk)))
    edges = np.linspace(1.0, 3000.0, 3820) / R
    k = edges[:-1, None] + np.diff(edges)[:, None] * x
    total += np.sum(np.diff(edges)[:, None] * w * integrand(k) / k)
    return total / (2.0 * np.pi**2)


@pytest.mark.parametrize("R", [1e-5, 3e-3, 2.0, 25.0])
def test_rule_against_refined_integration(R):
    ours = s.sigma_squared_unnormalised(R, *PARAMS)
    assert abs(ours / _refined_sigma2(R) - 1.0) <= 2e-9  # the documented 1e-9, with margin


def test_matches_colossus_exact_mode():
    from colossus.cosmology import cosmology

    current = cosmology.setCosmology("planck15", interpolation=False, persistence="")
    current.accuracy_sigma = 1e-8
    radii = np.array([1e-4, 0.01, 1.0, 8.0, 30.0])
    expected = np.array([current.sigma(r, 0.0) for r in radii])
    ours = s.sigma(radii, *PARAMS[:4], ns=PARAMS[4], sigma8=current.sigma8)
    # colossus's own quad error (epsrel 1e-8 requested; 3.5e-7 observed at R = 1)
    assert np.max(np.abs(ours / expected - 1.0)) <= 1e-6
    cosmology.setCosmology("planck15", persistence="")


def test_numpy_equals_jax_and_gradients():
    radii = np.logspace(-5, 1.5, 7)
    ours = s.sigma(radii, *PARAMS[:4], ns=PARAMS[4], sigma8=0.8159)
    theirs = np.asarray(jax.jit(lambda p: s.sigma(radii, *p[:4], ns=p[4], sigma8=0.8159, xp=jnp))(PARAMS))
    assert np.max(np.abs(theirs / ours - 1.0)) <= 1e-13
    assert s.sigma(8.0, *PARAMS[:4], ns=PARAMS[4], sigma8=0.8159) == pytest.approx(0.8159, rel=1e-15)
    grad = jax.jit(jax.grad(lambda ns: s.sigma(1.0, *PARAMS[:4], ns=ns, sigma8=0.8159, xp=jnp)))(0.9667)
    assert np.isfinite(grad)


def test_radius_must_be_concrete_and_positive():
    with pytest.raises(ValueError, match="R must be positive"):
        s.sigma_rule([1.0, -2.0])
