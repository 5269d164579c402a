"""Small array helpers shared by the lens-profile kernels (xp-aware, jit-safe)."""

import numpy as np

# Dimensionless radii below these are evaluated at the floor (see each profile's docstring).
X_MIN_FLOAT64 = 1e-12
X_MIN_FLOAT32 = 1e-6


def is_float64(array):
    """True for float64 arrays (the static dtype, so this is safe under jit)."""
    return array.dtype.itemsize >= 8


def x_min_for(array):
    """Smallest dimensionless radius evaluated exactly, chosen by the array's float width."""
    return X_MIN_FLOAT64 if is_float64(array) else X_MIN_FLOAT32


def safe_radius(r2, xp=np):
    """sqrt(r2) with a zero (not NaN) gradient at r2 = 0."""
    positive = r2 > 0.0
    return xp.where(positive, xp.sqrt(xp.where(positive, r2, 1.0)), 0.0)


def pushed_off_centre(y, x, x_min, xp=np):
    """(y_e, x_e, r / x_min, r^2 / x_min^2): points with r < x_min moved radially to r = x_min.

    The point r = 0 goes to (0, x_min); both ratios are 1 for r >= x_min. Kernels evaluated at
    (y_e, x_e) and scaled by the first ratio (alpha) or the second (psi) stay finite and
    differentiable at the centre.
    """
    r2 = x * x + y * y
    r = safe_radius(r2, xp)
    small = r2 < x_min * x_min
    inv_r = x_min / xp.where(r2 > 0.0, r, 1.0)
    y_e = xp.where(small, y * inv_r, y)
    x_e = xp.where(small, xp.where(r2 > 0.0, x * inv_r, x_min), x)
    return y_e, x_e, xp.where(small, r / x_min, 1.0), xp.where(small, r2 / x_min**2, 1.0)


def as_float(x, xp=np):
    """``x`` as an array of a floating dtype (float64 unless it already is floating)."""
    x = xp.asarray(x)
    return x if xp.issubdtype(x.dtype, xp.floating) else x.astype(float)


def stack_yx(alpha_y, alpha_x, xp=np):
    """(N, 2) array of (alpha_y, alpha_x).

    On JAX this writes the two columns with ``.at[].set`` rather than ``xp.stack``: XLA's CPU
    fusion folds a stack into one loop over the (N, 2) output that re-evaluates every shared
    intermediate once per column, which made the jitted elliptical deflections 2x slower.
    """
    if not hasattr(alpha_y, "at"):
        return xp.stack([alpha_y, alpha_x], axis=-1)
    out = xp.zeros(alpha_y.shape + (2,), dtype=alpha_y.dtype)
    return out.at[..., 0].set(alpha_y).at[..., 1].set(alpha_x)


def nan_unless(valid, value, xp=np):
    """``value`` where ``valid``, else NaN: what traced invalid parameters give on the JAX path."""
    return value * xp.where(valid, 1.0, xp.nan)


def offsets_and_radius(grid_array, centre, scale, xp=np):
    """(dy, dx, r2, r, x_min) of a spherical profile: offsets from ``centre`` in units of
    ``scale`` (e.g. r_s), r2 = dx^2 + dy^2 and r = sqrt(max(r2, x_min^2)) with the dtype's x_min.
    ``grid_array`` is the (N, 2) (y, x) array (geometry_profiles.grid_array_from)."""
    inv_scale = 1.0 / scale  # one scalar division: per-element ones cost XLA:CPU ~5 ns each
    dy = (grid_array[..., 0] - xp.asarray(centre[0], dtype=float)) * inv_scale
    dx = (grid_array[..., 1] - xp.asarray(centre[1], dtype=float)) * inv_scale
    r2 = dx * dx + dy * dy
    x_min = x_min_for(r2)
    return dy, dx, r2, xp.sqrt(xp.maximum(r2, x_min * x_min)), x_min
