"""Spherical SIDM halo of Kaplinghat, Tulin & Yu (2016, PRL 116, 041302): an NFW envelope and an
isothermal core inside the interaction radius r_1, matched there in density and enclosed mass.

``KaplinghatCoredNFWSph(centre, kappa_s, scale_radius, sigma_over_m, t_age, interaction_radius)``
has upstream autogalaxy's signature and attributes. kappa_s = rho_s r_s / Sigma_crit and
``scale_radius`` r_s [arcsec] are the NFW's; ``interaction_radius`` r_1 [arcsec] sets the core.
``interaction_radius=None`` uses upstream's rule r_1 = r_s S / (100 + S), S = max(sigma_over_m
t_age, 0) (a dimensionless stand-in: ``sigma_over_m`` and ``t_age`` enter only through it), and the
resolved value is stored, as upstream. r_1 = 0 is exactly the NFW. A matched core exists only for
0 <= r_1 < c_max r_s, c_max = 3.97398 (``kaplinghat_util``); concrete values outside raise
``ValueError`` naming ``interaction_radius``, traced ones give NaN.

Derived (lazy, computed on the leaves' backend, so ``jax.grad`` through a profile pytree reaches
them): ``central_density`` rho_0 [lensing units kappa_s / r_s: Sigma_crit per arcsec; inf without a
core] and ``isothermal_radius`` r_0 [arcsec; 0 without a core], as upstream.

Lensing: the per-call tables of ``kaplinghat_tables`` (the core's kappa, alpha and psi on a grid
in arccosh(r_1 / R), by product integration of the shell kernels of ``kaplinghat_util``; the
NFW's own table outside r_1, psi + a constant; the NFW closed forms exactly when r_1 = 0). Float64
relative error <= 5e-13 for kappa, alpha and psi at R in [1e-4, 1e3] r_s and r_1 / r_s in {0.05,
1, 3, 3.9} against scipy quad (measured 4.3e-13; the shear to 1e-13 of kappa(0)), <= 3e-13 against
the 96-node shell kernels over R in [1e-12, 1e9] r_s; finite with finite gradients down to
R = 1e-12 r_s (custom JVP in R and r_1, test_kaplinghat.py); float32 grids ~1e-7 (their own
rounding: the float64 tables promote the arithmetic).
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.abstract import DarkProfile
from autogalaxy.profiles.mass.dark.kaplinghat_tables import kaplinghat_table_hat
from autogalaxy.profiles.mass.dark.kaplinghat_util import (
    delta_mass_hat,
    kaplinghat_density_hat,
    matched_core,
    max_interaction_ratio,
)
from autogalaxy.profiles.mass.dark.nfw import nfw_enclosed_mass_hat
from autogalaxy.profiles.mass.dark.shear_util import circular_shear_yx
from autogalaxy.profiles.mass.kernel_util import (
    nan_unless,
    offsets_and_radius,
    stack_yx,
    x_min_for,
)
from autogalaxy.util.backend import ops, xp_from
from autogalaxy.util.checks import NONNEGATIVE, POSITIVE, check_all, nonnegative, positive

# upstream's default interaction radius: r_1 = r_s S / (S + 100), S = sigma_over_m t_age
DEFAULT_STRENGTH_SCALE = 100.0


def default_interaction_radius(scale_radius, sigma_over_m, t_age, xp=np):
    """Upstream's rule for ``interaction_radius=None``: r_s S / (100 + S), S = max(sigma t, 0)."""
    strength = xp.maximum(xp.asarray(sigma_over_m, dtype=float) * t_age, 0.0)
    return scale_radius * strength / (DEFAULT_STRENGTH_SCALE + strength)


def interaction_radius_requirement(interaction_radius, scale_radius):
    """(name, r_1 / r_s, ok, requirement): r_1 in [0, c_max r_s) (checks.check_all)."""
    c_max = max_interaction_ratio()
    ratio = xp_from(interaction_radius, scale_radius).divide(interaction_radius, scale_radius)
    return (
        "interaction_radius",
        ratio,
        lambda c: (c >= 0) & (c < c_max),
        f"in [0, {c_max:.5f} scale_radius): the isothermal core matches the NFW in density "
        f"and mass only for r_1 / r_s < c_max = {c_max:.5f} (Kaplinghat, Tulin & Yu 2016); "
        "the value shown is r_1 / r_s",
    )


class KaplinghatCoredNFWSph(SphericalGeometry, halo_util.HaloMassFromProfile, MassProfile,
                            DarkProfile):
    """Spherical Kaplinghat-Tulin-Yu SIDM halo (module docstring).

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    kappa_s
        rho_s r_s / Sigma_crit of the NFW envelope, dimensionless, >= 0.
    scale_radius
        r_s [arcsec], > 0.
    sigma_over_m, t_age
        Used only when ``interaction_radius`` is None (upstream's rule, module docstring).
    interaction_radius
        r_1 [arcsec] in [0, 3.97398 r_s); None: upstream's rule.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(
        self,
        centre=(0.0, 0.0),
        kappa_s=0.05,
        scale_radius=1.0,
        sigma_over_m=1.0,
        t_age=10.0,
        interaction_radius=None,
    ):
        super().__init__(centre=centre, ell_comps=(0.0, 0.0))
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius
        self.sigma_over_m = sigma_over_m
        self.t_age = t_age
        check_all(self._sidm_requirements())
        if interaction_radius is None:
            xp = xp_from(scale_radius, sigma_over_m, t_age)
            interaction_radius = default_interaction_radius(scale_radius, sigma_over_m, t_age, xp)
            if xp is np:
                interaction_radius = float(interaction_radius)
        self.interaction_radius = interaction_radius
        check_all(self._requirements())

    def _sidm_requirements(self):
        return super()._requirements() + (
            ("kappa_s", self.kappa_s, nonnegative, NONNEGATIVE),
            ("scale_radius", self.scale_radius, positive, POSITIVE),
            ("sigma_over_m", self.sigma_over_m, nonnegative, NONNEGATIVE + " [cm^2 / g]"),
            ("t_age", self.t_age, nonnegative, NONNEGATIVE + " [Gyr]"),
        )

    def _requirements(self):
        # sigma_over_m and t_age set r_1 only when it was not given; they are checked anyway
        # (a negative cross-section or age is not a halo), as upstream's prior ranges imply
        return self._sidm_requirements() + (self._ratio_requirement(),)

    def _ratio_requirement(self):
        return interaction_radius_requirement(self.interaction_radius, self.scale_radius)

    # --- derived parameters ------------------------------------------------------------------
    def _core(self):
        """The matched IsothermalCore (dimensionless), cached while r_s and r_1 stay the same
        objects (so a changed attribute or a new pytree leaf recomputes it)."""
        rs, r1 = self.scale_radius, self.interaction_radius
        cache = self.__dict__.get("_core_cache")
        if cache is None or cache[0] is not rs or cache[1] is not r1:
            xp = xp_from(rs, r1)
            cache = (rs, r1, matched_core(xp.asarray(r1, dtype=float) / rs, xp=xp))
            self.__dict__["_core_cache"] = cache
        return cache[2]

    @property
    def central_density(self):
        """rho_0 = rho_NFW(r_1) e^h(x_1) [lensing units kappa_s / r_s, 1/arcsec]; inf if r_1 = 0."""
        core = self._core()
        xp = xp_from(self.kappa_s, core.rho0)
        value = xp.where(core.cored, self.kappa_s / self.scale_radius * core.rho0, xp.inf)
        return nan_unless(self._valid(xp), value, xp)[()]

    @property
    def isothermal_radius(self):
        """r_0 = r_1 / x_1 [arcsec]; 0 if r_1 = 0."""
        core = self._core()
        xp = xp_from(self.scale_radius, core.r0)
        value = xp.where(core.cored, self.scale_radius * core.r0, 0.0)
        return nan_unless(self._valid(xp), value, xp)[()]

    @property
    def ellipticity_rescale(self):
        """1 - (1 - q) / 2 = 1 (upstream's elliptical rescaling factor; this profile is round)."""
        return 1.0 - (1.0 - self.axis_ratio()) / 2.0

    def _enclosed_mass(self, c, xp):
        """M3D(< c r_s) / (4 pi rho_s r_s^3): the NFW's m(c) plus the core's Delta M inside r_1
        (zero at and beyond r_1, where the core conserves mass), for the halo-mass methods
        (mass_at_200_solar_masses, radius_at_200, concentration)."""
        core = self._core()
        c = xp.asarray(c, dtype=float)
        inside = core.cored & (c < core.c)
        delta = delta_mass_hat(xp.where(inside, c, core.c), core, xp=xp)
        return nfw_enclosed_mass_hat(c, xp=xp) + xp.where(inside, delta, 0.0)

    # --- lensing -----------------------------------------------------------------------------
    def _radius(self, grid, xp):
        return offsets_and_radius(grid_array_from(grid, xp), self.centre, self.scale_radius, xp)

    def _ratio(self, xp):
        """c = r_1 / r_s, the tables' parameter (kaplinghat_tables)."""
        return xp.asarray(self.interaction_radius, dtype=float) / self.scale_radius

    def _hat(self, quantity, x, xp):
        # the profile's own (cached) core supplies x_1: one root solve per call for every method
        root = ops(xp).stop_gradient(self._core().x1)
        return kaplinghat_table_hat(quantity, x, self._ratio(xp), xp=xp, root=root)

    def convergence_2d_from(self, grid, xp=np, **kwargs):
        """kappa at each (y, x) [arcsec], (N,)."""
        _, _, _, r, _ = self._radius(grid, xp)
        kappa = self.kappa_s * self._hat("kappa", r, xp)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np, **kwargs):
        """(alpha_y, alpha_x) [arcsec], (N, 2): radial, alpha / R = kappa_s alpha_hat / x."""
        y, x, _, r, _ = self._radius(grid, xp)
        alpha_over_r = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp) * (
            self._hat("alpha", r, xp)
        )
        return stack_yx(y * alpha_over_r, x * alpha_over_r, xp=xp)

    def potential_2d_from(self, grid, xp=np, **kwargs):
        """psi [arcsec^2], (N,), psi(0) = 0 (the NFW's convention)."""
        _, _, r2, r, x_min = self._radius(grid, xp)
        psi = self._hat("psi", r, xp) * xp.minimum(r2 / x_min**2, 1.0)
        return nan_unless(self._valid(xp), self.kappa_s * self.scale_radius**2 * psi, xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): -gamma_t (sin, cos)(2 theta), gamma_t = kappa_bar - kappa."""
        y, x, _, _, _ = self._radius(grid, xp)
        shear = circular_shear_yx(
            y, x, lambda r, xp: self._hat("alpha", r, xp) - self._hat("kappa", r, xp), xp=xp
        )
        return shear * nan_unless(self._valid(xp), self.kappa_s, xp)

    # --- upstream's radial helpers -----------------------------------------------------------
    def density_3d_func(self, r, xp=np):
        """rho(r) in lensing units (kappa_s / r_s: Sigma_crit per arcsec) at 3D radii r [arcsec]."""
        y = xp.asarray(getattr(r, "array", r), dtype=float) / self.scale_radius
        rho = kaplinghat_density_hat(xp.maximum(y, x_min_for(y)), self._core(), xp=xp)
        return nan_unless(self._valid(xp), self.kappa_s / self.scale_radius, xp) * rho

    def convergence_func(self, grid_radius, xp=np):
        """kappa at projected radii ``grid_radius`` [arcsec] (any shape)."""
        x = xp.asarray(getattr(grid_radius, "array", grid_radius), dtype=float) / self.scale_radius
        kappa = self._hat("kappa", xp.maximum(xp.abs(x), x_min_for(x)), xp)
        return nan_unless(self._valid(xp), self.kappa_s, xp) * kappa

    def radial_deflection_from_radius(self, radius):
        """|alpha| [arcsec] at projected radius ``radius`` [arcsec] (a float for a number)."""
        xp = xp_from(radius, self.kappa_s, self.scale_radius, self.interaction_radius)
        alpha = self._radial_deflection(xp.asarray(radius, dtype=float), xp)
        return float(alpha) if xp is np and np.ndim(alpha) == 0 else alpha

    def _radial_deflection(self, radius, xp):
        x = xp.abs(radius) / self.scale_radius
        x_min = x_min_for(x)
        alpha_over_r = self._hat("alpha", xp.maximum(x, x_min), xp)
        factor = nan_unless(self._valid(xp), self.kappa_s * self.scale_radius, xp)
        return factor * x * alpha_over_r

    @staticmethod
    def radial_deflection_from(r, params, xp=np):
        """|alpha| [arcsec] at radii ``r`` [arcsec] for upstream's row ``params`` = (kappa_s,
        scale_radius, interaction_radius[, central_density, isothermal_radius]); the last two
        are derived from the first three and are not read (as in upstream's batched path)."""
        profile = KaplinghatCoredNFWSph._profile_from_row((0.0, 0.0), params)
        return profile._radial_deflection(xp.asarray(r, dtype=float), xp)

    @classmethod
    def _profile_from_row(cls, centre, params):
        """A KaplinghatCoredNFWSph from upstream's batched row (kappa_s, scale_radius,
        interaction_radius, ...) (``vmapped_deflections_from``); no validation (may be traced)."""
        profile = object.__new__(KaplinghatCoredNFWSph)
        values = dict(centre=centre, kappa_s=params[0], scale_radius=params[1],
                      sigma_over_m=0.0, t_age=0.0, interaction_radius=params[2])
        for name, value in values.items():
            object.__setattr__(profile, name, value)
        return profile
