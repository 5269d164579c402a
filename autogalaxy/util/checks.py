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


def nonnegative(value):
    """finite and >= 0 (a requirement for :func:`check`)."""
    return finite(value) & (value >= 0)


def positive(value):
    """finite and > 0 (a requirement for :func:`check`)."""
    return finite(value) & (value > 0)


NONNEGATIVE = "finite and >= 0"
POSITIVE = "finite and > 0"


def message(name: str, requirement: str, got) -> str:
    return f"{name} must be {requirement}; got {got}"


def check(name: str, value, ok, requirement: str) -> None:
    """Raise ``ModelParameterException`` (a ValueError; a FitException for PyAutoFit, which then
    resamples) naming ``name`` when a concrete ``value`` fails ``ok``.

    ``ok`` maps a float64 array to a boolean array; NaN fails every requirement. A traced
    ``value`` is checked only inside :func:`autogalaxy.checked`.
    """
    if type(value) is float or type(value) is int:
        # the usual constructor argument: a plain number needs no array round trip (the array
        # path below costs ~5 us a check, 4-18 checks per profile: NFWSph() 106 -> 68 us)
        if ok(float(value)):
            return
        raise ModelParameterException(message(name, requirement, [float(value)]))
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


def check_all(requirements) -> None:
    """:func:`check` each ``(name, value, ok, requirement)`` in order (the first failure raises)."""
    for name, value, ok, requirement in requirements:
        check(name, value, ok, requirement)


def requirements_met(requirements, xp=np):
    """Scalar boolean: every ``(name, value, ok, requirement)`` holds for every element.

    The validity mask of the JAX path (kernel_util.nan_unless turns False into NaN outputs), built
    from the same requirements as the NumPy errors, so the two cannot drift apart. Inside
    :func:`autogalaxy.checked` it also emits each requirement's check, so a profile that enters
    the checked function as a pytree (its constructor never ran there) is checked too.
    """
    checked_mode = _CHECKED.get()
    if xp is np:
        # the NumPy path calls this on every evaluation: plain Python for Python numbers
        for name, value, ok, requirement in requirements:
            if checked_mode:
                check(name, value, ok, requirement)
            if not _holds(ok, value):
                return False
        return True
    good = xp.asarray(True)
    for name, value, ok, requirement in requirements:
        if checked_mode:
            check(name, value, ok, requirement)
        good = good & _all_elementwise(ok(xp.asarray(value, dtype=float)), xp)
    return good


# Up to this many elements (a centre, ell_comps) are and-ed one by one rather than reduced.
ELEMENTWISE_ALL_MAX = 8


def _all_elementwise(holds, xp):
    """xp.all(holds), written as scalar ands for small arrays.

    Why: XLA:CPU runs a reduce as a kernel of its own before the per-pixel loops that read it;
    scalar ands fuse into those loops. NFWSph's jitted 100 x 100 deflections took 0.140 ms with
    the profile's validity reduced, 0.116 ms with it and-ed (0.114 ms without any check; interleaved
    best of 20, session 17)."""
    if holds.size == 0 or holds.size > ELEMENTWISE_ALL_MAX:
        return xp.all(holds)
    flat = xp.reshape(holds, (-1,))  # a 0-d mask is one element too
    out = flat[0]
    for k in range(1, flat.shape[0]):
        out = out & flat[k]
    return out


def _holds(ok, value):
    if isinstance(value, float | int):
        return bool(ok(float(value)))
    if isinstance(value, tuple) and all(isinstance(v, float | int) for v in value):
        return all(bool(ok(float(v))) for v in value)
    return bool(np.all(ok(np.asarray(value, dtype=float))))


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
    ``jax.grad`` (``ag.checked(jax.grad(loss))``). ``ag.checked(fn).error_and_value(*args)``
    returns (the message or None, ``fn``'s value) instead of raising.
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

    def error_and_value(*args, **kwargs):
        err, out = compiled(*args, **kwargs)
        text = err.get()
        # checkify appends " (`check` failed)" (and, in some versions, a location): drop it
        return (None if text is None else re.split(r" \(`?check`? failed", text)[0].strip()), out

    @functools.wraps(fn)
    def run(*args, **kwargs):
        text, out = error_and_value(*args, **kwargs)
        if text is not None:
            raise ModelParameterException(text)
        return out

    # (message or None, fn's value) without raising: the value is what plain jit gives (NaN
    # wherever a requirement failed), from the same compiled function
    run.error_and_value = error_and_value
    return run
