"""Backend choice from values (kept for existing imports; see :mod:`autogalaxy.util.backend`)."""

from autogalaxy.util.backend import xp_from

__all__ = ["xp_from"]
