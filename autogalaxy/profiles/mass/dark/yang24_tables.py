"""Per-call tables of the Yang et al. (2024) cored NFW's lensing kernels (issue 12: speed).

The exact kernels of :mod:`yang24_util` (88-132 shell nodes per radius) are evaluated once per
call on a grid in d = ln(x / c) (c = r_c / r_s, x = R / r_s) that moves with the core, and read
per pixel as one row of 10 polynomial coefficients and an exp; far from the core the NFW's own
table (:mod:`sidm_tables`) and the core's total mass deficit take over. Per pixel this costs
about the NFW closed form (issue 12; the 769-radius ratio table it replaces sat on a fixed ln x
grid and took a 10-point Lagrange sum per pixel).

Grid (all 10-point Lagrange): d in [-6, 10] at step 0.05 around the core, whose complex
singularities at d = +-i pi / 4 set the step (measured: 0.06 gives 7e-11 for kappa, 0.05 gives
1.5e-11); d in [-16, -6] at step 0.3 (x << c: the flat core); below d = -16 the value at -16
(kappa and alpha are flat there to (x / c)^2 ~ 1e-14, and psi is tabulated as psi / x^2).
Tabulated: ln kappa_hat, ln alpha_hat and ln(psi_hat / x^2): the NFW closed forms plus the core's
shell integrals, all 379 rows from one product integration (yang24_weights: the shell integrand
g(v) = S(e^v) / (1 + c e^v)^2 at 1,333 fixed nodes in v = ln(t / c), one constant matrix;
the Abel kernels depend only on ln(t / x)).

Far from the core (d > 10, x > 2.2e4 c) the projections are the NFW's plus the core's mass
deficit Delta m_inf (module docstring of yang24_util): alpha_hat += 4 Delta m_inf / x^2,
psi_hat += 4 [Delta m_inf (1 - ln 2 + ln x) - Lambda], kappa unchanged; what is dropped is
O((c / x)^4) relative (< 1e-17). c^2 = 0 gives the NFW closed forms exactly.

Measured float64 error against the exact kernels over x in [1e-10, 1e9], c in {1e-6, 1e-3, 0.01,
0.2, 0.64}: kappa <= 1.2e-11, alpha <= 3.5e-12, psi <= 2.5e-11 (the last at x = 1.02 c for c =
0.01, where the kernels' outer-shell form is itself off by 3e-11 against scipy quad; the tables
are not); against scipy quad at the test radii and around the core, tau in [1e-6, 1]: kappa <=
4e-12, alpha <= 3e-13, psi <= 1.7e-13 (test_yang24.py; the shell sums before the product
integration: psi 3e-12). The table costs ~90 us per call on 100 x 100 (was ~270 us: 380 radii x
40-132 shell nodes), about half the forward pass there.

Gradients: a custom JVP in (x, c^2) (``backend.ops(xp).elementwise_with_rule``): d/dx
from the cell polynomial, d/dc^2 from the forward-mode tangent of the table and of the mass
deficit (no scatter-add in the backward pass); the rule reads each pixel's row and position once
for the value and both partials. At c^2 = 0 every pixel is far, and d/dc^2 is the
exact one-sided derivative of kappa and alpha (and of psi without its c^2 ln c term, see yang24).
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark import sidm_tables as tables
from autogalaxy.profiles.mass.dark import yang24_weights as weights
from autogalaxy.profiles.mass.dark.nfw import (
    nfw_convergence_hat,
    nfw_deflection_over_radius_hat,
    nfw_potential_hat,
)
from autogalaxy.profiles.mass.dark.nfw_util import lagrange_cell_coefficients, nfw_g
from autogalaxy.profiles.mass.dark.yang24_util import LN2, _constants
from autogalaxy.profiles.mass.kernel_util import safe_radius
from autogalaxy.util.backend import ops

ORDER = tables.ORDER
HALF = tables.HALF
DEEP = (-16.0, -6.0, 0.3)  # (first d, last d, step) of the flat-core panel
FINE = (-6.0, 10.0, 0.05)  # ... of the panel around the core
_NFW = {"kappa": nfw_convergence_hat, "alpha": nfw_deflection_over_radius_hat,
        "psi": nfw_potential_hat}


def _cells_of(panel):
    lo, hi, step = panel
    return int(round((hi - lo) / step))


def _nodes(panel):
    """The panel's d nodes, HALF beyond each end (so that all its stencils are centred)."""
    lo, _, step = panel
    return lo + step * np.arange(-HALF, _cells_of(panel) + HALF + 1)


_D = np.concatenate([_nodes(DEEP), _nodes(FINE)])
_ROWS = tuple(int(k) for k in weights.node_index(_D))
N_DEEP, N_FINE = _cells_of(DEEP), _cells_of(FINE)


def _tabulated(quantity, x, c, xp):
    """kappa_hat, alpha_hat or psi_hat / x^2 at the table radii x = c e^_D: the NFW closed forms
    plus the core's shell integrals by product integration (yang24_weights)."""
    g = weights.shell_integrand(c, xp)
    shells = xp.asarray(weights.shell_weights(quantity, _ROWS)) @ g
    if quantity == "kappa":
        return nfw_convergence_hat(x, xp=xp) + shells
    delta = shells + weights.tails(quantity, _D, c, xp)  # Delta M_cyl / x^2, Delta psi / 4 x^2
    if quantity == "alpha":
        return 4.0 * (nfw_g(x, xp=xp) / (x * x) + delta)
    return nfw_potential_hat(x, xp=xp) / (x * x) + 4.0 * delta


def core_table(quantity, c2, xp=np):
    """(cells, scalars): (N_DEEP + N_FINE, ORDER) exp-cells of the deep then the fine panel, and
    (ln c, c^2 > 0, Delta m_inf, Lambda) for c^2 = (r_c / r_s)^2 (scalar)."""
    c2 = xp.asarray(c2, dtype=float)
    cored = c2 > 0.0
    c = xp.where(cored, safe_radius(c2, xp), 1.0)  # c^2 = 0: a harmless grid, never read
    ln_values = xp.log(_tabulated(quantity, c * xp.asarray(np.exp(_D)), c, xp))
    n_deep_nodes = _nodes(DEEP).size
    deep = lagrange_cell_coefficients(ln_values[:n_deep_nodes], ORDER, xp)[HALF:HALF + N_DEEP]
    fine = lagrange_cell_coefficients(ln_values[n_deep_nodes:], ORDER, xp)[HALF:HALF + N_FINE]
    mass_inf, log_moment = _constants(c2, float, xp)
    cells = tables.exp_cells(xp.concatenate([deep, fine]), xp)
    return cells, (xp.log(c), cored, mass_inf, log_moment)


def _locate(x, scalars, xp):
    """Per pixel: (row, tau) in [core cells; NFW cells], d tau / dx and the region masks."""
    ln_c, cored = scalars[:2]
    ln_x = ops(xp).log(x)
    d = ln_x - ln_c
    far = ~cored | (d > FINE[1])
    deep = d < FINE[0]
    du = xp.maximum(d, DEEP[0])
    lo, step = xp.where(deep, DEEP[0], FINE[0]), xp.where(deep, DEEP[2], FINE[2])
    position = (du - lo) / step
    core_row = xp.where(deep, xp.clip(xp.floor(position), 0, N_DEEP - 1),
                        N_DEEP + xp.clip(xp.floor(position), 0, N_FINE - 1))
    core_tau = position - (core_row - xp.where(deep, 0, N_DEEP)) - 0.5
    nfw_row, nfw_tau = tables.nfw_row_and_tau(ln_x, xp)
    row = xp.where(far, N_DEEP + N_FINE + nfw_row, core_row)
    tau = xp.where(far, nfw_tau, core_tau)
    flat = ~far & (d < DEEP[0])  # below the deep panel the tables are held at d = -16
    dtau = xp.where(far, 1.0 / tables.NFW_STEP, xp.where(flat, 0.0, 1.0 / step)) / x
    return dict(row=row.astype(int), tau=tau, dtau=dtau, far=far, ln_x=ln_x)


def _combine(quantity, x, where, value, slope, scalars, xp):
    """(value, d value / dx, d(prefactor) / dx times the table value) of the final quantity,
    with the far region's NFW (table, or series beyond 1e7) plus the mass-deficit terms."""
    mass_inf, log_moment = scalars[2:]
    far, ln_x = where["far"], where["ln_x"]
    big = x > tables.FAR_X
    series, series_slope = tables.nfw_far(xp.maximum(x, tables.FAR_X),
                                          xp.maximum(ln_x, math.log(tables.FAR_X)), quantity, xp)
    log_slope = value * slope * where["dtau"]
    nfw = xp.where(big, series, value)
    nfw_slope = xp.where(big, series_slope, log_slope)
    inv_x2 = 1.0 / (x * x)
    if quantity == "kappa":
        return xp.where(far, nfw, value), xp.where(far, nfw_slope, log_slope), 0.0 * x
    if quantity == "alpha":
        far_value = nfw + 4.0 * mass_inf * inv_x2
        far_slope = nfw_slope - 8.0 * mass_inf * inv_x2 / x
        return xp.where(far, far_value, value), xp.where(far, far_slope, log_slope), 0.0 * x
    far_value = nfw + 4.0 * (mass_inf * (1.0 - LN2 + ln_x) - log_moment)
    far_slope = nfw_slope + 4.0 * mass_inf / x
    mass_term = xp.where(far, 0.0, 2.0 * x * value)
    return (xp.where(far, far_value, x * x * value),
            xp.where(far, far_slope, mass_term + x * x * log_slope), mass_term)


def _table(quantity, cells, xp):
    return xp.concatenate([cells, xp.asarray(tables.nfw_cells(quantity))])


def _value(quantity, x, c2, xp):
    return _evaluate(quantity, x, core_table(quantity, c2, xp), xp)[0]


def _evaluate(quantity, x, table, xp):
    """(Q, where, table value) at x from core_table's (cells, scalars)."""
    cells, scalars = table
    where = _locate(x, scalars, xp)
    value = tables.exp_cell_value(_table(quantity, cells, xp), where["row"], where["tau"], xp)
    table_value = _combine(quantity, x, where, value, 0.0, scalars, xp)[0]
    # c^2 = 0 (tau = 0): exactly the NFW's closed forms (a branch evaluated only where taken)
    q = ops(xp).cond(scalars[1], lambda: table_value, lambda: _NFW[quantity](x, xp=xp))
    return q, where, value


def _value_and_partials(quantity, x, c2, xp):
    """(Q, (d Q / dx, d Q / dc^2)) on JAX (the custom JVP rule): one table lookup serves the
    value and the slope; the table's and the mass deficit's tangents in c^2 from forward mode."""
    (cells, scalars), (d_cells, d_scalars) = ops(xp).jvp(
        lambda v: core_table(quantity, v, xp), (c2,), (xp.ones_like(c2),))
    y, where, value = _evaluate(quantity, x, (cells, scalars), xp)

    def partials():
        row, tau = where["row"], where["tau"]
        slope = tables.exp_cell_slope(_table(quantity, cells, xp), row, tau, xp)
        _, d_x, mass_term = _combine(quantity, x, where, value, slope, scalars, xp)
        core_row = xp.minimum(row, cells.shape[0] - 1)
        d_ln = (d_cells[:, 0][core_row] / cells[:, 0][core_row]
                + tau * tables.cell_polynomial(d_cells[:, 1:], core_row, tau, xp))
        factor = x * x if quantity == "psi" else 1.0
        # d tau / dc^2 = -(x / (2 c^2)) d tau / dx (tau depends on x / c only)
        c2_safe = xp.where(scalars[1], xp.exp(2.0 * scalars[0]), 1.0)
        d_core = factor * value * d_ln - (x / (2.0 * c2_safe)) * (d_x - mass_term)
        d_mass, d_log_moment = d_scalars[2:]
        if quantity == "kappa":
            d_far = 0.0 * x
        elif quantity == "alpha":
            d_far = 4.0 * d_mass / (x * x)
        else:
            d_far = 4.0 * (d_mass * (1.0 - LN2 + where["ln_x"]) - d_log_moment)
        return d_x, xp.where(where["far"], d_far, d_core)

    # as buffers, not fused into their readers (backend._materialize: 2x faster gradients)
    return y, ops(xp).materialize(partials, x)


def yang24_table_hat(quantity, x, c2, xp=np):
    """kappa_hat, alpha_hat (= alpha / (kappa_s R)) or psi_hat of the Yang24 cored NFW with
    c^2 = (r_c / r_s)^2 (scalar) at x = R / r_s > 0 (x >= 1e-12), from the per-call tables
    (module docstring); the NFW closed forms at c^2 = 0."""
    x = xp.asarray(x, dtype=float)
    c2 = xp.asarray(c2, dtype=float)
    f = ops(xp).elementwise_with_rule(
        lambda x_, c_: _value(quantity, x_, c_, xp),
        lambda x_, c_: _value_and_partials(quantity, x_, c_, xp),
    )
    return f(x, c2)
