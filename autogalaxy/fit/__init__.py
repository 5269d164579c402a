"""PyAutoFit integration (``ag.fit``): the prior configuration shipped with autogalaxy.

Every class in ``ag.mp.__all__`` has default priors in ``autogalaxy/fit/config/priors/``, one
YAML file per profile module (``mass/dark/nfw_mcr.yaml`` holds the ``ag.mp.NFWMCR*`` classes), in
PyAutoFit's prior-config format. Units follow the profiles: angles in arcsec, masses in Msun.
Redshifts are fixed values (``type: Constant``, the classes' defaults 0.5 and 1.0), never free
parameters; set them on the model (``model.redshift_object = 0.3``).

PyAutoFit (``pip install "autogalaxy[fit]"``) is optional. ``import autogalaxy`` already makes
the priors reach autofit in either import order (``autogalaxy/_autofit_hook.py``) without
importing it; importing this module registers them too, and :func:`register_priors` does the
same explicitly (it is idempotent; call it again after replacing ``autofit.conf.instance``).
A user's own ``config/priors`` in the working directory still overrides these defaults.
"""

import importlib.util
from pathlib import Path

CONFIG_DIRECTORY = Path(__file__).parent / "config"
PRIORS_DIRECTORY = CONFIG_DIRECTORY / "priors"

__all__ = ["CONFIG_DIRECTORY", "PRIORS_DIRECTORY", "autofit_available", "register_priors"]


def autofit_available() -> bool:
    """True when ``import autofit`` can succeed (checked without importing it)."""
    try:
        return importlib.util.find_spec("autofit") is not None
    except (ImportError, ValueError):  # ValueError: sys.modules["autofit"] is None
        return False


def register_priors(config=None) -> bool:
    """Add autogalaxy's prior configuration to PyAutoFit's configuration.

    ``config`` defaults to ``autofit.conf.instance``. The directory goes second in the search
    order, as ``conf.instance.register`` does for PyAutoFit's own packages: a workspace's
    ``config/`` (first) overrides it and it overrides PyAutoFit's defaults. Returns ``False``
    (and changes nothing) when autofit is not importable, ``True`` otherwise.
    """
    if not autofit_available():
        return False
    try:
        from autofit import conf
    except ImportError:
        return False
    from types import SimpleNamespace

    from autogalaxy import _autofit_hook

    _autofit_hook.register(SimpleNamespace(instance=conf.instance if config is None else config))
    return True


register_priors()
