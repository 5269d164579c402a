"""Virial-mass plumbing: (M_vir, c, Delta, redshifts) -> NFW-family lens parameters.

A halo of virial mass M_vir [Msun] whose mean density inside the virial radius is Delta times the
critical density at the lens redshift has

    r_vir = (3 M_vir / (4 pi Delta rho_crit(z_l)))^(1/3)   [kpc],     r_s = r_vir / c,
    rho_s = M_vir / (4 pi r_s^3 m(c)),                      kappa_s = rho_s r_s / Sigma_crit,

with m(c) = M3D(< c r_s) / (4 pi rho_s r_s^3) the profile's own dimensionless enclosed mass, so
that M3D(< r_vir) = M_vir exactly for every shape (NFW: m = ln(1 + c) - c / (1 + c); gNFW:
m = c^(3-g) / (3-g) 2F1(3-g, 3-g; 4-g; -c), evaluated by ``gnfw.gnfw_enclosed_mass_hat``). This is
the rho_s = (Delta / 3) rho_crit c^3 / m(c) of Navarro, Frenk & White (1997, eq. 2) with 200
replaced by Delta. ``overdens = 0`` selects the Bryan & Norman (1998, ApJ 495, 80, eq. 6)
overdensity of a flat universe with a cosmological constant,

    Delta_c(z) = 18 pi^2 + 82 x - 39 x^2,    x = Omega_m(z) - 1,

with Omega_m(z) = Om0 (1 + z)^3 / E(z)^2 of the cosmology (astropy's ``Om(z)``). The choice is a
branch-free ``xp.where`` on the value, so it runs under ``jax.jit`` and its gradient with respect
to the redshift carries dDelta_c/dz; both branches are finite for every valid redshift.

Every function is xp-aware (NumPy or jax.numpy) and differentiable in every argument. Float64
accuracy: the normalisation m(c) is exact to <= 3e-15 relative (gNFW: against mpmath's 2F1
closed form for gamma in [0, 1.99], c in [1e-3, 1e4]); r_vir, r_s and kappa_s inherit the
cosmology's accuracy (rho_crit, Omega_m, Sigma_crit and kpc/arcsec within 2e-13 of astropy's
Planck15 for z_l in [0.05, 1], z_s to 3), so M3D(< r_vir) = M_vir and r_vir match references
computed from astropy to <= 1e-12 (test_virial_mass.py). Float32 inputs: the cosmology still
runs in float64 but m(c) follows the dtype of c, so kappa_s is good to ~1e-7 (measured 8e-8).
"""

import numpy as np

from autogalaxy.cosmology import Planck15
from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.mcr import MassConcentration
from autogalaxy.profiles.mass.dark.mcr_util import redshift_requirements
from autogalaxy.profiles.mass.kernel_util import nan_unless
from autogalaxy.util.checks import check_all, finite, is_concrete, nonnegative, positive

_DEFAULT_COSMOLOGY = Planck15()
#: largest log10 of a mass in Msun whose power of ten is a finite float64
LOG10_MASS_MAX = 308.0


def bryan_norman_overdensity(redshift, cosmology=None, xp=np):
    """Delta_c(z) = 18 pi^2 + 82 x - 39 x^2, x = Omega_m(z) - 1 (Bryan & Norman 1998, eq. 6).

    The virial overdensity relative to the critical density at ``redshift`` of a flat LambdaCDM
    cosmology (default Planck15): 18 pi^2 = 177.65 for Omega_m = 1; 102.17 at z = 0 and
    138.44 at z = 0.5 for Planck15.
    Exact formula; Omega_m(z) as the cosmology's ``Om(z)`` (<= 2e-13 against astropy).
    """
    cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
    x = cosmology.Om(redshift, xp=xp) - 1.0
    return 18.0 * np.pi**2 + 82.0 * x - 39.0 * x * x


def resolved_overdensity(overdens, redshift, cosmology=None, xp=np):
    """``overdens`` where it is non-zero, else Bryan & Norman's Delta_c(redshift) (branch-free)."""
    overdens = xp.asarray(overdens, dtype=float)
    bryan_norman = bryan_norman_overdensity(redshift, cosmology, xp=xp)
    return xp.where(overdens == 0.0, bryan_norman, overdens)


def virial_radius_kpc(virial_mass, overdens, rho_crit, xp=np):
    """r_vir [kpc] enclosing mean density overdens x rho_crit [Msun/kpc^3] for M_vir [Msun]."""
    return xp.cbrt(3.0 * virial_mass / (4.0 * np.pi * overdens * rho_crit))


def virial_lens_parameters(
    virial_mass,
    concentration,
    overdens,
    redshift_object,
    redshift_source,
    enclosed_mass_factor,
    cosmology=None,
    xp=np,
    bryan_norman=True,
):
    """(kappa_s, scale_radius [arcsec], virial_radius [kpc], resolved overdensity) of a halo.

    ``virial_mass`` M_vir [Msun]; ``concentration`` c = r_vir / r_s of the profile;
    ``overdens`` Delta relative to rho_crit(z_l) (0: Bryan & Norman, unless ``bryan_norman`` is
    False, when only Delta > 0 is valid); ``enclosed_mass_factor(c, xp)`` the profile's m(c).
    The one kernel behind the three virial-mass classes. Unchecked: invalid traced input gives
    NaN in every output (the resolved overdensity included).
    """
    cosmology = _DEFAULT_COSMOLOGY if cosmology is None else cosmology
    raw = xp.asarray(overdens, dtype=float)
    valid = (
        ((raw >= 0) if bryan_norman else (raw > 0))
        & xp.isfinite(raw)
        & (xp.asarray(virial_mass) > 0)
        & xp.isfinite(xp.asarray(virial_mass, dtype=float))
        & (xp.asarray(concentration) > 0)
        & xp.isfinite(xp.asarray(concentration, dtype=float))
        & (xp.asarray(redshift_object) >= 0)
        & (xp.asarray(redshift_source) > xp.asarray(redshift_object))
    )
    delta = resolved_overdensity(raw, redshift_object, cosmology, xp=xp)
    rho_crit, sigma_crit, kpc_per_arcsec = mcr_util.lensing_cosmology(
        redshift_object, redshift_source, xp=xp, cosmology=cosmology
    )
    virial_radius = virial_radius_kpc(virial_mass, delta, rho_crit, xp=xp)
    scale_radius_kpc = virial_radius / concentration
    mass_factor = enclosed_mass_factor(concentration, xp)
    rho_s = virial_mass / (4.0 * np.pi * scale_radius_kpc**3 * mass_factor)
    kappa_s = rho_s * scale_radius_kpc / sigma_crit
    return tuple(
        nan_unless(valid, v, xp)
        for v in (kappa_s, scale_radius_kpc / kpc_per_arcsec, virial_radius, delta)
    )


def virial_requirements(
    mass_name,
    mass,
    concentration_name,
    concentration,
    overdens_name,
    overdens,
    redshift_object,
    redshift_source,
    inner_slope=None,
    bryan_norman=True,
    log10=False,
):
    """The requirements (checks.check_all) on a virial-mass halo's free parameters.

    ``log10``: ``mass`` is log10(M_vir / Msun) and 10**mass must be finite and positive.
    ``bryan_norman``: whether overdens = 0 is allowed (it selects Delta_c of Bryan & Norman).
    """
    if log10:
        out = ((mass_name, mass, lambda v: finite(v) & (abs(v) <= LOG10_MASS_MAX),
                f"in [-{LOG10_MASS_MAX:g}, {LOG10_MASS_MAX:g}] [log10 Msun] (10**{mass_name} "
                "finite and > 0)"),)
    else:
        out = ((mass_name, mass, positive, "finite and positive [Msun]"),)
    out += ((concentration_name, concentration, positive, "finite and positive"),)
    if bryan_norman:
        out += ((overdens_name, overdens, nonnegative,
                 "finite and >= 0 (0 selects Bryan & Norman 1998)"),)
    else:
        out += ((overdens_name, overdens, positive, "finite and positive"),)
    out += redshift_requirements(redshift_object, redshift_source)
    if inner_slope is not None:
        out += (("inner_slope", inner_slope, lambda g: (g >= 0) & (g < 2),
                 "in [0, 2) (r_-2 = (2 - inner_slope) r_s must exist)"),)
    return out


def check_virial_halo(*args, **kwargs):
    """ValueError naming the argument for bad concrete values (traced ones give NaN downstream);
    the arguments of :func:`virial_requirements`."""
    check_all(virial_requirements(*args, **kwargs))


def as_leaf(value):
    """A concrete Python int becomes a float (an int leaf cannot be differentiated by jax.grad)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return float(value)
    return value


class VirialMass(MassConcentration):
    """Mixin of the virial-mass classes: put it first, ``class X(VirialMass, NFWSph)``.

    Free parameters (the pytree leaves) are the constructor's positional arguments; ``kappa_s``,
    ``scale_radius`` [arcsec] and ``virial_radius`` [kpc] are derived, read-only and lazy (see
    :mod:`~autogalaxy.profiles.mass.dark.mcr`). A subclass names its parameters through the class
    attributes below and gives its profile's c and m(c) (``_profile_concentration``,
    ``_halo_mass_factor``).

    Overdensity leaf: when ``bryan_norman`` is True, the overdensity attribute holds the
    *resolved* value (Bryan & Norman's Delta_c(z_l) when 0 was passed), as upstream's does. Built
    inside a differentiated function, that value is a function of the traced redshift, so
    d/d(redshift_object) includes dDelta_c/dz. A profile pytree built outside carries the resolved
    number as a leaf: jax.grad then gives the partial derivatives at fixed Delta (with respect to
    the overdensity and to the redshift separately; their chain-rule sum is the total derivative),
    and ``type(p)(**leaves)`` rebuilds the same halo. A leaf of exactly 0 means Bryan & Norman
    again.
    """

    derived_parameters = ("kappa_s", "scale_radius", "virial_radius")
    mass_name = "log10m_vir"
    log10_mass = True
    concentration_name = "c_2"
    overdens_name = "overdens"
    bryan_norman = True
    has_inner_slope = True

    def _init_virial(self, centre, cosmology, **free):
        free = {name: as_leaf(value) for name, value in free.items()}
        self._init_halo(centre, cosmology=cosmology, **free)
        if self.bryan_norman:
            # the derived values already used the resolved Delta; storing it changes none of them
            overdens = self._derived()["overdens"]
            setattr(self, self.overdens_name, float(overdens) if is_concrete(overdens) and
                    np.ndim(overdens) == 0 else overdens)

    def _free_requirements(self, free):
        return virial_requirements(
            self.mass_name, free[self.mass_name], self.concentration_name,
            free[self.concentration_name], self.overdens_name, free[self.overdens_name],
            free["redshift_object"], free["redshift_source"],
            inner_slope=free.get("inner_slope"), bryan_norman=self.bryan_norman,
            log10=self.log10_mass,
        )

    def _non_finite_message(self, free):
        return f"{type(self).__name__}: derived parameters are not finite for {free!r}"

    def _virial_mass(self):
        mass = getattr(self, self.mass_name)
        return 10.0**mass if self.log10_mass else mass

    def _profile_concentration(self, xp):
        """c = r_vir / r_s of the profile (subclass hook)."""
        raise NotImplementedError

    def _halo_parameters(self, xp):
        kappa_s, scale_radius, virial_radius, overdens = virial_lens_parameters(
            self._virial_mass(),
            self._profile_concentration(xp),
            getattr(self, self.overdens_name),
            self.redshift_object,
            self.redshift_source,
            self._halo_mass_factor,
            cosmology=self.cosmology,
            xp=xp,
            bryan_norman=self.bryan_norman,
        )
        out = dict(kappa_s=kappa_s, scale_radius=scale_radius, virial_radius=virial_radius,
                   overdens=overdens)
        if self.has_inner_slope:
            gamma = xp.asarray(self.inner_slope, dtype=float)
            out = {k: nan_unless((gamma >= 0) & (gamma < 2), v, xp) for k, v in out.items()}
        return out
