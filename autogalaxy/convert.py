"""Conversions between elliptical components and (axis ratio, position angle).

autogalaxy's convention: ``ell_comps = (f sin 2 phi, f cos 2 phi)`` with f = (1 - q) / (1 + q) and
phi the position angle of the major axis in degrees, counter-clockwise from the positive x-axis.
The first component is the sin-component. Valid components have f = |ell_comps| < 1 (q > 0):
f >= 1 raises ``ModelParameterException`` on the NumPy path (naming ``|ell_comps|``; PyAutoFit
resamples) and gives a NaN axis ratio, hence NaN profile outputs, on the JAX path. Inside the
valid range the axis ratio is floored at q = (1 - 0.999)/(1 + 0.999) (f capped at 0.999), as
upstream autogalaxy does, so that a sample near f = 1 stays a finite profile.

Both functions are xp-aware and have finite gradients at ell_comps = (0, 0), where the angle is
undefined and returned as 0.
"""

import math

import numpy as np

from autogalaxy.util.checks import _CHECKED, check, is_concrete

MAX_ELLIPTICITY = 0.999


def _ellipticity_and_safe_comps(ell_comps, xp):
    e0 = xp.asarray(ell_comps[0], dtype=float)
    e1 = xp.asarray(ell_comps[1], dtype=float)
    e_sq = e0 * e0 + e1 * e1
    round_ = e_sq == 0.0
    # At (0, 0) both sqrt and atan2 have undefined derivatives; feed them a harmless point.
    f = xp.where(round_, 0.0, xp.sqrt(xp.where(round_, 1.0, e_sq)))
    return f, xp.where(round_, 0.0, e0), xp.where(round_, 1.0, e1)


ELLIPTICITY_REQUIREMENT = "< 1 (axis ratio q = (1 - |e|) / (1 + |e|) > 0)"


def ellipticity_requirement(ell_comps):
    """The (name, value, ok, requirement) of |ell_comps| < 1, for ``checks.check_all`` and
    ``checks.requirements_met`` (the value is |ell_comps|, on the backend of ``ell_comps``)."""
    if is_concrete(ell_comps):
        f = math.hypot(*(float(e) for e in ell_comps)) if isinstance(ell_comps, tuple) else (
            np.hypot(*np.asarray(ell_comps, dtype=float)))
    else:
        import jax.numpy as jnp

        e0, e1 = (jnp.asarray(e, dtype=float) for e in ell_comps)
        f = jnp.hypot(e0, e1)
    return ("|ell_comps|", f, lambda v: v < 1.0, ELLIPTICITY_REQUIREMENT)


def check_ell_comps(ell_comps):
    """Raise ``ModelParameterException`` for concrete ``ell_comps`` with |ell_comps| >= 1 (inside
    ``ag.checked``, a check of traced ones)."""
    if is_concrete(ell_comps) or _CHECKED.get():
        check(*ellipticity_requirement(ell_comps))


def axis_ratio_from(ell_comps, xp=np):
    """Axis ratio q = b/a in (0, 1] of ``ell_comps`` (NaN on the JAX path for |e| >= 1)."""
    check_ell_comps(ell_comps)
    f, _, _ = _ellipticity_and_safe_comps(ell_comps, xp)
    q = (1.0 - xp.minimum(f, MAX_ELLIPTICITY)) / (1.0 + xp.minimum(f, MAX_ELLIPTICITY))
    return xp.where(f < 1.0, q, xp.nan)


def angle_from(ell_comps, xp=np):
    """Position angle of the major axis [degrees], in (-45, 135], counter-clockwise from +x."""
    check_ell_comps(ell_comps)
    _, e0, e1 = _ellipticity_and_safe_comps(ell_comps, xp)
    angle = 0.5 * xp.degrees(xp.arctan2(e0, e1))
    return xp.where(angle <= -45.0, angle + 180.0, angle)


def axis_ratio_and_angle_from(ell_comps, xp=np):
    """(axis ratio q, position angle [degrees]) of ``ell_comps``."""
    return axis_ratio_from(ell_comps, xp=xp), angle_from(ell_comps, xp=xp)


def ell_comps_from(axis_ratio, angle, xp=np):
    """``ell_comps = (f sin 2phi, f cos 2phi)`` from axis ratio q in (0, 1] and angle [degrees]."""
    check("axis_ratio", axis_ratio, lambda q: (q > 0) & (q <= 1), "in (0, 1]")
    q = xp.asarray(axis_ratio, dtype=float)
    f = (1.0 - q) / (1.0 + q)
    two_phi = 2.0 * xp.radians(xp.asarray(angle, dtype=float))
    return (f * xp.sin(two_phi), f * xp.cos(two_phi))
