"""Fixed-order Gauss-Legendre rules shared by every quadrature-based kernel.

Fixed node counts keep the NumPy and JAX paths identical and jit-friendly (no adaptive loops).
"""

from functools import cache

import numpy as np


@cache
def gauss_legendre_unit(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the n-point Gauss-Legendre rule on [0, 1].

    The arrays are read-only NumPy float64 arrays; they are shared across calls.
    """
    if n < 1:
        raise ValueError(f"n must be a positive integer, got {n}")
    nodes, weights = np.polynomial.legendre.leggauss(n)
    nodes = 0.5 * (nodes + 1.0)
    weights = 0.5 * weights
    nodes.flags.writeable = False
    weights.flags.writeable = False
    return nodes, weights
