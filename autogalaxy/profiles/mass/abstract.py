"""The mass-profile interface: convergence, deflections and potential on (y, x) grids, and the
quantities upstream autogalaxy derives from them in its ``MassProfile`` base.

Every lensing method takes ``grid`` as an (N, 2) array of (y, x) in arcsec and ``xp`` (``numpy``
or ``jax.numpy``) and returns arrays of that backend: ``convergence_2d_from`` -> (N,),
``deflections_yx_2d_from`` -> (N, 2) ordered (y, x) in arcsec, ``potential_2d_from`` -> (N,)
in arcsec^2.

The base methods below (upstream's names and parameters) are computed from those three methods
only, exactly up to the accuracy of the profile's own kernels (see :mod:`mass_util`):

- ``mass_angular_within_circle_from(radius)``: the integral of kappa over the circle of ``radius``
  [arcsec] about the centre [arcsec^2], by the divergence theorem (pi R alpha(R) for spherical
  profiles); ``mass_integral(x)`` is its derivative in the radius;
- ``density_between_circular_annuli``, ``average_convergence_of_1_radius`` (property);
- ``deflections_2d_via_potential_2d_from``: a finite difference of ``potential_2d_from``;
- ``potential_func(u, y, x)``: Keeton's (2001) potential integrand (int_0^1 du = psi);
- ``vmapped_deflections_from`` / ``radial_deflection_from``: upstream's batched-subhalo path;
- geometry helpers (``angle_radians``, ``radial_grid_from``, ...), ``has``, ``extract_attribute``
  and the Oguri (2021) CSE basis functions (``convergence_cse_1d_from``,
  ``deflections_via_cse_from``), which this package's exact profiles never need.

Backend: methods whose upstream signature has no ``xp`` take an extra trailing ``xp=None``:
``None`` picks ``jax.numpy`` when the arguments or the profile's parameters are JAX arrays or
tracers (inside ``jax.jit`` / ``jax.grad``), else ``numpy``; pass ``xp`` to choose.
"""

import numpy as np

from autogalaxy.profiles.geometry_profiles import (
    GeometryProfile,
    SphericalGeometry,
    _parameter_names,
    grid_array_from,
)
from autogalaxy.profiles.mass import mass_util
from autogalaxy.util import roots
from autogalaxy.util.backend import xp_from

# average_convergence_of_1_radius: upstream's bracket [1e-4, 1e4] arcsec, bisected in ln R
# (40 halvings: 1.7e-11 wide), one Newton step and the implicit-function step of util.roots.
EINSTEIN_BRACKET = (1e-4, 1e4)
EINSTEIN_BISECTION_STEPS = 40
EINSTEIN_NEWTON_STEPS = 1
EINSTEIN_SLOPE_STEP = 1e-5


class ExtractedValues(np.ndarray):
    """What ``extract_attribute`` returns: a NumPy array of the values (shape (1,) for a number,
    (1, 2) for a (y, x) tuple) with upstream's ``in_list`` (a list of floats or tuples)."""

    def __new__(cls, values):
        return np.asarray(values, dtype=float).view(cls)

    @property
    def in_list(self):
        values = np.asarray(self)
        return [tuple(float(c) for c in v) if v.ndim else float(v) for v in values]


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

    # --- backend and small helpers ----------------------------------------------------------
    def _backend(self, xp, *values):
        """``xp`` if given, else jax.numpy when ``values`` or the parameters are JAX values."""
        if xp is not None:
            return xp
        leaves = [getattr(self, name, None) for name in _parameter_names(type(self))]
        return xp_from(*values, *leaves)

    def _is_spherical(self):
        return isinstance(self, SphericalGeometry)

    def _deflections(self, grid, xp):
        return self.deflections_yx_2d_from(grid, xp=xp)

    def _convergence(self, grid, xp):
        return self.convergence_2d_from(grid, xp=xp)

    # --- enclosed mass ----------------------------------------------------------------------
    def mass_angular_within_circle_from(self, radius, xp=None):
        """Angular mass [arcsec^2]: the integral of kappa over the circle of ``radius`` [arcsec]
        centred on the profile (multiply by Sigma_crit [Msun / arcsec^2] for a mass).

        Divergence theorem, M = (1/2) oint alpha . n dl: pi R alpha(R) for spherical profiles,
        the 256-point periodic trapezoid rule on the circle otherwise (``mass_util``; converged
        to rounding for q >= 0.1, so the result carries the deflections' accuracy: ~1e-15 for
        the closed forms, ~1e-10 measured for the Keeton-quadrature gNFW / cNFW). Any shape of
        ``radius``; the result has that shape.

        Upstream integrates 2 pi x kappa(x) along the major axis (``convergence_func``) with
        scipy quad: the same number for a spherical profile, but for an elliptical one the mass
        of the circular profile kappa(xi), not the mass inside the circle (here it is).
        """
        xp = self._backend(xp, radius)
        if self._is_spherical():
            return mass_util.spherical_mass_within_circle_from(
                self._deflections, self.centre, radius, xp=xp
            )
        return mass_util.mass_within_circle_from(self._deflections, self.centre, radius, xp=xp)

    def mass_integral(self, x, xp=np):
        """dM/dR at R = ``x`` [arcsec]: x int_0^2pi kappa(x, t) dt [arcsec], the integrand in R of
        ``mass_angular_within_circle_from`` (int_0^R mass_integral dx = M(R)).

        2 pi x kappa(x) for spherical profiles, as upstream; for elliptical ones the circle's
        azimuthal average of kappa replaces upstream's kappa(x) on the major axis (512-point
        trapezoid: rounding level for q >= 0.1, <= 1.4e-11 at q = 0.05).
        """
        if self._is_spherical():
            return mass_util.spherical_mass_integrand_from(self._convergence, self.centre, x, xp=xp)
        return mass_util.mass_integrand_from(self._convergence, self.centre, x, xp=xp)

    def density_between_circular_annuli(self, inner_annuli_radius, outer_annuli_radius, xp=None):
        """Mean convergence in the annulus between the two radii [arcsec]: (M(outer) - M(inner))
        / (pi (outer^2 - inner^2)), dimensionless ("density in units of Sigma_crit"), as
        upstream, with the masses of ``mass_angular_within_circle_from``."""
        xp = self._backend(xp, inner_annuli_radius, outer_annuli_radius)
        inner = xp.asarray(inner_annuli_radius, dtype=float)
        outer = xp.asarray(outer_annuli_radius, dtype=float)
        masses = self.mass_angular_within_circle_from(xp.stack([outer, inner]), xp=xp)
        return (masses[0] - masses[1]) / (np.pi * (outer * outer - inner * inner))

    @property
    def average_convergence_of_1_radius(self):
        """The radius [arcsec] of the circle about the centre inside which the mean convergence
        is 1, M(R) = pi R^2 (the Einstein radius of the circularly averaged lens).

        Solved in ln R on upstream's bracket [1e-4, 1e4] arcsec (``util.roots``: 40 bisections,
        one Newton step, implicit-function gradient, so ``jax.grad`` of it is exact); NaN where
        the mean convergence does not cross 1 there (upstream raises from scipy's root_scalar).
        The mass is the exact circle mass, so no ``ellipticity_rescale`` factor is applied
        (upstream multiplies its circular-profile root by it; for every NFW-family profile
        upstream's call ``self.ellipticity_rescale()`` of that property raises TypeError).
        """
        xp = self._backend(None)
        log_pi = np.log(np.pi)

        def residual(ln_r):
            mass = self.mass_angular_within_circle_from(xp.exp(ln_r), xp=xp)
            return 2.0 * ln_r + log_pi - xp.log(xp.maximum(mass, 1e-300))

        lo = xp.asarray(np.log(EINSTEIN_BRACKET[0]))
        hi = xp.asarray(np.log(EINSTEIN_BRACKET[1]))
        bracketed = (residual(lo) <= 0.0) & (residual(hi) >= 0.0)
        ln_r, _ = roots.solve(
            roots.with_central_difference(residual, EINSTEIN_SLOPE_STEP),
            lo,
            hi,
            xp,
            bisection_steps=EINSTEIN_BISECTION_STEPS,
            newton_steps=EINSTEIN_NEWTON_STEPS,
        )
        return xp.where(bracketed, xp.exp(ln_r), xp.nan)

    # --- potential and deflections ----------------------------------------------------------
    def deflections_2d_via_potential_2d_from(self, grid, xp=None):
        """(alpha_y, alpha_x) [arcsec], (N, 2): the gradient of ``potential_2d_from`` by finite
        differences, as upstream (a cross-check of ``deflections_yx_2d_from``, which is exact).

        Upstream applies np.gradient on its uniform 2D grid (second order, step = pixel scale);
        here an 8th-order central difference at each point of any (N, 2) grid with a step of 1e-2
        times the distance to the centre (``mass_util.deflections_via_potential_from``): relative
        error <= 1e-12 (measured, closed-form potentials) plus the potential's own error.
        """
        xp = self._backend(xp, grid)
        return mass_util.deflections_via_potential_from(
            lambda g, xp: self.potential_2d_from(g, xp=xp),
            grid_array_from(grid, xp),
            self.centre,
            xp=xp,
        )

    def potential_func(self, u, y, x, xp=None):
        """Keeton's (2001, eq. 30) potential integrand at ``u`` in (0, 1] for the point (y, x)
        [arcsec] of the profile's reference frame (``transformed_to_reference_frame_grid_from``):
        int_0^1 potential_func(u, y, x) du = psi(y, x) (psi(centre) = 0) [arcsec^2].

        The mean convergence of the circular profile kappa(xi) inside xi, which the integrand
        needs, is the mass inside the ellipse of elliptical radius xi (divergence theorem,
        256-point trapezoid) over pi q xi^2, or alpha(xi) / xi for spherical profiles. Upstream's
        base raises NotImplementedError for every NFW-family profile; this is the integrand its
        quadrature-based profiles use.
        """
        xp = self._backend(xp, u, y, x)
        q = self.axis_ratio(xp=xp)

        def mean_convergence_circular(xi):
            if self._is_spherical():
                mass = mass_util.spherical_mass_within_circle_from(
                    self._deflections, self.centre, xi, xp=xp
                )
            else:
                mass = mass_util.mass_within_ellipse_from(
                    self._deflections,
                    lambda g: self.transformed_from_reference_frame_grid_from(g, xp=xp),
                    lambda v: self.rotated_grid_from_reference_frame_from(v, xp=xp),
                    q,
                    xi,
                    xp=xp,
                ) / q
            return mass / (np.pi * xi * xi)

        u, y, x = (xp.asarray(v, dtype=float) for v in (u, y, x))
        return mass_util.keeton_potential_integrand_from(
            u, y, x, q, mean_convergence_circular, xp=xp
        )

    # --- batched spherical deflections (upstream's subhalo path) ----------------------------
    @classmethod
    def _structural_class(cls):
        """The class whose constructor parameters define ``params`` in ``radial_deflection_from``
        and ``vmapped_deflections_from``: ``cls`` itself, or for a mass-concentration class (one
        with ``derived_parameters``) its first base profile whose lensing parameters are free
        (e.g. NFWTruncatedSph for NFWTruncatedMCRLudlowSph), as upstream's inherited methods."""
        for klass in cls.__mro__:
            if issubclass(klass, MassProfile) and not hasattr(klass, "derived_parameters"):
                return klass
        raise TypeError(f"{cls.__name__} has no base profile with free lensing parameters")

    @classmethod
    def _profile_from_row(cls, centre, params):
        structural = cls._structural_class()
        if not issubclass(structural, SphericalGeometry):
            raise NotImplementedError(
                f"vmapped_deflections_from / radial_deflection_from: {cls.__name__} is elliptical;"
                " as upstream, only spherical profiles are batched by a radial deflection"
            )
        names = _parameter_names(structural)[1:]  # after ``centre``
        profile = object.__new__(structural)  # no validation: parameters may be traced
        object.__setattr__(profile, "centre", centre)
        for i, name in enumerate(names):
            object.__setattr__(profile, name, params[i])
        return profile

    @classmethod
    def radial_deflection_from(cls, r, params, xp):
        """|alpha| [arcsec] at radii ``r`` [arcsec] of the spherical profile whose parameters
        after ``centre`` are ``params``, in constructor order (NFWTruncatedSph: (kappa_s,
        scale_radius, truncation_radius); cNFWSph: (kappa_s, scale_radius, core_radius); the
        mass-concentration classes use their base profile's parameters, as upstream).

        Upstream defines this only for its truncated and cored spherical NFWs (the base raises
        NotImplementedError); here every spherical profile has it, from its exact deflections.
        Elliptical profiles raise NotImplementedError, as upstream.
        """
        profile = cls._profile_from_row((0.0, 0.0), params)
        r = xp.asarray(r, dtype=float)
        flat = xp.reshape(r, (-1,))
        alpha = profile.deflections_yx_2d_from(xp.stack([0.0 * flat, flat], axis=-1), xp=xp)
        return xp.reshape(alpha[:, 1], r.shape)

    @classmethod
    def vmapped_deflections_from(cls, grid, params_batch, mask, xp=None):
        """Summed (alpha_y, alpha_x) [arcsec], (N, 2), of a batch of spherical profiles of this
        class on ``grid`` (N, 2): row i of ``params_batch`` is (centre_y, centre_x, *params) with
        params as in ``radial_deflection_from``; rows where ``mask`` (shape (B,)) is False add 0.

        As upstream: ``xp=None`` means jax.numpy and the batch is mapped with ``jax.vmap``; with
        ``xp=numpy`` the rows are looped over. Each row's deflections are its profile's exact
        ``deflections_yx_2d_from``. Masked rows are evaluated with the first unmasked row's
        parameters (values unchanged), so padding rows never put NaN into gradients.
        """
        if xp is None:
            import jax.numpy as jnp

            xp = jnp
        grid = grid_array_from(grid, xp)
        params_batch = xp.asarray(params_batch, dtype=float)
        mask = xp.asarray(mask, dtype=bool)
        safe = xp.where(mask[:, None], params_batch, params_batch[xp.argmax(mask)])

        def single(row):
            return cls._row_deflections(grid, row, xp)

        if xp is np:
            every = np.stack([single(row) for row in safe])
        else:
            import jax

            every = jax.vmap(single)(safe)
        return xp.sum(xp.where(mask[:, None, None], every, 0.0), axis=0)

    @classmethod
    def _row_deflections(cls, grid, row, xp):
        """(alpha_y, alpha_x) on ``grid`` of one batch row (centre_y, centre_x, *params); a class
        whose rows are not constructor parameters overrides this (e.g. YangSIDMSph)."""
        profile = cls._profile_from_row((row[0], row[1]), row[2:])
        return profile.deflections_yx_2d_from(grid, xp=xp)

    # --- geometry (upstream's names and parameters) -----------------------------------------
    def transformed_to_reference_frame_grid_from(self, grid, xp=np, **kwargs):
        """(y', x') of each grid point in the profile frame (centred, x' along the major axis),
        (N, 2) [arcsec]."""
        return super().transformed_to_reference_frame_grid_from(grid, xp=xp)

    def transformed_from_reference_frame_grid_from(self, grid, xp=np, **kwargs):
        """(y, x) [arcsec] of points given in the profile frame: the inverse of
        ``transformed_to_reference_frame_grid_from`` (rotation back, then the centre added)."""
        g = self.rotated_grid_from_reference_frame_from(grid_array_from(grid, xp), xp=xp)
        centre = xp.stack([xp.asarray(c, dtype=float) for c in self.centre])
        return g + centre

    def rotated_grid_from_reference_frame_from(self, grid, xp=np, angle=None, **kwargs):
        """Rotate (y', x') vector components (e.g. deflections) from the profile frame back to the
        observer frame (no translation). ``angle`` [degrees] replaces the profile's angle."""
        if angle is None:
            return super().rotated_grid_from_reference_frame_from(grid, xp=xp)
        phi = xp.radians(xp.asarray(angle, dtype=float))
        cos, sin = xp.cos(phi), xp.sin(phi)
        vy, vx = grid[..., 0], grid[..., 1]
        return xp.stack([vx * sin + vy * cos, vx * cos - vy * sin], axis=-1)

    def elliptical_radii_grid_from(self, grid, xp=np, **kwargs):
        """Elliptical radius xi = sqrt(x'^2 + y'^2 / q^2) [arcsec] of each observer-frame point."""
        return super().elliptical_radii_grid_from(grid, xp=xp)

    def eccentric_radii_grid_from(self, grid, xp=np, **kwargs):
        """Eccentric radius sqrt(q) xi [arcsec] of each (observer-frame) point."""
        return xp.sqrt(self.axis_ratio(xp=xp)) * self.elliptical_radii_grid_from(grid, xp=xp)

    def radial_grid_from(self, grid, xp=np, **kwargs):
        """Distance [arcsec] of each (observer-frame) point from the profile centre, (N,)."""
        g = self.transformed_to_reference_frame_grid_from(grid, xp=xp)
        return xp.sqrt(g[..., 0] ** 2 + g[..., 1] ** 2)

    def angle_radians(self, xp=np):
        """Position angle of the major axis [radians], counter-clockwise from +x."""
        return xp.radians(self.angle(xp=xp))

    def angle_to_profile_grid_from(self, grid_angles, xp=np, **kwargs):
        """(cos, sin) of each angle [radians, counter-clockwise from +x] minus the profile's
        position angle: the angles measured from the major axis."""
        theta = xp.asarray(grid_angles, dtype=float) - self.angle_radians(xp=xp)
        return xp.cos(theta), xp.sin(theta)

    # --- introspection ----------------------------------------------------------------------
    def has(self, cls):
        """True if any attribute of this profile is an instance of ``cls``."""
        return any(isinstance(value, cls) for value in vars(self).values())

    def extract_attribute(self, cls, attr_name):
        """The attribute ``attr_name`` as an :class:`ExtractedValues` of one entry (a number or a
        (y, x) tuple) when this profile is a ``cls`` and has it; None otherwise (as upstream,
        which returns autoarray's ArrayIrregular / Grid2DIrregular)."""
        if not isinstance(self, cls) or not hasattr(self, attr_name):
            return None
        attribute = getattr(self, attr_name)
        number = isinstance(attribute, (int, float, np.number)) and not isinstance(attribute, bool)
        if number or isinstance(attribute, tuple):
            return ExtractedValues([attribute])
        return None

    # --- upstream's cored-steep-ellipsoid basis (not used by this package's exact profiles) --
    @staticmethod
    def convergence_cse_1d_from(grid_radii, core_radius, xp=np):
        """kappa_CSE = 1 / (2 (s^2 + R^2)^(3/2)) (Oguri 2021, eq. 14): the basis function of
        upstream's CSE decomposition (``mass_util.cse_convergence_1d_from``)."""
        return mass_util.cse_convergence_1d_from(grid_radii, core_radius, xp=xp)

    @staticmethod
    def deflections_via_cse_from(
        term1, term2, term3, term4, axis_ratio_squared, core_radius, xp=np
    ):
        """(2, N) deflections (alpha_y, alpha_x) of a unit CSE (Oguri 2021, eqs. 19-20) from
        upstream's precomputed terms (``mass_util.cse_deflections_from``)."""
        return mass_util.cse_deflections_from(
            term1, term2, term3, term4, axis_ratio_squared, core_radius, xp=xp
        )
