"""Deflections and potential of an elliptical convergence kappa(xi) by Keeton's (2001) 1D integrals.

Keeton (2001, astro-ph/0102341, eqs. 27-29 and 30): for kappa(x', y') = kappa(xi) with
xi^2 = x'^2 + y'^2 / q^2, write D(u) = 1 - (1 - q^2) u and xi(u)^2 = u (x'^2 + y'^2 / D(u)). Then

    alpha_x' = q x' J_0,   alpha_y' = q y' J_1,   J_n = int_0^1 kappa(xi(u)) / D(u)^(n + 1/2) du,
    psi      = (q / 2) int_0^1 (xi(u) / u) alpha_circ(xi(u)) / D(u)^(1/2) du,

where alpha_circ(xi) is the deflection of the circular profile kappa(xi). The integrands have a
logarithmic singularity at u = 0 and, far out (xi >> r_s), all their structure at u < (r_s/xi)^2;
the substitution u = t^5 with a fixed Gauss-Legendre rule in t removes both. For NFW-like
convergences, 40 nodes give <= 3e-9 relative error in |alpha| over r in [1e-4, 1e3] r_s and
q in [0.3, 0.99] (../shared/physics.md, section 2 node study); callers state their own accuracy.
"""

import numpy as np

from autogalaxy.util.quadrature import gauss_legendre_unit

DEFAULT_NODES = 40
DEFAULT_POWER = 5


def _u_nodes(n, power, xp):
    t, w = gauss_legendre_unit(n)
    u = t**power
    du = power * t ** (power - 1) * w
    return xp.asarray(u), xp.asarray(du)


def keeton_xi_and_d(y_prime, x_prime, q, n=DEFAULT_NODES, power=DEFAULT_POWER, xp=np):
    """(u, du, xi(u), D(u)) on the quadrature nodes, each of shape (N, n)."""
    u, du = _u_nodes(n, power, xp)
    d = 1.0 - (1.0 - q * q) * u
    xi = xp.sqrt(u * (x_prime[..., None] ** 2 + y_prime[..., None] ** 2 / d))
    return u, du, xi, d


def keeton_deflections_yx(
    y_prime, x_prime, q, kappa_of_xi, n=DEFAULT_NODES, power=DEFAULT_POWER, xp=np
):
    """(alpha_y', alpha_x') in the profile frame, shape (N, 2), for ``kappa_of_xi(xi, xp)``.

    ``kappa_of_xi`` must be finite at xi = 0 or at least integrable; the nodes never reach u = 0.
    Units: xi, x', y' and the returned deflections share the length unit of the grid.
    """
    _, du, xi, d = keeton_xi_and_d(y_prime, x_prime, q, n=n, power=power, xp=xp)
    kappa = kappa_of_xi(xi, xp)
    weight = kappa * du / xp.sqrt(d)
    j0 = xp.sum(weight, axis=-1)
    j1 = xp.sum(weight / d, axis=-1)
    return xp.stack([q * y_prime * j1, q * x_prime * j0], axis=-1)


def keeton_potential(
    y_prime, x_prime, q, alpha_over_xi, n=DEFAULT_NODES, power=DEFAULT_POWER, xp=np
):
    """Lensing potential for the circular deflection ``alpha_over_xi(xi, xp)`` = alpha_circ(xi)/xi.

    Passing alpha/xi (finite at xi -> 0 for every profile here) keeps the integrand free of 0/0:
    (xi/u) alpha_circ(xi) = (xi^2/u) (alpha_circ/xi) = (x'^2 + y'^2/D) (alpha_circ/xi).
    """
    _, du, xi, d = keeton_xi_and_d(y_prime, x_prime, q, n=n, power=power, xp=xp)
    radial = x_prime[..., None] ** 2 + y_prime[..., None] ** 2 / d
    integrand = radial * alpha_over_xi(xi, xp) / xp.sqrt(d)
    return 0.5 * q * xp.sum(integrand * du, axis=-1)
