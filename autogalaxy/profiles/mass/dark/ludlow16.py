"""Ludlow et al. (2016) concentration-mass-redshift relation c200c(M200c, z), NumPy or JAX.

Ludlow et al. (2016, MNRAS 460, 1214) tie a halo's concentration to the collapse history of its
progenitors: the mass inside the scale radius r_-2 of an Einasto (alpha = 0.18) profile equals
the mass in progenitors above f M200 = 0.02 M200 (their eq. 7, extended Press-Schechter),

    M(<r_-2) / M200 = erfc[(delta_c/D(z_-2) - delta_c/D(z)) / sqrt(2 (sigma^2(f M) - sigma^2(M)))],

and the mean density inside r_-2 is C = 650 times the critical density at z_-2 (their eq. 6).
This module reproduces colossus 1.4.0's ``modelLudlow16`` (Diemer 2018, ApJS 239, 35; its
halo/concentration.py) step by step: the same 200-node c-grid, Einasto mass ratio, closed-form
formation redshift (flat LambdaCDM without radiation but colossus's Ode0 = 1 - Om0 - Or0),
formation-redshift cuts (-0.995, 200.01), growth factor (with its radiation-era blend) and sigma
(EH98, normalised to sigma8), and the linear interpolation of the root on the c-grid.

Public entry point: ``ludlow16_concentration_xp``. Every other function here is a small pure
xp-aware kernel. Units: M200c in Msun/h (as colossus), radii in comoving Mpc/h.
"""

import math
import warnings

import numpy as np
import scipy.special

from autogalaxy.cosmology import tables
from autogalaxy.cosmology.flat_lambda_cdm import Planck15
from autogalaxy.cosmology.tables import CosmologyTables, growth_factor_tabulated, tables_for
from autogalaxy.util import roots
from autogalaxy.util.backend import ops
from autogalaxy.util.checks import check, is_concrete, nonnegative, positive

# --- constants of the model (Ludlow et al. 2016) and of colossus 1.4.0 --------------------------
EINASTO_ALPHA = 0.18  # Ludlow et al. (2016) Einasto shape parameter
FORMATION_DENSITY_FACTOR = 650.0  # C of eq. 6
PROGENITOR_MASS_FRACTION = 0.02  # f of eq. 7
DELTA_COLLAPSE = 1.68647  # colossus constants.DELTA_COLLAPSE
RHO_CRIT0_MPC3 = 2.77536627245708e11  # colossus RHO_CRIT_0_MPC3 [h^2 Msun / Mpc^3]
FORMATION_Z_MIN = -0.995  # colossus Cosmology.z_min (LambdaCDM)
FORMATION_Z_MAX = 200.01  # colossus Cosmology.z_max
REDSHIFT_MAX = 200.0  # colossus's growth-factor range; no c-grid solution exists above z ~ 195
GRID_SIZE = 200
C_GRID = np.logspace(0.0, 2.0, GRID_SIZE)  # colossus's c-grid, 10^(2 i / 199)
BISECTION_STEPS = 8  # 2^8 = 256 slots >= 200 nodes + the virtual node -1
NEWTON_STEPS = 3  # smooth solver: 3 Newton steps + 1 implicit-function step from the grid root
SOLVERS = ("grid", "smooth")

_A = 3.0 / EINASTO_ALPHA  # shape of the incomplete gamma function
_X_RS = 2.0 / EINASTO_ALPHA  # its argument at r = r_s (= r_-2)
_LGAMMA_A = math.lgamma(_A)


#: halos x nodes up to which all 200 residual signs are compared at once instead of bisected (a
#: static-shape rule, the same on every backend: one halo costs 85 us vs 205 us on NumPy and
#: ~15 us vs ~11 us jitted, measured; larger inputs bisect on both)
DENSE_LIMIT = 4096


def special_functions(xp):
    """The backend primitives (``autogalaxy.util.backend.ops``; kept for existing imports)."""
    return ops(xp)


# --- kernels ------------------------------------------------------------------------------------
def einasto_mass_ratio(c, xp=np, alpha=EINASTO_ALPHA):
    """M(<r_s) / M(<c r_s) of an Einasto (1965) profile: P(3/a, 2/a) / P(3/a, (2/a) c^a).

    P is the regularised lower incomplete gamma function (the Einasto enclosed mass is
    proportional to P(3/alpha, (2/alpha)(r/r_s)^alpha)); dimensionless, independent of mass,
    redshift and normalisation. Ludlow et al. (2016) use alpha = 0.18 (the left-hand side of their
    eq. 7 with c = r_200/r_-2). Accuracy: that of gammainc (1e-15 relative with scipy; jax's agrees
    to 1.1e-14 on c in [1, 100]). Argument order as upstream's (c, xp, alpha).
    """
    sp = special_functions(xp)
    a = 3.0 / alpha
    x_rs = 2.0 / alpha
    return sp.gammainc(a, x_rs) / sp.gammainc(a, x_rs * c**alpha)


# Tables on the c-grid: they depend on alpha and C alone, so they are module constants (scipy).
MASS_RATIO_GRID = einasto_mass_ratio(C_GRID)
#: rho(<r_-2) / rho_crit(z) = 200 c^3 M(<r_s)/M200 / C: the density ratio of eq. 6
FORMATION_DENSITY_GRID = 200.0 * C_GRID**3 * MASS_RATIO_GRID / FORMATION_DENSITY_FACTOR
#: erfc^-1(M(<r_s)/M200): the residual at node i is <= 0 iff its erfc argument is <= this
ERFC_ROOT_GRID = scipy.special.erfcinv(MASS_RATIO_GRID)
_P_RS = float(scipy.special.gammainc(_A, _X_RS))
#: ln M(<r_s)/M(<c r_s) for continuous c in [1, 100] (the smooth solver): degree-7 pieces on 32
#: segments in ln c, fitted to scipy's gammainc; <= 1.1e-14 absolute (3e-15 relative), tested
MASS_RATIO_PIECES = tables.PiecewiseGrid(0.0, float(np.log(100.0)), segments=32, degree=7)
MASS_RATIO_COEFFICIENTS = tables.piecewise_coefficients(
    np.log(einasto_mass_ratio(np.exp(MASS_RATIO_PIECES.local_nodes()))), MASS_RATIO_PIECES
)


def formation_expansion_cubed(density_ratio, redshift_term, Om0, Ode0):
    """t1 = (1 + z_-2)^3 from rho(<r_-2) = C rho_crit(z_-2) (Ludlow et al. 2016, eq. 6).

    Closed-form flat LambdaCDM inversion without radiation, as colossus:
    t1 = [rho_ratio (Om0 (1+z)^3 + Ode0) - Ode0] / Om0, with ``redshift_term`` = Om0 (1+z)^3 + Ode0
    and colossus's Ode0 = 1 - Om0 - Or0. z_-2 = t1^(1/3) - 1 exists where t1 > 0. Exact.
    """
    return (density_ratio * redshift_term - Ode0) / Om0


def lagrangian_log_radius(mass, Om0, xp=np):
    """ln R of the Lagrangian radius R = [3 M / (4 pi rho_m0)]^(1/3) [Mpc/h], M in Msun/h,
    rho_m0 = Om0 * 2.77536627245708e11 h^2 Msun/Mpc^3 (colossus ``peaks.lagrangianR``). Exact."""
    return xp.log(mass * (3.0 / (4.0 * np.pi) / (Om0 * RHO_CRIT0_MPC3))) * (1.0 / 3.0)


#: kept for existing imports: the per-cosmology tables are the cosmology's
#: (:mod:`autogalaxy.cosmology.tables`)
Ludlow16Cosmology = CosmologyTables
prepare_cosmology = tables_for
_DEFAULT_COSMOLOGY = Planck15()


_T1_MIN = (1.0 + FORMATION_Z_MIN) ** 3  # z_-2 > -0.995  <=>  t1 > 0.005^3
_T1_MAX = (1.0 + FORMATION_Z_MAX) ** 3


def formation_log_expansion(density_ratio, redshift_term, cosmo, xp=np):
    """ln(1 + z_-2) at c-grid nodes with formation density ratios ``density_ratio``
    (FORMATION_DENSITY_GRID), whether colossus keeps the node (-0.995 < z_-2 < 200.01, compared
    as t1 = (1 + z_-2)^3 against the cubed limits) and whether t1 is above the lower limit.
    ln(1 + z_-2) is 0 (a safe stand-in) at dropped nodes. Exact."""
    t1 = formation_expansion_cubed(density_ratio, redshift_term, cosmo.Om0, cosmo.Ode0)
    above_min = t1 > _T1_MIN
    kept = above_min & (t1 < _T1_MAX)
    return xp.log(xp.where(kept, t1, 1.0)) * (1.0 / 3.0), kept, above_min


def _signed_gap(gap, kept, above_min, xp):
    """The gap where colossus keeps the node; -inf below its range (counted as a negative
    residual), +inf above it (counted as positive)."""
    return xp.where(kept, gap, xp.where(above_min, xp.inf, -xp.inf))


def node_collapse_gap(density_ratio, redshift_term, delta_z, cosmo, xp=np):
    """At c-grid nodes: q = delta_c/D(z_-2) - delta_c/D(z) where colossus keeps the node, -inf
    below its formation-redshift range (including t1 <= 0: no formation redshift), +inf above.

    Returns (q, gap, kept) with ``gap`` the same difference evaluated with safe arguments (finite
    everywhere, for gradients). The residual M_ratio - erfc(gap / S) is <= 0 iff
    q <= erfc^-1(M_ratio) S, which is how the root bracketing reads it (colossus's lhs_rhs,
    modelLudlow16). Dimensionless; exact given the growth table.
    """
    ln_zp1, kept, above_min = formation_log_expansion(density_ratio, redshift_term, cosmo, xp)
    gap = DELTA_COLLAPSE / growth_factor_tabulated(ln_zp1, cosmo, xp=xp) - delta_z
    return _signed_gap(gap, kept, above_min, xp), gap, kept


def smooth_residual(log_c, redshift_term, delta_z, inverse_spread, cosmo, xp=np):
    """Ludlow et al. (2016) eq. 7 residual r(c) = M(<r_-2)/M200 - erfc(...) at continuous ln c
    (c in [1, 100]) and dr/d ln c (analytic), for the same equation as on colossus's c-grid,
    with the Einasto ratio from ``MASS_RATIO_COEFFICIENTS``. Dimensionless."""
    sp = ops(xp)
    ratio = xp.exp(
        tables.piecewise_evaluate(log_c, xp.asarray(MASS_RATIO_COEFFICIENTS), MASS_RATIO_PIECES, xp)
    )
    # d ln ratio / d ln c = -alpha x P'(x) / P(x), with P(x) = P(2/alpha) / ratio (exact)
    ln_x = math.log(_X_RS) + EINASTO_ALPHA * log_c
    x = xp.exp(ln_x)
    dlnratio = -EINASTO_ALPHA * ratio / _P_RS * xp.exp(_A * ln_x - x - _LGAMMA_A)
    density = 200.0 / FORMATION_DENSITY_FACTOR * xp.exp(3.0 * log_c) * ratio
    t1 = formation_expansion_cubed(density, redshift_term, cosmo.Om0, cosmo.Ode0)
    t1 = xp.where(t1 > 0.0, t1, 1.0)
    dt1 = density * redshift_term / cosmo.Om0 * (3.0 + dlnratio)
    growth, dgrowth = growth_factor_tabulated(xp.log(t1) / 3.0, cosmo, xp=xp, derivative=True)
    gap = DELTA_COLLAPSE / growth - delta_z
    dgap = -DELTA_COLLAPSE / growth**2 * dgrowth * dt1 / (3.0 * t1)
    u = gap * inverse_spread
    residual = ratio - sp.erfc(u)
    slope = ratio * dlnratio + 2.0 / math.sqrt(math.pi) * xp.exp(-u * u) * inverse_spread * dgap
    return residual, slope


_LN_PROGENITOR = math.log(PROGENITOR_MASS_FRACTION) / 3.0  # ln R(f M) - ln R(M)
_RADIUS_OFFSETS = np.array([_LN_PROGENITOR, 0.0])
_PAIR_OFFSETS = np.array([0, 1])


def _spread(mass, cosmo, xp):
    """S = sqrt(2 (sigma^2(f M) - sigma^2(M))) at z = 0 (eq. 7's denominator) and whether M lies
    in the sigma table (R(M) <= 40 Mpc/h, R(f M) >= 1e-6 Mpc/h)."""
    ln_r = lagrangian_log_radius(mass, cosmo.Om0, xp=xp)
    in_table = (ln_r <= tables.LN_R_MAX) & (ln_r + _LN_PROGENITOR >= tables.LN_R_MIN)
    ln_r = xp.where(in_table, ln_r, 0.0)  # safe stand-in (R = 1 Mpc/h) outside the table
    offsets = xp.reshape(xp.asarray(_RADIUS_OFFSETS), (2,) + (1,) * ln_r.ndim)
    ln_sig = tables.ln_sigma_over_sigma8(ln_r + offsets, cosmo, xp)
    sig2 = xp.exp(2.0 * (cosmo.ln_sigma8 + ln_sig))
    return xp.sqrt(2.0 * (sig2[0] - sig2[1])), in_table


def _bisect(negative_at, shape, xp):
    """Last node index whose residual is <= 0, by bisection over 256 slots (8 halvings with
    fixed strides 128, 64, ..., 1, so index arithmetic only; slots 200..255 count as positive),
    given ``negative_at(index) -> bool array``. The loop is ``lax.fori_loop`` on JAX (one traced
    body: compiles ~2x faster than unrolled, same speed) and a Python loop on NumPy."""

    def halve(i, last_negative):
        trial = last_negative + (128 >> i)
        negative = negative_at(xp.minimum(trial, GRID_SIZE - 1)) & (trial < GRID_SIZE)
        return xp.where(negative, trial, last_negative)

    return ops(xp).fori_loop(0, BISECTION_STEPS, halve, xp.full(shape, -1))


def bracket_root(spread, z, cosmo, shape, xp=np):
    """colossus's bracketing cell on the c-grid for halos with spreads S (``_spread``) at
    redshifts z: the last node j whose residual M_ratio - erfc(gap / S) is <= 0 (-1 if none),
    the node pair (j, j + 1) (clipped into the grid), the gaps and "kept" flags there (each
    stacked with shape (2,) + ``shape``), and Om0 (1+z)^3 + Ode0 and delta_c / D(z).

    Nodes below colossus's formation-redshift range count as negative and those above it as
    positive, so the sign sequence is one run of negatives then positives (colossus relies on
    the residual changing sign once; the tests check it) and np.interp's binary search, this
    bisection and a count of negative nodes all find the same cell. Strategy by static shapes
    (a cost model; every strategy gives the same numbers, tested): redshifts shared by many
    halos get the 200 node gaps tabulated once per redshift (then all signs compared at once for
    tiny inputs, else bisected by gathers); distinct redshifts evaluate the 8 bisection
    nodes per halo directly.
    """
    n_total = math.prod(shape)
    n_z = math.prod(z.shape)
    dense_limit = DENSE_LIMIT
    erfc_root = xp.asarray(ERFC_ROOT_GRID)
    density = xp.asarray(FORMATION_DENSITY_GRID)
    redshift_term = cosmo.Om0 * (1.0 + z) ** 3 + cosmo.Ode0
    if GRID_SIZE * n_z <= max(BISECTION_STEPS * n_total, dense_limit):
        ln_zp1, kept_table, above_min = formation_log_expansion(
            density, redshift_term[..., None], cosmo, xp=xp
        )
        # one growth-table evaluation for the 200 formation redshifts and z itself
        ln_zp1 = xp.concatenate([ln_zp1, xp.log1p(z)[..., None]], axis=-1)
        collapse = DELTA_COLLAPSE / growth_factor_tabulated(ln_zp1, cosmo, xp=xp)
        delta_z = collapse[..., -1]
        gap_table = collapse[..., :-1] - collapse[..., -1:]
        q_table = _signed_gap(gap_table, kept_table, above_min, xp)
        offset = xp.reshape(xp.arange(n_z) * GRID_SIZE, z.shape)
        if GRID_SIZE * n_total <= dense_limit:
            negative = q_table <= erfc_root * spread[..., None]
            last_negative = xp.sum(negative, axis=-1) - 1
        else:
            q_flat = xp.reshape(q_table, (-1,))
            last_negative = _bisect(
                lambda i: q_flat[offset + i] <= erfc_root[i] * spread, shape, xp
            )
        pair = _node_pair(last_negative, xp)
        flat = offset + pair
        gaps = xp.reshape(gap_table, (-1,))[flat]
        kept = xp.reshape(kept_table, (-1,))[flat]
        return last_negative, pair, gaps, kept, redshift_term, delta_z

    delta_z = DELTA_COLLAPSE / growth_factor_tabulated(xp.log1p(z), cosmo, xp=xp)

    def negative_at(i):
        q = node_collapse_gap(density[i], redshift_term, delta_z, cosmo, xp=xp)[0]
        return q <= erfc_root[i] * spread

    last_negative = _bisect(negative_at, shape, xp)
    pair = _node_pair(last_negative, xp)
    _, gaps, kept = node_collapse_gap(density[pair], redshift_term, delta_z, cosmo, xp=xp)
    return last_negative, pair, gaps, kept, redshift_term, delta_z


def _node_pair(last_negative, xp):
    j = xp.minimum(xp.maximum(last_negative, 0), GRID_SIZE - 2)
    return j + xp.reshape(xp.asarray(_PAIR_OFFSETS), (2,) + (1,) * j.ndim)


def ludlow16_concentration_xp(mass_at_200, redshift, cosmology=None, xp=np, solver="grid"):
    """Concentration c200c of Ludlow et al. (2016) for halo mass M200c [Msun/h] at ``redshift``.

    Parameters
    ----------
    mass_at_200
        M200c in Msun/h (colossus's unit), any shape; broadcast against ``redshift``.
    redshift
        z >= 0, any shape.
    cosmology
        A flat LambdaCDM from ``autogalaxy.cosmology`` (default ``Planck15()``). Ludlow16 uses its
        total matter density ``Om0_total`` (incl. massive neutrinos) and colossus's radiation,
        Or0 = Ogamma0 (1 + 0.2271 Neff), so Planck15 reproduces colossus's ``planck15``.
    xp
        ``numpy`` or ``jax.numpy``. Works under jax.jit, jax.vmap and jax.grad (with respect to
        mass, redshift and the cosmology's parameters).
    solver
        ``"grid"`` (default): colossus's rule, the linear interpolation of the root between the
        two bracketing nodes of the 200-node c-grid (the cell np.interp finds; located by an
        8-step bisection over node indices, or by counting negative nodes for tiny inputs).
        Piecewise smooth: dc/dlog M jumps by ~6% where the root crosses a node. ``"smooth"``:
        the continuous root of the same equation (3 Newton steps from the grid root plus one
        differentiated step, which gives the implicit-function gradient). It differs from
        ``"grid"`` by up to 5.9e-4 relative (the grid's interpolation error; measured over
        log10 M in [4, 16], z in [0, 10], largest at z = 10 and c ~ 2, 4.6e-4 for z <= 6).

    Returns
    -------
    c200c with the broadcast shape (a scalar for scalar input). NaN where colossus returns -1 (no
    sign change on the c-grid, e.g. z >~ 195, where every admissible formation redshift exceeds
    200.01; also for z > 200, colossus's growth-factor range), where M is outside the tabulated
    sigma range (R(M) <= 40 Mpc/h and R(0.02 M) >= 1e-6 Mpc/h, i.e. ~2e-5 to ~2e16 Msun/h for
    Planck15), and, on the JAX path, for invalid input (M <= 0, z < 0, NaN). The NumPy path
    raises ValueError naming the argument for invalid input and an unknown solver, and warns
    (UserWarning) whenever it returns NaN.

    Accuracy (float64; tests): 1.4e-7 relative to colossus's exact mode (<= 3e-6 asserted) for
    log10 M in [4, 16], z in [0, 10] and three cosmologies (the residual is colossus's own
    quadrature noise), 3.7e-4 to its default mode (its spline noise; <= 5e-4 asserted); NumPy
    and JAX agree to 1e-14 (1e-12 asserted). float32 (JAX without x64): 2.4e-6 (grid) and 6e-6
    (smooth) relative to float64, gradients good to ~1e-5.

    Speed: a concrete cosmology's tables are built once (~0.15 s) and cached. Keep the cosmology
    out of a jitted function's traced arguments (closure or default) unless differentiating with
    respect to it: a traced cosmology rebuilds its tables inside every call (~0.1 s per call;
    the first compile of its gradient takes ~10 s on a 2-core CPU).
    """
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {SOLVERS}; got {solver!r}")
    _validate("mass_at_200", mass_at_200, positive, "finite and > 0 [Msun/h]")
    _validate("redshift", redshift, nonnegative, "finite and >= 0")
    concentration, valid, diagnostics = _solve(mass_at_200, redshift, cosmology, xp, solver)
    if isinstance(concentration, np.ndarray):
        if not np.all(valid):
            _warn_nan(concentration, *diagnostics)
        return concentration[()]
    return concentration


def ludlow16_c200c(mass_at_200, redshift, cosmology=None, xp=np):
    """The ``"ludlow16"`` relation of the registry: ``ludlow16_concentration_xp`` with the grid
    solver, without the input checks or warnings (the caller validated; NaN marks failures)."""
    return _solve(mass_at_200, redshift, cosmology, xp, "grid")[0]


def ludlow16_smooth_c200c(mass_at_200, redshift, cosmology=None, xp=np):
    """The ``"ludlow16_smooth"`` relation: the continuous root (``solver="smooth"``), unchecked."""
    return _solve(mass_at_200, redshift, cosmology, xp, "smooth")[0]


def _solve(mass_at_200, redshift, cosmology, xp, solver):
    """(c200c with NaN where invalid, valid mask, (solvable, in_table) for the warnings)."""
    cosmo = tables_for(_DEFAULT_COSMOLOGY if cosmology is None else cosmology, xp=xp)
    sp = ops(xp)

    mass = xp.asarray(mass_at_200) + 0.0
    z = xp.asarray(redshift) + 0.0
    shape = np.broadcast_shapes(mass.shape, z.shape)
    good_input = (mass > 0.0) & (z >= 0.0)
    z_in_range = (z >= 0.0) & (z <= REDSHIFT_MAX)
    mass = xp.where(mass > 0.0, mass, 1e12)
    z = xp.where(z_in_range, z, 0.0)

    spread, in_table = _spread(mass, cosmo, xp)
    inverse_spread = 1.0 / spread
    last_negative, pair, gaps, kept, redshift_term, delta_z = bracket_root(
        spread, z, cosmo, shape, xp=xp
    )
    valid = good_input & z_in_range & in_table & kept[0] & kept[1]
    valid = valid & (last_negative >= 0) & (last_negative <= GRID_SIZE - 2)
    residual = xp.asarray(MASS_RATIO_GRID)[pair] - sp.erfc(gaps * inverse_spread)
    r_lo = xp.where(valid, residual[0], -1.0)
    r_hi = xp.where(valid, residual[1], 1.0)
    c_pair = xp.asarray(C_GRID)[pair]
    c_lo, c_hi = c_pair[0], c_pair[1]
    # np.interp(0, lhs_rhs, c) in the bracketing cell: slope * (0 - x_j) + f_j
    concentration = (c_hi - c_lo) / (r_hi - r_lo) * (0.0 - r_lo) + c_lo

    if solver == "smooth":
        # the grid cell is the bracket; Newton polishes inside it and one differentiated step
        # gives the implicit-function gradient (autogalaxy.util.roots)
        def residual_and_slope(log_c):
            return smooth_residual(log_c, redshift_term, delta_z, inverse_spread, cosmo, xp)

        log_c = roots.newton_polish(
            residual_and_slope, xp.log(concentration), xp.log(c_lo), xp.log(c_hi),
            NEWTON_STEPS, xp, usable=valid,
        )
        concentration = xp.exp(roots.implicit_step(residual_and_slope, log_c, xp, usable=valid))

    concentration = xp.where(valid, concentration, xp.nan)
    return concentration, valid, (good_input & in_table, in_table)


def _validate(name, value, ok, requirement):
    """``check`` (ValueError naming the argument) for concrete input, with a fast passing path."""
    if isinstance(value, float) and ok(value):
        return
    if not is_concrete(value) or not np.all(ok(np.asarray(value, dtype=float))):
        check(name, value, ok, requirement)  # traced: a check inside ag.checked only


def _warn_nan(concentration, solvable, in_table):
    n_range = int(np.count_nonzero(~in_table))
    n_root = int(np.count_nonzero(solvable & np.isnan(concentration)))
    if n_range:
        warnings.warn(
            f"ludlow16: {n_range} mass(es) outside the tabulated sigma(R) range "
            "(R(M) <= 40 Mpc/h, R(0.02 M) >= 1e-6 Mpc/h); returning NaN",
            stacklevel=3,
        )
    if n_root:
        warnings.warn(
            f"ludlow16: no solution on the c-grid for {n_root} (M, z) (colossus returns -1); "
            "returning NaN",
            stacklevel=3,
        )


# upstream autogalaxy's module-level names (same signatures, exact kernels)
from autogalaxy.profiles.mass.dark.ludlow16_upstream import (  # noqa: E402,F401
    PLANCK15_COSMOLOGY,
    growth_factor,
    ludlow16_concentration,
    sigma_R,
    transfer_eh98,
)
