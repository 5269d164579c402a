"""Halo mass and concentration (M200c, c200c) of a profile given its lensing parameters.

For rho(r) = rho_s shape(r / r_s), define the dimensionless enclosed mass
m(x) = M3D(< x r_s) / (4 pi rho_s r_s^3) = int_0^x t^2 shape(t) dt. The radius r200 = c r_s
encloses a mean density 200 rho_crit(z), so c solves

    (200 / 3) c^3 / m(c) = rho_s / rho_crit,     rho_s = kappa_s Sigma_crit / r_s[kpc],

and M200 = (4 pi / 3) 200 rho_crit (c r_s)^3. The equation is solved with the package's one
root helper (:mod:`autogalaxy.util.roots`): 40 bisection steps in ln c over [1e-3, 1e4] (bracket
1.5e-11 wide), one Newton step and the implicit-function step that carries the gradient under
jax.grad (bisection alone would give zero). Relative accuracy of c: ~1e-14.
"""

import numpy as np

from autogalaxy.cosmology import Planck15
from autogalaxy.util import roots
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check_all, nonnegative, positive

LN_C_BOUNDS = (np.log(1e-3), np.log(1e4))
BISECTION_STEPS = 40
NEWTON_STEPS = 1
NEWTON_STEP_H = 1e-5


def rho_s_over_rho_crit_from(
    kappa_s, scale_radius, redshift_object, redshift_source, cosmology=None, xp=np,
    density_redshift=None,
):
    """rho_s / rho_crit for ``kappa_s`` and ``scale_radius`` [arcsec]; rho_crit at
    ``density_redshift`` (default: the lens redshift, i.e. c200c)."""
    cosmology = Planck15() if cosmology is None else cosmology
    z_ref = redshift_object if density_redshift is None else density_redshift
    return rho_s_from(kappa_s, scale_radius, redshift_object, redshift_source, cosmology, xp) / (
        cosmology.critical_density(z_ref, xp=xp)
    )


def _check_lens_parameters(kappa_s, scale_radius):
    # ValueError naming the argument (concrete); traced values: a check inside ag.checked only
    check_all((
        ("kappa_s", kappa_s, nonnegative, NONNEGATIVE),
        ("scale_radius", scale_radius, positive, POSITIVE + " [arcsec]"),
    ))


def rho_s_from(kappa_s, scale_radius, redshift_object, redshift_source, cosmology=None, xp=np):
    """rho_s = kappa_s Sigma_crit / r_s [Msun/kpc^3] (upstream's ``rho_at_scale_radius``).

    ValueError naming the argument for kappa_s < 0, scale_radius <= 0, non-finite values or bad
    redshifts (the cosmology's checks)."""
    _check_lens_parameters(kappa_s, scale_radius)
    cosmology = Planck15() if cosmology is None else cosmology
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift_object, xp=xp)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_object, redshift_source, xp=xp
    )
    return kappa_s * sigma_crit / (scale_radius * kpc_per_arcsec)


def concentration_from_density_contrast(delta, enclosed_mass, xp=np):
    """c solving (200/3) c^3 / m(c) = delta, for ``enclosed_mass(c, xp)`` = m(c) as above.

    Requires c^3 / m(c) to increase with c (true for every profile with a non-increasing density).
    ValueError for a concrete ``delta`` that is not finite and > 0 (NaN for a traced one).
    """
    check_all((("delta", delta, positive, POSITIVE + " (rho_s / rho_crit)"),))
    target = xp.log(3.0 * xp.asarray(delta, dtype=float) / 200.0)

    def residual(ln_c):
        c = xp.exp(ln_c)
        return 3.0 * ln_c - xp.log(enclosed_mass(c, xp)) - target

    lo = xp.zeros_like(target) + LN_C_BOUNDS[0]
    hi = xp.zeros_like(target) + LN_C_BOUNDS[1]
    ln_c, _ = roots.solve(
        roots.with_central_difference(residual, NEWTON_STEP_H),
        lo,
        hi,
        xp,
        bisection_steps=BISECTION_STEPS,
        newton_steps=NEWTON_STEPS,
    )
    return xp.exp(ln_c)


def concentration_and_mass_at_200_from(
    kappa_s,
    scale_radius,
    redshift_object,
    redshift_source,
    enclosed_mass,
    cosmology=None,
    xp=np,
    density_redshift=None,
):
    """(c200, M200 [Msun]) of a halo with ``kappa_s`` and ``scale_radius`` [arcsec].

    ``enclosed_mass(c, xp)`` is the profile's dimensionless m(c) (see the module docstring). The
    overdensity is 200 rho_crit(z) with z = ``density_redshift`` (default: the lens redshift).
    """
    cosmology = Planck15() if cosmology is None else cosmology
    z_ref = redshift_object if density_redshift is None else density_redshift
    delta = rho_s_over_rho_crit_from(
        kappa_s, scale_radius, redshift_object, redshift_source, cosmology=cosmology, xp=xp,
        density_redshift=z_ref,
    )
    c = concentration_from_density_contrast(delta, enclosed_mass, xp=xp)
    r_s_kpc = scale_radius * cosmology.kpc_per_arcsec_from(redshift_object, xp=xp)
    rho_crit = cosmology.critical_density(z_ref, xp=xp)
    mass = 4.0 / 3.0 * np.pi * 200.0 * rho_crit * (c * r_s_kpc) ** 3
    return c, mass


# The profile mixin with upstream's halo-mass methods lives in ``dark/abstract.py`` (upstream's
# ``AbstractgNFW``); kept importable here under its earlier name.
from autogalaxy.profiles.mass.dark.abstract import (  # noqa: E402,F401
    AbstractgNFW as HaloMassFromProfile,
)
