"""The mass-profile interface: convergence, deflections and potential on (y, x) grids.

Every method takes ``grid`` as an (N, 2) array of (y, x) in arcsec and ``xp`` (``numpy`` or
``jax.numpy``) and returns arrays of that backend: ``convergence_2d_from`` -> (N,),
``deflections_yx_2d_from`` -> (N, 2) ordered (y, x) in arcsec, ``potential_2d_from`` -> (N,)
in arcsec^2.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import GeometryProfile


class MassProfile(GeometryProfile):
    """Base class of lens mass profiles (a parameter holder; physics lives in kernel functions)."""

    def convergence_2d_from(self, grid, xp=np):
        """Dimensionless surface density kappa = Sigma / Sigma_crit at each grid point, (N,)."""
        raise NotImplementedError

    def deflections_yx_2d_from(self, grid, xp=np):
        """Deflection angles (alpha_y, alpha_x) [arcsec] at each grid point, (N, 2)."""
        raise NotImplementedError

    def potential_2d_from(self, grid, xp=np):
        """Lensing potential psi [arcsec^2] at each grid point, (N,)."""
        raise NotImplementedError
