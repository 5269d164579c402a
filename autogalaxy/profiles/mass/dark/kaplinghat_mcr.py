"""The Kaplinghat SIDM halo parameterised by M200c (Ludlow16 concentration) and a cross-section.

``KaplinghatCoredNFWMCRLudlowSph(centre, mass_at_200 [Msun], sigma_over_m [cm^2/g], t_age [Gyr],
redshift_object, redshift_source, *, cosmology=None, solver="grid")``: the NFW envelope comes from
the MassConcentration pattern (``mcr.py``: Ludlow16 c200c, NFW m(c), mass in Msun), and the
interaction radius r_1 from upstream's rate condition (Kaplinghat, Tulin & Yu 2016, eq. 1): the
expected number of scatterings per particle over the halo age is one,

    (sigma / m) rho_NFW(r_1) v(r_1) t_age = 1,      v(r) = sqrt(G M_NFW(< r) / r),

with upstream's units and constants (rho in g/cm^3, v in cm/s, t in s; Msun = 1.98847e33 g,
kpc = 3.0856775814913673e21 cm, Gyr = 3.15576e16 s, G = 4.30091727003628e-6 kpc km^2/s^2/Msun)
and edge cases: r_1 = 0 (no core) for sigma_over_m <= 0, t_age <= 0 or a rate below 1 already at
r_min = min(1e-8 r_s, 1e-10 r200); r_1 = r200 where the rate still exceeds 1 at r200. With
y = r / r_s the rate is K f(y), f(y) = sqrt(m_N(y) / y) / (y (1 + y)^2), strictly decreasing
(derived here), so ln K + ln f(e^s) = 0 has one root in s = ln y: 48 bisections, 2 Newton steps
and the implicit-function step (util.roots), so d r_1 / d(mass_at_200, sigma_over_m, t_age,
redshifts) are exact. Upstream uses scipy brentq (same root).

Derived (lazy properties, pytree-safe): ``kappa_s``, ``scale_radius`` [arcsec],
``interaction_radius`` [arcsec], ``radius_at_200_kpc`` [kpc], and from the base class
``central_density`` and ``isothermal_radius``. A halo whose r_1 / r_s reaches c_max = 3.97398 has
no matched core: concrete parameters raise ``ValueError`` naming sigma_over_m and t_age, traced
ones give NaN.
"""

import numpy as np

from autogalaxy.profiles.mass.dark.kaplinghat import KaplinghatCoredNFWSph
from autogalaxy.profiles.mass.dark.kaplinghat_util import max_interaction_ratio
from autogalaxy.profiles.mass.dark.mcr import MassConcentration, ludlow_relation
from autogalaxy.profiles.mass.dark.nfw import nfw_enclosed_mass_hat
from autogalaxy.util import roots
from autogalaxy.util.backend import xp_from
from autogalaxy.util.checks import NONNEGATIVE, check_all, nonnegative

MSUN_G = 1.98847e33
KPC_CM = 3.0856775814913673e21
GYR_S = 3.15576e16
G_KPC_KM2_S2_MSUN = 4.30091727003628e-6
KM_CM = 1.0e5
# upstream's smallest radius searched: min(1e-8 r_s, 1e-10 r200)
SMALLEST_Y = 1e-8
SMALLEST_OF_R200 = 1e-10
BISECTION_STEPS = 48
NEWTON_STEPS = 2


def _log_rate_shape(y, xp):
    """(ln f(y), d ln f / d ln y), f = sqrt(m_N(y) / y) / (y (1 + y)^2) (module docstring)."""
    m = nfw_enclosed_mass_hat(y, xp=xp)
    value = 0.5 * (xp.log(m) - xp.log(y)) - xp.log(y) - 2.0 * xp.log1p(y)
    log_slope_m = y * y / ((1.0 + y) ** 2 * m)
    return value, 0.5 * (log_slope_m - 1.0) - 1.0 - 2.0 * y / (1.0 + y)


def _interaction_radius_kpc_from(sigma_over_m, t_age, rho_s, scale_radius_kpc, radius_at_200,
                                 xp=np):
    """r_1 [kpc] where (sigma/m) rho v t_age = 1 (module docstring; upstream's name and rule).

    ``sigma_over_m`` [cm^2/g], ``t_age`` [Gyr], ``rho_s`` [Msun/kpc^3], radii [kpc]. Branch-free
    and differentiable; 0 and r200 at upstream's edges.
    """
    rho_cgs = rho_s * (MSUN_G / KPC_CM**3)
    velocity_scale = xp.sqrt(4.0 * np.pi * G_KPC_KM2_S2_MSUN * rho_s) * scale_radius_kpc * KM_CM
    strength = sigma_over_m * rho_cgs * velocity_scale * (t_age * GYR_S)
    scattering = (xp.asarray(sigma_over_m) > 0) & (xp.asarray(t_age) > 0) & (strength > 0)
    log_strength = xp.log(xp.where(scattering, strength, 1.0))
    concentration = radius_at_200 / scale_radius_kpc
    lo = xp.log(xp.minimum(SMALLEST_Y, SMALLEST_OF_R200 * concentration))
    hi = xp.log(concentration)

    def residual_and_slope(s):
        value, slope = _log_rate_shape(xp.exp(s), xp)
        return log_strength + value, slope

    # ln rate decreases in s: the predicate "rate < 1" turns from False to True at the root
    s, _ = roots.solve(
        residual_and_slope, lo, hi, xp, bisection_steps=BISECTION_STEPS,
        newton_steps=NEWTON_STEPS, predicate=lambda s: residual_and_slope(s)[0] < 0.0,
    )
    y = xp.where(residual_and_slope(lo)[0] < 0.0, 0.0,
                 xp.where(residual_and_slope(hi)[0] > 0.0, concentration, xp.exp(s)))
    return xp.where(scattering, y, 0.0) * scale_radius_kpc


class KaplinghatCoredNFWMCRLudlowSph(MassConcentration, KaplinghatCoredNFWSph):
    """Kaplinghat SIDM halo of mass M200c [Msun] on the mean Ludlow16 relation (module docstring).

    ``sigma_over_m`` [cm^2/g] and ``t_age`` [Gyr] set r_1 through the rate condition.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    derived_parameters = ("kappa_s", "scale_radius", "interaction_radius", "radius_at_200_kpc")

    def __init__(self, centre=(0.0, 0.0), mass_at_200=1e9, sigma_over_m=1.0, t_age=10.0,
                 redshift_object=0.5, redshift_source=1.0, *, cosmology=None, solver="grid"):
        self.solver = solver
        self._init_halo(centre, cosmology=cosmology, relation=ludlow_relation(solver),
                        mass_at_200=mass_at_200, sigma_over_m=sigma_over_m, t_age=t_age,
                        redshift_object=redshift_object, redshift_source=redshift_source)
        check_all((self._ratio_requirement(),))

    def _free_requirements(self, free):
        return (
            ("sigma_over_m", free["sigma_over_m"], nonnegative, NONNEGATIVE + " [cm^2 / g]"),
            ("t_age", free["t_age"], nonnegative, NONNEGATIVE + " [Gyr]"),
        ) + super()._free_requirements(free)

    def _ratio_requirement(self):
        # r_1 is derived here: name the free parameters that set it
        c_max = max_interaction_ratio()
        ratio = xp_from(self.interaction_radius).divide(self.interaction_radius, self.scale_radius)
        return (
            # NaN (a relation without a concentration) is left to the NaN-kappa_s warning
            "sigma_over_m, t_age", ratio, lambda c: ~(c >= c_max),
            f"such that the rate condition gives r_1 / r_s < c_max = {c_max:.5f} (a matched "
            "isothermal core; Kaplinghat, Tulin & Yu 2016); the value shown is r_1 / r_s",
        )

    def _shape_parameters(self, base, kpc_per_arcsec, xp):
        scale_radius_kpc = base["scale_radius"] * kpc_per_arcsec
        concentration = base["radius_at_200_kpc"] / scale_radius_kpc
        rho_s = self.mass_at_200 / (
            4.0 * np.pi * scale_radius_kpc**3 * nfw_enclosed_mass_hat(concentration, xp=xp)
        )
        r1_kpc = _interaction_radius_kpc_from(
            self.sigma_over_m, self.t_age, rho_s, scale_radius_kpc, base["radius_at_200_kpc"], xp
        )
        return {"interaction_radius": r1_kpc / kpc_per_arcsec}
