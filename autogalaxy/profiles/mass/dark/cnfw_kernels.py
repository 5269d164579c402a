"""Spherical cored-NFW kernels in closed form (Penarrubia et al. 2012 profile; derived here).

rho_hat(y) = 1 / ((f + y)(1 + y)^2), f = r_c / r_s; kappa = kappa_s kappa_hat(x),
alpha / R = kappa_s alpha_hat(x), psi = kappa_s r_s^2 psi_hat(x), x = R / r_s. By partial
fractions (../shared/physics.md section 5), with F(X) the NFW auxiliary function,
g(X) = ln(X/2) + F(X), K(X) = (F - 1) / (1 - X^2) and psi_N(X) = ln^2(X/2) - (1 - X^2) F^2:

    kappa_hat = 2 [(F(x) - F(x/f)) / (1-f)^2 - G(x) / (1-f)],        G = F - K,
    alpha_hat = 4 [(I(x) - f^2 I(x/f)) / (1-f)^2 - D(x) / (1-f)] / x^2,
    psi_hat   = 4 [(P(x) - f^2 P(x/f)) / (1-f)^2 - Q(x) / (1-f)],

with I = X^2 F - g = int_0^X X' F dX', D = X^2 F - 2 g, P = I - psi_N / 2 and Q = I - psi_N
(P' = I / X and Q' = D / X, so psi' = r_s alpha; psi(0) = 0). Each bracket is -(1/2) d^2/df^2 of
its f-term at f = 1, which gives the f = 1 limits

    kappa_1 = (G - 2 x^2 K) / (1 - x^2), alpha_1 = 2 (2g - x^2 K) / x^2, psi_1 = 2 (psi_N - g).

Near f = 1 and beyond x = 5 max(1, f), where the general forms cancel, :mod:`cnfw_series` takes
over. Float64 relative error at x in [1e-12, 1e3] for every f > 0 (scipy quad and mpmath):
kappa <= 1e-12, psi <= 1e-11, alpha <= 5e-12 (<= 2.5e-11 below x = 1e-4 within 0.1 of f = 1,
measured 2.2e-11 at f = 1.03, as before this module's rework); float32 ~1e-5.

Deflections (the profiles' hot path): F and g at x and at x/f share one sqrt, log1p and arctan
each and the log of x (7 transcendentals per pixel, the closed form's minimum); on JAX a custom JVP
gives d alpha_hat / dx = 2 (kappa_hat - alpha_hat) / x (M2D' = 2 pi R Sigma) and
d alpha_hat / df = 4 [-(f D(x/f) + D(x)) / (1-f)^2 + 2 N / (1-f)^3] / x^2 with
N = I(x) - f^2 I(x/f) (from I' = X F; derived here), both from the forward's intermediates.
"""

import math

import numpy as np

from autogalaxy.profiles.mass.dark.cnfw_series import (
    LARGE_X_TERMS,
    horner,
    is_near_one,
    large_x,
    large_x_constant,
    log1p_ratios,
    near_one_polynomial,
)
from autogalaxy.profiles.mass.dark.nfw_util import (
    NEAR_ONE_S,
    NEAR_ONE_TERMS,
    SERIES_HALF_WIDTH,
    SERIES_TERMS,
    SMALL_X,
    f_series,
    nfw_f,
    nfw_f_minus_one_over_s,
    nfw_g,
)
from autogalaxy.profiles.mass.kernel_util import as_float as _as_float
from autogalaxy.util.backend import ops

LN2 = math.log(2.0)
KAPPA_ONE_SERIES_TERMS = 20


def cnfw_enclosed_mass_factor(c, f_c, xp=np):
    """m(c, f) = M3D(< c r_s) / (4 pi rho_0 r_s^3) = int_0^c x^2 / ((f + x)(1 + x)^2) dx.

    Penarrubia et al. (2012) profile; by partial fractions
    m = [f^2 ln(1 + c/f) + (1 - 2f) ln(1 + c)] / (1 - f)^2 - c / ((1 - f)(1 + c)) (the often-copied
    (1 + f)^2 denominator is wrong). Evaluated in the form that is stable for every f > 0,
    including f = 1: with a = c / (f (1 + c)) and z = (1 - f) a > -1,

        m = ln(1 + c) + c / (1 + c) [a h(z) - log1p(z) / z],   h(z) = (log1p(z) - z) / z^2,

    and 8-term Taylor series of h and log1p(z)/z for |z| < 1e-2. Float64 relative error <= 1e-15
    for c in [1, 100], f in [1e-4, 20] (scipy quad); f -> 0 gives the NFW ln(1+c) - c/(1+c).
    """
    c = _as_float(c, xp)
    f = _as_float(f_c, xp)
    a = c / (f * (1.0 + c))
    h, log_over_z = log1p_ratios((1.0 - f) * a, xp)
    return xp.log1p(c) + c / (1.0 + c) * (a * h - log_over_z)


def _nfw_potential_bracket(x, xp):
    """psi_N(x) = ln^2(x/2) - (1 - x^2) F^2 (Golse & Kneib 2002), cancellation-free.

    For x < 0.5, psi_N = ln(u) log1p(-u) with u = x^2 / (2 (1 + sqrt(1 - x^2))) (physics.md s1).
    """
    small = x < 0.5
    xs = xp.where(small, x, 0.25)
    u = xs * xs / (2.0 * (1.0 + xp.sqrt((1.0 - xs) * (1.0 + xs))))
    xl = xp.where(small, 1.0, x)
    f = nfw_f(xl, xp=xp)
    large = ops(xp).log(0.5 * xl) ** 2 - (1.0 - xl) * (1.0 + xl) * f * f
    return xp.where(small, ops(xp).log(u) * ops(xp).log1p(-u), large)


def _kappa_at_one(x, f, k, xp):
    """kappa / kappa_s at f = 1: (G - 2 x^2 K) / s = 2 x^2 dK/ds, s = 1 - x^2.

    Near s = 0 the 0/0 is replaced by the series dK/ds = sum_{n>=1} n s^(n-1) / (2n + 3); elsewhere
    the direct form loses only ~1e-16 / |s| because G and K are accurate on their own.
    """
    s = (1.0 - x) * (1.0 + x)
    near = xp.abs(s) < SERIES_HALF_WIDTH
    sn = xp.where(near, s, 0.0)
    series = xp.zeros_like(sn)
    for n in range(KAPPA_ONE_SERIES_TERMS, 0, -1):
        series = series * sn + n / (2.0 * n + 3.0)
    direct = (f - k - 2.0 * x * x * k) / xp.where(near, 1.0, s)
    return xp.where(near, 2.0 * x * x * series, direct)


def _f_difference(x, f_x, g_x, fc, xp):
    """(F(x) - F(x/f), x/f). Where both radii are < 1, F = ln(2/X) + g(X) turns the difference
    into g(x) - g(x/f) - ln f, free of the cancellation of the two ln(2/X) (1e-16 ln(2/x) / |ln f|).
    """
    xf = x / fc
    small = xp.maximum(x, xf) < 1.0
    via_g = g_x - nfw_g(xf, xp=xp) - ops(xp).log(fc)
    return xp.where(small, via_g, f_x - nfw_f(xf, xp=xp)), xf


def _f_and_g(x, ln_x, xp):
    """(F(x), g(x)), g = ln(x/2) + F, sharing one sqrt, log1p and arctan (and ln x, given).

    nfw_util's forms: w = sqrt(|1 - x^2|); F = (log1p(w) - ln x) / w for 0.5 <= x < 1,
    arctan(w) / w for x > 1, the 9-term series in s = 1 - x^2 for |s| < 0.01; for x < 0.5,
    log1p(-u) = ln((1 + w) / 2) with u = x^2 / (2 (1 + w)) gives F = (log1p(-u) - ln x + ln 2) / w
    and the cancellation-free g = (2 u ln(2 / x) + log1p(-u)) / w. Float64 <= 2e-15 (F and g).
    """
    s = (1.0 - x) * (1.0 + x)
    near = xp.abs(s) < NEAR_ONE_S
    w = xp.sqrt(xp.where(near, 1.0, xp.abs(s)))
    inner = (s > 0.0) & ~near
    small = x < SMALL_X
    u = x * x / (2.0 * (1.0 + w))
    lp = ops(xp).log1p(xp.where(small, -u, xp.where(inner, w, 0.0)))
    at = ops(xp).arctan(xp.where(inner | near, 0.0, w))
    f_near = f_series(xp.where(near, s, 0.0), xp=xp, terms=NEAR_ONE_TERMS)
    direct = xp.where(inner, lp - ln_x + xp.where(small, LN2, 0.0), at) / w
    f = xp.where(near, f_near, direct)
    return f, xp.where(small, (2.0 * u * (LN2 - ln_x) + lp) / w, ln_x - LN2 + f)


def _k_from_f(x, f, xp):
    """K = (F - 1) / (1 - x^2) from F; the series sum_n s^n / (2n + 3) for |s| < 0.1."""
    s = (1.0 - x) * (1.0 + x)
    near = xp.abs(s) < SERIES_HALF_WIDTH
    series = horner(xp.where(near, s, 0.0), [1.0 / (2 * n + 3) for n in range(SERIES_TERMS)])
    return xp.where(near, series, (f - 1.0) / xp.where(near, 1.0, s))


def _near_one_or_closed(general, at_one, f, xp):
    """One cond on the scalar f: the polynomial in f (cnfw_series) for |1 - f| <= 0.1, else the
    closed form ``general(f)``. ``general(fc)`` returns a 1-tuple of arrays (..., K) for fc of
    shape (K,) on a new last axis and ``at_one`` is the 1-tuple of the f = 1 limit (the pieces they
    close over are computed once, outside the branches: measured faster here for kappa and psi)."""

    def polynomial():
        return near_one_polynomial(general, at_one, f, xp)[0]

    def closed():
        return general(xp.reshape(f, (1,)))[0][..., 0]

    return ops(xp).cond(is_near_one(f, xp), polynomial, closed)


def cnfw_convergence_hat(x, f, xp=np):
    """kappa / kappa_s at x = R / r_s > 0 for the scalar core fraction f = r_c / r_s > 0.

    Line-of-sight projection of rho_hat = 1 / ((f + y)(1 + y)^2) by partial fractions; the
    Penarrubia et al. (2012) profile. kappa(0) = 2 [-ln f / (1-f)^2 - 1 / (1-f)]. Float64 relative
    error <= 1e-12 for x in [1e-12, 1e3] and every f (mpmath and scipy quad).
    """
    x = _as_float(x, xp)
    f_x = nfw_f(x, xp=xp)
    k_x = nfw_f_minus_one_over_s(x, xp=xp)
    g_x = nfw_g(x, xp=xp)
    xe, f_xe, g_xe, big_g = x[..., None], f_x[..., None], g_x[..., None], (f_x - k_x)[..., None]

    def general(fc):
        one_minus = 1.0 - fc
        difference, _ = _f_difference(xe, f_xe, g_xe, fc, xp)
        return (2.0 * (difference / one_minus**2 - big_g / one_minus),)

    closed = _near_one_or_closed(general, (_kappa_at_one(x, f_x, k_x, xp),), f, xp)
    far, u, b = large_x(x, f, xp)
    return xp.where(far, u * u * horner(u, b), closed)


def _pieces(x, xp):
    """(x, ln x, x^2, F(x), g(x), D(x) = x^2 F - 2 g, K(x)) of the deflection's closed form."""
    ln_x = ops(xp).log(x)
    x2 = x * x
    f_x, g_x = _f_and_g(x, ln_x, xp)
    return x, ln_x, x2, f_x, g_x, x2 * f_x - 2.0 * g_x, _k_from_f(x, f_x, xp)


def _closed_terms(pieces, fc, count, xp):
    """(alpha_hat, kappa_hat, d alpha_hat / df)[:count] of the general closed forms at the core
    fraction(s) fc, broadcasting against the per-radius ``pieces`` (module docstring)."""
    x, ln_x, x2, f_x, g_x, d_x, k_x = pieces
    one_minus = 1.0 - fc
    ln_fc = xp.log(fc)
    big_x = x / fc
    f_big, g_big = _f_and_g(big_x, ln_x - ln_fc, xp)
    both_small = xp.maximum(x, big_x) < 1.0
    difference = xp.where(both_small, g_x - g_big - ln_fc, f_x - f_big)
    n = x2 * difference - g_x + fc * fc * g_big
    out = [4.0 * (n / one_minus**2 - d_x / one_minus) / x2]
    if count > 1:
        out.append(2.0 * (difference / one_minus**2 - (f_x - k_x) / one_minus))
    if count > 2:
        d_big = big_x * big_x * f_big - 2.0 * g_big
        out.append(4.0 * ((-fc * d_big - d_x) / one_minus**2 + 2.0 * n / one_minus**3) / x2)
    return tuple(out)


def _deflection_terms(x, f, xp, count):
    """(alpha_hat, kappa_hat, d alpha_hat / df)[:count] at x: the closed forms at f (outside any
    branch, so that XLA fuses them and merges the value's and the derivative's common work), the
    polynomial in f next to f = 1 (a cond that only x enters; zeros elsewhere) and the 1/x series
    beyond 5 max(1, f)."""
    pieces = _pieces(x, xp)
    near = is_near_one(f, xp)
    closed = _closed_terms(pieces, xp.where(near, 0.5, f), count, xp)

    def polynomial():
        inner = _pieces(x, xp)
        expanded = tuple(v[..., None] for v in inner)
        x_, _, x2, f_x, g_x, _, k_x = inner
        at_one = (2.0 * (2.0 * g_x - x2 * k_x) / x2, _kappa_at_one(x_, f_x, k_x, xp))
        terms = near_one_polynomial(
            lambda fc: _closed_terms(expanded, fc, min(count, 2), xp),
            at_one[: min(count, 2)],
            f,
            xp,
            slopes=count > 2,
        )
        return terms[:count]

    def elsewhere():
        return tuple(xp.zeros_like(x) for _ in range(count))

    near_one = ops(xp).cond(near, polynomial, elsewhere)
    # W(x) = int_0^x x' kappa dx' = 2 ln(x/2) + 2 C - sum_{m>=1} b_m x^-m / m.
    far, u, b, db = large_x(x, f, xp, slope=True)
    constant, d_constant = large_x_constant(f, xp, slope=count > 2)
    tail = u * horner(u, [-b[m] / m for m in range(1, LARGE_X_TERMS)])
    series = [4.0 * u * u * (pieces[1] - LN2 + constant + 0.5 * tail)]
    if count > 1:
        series.append(u * u * horner(u, b))
    if count > 2:
        d_tail = u * horner(u, [-db[m] / m for m in range(1, LARGE_X_TERMS)])
        series.append(4.0 * u * u * (d_constant + 0.5 * d_tail))
    return tuple(
        xp.where(far, s, xp.where(near, p, c)) for s, p, c in zip(series, near_one, closed)
    )


def cnfw_deflection_over_radius_hat(x, f, xp=np):
    """alpha / (kappa_s R), the mean convergence inside R = x r_s (finite at x -> 0); f scalar.

    M2D(< R) / (pi Sigma_crit R^2) from I(X) = X^2 F - g and D(X) = X^2 F - 2 g (module docstring),
    with the cancellation-free small-X forms of g. Float64 relative error <= 5e-12 for x in
    [1e-4, 1e3] and every f, <= 2.5e-11 below 1e-4 within 0.1 of f = 1 (60-digit mpmath of the
    closed form; scipy quad of the density). JAX: custom JVP in (x, f) (module docstring), against
    central differences of 50-digit mpmath: d ln alpha_hat / d ln x within 2e-13 (2e-11 within 0.1
    of f = 1, where the values carry 1e-11), d ln alpha_hat / d ln f within 2e-12 relative (7e-10
    within 0.1 of f = 1: the polynomial's derivative amplifies its nodes' rounding).
    """
    x = _as_float(x, xp)
    f = xp.asarray(f, dtype=x.dtype)

    # value and partials over cache-sized pixel chunks (ops.pixel_chunks; 400 x 400: forward
    # 10.3 -> 4.5 ms). Under differentiation ONE chunked pass gives the value and both partials
    # (elementwise_with_rule; the value and its partial in x leave as one complex pair):
    # jit(grad) 400 x 400 10.5 -> 8.7 ms, 100 x 100 0.55 -> 0.50 ms against a separate pass for
    # the partials (interleaved, session 10)
    chunks = ops(xp).pixel_chunks

    def chunk_value_and_partials(v, f):
        alpha, kappa, d_alpha = _deflection_terms(v, f, xp, 3)
        return alpha, 2.0 * (kappa - alpha) / v, d_alpha

    def value_and_partials(x, f):
        alpha, d_x, d_f = chunks(lambda v: chunk_value_and_partials(v, f), (x,))
        return alpha, (d_x, d_f)

    value = ops(xp).elementwise_with_rule(
        lambda x, f: chunks(lambda v: _deflection_terms(v, f, xp, 1)[0], (x,)), value_and_partials
    )
    return value(x, f)


def cnfw_potential_hat(x, f, xp=np):
    """psi / (kappa_s r_s^2), psi(0) = 0, at x = R / r_s > 0 (closed form, derived here); f scalar.

    psi = 4 [(P(x) - f^2 P(x/f)) / (1-f)^2 - Q(x) / (1-f)] with P = I - psi_N / 2, Q = I - psi_N.
    Float64 relative error <= 1e-11 for x in [1e-12, 1e3] and every f (scipy quad of alpha).
    """
    x = _as_float(x, xp)
    x2 = x * x
    f_x = nfw_f(x, xp=xp)
    g_x = nfw_g(x, xp=xp)
    psi_x = _nfw_potential_bracket(x, xp)
    xe, x2e, f_xe, g_xe, psi_xe = (a[..., None] for a in (x, x2, f_x, g_x, psi_x))

    def general(fc):
        one_minus = 1.0 - fc
        f_difference, xf = _f_difference(xe, f_xe, g_xe, fc, xp)
        # P(x) - f^2 P(x/f), P = X^2 F - g - psi_N / 2.
        difference = (
            x2e * f_difference
            - g_xe
            - 0.5 * psi_xe
            + fc * fc * (nfw_g(xf, xp=xp) + 0.5 * _nfw_potential_bracket(xf, xp))
        )
        return (4.0 * (difference / one_minus**2 - (x2e * f_xe - g_xe - psi_xe) / one_minus),)

    closed = _near_one_or_closed(general, (2.0 * (psi_x - g_x),), f, xp)
    far, u, b = large_x(x, f, xp)
    constant, extra = large_x_constant(f, xp)
    ln_half_x = -ops(xp).log(2.0 * u)
    tail = u * horner(u, [b[m] / m**2 for m in range(1, LARGE_X_TERMS)])
    series = (
        4.0 * (0.5 * ln_half_x**2 + (1.0 + ln_half_x) * constant + np.pi**2 / 8.0 + extra)
        + 2.0 * tail
    )
    return xp.where(far, series, closed)


def cnfw_tangential_shear_hat(x, f, xp=np):
    """gamma_t / kappa_s = kappa_bar - kappa at x = R / r_s > 0 (from the two kernels above).

    The core makes gamma_t vanish as x^2 at x << f, where the difference of the two (each accurate
    to 5e-12) leaves an error ~5e-12 kappa(0) relative to kappa rather than to gamma_t.
    """
    mean = cnfw_deflection_over_radius_hat(x, f, xp=xp)
    return mean - cnfw_convergence_hat(x, f, xp=xp)
