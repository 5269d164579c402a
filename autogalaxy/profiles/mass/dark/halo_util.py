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

LN_C_BOUNDS = (np.log(1e-3), np.log(1e4))
BISECTION_STEPS = 40
NEWTON_STEPS = 1
NEWTON_STEP_H = 1e-5


def rho_s_over_rho_crit_from(
    kappa_s, scale_radius, redshift_object, redshift_source, cosmology=None, xp=np
):
    """rho_s / rho_crit(z_l) for ``kappa_s`` and ``scale_radius`` [arcsec]."""
    cosmology = Planck15() if cosmology is None else cosmology
    kpc_per_arcsec = cosmology.kpc_per_arcsec_from(redshift_object, xp=xp)
    sigma_crit = cosmology.critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_object, redshift_source, xp=xp
    )
    rho_s = kappa_s * sigma_crit / (scale_radius * kpc_per_arcsec)
    return rho_s / cosmology.critical_density(redshift_object, xp=xp)


def concentration_from_density_contrast(delta, enclosed_mass, xp=np):
    """c solving (200/3) c^3 / m(c) = delta, for ``enclosed_mass(c, xp)`` = m(c) as above.

    Requires c^3 / m(c) to increase with c (true for every profile with a non-increasing density).
    """
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
):
    """(c200c, M200c [Msun]) of a halo with ``kappa_s`` and ``scale_radius`` [arcsec].

    ``enclosed_mass(c, xp)`` is the profile's dimensionless m(c) (see the module docstring).
    """
    cosmology = Planck15() if cosmology is None else cosmology
    delta = rho_s_over_rho_crit_from(
        kappa_s, scale_radius, redshift_object, redshift_source, cosmology=cosmology, xp=xp
    )
    c = concentration_from_density_contrast(delta, enclosed_mass, xp=xp)
    r_s_kpc = scale_radius * cosmology.kpc_per_arcsec_from(redshift_object, xp=xp)
    rho_crit = cosmology.critical_density(redshift_object, xp=xp)
    mass = 4.0 / 3.0 * np.pi * 200.0 * rho_crit * (c * r_s_kpc) ** 3
    return c, mass


class HaloMassFromProfile:
    """Mixin giving a profile ``concentration`` and ``mass_at_200_solar_masses``.

    The profile supplies ``kappa_s``, ``scale_radius`` [arcsec], ``_valid(xp)`` and
    ``_enclosed_mass(c, xp)``, its dimensionless m(c) (see the module docstring). Invalid traced
    parameters give NaN, as the profile's other methods do.
    """

    def concentration(self, redshift_object, redshift_source, cosmology=None, xp=np):
        """c200c = r200c / r_s of the halo with this profile's parameters (default Planck15)."""
        return self._c_and_m200(redshift_object, redshift_source, cosmology, xp)[0]

    def mass_at_200_solar_masses(self, redshift_object, redshift_source, cosmology=None, xp=np):
        """M200c [Msun] of the halo with this profile's parameters (default Planck15)."""
        return self._c_and_m200(redshift_object, redshift_source, cosmology, xp)[1]

    def _c_and_m200(self, redshift_object, redshift_source, cosmology, xp):
        c, mass = concentration_and_mass_at_200_from(
            self.kappa_s,
            self.scale_radius,
            redshift_object,
            redshift_source,
            self._enclosed_mass,
            cosmology=cosmology,
            xp=xp,
        )
        invalid = xp.where(self._valid(xp), 1.0, xp.nan)
        return c * invalid, mass * invalid
