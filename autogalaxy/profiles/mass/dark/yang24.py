"""The parametric SIDM halo of Yang, Nadler, Yu & Zhong (2024, arXiv:2305.16176): ``YangSIDMSph``.

A halo whose CDM baseline is the NFW (rho_s0, r_s0) evolves along the universal gravothermal
sequence as a function of the dimensionless time tau = t / t_c (t_c the core-collapse time; see
:mod:`yang24_mcr`). Its density is their beta = 4 cored NFW

    rho(r) = rho_s / [((r^4 + r_c^4)^(1/4) / r_s) (1 + r / r_s)^2],

whose parameters follow the fits of their Section 2 (printed to four digits there; the same
numbers with eight digits are in the authors' code, github.com/DanengYang/parametricSIDM):

    rho_s / rho_s0 = 2.033 + 0.7381 tau + 7.264 tau^5 - 12.73 tau^7 + 9.915 tau^9 + (1 - 2.033) L,
    r_s / r_s0     = 0.7178 - 0.1026 tau + 0.2474 tau^2 - 0.4079 tau^3 + (1 - 0.7178) L,
    r_c / r_s0     = 2.555 sqrt(tau) - 3.632 tau + 2.131 tau^2 - 1.415 tau^3 + 0.4683 tau^4,

with L = ln(tau + 0.001) / ln(0.001), so that tau = 0 is exactly the NFW (L = 1). The fits are
calibrated for tau in [0, 1]; tau is clamped into that range (as upstream autogalaxy, following
the paper's truncation in deep collapse). There r_c / r_s <= 0.639 (at tau = 0.219).

Lensing units (as upstream): ``rho_s_evolved`` = (rho_s / rho_s0) kappa_s / r_s0 is rho_s /
Sigma_crit [1 / arcsec], ``scale_radius_evolved`` r_s and ``core_radius_evolved`` r_c [arcsec].
The lensing quantities are the exact projections of :mod:`yang24_util` (no closed form).

Gradients. r_c ~ 2.555 sqrt(tau) has an infinite derivative at tau = 0, but the kernels depend on
c^2 = (r_c / r_s)^2 = tau (p(sqrt tau) / (r_s / r_s0))^2, whose derivative is finite; with a square
root whose derivative is taken as 0 at tau = 0, jax.grad at tau = 0 is the exact one-sided
derivative of kappa and alpha (both smooth in c^2 there). The potential contains c^2 ln c (the
potential of the core's mass deficit), so its one-sided derivative at tau = 0 is -infinity;
jax.grad returns a finite value there that omits that logarithmic term. ``core_radius_evolved``
itself has derivative 0 at tau = 0 (true: +infinity). At the clamp tau = 1 (and for stored
values at the ends) the derivative is the fits' one-sided derivative; inputs beyond [0, 1] have
zero derivative.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import SphericalGeometry, grid_array_from
from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark import halo_util
from autogalaxy.profiles.mass.dark.shear_util import circular_shear_yx
from autogalaxy.profiles.mass.dark.yang24_util import (
    Yang24Tables,
    yang24_density_hat,
    yang24_enclosed_mass_hat,
)
from autogalaxy.profiles.mass.kernel_util import (
    nan_unless,
    offsets_and_radius,
    safe_radius,
    stack_yx,
    x_min_for,
)
from autogalaxy.util.backend import xp_from
from autogalaxy.util.checks import (
    NONNEGATIVE,
    POSITIVE,
    check_all,
    finite,
    is_concrete,
    nonnegative,
    positive,
)

LN_1E3 = float(np.log(1e3))


def clamp_tau(tau, xp=np):
    """tau clamped into the fits' range [0, 1]; derivative 1 inside and at the ends, 0 beyond."""
    tau = xp.asarray(tau, dtype=float)
    return xp.where(tau > 1.0, 1.0, xp.where(tau < 0.0, 0.0, tau))


def yang24_parameter_ratios(tau, xp=np):
    """(rho_s / rho_s0, r_s / r_s0, r_c / r_s0, (r_c / r_s)^2) at tau = t / t_c, clamped to [0, 1].

    Yang et al. (2024, arXiv:2305.16176, Sec. 2) fits (module docstring); all dimensionless.
    The last entry, c^2, is the kernels' parameter: tau (p(sqrt tau) / (r_s / r_s0))^2 with
    p(s) = 2.555 - 3.632 s + 2.131 s^3 - 1.415 s^5 + 0.4683 s^7 (> 0.107 on [0, 1]), finite
    derivative at tau = 0 (module docstring). Exact to rounding.
    """
    tau = clamp_tau(tau, xp)
    s = safe_radius(tau, xp)
    # 1 - L = log1p(1000 tau) / ln(1000): exactly 0 at tau = 0, so both ratios are exactly 1 there
    one_minus_log_term = xp.log1p(1e3 * tau) / LN_1E3
    rho_ratio = (
        1.0 + (2.033 - 1.0) * one_minus_log_term
        + tau * (0.7381 + tau**4 * (7.264 + tau**2 * (-12.73 + 9.915 * tau**2)))
    )
    rs_ratio = (
        1.0 + (0.7178 - 1.0) * one_minus_log_term
        + tau * (-0.1026 + tau * (0.2474 - 0.4079 * tau))
    )
    p = 2.555 + s * (-3.632 + tau * (2.131 + tau * (-1.415 + 0.4683 * tau)))
    rc_ratio = s * p
    return rho_ratio, rs_ratio, rc_ratio, tau * (p / rs_ratio) ** 2


def _yang24_parameter_ratios_from(tau, xp=np):
    """Upstream's private helper: (rho_s / rho_s0, r_s / r_s0, r_c / r_s0) at tau (clamped)."""
    return yang24_parameter_ratios(tau, xp=xp)[:3]


def _radial_deflection(r, kappa_s, r_s, c2, xp):
    """|alpha| [arcsec] at radii r [arcsec] of the cored NFW (kappa_s = rho_s r_s / Sigma_crit,
    r_s [arcsec], c2 = (r_c / r_s)^2); radii below 1e-12 r_s scaled linearly to 0."""
    x = r / r_s
    tables = Yang24Tables(c2, x.dtype, xp)
    return kappa_s * tables.deflection_over_radius(xp.maximum(x, x_min_for(x))) * r


class YangSIDMSph(SphericalGeometry, halo_util.HaloMassFromProfile, MassProfile):
    """Spherical Yang et al. (2024) SIDM halo: its CDM baseline NFW (kappa_s, r_s0) evolved to tau.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    kappa_s
        rho_s0 r_s0 / Sigma_crit of the CDM baseline NFW, dimensionless, >= 0.
    scale_radius
        r_s0 [arcsec] of the CDM baseline NFW, > 0.
    tau
        t / t_c, dimensionless; stored clamped into [0, 1] (the fits' range), as upstream.

    kappa, alpha and psi are the exact projections of the cored density (yang24_util), read from
    per-call tables on a grid in ln(R / r_c) (yang24_tables; the NFW's table and the core's mass
    deficit far from the core). Float64 relative error against scipy quad of the density's
    projections at R in {1e-4, 1e-2, 0.3, 1, 3, 40, 1e3, 0.5 c, c, 1.5 c, 3 c} r_s, tau in
    {1e-6, 1e-4, 0.01, 0.219, 0.5, 1}: <= 4e-12 (kappa), <= 3e-13 (alpha), <= 3e-12 (psi); against
    the exact kernels over R in [1e-10, 1e9] r_s: <= 1.2e-11 (kappa), <= 3.5e-12 (alpha),
    <= 3e-11 (psi, just outside small cores, where the kernels' own outer form has that error);
    finite, with finite gradients (custom JVP in R and c^2), down to R = 0 (radii below 1e-12 r_s
    are evaluated at 1e-12 r_s, alpha and psi scaled by R and R^2 there); tau = 0 gives NFWSph
    exactly. NumPy and JAX agree to 1e-12. Invalid concrete values raise ``ValueError``; traced
    invalid values give NaN.

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, tau=0.0):
        super().__init__(centre=centre, ell_comps=(0.0, 0.0))
        self.kappa_s = kappa_s
        self.scale_radius = scale_radius
        self.tau = tau
        check_all(self._requirements())
        # stored clamped, as upstream (a Python float for concrete input)
        if is_concrete(tau):
            self.tau = float(min(max(tau, 0.0), 1.0))
        else:  # a traced inf must stay invalid (NaN), not clamp to 1
            xp = xp_from(tau)
            self.tau = clamp_tau(xp.where(finite(tau), tau, xp.nan), xp)

    # --- derived parameters (computed on the backend of the parameters) ----------------------
    def _xp(self):
        return xp_from(self.kappa_s, self.scale_radius, self.tau)

    def _ratios(self, xp):
        return yang24_parameter_ratios(self.tau, xp=xp)

    @property
    def rho_s_evolved(self):
        """rho_s / Sigma_crit of the evolved halo [1 / arcsec]: (rho_s / rho_s0) kappa_s / r_s0."""
        return self._ratios(self._xp())[0] * self.kappa_s / self.scale_radius

    @property
    def scale_radius_evolved(self):
        """r_s of the evolved halo [arcsec]."""
        return self._ratios(self._xp())[1] * self.scale_radius

    @property
    def core_radius_evolved(self):
        """r_c of the evolved halo [arcsec] (0 at tau = 0)."""
        return self._ratios(self._xp())[2] * self.scale_radius

    def _requirements(self):
        return super()._requirements() + (
            ("kappa_s", self.kappa_s, nonnegative, NONNEGATIVE),
            ("scale_radius", self.scale_radius, positive, POSITIVE),
            ("tau", self.tau, finite, "finite (it is then clamped into [0, 1])"),
        )

    def _evolved(self, xp):
        """(kappa_s' = rho_s r_s / Sigma_crit, r_s [arcsec], c^2) of the evolved halo, with
        harmless values for invalid parameters (nan_unless marks the results)."""
        valid = self._valid(xp)
        rho_ratio, rs_ratio, _, c2 = yang24_parameter_ratios(
            xp.where(valid, xp.asarray(self.tau, dtype=float), 0.0), xp=xp
        )
        kappa = rho_ratio * rs_ratio * self.kappa_s
        return kappa, rs_ratio * self.scale_radius, c2

    # --- lensing ----------------------------------------------------------------------------
    def _radius(self, grid, r_s, xp):
        return offsets_and_radius(grid_array_from(grid, xp), self.centre, r_s, xp)

    def convergence_2d_from(self, grid, xp=np, **kwargs):
        """kappa at each (y, x) [arcsec], (N,)."""
        kappa_s, r_s, c2 = self._evolved(xp)
        _, _, _, r, _ = self._radius(grid, r_s, xp)
        kappa = kappa_s * Yang24Tables(c2, r.dtype, xp).convergence(r)
        return nan_unless(self._valid(xp), kappa, xp)

    def deflections_yx_2d_from(self, grid, xp=np, **kwargs):
        """(alpha_y, alpha_x) [arcsec], (N, 2): radial, alpha = M_cyl(R) / (pi Sigma_crit R)."""
        kappa_s, r_s, c2 = self._evolved(xp)
        y, x, _, r, _ = self._radius(grid, r_s, xp)
        alpha_over_r = kappa_s * r_s * Yang24Tables(c2, r.dtype, xp).deflection_over_radius(r)
        alpha_over_r = nan_unless(self._valid(xp), alpha_over_r, xp)
        return stack_yx(y * alpha_over_r, x * alpha_over_r, xp=xp)

    def potential_2d_from(self, grid, xp=np, **kwargs):
        """psi [arcsec^2], (N,), psi(0) = 0."""
        kappa_s, r_s, c2 = self._evolved(xp)
        _, _, r2, r, x_min = self._radius(grid, r_s, xp)
        psi = Yang24Tables(c2, r.dtype, xp).potential(r) * xp.minimum(r2 / x_min**2, 1.0)
        return nan_unless(self._valid(xp), kappa_s * r_s**2 * psi, xp)

    def shear_yx_2d_from(self, grid, xp=np, **kwargs):
        """(gamma_2, gamma_1), (N, 2): -gamma_t (sin, cos)(2 theta), gamma_t = kappa_bar - kappa.

        Error ~1e-10 of kappa (the two tables); gamma_t -> 0 as R^2 inside the core.
        """
        kappa_s, r_s, c2 = self._evolved(xp)
        y, x, _, _, _ = self._radius(grid, r_s, xp)
        tables = Yang24Tables(c2, y.dtype, xp)
        shear = circular_shear_yx(y, x, tables.tangential_shear, xp=xp)
        return shear * nan_unless(self._valid(xp), kappa_s, xp)

    # --- upstream's radial functions --------------------------------------------------------
    def density_3d_func(self, r, xp=np):
        """rho / Sigma_crit [1 / arcsec] at radii ``r`` [arcsec] (upstream's lensing units);
        radii below 1e-12 r_s are evaluated there (finite at r = 0 for tau > 0)."""
        kappa_s, r_s, c2 = self._evolved(xp)
        x = xp.asarray(getattr(r, "array", r), dtype=float) / r_s
        rho = kappa_s / r_s * yang24_density_hat(xp.maximum(x, x_min_for(x)), c2, xp=xp)
        return nan_unless(self._valid(xp), rho, xp)

    def convergence_func(self, grid_radius, xp=np):
        """kappa at the radii ``grid_radius`` [arcsec] (any shape)."""
        kappa_s, r_s, c2 = self._evolved(xp)
        x = xp.asarray(getattr(grid_radius, "array", grid_radius), dtype=float) / r_s
        x = xp.maximum(x, x_min_for(x))
        kappa = kappa_s * Yang24Tables(c2, x.dtype, xp).convergence(x)
        return nan_unless(self._valid(xp), kappa, xp)

    def radial_deflection_from_radius(self, radius, xp=None):
        """|alpha| [arcsec] at ``radius`` [arcsec] (any shape; 0 at the centre)."""
        xp = self._backend(xp, radius)
        kappa_s, r_s, c2 = self._evolved(xp)
        alpha = _radial_deflection(xp.asarray(radius, dtype=float), kappa_s, r_s, c2, xp)
        return nan_unless(self._valid(xp), alpha, xp)

    @staticmethod
    def radial_deflection_from(r, params, xp=np):
        """|alpha| [arcsec] at radii ``r`` [arcsec] for params = (rho_s_evolved [1 / arcsec],
        scale_radius_evolved, core_radius_evolved [arcsec]) (upstream's batched-subhalo order)."""
        rho_s, r_s, r_c = params[0], params[1], params[2]
        return _radial_deflection(xp.asarray(r, dtype=float), rho_s * r_s, r_s, (r_c / r_s) ** 2,
                                  xp)

    @classmethod
    def _row_deflections(cls, grid, row, xp):
        """One row of upstream's batched path (``vmapped_deflections_from``, from the base):
        (centre_y, centre_x, rho_s_evolved, scale_radius_evolved, core_radius_evolved)."""
        dy, dx = grid[:, 0] - row[0], grid[:, 1] - row[1]
        r = xp.sqrt(xp.maximum(dx * dx + dy * dy, (x_min_for(dx) * row[3]) ** 2))
        alpha_over_r = cls.radial_deflection_from(r, row[2:], xp) / r
        return stack_yx(dy * alpha_over_r, dx * alpha_over_r, xp=xp)

    def _enclosed_mass(self, c, xp):
        """M3D(< c r_s0) / (4 pi rho_s0 r_s0^3) of the evolved halo (the halo-mass methods'
        m(c), in the CDM baseline's units, so M200 is that of the evolved density)."""
        rho_ratio, rs_ratio, _, c2 = self._ratios(xp)
        return rho_ratio * rs_ratio**3 * yang24_enclosed_mass_hat(c / rs_ratio, c2, xp=xp)
