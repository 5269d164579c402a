"""Kernels of the elliptical NFW deflection: Heyrovsky & Karamazov (2024) closed form and Jacobian.

In units of r_s, at profile-frame (x1, x2) = (x', y') / r_s, with q the axis ratio, e^2 = 1 - q^2,
r^2 = x1^2 + x2^2 and a^2 = x1^2 + x2^2 / q^2 (a = xi / r_s, Keeton's convention). The value is
``hk_deflections_hat`` (made total by ``nfw_elliptical_deflections_hat``). On JAX it carries a
custom JVP (``_hk_jacobian``) whose partials come from the same intermediates (F(a) and the
square roots), so that reverse mode stores five arrays per pixel rather than every intermediate
of every ``where`` branch (jit(grad) of the deflections at 400 x 400 took 6.2x the forward pass
with autodiff of the closed form, ~2x with this). With z = x1 + i x2, zb = conj(z) and
alpha = alpha_x' + i alpha_y', the closed form is (shear_util's module docstring)

    alpha = 4 q N / W,   N = zb (G + i f3) - i (e^2 / q) x2 F(a),   W = zb^2 - e^2,

and its derivatives are

* d alpha / dz = kappa(a) and d alpha / d zb = gamma_1' + i gamma_2' (shear_util's form, which
  needs alpha itself but not G), so d alpha_x / dx1 = kappa + gamma_1, d alpha_y / dx2 =
  kappa - gamma_1 and d alpha_x / dx2 = d alpha_y / dx1 = gamma_2;
* at fixed (x1, x2), derived here: d alpha / dq = alpha / q + 2 q (2 N_q - alpha) / W with
  N_q = zb (G_q + i f3_q) + i x2 [(1 + q^2) F / q^2 + 2 e^2 x2^2 F_w / q^4],
  G_q = F - 2 x2^2 F_w / q^2 - 1 / (1 + q), f3_q = -x1 x2 / (q^2 a^2) (the arctan's argument
  differentiates to exactly this over 1 + u^2 = q^2 a^2 r^2 / (q x1^2 + x2^2)^2), and
  F_w = dF / d(a^2) = kappa / 4 - 1 / (2 a^2).

Accuracy of the derivatives (float64, against 80-digit mpmath central differences of the
published closed form, q in [0.05, 0.99999], r in [1e-8, 1e4] r_s): spatial <= 1e-14 relative,
d alpha / dq <= 1e-14 for q <= 0.7, 6e-14 (q = 0.95), 1.1e-12 (q = 0.999), 7e-11 (q = 0.99999),
largest where r < e: the 1 / W terms cancel by ~1 / e^2 there (autodiff of the closed form loses
as much, and is wrong by orders of magnitude at q = 1, where this form stays finite and within
1e-7 for r >= 1e-4 r_s). Within d of a focus both degrade as ~1e-16 e / d, as autodiff does.
"""

import numpy as np

from autogalaxy.profiles.mass.dark.nfw_util import SERIES_HALF_WIDTH, SERIES_TERMS, f_series
from autogalaxy.profiles.mass.dark.shear_util import nfw_shear_terms
from autogalaxy.profiles.mass.kernel_util import (
    is_float64,
    pushed_off_centre,
    safe_radius,
    x_min_for,
)
from autogalaxy.util.backend import ops

# Points closer than this fraction of the focal distance e r_s to a focus are moved 2 x this
# fraction off it: the regrouped closed form is 0/0 exactly at a focus, yet accurate to ~1e-15 at
# 1e-14 e (float64) and to ~1e-6 at 1e-6 e (float32), so the move costs < 1e-12 (float64).
FOCUS_OFFSET_FLOAT64 = 1e-13
FOCUS_OFFSET_FLOAT32 = 1e-6
# Below 1 - a^2 = 1e-6 the cancellation-free form of G (see hk_deflections_hat) would need
# sqrt(1 - a^2) with its infinite derivative at a = 1; the direct form is exact enough there.
HK_STABLE_MIN_S = 1e-6


def _f_and_root(a, inv_a, xp):
    """(F(a), sqrt|1 - a^2|, 1 - a^2), one square root shared by F's branches and G.

    Same branches as nfw_util.nfw_f (series for |1 - a^2| < 0.1); the root is a harmless 1 where
    |1 - a^2| <= HK_STABLE_MIN_S, so no branch differentiates sqrt at 0.
    """
    s = (1.0 - a) * (1.0 + a)
    abs_s = xp.abs(s)
    root = xp.sqrt(xp.where(abs_s > HK_STABLE_MIN_S, abs_s, 1.0))
    inv_root = 1.0 / root
    near_one = abs_s < SERIES_HALF_WIDTH
    # For a > 1, 1 - a + root >= 0, so the unused log1p branch stays finite (and vice versa).
    f_in = ops(xp).log1p((1.0 - a + root) * inv_a) * inv_root
    f_out = ops(xp).arctan(root) * inv_root
    f_near = f_series(xp.where(near_one, s, 0.0), xp=xp)
    f = xp.where(near_one, f_near, xp.where(s > 0.0, f_in, f_out))
    return f, root, s


def _hk_pieces(x2, x1, q, xp):
    """The closed form's intermediates (a dict): alpha_y, alpha_x and what the Jacobian reuses."""
    e2 = (1.0 - q) * (1.0 + q)
    e = safe_radius(e2, xp)
    inv_q = 1.0 / q
    x1s, x2s = x1 * x1, x2 * x2
    x2q2 = x2s * (inv_q * inv_q)
    a2 = x1s + x2q2
    a = xp.sqrt(a2)
    inv_a = 1.0 / a
    f_a, root, s_a = _f_and_root(a, inv_a, xp)
    x1_minus_e2 = (x1 - e) * (x1 + e)
    a2_minus_e2 = x1_minus_e2 + x2q2
    stable = s_a > HK_STABLE_MIN_S
    inv_qw = 1.0 / (q + root)
    ame = xp.where(stable, a2_minus_e2, 0.0)
    r2_over_a2_minus_1 = -e2 * x2q2 * (inv_a * inv_a)
    b = -ame * inv_qw / (1.0 + q)
    c = b * (2.0 + b)
    # one log1p for both forms: ln r^2 = log1p(r^2 - 1) where the direct form is taken (r^2 - 1
    # rounds like r^2 itself, so the log keeps its absolute accuracy); XLA:CPU spends ~10 ns on
    # each float64 logarithm, about 8% of the whole kernel
    log_term = 0.5 * ops(xp).log1p(
        xp.where(stable, r2_over_a2_minus_1 + c + r2_over_a2_minus_1 * c, x1s + x2s - 1.0)
    )
    g = xp.where(stable, ame * f_a * inv_qw + log_term, q * f_a + log_term - ops(xp).log1p(q))
    f1 = f_a * inv_q
    f3 = ops(xp).arctan(x1 * x2 * (1.0 - q) / (q * x1s + x2s))
    r2_minus_e2 = x1_minus_e2 + x2s
    r2_plus_e2 = x1s + x2s + e2
    num_x = x1 * r2_minus_e2 * g + 2.0 * e2 * x1 * x2s * f1 - x2 * r2_plus_e2 * f3
    num_y = x2 * r2_plus_e2 * g + e2 * x2 * (x2s - x1_minus_e2) * f1 + x1 * r2_minus_e2 * f3
    d = (x1_minus_e2 - x2s) ** 2 + 4.0 * x1s * x2s
    # alpha ends in a division, so XLA:CPU writes it out once instead of re-deriving it in every
    # consumer (the two sky components, the Jacobian).
    four_q = 4.0 * q
    return dict(
        alpha_y=(four_q * num_y) / d, alpha_x=(four_q * num_x) / d, d=d, e2=e2, x1s=x1s,
        x2s=x2s, a2=a2, f_a=f_a, s_a=s_a,
    )  # fmt: skip


def hk_deflections_hat(x2, x1, q, xp=np):
    """(alpha_y', alpha_x') / (kappa_s r_s) of the elliptical NFW at (x1, x2) = (x', y') / r_s.

    Heyrovsky & Karamazov (2024, arXiv:2404.00169, eqs. 30-32; physics.md section 2), written with
    e^2 = 1 - q^2, r^2 = x1^2 + x2^2, a^2 = x1^2 + x2^2 / q^2 (a = xi / r_s). With
    G = q F(a) + ln(r / (1 + q)) (which vanishes at the foci (+-e, 0)),
    f1 = F(a) / q, f3 = arctan[x1 x2 (1 - q) / (q x1^2 + x2^2)] and D = |z^2 - e^2|^2, the published
    brackets regroup exactly into

        alpha_x' = 4 q / D [x1 (r^2 - e^2) G + 2 e^2 x1 x2^2 f1 - x2 (r^2 + e^2) f3],
        alpha_y' = 4 q / D [x2 (r^2 + e^2) G + e^2 x2 (x2^2 - x1^2 + e^2) f1 + x1 (r^2 - e^2) f3].

    Each term now vanishes at a focus to second order by itself, and for a < 1 G is evaluated as

        G = (a^2 - e^2) F(a) / (q + w) + ln(r / a) + ln((1 + w) / (1 + q)),   w = sqrt(1 - a^2),

    with ln(r / a) = log1p(A) / 2, A = -e^2 x2^2 / (q^2 a^2), and ln((1 + w) / (1 + q)) = log1p(B),
    B = -(a^2 - e^2) / ((q + w)(1 + q)), summed as log1p(A + C + A C) / 2 with C = B (2 + B),

    free of the cancellation that makes the published form lose 1e-16 / d^2 at distance d from a
    focus and 1e-16 / r^2 at small r when q -> 1. Requires r > 0 and (x1, x2) not exactly at a
    focus (see nfw_elliptical_deflections_hat). Float64 relative error <= 3e-15 against 50-digit
    mpmath of the published form for q in [0.2, 1], r in [1e-11, 1e4] and d / e in [1e-14, 1e-2].
    On JAX the derivatives in x2, x1 and q are the analytic ones of the module docstring (a custom
    JVP); ``q`` may be traced (it is an explicit argument of the custom JVP).
    """
    # Both components come from one evaluation (NumPy has no common-subexpression pass), taken
    # out of differentiation and handed to two custom JVPs that supply the derivatives. (One
    # custom JVP of the stacked pair would need (2, N) reductions in reverse mode, which XLA:CPU
    # runs several times slower.)
    o = ops(xp)
    pieces = _hk_pieces(x2, x1, q, xp)
    alpha_y, alpha_x = o.stop_gradient(pieces["alpha_y"]), o.stop_gradient(pieces["alpha_x"])
    alpha_y = o.elementwise_with_partials(
        lambda v2, v1, vq: alpha_y, lambda v2, v1, vq, y: _hk_jacobian(v2, v1, vq, xp)[0]
    )(x2, x1, q)
    alpha_x = o.elementwise_with_partials(
        lambda v2, v1, vq: alpha_x, lambda v2, v1, vq, y: _hk_jacobian(v2, v1, vq, xp)[1]
    )(x2, x1, q)
    return alpha_y, alpha_x


def _hk_jacobian(x2, x1, q, xp):
    """((d alpha_y / d(x2, x1, q)), (d alpha_x / d(x2, x1, q))) of the closed form (docstring).

    Recomputes ``_hk_pieces`` (XLA merges it with the value's own). The q-derivatives end in a
    ``where``: XLA:CPU then evaluates them in a loop fusion instead of inside the reduction of the
    q-gradient, which cannot take broadcast scalars and would write each one out as a full array.
    """
    pc = _hk_pieces(x2, x1, q, xp)
    alpha_y, alpha_x, e2, x1s, x2s, a2, f_a, s_a = (
        pc[k] for k in ("alpha_y", "alpha_x", "e2", "x1s", "x2s", "a2", "f_a", "s_a")
    )
    near = xp.abs(s_a) < SERIES_HALF_WIDTH
    # kappa = 2 (F - 1) / (1 - a^2), and below each partial, ends in a division: XLA:CPU then
    # writes each out once rather than re-deriving it (series included) in every consumer.
    kappa_series = _kappa_series(xp.where(near, s_a, 0.0))
    kappa = (2.0 * xp.where(near, kappa_series, f_a - 1.0)) / xp.where(near, 1.0, s_a)
    inv_q = 1.0 / q
    inv_a2 = 1.0 / a2
    f_w = 0.25 * kappa - 0.5 * inv_a2

    # shear (shear_util.nfw_shear_terms, with F and kappa shared):
    # gamma_1 = X / |zb W|^2 - kappa, gamma_2 = Y / |zb W|^2
    big_x, big_y, den2 = nfw_shear_terms(x2, x1, q, e2, alpha_y, alpha_x, kappa, f_a)
    re, im = (x1 - x2) * (x1 + x2), -2.0 * x1 * x2  # zb^2
    w_r = re - e2  # W = zb^2 - e^2
    d_x_dx1 = big_x / den2  # kappa + gamma_1
    d_y_dx2 = (2.0 * kappa * den2 - big_x) / den2  # kappa - gamma_1
    d_dmixed = big_y / den2  # gamma_2

    # d alpha / dq = alpha / q + 2 q M / W, M = 2 N_q - alpha
    g_q = f_a - 2.0 * x2s * f_w * inv_q * inv_q - 1.0 / (1.0 + q)
    f3_q = -x1 * x2 * inv_q * inv_q * inv_a2
    p = (1.0 + q * q) * f_a * inv_q * inv_q + 2.0 * e2 * x2s * f_w * inv_q**4
    m_r = 2.0 * (x1 * g_q + x2 * f3_q) - alpha_x
    m_i = 2.0 * (x1 * f3_q - x2 * g_q + x2 * p) - alpha_y
    two_q = 2.0 * q
    d_x_dq = alpha_x * inv_q + two_q * (m_r * w_r + m_i * im) / pc["d"]
    d_y_dq = alpha_y * inv_q + two_q * (m_i * w_r - m_r * im) / pc["d"]
    computed = a2 > 0.0  # always: see the docstring
    return (
        (d_y_dx2, d_dmixed, xp.where(computed, d_y_dq, 0.0)),
        (d_dmixed, d_x_dx1, xp.where(computed, d_x_dq, 0.0)),
    )


def _kappa_series(s):
    """(F - 1) / s = sum_n s^n / (2n + 3) for |s| < SERIES_HALF_WIDTH (SERIES_TERMS terms)."""
    total = 1.0 / (2 * SERIES_TERMS + 1)
    for n in range(SERIES_TERMS - 2, -1, -1):
        total = total * s + 1.0 / (2 * n + 3)
    return total


def nfw_elliptical_deflections_hat(x2, x1, q, xp=np):
    """hk_deflections_hat made total: safe at r = 0, at the foci, at q = 1 and under jax.grad.

    Points with r < x_min are pushed out radially (the result scaled by r / x_min, so alpha -> 0 at
    the centre); points within 1e-13 e of a focus (+-e, 0) are moved 2e-13 e along y', an error of
    <= 1e-12 relative (float32: 1e-6 e, error <= 5e-6). Float64 relative error <= 1e-14 elsewhere
    (see hk_deflections_hat).
    """
    x_min = x_min_for(x1)
    x2, x1, ratio, _ = pushed_off_centre(x2, x1, x_min, xp=xp)
    e2 = (1.0 - q) * (1.0 + q)
    e = safe_radius(e2, xp)
    offset = (FOCUS_OFFSET_FLOAT64 if is_float64(x1) else FOCUS_OFFSET_FLOAT32) * e
    from_focus = xp.abs(x1) - e
    near_focus = from_focus * from_focus + x2 * x2 < offset * offset
    x2 = xp.where(near_focus, x2 + 2.0 * offset, x2)
    alpha_y, alpha_x = hk_deflections_hat(x2, x1, q, xp=xp)
    return alpha_y * ratio, alpha_x * ratio
