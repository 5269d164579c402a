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

from autogalaxy import _autofit_hook, convert, cosmology, exc
from autogalaxy.profiles import mass as mp
from autogalaxy.util.checks import checked

# PyAutoFit priors for every profile, in every import order, without importing autofit
_autofit_hook.install()

__version__ = "0.1.0"

__all__ = ["checked", "convert", "cosmology", "exc", "mp", "__version__"]


def __getattr__(name):
    # ag.fit (PyAutoFit priors) imports autofit, which takes seconds: load it on first use only.
    if name == "fit":
        import importlib

        return importlib.import_module("autogalaxy.fit")
    raise AttributeError(f"module 'autogalaxy' has no attribute {name!r}")
