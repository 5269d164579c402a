"""Physical constants and unit conversions used by the cosmology and the lens profiles.

Values are those astropy uses: CODATA 2018 for G, k_B, sigma_SB and e, IAU 2015 resolution B3 for
the nominal solar mass parameter GM_sun (M_sun = GM_sun / G), IAU 2012/2015 for au and pc.
"""

import math

SPEED_OF_LIGHT_M_S = 299792458.0
SPEED_OF_LIGHT_KM_S = SPEED_OF_LIGHT_M_S / 1e3
G_SI = 6.67430e-11  # m^3 kg^-1 s^-2
GM_SUN_SI = 1.3271244e20  # m^3 s^-2
SOLAR_MASS_KG = GM_SUN_SI / G_SI
BOLTZMANN_J_K = 1.380649e-23
ELECTRON_VOLT_J = 1.602176634e-19
BOLTZMANN_EV_K = BOLTZMANN_J_K / ELECTRON_VOLT_J
STEFAN_BOLTZMANN_SI = 5.670374419e-8  # W m^-2 K^-4

AU_M = 149597870700.0
PARSEC_M = 648000.0 / math.pi * AU_M
KPC_M = 1e3 * PARSEC_M
MPC_M = 1e6 * PARSEC_M
MPC_KPC = 1e3

ARCSEC_RAD = math.pi / 648000.0

# Radiation density of the CMB: rho_gamma c^2 = 4 sigma_SB T^4 / c, i.e. a mass density
# 4 sigma_SB / c^3 T^4 [kg m^-3 K^-4].
RADIATION_MASS_DENSITY_SI = 4.0 * STEFAN_BOLTZMANN_SI / SPEED_OF_LIGHT_M_S**3

# 7/8 (4/11)^(4/3): energy density of one massless neutrino species relative to photons.
NEUTRINO_PER_PHOTON = 0.22710731766
# T_nu0 / T_cmb0 = (4/11)^(1/3).
NEUTRINO_TO_CMB_TEMPERATURE = 0.7137658555036082
# Komatsu et al. (2011, ApJS 192, 18) eq. 26 fit of the massive-neutrino energy density,
# with the constants astropy uses.
KOMATSU_P = 1.83
KOMATSU_INVP = 0.54644808743
KOMATSU_K = 0.3173

# c^2 / (4 pi G) in Msun / kpc: the prefactor of the lensing critical surface density.
C2_OVER_4PI_G_MSUN_KPC = SPEED_OF_LIGHT_M_S**2 / (4.0 * math.pi * G_SI) * KPC_M / SOLAR_MASS_KG
# G in kpc (km/s)^2 / Msun.
G_KPC_KM2_S2_MSUN = GM_SUN_SI / KPC_M / 1e6
