"""Kaplinghat, Tulin & Yu (2016, PRL 116, 041302) SIDM halo: matching and projection kernels.

Dimensionless units: radii in r_s, density in rho_s (rho_hat_NFW(y) = 1 / (y (1 + y)^2)), masses
in 4 pi rho_s r_s^3, so kappa = kappa_s kappa_hat, alpha = kappa_s r_s alpha_hat and
psi = kappa_s r_s^2 psi_hat as for the NFW (nfw.py). The halo is NFW outside c = r_1 / r_s and the
isothermal sphere rho_hat_0 exp(-h(y / y_0)) inside (:mod:`isothermal`), matched at r_1 in
density and enclosed mass (KTY16 eqs. 2-3). With m(x) the isothermal mass and
m_N(y) = ln(1 + y) - y / (1 + y), dividing the two conditions gives (derived here)

    R(x_1) = m(x_1) e^h(x_1) / x_1^3 = T(c) = m_N(c) (1 + c)^2 / c^2,
    rho_hat_0 = rho_hat_NFW(c) e^h(x_1),       y_0 = c / x_1.

T rises from 1/2 (c -> 0) and R rises from 1/3 to its maximum 1.2615266 at x = 22.544 on its first
branch, so a core exists for 0 < c < c_max = 3.97398 (T(c_max) = R_max) and the root is unique on
that branch (the lowest central density; beyond the peak R oscillates towards 1 and further roots
appear, which are not the KTY16 solution). x_1 is found branch-free (util.roots: 30 bisections on
[3, 22.544], 3 Newton steps, one implicit step, so gradients in c are implicit-function exact).

Projections use that the core only redistributes mass inside r_1: with Delta rho = rho_iso - rho_N
and Delta M(r) = M_iso(< r) - M_N(< r) (zero at and beyond r_1), a projected shell's mass fraction
inside a cylinder of radius R < r is 1 - sqrt(1 - R^2 / r^2), and its potential (psi(0) = 0) is
(dM / pi) [1 - s + ln((1 + s) / 2)], s = sqrt(1 - R^2 / r^2), or (dM / pi) [1 + ln(R / 2r)] for
R >= r. Integrating over shells and by parts (derived here; docs/sidm_kaplinghat.md), with
r = R cosh(eta), eta_1 = arccosh(r_1 / R) for R < r_1:

    Delta kappa(R)   = 2 int_0^eta_1 r Delta rho(r) d eta,
    Delta alpha / R  = (1 / pi) int_0^eta_1 Delta M(r) / r^2 d eta,
    Delta psi(R)     = C - (1 / pi) int_0^eta_1 Delta M(r) tanh^2(eta) d eta,
    C                = (1 / pi) int_0^r_1 Delta M(r) / r dr,

and for R >= r_1 exactly kappa = kappa_N, alpha = alpha_N, psi = psi_N + C. In units of r_s,
C = 4 [rho_0 y_0^3 P(x_1) - Q(c)] with the tabulated P(x) = int_0^x m(t) / t dt and the closed
form Q(y) = int_0^y m_N(t) / t dt (``nfw_mass_moment_hat``); for the potential inside the core
C is split the same way at R (``kaplinghat_potential_hat``) so that nothing cancels at small R.
The substitution r = R cosh(eta) removes the endpoint square root and the NFW cusp; the
eta-integrands are smooth and are integrated with a fixed 48-node Gauss-Legendre rule (node study:
32 nodes 2.5e-9, 40 nodes 8e-12, 48 nodes 5e-13). Measured float64 relative error of kappa, alpha
and psi <= 5e-13 for R in [1e-4, 1e3] r_s and c in {0.05, 1, 3, 3.9} against scipy quad
projections of rho(r) (test_kaplinghat.py); the shear gamma_t, which vanishes as R^2 in the
core, to 1e-13 of kappa(0). Below R = 1e-5 r_s the long eta range costs accuracy as c -> c_max
(c = 3.9: 1e-10 at 1e-8 r_s, 5e-8 at 1e-12 r_s); values and gradients stay finite down to
R = 1e-12 r_s. float32 grids ~1e-7 (their rounding; the
float64 tables promote the arithmetic). ``nodes`` (default 48) sets the rule; 96 nodes are
converged to rounding down to R = 1e-12 r_s. The profile itself reads the per-call tables of
:mod:`kaplinghat_tables`, built from these shell integrals (issue 12: 48 nodes per pixel cost
19x the NFW closed form).
"""

import functools
import math
from typing import NamedTuple

import numpy as np

from autogalaxy.profiles.mass.dark.isothermal import (
    isothermal_density,
    isothermal_dh,
    isothermal_h,
    isothermal_mass_moment,
    isothermal_peak,
    log_matching_ratio,
)
from autogalaxy.profiles.mass.dark.nfw import (
    nfw_convergence_hat,
    nfw_deflection_over_radius_hat,
    nfw_enclosed_mass_hat,
    nfw_potential_hat,
    nfw_tangential_shear_hat,
)
from autogalaxy.util import roots
from autogalaxy.util.backend import ops
from autogalaxy.util.quadrature import gauss_legendre_unit

BRACKET_LOW = 3.0  # R(3) < 1/2 < T(c) for every c > 0: the root lies above
BISECTION_STEPS = 30
NEWTON_STEPS = 3
ETA_NODES = 48
DILOG_TERMS = 14


class IsothermalCore(NamedTuple):
    """The matched core of one halo, dimensionless (r_s, rho_s units; see the module docstring).

    ``cored``: 0 < c < c_max. Where it is False (no core, or no root for a traced c >= c_max) the
    fields hold a harmless core at c = 1, every kernel returns the NFW and the class marks an
    invalid c with NaN. ``psi_constant`` is C / (kappa_s r_s^2).
    """

    c: object
    cored: object
    x1: object
    rho0: object
    r0: object
    psi_constant: object


def log_matching_target(c, xp=np):
    """ln T(c), T = M_N(< r_1) / (4 pi rho_N(r_1) r_1^3) = m_N(c) (1 + c)^2 / c^2, c > 0."""
    c = xp.asarray(c, dtype=float)
    return xp.log(nfw_enclosed_mass_hat(c, xp=xp)) + 2.0 * (xp.log1p(c) - xp.log(c))


@functools.cache
def max_interaction_ratio():
    """c_max: the largest r_1 / r_s with a matched core, T(c_max) = R_max (3.97398; cached)."""
    from scipy.optimize import brentq

    ln_peak = np.log(isothermal_peak()[1])
    return float(brentq(lambda c: log_matching_target(c) - ln_peak, 1.0, 10.0, xtol=1e-14))


def matched_core(c, xp=np, root=None):
    """IsothermalCore for r_1 / r_s = c (scalar); a core for 0 < c < c_max, safe elsewhere.

    ``root``: x_1 already solved for this c (carrying no gradient, e.g. the profile's own core):
    then only the implicit step is taken, so the result and its c-derivative are the same as a
    full solve at a fraction of the work (the per-call lensing tables use it).
    """
    c = xp.asarray(c, dtype=float)
    cored = (c > 0.0) & (c < max_interaction_ratio())
    cs = xp.where(cored, c, 1.0)
    target = log_matching_target(cs, xp=xp)

    def residual_and_slope(x):
        value, slope = log_matching_ratio(x, xp=xp)
        return value - target, slope

    x_peak = isothermal_peak()[0]
    if root is None:
        x1, _ = roots.solve(
            residual_and_slope, xp.asarray(BRACKET_LOW) + 0.0 * cs, xp.asarray(x_peak) + 0.0 * cs,
            xp, bisection_steps=BISECTION_STEPS, newton_steps=NEWTON_STEPS,
        )
    else:
        safe = xp.clip(ops(xp).stop_gradient(xp.asarray(root, dtype=float)), BRACKET_LOW, x_peak)
        x1 = roots.implicit_step(residual_and_slope, safe, xp)
    x1 = xp.clip(x1, BRACKET_LOW, x_peak)
    rho0 = xp.exp(isothermal_h(x1, xp=xp)) / (cs * (1.0 + cs) ** 2)
    r0 = cs / x1
    core = IsothermalCore(cs, cored, x1, rho0, r0, 0.0 * cs)
    return core._replace(psi_constant=_psi_constant(core, xp))


def delta_mass_hat(y, core, xp=np):
    """Delta M(< y r_s) / (4 pi rho_s r_s^3) = rho_0 y_0^3 m(y / y_0) - m_N(y), 0 <= y <= c."""
    return _iso_mass(y, core, xp) - nfw_enclosed_mass_hat(y, xp=xp)


def _bernoulli_even(n):
    """B_2, B_4, ..., B_2n (exact rationals from the standard recursion, then floats)."""
    from fractions import Fraction
    from math import comb

    b = [Fraction(1)]
    for m in range(1, 2 * n + 1):
        b.append(-sum(comb(m + 1, k) * b[k] for k in range(m)) / (m + 1))
    return [float(b[2 * k]) for k in range(1, n + 1)]


_DILOG_COEFFICIENTS = [
    bk / math.factorial(2 * k + 1)
    for k, bk in enumerate(_bernoulli_even(DILOG_TERMS), start=1)
]


def nfw_mass_moment_hat(y, xp=np):
    """Q(y) = int_0^y m_N(t) / t dt = -Li2(-y) - ln(1 + y) for 0 <= y < 500 (derived here).

    With w = ln(1 + y), Li2(-y) = sum_n B_n (-w)^(n+1) / (n+1)! (the Bernoulli series of the
    dilogarithm in -ln(1 - z), convergent for w < 2 pi), whose first two terms cancel the
    logarithm exactly: Q = w^2 / 4 + sum_k B_2k w^(2k+1) / (2k+1)!, every term free of
    cancellation. 14 terms: relative error < 1e-16 for y <= 4 (ratio (w / 2 pi)^2 <= 0.066).
    """
    w = xp.log1p(xp.asarray(y, dtype=float))
    w2 = w * w
    total = 0.0 * w
    for a in _DILOG_COEFFICIENTS[::-1]:
        total = total * w2 + a
    return w2 * (0.25 + w * total)


def _psi_constant(core, xp):
    """C / (kappa_s r_s^2) = 4 int_0^c Delta M_hat(y) / y dy = 4 [rho_0 y_0^3 P(x_1) - Q(c)]."""
    iso = core.rho0 * core.r0 * core.r0 * core.r0 * isothermal_mass_moment(core.x1, xp=xp)
    return 4.0 * (iso - nfw_mass_moment_hat(core.c, xp=xp))


def kaplinghat_density_hat(y, core, xp=np):
    """rho / rho_s at y = r / r_s > 0: isothermal inside c (where cored), NFW outside."""
    y = xp.asarray(y, dtype=float)
    inside = core.cored & (y < core.c)
    iso = core.rho0 * isothermal_density(xp.where(inside, y, 0.0) / core.r0, xp=xp)
    yn = xp.where(inside, 1.0, y)
    return xp.where(inside, iso, 1.0 / (yn * (1.0 + yn) ** 2))


def _eta_nodes(x, core, xp, nodes=ETA_NODES):
    """(inside, eta_1, e^eta, e^-eta, r) on the Gauss-Legendre nodes eta = eta_1 t_k of [0, eta_1],
    r = x cosh(eta) in [x, c].

    Outside the core (or without one) eta_1 = 0 at the dummy x = c / 2 (inside the table, c > 0
    always), so every correction is exactly 0 with finite gradients.
    """
    t, _ = gauss_legendre_unit(nodes)
    inside = core.cored & (x < core.c)
    xi = xp.where(inside, x, 0.5 * core.c)
    eta1 = xp.where(inside, xp.arccosh(core.c / xi), 0.0)
    eta = eta1[..., None] * xp.asarray(t)
    grow, decay = xp.exp(eta), xp.exp(-eta)
    return inside, eta1, grow, decay, 0.5 * xi[..., None] * (grow + decay)


def _integral(eta1, values, xp):
    """int_0^eta_1 values d eta on the nodes, as a matrix product.

    Not a sum: XLA:CPU fuses a reduction with table look-ups into a loop ~4x slower, and the
    isothermal (table) and NFW (log1p) parts go to separate products so that the NFW's
    transcendentals stay vectorised (measured: 19 -> 11 ms per 10^4 pixels for alpha).
    """
    return eta1 * (values @ xp.asarray(gauss_legendre_unit(values.shape[-1])[1]))


def _iso_mass(r, core, xp):
    """rho_0 y_0^3 m(r / y_0), the isothermal part of Delta M_hat."""
    x = r / core.r0
    return core.rho0 * core.r0 * core.r0 * core.r0 * x * x * isothermal_dh(x, xp=xp)


def _delta_kappa(eta1, r, core, xp):
    """2 int r Delta rho d eta: r rho_iso - 1 / (1 + r)^2 on the nodes (r rho_N, no 1/r)."""
    iso = _integral(eta1, r * core.rho0 * isothermal_density(r / core.r0, xp=xp), xp)
    return 2.0 * (iso - _integral(eta1, 1.0 / (1.0 + r) ** 2, xp))


def _delta_mean_convergence(eta1, r, core, xp):
    """Delta (alpha_hat / x) = 4 int Delta M_hat(r) / r^2 d eta."""
    inv_r2 = 1.0 / (r * r)
    iso = _integral(eta1, _iso_mass(r, core, xp) * inv_r2, xp)
    return 4.0 * (iso - _integral(eta1, nfw_enclosed_mass_hat(r, xp=xp) * inv_r2, xp))


def kaplinghat_convergence_hat(x, core, xp=np, nodes=ETA_NODES):
    """kappa / kappa_s at x = R / r_s > 0 (module docstring; error <= 5e-13 at x in [1e-4, 1e3])."""
    x = xp.asarray(x, dtype=float)
    inside, eta1, _, _, r = _eta_nodes(x, core, xp, nodes)
    delta = _delta_kappa(eta1, r, core, xp)
    return nfw_convergence_hat(x, xp=xp) + xp.where(inside, delta, 0.0)


def kaplinghat_deflection_over_radius_hat(x, core, xp=np, nodes=ETA_NODES):
    """alpha / (kappa_s R), the mean convergence inside x = R / r_s > 0 (finite as x -> 0)."""
    x = xp.asarray(x, dtype=float)
    inside, eta1, _, _, r = _eta_nodes(x, core, xp, nodes)
    delta = _delta_mean_convergence(eta1, r, core, xp)
    return nfw_deflection_over_radius_hat(x, xp=xp) + xp.where(inside, delta, 0.0)


def kaplinghat_potential_hat(x, core, xp=np, nodes=ETA_NODES):
    """psi / (kappa_s r_s^2) at x = R / r_s > 0, psi(0) = 0 (psi_N + C outside the core).

    Inside, C - 4 int_0^eta_1 Delta M_hat tanh^2 would cancel to psi ~ x^2 at small x; splitting
    C = 4 int_0^x Delta M_hat / y dy + 4 int_0^eta_1 Delta M_hat tanh(eta) d eta instead gives
    Delta psi = 4 [rho_0 y_0^3 P(x / y_0) - Q(x)] + 4 int_0^eta_1 Delta M_hat tanh (1 - tanh) d eta,
    each term of the size of the result.
    """
    x = xp.asarray(x, dtype=float)
    inside, eta1, grow, decay, r = _eta_nodes(x, core, xp, nodes)
    tanh_one_minus = 2.0 * decay * (grow - decay) / (grow + decay) ** 2
    shells = 4.0 * (
        _integral(eta1, _iso_mass(r, core, xp) * tanh_one_minus, xp)
        - _integral(eta1, nfw_enclosed_mass_hat(r, xp=xp) * tanh_one_minus, xp)
    )
    xi = xp.where(inside, x, 0.5 * core.c)
    rho_r03 = core.rho0 * core.r0 * core.r0 * core.r0
    cylinder = 4.0 * (
        rho_r03 * isothermal_mass_moment(xi / core.r0, xp=xp) - nfw_mass_moment_hat(xi, xp=xp)
    )
    constant = xp.where(core.cored, core.psi_constant, 0.0)
    delta = xp.where(inside, cylinder + shells, constant)
    return nfw_potential_hat(x, xp=xp) + delta


def kaplinghat_tangential_shear_hat(x, core, xp=np, nodes=ETA_NODES):
    """gamma_t / kappa_s = alpha / (kappa_s R) - kappa / kappa_s at x = R / r_s > 0."""
    x = xp.asarray(x, dtype=float)
    inside, eta1, _, _, r = _eta_nodes(x, core, xp, nodes)
    delta = _delta_mean_convergence(eta1, r, core, xp) - _delta_kappa(eta1, r, core, xp)
    return nfw_tangential_shear_hat(x, xp=xp) + xp.where(inside, delta, 0.0)
