"""Radial tables shared by the SIDM lens profiles (Kaplinghat and Yang24): the NFW's kernels.

Both SIDM halos are the NFW outside a core; their per-pixel kernels read one row of cell
polynomials (``nfw_util.lagrange_cell_coefficients``, the package's one interpolator) from a
table that holds the core's cells (rebuilt per call) followed by the NFW's cells here (built once
with NumPy from the closed forms of ``nfw.py``). On XLA:CPU such a read plus an exp costs ~0.7
of the NFW closed form (whose F(x) needs a sqrt, log, log1p and arctan with their branches), so
the halos run at about the NFW's own speed (issue 12).

The NFW table: kappa_hat, alpha_hat (alpha / (kappa_s R)) and psi_hat as exp-cells (each cell:
its centre value and a 10-point Lagrange polynomial of ln(Q / centre value)) on a grid of step
1/16 in ln x over [e^-30, e^16.125] = [9.4e-14, 1.0e7], centred stencils throughout. Measured
float64 relative error against 50-digit mpmath: <= 4.3e-15 (the closed forms it is built from:
3.3e-15, both near x = 1), <= 1e-15 away from x in [0.05, 20]. Beyond x = 1e7 the asymptotic
series in e = 1 / x (``nfw_far``) are exact to rounding (test_kaplinghat.py).
"""

import functools
import math

import numpy as np

from autogalaxy.profiles.mass.dark.nfw_util import cell_polynomial, lagrange_cell_coefficients

ORDER = 10  # points of every table's Lagrange stencil (coefficients per cell)
HALF = ORDER // 2 + 1  # extra nodes beyond a range so that its stencils stay centred
NFW_STEP = 1.0 / 16.0  # dyadic, like the ends: every cell centre is exact in float64
NFW_LN_X = (-30.0, 16.125)  # [9.4e-14, 1.0e7] in x
FAR_X = 1e7
NFW_QUANTITIES = ("kappa", "alpha", "psi")


def _nfw_closed(quantity, x):
    from autogalaxy.profiles.mass.dark import nfw

    kernel = {"kappa": nfw.nfw_convergence_hat, "alpha": nfw.nfw_deflection_over_radius_hat,
              "psi": nfw.nfw_potential_hat}[quantity]
    return kernel(x)


@functools.cache
def nfw_cells(quantity):
    """(cells, ORDER) read-only exp-cells (``exp_cell_value``) of the NFW's kappa_hat, alpha_hat
    or psi_hat on the NFW grid; row k covers ln x in NFW_LN_X[0] + NFW_STEP [k, k + 1].

    Each cell's polynomial interpolates ln(Q(x) / Q(x_k)) on its stencil, x_k the cell's centre,
    and its first entry is Q(x_k) itself: every number is then exact to rounding (interpolating
    ln Q directly would carry the absolute rounding of ln Q ~ -32 at x = 1e7, i.e. 1e-14).
    """
    lo = NFW_LN_X[0] - HALF * NFW_STEP
    count = int(math.ceil((NFW_LN_X[1] - NFW_LN_X[0]) / NFW_STEP)) + 2 * HALF + 1
    x = np.exp(lo + NFW_STEP * np.arange(count))
    values = _nfw_closed(quantity, x)
    centre = _nfw_closed(quantity, np.exp(lo + NFW_STEP * (np.arange(count - 1) + 0.5)))
    rows = []
    for k in range(HALF, count - 1 - HALF):  # interior cells: centred stencils
        start = k - (ORDER // 2 - 1)
        ratio = np.log(values[start:start + ORDER] / centre[k])
        rows.append(lagrange_cell_coefficients(ratio, ORDER)[ORDER // 2 - 1])
    cells = np.array(rows)
    cells[:, 0] = centre[HALF:count - 1 - HALF] * np.exp(cells[:, 0])
    cells.flags.writeable = False
    return cells


def lagrange_basis(z, order=ORDER):
    """(..., order) values at z of the Lagrange basis polynomials on the nodes 0 .. order - 1
    (NumPy; the product-integration weights of kaplinghat_tables and yang24_weights)."""
    out = np.ones(np.shape(z) + (order,))
    for i in range(order):
        for k in range(order):
            if k != i:
                out[..., i] *= (z - k) / (i - k)
    return out


def exp_cells(ln_cells, xp=np):
    """ln-polynomial cells (c_0 .. c_n) -> exp-cells (e^c_0, c_1 .. c_n) (``exp_cell_value``)."""
    return xp.concatenate([xp.exp(ln_cells[:, :1]), ln_cells[:, 1:]], axis=1)


def exp_cell_value(cells, row, tau, xp=np, slope=False):
    """E exp(tau (c_1 + tau (c_2 + ...))) of exp-cell rows (E, c_1 ..) at tau (and d ln / d tau).

    E is the value at the cell's centre, so the exponent stays small (|tau c_1| <~ 0.1) and the
    rounding of a large logarithm never enters. The slope is a polynomial of its own, with the
    coefficients (c_1, 2 c_2, ...): on JAX the value and the slope then read different arrays,
    and XLA:CPU keeps each evaluation in one loop with its gathers; sharing the gathered
    coefficients would make it materialise each of them (3x slower gradients on 400 x 400).
    """
    row = row.astype(int)
    value = cells[:, 0][row] * xp.exp(tau * cell_polynomial(cells[:, 1:], row, tau, xp))
    if not slope:
        return value
    powers = xp.asarray(np.arange(1, cells.shape[1], dtype=float))
    return value, cell_polynomial(cells[:, 1:] * powers, row, tau, xp)


def exp_cell_slope(cells, row, tau, xp=np):
    """d ln(value) / d tau of exp-cell rows at tau (exp_cell_value's slope, without the value)."""
    powers = xp.asarray(np.arange(1, cells.shape[1], dtype=float))
    return cell_polynomial(cells[:, 1:] * powers, row.astype(int), tau, xp)


def nfw_row_and_tau(ln_x, xp=np):
    """(row, tau) of the NFW table at ln x (clipped into NFW_LN_X), tau in [-1/2, 1/2]."""
    rows = nfw_cells("kappa").shape[0]
    u = xp.clip(ln_x, *NFW_LN_X)
    row = xp.clip(xp.floor((u - NFW_LN_X[0]) * (1.0 / NFW_STEP)), 0, rows - 1)
    # tau from the (exact) cell centre: u - centre is exact, so the only rounding is ln x's own
    # (a position (u - lo) / step of ~700 would carry 1e-13 of a cell, 1e-14 of kappa at 1e7)
    return row, (u - (NFW_LN_X[0] + (row + 0.5) * NFW_STEP)) * (1.0 / NFW_STEP)


def nfw_far(x, ln_x, quantity, xp=np):
    """(value, d value / dx) of the NFW's kappa_hat, alpha_hat or psi_hat for x >= FAR_X.

    Series in e = 1 / x (derived here from F = e arccos(e) / sqrt(1 - e^2) =
    e (pi/2 - e + pi e^2 / 4 - 2 e^3 / 3 + ...)): kappa = 2 e^2 - pi e^3 + 4 e^4 - 3 pi e^5 / 2,
    alpha_hat = 4 e^2 (ln(x / 2) + F), psi = 2 [ln^2(x / 2) + arccos^2(e)]; the dropped terms
    are O(e^4) relative (1e-28 at 1e7). Any x > 0 gives finite values (callers select x >= 1e7).
    """
    e = 1.0 / x
    half_pi = 0.5 * math.pi
    f = e * (half_pi + e * (-1.0 + e * (0.5 * half_pi - e * (2.0 / 3.0))))
    log_half = ln_x - math.log(2.0)
    if quantity == "kappa":
        value = e * e * (2.0 + e * (-math.pi + e * (4.0 - e * 1.5 * math.pi)))
        slope = -e * e * e * (4.0 + e * (-3.0 * math.pi + e * (16.0 - e * 7.5 * math.pi)))
        return value, slope
    alpha = 4.0 * e * e * (log_half + f)
    if quantity == "alpha":
        kappa = e * e * (2.0 + e * (-math.pi + e * (4.0 - e * 1.5 * math.pi)))
        return alpha, 2.0 * e * (kappa - alpha)  # d alpha_hat / dx = 2 (kappa - alpha_hat) / x
    arccos = half_pi - e * (1.0 + e * e / 6.0)
    return 2.0 * (log_half * log_half + arccos * arccos), alpha * x  # d psi / dx = x alpha_hat

