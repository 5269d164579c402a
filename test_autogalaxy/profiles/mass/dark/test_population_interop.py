"""from_lenstronomy_kwargs: populations from lenstronomy 'TNFW' / 'NFW' keyword lists.

lenstronomy is not a test dependency. The reference is written here: the Baltz, Marshall & Oguri
(2009, JCAP 01, 015) projected mass of the truncated NFW (their n = 1 profile), evaluated with
mpmath at 30 digits and itself checked against mpmath quadrature of the 3D density, in
lenstronomy's convention (read from lenstronomy 1.14's Profiles/nfw.py and tnfw.py): angular
units with Sigma_crit = 1, rho0 = alpha_Rs / (4 Rs^2 (1 - ln 2)), alpha = M2D(R) / (pi R) along
(x - center_x, y - center_y). benchmarks/bench_population_mcr.py compares with lenstronomy itself.
"""

import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np
import pytest

import autogalaxy as ag  # noqa: F401  (float64 for JAX)
from autogalaxy.profiles.mass.dark import population_lenstronomy as pl
from autogalaxy.profiles.mass.dark.population_group import HaloPopulationGroup

mp.mp.dps = 30
RNG = np.random.default_rng(2009)


def bmo09_mass_2d(x, tau):
    """M2D(< x r_s) / (4 pi rho0 r_s^3) of the BMO09 truncated NFW (tau = None: the NFW)."""
    x = mp.mpf(x)
    if x == 1:
        f = mp.mpf(1)
    elif x < 1:
        f = mp.acosh(1 / x) / mp.sqrt(1 - x * x)
    else:
        f = mp.acos(1 / x) / mp.sqrt(x * x - 1)
    if tau is None:
        return mp.log(x / 2) + f
    tau = mp.mpf(tau)
    t2 = tau * tau
    root = mp.sqrt(t2 + x * x)
    ell = mp.log(x / (root + tau))
    bracket = (
        (t2 + 1 + 2 * (x * x - 1)) * f
        + tau * mp.pi
        + (t2 - 1) * mp.log(tau)
        + root * (-mp.pi + (t2 - 1) / tau * ell)
    )
    return t2 / (t2 + 1) ** 2 * bracket


def quadrature_mass_2d(x, tau):
    """The same from the 3D density rho / rho0 = tau^2 / (u (1 + u)^2 (tau^2 + u^2)):
    M2D(<x) = M3D(<x) + int_x^inf u^2 rho (1 - sqrt(1 - x^2 / u^2)) du, in 4 pi rho0 r_s^3."""
    rho = lambda u: tau**2 / (u * (1 + u) ** 2 * (tau**2 + u**2))  # noqa: E731
    inner = mp.quad(lambda u: u * u * rho(u), [0, min(x, tau), x])
    outer = mp.quad(
        lambda u: u * u * rho(u) * (1 - mp.sqrt(1 - (x / u) ** 2)), [x, x + tau, mp.inf]
    )
    return inner + outer


def lenstronomy_style_deflection(kind, kw, x, y):
    """(f_x, f_y) of one lenstronomy entry at arrays x, y [arcsec], from the BMO09 formula."""
    rho0 = mp.mpf(kw["alpha_Rs"]) / (4 * mp.mpf(kw["Rs"]) ** 2 * (1 - mp.log(2)))
    tau = None if kind == "NFW" else kw["r_trunc"] / kw["Rs"]
    out = np.zeros((len(x), 2))
    for k, (xi, yi) in enumerate(zip(x, y)):
        dx, dy = mp.mpf(xi) - kw["center_x"], mp.mpf(yi) - kw["center_y"]
        radius = mp.sqrt(dx * dx + dy * dy)
        m2d = 4 * mp.pi * rho0 * mp.mpf(kw["Rs"]) ** 3 * bmo09_mass_2d(radius / kw["Rs"], tau)
        alpha = m2d / (mp.pi * radius)
        out[k] = float(alpha * dx / radius), float(alpha * dy / radius)
    return out


def pyhalo_like_list(n_tnfw, n_nfw=0):
    """Entries in pyHalo's ranges: tau = r_t / r_s log-uniform in [1e-4, 40], Rs in [0.01, 0.12]
    arcsec, alpha_Rs log-uniform in [1e-6, 3e-2] arcsec (the span of 1e6-1e10 Msun halos at
    z ~ 0.5), centres in a 6 arcsec box."""
    names, kwargs = [], []
    for k in range(n_tnfw + n_nfw):
        rs = RNG.uniform(0.01, 0.12)
        kw = dict(
            Rs=rs,
            alpha_Rs=10 ** RNG.uniform(-6.0, np.log10(3e-2)),
            center_x=RNG.uniform(-3, 3),
            center_y=RNG.uniform(-3, 3),
        )
        if k < n_tnfw:
            kw["r_trunc"] = rs * 10 ** RNG.uniform(-4.0, np.log10(40.0))
        names.append("TNFW" if k < n_tnfw else "NFW")
        kwargs.append(kw)
    return names, kwargs


GRID_YX = np.stack(np.meshgrid(np.linspace(-3.1, 2.9, 9), np.linspace(-2.95, 3.05, 9)), -1)
GRID_YX = GRID_YX.reshape(-1, 2)


@pytest.fixture(scope="module")
def halo_list():
    names, kwargs = pyhalo_like_list(40, 8)
    reference = sum(
        lenstronomy_style_deflection(n, kw, GRID_YX[:, 1], GRID_YX[:, 0])
        for n, kw in zip(names, kwargs)
    )
    return names, kwargs, reference


# ------------------------------------------------------------------------- the reference
@pytest.mark.parametrize(
    "x, tau", [(1e-3, 1e-4), (0.3, 0.01), (1.0, 2.0), (2.5, 40.0), (30.0, 5.0)]
)
def test_reference_bmo09_formula_matches_quadrature_of_the_density(x, tau):
    # agreement to ~1e-17 is set by the 30-digit quadrature of a cancelling integrand at tiny
    # x and tau; 1e-15 is ample for a float64 reference
    assert float(abs(bmo09_mass_2d(x, tau) / quadrature_mass_2d(x, tau) - 1)) <= 1e-15


# ------------------------------------------------------------------------- the population
def test_tnfw_and_nfw_sum_matches_the_bmo09_reference(halo_list):
    names, kwargs, reference = halo_list
    group = pl.from_lenstronomy_kwargs(names, kwargs)
    assert isinstance(group, HaloPopulationGroup) and group.n_halos == 48
    alpha_yx = np.asarray(group.deflections_yx_2d_from(GRID_YX))
    alpha_xy = alpha_yx[:, ::-1]  # lenstronomy orders (x, y)
    error = np.max(np.abs(alpha_xy - reference)) / np.max(np.abs(reference))
    # acceptance: <= 1e-10; measured 6.5e-16 here (300 such halos: 6.5e-16, per halo <= 2.1e-15)
    assert error <= 1e-13
    # the same on JAX under jit
    jitted = jax.jit(lambda g, p: p.deflections_yx_2d_from(g, xp=jnp))
    assert np.max(np.abs(np.asarray(jitted(jnp.asarray(GRID_YX), group)) - alpha_yx)) <= (
        1e-12 * np.max(np.abs(alpha_yx))
    )


def test_kappa_s_convention_inverts():
    alpha, rs = np.array([1e-5, 0.02]), np.array([0.02, 0.1])
    kappa_s = pl.kappa_s_from_alpha_rs(alpha, rs)
    np.testing.assert_allclose(kappa_s, alpha / (4 * rs * (1 - np.log(2))), rtol=1e-15)
    np.testing.assert_allclose(pl.alpha_rs_from_kappa_s(kappa_s, rs), alpha, rtol=1e-15)


def test_round_trip_through_to_lenstronomy_kwargs():
    names, kwargs = pyhalo_like_list(5)
    pop = pl.from_lenstronomy_kwargs(names, kwargs)
    names_back, kwargs_back = pl.to_lenstronomy_kwargs(pop)
    assert names_back == names
    for a, b in zip(kwargs, kwargs_back):
        assert set(a) == set(b)
        for key in a:
            assert b[key] == pytest.approx(a[key], rel=1e-14)


def test_plane_selection_ignore_and_zero_truncation():
    names, kwargs = pyhalo_like_list(6)
    redshifts = [0.5, 0.5, 0.7, 0.5, 0.7, 0.5]
    names = names + ["CONVERGENCE"]
    kwargs = kwargs + [{"kappa": -0.01}]
    redshifts = redshifts + [0.5]
    kwargs[3] = dict(kwargs[3], r_trunc=0.0)  # pyHalo's rounding can give exactly 0: no mass
    pop = pl.from_lenstronomy_kwargs(names, kwargs, redshifts, 0.5, ignore=("CONVERGENCE",))
    assert pop.n_halos == 3  # entries 0, 1, 5
    np.testing.assert_allclose(
        np.asarray(pop.centres)[:, 1], [kwargs[i]["center_x"] for i in (0, 1, 5)], rtol=0
    )
    with pytest.raises(ValueError, match="'TNFW', 'NFW'"):
        pl.from_lenstronomy_kwargs(names, kwargs, redshifts, 0.5)


@pytest.mark.parametrize(
    "names, kwargs, match",
    [
        (["SIS"], [{"theta_E": 1.0}], "supported profiles: 'TNFW', 'NFW'"),
        (["TNFW"], [{"Rs": 0.1, "alpha_Rs": 0.01}], "r_trunc"),
        (["NFW"], [{"Rs": -0.1, "alpha_Rs": 0.01, "center_x": 0, "center_y": 0}], "Rs"),
        (["NFW", "NFW"], [{}], "length"),
    ],
)
def test_invalid_lists_raise(names, kwargs, match):
    with pytest.raises(ValueError, match=match):
        pl.from_lenstronomy_kwargs(names, kwargs)
