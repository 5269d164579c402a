"""Validate the five mass-concentration callers end to end under jax.jit.

Run: ``python docs/examples/validate_mcr_jit.py`` (needs the ``test`` extra for colossus/astropy).

For each caller a jitted function (log10 M200 [Msun], scatter) -> deflections on a 50 x 50 grid is
compared with (1) the NumPy path, and (2) a reference built from colossus's Ludlow16 concentration
(default and exact mode), astropy's Planck15 distances and the plain profile class, normalised
with scipy quad of the profile's density. It also reports d(sum alpha^2)/d log10 M and a vmap over
64 masses. Prints a table.
"""

import time

import astropy.units as u
import jax
import jax.numpy as jnp
import numpy as np
from astropy import constants as ac
from astropy.cosmology import Planck15 as AP15
from colossus.cosmology import cosmology
from colossus.halo import concentration
from scipy.integrate import quad

import autogalaxy as ag

Z_L, Z_S, LOG10_M = 0.5, 1.0, 12.3
ELL = (0.1, -0.05)
x = np.linspace(-3.0, 3.0, 50)
GRID = np.stack([a.ravel() for a in np.meshgrid(x[::-1], x, indexing="ij")], axis=-1)

# name: (MCR profile(log10 M, scatter), scatter, density shape, plain(kappa_s, r_s, r200, kpc))
CALLERS = {
    "nfw_mcr": (
        lambda lm, s: ag.mp.NFWMCRLudlow(ell_comps=ELL, mass_at_200=10.0**lm),
        0.0,
        lambda t: 1 / (t * (1 + t) ** 2),
        lambda k, r, r200, kpc: ag.mp.NFW(ell_comps=ELL, kappa_s=k, scale_radius=r),
    ),
    "nfw_mcr_scatter": (
        lambda lm, s: ag.mp.NFWMCRScatterLudlowSph(mass_at_200=10.0**lm, scatter_sigma=s),
        1.0,
        lambda t: 1 / (t * (1 + t) ** 2),
        lambda k, r, r200, kpc: ag.mp.NFWSph(kappa_s=k, scale_radius=r),
    ),
    "nfw_truncated_mcr_scatter": (
        lambda lm, s: ag.mp.NFWTruncatedMCRScatterLudlowSph(mass_at_200=10.0**lm, scatter_sigma=s),
        -0.5,
        lambda t: 1 / (t * (1 + t) ** 2),
        lambda k, r, r200, kpc: ag.mp.NFWTruncatedSph(
            kappa_s=k, scale_radius=r, truncation_radius=2 * r200 / kpc
        ),
    ),
    "gnfw_mcr": (
        lambda lm, s: ag.mp.gNFWMCRLudlow(ell_comps=ELL, mass_at_200=10.0**lm, inner_slope=1.5),
        0.0,
        lambda t: t**-1.5 * (1 + t) ** -1.5,
        lambda k, r, r200, kpc: ag.mp.gNFW(
            ell_comps=ELL, kappa_s=k, inner_slope=1.5, scale_radius=r
        ),
    ),
    "cnfw_mcr_scatter": (
        lambda lm, s: ag.mp.cNFWMCRScatterLudlow(
            ell_comps=ELL, mass_at_200=10.0**lm, scatter_sigma=s, f_c=0.3
        ),
        0.7,
        lambda t: 1 / ((t + 0.3) * (1 + t) ** 2),
        lambda k, r, r200, kpc: ag.mp.cNFW(
            ell_comps=ELL, kappa_s=k, scale_radius=r, core_radius=0.3 * r
        ),
    ),
}


def colossus_concentrations():
    m = 10.0**LOG10_M * AP15.h
    cosmology.setCosmology("planck15", persistence="")
    default = float(concentration.concentration(m, "200c", Z_L, model="ludlow16"))
    ours = ag.cosmology.Planck15()
    params = dict(
        flat=True, H0=ours.H0, Om0=ours.Om0_total, Ob0=ours.Ob0, sigma8=ours.sigma8, ns=ours.ns
    )
    exact = cosmology.setCosmology("exact", params=params, interpolation=False, persistence="")
    exact.accuracy_sigma = 1e-8
    return default, float(concentration.concentration(m, "200c", Z_L, model="ludlow16"))


def reference_deflections(c, shape, plain):
    rho = AP15.critical_density(Z_L).to(u.Msun / u.kpc**3).value
    d_l, d_s = AP15.angular_diameter_distance(Z_L), AP15.angular_diameter_distance(Z_S)
    d_ls = (AP15.comoving_distance(Z_S) - AP15.comoving_distance(Z_L)) / (1 + Z_S)
    sigma = (ac.c**2 / (4 * np.pi * ac.G) * d_s / (d_l * d_ls)).to(u.Msun / u.kpc**2).value
    kpc = d_l.to(u.kpc).value * np.pi / 648000
    r200 = (3 * 10.0**LOG10_M / (4 * np.pi * 200 * rho)) ** (1 / 3)
    r_s = r200 / c
    m = quad(lambda t: t * t * shape(t), 0, c, epsrel=1e-13, limit=200)[0]
    kappa_s = 10.0**LOG10_M / (4 * np.pi * r_s**3 * m) * r_s / sigma
    return plain(kappa_s, r_s / kpc, r200, kpc).deflections_yx_2d_from(GRID)


def main():
    c_default, c_exact = colossus_concentrations()
    print(
        f"colossus c200c(M = 10^{LOG10_M} Msun, z = {Z_L}): default {c_default:.6f}, "
        f"exact {c_exact:.6f}"
    )
    header = (
        f"{'caller':<28s}{'jit vs NumPy':>14s}{'vs exact':>11s}{'vs default':>12s}"
        f"{'dL/dlogM':>12s}{'vmap 64':>9s}{'jit ms':>8s}"
    )
    print(header)
    for name, (make, scatter, shape, plain) in CALLERS.items():

        def defl(lm, s, xp, make=make):
            return make(lm, s).deflections_yx_2d_from(GRID, xp=xp)

        jitted = jax.jit(lambda lm, s, defl=defl: defl(lm, s, jnp))
        got = np.asarray(jitted(LOG10_M, scatter))
        ref_np = defl(LOG10_M, scatter, np)
        scale = np.abs(ref_np).max()
        errs = [np.abs(got - ref_np).max() / scale]
        for c in (c_exact, c_default):
            ref = reference_deflections(c * 10 ** (0.15 * scatter), shape, plain)
            errs.append(np.abs(got - ref).max() / scale)
        grad = jax.jit(jax.grad(lambda lm, s=scatter, defl=defl: jnp.sum(defl(lm, s, jnp) ** 2)))
        g = float(grad(LOG10_M))
        batched = jax.jit(jax.vmap(lambda lm, s=scatter, defl=defl: defl(lm, s, jnp)))
        ok = batched(jnp.linspace(9.0, 14.5, 64)).shape == (64, GRID.shape[0], 2)
        jax.block_until_ready(jitted(LOG10_M, scatter))
        t0 = time.perf_counter()
        for _ in range(20):
            jax.block_until_ready(jitted(LOG10_M, scatter))
        ms = (time.perf_counter() - t0) / 20 * 1e3
        print(
            f"{name:<28s}{errs[0]:>14.1e}{errs[1]:>11.1e}{errs[2]:>12.1e}{g:>12.4g}"
            f"{'ok' if ok else 'FAIL':>9s}{ms:>8.2f}"
        )
    print("errors are max |delta alpha| / max |alpha| over the grid")


if __name__ == "__main__":
    main()
