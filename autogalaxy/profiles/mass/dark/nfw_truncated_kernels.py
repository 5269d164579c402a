"""Kernels of the truncated NFW convergence and deflection (Baltz, Marshall & Oguri 2009).

kappa / kappa_s (``truncated_nfw_convergence_hat``) and B(x) = M2D(< x r_s) / (4 pi rho_s r_s^3)
(``truncated_nfw_mass_2d_hat``, alpha = 4 kappa_s r_s B / x) of
:mod:`~autogalaxy.profiles.mass.dark.nfw_truncated`, in cancellation-free regroupings. Write
c_tau = tau^2 / (tau^2 + 1)^2, t2 = sqrt(tau^2 + x^2), S = asinh(tau / x) = ln((tau + t2) / x)
and s = 1 - x^2; F is the NFW auxiliary function (nfw_util.nfw_f).

Cost (issue 12): both kernels share one set of intermediates (``_mass_2d_pieces``): two square
roots, two log1p calls with where-selected arguments and one arctan, the last as a polynomial of a
reduced argument (XLA:CPU calls scalar libm for a float64 arctan, ~10 ns per element; the
polynomial costs ~2 ns forward). On JAX, B carries a custom JVP whose partials dB/dx = x kappa / 2
and dB/dtau (closed form, ``_mass_2d_partials``) reuse those intermediates, so reverse mode keeps
two arrays per pixel instead of every intermediate of every ``where`` branch.
"""

import numpy as np

from autogalaxy.profiles.mass.kernel_util import is_float64, x_min_for
from autogalaxy.util.backend import ops
from autogalaxy.util.fast_math import horner

LARGE_X = 2.0
SERIES_MAX = 0.3
SERIES_TERMS = 18

# truncated_nfw_convergence_hat: (F - 1) / s = sum_n s^n / (2n + 3) for |s| < 0.1 (truncation
# 3e-18), and h(z) = 1 - asinh(z) / (z sqrt(1 + z^2)) = z^2 sum_n>=1 (-1)^(n+1) 4^n (n!)^2 /
# (2n + 1)! z^(2n - 2) for z < SERIES_MAX (16 terms, truncation 7e-17 relative).
KAPPA_NEAR_ONE = 0.1
KAPPA_NEAR_COEFFICIENTS = tuple(1.0 / (2 * n + 3) for n in range(16))


def _asinh_ratio_coefficients(terms):
    c, out = 1.0, []
    for n in range(1, terms + 1):
        c *= 2.0 * n / (2.0 * n + 1.0)  # 4^n (n!)^2 / (2n + 1)!
        out.append(c if n % 2 else -c)
    return tuple(out)


ASINH_RATIO_COEFFICIENTS = _asinh_ratio_coefficients(16)

# truncated_nfw_mass_2d_hat. F takes its series sum_n s^n / (2n + 1) only where |s| = |1 - x^2| is
# below NEAR_ONE: there w = sqrt(|s|) would give F = 0/0 and an autodiff error ~eps/|s|, while the
# direct forms keep full accuracy right up to the window. (window, terms) by float width:
# truncation window^terms / (2 terms + 1) is 5e-20 (float64) and 6e-10 (float32); the gradient
# error at the window's edge is ~2e-13 (float64) and ~6e-6 (float32).
NEAR_ONE = {True: (1e-2, 9), False: (1e-1, 8)}
# For tau < 1 the x < 1 branch takes S and E from the logarithms below this x, S and w F above.
SMALL_TAU_SPLIT_X = 0.5
TAN_PI_6 = 0.5773502691896257  # 1 / sqrt(3)
# t - arctan(t) = t^3 R(t^2) for |t| <= tan(pi/6): R is the Chebyshev fit (mpmath.chebyfit, 50
# digits, 15 coefficients, lowest degree first) of (t - arctan t) / t^3 on t^2 in [0, 1/3],
# relative fit error 1.7e-18. arctan v and arctan(1/v) for v > 0 follow from it with the reduced
# argument t = v, (v - 1) / (v + 1) or -1 / v (|t| <= tan(pi/6)); float64 relative error, against
# mpmath on 4e4 points v in [1e-8, 1e8]: arctan v and arctan(1/v) <= 2.3e-16, their derivatives
# <= 4.5e-16, t - arctan t <= 4.5e-16.
T_MINUS_ARCTAN_COEFFICIENTS = (
    0.3333333333333333,
    -0.19999999999999934,
    0.1428571428569984,
    -0.11111111109825941,
    0.090909090308468,
    -0.07692305995865262,
    0.06666635256245707,
    -0.05881951899933346,
    0.05259511983432949,
    -0.047378418391011694,
    0.042313891724893485,
    -0.03586038173552734,
    0.026264082398369568,
    -0.014071065623905355,
    0.0039319700862021235,
)


def x_minus_arctan(z, xp=np):
    """z - arctan(z) for z >= 0; the series z^3 sum_k (-z^2)^k / (2k + 3) below z = 0.3."""
    small = z < SERIES_MAX
    zs = xp.where(small, z, 0.0)
    series = xp.zeros_like(zs)
    for k in range(SERIES_TERMS - 1, -1, -1):
        series = series * (-zs * zs) + 1.0 / (2 * k + 3)
    zl = xp.where(small, 1.0, z)
    return xp.where(small, zs**3 * series, zl - ops(xp).arctan(zl))


def asinh_tau_over_x(x, tau, t2, xp=np):
    """S = asinh(tau / x) = ln((tau + t2) / x), t2 = sqrt(tau^2 + x^2), accurate also for x >> tau.

    ln((tau + t2) / x) takes the log of a number near 1 there (relative error 1e-16 x / tau);
    log1p of (tau + tau^2 / (t2 + x)) / x = (tau + t2 - x) / x has none.
    """
    return ops(xp).log1p((tau + tau * tau / (t2 + x)) / x)


def _c_tau(tau):
    return tau * tau / (tau * tau + 1.0) ** 2


def _t_minus_arctan(t, xp=np):
    """t - arctan(t) = t^3 R(t^2) for |t| <= tan(pi/6) (see T_MINUS_ARCTAN_COEFFICIENTS)."""
    t2 = t * t
    return t * t2 * horner(T_MINUS_ARCTAN_COEFFICIENTS, t2)


def _f_near_one(s, terms):
    """F = sum_{n < terms} s^n / (2n + 1), s = 1 - x^2 (used for |s| < NEAR_ONE)."""
    return horner([1.0 / (2 * n + 1) for n in range(terms)], s)


def _mass_2d_pieces(x, tau, xp):
    """The intermediates of B shared by B, kappa and their derivatives (a dict of arrays).

    See truncated_nfw_mass_2d_hat for the regrouping; ``p`` is the bracket of B = c_tau p.
    """
    near_one, near_terms = NEAR_ONE[is_float64(x)]
    tt = tau * tau
    a = tt - 1.0
    b = tt + 1.0
    ln_tau = ops(xp).log(tau)
    x2 = x * x
    s = (1.0 - x) * (1.0 + x)
    near = xp.abs(s) < near_one
    inner = (x < 1.0) & ~near
    large = s < -1.0
    ws = xp.sqrt(xp.where(near, 1.0, xp.abs(s)))  # w (x < 1) or v (x > 1)
    t2 = xp.sqrt(tt + x2)
    one_ws = 1.0 + ws
    g1 = 1.0 / (ws * one_ws)
    rw = one_ws * g1  # 1 / ws
    r1 = ws * g1  # 1 / (1 + ws)
    t2_tau = t2 + tau
    t2_ws = t2 + ws
    g2 = 1.0 / (t2_tau * t2_ws)
    d = t2_ws * g2  # 1 / (t2 + tau)

    # Which logarithms the two log1p calls return: (w F, -E) for x < 1 and tau >= 1; (S, -E) for
    # x < 1/2 and tau < 1; (S, w F) for 1/2 <= x < 1 and tau < 1; (S, +-K) for x >= 1 and near 1.
    big_tau = tau >= 1.0
    with_f = inner & big_tau
    sf = inner & ~big_tau & (x >= SMALL_TAU_SPLIT_X)
    num_f, den_f = 1.0 - x + ws, x  # (1 + w) / x - 1
    num_s, den_s = tau * (t2 + x + tau), x * (t2 + x)  # (tau + t2) / x - 1
    num_e, den_e = x2 * b, one_ws * tau * (t2 + tau * ws)  # (tau + t2) / ((1 + w) tau) - 1
    tau_x = tau * x
    k_neg = tau_x < t2_tau  # r < 1, K < 0
    num_k = xp.where(k_neg, t2_tau - tau_x, tau_x - t2_tau)  # 1/r - 1 or r - 1, times den_k
    den_k = xp.where(k_neg, tau_x, t2_tau)
    l_a = ops(xp).log1p(xp.where(with_f, num_f, num_s) / xp.where(with_f, den_f, den_s))
    l_b = ops(xp).log1p(
        xp.where(inner, xp.where(sf, num_f, num_e), num_k)
        / xp.where(inner, xp.where(sf, den_f, den_e), den_k)
    )
    big_s = xp.where(with_f, ln_tau + l_a + l_b, l_a)
    w_f = xp.where(with_f, l_a, xp.where(sf, l_b, l_a - ln_tau - l_b))

    # arctan v = base + p and arctan(1/v) = (pi/2 - base) - p with |t| <= tan(pi/6)
    low = ws < TAN_PI_6
    high = ws > 1.0 / TAN_PI_6
    t = xp.where(low, ws, xp.where(high, -rw, (ws - 1.0) * r1))
    t_minus_atan = _t_minus_arctan(t, xp=xp)
    p = t - t_minus_atan
    base = xp.where(low, 0.0, xp.where(high, 0.5 * np.pi, 0.25 * np.pi))
    atan_inv = (0.5 * np.pi - base) - p  # arctan(1 / v) for x > 1

    f_series = _f_near_one(xp.where(near, s, 0.0), near_terms)
    f = xp.where(near, f_series, xp.where(inner, w_f, base + p) * rw)
    k = xp.where(k_neg, -l_b, l_b)
    h = xp.where(inner & ~sf, x2 * r1 * f - l_b, f + xp.where(sf, ln_tau - big_s, k))
    q = xp.where(
        large,
        x2 * rw * (np.pi * (tau * d + b * g2) - 2.0 * atan_inv),
        x2 * (2.0 * f - np.pi * d),
    )
    bracket = a * (h - x2 * big_s * d * (1.0 / tau)) + q
    return dict(
        tt=tt, a=a, b=b, x2=x2, s=s, large=large, high=high, ws=ws, rw=rw, t2=t2, t2_ws=t2_ws,
        d=d, big_s=big_s, f=f, h=h, q=q, bracket=bracket, atan_inv=atan_inv,
        t_minus_atan=t_minus_atan,
    )  # fmt: skip


def truncated_nfw_mass_2d_hat(x, tau, xp=np):
    """B(x) = M2D(< x r_s) / (4 pi rho_s r_s^3) (BMO09); alpha = 4 kappa_s r_s B / x.

    Published (BMO09), with a = tau^2 - 1, b = tau^2 + 1:

        B = c_tau [(a + 2 x^2) F + pi tau + a ln tau - t2 (a S / tau + pi)].

    Exactly regrouped here, with d = 1 / (t2 + tau) (so t2 / tau = 1 + x^2 d / tau and
    pi (tau - t2) = -pi x^2 d):

        B = c_tau [a (H - x^2 S d / tau) + Q],   H = F + ln tau - S,   Q = 2 x^2 F - pi x^2 d,

    and each piece is evaluated without cancellation (the published form loses ~1e-16 tau^2 / x^2
    as x -> 0, ~1e-16 ln(tau) / g_NFW(x) at large tau, and ~1e-16 x at large x):

    * x < 1, w = sqrt(1 - x^2), w F = ln((1 + w) / x) = log1p((1 - x + w) / x):
      H = x^2 F / (1 + w) + E with E = ln((1 + w) tau / (tau + t2))
      = -log1p(x^2 b / ((1 + w) tau (t2 + tau w))) (<= 0); the identity E = w F + ln tau - S
      gives the third logarithm from two: S = ln tau + w F - E (all terms >= 0) for tau >= 1;
      for tau < 1, w F = S - ln tau + E below x = 1/2, and w F, S directly above it, where
      H = F + (ln tau - S) needs no E (both terms of the bracket are negative).
    * x >= 1, v = sqrt(x^2 - 1), F = arctan(v) / v: H = F + K with
      K = ln(tau x / (tau + t2)) = log1p(r - 1) or -log1p(1/r - 1), r = tau x d, whichever
      argument is >= 0 (an absolute error ~eps in K is harmless: H and the other terms are not
      small where K crosses zero).
    * x > sqrt(2) (v > 1): Q = x^2 [pi (tau + b / (t2 + v)) d - 2 arctan(1 / v)] / v, since
      t2 + tau - v = tau + b / (t2 + v); its two O(x) terms cancelled in 2 x^2 F - pi x^2 d.
    * |1 - x^2| < NEAR_ONE: F from its series; the x >= 1 forms hold on both sides.

    So each pixel takes sqrt(|1 - x^2|), t2, two log1p (arguments selected by ``where``) and one
    arctan, whose argument is reduced to |t| <= tan(pi/6) (t = v, (v - 1) / (v + 1) or -1 / v,
    giving arctan v and arctan(1/v) = pi/2 - arctan v each without cancellation) and evaluated as
    a polynomial. Every regrouping was checked in 40-digit mpmath against the published form
    (agreement 1e-40 off the series window) for tau in {0.01, 0.3, 1, 3, 30, 1e4}.

    Derivatives (on JAX a custom JVP, ``_mass_2d_partials``): dB/dx = x kappa / (2 kappa_s)
    (B = int_0^x t kappa dt / (2 kappa_s)), with kappa from the same intermediates
    (``_convergence_fraction``), and dB/dtau in closed form. ``tau`` may be traced: it is an
    explicit argument of the custom JVP, so gradients flow to it.

    Float64 relative error <= 1e-14 for tau in [0.01, 1e4] and x in [1e-12, 1e6] (mpmath; measured
    <= 2e-15 on ~1500 radii per tau, including x near 1/2, 1, sqrt(2), 2 and tau on both sides,
    and <= 2e-15 for 40 random tau); float32 <= 1e-6. Values and gradients are finite everywhere,
    x = 1 included; dB/dx and dB/dtau agree with mpmath to 2e-14 of max(|B'|, B / x) (B / tau).
    """
    x = xp.asarray(x, dtype=float)
    return ops(xp).elementwise_with_partials(
        lambda v, t: _mass_2d_value(v, t, xp),
        lambda v, t, y: _mass_2d_partials(v, t, xp),
    )(x, tau)


def truncated_nfw_mean_convergence_of_r2(r2, tau, xp=np):
    """B(x) / x^2 (= mean kappa inside x / (4 kappa_s)) as a function of r2 = x^2 >= 0.

    Radii below the dtype's floor (kernel_util.x_min_for) are held at it. Value: B of
    truncated_nfw_mass_2d_hat over x^2 (same accuracy). On JAX one custom JVP in (r2, tau):
    d/dr2 = (B'(x) / (2 x) - value) / r2 (0 below the floor), d/dtau = (dB/dtau) / x^2, from
    _mass_2d_partials: the backward pass of NFWTruncatedSph's deflections then holds no
    transposes of sqrt, the floor or the division (jit(grad) 100^2 0.57 -> 0.48 ms interleaved,
    forward 0.24 -> 0.19 ms; gradients equal to 1e-14).
    """
    r2 = xp.asarray(r2, dtype=float)
    x2_min = x_min_for(r2) ** 2

    def value(r2, tau):
        x = xp.sqrt(xp.maximum(r2, x2_min))
        return _mass_2d_value(x, tau, xp) / (x * x)

    def partials(r2, tau, v):
        x2 = xp.maximum(r2, x2_min)
        x = xp.sqrt(x2)
        db_dx, db_dtau = _mass_2d_partials(x, tau, xp)
        return xp.where(r2 > x2_min, (0.5 * db_dx / x - v) / x2, 0.0), db_dtau / x2

    return ops(xp).elementwise_with_partials(value, partials)(r2, tau)


def _mass_2d_value(x, tau, xp):
    pieces = _mass_2d_pieces(x, tau, xp)
    return _c_tau(tau) * pieces["bracket"]


def _mass_2d_partials(x, tau, xp):
    """(dB/dx, dB/dtau) from the intermediates of B (the value's own, merged by XLA's CSE).

    dB/dx = x kappa / (2 kappa_s). dB/dtau: differentiating the published B and taking out
    c_tau'/c_tau = -2 a / (tau b) exactly (so its O(tau) terms cancel by algebra, not rounding),

        dB/dtau = c_tau [2 (3 tau^2 - 1) H / (tau b) - 2 a Q / (tau b) + pi x^2 d / t2
                         + S x^2 d (2 (tau^2 - 3) / b - a x^2 d / (tau^2 t2))],

    with H, Q, d of truncated_nfw_mass_2d_hat (the O(x) terms of Q and the O(ln x) ones of H are
    already cancelled there; what remains cancels by at most ~ln(1 / x)). Float64 relative
    error against mpmath derivatives of the published B (tau in [1e-4, 1e4], x in [1e-12, 1e6]):
    dB/dtau <= 7e-15, dB/dx <= 6e-15.

    Cost notes (XLA:CPU, measured on jit(grad) of the deflections at 400 x 400): each partial ends
    in a division, which the fusion pass writes out once instead of re-deriving the whole
    expression, polynomials included, in every consumer; and dB/dtau ends in a ``where`` (its
    condition always holds), which keeps it out of the reduction that forms the tau-gradient: that
    reduction cannot take broadcast scalars and would write each tau-dependent scalar out as a
    full array (13 -> 9 ms).
    """
    pc = _mass_2d_pieces(x, tau, xp)
    a, b, tt, x2, d, t2 = pc["a"], pc["b"], pc["tt"], pc["x2"], pc["d"], pc["t2"]
    c_tau = _c_tau(tau)
    numerator, denominator = _convergence_fraction(pc, x, tau, xp)
    c_hq = 2.0 / (tau * b)
    c_s = 2.0 * (tt - 3.0) / b
    sx2d = pc["big_s"] * x2 * d
    tau_numerator = (
        t2 * (c_hq * ((3.0 * tt - 1.0) * pc["h"] - a * pc["q"]) + c_s * sx2d)
        + np.pi * x2 * d
        - sx2d * x2 * d * (a / tt)
    )
    d_dx = (c_tau * x * numerator) / denominator
    d_dtau = xp.where(x > 0.0, (c_tau * tau_numerator) / t2, 0.0)
    return d_dx, d_dtau


def truncated_nfw_convergence_hat(x, tau, xp=np):
    """kappa / kappa_s at x = R / r_s > 0 (BMO09; physics.md section 3).

    kappa = 2 c_tau [(tau^2 + 1)(F - 1)/s + 2F - pi/t2 + (tau^2 - 1) L / (tau t2)], L = -S.

    That form is kept for x <= sqrt(2), with (F - 1)/s from its series sum_n s^n / (2n + 3) for
    |s| < 0.1. Beyond, its four terms cancel down to the x^-4 tail (the published form loses
    ~1e-16 (x / tau)^3, 6e-7 at x = 1e3, tau = 0.5); there, with v = sqrt(x^2 - 1), y = 1 / v, it is
    regrouped exactly into terms that each fall as x^-4 or faster:

        kappa / (2 c_tau) = -pi (tau^2 + 1)^2 (t2 + 2 v) / (2 v^3 t2 (t2 + v)^2)
                            + (tau^2 + 1) y^3 arctan(y) + 2 y (y - arctan y)
                            + (tau^2 - 1) / x^2 [y^2 + h],   h = 1 - S x^2 / (tau t2),

    h = 1 - asinh(z) / (z sqrt(1 + z^2)) with z = tau / x, from its series
    h = sum_n>=1 (-1)^(n+1) 4^n (n!)^2 / (2n + 1)! z^2n below z = 0.3, and y - arctan y =
    y^3 R(y^2) (T_MINUS_ARCTAN_COEFFICIENTS) for x > 2, where y <= tan(pi/6).

    F, S, v and arctan come from the intermediates of truncated_nfw_mass_2d_hat
    (``_mass_2d_pieces``: sqrt(|1 - x^2|), t2, two log1p and one polynomial arctan per pixel), so
    this kernel is also B's dB/dx = x kappa / 2 at no extra transcendental cost.

    Float64 relative error <= 2e-14 against mpmath for tau in [0.01, 1e4], x in [1e-12, 1e6]
    (measured <= 1e-14, largest for tau < 1 at sqrt(2) < x < 2, where every form cancels by ~10);
    float32 <= 1e-5.
    """
    x = xp.asarray(x, dtype=float)
    numerator, denominator = _convergence_fraction(_mass_2d_pieces(x, tau, xp), x, tau, xp)
    return (2.0 * _c_tau(tau) * numerator) / denominator


def _convergence_fraction(pc, x, tau, xp):
    """(N, D) with kappa / kappa_s = 2 c_tau N / D (truncated_nfw_convergence_hat) from the pieces.

    The standard form times D = t2 and the tail form times D = t2 (t2 + v)^2, so that kappa (and
    dB/dx) end in one division.
    """
    a, b, s, f, t2, big_s = pc["a"], pc["b"], pc["s"], pc["f"], pc["t2"], pc["big_s"]
    near = xp.abs(s) < KAPPA_NEAR_ONE
    g_series = horner(KAPPA_NEAR_COEFFICIENTS, xp.where(near, s, 0.0))
    g = xp.where(near, g_series, (f - 1.0) / xp.where(near, 1.0, s))  # (F - 1) / s
    inv_tau = 1.0 / tau
    standard = t2 * (b * g + 2.0 * f) - (np.pi + a * big_s * inv_tau)

    y = pc["rw"]  # 1 / v in the tail
    y_minus_atan_y = xp.where(pc["high"], -pc["t_minus_atan"], y - pc["atan_inv"])  # high: t = -y
    inv_x = 1.0 / x
    z = tau * inv_x
    small_z = z < SERIES_MAX
    zs = xp.where(small_z, z, 0.0)
    h = xp.where(
        small_z,
        zs * zs * horner(ASINH_RATIO_COEFFICIENTS, zs * zs),
        1.0 - big_s * pc["x2"] * inv_tau / t2,
    )
    y2 = y * y
    t2_ws = pc["t2_ws"]
    tail_den = t2 * t2_ws * t2_ws
    tail = -0.5 * np.pi * b * b * (t2 + 2.0 * pc["ws"]) * y2 * y + tail_den * (
        b * y2 * y * pc["atan_inv"] + 2.0 * y * y_minus_atan_y + a * inv_x * inv_x * (y2 + h)
    )
    large = pc["large"]
    return xp.where(large, tail, standard), xp.where(large, tail_den, t2)
