"""autogalaxy: dark-matter lens mass profiles for NumPy and JAX.

When jax is installed, importing autogalaxy switches JAX to float64 (``jax_enable_x64``): every
accuracy statement in this package is for float64.
"""

try:
    import jax as _jax
except ImportError:  # jax is an optional extra
    pass
else:
    _jax.config.update("jax_enable_x64", True)

from autogalaxy import convert, cosmology

__version__ = "0.1.0"

__all__ = ["convert", "cosmology", "__version__"]
