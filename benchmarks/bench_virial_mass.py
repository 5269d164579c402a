"""Virial-mass halos: construction, jitted 100 x 100 deflections and jit(grad) w.r.t. the mass.

Run: ``python benchmarks/bench_virial_mass.py``. Prints tables (best-of-7 per call after
compilation, float64); never asserts on time. The reference column is upstream's method written
out here in NumPy with this package's cosmology: the NFW closed-form de_c, scipy's ``hyp2f1`` for
gNFWVirialMassConcSph, scipy ``quad`` of the density for gNFWVirialMassgNFWConcSph, then the
NumPy deflections of the base profile (NFWSph / gNFWSph). For the gradient the reference is a
central finite difference of that NumPy path (two evaluations).
"""

import sys
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from scipy.integrate import quad
from scipy.special import hyp2f1

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import best_time, print_table  # noqa: E402

from autogalaxy.cosmology import Planck15  # noqa: E402
from autogalaxy.profiles.mass.dark.gnfw import gNFWSph  # noqa: E402
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_conc import gNFWVirialMassConcSph  # noqa: E402
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_gnfw_conc import (  # noqa: E402
    gNFWVirialMassgNFWConcSph,
)
from autogalaxy.profiles.mass.dark.nfw import NFWSph  # noqa: E402
from autogalaxy.profiles.mass.dark.nfw_virial_mass_conc import NFWVirialMassConcSph  # noqa: E402

N_SIDE = 100
Z_L, Z_S = 0.5, 1.0
COSMO = Planck15()
GAMMA = 1.3


def grid():
    x = np.linspace(-3.0, 3.0, N_SIDE)
    yy, xx = np.meshgrid(x[::-1], x, indexing="ij")
    return np.stack([yy.ravel(), xx.ravel()], axis=-1)


def reference_lens_parameters(mass, c, overdens, gamma, method):
    """Upstream's (kappa_s, scale_radius [arcsec]) by its own method, NumPy."""
    rho_crit = COSMO.critical_density(Z_L)
    sigma_crit = COSMO.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(Z_L, Z_S)
    kpc_per_arcsec = COSMO.kpc_per_arcsec_from(Z_L)
    if overdens == 0:
        x = COSMO.Om(Z_L) - 1.0
        overdens = 18 * np.pi**2 + 82 * x - 39 * x**2
    r_vir = (mass / (overdens * rho_crit * 4 * np.pi / 3)) ** (1 / 3)
    r_s = r_vir / c
    if method == "nfw":
        de_c = overdens / 3 * c**3 / (np.log1p(c) - c / (1 + c))
    elif method == "hyp2f1":
        a = 3 - gamma
        de_c = overdens / 3 * a * c**gamma / hyp2f1(a, a, a + 1, -c)
    else:
        integral = quad(lambda r: r ** (2 - gamma) * (1 + r / r_s) ** (gamma - 3), 0, r_vir)[0]
        de_c = overdens / 3 * r_vir**3 / r_s**gamma / integral
    return rho_crit * de_c * r_s / sigma_crit, r_s / kpc_per_arcsec


CASES = {
    # class, name of the differentiated mass, its value, builder, reference builder
    "NFWVirialMassConcSph": (
        "virial_mass", 1.0e12,
        lambda m: NFWVirialMassConcSph(virial_mass=m, concentration=8.0, virial_overdens=200.0),
        lambda m: NFWSph((0.0, 0.0), *reference_lens_parameters(m, 8.0, 200.0, 1.0, "nfw")),
    ),
    "gNFWVirialMassConcSph": (
        "log10m_vir", 12.0,
        lambda lm: gNFWVirialMassConcSph(log10m_vir=lm, c_2=8.0, inner_slope=GAMMA),
        lambda lm: _gnfw(reference_lens_parameters(10**lm, (2 - GAMMA) * 8.0, 0.0, GAMMA,
                                                   "hyp2f1")),
    ),
    "gNFWVirialMassgNFWConcSph": (
        "log10m_vir", 12.0,
        lambda lm: gNFWVirialMassgNFWConcSph(log10m_vir=lm, c_gNFW=6.0, inner_slope=GAMMA),
        lambda lm: _gnfw(reference_lens_parameters(10**lm, 6.0, 0.0, GAMMA, "quad")),
    ),
}


def _gnfw(parameters):
    kappa_s, scale_radius = parameters
    return gNFWSph(kappa_s=kappa_s, inner_slope=GAMMA, scale_radius=scale_radius)


def bench_case(name, mass_name, m0, make, make_reference, g):
    gj = jnp.asarray(g)
    block = jax.block_until_ready
    shifted = m0 * 1.02 if mass_name == "virial_mass" else m0 + 0.01
    data = jnp.asarray(make(shifted).deflections_yx_2d_from(g))
    forward = jax.jit(lambda m: make(m).deflections_yx_2d_from(gj, xp=jnp))
    grad = jax.jit(jax.grad(
        lambda m: jnp.sum((make(m).deflections_yx_2d_from(gj, xp=jnp) - data) ** 2)))
    h = 1e-5 * m0

    def reference_chi2(m):
        return np.sum((make_reference(m).deflections_yx_2d_from(g) - np.asarray(data)) ** 2)

    def reference_fd():
        return (reference_chi2(m0 + h) - reference_chi2(m0 - h)) / (2 * h)

    # the reference is upstream's method: check that it gives our numbers before timing it
    ours, ref = make(m0), make_reference(m0)
    agreement = max(abs(ours.kappa_s / ref.kappa_s - 1),
                    abs(ours.scale_radius / ref.scale_radius - 1))
    m_traced = jnp.asarray(m0)
    rows = [
        ("construction, NumPy", best_time(lambda: make(m0)),
         best_time(lambda: make_reference(m0))),
        ("traced construction + deflections, jit", best_time(forward, m_traced, block=block),
         best_time(lambda: make_reference(m0).deflections_yx_2d_from(g))),
        (f"jit(grad) chi^2 w.r.t. {mass_name} (ref: central FD)",
         best_time(grad, m_traced, block=block), best_time(reference_fd)),
    ]
    print_table(f"{name} on a {N_SIDE} x {N_SIDE} grid (float64); reference = upstream's "
                f"method in NumPy; max kappa_s, r_s relative difference = {agreement:.1e}", rows)


def main():
    g = grid()
    for name, (mass_name, m0, make, make_reference) in CASES.items():
        bench_case(name, mass_name, m0, make, make_reference, g)


if __name__ == "__main__":
    main()
