"""Shear kernels shared by the NFW-family profiles: spin-2 plumbing and the elliptical NFW.

Conventions (upstream autogalaxy's ``shear_yx_2d_from``): gamma_1 = (psi_xx - psi_yy) / 2 and
gamma_2 = psi_xy on the sky's (x, y) axes, returned as an (N, 2) array whose columns are
(gamma_2, gamma_1). A profile-frame shear (gamma_1', gamma_2') turns with twice the position angle
phi: gamma_1 + i gamma_2 = (gamma_1' + i gamma_2') e^(2 i phi). A circular lens with tangential
shear gamma_t(R) = kappa_bar(R) - kappa(R) has (gamma_1, gamma_2) = -gamma_t (cos 2 theta,
sin 2 theta) at polar angle theta.

Elliptical NFW (derived here from the Heyrovsky & Karamazov 2024 closed form that
``nfw.hk_deflections_hat`` evaluates). In units of r_s, with z = x1 + i x2 in the profile frame,
e^2 = 1 - q^2 and the complex deflection alpha = alpha_x' + i alpha_y', that closed form reads

    alpha = 4 q / (zb^2 - e^2) [zb (G + i f3) - i (e^2 / q) x2 F(a)],   zb = conj(z),

(G, f3 and a as in ``hk_deflections_hat``). Since d alpha / d zb = gamma_1' + i gamma_2' and
d alpha / dz = kappa, gamma = d alpha / d x1 - kappa. Differentiating, and eliminating G with the
line above, gives a form that needs alpha itself but neither G nor its cancellations:

    gamma = [-alpha (zb^2 + e^2) + 4 i e^2 x2 F + 4 q zb^2 (G_1 + i f3_1)
             - 8 i e^2 x1 x2 zb F_w] / (zb (zb^2 - e^2)) - kappa(a),

    G_1  = d G / d x1  = x1 [q kappa(a) / 2 + (1 - q)(x1^2 + x2^2 (1 + q + q^2) / q^2) / (a^2 r^2)],
    f3_1 = d f3 / d x1 = x2 (1 - q)(x2^2 / q - x1^2) / (q a^2 r^2),
    F_w  = d F / d(a^2) = kappa(a) / 4 - 1 / (2 a^2),

with kappa(a) = 2 (F - 1) / (1 - a^2) the NFW convergence over kappa_s. The factor (1 - q) is taken
out of G_1 and f3_1 by hand, so nothing cancels as q -> 1 or r -> 0. The form is 0/0 at the foci
(+-e, 0), and its float64 relative error grows as ~2e-15 e / d at distance d from a focus. Within
a square box of half-width rho / 2 around each focus, rho = 1e-3 e min(1, 30 q) (0.1 e min(1, 30 q)
in float32), the shear is instead the degree-5 tensor-product interpolant of the closed form on
6 x 6 nodes (+-rho/5, +-3 rho/5, +-rho in each axis, all >= 0.28 rho from the focus). That is
legitimate because the foci are singular points of the closed form, not of the lens: the shear
is smooth there (Keeton's integrals have nothing special at the foci).
"""

import numpy as np

from autogalaxy.profiles.mass.dark.nfw_util import nfw_f, nfw_f_minus_one_over_s
from autogalaxy.profiles.mass.kernel_util import (
    is_float64,
    pushed_off_centre,
    safe_radius,
    stack_yx,
    x_min_for,
)

# Focus boxes: half-width FOCUS_BOX * rho, rho = FOCUS_STENCIL_FLOAT64 * e * min(1, 30 q). The
# interpolant's truncation error falls as (rho / q e)^6 (the lens varies on the scale q e across
# the major axis next to a focus), the closed form's rounding error at the nodes as 1e-15 e / rho.
FOCUS_STENCIL_FLOAT64 = 1e-3
FOCUS_STENCIL_FLOAT32 = 1e-1
FOCUS_STENCIL_SMALL_Q = 30.0
FOCUS_NODES = (-1.0, -0.6, -0.2, 0.2, 0.6, 1.0)
FOCUS_BOX = 0.5


def shear_yx_from_profile_frame(gamma_1, gamma_2, cos_phi, sin_phi, xp=np):
    """(N, 2) sky-frame (gamma_2, gamma_1) from profile-frame components (spin-2 rotation by 2 phi).

    ``cos_phi``, ``sin_phi`` are those of the position angle phi of the frame's x'-axis.
    """
    cos_2phi = (cos_phi - sin_phi) * (cos_phi + sin_phi)
    sin_2phi = 2.0 * sin_phi * cos_phi
    sky_1 = gamma_1 * cos_2phi - gamma_2 * sin_2phi
    sky_2 = gamma_1 * sin_2phi + gamma_2 * cos_2phi
    return stack_yx(sky_2, sky_1, xp=xp)


def circular_shear_yx(y, x, tangential_shear, xp=np):
    """(N, 2) (gamma_2, gamma_1) of a circular lens at offsets (y, x) (units of r_s).

    ``tangential_shear(r, xp)`` is gamma_t = kappa_bar - kappa at r >= x_min. Points closer than
    x_min (1e-12 in float64) to the centre are moved radially out to x_min (the centre itself to
    (0, x_min)), so values and gradients stay finite at r = 0; gamma_t itself is finite there for
    the NFW and cored profiles and grows as r^(1 - gamma) for gNFW cusps gamma > 1.
    """
    y, x, _, _ = pushed_off_centre(y, x, x_min_for(x), xp=xp)
    r2 = x * x + y * y
    gamma_t = tangential_shear(safe_radius(r2, xp), xp)
    minus_over_r2 = -gamma_t / r2
    return stack_yx(2.0 * x * y * minus_over_r2, (x - y) * (x + y) * minus_over_r2, xp=xp)


def nfw_shear_from_deflection_hat(x2, x1, q, alpha_y, alpha_x, xp=np):
    """(gamma_1', gamma_2') / kappa_s of the elliptical NFW from its deflection / (kappa_s r_s).

    The derivative of the Heyrovsky & Karamazov (2024) closed form (module docstring), at
    (x1, x2) = (x', y') / r_s in the profile frame with r > 0 and not at a focus; ``alpha_y``,
    ``alpha_x`` are ``nfw.hk_deflections_hat`` (or its total version) at the same point. Float64
    relative error <= 2e-13 against 50-digit mpmath of the same expression for q in [0.01, 1],
    r in [1e-8, 1e5] and a within 1e-9 of 1, away from the foci (~3e-15 e / d at distance d).
    """
    e2 = (1.0 - q) * (1.0 + q)
    a = xp.sqrt(x1 * x1 + x2 * x2 / (q * q))
    f_a = nfw_f(a, xp=xp)
    kappa = 2.0 * nfw_f_minus_one_over_s(a, xp=xp)
    big_x, big_y, den2 = nfw_shear_terms(x2, x1, q, e2, alpha_y, alpha_x, kappa, f_a)
    return big_x / den2 - kappa, big_y / den2


def nfw_shear_terms(x2, x1, q, e2, alpha_y, alpha_x, kappa, f_a):
    """(X, Y, |zb W|^2) of the elliptical NFW shear: gamma_1 = X / |zb W|^2 - kappa and
    gamma_2 = Y / |zb W|^2, with zb = x1 - i x2, W = zb^2 - e^2, e2 = 1 - q^2, ``kappa`` and
    ``f_a`` = F(a) at a^2 = x1^2 + x2^2 / q^2 (shared with the caller's deflection kernels)."""
    x1s, x2s = x1 * x1, x2 * x2
    inv_q = 1.0 / q
    a2 = x1s + x2s * inv_q * inv_q
    a2r2 = a2 * (x1s + x2s)
    f_w = 0.25 * kappa - 0.5 / a2
    g_1 = x1 * (0.5 * q * kappa + (1.0 - q) * (x1s + x2s * (1.0 + q + q * q) * inv_q**2) / a2r2)
    f3_1 = x2 * (1.0 - q) * (x2s * inv_q - x1s) / (q * a2r2)
    # zb^2 = re + i im; numerator and denominator zb (zb^2 - e^2) in real arithmetic.
    re, im = (x1 - x2) * (x1 + x2), -2.0 * x1 * x2
    num_r = (
        -(alpha_x * (re + e2) - alpha_y * im)
        + 4.0 * q * (re * g_1 - im * f3_1)
        - 8.0 * e2 * x1 * x2s * f_w
    )
    num_i = (
        -(alpha_x * im + alpha_y * (re + e2))
        + 4.0 * e2 * x2 * f_a
        + 4.0 * q * (re * f3_1 + im * g_1)
        - 8.0 * e2 * x1s * x2 * f_w
    )
    den_r = x1 * (re - e2) + x2 * im
    den_i = x1 * im - x2 * (re - e2)
    return (num_r * den_r + num_i * den_i, num_i * den_r - num_r * den_i,
            den_r * den_r + den_i * den_i)


def _lagrange_basis(t, xp):
    """The FOCUS_NODES Lagrange basis polynomials at t (list of arrays shaped like t)."""
    basis = []
    for j, node_j in enumerate(FOCUS_NODES):
        value = 1.0 + 0.0 * t
        for k, node_k in enumerate(FOCUS_NODES):
            if k != j:
                value = value * ((t - node_k) / (node_j - node_k))
        basis.append(value)
    return xp.stack(basis, axis=-1)


def nfw_elliptical_shear_hat(x2, x1, q, deflections_hat, xp=np):
    """(gamma_1', gamma_2') / kappa_s of the elliptical NFW, total: r = 0, foci, q = 1, jax.grad.

    ``deflections_hat(x2, x1, q, xp)`` -> (alpha_y', alpha_x') / (kappa_s r_s) is the closed-form
    deflection (``nfw.nfw_elliptical_deflections_hat``). Points with r < x_min are moved radially to
    x_min (the shear is direction-dependent at the centre). Within the focus boxes (module
    docstring) the tensor interpolant replaces the closed form, which is then evaluated at a
    harmless point instead. Float64 relative error <= 3e-13 away from the foci and <= 2e-11 at
    and near them for q >= 0.05 (<= 3e-10 at q = 0.01), against 80-digit mpmath; float32 inputs
    ~2e-5 of kappa.
    """
    x2, x1, _, _ = pushed_off_centre(x2, x1, x_min_for(x1), xp=xp)
    e = safe_radius((1.0 - q) * (1.0 + q), xp)
    scale = FOCUS_STENCIL_FLOAT64 if is_float64(x1) else FOCUS_STENCIL_FLOAT32
    rho = scale * e * xp.minimum(1.0, FOCUS_STENCIL_SMALL_Q * q)
    # gamma(-z) = gamma(z): the focus at -e is served by the stencil at +e.
    flip = x1 < 0.0
    d1 = xp.where(flip, -x1, x1) - e
    d2 = xp.where(flip, -x2, x2)
    half = FOCUS_BOX * rho
    near = (xp.abs(d1) < half) & (xp.abs(d2) < half)
    # At q = 1 (e = 0) no point is near; the stencil then sits harmlessly around (1, 0) [r_s].
    rho_safe = xp.where(rho > 0.0, rho, 1.0)
    centre = xp.where(rho > 0.0, e, 1.0)
    nodes = xp.asarray(FOCUS_NODES, dtype=x1.dtype)
    n_nodes = len(FOCUS_NODES)
    node_1 = xp.reshape((centre + rho_safe * nodes)[:, None] + 0.0 * nodes[None, :], (-1,))
    node_2 = xp.reshape(0.0 * nodes[:, None] + (rho_safe * nodes)[None, :], (-1,))
    # One closed-form pass over the points and the stencil: the points themselves, or (inside a
    # box) the harmless point (x1, x2 + rho), which lies >= rho / 2 from the focus.
    x2_far = xp.where(near, x2 + rho_safe, x2)
    shape = x1.shape
    all_1 = xp.concatenate([xp.reshape(x1, (-1,)), node_1])
    all_2 = xp.concatenate([xp.reshape(x2_far, (-1,)), node_2])
    alpha_y, alpha_x = deflections_hat(all_2, all_1, q, xp)
    gamma_1, gamma_2 = nfw_shear_from_deflection_hat(all_2, all_1, q, alpha_y, alpha_x, xp)
    size = all_1.shape[0] - n_nodes * n_nodes
    stencil_1 = xp.reshape(gamma_1[size:], (n_nodes, n_nodes))
    stencil_2 = xp.reshape(gamma_2[size:], (n_nodes, n_nodes))
    far_1, far_2 = xp.reshape(gamma_1[:size], shape), xp.reshape(gamma_2[:size], shape)
    basis_1 = _lagrange_basis(xp.where(near, d1 / rho_safe, 0.0), xp)
    basis_2 = _lagrange_basis(xp.where(near, d2 / rho_safe, 0.0), xp)
    near_1 = xp.sum((basis_1 @ stencil_1) * basis_2, axis=-1)
    near_2 = xp.sum((basis_1 @ stencil_2) * basis_2, axis=-1)
    return xp.where(near, near_1, far_1), xp.where(near, near_2, far_2)
