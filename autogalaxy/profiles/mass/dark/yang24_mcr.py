"""The Yang et al. (2024) SIDM halo from physical inputs: ``YangSIDMMCRLudlowSph``.

The CDM baseline is the NFW of M200c [Msun] on the Ludlow et al. (2016) relation (the package's
mass-concentration layer, :mod:`mcr`, with the NFW m(c)): rho_s0 [Msun / kpc^3], r_s0 [kpc]. Then

- the effective velocity nu_eff = 0.64 V_max (Yang et al. 2024, arXiv:2305.16176, Sec. 2, after
  Outmezguine et al. 2023, arXiv:2204.06568), V_max = sqrt(4 pi G rho_s0 r_s0^2 m(x*) / x*) of the
  baseline NFW, x* = 2.16258 the root of ln(1 + x) = x (1 + 2x) / (1 + x)^2;
- the effective cross-section of Outmezguine et al. (2023) for sigma / m = sigma_over_m
  (v / velocity_ref)^-a: the average of sigma v^5 over the Maxwell-Boltzmann distribution of
  relative speeds f(v) ~ v^2 exp(-v^2 / (4 nu_eff^2)), divided by that of v^5,

      sigma_eff / m = (sigma_over_m) (velocity_ref / (2 nu_eff))^a Gamma(4 - a/2) / Gamma(4),

  (int_0^inf v^(7-a) e^(-v^2 / 4 nu^2) dv = (2 nu)^(8-a) Gamma(4 - a/2) / 2), finite for a < 8;
- the collapse time (Yang et al. 2024, Sec. 2; the gravothermal calibration of their
  simulations) t_c = (150 / C) / [(sigma_eff / m) rho_s0 r_s0 sqrt(4 pi G rho_s0)], C = 0.75,
  and tau = t_age / t_c, clamped into [0, 1] for the profile (``tau_physical`` keeps the value).

Units: sigma [cm^2 / g], velocities [km / s], t_age [Gyr] (Julian years). The authors' code
(github.com/DanengYang/parametricSIDM, ``tc`` in parametricC4.py) returns t_c in kpc / (km / s)
and compares it with times in Gyr, i.e. takes 1 kpc s / km = 1 Gyr (it is 0.9778 Gyr); upstream
autogalaxy and this module convert units exactly (tau 2.3% smaller than that code's).
"""

import math

import numpy as np

from autogalaxy.cosmology.constants import G_KPC_KM2_S2_MSUN, KPC_M, SOLAR_MASS_KG
from autogalaxy.profiles.mass.dark import mcr_util
from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation
from autogalaxy.profiles.mass.dark.yang24 import YangSIDMSph, clamp_tau
from autogalaxy.profiles.mass.kernel_util import nan_unless
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check, finite, nonnegative, positive

NFW_X_AT_V_MAX = 2.1625815870646098  # root of ln(1 + x) = x (1 + 2x) / (1 + x)^2
NU_EFF_OVER_V_MAX = 0.64
COLLAPSE_C = 0.75
COLLAPSE_NUMERATOR = 150.0
CM2_PER_G_IN_KPC2_PER_MSUN = 0.1 * SOLAR_MASS_KG / KPC_M**2  # 1 cm^2/g = 0.1 m^2/kg
JULIAN_GYR_S = 365.25 * 86400.0 * 1e9
PER_GYR_PER_KM_S_PER_KPC = JULIAN_GYR_S / (KPC_M / 1e3)  # 1 (km/s)/kpc in 1/Gyr: 1.0227
MAX_VELOCITY_EXPONENT = 8.0
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)
_STIRLING_SHIFT = 10


def _log_gamma(z, xp):
    """ln Gamma(z) for z > 0: Gamma(z) = Gamma(z + 10) / prod_k (z + k) and Stirling's series at
    w = z + 10 >= 10 to w^-13 (next term < 3e-17). Float64 absolute error <= 4e-15 for z in
    (0, 10] (math.lgamma); differentiable, backend-agnostic."""
    product = 1.0
    for k in range(_STIRLING_SHIFT):
        product = product * (z + k)
    w = z + _STIRLING_SHIFT
    inv2 = 1.0 / (w * w)
    series = 0.0
    for coefficient in _STIRLING[::-1]:
        series = series * inv2 + coefficient
    stirling = (w - 0.5) * xp.log(w) - w + 0.5 * math.log(2.0 * math.pi) + series / w
    return stirling - xp.log(product)


def nfw_v_max_km_s(rho_s, scale_radius_kpc, xp=np):
    """V_max [km/s] of the NFW with rho_s [Msun / kpc^3] and r_s [kpc]: sqrt(4 pi G rho_s r_s^2
    m(x*) / x*) (Navarro, Frenk & White 1997), ~1.648 r_s sqrt(G rho_s)."""
    x = NFW_X_AT_V_MAX
    factor = 4.0 * math.pi * (math.log1p(x) - x / (1.0 + x)) / x
    return xp.sqrt(factor * G_KPC_KM2_S2_MSUN * rho_s) * scale_radius_kpc


def effective_cross_section(sigma_over_m, velocity_exponent, velocity_ref, nu_eff, xp=np):
    """sigma_eff / m [cm^2 / g] of sigma / m = sigma_over_m (v / velocity_ref)^-a (a =
    ``velocity_exponent``) at nu_eff [km/s] (Outmezguine et al. 2023; module docstring).

    Closed form sigma_over_m (velocity_ref / 2 nu_eff)^a Gamma(4 - a/2) / Gamma(4), exactly
    sigma_over_m at a = 0; NaN for a >= 8 (the average diverges). Relative error <= 1e-14
    (quadrature of the Maxwell-Boltzmann average, test module).
    """
    a = xp.asarray(velocity_exponent, dtype=float)
    valid = a < MAX_VELOCITY_EXPONENT
    z = xp.where(valid, 4.0 - 0.5 * a, 4.0)
    gamma_ratio = xp.exp(_log_gamma(z, xp) - _log_gamma(4.0 + 0.0 * z, xp))
    power = xp.exp(a * xp.log(velocity_ref / (2.0 * nu_eff)))
    return nan_unless(valid, sigma_over_m * power * gamma_ratio, xp)


def collapse_rate_per_gyr(sigma_eff_over_m, rho_s, scale_radius_kpc, xp=np):
    """1 / t_c [1 / Gyr] = C (sigma_eff / m) rho_s r_s sqrt(4 pi G rho_s) / 150 (Yang et al. 2024),
    sigma_eff in cm^2 / g, rho_s [Msun / kpc^3], r_s [kpc] of the CDM baseline NFW."""
    sigma = sigma_eff_over_m * CM2_PER_G_IN_KPC2_PER_MSUN  # kpc^2 / Msun
    frequency = xp.sqrt(4.0 * math.pi * G_KPC_KM2_S2_MSUN * rho_s) * PER_GYR_PER_KM_S_PER_KPC
    return COLLAPSE_C / COLLAPSE_NUMERATOR * sigma * rho_s * scale_radius_kpc * frequency


# --- upstream's private helpers, same names and arguments -----------------------------------
def _nu_eff_km_s_from(rho_s, scale_radius_kpc, xp=np):
    """nu_eff = 0.64 V_max [km/s] of the NFW (rho_s [Msun / kpc^3], r_s [kpc])."""
    return NU_EFF_OVER_V_MAX * nfw_v_max_km_s(rho_s, scale_radius_kpc, xp=xp)


def _sigma_eff_over_m_from(sigma_over_m, velocity_exponent, velocity_ref, nu_eff_km_s, xp=np):
    """effective_cross_section; ValueError (naming the argument) for concrete a >= 8."""
    _check_velocity_exponent(velocity_exponent)
    return effective_cross_section(sigma_over_m, velocity_exponent, velocity_ref, nu_eff_km_s, xp)


def _tau_from(sigma_eff_over_m, t_age, rho_s, scale_radius_kpc, xp=np):
    """tau = t_age [Gyr] / t_c, unclamped."""
    return t_age * collapse_rate_per_gyr(sigma_eff_over_m, rho_s, scale_radius_kpc, xp=xp)


def _velocity_exponent_requirement(a):
    return ("velocity_exponent", a, lambda v: finite(v) & (v < MAX_VELOCITY_EXPONENT),
            "finite and < 8 (the Maxwell-Boltzmann average of sigma v^5 diverges at a >= 8)")


def _check_velocity_exponent(a):
    check(*_velocity_exponent_requirement(a))


class YangSIDMMCRLudlowSph(MassConcentration, YangSIDMSph):
    """Yang et al. (2024) SIDM halo of M200c [Msun] on the Ludlow16 relation, evolved to
    tau = t_age / t_c for a cross-section sigma / m = sigma_over_m (v / velocity_ref)^-a.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    mass_at_200
        M200c of the CDM baseline halo [Msun], > 0.
    sigma_over_m
        sigma / m at ``velocity_ref`` [cm^2 / g], >= 0 (0: the CDM NFW).
    velocity_exponent
        a in sigma ~ v^-a, < 8 (0: velocity-independent).
    velocity_ref
        The reference velocity [km / s], > 0.
    t_age
        The halo's age [Gyr], >= 0.
    redshift_object, redshift_source
        Lens and source redshifts (concentration, Sigma_crit, arcsec).
    cosmology, solver
        Keyword-only settings as the other Ludlow16 classes (default Planck15, ``"grid"``).

    Derived (read-only, computed lazily on the parameters' backend): ``kappa_s``,
    ``scale_radius`` (the CDM baseline's), ``radius_at_200_kpc``, ``nu_eff`` [km/s],
    ``sigma_eff_over_m`` [cm^2 / g], ``tau_physical`` (unclamped) and ``tau``, and the evolved
    ``rho_s_evolved``, ``scale_radius_evolved``, ``core_radius_evolved``.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    derived_parameters = ("kappa_s", "scale_radius", "radius_at_200_kpc", "tau", "tau_physical",
                          "nu_eff", "sigma_eff_over_m")

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, sigma_over_m=1.0,
                 velocity_exponent=0.0, velocity_ref=10.0, t_age=10.0, redshift_object=0.5,
                 redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, sigma_over_m=sigma_over_m,
                        velocity_exponent=velocity_exponent, velocity_ref=velocity_ref,
                        t_age=t_age, redshift_object=redshift_object,
                        redshift_source=redshift_source)

    def _free_requirements(self, free):
        return (
            ("sigma_over_m", free["sigma_over_m"], nonnegative, NONNEGATIVE + " [cm^2/g]"),
            _velocity_exponent_requirement(free["velocity_exponent"]),
            ("velocity_ref", free["velocity_ref"], positive, POSITIVE + " [km/s]"),
            ("t_age", free["t_age"], nonnegative, NONNEGATIVE + " [Gyr]"),
        ) + super()._free_requirements(free)

    def _shape_parameters(self, base, kpc_per_arcsec, xp):
        """tau and its ingredients from the CDM baseline (rho_s0, r_s0) of the NFW halo."""
        r_s = base["scale_radius"] * kpc_per_arcsec
        c = base["radius_at_200_kpc"] / r_s
        rho_s = self.mass_at_200 / (4.0 * np.pi * r_s**3 * mcr_util.nfw_enclosed_mass_factor(c, xp))
        nu_eff = _nu_eff_km_s_from(rho_s, r_s, xp=xp)
        sigma_eff = effective_cross_section(self.sigma_over_m, self.velocity_exponent,
                                            self.velocity_ref, nu_eff, xp=xp)
        valid = (xp.asarray(self.sigma_over_m) >= 0) & (xp.asarray(self.velocity_ref) > 0) & (
            xp.asarray(self.t_age) >= 0)
        tau = nan_unless(valid, _tau_from(sigma_eff, self.t_age, rho_s, r_s, xp=xp), xp)
        return dict(nu_eff=nu_eff, sigma_eff_over_m=sigma_eff, tau_physical=tau,
                    tau=clamp_tau(tau, xp))
