"""Per halo-pixel kernels of a halo population: blocks of halos evaluated at blocks of points.

A population (:mod:`~autogalaxy.profiles.mass.dark.population`) sums one spherical profile kind
over many halos. This module turns the existing spherical kernels, imported by name and never
copied, into block sums

    out[g, k] = sum_b w[b, g] f_b(points[g, k]),

for a block of B halos (arrays of shape (B,)) and points grouped as (G, K, 2) (y, x) [arcsec];
w is an optional (B, G) weight (the fast path's near/far masks; None means 1). Each halo's value
is computed exactly as its single profile computes it:

* ``"nfw"``: :class:`~autogalaxy.profiles.mass.dark.nfw.NFWSph` (Bartelmann 1996, Golse & Kneib
  2002): nfw_convergence_hat, nfw_deflection_over_radius_hat, nfw_potential_hat;
* ``"nfw_truncated"``: :class:`~autogalaxy.profiles.mass.dark.nfw_truncated.NFWTruncatedSph`
  (Baltz, Marshall & Oguri 2009): truncated_nfw_convergence_hat, truncated_nfw_mass_2d_hat,
  truncated_nfw_potential_hat, with tau = r_t / r_s;
* ``"cnfw"``: :class:`~autogalaxy.profiles.mass.dark.cnfw.cNFWSph` (Penarrubia et al. 2012):
  cnfw_convergence_hat, cnfw_deflection_over_radius_hat, cnfw_potential_hat, f = r_c / r_s.

Units: kappa dimensionless, alpha [arcsec] as (alpha_y, alpha_x), psi [arcsec^2]. Radii below
x_min = 1e-12 r_s (float64) are handled as in the single profiles (kappa frozen there, alpha -> 0
and psi -> 0 at the centre), so every per-halo value equals the single profile's to rounding
(<= 1e-15 relative per term; the kernels' own accuracy is stated in their modules: <= 2e-14 for
NFW / truncated NFW, <= 1e-11 for cNFW, in float64).

The NFW and truncated-NFW kernels are elementwise and run on (B, G, K) arrays. The cNFW kernels
take a scalar core fraction (they pick the f ~ 1 interpolation branch by a scalar ``cond``; under
vmap that would become a select that runs both branches, ~11x the work), so the cNFW block loops
over its halos with ops(xp).fori_loop, each on all points at once.
"""

import numpy as np

from autogalaxy.profiles.mass.dark import population_far_series as fs
from autogalaxy.profiles.mass.dark.cnfw import (
    cnfw_convergence_hat,
    cnfw_deflection_over_radius_hat,
    cnfw_potential_hat,
)
from autogalaxy.profiles.mass.dark.nfw import (
    nfw_convergence_hat,
    nfw_deflection_over_radius_hat,
    nfw_potential_hat,
)
from autogalaxy.profiles.mass.dark.nfw_truncated import (
    truncated_nfw_convergence_hat,
    truncated_nfw_mass_2d_hat,
    truncated_nfw_potential_hat,
)
from autogalaxy.profiles.mass.kernel_util import safe_radius, x_min_for
from autogalaxy.util.backend import ops

PROFILES = ("nfw", "nfw_truncated", "cnfw")
# block_sum's pseudo-profile: the truncated NFW's far series (population_fast, far pairs)
SERIES = "nfw_truncated_series"
QUANTITIES = ("convergence", "deflections", "potential")
# The extra per-halo radius each kind needs (None: none), by the population's argument name.
EXTRA_RADIUS = {"nfw": None, "nfw_truncated": "truncation_radius", "cnfw": "core_radius"}
# Parameters of padding halos: kappa_s = 0 makes them contribute exactly 0; the radii keep every
# kernel branch finite (f = 0.5 stays off cNFW's f ~ 1 interpolation branch).
PAD_SCALE_RADIUS = 1.0
PAD_EXTRA_RADIUS = 0.5


def n_components(quantity):
    """Output components per point: 2 for deflections, 1 otherwise."""
    return 2 if quantity == "deflections" else 1


def _offsets(halos, points, expand):
    """(dy, dx) [arcsec] of every point from every halo centre, shapes (B, G, K)."""
    cy, cx = expand(halos["centre_y"]), expand(halos["centre_x"])
    return points[None, ..., 0] - cy, points[None, ..., 1] - cx


def _elementwise_field(profile, quantity, halos, points, xp):
    """(B, G, K) or ((B, G, K), (B, G, K)) field of each halo of an elementwise kind."""

    def expand(a):
        return a[:, None, None]

    dy, dx = _offsets(halos, points, expand)
    rs = expand(halos["scale_radius"])
    ks = expand(halos["kappa_s"])
    y, x = dy / rs, dx / rs
    r2 = x * x + y * y
    tau = expand(halos["extra_radius"]) / rs if profile == "nfw_truncated" else None
    if quantity == "convergence":
        r = xp.maximum(safe_radius(r2, xp), x_min_for(r2))
        hat = (
            nfw_convergence_hat(r, xp=xp)
            if tau is None
            else (truncated_nfw_convergence_hat(r, tau, xp=xp))
        )
        return ks * hat
    if quantity == "deflections":
        r = xp.maximum(safe_radius(r2, xp), x_min_for(r2))
        if tau is None:
            over_r = nfw_deflection_over_radius_hat(r, xp=xp)
        else:
            over_r = 4.0 * truncated_nfw_mass_2d_hat(r, tau, xp=xp) / (r * r)
        # alpha = kappa_s r_s hat(x) (y, x) / r_s: the offsets in arcsec times kappa_s hat
        a = ks * over_r
        return a * dy, a * dx
    x_min = x_min_for(r2)
    r = xp.maximum(safe_radius(r2, xp), x_min)
    hat = nfw_potential_hat(r, xp=xp) if tau is None else truncated_nfw_potential_hat(r, tau, xp=xp)
    return ks * rs * rs * hat * xp.minimum(r2 / x_min**2, 1.0)


def _weighted_sum(field, weights, xp):
    if weights is None:
        return xp.sum(field, axis=0)
    return xp.sum(field * weights[:, :, None], axis=0)


def _cnfw_one(quantity, halo, points, xp):
    """(G, K) or (G, K, 2) field of one cNFW halo (scalar parameters), as cNFWSph computes it."""
    dy = points[..., 0] - halo["centre_y"]
    dx = points[..., 1] - halo["centre_x"]
    rs, ks = halo["scale_radius"], halo["kappa_s"]
    y, x = dy / rs, dx / rs
    r2 = x * x + y * y
    x_min = x_min_for(r2)
    r = xp.sqrt(xp.maximum(r2, x_min * x_min))
    f = halo["extra_radius"] / rs
    if quantity == "convergence":
        return ks * cnfw_convergence_hat(r, f, xp=xp)
    if quantity == "deflections":
        a = ks * cnfw_deflection_over_radius_hat(r, f, xp=xp)
        return xp.stack([a * dy, a * dx], axis=-1)
    psi = cnfw_potential_hat(r, f, xp=xp) * xp.minimum(r2 / x_min**2, 1.0)
    return ks * rs * rs * psi


def _series_field(quantity, halos, points, xp):
    """The truncated NFW's far series (population_far_series) of B halos at (G, K, 2) points;
    deflections as alpha_y + i alpha_x (block_sum)."""
    dy = points[None, ..., 0] - halos["centre_y"][:, None, None]
    dx = points[None, ..., 1] - halos["centre_x"][:, None, None]
    coefficients = halos["series"][:, None, None, :]
    if quantity != "deflections":
        return fs.radial_value(quantity, coefficients, dy, dx, xp)
    return fs.complex_deflection(coefficients, dy, dx, xp)


def block_sum(profile, quantity, halos, points, weights=None, xp=np):
    """sum_b w[b, g] f_b(points[g, k]): (G, K) (convergence, potential) or (G, K, 2) (deflections).

    ``profile`` SERIES: the truncated NFW's far series instead of its kernel, from ``halos``
    ``series`` (B, terms) (population_far_series.far_coefficients) and the centres; valid only
    beyond each halo's far_radius / theta (the fast path's choice, population_fast).

    ``halos``: dict of (B,) arrays ``centre_y``, ``centre_x`` [arcsec], ``kappa_s``,
    ``scale_radius`` [arcsec] and ``extra_radius`` (r_t or r_c [arcsec]; ignored for "nfw").
    ``points``: (G, K, 2) (y, x) [arcsec]. ``weights``: None or (B, G).
    """
    if profile != "cnfw":
        if profile == SERIES:
            field = _series_field(quantity, halos, points, xp)
        else:
            field = _elementwise_field(profile, quantity, halos, points, xp)
        if isinstance(field, tuple):
            field = field[0] + 1j * field[1]
        out = _weighted_sum(field, weights, xp)
        if quantity == "deflections":
            # the two components leave as one complex sum: XLA:CPU gives each output of a
            # reduction its own loop, which evaluated the far series twice (256 halos x 625
            # points, jit: 3.9 -> 2.4 ns per pair; the closed form 11.9 -> 10.3 ns; session 10)
            return xp.stack([xp.real(out), xp.imag(out)], axis=-1)
        return out

    n = halos["kappa_s"].shape[0]
    shape = points.shape[:-1] + ((2,) if quantity == "deflections" else ())

    def body(b, total):
        one = {k: v[b] for k, v in halos.items()}
        value = _cnfw_one(quantity, one, points, xp)
        if weights is not None:
            w = weights[b][:, None]
            value = value * (w[..., None] if quantity == "deflections" else w)
        return total + value

    return ops(xp).fori_loop(0, n, body, xp.zeros(shape, dtype=points.dtype))
