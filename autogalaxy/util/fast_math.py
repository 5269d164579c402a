"""Float64 log, log1p and arctan written in jax.numpy, for the kernels' hot paths (issue 12).

Why: on XLA:CPU (this project's AVX-512 hosts, 10^6 float64 elements, jitted) jnp.log costs
2.3-3.1 ns per element, jnp.log1p 4.5 ns and jnp.arctan 5.5-8.6 ns, against NumPy's SIMD log's
0.8-1.2 ns; these calls set the speed of the spherical NFW-family kernels. Written as bit
manipulation plus polynomials, XLA fuses them into the kernel's loop and vectorises them: log
0.7-0.9 ns, log1p 1.1 ns, arctan 0.8 ns per element.

Method (the classical one of fdlibm / Cody & Waite 1980, "Software Manual for the Elementary
Functions"; here with our own polynomial coefficients):

- ``log(x)``: x = 2^k m with m in [sqrt(1/2), sqrt(2)) read off the bits; with f = m - 1 (exact),
  s = f / (2 + f) and z = s^2, log(1 + f) = f - f^2/2 + s (f^2/2 + z Q(z)), where
  z Q(z) = log((1 + s) / (1 - s)) - 2 s over s, |s| <= 3 - 2 sqrt(2), and k ln 2 is added in two
  parts (ln 2 = hi + lo, hi with 32 trailing zero bits so k hi is exact).
- ``log1p(y)``: the same with u = 1 + y = 2^k m, but f = (y + (1 - 2^k)) 2^-k, which keeps the
  bits of y that rounding lost in u (exact where 1 + y is not; no second division).
- ``arctan(w)``: |w| is reduced by one division to |t| <= tan(pi/8): t = |w| (|w| <= tan(pi/8)),
  (|w| - 1) / (|w| + 1) plus pi/4 (up to tan(3 pi/8)), -1 / |w| plus pi/2 (beyond); then
  arctan(t) = t + t z P(z), z = t^2, and the sign of w.

Q (7 coefficients) and P (11) interpolate their functions at Chebyshev nodes of z in [0, z_max]
(50-digit mpmath; ``test_fast_math`` refits them). Their interpolation error is <= 5e-18 relative,
so the rounding of the few operations sets the accuracy: measured against 30-digit mpmath, relative
error <= 2.3e-16 for log and log1p and <= 2.7e-16 for arctan over their full ranges (1-2 ulp; on
the same samples XLA's log measures 2.2e-16, its arctan 2.1e-16 and its log1p 2.6e-14, at
y = -0.414; test_fast_math). Special values follow IEEE: log(0) = -inf,
log(x < 0) = NaN, log(inf) = inf, log1p(-1) = -inf, arctan(+-inf) = +-pi/2, NaN stays NaN.
XLA:CPU flushes subnormals to zero, so log(5e-324) = -inf, as jnp.log gives there. Derivatives
are custom JVPs (1/x, 1/(1 + y), 1/(1 + w^2)), the same as JAX's own.

Only float64 takes these forms: other dtypes (float32, the GPU case) call jnp.log, jnp.log1p and
jnp.arctan, whose float32 forms XLA already evaluates with short polynomials.

Cost at compile time: each call is ~40 HLO operations where XLA's is one, so jit compilation of
the kernels takes longer (forward deflections and potentials of NFW, NFWTruncatedSph, cNFWSph and
KaplinghatCoredNFWSph: 3.4 s against 2.0 s in all). The kernels therefore use them only on their
per-pixel paths (``ops(xp).log`` etc.); per-call tables and parameter scalars keep ``xp.log``.
"""

from decimal import Decimal
from fractions import Fraction

import numpy as np

__all__ = ["jax_log", "jax_log1p", "jax_arctan", "horner"]

_LN2 = Fraction(Decimal("0.693147180559945309417232121458176568"))
_PI = Fraction(Decimal("3.14159265358979323846264338327950288"))


def _split(value, zero_bits=0):
    """(hi, lo) with hi + lo = value to ~1e-33; hi's last ``zero_bits`` mantissa bits are zero
    (so that k * hi is exact for integers |k| < 2^zero_bits)."""
    bits = np.array([float(value)]).view(np.int64) & ~((1 << zero_bits) - 1)
    hi = float(bits.view(np.float64)[0])
    return hi, float(value - Fraction(hi))


_LN2_HI, _LN2_LO = _split(_LN2, zero_bits=32)
_PI_2_HI, _PI_2_LO = _split(_PI / 2)
_PI_4_HI, _PI_4_LO = _split(_PI / 4)
_TAN_PI_8 = 0.41421356237309503  # tan(pi / 8) = sqrt(2) - 1
_TAN_3PI_8 = 2.414213562373095  # tan(3 pi / 8) = sqrt(2) + 1

# log((1 + s) / (1 - s)) = 2 s + s z Q(z), z = s^2 <= (3 - 2 sqrt 2)^2; Q = 2/3 + 2 z / 5 + ...
_LOG_Q = (
    0.66666666666666697,
    0.39999999999899504,
    0.28571428625975485,
    0.2222221113479508,
    0.18182889125261722,
    0.15331721600556041,
    0.14616449685043406,
)
# arctan(t) = t + t z P(z), z = t^2 <= tan(pi / 8)^2; P = -1/3 + z / 5 - ...
_ATAN_P = (
    -0.3333333333333333,
    0.19999999999995521,
    -0.14285714284666543,
    0.11111111015256362,
    -0.090909045781239019,
    0.076921831908260866,
    -0.06664511447381948,
    0.058581489128022099,
    -0.050854497379402599,
    0.039231658295587191,
    -0.019176887119062259,
)

_SQRT_HALF_BITS = 0x3FE6A09E667F3BCD  # the bits of sqrt(1/2) rounded down
_MANTISSA = 0x000FFFFFFFFFFFFF


def horner(coefficients, z):
    """sum_k coefficients[k] z^k (Horner; lowest degree first)."""
    total = coefficients[-1]
    for c in coefficients[-2::-1]:
        total = total * z + c
    return total


def _split_mantissa(u, lax, jnp):
    """(k, m) with u = 2^k m, m in [sqrt(1/2), sqrt(2)), for positive normal float64 u."""
    ix = lax.bitcast_convert_type(u, jnp.int64) - _SQRT_HALF_BITS
    k = lax.shift_right_arithmetic(ix, jnp.int64(52))
    m = lax.bitcast_convert_type((ix & _MANTISSA) + _SQRT_HALF_BITS, jnp.float64)
    return k, m


def _log1p_reduced(f, k):
    """log(1 + f) + k ln 2 for f in [sqrt(1/2) - 1, sqrt(2) - 1) (float64 k)."""
    s = f / (2.0 + f)
    z = s * s
    hfsq = 0.5 * f * f
    return (s * (hfsq + z * horner(_LOG_Q, z)) + k * _LN2_LO - hfsq + f) + k * _LN2_HI


def _ieee_log_ends(x, value, jnp, at_zero):
    """value where x is finite and above the pole, IEEE's answer elsewhere (x is the distance
    above the pole: log's x, log1p's 1 + y)."""
    return jnp.where(
        x > 0.0, jnp.where(x < jnp.inf, value, x), jnp.where(x == 0.0, at_zero, jnp.nan)
    )


def _log_value(x):
    import jax.numpy as jnp
    from jax import lax

    k, m = _split_mantissa(x, lax, jnp)
    return _ieee_log_ends(x, _log1p_reduced(m - 1.0, k.astype(jnp.float64)), jnp, -jnp.inf)


def _power_of_two(k, lax, jnp):
    """2^k from its bits, for integer arrays k in [-1022, 1023]."""
    return lax.bitcast_convert_type(lax.shift_left(k + 1023, jnp.int64(52)), jnp.float64)


def _log1p_value(y):
    import jax.numpy as jnp
    from jax import lax

    u = 1.0 + y
    k, m = _split_mantissa(u, lax, jnp)
    # f = (1 + y) / 2^k - 1 = (y + (1 - 2^k)) 2^-k: one rounding, in the sum, and none lost in
    # forming u. (XLA's simplifier rewrites the textbook correction y - ((1 + y) - 1) to 0, so
    # the Fast2Sum form cannot be used.) 1 - 2^k is exact for k in [-1, 53]; below, y is in
    # [-1, -0.65] where 1 + y is exact (Sterbenz), and above, u's rounding is < 2^-53 u.
    direct = (k <= -2) | (k >= 54)
    kc = jnp.clip(k, -1, 53)
    f = jnp.where(
        direct, m - 1.0, (y + (1.0 - _power_of_two(kc, lax, jnp))) * _power_of_two(-kc, lax, jnp)
    )
    return _ieee_log_ends(u, _log1p_reduced(f, k.astype(jnp.float64)), jnp, -jnp.inf)


def _arctan_value(w):
    import jax.numpy as jnp

    a = jnp.abs(w)
    low = a <= _TAN_PI_8
    high = a > _TAN_3PI_8
    t = jnp.where(low, a, jnp.where(high, -1.0, a - 1.0)) / jnp.where(
        low, 1.0, jnp.where(high, a, a + 1.0)
    )
    z = t * t
    off_hi = jnp.where(low, 0.0, jnp.where(high, _PI_2_HI, _PI_4_HI))
    off_lo = jnp.where(low, 0.0, jnp.where(high, _PI_2_LO, _PI_4_LO))
    r = off_hi + (t + (t * z * horner(_ATAN_P, z) + off_lo))
    return jnp.where(w < 0.0, -r, r)


def _make(value, derivative, fallback):
    import jax
    import jax.numpy as jnp

    f = jax.custom_jvp(value)

    @f.defjvp
    def _jvp(primals, tangents):
        (x,), (dx,) = primals, tangents
        return f(x), derivative(x) * dx

    def call(x):
        x = jnp.asarray(x)
        if x.dtype != jnp.float64:
            return fallback(x)
        return f(x)

    return call


_FUNCTIONS: dict = {}


def _get(name):
    if name not in _FUNCTIONS:
        import jax.numpy as jnp

        _FUNCTIONS.update(
            log=_make(_log_value, lambda x: 1.0 / x, jnp.log),
            log1p=_make(_log1p_value, lambda y: 1.0 / (1.0 + y), jnp.log1p),
            arctan=_make(_arctan_value, lambda w: 1.0 / (1.0 + w * w), jnp.arctan),
        )
    return _FUNCTIONS[name]


def jax_log(x):
    """Natural log of a JAX array (float64: this module's form; other dtypes: jnp.log)."""
    return _get("log")(x)


def jax_log1p(y):
    """log(1 + y) of a JAX array (float64: this module's form; other dtypes: jnp.log1p)."""
    return _get("log1p")(y)


def jax_arctan(w):
    """arctan of a JAX array, in (-pi/2, pi/2) (float64: this module's form; else jnp.arctan)."""
    return _get("arctan")(w)
