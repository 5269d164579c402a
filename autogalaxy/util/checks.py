"""Input validation for the NumPy path.

Values that are not concrete NumPy/Python numbers (JAX arrays, tracers) are not inspected: under
jit there is nothing to inspect, and the kernels return NaN for invalid input instead.
"""

import numbers

import numpy as np

from autogalaxy.exc import ModelParameterException


def is_concrete(value) -> bool:
    """True for Python numbers, NumPy scalars/arrays and nested lists/tuples of them."""
    if isinstance(value, (list, tuple)):
        return all(is_concrete(v) for v in value)
    return isinstance(value, (numbers.Number, np.ndarray, np.generic))


def check(name: str, value, ok, requirement: str) -> None:
    """Raise ``ModelParameterException`` (a ValueError; a FitException for PyAutoFit, which then
    resamples) naming ``name`` when a concrete ``value`` fails ``ok``.

    ``ok`` maps a float64 NumPy array to a boolean array; NaN fails every requirement.
    """
    if not is_concrete(value):
        return
    arr = np.asarray(value, dtype=float)
    with np.errstate(invalid="ignore"):
        good = np.asarray(ok(arr), dtype=bool)
    if not np.all(good):
        bad = arr[~good] if arr.ndim else arr
        raise ModelParameterException(
            f"{name} must be {requirement}; got {np.ravel(bad)[:5].tolist()}"
        )
