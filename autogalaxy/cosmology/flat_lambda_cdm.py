"""Flat LambdaCDM with photons and massless + massive neutrinos, computed as astropy does.

Every method takes ``xp`` (``numpy`` or ``jax.numpy``) and broadcasts over its redshift arrays.
Distances are Gauss-Legendre integrals in s = sqrt(a) with a fixed node count, so the NumPy and
JAX paths run the same arithmetic; the integrand ds / sqrt(Om s^2 + Or(s) + Ode s^8) is smooth on
[0, 1] once radiation is included, and 64 nodes reach double precision for z in [0, 1000]
(test_flat_lambda_cdm.py checks 1e-8 against astropy's Planck15 and Planck18 for z in [0, 20]).

Units: H0 in km/s/Mpc, distances in kpc, densities in Msun/kpc^3, surface densities in Msun/kpc^2.
"""

import numpy as np

from autogalaxy.cosmology import constants as const
from autogalaxy.util.checks import check, is_concrete
from autogalaxy.util.quadrature import gauss_legendre_unit

DISTANCE_NODES = 64


class FlatLambdaCDM:
    """Flat LambdaCDM cosmology (a thin parameter holder; also a JAX pytree when jax is installed).

    Parameters
    ----------
    H0
        Hubble constant today [km/s/Mpc].
    Om0
        Density of non-relativistic matter today (cold dark matter + baryons, *excluding* massive
        neutrinos, as astropy's ``Om0``).
    Ob0
        Baryon density today.
    Tcmb0
        CMB temperature today [K].
    Neff
        Effective number of neutrino species.
    m_nu
        Neutrino masses [eV], one per species (``floor(Neff)`` of them, as astropy).
    sigma8, ns
        Amplitude and spectral index of the linear power spectrum (used by the Ludlow16 relation).

    The dark-energy density is ``1 - Om0 - Ogamma0 - Onu0`` (flat).
    """

    def __init__(
        self,
        H0,
        Om0,
        Ob0,
        Tcmb0=2.7255,
        Neff=3.046,
        m_nu=(0.0, 0.0, 0.06),
        sigma8=0.8159,
        ns=0.9667,
    ):
        check("H0", H0, lambda v: v > 0, "positive [km/s/Mpc]")
        check("Om0", Om0, lambda v: (v > 0) & (v < 1), "in (0, 1)")
        check("Ob0", Ob0, lambda v: (v >= 0) & (v < Om0), "in [0, Om0)")
        check("Tcmb0", Tcmb0, lambda v: v >= 0, "non-negative [K]")
        check("sigma8", sigma8, lambda v: v > 0, "positive")
        m_nu = tuple(float(m) for m in m_nu)
        if any(m < 0 for m in m_nu):
            raise ValueError(f"m_nu must be non-negative [eV]; got {m_nu}")
        if Neff < 0 or len(m_nu) != int(np.floor(Neff)):
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
            f"{type(self).__name__}(H0={self.H0}, Om0={self.Om0}, Ob0={self.Ob0}, "
            f"Tcmb0={self.Tcmb0}, Neff={self.Neff}, m_nu={self.m_nu}, "
            f"sigma8={self.sigma8}, ns={self.ns})"
        )

    # --- densities today -----------------------------------------------------------------
    @property
    def h(self):
        """Dimensionless Hubble parameter H0 / (100 km/s/Mpc)."""
        return self.H0 / 100.0

    @property
    def hubble_time_inverse_s(self):
        """H0 in 1/s."""
        return self.H0 * 1e3 / const.MPC_M

    @property
    def critical_density0_si(self):
        """Critical density today, 3 H0^2 / (8 pi G), in kg/m^3."""
        return 3.0 * self.hubble_time_inverse_s**2 / (8.0 * np.pi * const.G_SI)

    @property
    def Ogamma0(self):
        """Photon density today, 4 sigma_SB T^4 / (c^3 rho_crit0)."""
        return const.RADIATION_MASS_DENSITY_SI * self.Tcmb0**4 / self.critical_density0_si

    @property
    def _neff_per_nu(self):
        return self.Neff / len(self.m_nu) if self.m_nu else 0.0

    @property
    def _nu_y(self):
        """m_nu / (k_B T_nu0) of each massive species (dimensionless)."""
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

    def E(self, redshift, xp=np):
        """Dimensionless Hubble rate E(z) = H(z) / H0."""
        check("redshift", redshift, lambda v: v >= 0, "non-negative")
        z = xp.asarray(redshift, dtype=float)
        zp1 = 1.0 + z
        radiation = self.Ogamma0 * (1.0 + self.nu_relative_density(z, xp=xp))
        e = xp.sqrt(self.Om0 * zp1**3 + radiation * zp1**4 + self.Ode0)
        return xp.where(z >= 0, e, xp.nan)

    def critical_density(self, redshift, xp=np):
        """Critical density 3 H(z)^2 / (8 pi G) [Msun/kpc^3]."""
        to_msun_kpc3 = const.KPC_M**3 / const.SOLAR_MASS_KG
        return self.critical_density0_si * to_msun_kpc3 * self.E(redshift, xp=xp) ** 2

    @property
    def hubble_distance_kpc(self):
        """c / H0 [kpc]."""
        return const.SPEED_OF_LIGHT_KM_S / self.H0 * const.MPC_KPC

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

    def comoving_distance_in_kpc_from(self, redshift, xp=np):
        """Line-of-sight comoving distance to ``redshift`` [kpc]."""
        return self.comoving_distance_between_redshifts_in_kpc_from(0.0, redshift, xp=xp)

    def angular_diameter_distance_to_earth_in_kpc_from(self, redshift, xp=np):
        """Angular-diameter distance D_A(z) = D_C(z) / (1 + z) [kpc]."""
        z = xp.asarray(redshift, dtype=float)
        return self.comoving_distance_in_kpc_from(redshift, xp=xp) / (1.0 + z)

    def angular_diameter_distance_between_redshifts_in_kpc_from(
        self, redshift_0, redshift_1, xp=np
    ):
        """Angular-diameter distance from redshift_0 to redshift_1: D_C(z0, z1) / (1 + z1) [kpc]."""
        z1 = xp.asarray(redshift_1, dtype=float)
        return self.comoving_distance_between_redshifts_in_kpc_from(
            redshift_0, redshift_1, xp=xp
        ) / (1.0 + z1)

    def critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        self, redshift_0, redshift_1, xp=np
    ):
        """Lensing critical surface density c^2 D_s / (4 pi G D_l D_ls) [Msun/kpc^2].

        ``redshift_0`` is the lens, ``redshift_1`` the source; requires redshift_1 > redshift_0
        (NaN otherwise on the JAX path).
        """
        check("redshift_0", redshift_0, lambda v: v >= 0, "non-negative")
        if is_concrete(redshift_0) and is_concrete(redshift_1):
            check(
                "redshift_1 - redshift_0",
                np.subtract(redshift_1, redshift_0),
                lambda v: v > 0,
                "positive (the source must lie behind the lens)",
            )
        z0 = xp.asarray(redshift_0, dtype=float)
        z1 = xp.asarray(redshift_1, dtype=float)
        d_l = self.angular_diameter_distance_to_earth_in_kpc_from(z0, xp=xp)
        d_s = self.angular_diameter_distance_to_earth_in_kpc_from(z1, xp=xp)
        d_ls = self.angular_diameter_distance_between_redshifts_in_kpc_from(z0, z1, xp=xp)
        sigma = const.C2_OVER_4PI_G_MSUN_KPC * d_s / (d_l * d_ls)
        return xp.where(z1 > z0, sigma, xp.nan)

    def kpc_per_arcsec_from(self, redshift, xp=np):
        """Proper transverse size of one arcsec at ``redshift`` [kpc/arcsec]."""
        return (
            self.angular_diameter_distance_to_earth_in_kpc_from(redshift, xp=xp) * const.ARCSEC_RAD
        )

    def arcsec_per_kpc_from(self, redshift, xp=np):
        """Angle subtended by one proper kpc at ``redshift`` [arcsec/kpc]."""
        return 1.0 / self.kpc_per_arcsec_from(redshift, xp=xp)


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
            Ob0=0.0486,
            Tcmb0=2.7255,
            Neff=3.046,
            m_nu=(0.0, 0.0, 0.06),
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
            Ob0=0.04897,
            Tcmb0=2.7255,
            Neff=3.046,
            m_nu=(0.0, 0.0, 0.06),
            sigma8=0.8102,
            ns=0.9665,
        )
