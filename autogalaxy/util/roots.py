"""One root-finding pattern for every implicit equation in the package: bracket, polish, step.

1. ``bisect``: a fixed number of halvings of a bracket [lo, hi] on which a monotone predicate
   turns from False to True (branch-free: ``where`` on both ends; the same arithmetic on NumPy
   and JAX, vectorised over any shape).
2. ``newton_polish``: Newton steps from inside the bracket, clipped to it, under
   ``stop_gradient`` (they only move the point, they carry no derivative).
3. ``implicit_step``: one more Newton step, differentiated, with the slope held fixed. At the root
   r(x*; theta) = 0 its derivative is dx*/dtheta = -(dr/dtheta) / (dr/dx): the implicit-function
   theorem, so jax.grad / jacfwd of the root are exact without differentiating the iterations.

``solve`` chains the three. Residuals are supplied as ``residual_and_slope(x) -> (r, dr/dx)``;
``with_central_difference`` makes one from a residual alone (slope error ~h^2 r'''; it only
scales the last Newton step, so the root stays exact to rounding and the gradient is good to
~1e-10 relative for h = 1e-5 on smooth residuals).

Users: the Ludlow16 smooth solver (bracket = the c-grid cell), the Diemer & Joyce (2019) relation
and the M200-from-profile inversion (``halo_util``).
"""

from autogalaxy.util.backend import ops

__all__ = ["bisect", "newton_polish", "implicit_step", "solve", "with_central_difference"]


def bisect(predicate, lo, hi, steps, xp):
    """Halve [lo, hi] ``steps`` times keeping predicate(lo) False and predicate(hi) True.

    ``predicate(x) -> bool array`` must be monotone (False then True) on the bracket. Returns the
    final (lo, hi); width (hi - lo) / 2^steps. Where the predicate is True (False) everywhere, hi
    (lo) stays at its end and lo (hi) closes on it: callers check that themselves.
    """

    def halve(_, bracket):
        lo, hi = bracket
        mid = 0.5 * (lo + hi)
        right = predicate(mid)
        return xp.where(right, lo, mid), xp.where(right, mid, hi)

    return ops(xp).fori_loop(0, steps, halve, (lo + 0.0 * hi, hi + 0.0 * lo))


def newton_polish(residual_and_slope, x, lo, hi, steps, xp, usable=True):
    """``steps`` Newton steps from x, clipped to [lo, hi], carrying no gradient.

    Where ``usable`` is False or the slope vanishes the point stays put (safe arguments: every
    value stays finite for jax.grad through the caller's ``where``).
    """
    sg = ops(xp).stop_gradient
    x, lo, hi = sg(x), sg(lo), sg(hi)
    for _ in range(steps):
        r, dr = residual_and_slope(x)
        ok = usable & (dr != 0.0)
        x = sg(xp.clip(x - xp.where(ok, r, 0.0) / xp.where(ok, dr, 1.0), lo, hi))
    return x


def implicit_step(residual_and_slope, x, xp, usable=True):
    """x - r(x) / r'(x) with r' held constant: value = one Newton step, derivative = the
    implicit-function derivative of the root (module docstring)."""
    sg = ops(xp).stop_gradient
    x = sg(x)
    r, dr = residual_and_slope(x)
    ok = usable & (dr != 0.0)
    return x - xp.where(ok, r, 0.0) / sg(xp.where(ok, dr, 1.0))


def solve(residual_and_slope, lo, hi, xp, *, bisection_steps, newton_steps, predicate=None):
    """Root of r in [lo, hi]: ``bisection_steps`` halvings (on ``predicate``, default r(x) > 0),
    ``newton_steps`` polishing steps from the midpoint, one implicit step.

    Returns (root, (lo, hi)) with the final bisection bracket, for callers that test whether a
    root was bracketed at all.
    """
    if predicate is None:

        def predicate(x):
            return residual_and_slope(x)[0] > 0.0

    sg = ops(xp).stop_gradient
    lo, hi = bisect(predicate, sg(lo), sg(hi), bisection_steps, xp)
    x = newton_polish(residual_and_slope, 0.5 * (lo + hi), lo, hi, newton_steps, xp)
    return implicit_step(residual_and_slope, x, xp), (lo, hi)


def with_central_difference(residual, h=1e-5):
    """``residual_and_slope`` from ``residual`` alone, slope by a central difference of step h."""

    def residual_and_slope(x):
        return residual(x), (residual(x + h) - residual(x - h)) / (2.0 * h)

    return residual_and_slope
