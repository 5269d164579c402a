"""Exceptions (``ag.exc``), as upstream autogalaxy names them.

``ModelParameterException`` is raised when a concrete parameter is outside its physical domain.
It is a ``ValueError`` (code that catches ValueError keeps working) and, once PyAutoFit is
imported, also a subclass of ``autofit.exc.FitException``: PyAutoFit's non-linear searches treat
that as a rejected sample and draw another instead of stopping the fit (upstream autogalaxy's
behaviour). autogalaxy never imports autofit for it: the base is added when autofit's ``exc``
module loads (``autogalaxy/_autofit_hook.py``), in either import order.
"""

__all__ = ["ModelParameterException", "ProfileException"]


class ModelParameterException(ValueError):
    """A concrete model parameter outside its physical domain (the message names it)."""


class ProfileException(Exception):
    """A profile computation that cannot be done as asked (upstream's name)."""


def add_fit_exception_base(fit_exception) -> None:
    """Make ModelParameterException a subclass of PyAutoFit's FitException (idempotent)."""
    if issubclass(ModelParameterException, fit_exception):
        return
    try:
        ModelParameterException.__bases__ = (ValueError, fit_exception)
    except TypeError:  # an incompatible FitException layout: stay a plain ValueError, never break
        pass  # autofit's import (the hook runs inside it)
