"""Conversions between elliptical components and (axis ratio, position angle).

autogalaxy's convention: ``ell_comps = (f sin 2 phi, f cos 2 phi)`` with f = (1 - q) / (1 + q) and
phi the position angle of the major axis in degrees, counter-clockwise from the positive x-axis.
The first component is the sin-component. The axis ratio is floored at q = (1 - 0.999)/(1 + 0.999)
(f capped at 0.999), as autogalaxy does, so that a wild sample in a fit stays a finite profile.

Both functions are xp-aware and have finite gradients at ell_comps = (0, 0), where the angle is
undefined and returned as 0.
"""

import numpy as np

from autogalaxy.util.checks import check

MAX_ELLIPTICITY = 0.999


def _ellipticity_and_safe_comps(ell_comps, xp):
    e0 = xp.asarray(ell_comps[0], dtype=float)
    e1 = xp.asarray(ell_comps[1], dtype=float)
    e_sq = e0 * e0 + e1 * e1
    round_ = e_sq == 0.0
    # At (0, 0) both sqrt and atan2 have undefined derivatives; feed them a harmless point.
    f = xp.where(round_, 0.0, xp.sqrt(xp.where(round_, 1.0, e_sq)))
    return f, xp.where(round_, 0.0, e0), xp.where(round_, 1.0, e1)


def axis_ratio_from(ell_comps, xp=np):
    """Axis ratio q = b/a in (0, 1] of ``ell_comps``."""
    f, _, _ = _ellipticity_and_safe_comps(ell_comps, xp)
    f = xp.minimum(f, MAX_ELLIPTICITY)
    return (1.0 - f) / (1.0 + f)


def angle_from(ell_comps, xp=np):
    """Position angle of the major axis [degrees], in (-45, 135], counter-clockwise from +x."""
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
