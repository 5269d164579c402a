"""Flat LambdaCDM with photons and massless + massive neutrinos, computed as astropy does.

Every method takes ``xp`` (``numpy`` or ``jax.numpy``) and broadcasts over its redshift arrays.
Distances are Gauss-Legendre integrals in s = sqrt(a) with a fixed node count, so the NumPy and
JAX paths run the same arithmetic; the integrand ds / sqrt(Om s^2 + Or(s) + Ode s^8) is smooth on
[0, 1] once radiation is included, and 64 nodes reach double precision for z in [0, 1000]
(test_flat_lambda_cdm.py checks 1e-8 against astropy's Planck15 and Planck18 for z in [0, 20]).

The public names follow upstream autogalaxy's ``autogalaxy.cosmology.model`` (``FlatLambdaCDM``
with upstream's argument order, the ``LensingCosmology`` mixin and its method and argument names),
so code written for upstream runs unchanged; the numbers are astropy's (see ``LensingCosmology``).

Units: H0 in km/s/Mpc, distances in kpc (``luminosity_distance``: Mpc, as upstream), densities in
Msun/kpc^3, surface densities in Msun/kpc^2; the ``..._from`` methods without a unit in their name
that upstream scales into angular units return Msun/arcsec^3 and Msun/arcsec^2.
"""

import numpy as np

from autogalaxy.cosmology import constants as const
from autogalaxy.cosmology.lensing import LensingCosmology, _redshift_argument
from autogalaxy.util.checks import check, finite, is_concrete, positive
from autogalaxy.util.quadrature import gauss_legendre_unit

DISTANCE_NODES = 64

# Tcmb0 outside this range (other than 0, "no radiation") is almost certainly a baryon density
# passed in the pre-upstream argument order FlatLambdaCDM(H0, Om0, Ob0, ...).
TCMB0_RANGE_K = (1.0, 10.0)

ARGUMENT_ORDER = "FlatLambdaCDM(H0, Om0, Tcmb0, Neff, m_nu, Ob0, sigma8, ns)"


def _masses_per_species(m_nu, Neff):
    """Neutrino masses [eV] as a tuple with one entry per species.

    A scalar is the mass of *each* of the floor(Neff) species, as in astropy (``m_nu=0.06`` with
    Neff = 3.046 means three 0.06 eV species, 0.18 eV in total); a sequence lists them.
    """
    if np.ndim(m_nu) == 0:
        return (float(m_nu),) * int(np.floor(Neff))
    return tuple(float(m) for m in np.ravel(np.asarray(m_nu, dtype=float)))


class FlatLambdaCDM(LensingCosmology):
    """Flat LambdaCDM cosmology (a thin parameter holder; also a JAX pytree when jax is installed).

    The first six parameters are upstream autogalaxy's, in upstream's order and with its
    defaults (Planck 2018 values, massless neutrinos); sigma8 and ns follow. Keywords are
    safest: before the upstream order this class took ``FlatLambdaCDM(H0, Om0, Ob0, ...)``, and
    such a call now puts Ob0 into Tcmb0, which is refused (Tcmb0 must be 0 or in [1, 10] K).

    Parameters
    ----------
    H0
        Hubble constant today [km/s/Mpc].
    Om0
        Density of non-relativistic matter today (cold dark matter + baryons, *excluding* massive
        neutrinos, as astropy's ``Om0``; ``Om0_total`` includes them).
    Tcmb0
        CMB temperature today [K]; 0 switches off photons and neutrinos (as astropy).
    Neff
        Effective number of neutrino species.
    m_nu
        Neutrino masses [eV]: one per species (``floor(Neff)`` of them), or a scalar, the mass of
        *each* species (astropy's convention). Upstream autogalaxy's own E(z) reads a scalar as
        floor(Neff) species' worth of matter but only one species' worth of removed radiation,
        an approximation of neither convention; here a scalar means exactly what it means to
        astropy. Stored as a tuple.
    Ob0
        Baryon density today.
    sigma8, ns
        Amplitude and spectral index of the linear power spectrum (used by the concentration
        relations; defaults: Planck 2018, as colossus's ``planck18``).

    The dark-energy density is ``1 - Om0 - Ogamma0 - Onu0`` (flat).
    """

    w0 = -1.0  # upstream's attribute: Lambda as w = -1 dark energy

    def __init__(
        self,
        H0=67.66,
        Om0=0.30966,
        Tcmb0=2.7255,
        Neff=3.046,
        m_nu=0.0,
        Ob0=0.04897,
        sigma8=0.8102,
        ns=0.9665,
    ):
        check("H0", H0, positive, "finite and > 0 [km/s/Mpc]")
        check("Om0", Om0, lambda v: (v > 0) & (v < 1), "in (0, 1)")
        lo, hi = TCMB0_RANGE_K
        check(
            "Tcmb0",
            Tcmb0,
            lambda v: (v == 0) | ((v >= lo) & (v <= hi)),
            f"0 or in [{lo:g}, {hi:g}] K. The argument order changed to upstream autogalaxy's "
            f"{ARGUMENT_ORDER}: a call in the old order FlatLambdaCDM(H0, Om0, Ob0, ...) puts "
            f"Ob0 into Tcmb0; pass Ob0= (and the rest) by keyword",
        )
        check("Ob0", Ob0, lambda v: (v >= 0) & (v < Om0), "in [0, Om0)")
        check("sigma8", sigma8, positive, "finite and > 0")
        check("ns", ns, finite, "finite")
        if not Neff >= 0:
            raise ValueError(f"Neff must be non-negative; got {Neff}")
        m_nu = _masses_per_species(m_nu, Neff)
        if any(not m >= 0 for m in m_nu):
            raise ValueError(f"m_nu must be non-negative [eV]; got {m_nu}")
        if len(m_nu) != int(np.floor(Neff)):
            raise ValueError(
                f"m_nu must list floor(Neff) = {int(np.floor(Neff))} masses; got {len(m_nu)}"
            )
        self.H0 = H0
        self.Om0 = Om0
        self.Ob0 = Ob0
        self.Tcmb0 = Tcmb0
        self.Neff = float(Neff)
        self.m_nu = m_nu
        self.sigma8 = sigma8
        self.ns = ns

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _register_pytree(cls)

    def __repr__(self):
        return (
            f"{type(self).__name__}(H0={self.H0}, Om0={self.Om0}, Tcmb0={self.Tcmb0}, "
            f"Neff={self.Neff}, m_nu={self.m_nu}, Ob0={self.Ob0}, "
            f"sigma8={self.sigma8}, ns={self.ns})"
        )

    # --- densities today -----------------------------------------------------------------
    @property
    def h(self):
        """Dimensionless Hubble parameter H0 / (100 km/s/Mpc)."""
        return self.H0 / 100.0

    @property
    def Ogamma0(self):
        """Photon density today, 4 sigma_SB T^4 / (c^3 rho_crit0)."""
        return const.RADIATION_MASS_DENSITY_SI * self.Tcmb0**4 / self.critical_density0_si

    @property
    def _neff_per_nu(self):
        return self.Neff / len(self.m_nu) if self.m_nu else 0.0

    @property
    def _nu_y(self):
        """m_nu / (k_B T_nu0) of each massive species (dimensionless); none when Tcmb0 = 0."""
        if is_concrete(self.Tcmb0) and self.Tcmb0 == 0:
            return ()  # astropy: no radiation at all, so no neutrino density either
        t_nu0 = const.NEUTRINO_TO_CMB_TEMPERATURE * self.Tcmb0
        return tuple(m / (const.BOLTZMANN_EV_K * t_nu0) for m in self.m_nu if m > 0)

    def nu_relative_density(self, redshift, xp=np):
        """Neutrino energy density relative to photons at ``redshift``.

        0.2271 Neff / N f(m_nu a / T_nu0) summed over species, with f the Komatsu et al. (2011,
        eq. 26) fit that astropy uses; massless species contribute f = 1.
        """
        redshift = xp.asarray(redshift)
        massive = len(self._nu_y)
        total = xp.zeros_like(redshift, dtype=float) + float(len(self.m_nu) - massive)
        for nu_y in self._nu_y:
            y = const.KOMATSU_K * nu_y / (1.0 + redshift)
            total = total + (1.0 + y**const.KOMATSU_P) ** const.KOMATSU_INVP
        return const.NEUTRINO_PER_PHOTON * self._neff_per_nu * total

    @property
    def Onu0(self):
        """Neutrino density today (massless + massive), as astropy's ``Onu0``."""
        return self.Ogamma0 * self.nu_relative_density(0.0)

    @property
    def Ode0(self):
        """Dark-energy density today, 1 - Om0 - Ogamma0 - Onu0."""
        return 1.0 - self.Om0 - self.Ogamma0 - self.Onu0

    @property
    def Onu0_massive(self):
        """Energy density today of the massive neutrino species alone."""
        massless = len(self.m_nu) - len(self._nu_y)
        per_massless = const.NEUTRINO_PER_PHOTON * self._neff_per_nu
        return self.Onu0 - self.Ogamma0 * per_massless * massless

    @property
    def Om0_total(self):
        """Total matter density today including massive neutrinos: Om0 + Onu0_massive.

        This is the matter density that structure-formation codes (colossus, Ludlow16) call
        ``Om0``: for Planck15 it is 0.30891, colossus's ``planck15`` quotes 0.3089.
        """
        return self.Om0 + self.Onu0_massive

    # --- expansion history ---------------------------------------------------------------
    def _a4_e2(self, a, xp):
        """a^4 E(a)^2: finite and smooth down to a = 0 because radiation is included."""
        redshift = 1.0 / a - 1.0
        radiation = self.Ogamma0 * (1.0 + self.nu_relative_density(redshift, xp=xp))
        return self.Om0 * a + radiation + self.Ode0 * a**4

    def E(self, z=None, xp=np, *, redshift=None):
        """Dimensionless Hubble rate E(z) = H(z) / H0 (astropy's ``efunc``).

        The redshift may also be passed as ``redshift=`` (this package's former argument name).
        """
        z = _redshift_argument(z, redshift, "E")
        check("z (redshift)", z, lambda v: v >= 0, "non-negative")
        z = xp.asarray(z, dtype=float)
        zp1 = 1.0 + z
        radiation = self.Ogamma0 * (1.0 + self.nu_relative_density(z, xp=xp))
        e = xp.sqrt(self.Om0 * zp1**3 + radiation * zp1**4 + self.Ode0)
        return xp.where(z >= 0, e, xp.nan)

    def Om(self, z, xp=np):
        """Non-relativistic matter density at ``z`` relative to the critical density,
        Om0 (1 + z)^3 / E(z)^2 (astropy's ``Om(z)``: massive neutrinos excluded, as in Om0)."""
        zp1 = 1.0 + xp.asarray(z, dtype=float)
        return self.Om0 * zp1**3 / self.E(z, xp=xp) ** 2

    def comoving_distance_between_redshifts_in_kpc_from(self, redshift_0, redshift_1, xp=np):
        """Line-of-sight comoving distance from redshift_0 to redshift_1 [kpc].

        (c/H0) int_{a1}^{a0} da / (a^2 E(a)), with a = s^2 and a 64-point Gauss-Legendre rule in s.
        Negative when redshift_1 < redshift_0.
        """
        check("redshift_0", redshift_0, lambda v: v >= 0, "non-negative")
        check("redshift_1", redshift_1, lambda v: v >= 0, "non-negative")
        z0 = xp.asarray(redshift_0, dtype=float)
        z1 = xp.asarray(redshift_1, dtype=float)
        valid = (z0 >= 0) & (z1 >= 0)
        s0 = 1.0 / xp.sqrt(1.0 + xp.where(valid, z0, 0.0))
        s1 = 1.0 / xp.sqrt(1.0 + xp.where(valid, z1, 0.0))
        nodes, weights = gauss_legendre_unit(DISTANCE_NODES)
        s = s1[..., None] + (s0 - s1)[..., None] * xp.asarray(nodes)
        integrand = 2.0 * s / xp.sqrt(self._a4_e2(s * s, xp))
        integral = (s0 - s1) * xp.sum(integrand * xp.asarray(weights), axis=-1)
        return xp.where(valid, self.hubble_distance_kpc * integral, xp.nan)

    def angular_diameter_distance_kpc_z1z2(self, z1, z2, n_steps=8193, xp=np):
        """Angular-diameter distance from ``z1`` to ``z2`` [kpc] (upstream's signature).

        ``n_steps`` (upstream's Simpson sample count) is accepted and ignored: the distance is
        the package's converged 64-node Gauss-Legendre integral whatever it is.
        """
        return self.angular_diameter_distance_between_redshifts_in_kpc_from(z1, z2, xp=xp)


_LEAVES = ("H0", "Om0", "Ob0", "Tcmb0", "sigma8", "ns")
_STATIC = ("Neff", "m_nu")


def _register_pytree(cls):
    """Register ``cls`` as a JAX pytree: continuous parameters are leaves, Neff and m_nu static."""
    try:
        import jax
    except ImportError:
        return

    def flatten(cosmo):
        return tuple(getattr(cosmo, k) for k in _LEAVES), tuple(getattr(cosmo, k) for k in _STATIC)

    def unflatten(static, leaves):
        cosmo = object.__new__(cls)
        cosmo.__dict__.update(zip(_LEAVES, leaves))
        cosmo.__dict__.update(zip(_STATIC, static))
        return cosmo

    jax.tree_util.register_pytree_node(cls, flatten, unflatten)


_register_pytree(FlatLambdaCDM)


class Planck15(FlatLambdaCDM):
    """Planck 2015 (Planck Collaboration 2016, A&A 594, A13, Table 4 last column), as astropy's
    ``Planck15`` plus sigma8 and ns from the same table (as colossus's ``planck15``)."""

    def __init__(self):
        super().__init__(
            H0=67.74,
            Om0=0.3075,
            Tcmb0=2.7255,
            Neff=3.046,
            m_nu=(0.0, 0.0, 0.06),
            Ob0=0.0486,
            sigma8=0.8159,
            ns=0.9667,
        )


class Planck18(FlatLambdaCDM):
    """Planck 2018 (Planck Collaboration 2020, A&A 641, A6, Table 2 TT,TE,EE+lowE+lensing+BAO), as
    astropy's ``Planck18`` plus sigma8 and ns from the same table (as colossus's ``planck18``)."""

    def __init__(self):
        super().__init__(
            H0=67.66,
            Om0=0.30966,
            Tcmb0=2.7255,
            Neff=3.046,
            m_nu=(0.0, 0.0, 0.06),
            Ob0=0.04897,
            sigma8=0.8102,
            ns=0.9665,
        )
