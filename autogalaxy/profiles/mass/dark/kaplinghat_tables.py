"""Per-call tables of the Kaplinghat SIDM halo's lensing kernels (issue 12: speed).

The exact kernels of :mod:`kaplinghat_util` integrate 48 shell nodes per pixel inside r_1. The
profile instead evaluates them once per call on a fixed grid in eta = arccosh(c / x) (c = r_1 /
r_s, x = R / r_s < c) and interpolates; outside the core it reads the NFW's own table
(:mod:`sidm_tables`). Per pixel: two logarithms, one row of 10 coefficients, one exp.

Why eta. Inside the core kappa = kappa_N + Delta kappa with Delta kappa ~ (c - x)^(3/2) at the
edge (the density's kink at r_1; alpha and psi are smoother): no polynomial in x or ln x
resolves it, but x = c sech(eta) turns it into eta^3. Better still, Delta(eta) is odd in eta
(each Delta is an eta-integral over [0, eta_1] of an even integrand), so Q(-eta) = 2 Q_N - Q
continues every quantity analytically through the edge and the stencils there stay centred.
For x << r_0 (eta > 7) the core is flat: Q is analytic in x^2, and one polynomial of degree 5
in w = (x / (c sech 7))^2 on 6 Chebyshev nodes replaces the long eta range.

Tabulated: ln kappa_hat, ln alpha_hat (alpha / (kappa_s R)) and ln(psi_hat / x^2) (cored, so
all O(1)); fine grid eta in [0, 7] step 0.04 (175 cells, 10-point Lagrange). The values come
from product integration (``shell_weights``): the shell integrands of kaplinghat_util (r Delta
rho, Delta M / r^2, Delta M) are evaluated once on a grid in theta = arccosh(c / r), and a
constant matrix (the Abel kernels in theta, which never depend on c) integrates them for all
181 + 6 table radii at once: ~230 density evaluations and one matrix product per call instead of
48 per pixel. Measured float64 error of kappa, alpha and psi against the 96-node kernels over x
in [1e-12, 1e9]: <= 1.3e-13 for c in {1e-3, 0.05, 1, 3.9, 3.97}; against scipy quad at R in
[1e-4, 1e3] r_s, c in {0.05, 1, 3, 3.9}: <= 4.3e-13 (test_kaplinghat.py).

Gradients: a custom JVP (``backend.ops(xp).elementwise_with_rule``) in (x, c): d/dx from the
cell polynomial's slope, d/dc from the forward-mode tangent of the table (one extra table row
read per pixel, no scatter-add in the backward pass; the rule locates each pixel once for the
value and both partials); measured against central differences to
<= 3e-9. Within s = sqrt(1 - x^2 / c^2) < 3e-6 of the core edge (|x - c| < 5e-12 c) d/dx is
the edge slope of the NFW side (Q is C^1 there), relative error <= 1e-5; elsewhere ~1e-12.
The profile passes its own core's x_1 (``root``), so one root solve serves every method.
"""

import functools
import math

import numpy as np

from autogalaxy.profiles.mass.dark import sidm_tables as tables
from autogalaxy.profiles.mass.dark.isothermal import (
    isothermal_density,
    isothermal_mass,
    isothermal_mass_moment,
)
from autogalaxy.profiles.mass.dark.kaplinghat_util import matched_core, nfw_mass_moment_hat
from autogalaxy.profiles.mass.dark.nfw import (
    nfw_convergence_hat,
    nfw_deflection_over_radius_hat,
    nfw_enclosed_mass_hat,
    nfw_potential_hat,
)
from autogalaxy.profiles.mass.dark.nfw_util import lagrange_cell_coefficients
from autogalaxy.util.backend import ops
from autogalaxy.util.quadrature import gauss_legendre_unit

ORDER = tables.ORDER
HALF = tables.HALF
ETA_STEP = 0.04
ETA_SPLIT = 7.0  # fine eta grid below, the x^2 polynomial above
FINE_CELLS = int(round(ETA_SPLIT / ETA_STEP))
SPLIT_Q = 1.0 / math.cosh(ETA_SPLIT)  # x / c at eta = ETA_SPLIT
DEEP_NODES = 6
EDGE_S = 3e-6
_NFW = {"kappa": nfw_convergence_hat, "alpha": nfw_deflection_over_radius_hat,
        "psi": nfw_potential_hat}

# eta nodes of the fine grid: k = -HALF .. FINE_CELLS + HALF (negative ones are mirror images)
_ETA = ETA_STEP * np.arange(-HALF, FINE_CELLS + HALF + 1)
_POSITIVE = _ETA[_ETA > 0]
# the deep cell: Chebyshev nodes in w in (0, 1), and the map of 6 values to the monomial
# coefficients in tau = w - 1/2 (padded with zeros to ORDER)
_W = 0.5 * (1.0 + np.cos(np.pi * (np.arange(DEEP_NODES) + 0.5) / DEEP_NODES))
_DEEP_MAP = np.zeros((ORDER, DEEP_NODES))
_DEEP_MAP[:DEEP_NODES] = np.linalg.inv(np.vander(_W - 0.5, DEEP_NODES, increasing=True))
# the table's radii (fine eta > 0, then the deep nodes) and the shell integrand's theta nodes,
# far enough beyond the largest row eta that every stencil there is centred
_ROW_ETA = np.concatenate([_POSITIVE, np.arccosh(1.0 / (SPLIT_Q * np.sqrt(_W)))])
THETA_NODES = int(math.ceil(_ROW_ETA.max() / ETA_STEP)) + HALF + 1
_THETA = ETA_STEP * np.arange(THETA_NODES)


@functools.cache
def shell_weights(quantity):
    """(rows, THETA_NODES) read-only product-integration weights W: Delta Q(x_j) = sum_k
    W[j, k] f(theta_k) at the table radii x_j = c sech(eta_j), eta_j in _ROW_ETA (the fine
    grid's eta > 0, then the deep cell's nodes), from the shell integrand f at r_k =
    c sech(theta_k), theta_k = ETA_STEP k (f is even in theta: the ghost nodes fold onto k > 0).

    Derived here: with r = x_j cosh(eta) = c sech(theta) (theta in [0, eta_j] as eta runs over
    [0, eta_j]), d eta = C sinh(theta) d theta / (cosh(theta) sqrt(C^2 - cosh^2 theta)),
    C = cosh(eta_j), and tanh(eta) |d eta / d theta| = tanh(theta): the Abel kernel in theta
    depends on (eta_j, theta) only, never on c. f is the sliding 10-point Lagrange interpolant
    on the theta nodes; each cell is integrated with 16 Gauss-Legendre nodes in t = sqrt(eta_j -
    theta), which removes the kernel's 1 / sqrt(eta_j - theta).
    """
    t_gl, w_gl = gauss_legendre_unit(16)
    lag_nodes = np.arange(ORDER)
    weights = np.zeros((_ROW_ETA.size, THETA_NODES + HALF))  # column k + HALF: node k
    for j, eta_j in enumerate(_ROW_ETA):
        big_c, big_s = math.cosh(eta_j), math.sinh(eta_j)
        m = np.arange(int(math.ceil(eta_j / ETA_STEP - 1e-9)))[:, None]  # cells meeting [0, eta_j]
        t_lo = np.sqrt(np.maximum(eta_j - ETA_STEP * (m + 1), 0.0))
        t_hi = np.sqrt(eta_j - ETA_STEP * m)
        t = t_lo + (t_hi - t_lo) * t_gl
        theta = eta_j - t * t
        # S - sinh(theta) = 2 cosh((eta_j + theta) / 2) sinh(t^2 / 2), without cancellation
        gap = 2.0 * np.cosh(0.5 * (eta_j + theta)) * np.sinh(0.5 * t * t)
        root = np.sqrt(gap * (big_s + np.sinh(theta)))
        if quantity == "psi":
            # 1 - tanh(eta) = cosh^2(theta) / (C (C + root)): no cancellation at large eta
            one_minus_tanh = np.cosh(theta) ** 2 / (big_c * (big_c + root))
            kernel = 4.0 * np.tanh(theta) * one_minus_tanh * 2.0 * t
        else:
            scale = 2.0 if quantity == "kappa" else 4.0
            kernel = scale * big_c * np.tanh(theta) * 2.0 * t / root
        kernel = kernel * (t_hi - t_lo) * w_gl
        start = m - (ORDER // 2 - 1)  # stencil of cell m (node indices, may be < 0)
        z = theta / ETA_STEP - start  # in [4, 5]
        basis = tables.lagrange_basis(z)
        contribution = np.einsum("mg,mgi->mi", kernel, basis)
        np.add.at(weights[j], (start + lag_nodes + HALF).ravel(), contribution.ravel())
    folded = weights[:, HALF:].copy()
    folded[:, 1:HALF + 1] += weights[:, :HALF][:, ::-1]  # f(-theta_k) = f(theta_k)
    folded.flags.writeable = False
    return folded


def _shell_integrand(quantity, r, core, xp):
    """f of shell_weights at 3D radii r (units r_s): r Delta rho, Delta M / r^2 or Delta M."""
    if quantity == "kappa":
        return r * core.rho0 * isothermal_density(r / core.r0, xp=xp) - 1.0 / (1.0 + r) ** 2
    iso = core.rho0 * core.r0 * core.r0 * core.r0 * isothermal_mass(r / core.r0, xp=xp)
    delta = iso - nfw_enclosed_mass_hat(r, xp=xp)
    return delta / (r * r) if quantity == "alpha" else delta


def _row_values(quantity, core, xp):
    """(Q, Q_N) of the table at the radii x_j = c sech(eta_j), eta_j in _ROW_ETA."""
    f = _shell_integrand(quantity, core.c * xp.asarray(1.0 / np.cosh(_THETA)), core, xp)
    x = core.c * xp.asarray(1.0 / np.cosh(_ROW_ETA))
    delta = xp.asarray(shell_weights(quantity)) @ f
    nfw = _NFW[quantity](x, xp=xp)
    if quantity != "psi":
        return nfw + delta, nfw
    rho_r03 = core.rho0 * core.r0 * core.r0 * core.r0
    cylinder = 4.0 * (rho_r03 * isothermal_mass_moment(x / core.r0, xp=xp)
                      - nfw_mass_moment_hat(x, xp=xp))
    inv_x2 = 1.0 / (x * x)
    return (nfw + cylinder + delta) * inv_x2, (nfw + core.psi_constant) * inv_x2


def core_table(quantity, c, xp=np, root=None):
    """(cells, scalars) of one quantity for r_1 / r_s = c (scalar).

    cells: (FINE_CELLS + 1, ORDER) exp-cells (sidm_tables.exp_cell_value), the fine eta cells
    then the deep cell; scalars: (c_used, cored, psi constant C, d Q / dx at the edge).
    """
    core = matched_core(c, xp=xp, root=root)
    q, q_n = _row_values(quantity, core, xp)
    n_fine = _POSITIVE.size
    edge_n = _NFW[quantity](core.c, xp=xp)
    if quantity == "psi":
        edge_n = (edge_n + core.psi_constant) / (core.c * core.c)
    ghosts = 2.0 * q_n[:HALF][::-1] - q[:HALF][::-1]
    ln_values = xp.log(xp.concatenate([ghosts, edge_n[None], q[:n_fine]]))
    fine = lagrange_cell_coefficients(ln_values, ORDER, xp)[HALF:HALF + FINE_CELLS]
    deep = xp.asarray(_DEEP_MAP) @ xp.log(q[n_fine:])
    cells = tables.exp_cells(xp.concatenate([fine, deep[None]]), xp)
    # the edge slope of the final quantity from the NFW side (Q is C^1 across r_1)
    row, tau = tables.nfw_row_and_tau(xp.log(core.c), xp)
    value, slope = tables.exp_cell_value(xp.asarray(tables.nfw_cells(quantity)), row[None],
                                         tau[None], xp, slope=True)
    edge_slope = (value * slope)[0] / (tables.NFW_STEP * core.c)
    constant = xp.where(core.cored, core.psi_constant, 0.0)
    return cells, (core.c, core.cored, constant, edge_slope)


def _locate(x, scalars, xp):
    """Per pixel: (row, tau) in the concatenated table [core cells; NFW cells], d tau / dx, and
    the region masks (module docstring)."""
    cs, cored, _, _ = scalars
    ln_x = ops(xp).log(x)
    inside = cored & (x < cs)
    q = xp.where(inside, x * (1.0 / cs), 0.5)
    s = xp.sqrt(xp.maximum((1.0 - q) * (1.0 + q), 0.0))
    # arccosh(1 / q) = ln((1 + s) / q): both terms >= 0, and ln x serves the NFW rows too
    eta = ops(xp).log1p(s) - xp.where(inside, ln_x - ops(xp).log(cs), math.log(0.5))
    deep = eta > ETA_SPLIT
    w = q * q * (1.0 / (SPLIT_Q * SPLIT_Q))
    position = eta * (1.0 / ETA_STEP)
    fine_row = xp.clip(xp.floor(position), 0, FINE_CELLS - 1)
    nfw_row, nfw_tau = tables.nfw_row_and_tau(ln_x, xp)
    row = xp.where(inside, xp.where(deep, FINE_CELLS, fine_row), FINE_CELLS + 1 + nfw_row)
    tau = xp.where(inside, xp.where(deep, w - 0.5, position - fine_row - 0.5), nfw_tau)
    # d tau / dx per region (the fine one clamped near the edge, see the module docstring)
    fine_dtau = -1.0 / (ETA_STEP * x * xp.maximum(s, EDGE_S))
    dtau = xp.where(inside, xp.where(deep, 2.0 * w / x, fine_dtau), 1.0 / (tables.NFW_STEP * x))
    edge = inside & ~deep & (s < EDGE_S)
    return dict(row=row.astype(int), tau=tau, dtau=dtau, inside=inside, edge=edge,
                far=~inside & (x > tables.FAR_X), ln_x=ln_x)


def _combine(quantity, x, where, value, slope, scalars, xp):
    """(value, d value / dx, d(prefactor) / dx times the table value) of the final quantity."""
    _, _, constant, edge_slope = scalars
    inside, far = where["inside"], where["far"]
    far_value, far_slope = tables.nfw_far(
        xp.maximum(x, tables.FAR_X), xp.maximum(where["ln_x"], math.log(tables.FAR_X)), quantity,
        xp)
    log_slope = value * slope * where["dtau"]
    if quantity == "psi":
        total = xp.where(inside, x * x * value, xp.where(far, far_value, value) + constant)
        mass_term = xp.where(inside, 2.0 * x * value, 0.0)  # d(x^2) / dx times the table value
        d_x = xp.where(inside, mass_term + x * x * log_slope, xp.where(far, far_slope, log_slope))
    else:
        total = xp.where(far, far_value, value)
        mass_term = 0.0 * x
        d_x = xp.where(far, far_slope, log_slope)
    return total, xp.where(where["edge"], edge_slope, d_x), mass_term


def _table(quantity, cells, xp):
    return xp.concatenate([cells, xp.asarray(tables.nfw_cells(quantity))])


def _value(quantity, x, c, xp, root):
    return _evaluate(quantity, x, core_table(quantity, c, xp, root), xp)[0]


def _evaluate(quantity, x, table, xp):
    """(Q, where, table value) at x from core_table's (cells, scalars)."""
    cells, scalars = table
    where = _locate(x, scalars, xp)
    value = tables.exp_cell_value(_table(quantity, cells, xp), where["row"], where["tau"], xp)
    table_value = _combine(quantity, x, where, value, 0.0, scalars, xp)[0]
    # no core (r_1 = 0): exactly the NFW's closed forms (a branch evaluated only where taken)
    q = ops(xp).cond(scalars[1], lambda: table_value, lambda: _NFW[quantity](x, xp=xp))
    return q, where, value


def _value_and_partials(quantity, x, c, xp, root):
    """(Q, (d Q / dx, d Q / dc)) on JAX (the custom JVP rule): one table lookup serves the value
    and the slope; the table's tangent in c from forward mode (d ln Q / dc at fixed tau minus the
    moving tau's share)."""
    (cells, scalars), (d_cells, d_scalars) = ops(xp).jvp(
        lambda v: core_table(quantity, v, xp, root), (c,), (xp.ones_like(c),))
    y, where, value = _evaluate(quantity, x, (cells, scalars), xp)

    def partials():
        row, tau = where["row"], where["tau"]
        slope = tables.exp_cell_slope(_table(quantity, cells, xp), row, tau, xp)
        _, d_x, mass_term = _combine(quantity, x, where, value, slope, scalars, xp)
        core_row = xp.minimum(row, cells.shape[0] - 1)
        d_ln = (d_cells[:, 0][core_row] / cells[:, 0][core_row]
                + tau * tables.cell_polynomial(d_cells[:, 1:], core_row, tau, xp))
        factor = x * x if quantity == "psi" else 1.0
        d_c = factor * value * d_ln - (x / scalars[0]) * (d_x - mass_term)
        return d_x, xp.where(where["inside"], d_c, d_scalars[2] if quantity == "psi" else 0.0)

    # As buffers: the backward pass reads d / dx twice (once per centre component), and XLA:CPU
    # would otherwise recompute it, gathers included, inside both readers (jit(grad) over the
    # forward pass on 400 x 400: 7x -> 2.3x; backend._materialize).
    return y, ops(xp).materialize(partials, x)


def kaplinghat_table_hat(quantity, x, c, xp=np, root=None):
    """kappa_hat, alpha_hat (= alpha / (kappa_s R)) or psi_hat of the Kaplinghat halo with
    r_1 / r_s = c (scalar) at x = R / r_s > 0 (x >= 1e-12), from the per-call table (module
    docstring); the NFW closed forms when there is no core. ``root``: the core's x_1 if already
    solved (``matched_core``; its gradient is not used, the table re-derives it from c)."""
    x = xp.asarray(x, dtype=float)
    c = xp.asarray(c, dtype=float)
    f = ops(xp).elementwise_with_rule(
        lambda x_, c_: _value(quantity, x_, c_, xp, root),
        lambda x_, c_: _value_and_partials(quantity, x_, c_, xp, root),
    )
    return f(x, c)
