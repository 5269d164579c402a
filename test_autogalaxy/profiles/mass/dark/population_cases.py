"""Shared halo populations and ray sets of the population fast-path tests (test_population_fast,
test_population_multipole): pyHalo-like truncated NFWs (masses 1e6-1e10 Msun with dN/dm ~
m^-1.9, r_s 0.01-0.12 arcsec, tau = r_t / r_s 1e-4..40, uniform in a 6 arcsec disc), broad random
ones (kappa_s 1e-3..10), and the accuracy measure max |fast - exact| / max |exact|.
"""

import numpy as np

QUANTITIES = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from")
SIGMA_CRIT = 1.3e11  # Msun / arcsec^2, z_l = 0.5, z_s = 1.5 (order of magnitude)


def pyhalo_like(n, seed):
    rng = np.random.default_rng(seed)
    a, lo, hi = -0.9, 1e6, 1e10
    m = (lo**a + rng.uniform(size=n) * (hi**a - lo**a)) ** (1 / a)
    rs = np.clip(0.01 * (m / 1e6) ** 0.27 * 10 ** rng.normal(0, 0.05, n), 0.01, 0.12)
    tau = 10 ** rng.uniform(-4, np.log10(40), n)
    c = 15.0
    kappa_s = m / SIGMA_CRIT / (4 * np.pi * rs**2 * (np.log1p(c) - c / (1 + c)))
    r = 3.0 * np.sqrt(rng.uniform(size=n))
    phi = rng.uniform(0, 2 * np.pi, n)
    centres = np.stack([r * np.sin(phi), r * np.cos(phi)], -1)
    return centres, kappa_s, rs, rs * tau


def broad(n, seed):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-3, 3, (n, 2))
    rs = 10 ** rng.uniform(-2, -0.5, n)
    return centres, 10 ** rng.uniform(-3, 1, n), rs, rs * 10 ** rng.uniform(-4, np.log10(40), n)


def rays(side=36, extra=150, seed=0):
    t = np.linspace(-3.0, 3.0, side)
    g = np.stack(np.meshgrid(t, t, indexing="ij"), -1).reshape(-1, 2)
    scattered = np.random.default_rng(seed).uniform(-3.2, 3.2, (extra, 2))
    return np.concatenate([g, scattered])


def error(fast, exact):
    fast, exact = np.asarray(fast), np.asarray(exact)
    norm = (lambda a: np.linalg.norm(a, axis=-1)) if exact.ndim == 2 else np.abs
    return np.max(norm(fast - exact)) / np.max(norm(exact))
