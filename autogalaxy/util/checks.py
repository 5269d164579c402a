"""Input validation: a clear error on the NumPy path, a checkify check in ``ag.checked`` mode.

Values that are not concrete NumPy/Python numbers (JAX arrays, tracers) are not inspected on the
plain JAX path: under jit there is nothing to inspect, and the kernels return NaN for invalid
input instead. Inside :func:`autogalaxy.checked` (``jax.experimental.checkify``), the same
requirement becomes a functional check whose message, raised after the jitted call, is the one
the NumPy path gives.

Requirements (``ok``) are written with operators and :func:`finite` so that one predicate serves
NumPy arrays and tracers alike.
"""

import contextvars
import numbers
import re

import numpy as np

from autogalaxy.exc import ModelParameterException

# True while ag.checked traces the user's function: check() then emits checkify checks.
_CHECKED = contextvars.ContextVar("autogalaxy_checked", default=False)


def is_concrete(value) -> bool:
    """True for Python numbers, NumPy scalars/arrays and nested lists/tuples of them."""
    if isinstance(value, (list, tuple)):
        return all(is_concrete(v) for v in value)
    return isinstance(value, (numbers.Number, np.ndarray, np.generic))


def finite(value):
    """Elementwise isfinite for NumPy arrays and JAX arrays/tracers (for use inside ``ok``)."""
    if isinstance(value, (np.ndarray, np.generic, numbers.Number)):
        return np.isfinite(value)
    import jax.numpy as jnp

    return jnp.isfinite(value)


def message(name: str, requirement: str, got) -> str:
    return f"{name} must be {requirement}; got {got}"


def check(name: str, value, ok, requirement: str) -> None:
    """Raise ``ModelParameterException`` (a ValueError; a FitException for PyAutoFit, which then
    resamples) naming ``name`` when a concrete ``value`` fails ``ok``.

    ``ok`` maps a float64 array to a boolean array; NaN fails every requirement. A traced
    ``value`` is checked only inside :func:`autogalaxy.checked`.
    """
    if not is_concrete(value):
        if _CHECKED.get():
            _checkify_check(name, value, ok, requirement)
        return
    arr = np.asarray(value, dtype=float)
    with np.errstate(invalid="ignore"):
        good = np.asarray(ok(arr), dtype=bool)
    if not np.all(good):
        bad = arr[~good] if arr.ndim else arr
        raise ModelParameterException(message(name, requirement, np.ravel(bad)[:5].tolist()))


def _checkify_check(name, value, ok, requirement):
    import jax.numpy as jnp
    from jax.experimental import checkify

    arr = jnp.asarray(value, dtype=float)
    good = jnp.broadcast_to(jnp.asarray(ok(arr), dtype=bool), arr.shape).ravel()
    # the first failing value is reported (checkify formats it at run time)
    bad = jnp.ravel(arr)[jnp.argmin(good)] if arr.ndim else arr
    checkify.check(jnp.all(good), message(name, requirement, "{bad}"), bad=bad)


def checked(fn):
    """``fn`` jit-compiled under ``jax.experimental.checkify`` with every input requirement of
    this package checked inside the compiled code.

    Calling the result runs the compiled function and, if any requirement failed, raises
    ``ModelParameterException`` carrying the message the NumPy path gives for the first failure
    (e.g. ``kappa_s must be finite and >= 0; got -1.0``); otherwise it returns ``fn``'s value.
    Pass the plain (un-jitted) function: a function already traced by ``jax.jit`` outside this
    mode is served from JAX's cache without the checks. Gradients: wrap the function that calls
    ``jax.grad`` (``ag.checked(jax.grad(loss))``).
    """
    import functools

    import jax
    from jax.experimental import checkify

    def flagged(*args, **kwargs):
        token = _CHECKED.set(True)
        try:
            return fn(*args, **kwargs)
        finally:
            _CHECKED.reset(token)

    compiled = jax.jit(checkify.checkify(flagged, errors=checkify.user_checks))

    @functools.wraps(fn)
    def run(*args, **kwargs):
        err, out = compiled(*args, **kwargs)
        text = err.get()
        if text is not None:
            # checkify appends " (`check` failed)" (and, in some versions, a location): drop it
            raise ModelParameterException(re.split(r" \(`?check`? failed", text)[0].strip())
        return out

    return run
