"""Pick the array backend from the values a profile is built from.

Python and NumPy numbers of any dtype, 0-d arrays and nested tuples of them go to NumPy; a JAX
array or tracer anywhere among the values goes to ``jax.numpy``. This is how classes built from
parameters (e.g. the mass-concentration profiles) compute their derived parameters on the
backend the caller is using, inside or outside ``jax.jit``.
"""

import numpy as np


def _is_jax(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_is_jax(v) for v in value)
    module = type(value).__module__
    if not module.startswith(("jax", "jaxlib")):
        return False
    import jax

    return isinstance(value, jax.Array)


def xp_from(*values):
    """``jax.numpy`` if any of ``values`` is a JAX array or tracer, else ``numpy``."""
    if any(_is_jax(v) for v in values):
        import jax.numpy as jnp

        return jnp
    return np
