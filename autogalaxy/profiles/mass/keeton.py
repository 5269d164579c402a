"""Deflections and potential of an elliptical convergence kappa(xi) by Keeton's (2001) 1D integrals.

Keeton (2001, astro-ph/0102341, eqs. 27-30): for kappa(x', y') = kappa(xi) with
xi^2 = x'^2 + y'^2 / q^2, write D(u) = 1 - (1 - q^2) u and xi(u)^2 = u (x'^2 + y'^2 / D(u)). Then

    alpha_x' = q x' J_0,   alpha_y' = q y' J_1,   J_n = int_0^1 kappa(xi(u)) / D(u)^(n + 1/2) du,
    psi      = (q / 2) int_0^1 (xi(u) / u) alpha_circ(xi(u)) / D(u)^(1/2) du,

where alpha_circ(xi) is the deflection of the circular profile kappa(xi). A fixed rule
(u = t^7, t clustered at both ends; see keeton_two_sided_nodes) handles the cusp or logarithm at
u -> 0, the structure at u < (r_s/xi)^2 far out and the pole of D^-(n+1/2) just beyond u = 1 at
small q; each profile states the accuracy it measured with it.
"""

import numpy as np

from autogalaxy.util.quadrature import gauss_legendre_unit

KEETON_TWO_SIDED_NODES = 40
KEETON_TWO_SIDED_POWER = 7


def keeton_two_sided_nodes(n=KEETON_TWO_SIDED_NODES, power=KEETON_TWO_SIDED_POWER):
    """(u, du): an n-point rule on (0, 1) for Keeton's (2001) u-integrals, as NumPy float64 arrays.

    u = t^power with t = 1 - (1 - tau)^2 and tau on Gauss-Legendre nodes. The power resolves the
    power-law (cusp) or logarithmic behaviour of kappa(xi(u)) at u -> 0 and the structure at
    u < (r_s / xi)^2 far out; the square clusters nodes at u -> 1, next to the pole of
    D(u)^-(n+1/2) at u = 1 / (1 - q^2), which for q = 0.2 lies only 0.04 beyond u = 1. Compared with
    u = t^5 at the same 40 nodes this takes the error at q = 0.2 from 5e-6 to <= 6e-8 (gNFW,
    gamma in [0, 1.99], R in [1e-4, 1e3] r_s, scipy quad reference), uniformly in q >= 0.2.
    """
    tau, w = gauss_legendre_unit(n)
    t = 1.0 - (1.0 - tau) ** 2
    u = t**power
    du = power * t ** (power - 1) * 2.0 * (1.0 - tau) * w
    return u, du


def _keeton_two_sided_setup(y_prime, x_prime, q, xi_min, n, power, xp):
    u, du = keeton_two_sided_nodes(n, power)
    dtype = xp.result_type(x_prime, y_prime)
    u, du = xp.asarray(u, dtype=dtype), xp.asarray(du, dtype=dtype)
    d = 1.0 - (1.0 - q * q) * u
    radial = x_prime[..., None] ** 2 + y_prime[..., None] ** 2 / d
    # Clamping xi^2 (not xi) keeps sqrt and its derivative finite at the centre, where xi(u) = 0.
    xi = xp.sqrt(xp.maximum(u * radial, xi_min * xi_min))
    return du, d, radial, xi


def keeton_two_sided_deflections(
    y_prime,
    x_prime,
    q,
    kappa_of_xi,
    xi_min,
    n=KEETON_TWO_SIDED_NODES,
    power=KEETON_TWO_SIDED_POWER,
    xp=np,
):
    """(alpha_y', alpha_x'), shape (N, 2), of kappa(xi) by Keeton (2001, eqs. 27-29).

    alpha_x' = q x' J_0, alpha_y' = q y' J_1, J_n = int_0^1 kappa(xi(u)) D(u)^-(n+1/2) du, on the
    nodes of :func:`keeton_two_sided_nodes`. ``kappa_of_xi(xi, xp)`` gets xi >= ``xi_min`` (same
    length unit as the grid), so values and gradients stay finite at the centre.
    """
    du, d, _, xi = _keeton_two_sided_setup(y_prime, x_prime, q, xi_min, n, power, xp)
    kappa = kappa_of_xi(xi, xp)
    # Matrix products, not xp.sum: XLA on CPU fuses a lone sum with the gathers of a tabulated
    # kappa into a loop ~8x slower than the product.
    weight = du / xp.sqrt(d)
    j0 = kappa @ weight
    j1 = kappa @ (weight / d)
    return xp.stack([q * y_prime * j1, q * x_prime * j0], axis=-1)


def keeton_two_sided_potential(
    y_prime,
    x_prime,
    q,
    alpha_over_xi,
    xi_min,
    n=KEETON_TWO_SIDED_NODES,
    power=KEETON_TWO_SIDED_POWER,
    xp=np,
):
    """psi = (q/2) int_0^1 (x'^2 + y'^2/D) (alpha_circ/xi)(xi(u)) D^-1/2 du (Keeton 2001, eq. 30).

    ``alpha_over_xi(xi, xp)`` is the circular deflection over radius, alpha_circ(xi) / xi (the mean
    convergence inside xi), evaluated at xi >= ``xi_min``; psi(0) = 0.
    """
    du, d, radial, xi = _keeton_two_sided_setup(y_prime, x_prime, q, xi_min, n, power, xp)
    return 0.5 * q * ((radial * alpha_over_xi(xi, xp)) @ (du / xp.sqrt(d)))
