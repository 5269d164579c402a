"""A sum of halo populations of different profile kinds, with the populations' three methods.

:class:`~autogalaxy.profiles.mass.dark.population.HaloPopulation` holds one profile kind (NFW,
truncated NFW or cored NFW). A lens plane that mixes kinds -- e.g. a lenstronomy keyword list
with both ``NFW`` and ``TNFW`` entries, or MCR subhalos beside parametric halos -- is a
:class:`HaloPopulationGroup`: a pytree whose children are the member populations (any objects
with ``convergence_2d_from`` / ``deflections_yx_2d_from`` / ``potential_2d_from(grid, xp,
method)``), returning the sum of the members' outputs. Exactly the members' sum (float64
addition order only).
"""

import numpy as np

__all__ = ["HaloPopulationGroup"]


class HaloPopulationGroup:
    """The single-plane sum of ``populations`` (a sequence of populations, at least one)."""

    def __init__(self, populations):
        populations = tuple(populations)
        if not populations:
            raise ValueError("HaloPopulationGroup needs at least one population")
        self.populations = populations

    @property
    def n_halos(self):
        return sum(int(p.n_halos) for p in self.populations)

    def _sum(self, name, grid, xp, method):
        total = None
        for population in self.populations:
            value = getattr(population, name)(grid, xp=xp, method=method)
            total = value if total is None else total + value
        return total

    def convergence_2d_from(self, grid, xp=np, method=None, **kwargs):
        """Summed kappa at each (y, x) [arcsec], (P,)."""
        return self._sum("convergence_2d_from", grid, xp, method)

    def deflections_yx_2d_from(self, grid, xp=np, method=None, **kwargs):
        """Summed (alpha_y, alpha_x) [arcsec], (P, 2)."""
        return self._sum("deflections_yx_2d_from", grid, xp, method)

    def potential_2d_from(self, grid, xp=np, method=None, **kwargs):
        """Summed lensing potential [arcsec^2], (P,)."""
        return self._sum("potential_2d_from", grid, xp, method)

    def __repr__(self):
        return f"HaloPopulationGroup({list(self.populations)!r})"


try:
    import jax as _jax
except ImportError:  # pragma: no cover
    pass
else:
    _jax.tree_util.register_pytree_node(
        HaloPopulationGroup,
        lambda group: (group.populations, None),
        lambda _, children: HaloPopulationGroup(children),
    )
