"""The spherical gNFW's alpha / R read from a per-call table in ln x (gNFWSph's deflections).

The shell kernel (``gnfw_kernels.gnfw_deflection_over_radius_hat``: 64 GL nodes of three
transcendentals plus two 52-term series per radius) costs ~40 times a closed-form NFW per pixel. A
spherical profile's deflection depends on the pixel only through x = R / r_s, so each call
evaluates the kernel once on a fixed table of radii, log-uniform over [x_min, 1e8] (step
``STEP`` = 0.12 in ln x, ``PAD`` extra nodes beyond each end so that every stencil is centred: 397
radii in float64, whatever the grid), and each pixel reads ln alpha_hat from it by ``ORDER`` = 12
point Lagrange interpolation in ln x: one log, one exp and 12 look-ups per pixel. The shells'
gamma-free exponents are NumPy constants (``gnfw_kernels.cylinder_exponents``), so building the
table costs one exp per shell node.

Accuracy: ln alpha_hat(ln x) is analytic in the strip |Im ln x| < pi (its nearest singularity is
x = -1, where rho_hat is singular), so the interpolation error falls as (STEP / pi)^ORDER.
Measured against 30-digit mpmath (Keeton's 2F1 form; test_gnfw), gamma in [0, 1.99]: float64
relative error <= 7e-14 for x in [1e-8, 1e8] (largest near x = 1; STEP 0.15 would give 9e-13),
the kernel's own <= 1.2e-11 at x = 1e-12. Beyond the last inner radius x_top ~ 1e8 the projected
mass M = x^2 alpha_hat / 4 continues as the r^-3 tail gives, M(x) = M(x_top) + ln(x / x_top):
<= 1e-9 (O(1 / x_top)). Radii below x_min are read at x_min, as the profile classes floor them.
float32 (x_min 1e-6, the table in float32): <= 2e-6.

Gradients (JAX): a custom JVP (``backend.ops(xp).elementwise_with_partials``) in (x, gamma).
d alpha_hat / dx is the derivative of the interpolant (d ln alpha_hat / d ln x within 1.2e-12 of
2 (kappa_hat / alpha_hat - 1), mpmath) and d alpha_hat / d gamma the same interpolant over the table
of d ln alpha_hat / d gamma (``gnfw_kernels.gnfw_enclosed_mass_and_slope`` and the shells times
ln((1 + y) / y): within 2e-14 of mpmath's), which is exactly the gamma-derivative of the
interpolated value. Reverse mode so needs no scatter into the table (a gather's transpose, 4x the
gather's cost on XLA:CPU) and keeps two arrays per pixel. The table is built inside
``ops(xp).cond`` on gamma's domain (NaN outside [0, 2)): that also materialises it, since XLA:CPU
otherwise fuses the table's series into every look-up (measured 40x slower; an
optimization_barrier does not prevent it). Under vmap the cond becomes a select (correct, slower).
"""

import functools
import math

import numpy as np

from autogalaxy.profiles.mass.dark.gnfw_kernels import (
    cylinder_exponents,
    gnfw_enclosed_mass_and_slope,
    gnfw_enclosed_mass_hat,
)
from autogalaxy.profiles.mass.kernel_util import as_float, x_min_for
from autogalaxy.util.backend import ops

STEP = 0.12
ORDER = 12
PAD = ORDER // 2
X_TOP = 1e8
_DENOMINATORS = [float(np.prod([j - k for k in range(ORDER) if k != j])) for j in range(ORDER)]


def _layout(dtype):
    """(ln x of node 0, number of nodes, index of the last node inside [x_min, x_top])."""
    ln_min = math.log(x_min_for(np.zeros(0, dtype=dtype)))
    inner = int(math.ceil((math.log(X_TOP) - ln_min) / STEP))
    return ln_min - PAD * STEP, inner + 1 + 2 * PAD, PAD + inner


def table_radii(dtype=float, xp=np):
    """The radii x (dimensionless) of the table for arrays of ``dtype``, log-uniform in STEP."""
    start, size, _ = _layout(dtype)
    return xp.asarray(np.exp(start + STEP * np.arange(size)), dtype=dtype)


@functools.cache
def _constants(dtype_name):
    """(radii, u, v, [1, u]) of the table for arrays of ``dtype_name``: the radii and the
    gamma-free exponents of the shells outside each radius (``gnfw_kernels.cylinder_exponents``,
    in float64 NumPy once per dtype), so that a call spends one exp per shell node."""
    start, size, _ = _layout(np.dtype(dtype_name))
    radii = np.exp(start + STEP * np.arange(size))
    u, v = cylinder_exponents(radii, np)
    one_and_u = np.stack([np.ones_like(u), u], axis=-1)
    return tuple(a.astype(dtype_name) for a in (radii, u, v, one_and_u))


def _tables(gamma, dtype, xp, slope):
    """(ln alpha_hat,) on table_radii, or (ln alpha_hat, d ln alpha_hat / d gamma) if ``slope``.

    alpha_hat = 4 (m + C) / x^2 as gnfw_deflection_over_radius_hat (C from the same nodes in the
    exponent form), d ln alpha_hat / d gamma = (dm / d gamma + sum shells u) / (m + C). Built
    under a cond on gamma's domain (module docstring).
    """
    radii, u, v, one_and_u = (xp.asarray(a) for a in _constants(np.dtype(dtype).name))

    def build():
        shells = xp.exp(gamma * u + v)
        if not slope:
            total = gnfw_enclosed_mass_hat(radii, gamma, xp=xp) + xp.sum(shells, axis=-1)
            return (xp.log(4.0 * total / (radii * radii)),)
        mass, mass_slope = gnfw_enclosed_mass_and_slope(radii, gamma, xp=xp)
        # both shell sums from one pass over the shells (two reductions would each redo the exp)
        cylinder, cylinder_slope = xp.moveaxis(xp.einsum("ij,ijk->ik", shells, one_and_u), -1, 0)
        total = mass + cylinder
        return xp.log(4.0 * total / (radii * radii)), (mass_slope + cylinder_slope) / total

    def outside():
        nan = xp.zeros_like(radii) * np.nan
        return (nan, nan) if slope else (nan,)

    return ops(xp).cond((gamma >= 0.0) & (gamma < 2.0), build, outside)


def _stencil(x, dtype, xp):
    """(ln x, beyond, start, tau): beyond = x past the last inner node, where the tail applies;
    the stencil is nodes start .. start + ORDER - 1 and tau the position within it."""
    origin, size, last = _layout(dtype)
    ln_x = ops(xp).log(x)
    beyond = ln_x > origin + STEP * last
    position = (xp.clip(ln_x, origin + STEP * PAD, origin + STEP * last) - origin) / STEP
    start = xp.clip(xp.floor(position).astype(int) - (ORDER // 2 - 1), 0, size - ORDER)
    return ln_x, beyond, start, position - start.astype(position.dtype)


def _lagrange(tau, slope, xp):
    """Weights l_j(tau) (and dl_j / dtau if ``slope``) of the ORDER-point Lagrange basis on
    nodes 0 .. ORDER - 1, from prefix and suffix products of (tau - k)."""
    offsets = [tau - k for k in range(ORDER)]
    prefix, d_prefix = [1.0], [0.0]
    for k in range(ORDER - 1):
        if slope:
            d_prefix.append(d_prefix[-1] * offsets[k] + prefix[-1])
        prefix.append(prefix[-1] * offsets[k])
    weights, slopes = [None] * ORDER, [None] * ORDER
    suffix, d_suffix = 1.0, 0.0
    for j in range(ORDER - 1, -1, -1):
        weights[j] = prefix[j] * suffix / _DENOMINATORS[j]
        if slope:
            slopes[j] = (d_prefix[j] * suffix + prefix[j] * d_suffix) / _DENOMINATORS[j]
            d_suffix = d_suffix * offsets[j] + suffix
        suffix = suffix * offsets[j]
    return weights, slopes


def _tail_mass(ln_table, dtype, xp):
    """(M(x_top), ln x_top): the projected mass at the last inner node, M = x^2 alpha_hat / 4."""
    origin, _, last = _layout(dtype)
    ln_top = origin + STEP * last
    return 0.25 * xp.exp(ln_table[last] + 2.0 * ln_top), ln_top


def gnfw_tabulated_deflection_over_radius_hat(x, gamma, xp=np):
    """alpha / (kappa_s R) at x = R / r_s (floored at x_min) from the table (module docstring).

    Float64 relative error <= 1e-13 for x in [1e-8, 1e8], <= 1.2e-11 at 1e-12 (the kernel's own)
    and <= 1e-9 beyond 1e8, gamma in [0, 1.99] (mpmath); float32 <= 2e-6. Gamma outside [0, 2)
    gives NaN.
    """
    x = as_float(x, xp)
    gamma = xp.asarray(gamma, dtype=x.dtype)
    dtype = x.dtype

    def read(x, ln_table):
        ln_x, beyond, start, tau = _stencil(x, dtype, xp)
        weights, _ = _lagrange(tau, False, xp)
        ln_alpha = sum(w * ln_table[start + j] for j, w in enumerate(weights))
        top_mass, ln_top = _tail_mass(ln_table, dtype, xp)
        tail = 4.0 * (top_mass + (ln_x - ln_top)) / (x * x)
        return xp.where(beyond, tail, xp.exp(ln_alpha))

    def value(x, gamma):
        return read(x, _tables(gamma, dtype, xp, False)[0])

    def partials(x, gamma, alpha):
        ln_table, ln_slope = _tables(gamma, dtype, xp, True)
        ln_x, beyond, start, tau = _stencil(x, dtype, xp)
        weights, slopes = _lagrange(tau, True, xp)
        rows = [start + j for j in range(ORDER)]
        d_ln_x = sum(s * ln_table[i] for s, i in zip(slopes, rows)) / STEP
        d_gamma = sum(w * ln_slope[i] for w, i in zip(weights, rows))
        top_mass, _ = _tail_mass(ln_table, dtype, xp)
        last = _layout(dtype)[2]
        inverse_x2 = 1.0 / (x * x)
        # the value is constant below x_min (read at x_min) and follows the tail beyond x_top
        d_ln_x = xp.where(ln_x < _layout(dtype)[0] + STEP * PAD, 0.0, d_ln_x)
        dx = xp.where(beyond, 4.0 * inverse_x2 - 2.0 * alpha, alpha * d_ln_x) / x
        tail_gamma = 4.0 * top_mass * ln_slope[last] * inverse_x2
        return dx, xp.where(beyond, tail_gamma, alpha * d_gamma)

    return ops(xp).elementwise_with_partials(value, partials)(x, gamma)
