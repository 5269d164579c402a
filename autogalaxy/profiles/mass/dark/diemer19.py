"""Diemer & Joyce (2019) concentration-mass-redshift relation c200c(M200c, z), NumPy or JAX.

Diemer & Joyce (2019, ApJ 871, 168; "DJ19") write the concentration through the peak height nu,
the effective slope n_eff of the power spectrum and the effective growth exponent alpha_eff:

    G(c / C(alpha_eff)) = A(n_eff) / nu * (1 + nu^2 / B(n_eff)),             (their eq. 28)
    G(x) = x / mu(x)^((5 + n_eff) / 6),   mu(x) = ln(1 + x) - x / (1 + x),    (eq. 25, NFW)
    A = a0 (1 + a1 (n_eff + 3)),  B = b0 (1 + b1 (n_eff + 3)),  C = 1 - c_alpha (1 - alpha_eff),

with nu = delta_c / sigma(R_L, z), delta_c = 1.68647, R_L the Lagrangian radius of M200c,
n_eff = -2 d ln sigma / d ln R - 3 at R = kappa R_L, and alpha_eff = d ln D / d ln a. The median
parameters (their Table 2) are kappa = 0.41, a0 = 2.45, a1 = 1.82, b0 = 3.20, b1 = 2.30,
c_alpha = 0.21. This is colossus 1.4.0's ``diemer19`` model (its default), which pyHalo offers too;
sigma(R) is the EH98 spectrum normalised to sigma8 and D(z) colossus's growth factor, both from
the cosmology's tables (:mod:`autogalaxy.cosmology.tables`), so one cosmology feeds everything.

Solver (branch-free, :mod:`autogalaxy.util.roots`): G is solved for x on its ascending branch
(where d ln G / d ln x = 1 - p x^2 / ((1 + x)^2 mu) > 0, p = (5 + n_eff)/6, as colossus inverts only
that branch) by 16 bisection steps in ln x over [1e-3, 1e4] on the monotone predicate
"ascending and G(x) > rhs", 3 Newton steps (quadratic: 2.5e-4 -> ~1e-8 -> ~1e-16) and the
implicit-function step that carries jax.grad. With the median parameters the equation always has
a root (rhs / nu >= 2 A / sqrt(B) exceeds min G by >= 1.3x for every n_eff in [-3, 30], and G rises
from 0 for n_eff < -2; the tests check it); the result is NaN where the root lies beyond
x = 1e4 (colossus's table stops at c = 1000 and returns -1 beyond it), where R_L is outside the
sigma table, and, for other ``parameters``, where rhs is below the minimum of G.

Accuracy: the root is exact to rounding for the tabulated inputs; sigma is good to 2e-10 and
n_eff to 3e-9 (the table's derivative), so c200c is within 4e-9 relative of the same equation
solved on adaptive-quadrature inputs (tests, log10 M in [6, 16], z in [0, 6]; colossus's growth
configured to the package's radiation density). colossus's default mode differs by up to ~1.3e-3
(its n_eff is a spline derivative). Units: M200c in Msun/h, as colossus.
"""

import math
import warnings

import numpy as np

from autogalaxy.cosmology import tables
from autogalaxy.cosmology.flat_lambda_cdm import Planck15
from autogalaxy.util import roots
from autogalaxy.util.checks import check, positive

#: Diemer & Joyce (2019) Table 2, median relation for c200c
MEDIAN = dict(kappa=0.41, a0=2.45, a1=1.82, b0=3.20, b1=2.30, c_alpha=0.21)
DELTA_COLLAPSE = 1.68647  # colossus constants.DELTA_COLLAPSE
RHO_CRIT0_MPC3 = 2.77536627245708e11  # colossus RHO_CRIT_0_MPC3 [h^2 Msun / Mpc^3]
LN_X_BOUNDS = (math.log(1e-3), math.log(1e4))
BISECTION_STEPS = 16  # bracket 2.5e-4 wide in ln x; Newton does the rest
NEWTON_STEPS = 3
REDSHIFT_MAX = 200.0

_DEFAULT_COSMOLOGY = Planck15()
_LN_KAPPA = math.log(MEDIAN["kappa"])


def nfw_mu(x, xp=np):
    """mu(x) = ln(1 + x) - x / (1 + x), the NFW enclosed-mass function (DJ19 eq. 25)."""
    return xp.log1p(x) - x / (1.0 + x)


def log_g_and_slope(ln_x, exponent, xp=np):
    """ln G(x) = ln x - p ln mu(x) and d ln G / d ln x = 1 - p x^2 / ((1 + x)^2 mu(x)), p =
    ``exponent`` = (5 + n_eff) / 6. Exact."""
    x = xp.exp(ln_x)
    mu = nfw_mu(x, xp)
    return ln_x - exponent * xp.log(mu), 1.0 - exponent * x * x / ((1.0 + x) ** 2 * mu)


def peak_inputs(mass_at_200, redshift, cosmo, xp=np):
    """(nu, n_eff, alpha_eff, in_table) for M200c [Msun/h] at z from the cosmology's tables.

    R_L = (3 M / (4 pi rho_m0))^(1/3) [Mpc/h] with colossus's rho_m0; in_table is whether R_L and
    kappa R_L lie in the sigma table (R in [1e-6, 40] Mpc/h).
    """
    ln_r = xp.log(mass_at_200 * (3.0 / (4.0 * np.pi) / (cosmo.Om0 * RHO_CRIT0_MPC3))) / 3.0
    in_table = (ln_r <= tables.LN_R_MAX) & (ln_r + _LN_KAPPA >= tables.LN_R_MIN)
    ln_r = xp.where(in_table, ln_r, 0.0)  # a safe stand-in (R = 1 Mpc/h) outside the table
    ln_sigma0 = cosmo.ln_sigma8 + tables.ln_sigma_over_sigma8(ln_r, cosmo, xp)
    _, slope = tables.ln_sigma_over_sigma8(ln_r + _LN_KAPPA, cosmo, xp, derivative=True)
    growth, dgrowth = tables.growth_factor_tabulated(xp.log1p(redshift), cosmo, xp, derivative=True)
    nu = DELTA_COLLAPSE / (xp.exp(ln_sigma0) * growth)
    return nu, -2.0 * slope - 3.0, -dgrowth / growth, in_table


def diemer19_c200c(mass_at_200, redshift, cosmology=None, xp=np, parameters=None):
    """The ``"diemer19"`` relation of the registry: c200c for M200c [Msun/h] at ``redshift``,
    unchecked (NaN where there is no root or the input is out of range; see the module)."""
    return _solve(mass_at_200, redshift, cosmology, xp, parameters)[0]


def _solve(mass_at_200, redshift, cosmology, xp, parameters):
    p = MEDIAN if parameters is None else parameters
    cosmo = tables.tables_for(_DEFAULT_COSMOLOGY if cosmology is None else cosmology, xp=xp)
    mass = xp.asarray(mass_at_200) + 0.0
    z = xp.asarray(redshift) + 0.0
    good = (mass > 0.0) & (z >= 0.0) & (z <= REDSHIFT_MAX)
    mass = xp.where(mass > 0.0, mass, 1e12)
    z = xp.where(good, z, 0.0)
    mass, z = mass + 0.0 * z, z + 0.0 * mass

    nu, n_eff, alpha_eff, in_table = peak_inputs(mass, z, cosmo, xp)
    a = p["a0"] * (1.0 + p["a1"] * (n_eff + 3.0))
    b = p["b0"] * (1.0 + p["b1"] * (n_eff + 3.0))
    scale = 1.0 - p["c_alpha"] * (1.0 - alpha_eff)
    ln_rhs = xp.log(a / nu * (1.0 + nu * nu / b))
    exponent = (5.0 + n_eff) / 6.0

    def residual_and_slope(ln_x):
        ln_g, slope = log_g_and_slope(ln_x, exponent, xp)
        return ln_g - ln_rhs, slope

    def ascending_above(ln_x):  # monotone in x: False up to the root, True after it
        r, slope = residual_and_slope(ln_x)
        return (slope > 0.0) & (r > 0.0)

    lo = xp.zeros_like(ln_rhs) + LN_X_BOUNDS[0]
    hi = xp.zeros_like(ln_rhs) + LN_X_BOUNDS[1]
    ln_x, (lo, hi) = roots.solve(
        residual_and_slope, lo, hi, xp, bisection_steps=BISECTION_STEPS,
        newton_steps=NEWTON_STEPS, predicate=ascending_above,
    )
    # a root was bracketed: below it G < rhs on the ascending branch, above it G > rhs
    has_root = ~ascending_above(lo) & ascending_above(hi) & (residual_and_slope(lo)[1] > 0.0)
    valid = good & in_table & has_root
    concentration = xp.where(valid, scale * xp.exp(xp.where(valid, ln_x, 0.0)), xp.nan)
    return concentration, valid, good & in_table


def diemer19_concentration_xp(mass_at_200, redshift, cosmology=None, xp=np):
    """Concentration c200c of Diemer & Joyce (2019), median relation, for M200c [Msun/h].

    Parameters
    ----------
    mass_at_200
        M200c in Msun/h (colossus's unit), any shape; broadcast against ``redshift``.
    redshift
        z >= 0 (<= 200), any shape.
    cosmology
        A flat LambdaCDM from ``autogalaxy.cosmology`` (default ``Planck15()``); the relation uses
        its total matter density ``Om0_total``, sigma8 and ns (EH98 spectrum) and colossus's growth.
    xp
        ``numpy`` or ``jax.numpy``; works under jax.jit, jax.vmap and jax.grad.

    Returns
    -------
    c200c with the broadcast shape (a scalar for scalar input). NaN where the DJ19 equation has no
    root on the ascending branch of G (colossus returns -1) or where R_L is outside the sigma table
    (~1e-5 to ~2e16 Msun/h for Planck15); the NumPy path warns (UserWarning) then, and raises
    ValueError naming the argument for M <= 0, z < 0 or NaN. The JAX path returns NaN for those.

    Accuracy (float64; tests): <= 4e-9 relative to the root of the same equation on adaptive-quad
    inputs (<= 1e-8 asserted, log10 M in [6, 16], z in [0, 6]); colossus's default mode is within
    2e-3. NumPy and JAX agree to 1e-12.
    """
    _check("mass_at_200", mass_at_200, positive, "finite and > 0 [Msun/h]")
    _check("redshift", redshift, lambda v: (v >= 0) & (v <= REDSHIFT_MAX), "in [0, 200]")
    concentration, valid, solvable = _solve(mass_at_200, redshift, cosmology, xp, None)
    if isinstance(concentration, np.ndarray):
        if not np.all(valid):
            n_range = int(np.count_nonzero(~solvable))
            n_root = int(np.count_nonzero(~valid)) - n_range
            warnings.warn(
                f"diemer19: {n_root} (M, z) without a root of the DJ19 equation and {n_range} "
                "outside the tabulated sigma(R) range; returning NaN",
                stacklevel=2,
            )
        return concentration[()]
    return concentration


def _check(name, value, ok, requirement):
    check(name, value, ok, requirement)  # traced values: a check inside ag.checked only
