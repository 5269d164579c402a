"""Lens mass profiles (``ag.mp``): the NFW family and its mass-concentration variants."""

from autogalaxy.profiles.mass.abstract import MassProfile
from autogalaxy.profiles.mass.dark.cnfw import cNFW, cNFWSph
from autogalaxy.profiles.mass.dark.cnfw_mcr import (
    cNFWMCRLudlow,
    cNFWMCRLudlowSph,
    cNFWMCRScatterLudlow,
    cNFWMCRScatterLudlowSph,
)
from autogalaxy.profiles.mass.dark.gnfw import gNFW, gNFWSph
from autogalaxy.profiles.mass.dark.gnfw_mcr import gNFWMCRLudlow
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_conc import gNFWVirialMassConcSph
from autogalaxy.profiles.mass.dark.gnfw_virial_mass_gnfw_conc import gNFWVirialMassgNFWConcSph
from autogalaxy.profiles.mass.dark.kaplinghat import KaplinghatCoredNFWSph
from autogalaxy.profiles.mass.dark.kaplinghat_mcr import KaplinghatCoredNFWMCRLudlowSph
from autogalaxy.profiles.mass.dark.nfw import NFW, NFWSph
from autogalaxy.profiles.mass.dark.population import HaloPopulation
from autogalaxy.profiles.mass.dark.population_group import HaloPopulationGroup
from autogalaxy.profiles.mass.dark.population_mcr import HaloPopulationMCR
from autogalaxy.profiles.mass.dark.population_sampler import sample_subhalos
from autogalaxy.profiles.mass.dark.nfw_mcr import (
    NFWMCRDuffySph,
    NFWMCRLudlow,
    NFWMCRLudlowSph,
    NFWMCRScatterLudlow,
    NFWMCRScatterLudlowSph,
)
from autogalaxy.profiles.mass.dark.nfw_truncated import NFWTruncatedSph
from autogalaxy.profiles.mass.dark.nfw_truncated_mcr import (
    NFWTruncatedMCRDuffySph,
    NFWTruncatedMCRLudlowSph,
    NFWTruncatedMCRScatterLudlowSph,
)
from autogalaxy.profiles.mass.dark.nfw_virial_mass_conc import NFWVirialMassConcSph
from autogalaxy.profiles.mass.dark.yang24 import YangSIDMSph
from autogalaxy.profiles.mass.dark.yang24_mcr import YangSIDMMCRLudlowSph

# The halo populations (ag.mp.HaloPopulation, HaloPopulationMCR, HaloPopulationGroup,
# sample_subhalos) are importable here but not in __all__: __all__ lists the profile classes
# (each has PyAutoFit priors); a population holds per-halo arrays, not a model component.
__all__ = [
    "MassProfile",
    "NFW",
    "NFWSph",
    "NFWTruncatedSph",
    "gNFW",
    "gNFWSph",
    "cNFW",
    "cNFWSph",
    "NFWMCRDuffySph",
    "NFWMCRLudlow",
    "NFWMCRLudlowSph",
    "NFWMCRScatterLudlow",
    "NFWMCRScatterLudlowSph",
    "NFWTruncatedMCRDuffySph",
    "NFWTruncatedMCRLudlowSph",
    "NFWTruncatedMCRScatterLudlowSph",
    "gNFWMCRLudlow",
    "cNFWMCRLudlow",
    "cNFWMCRLudlowSph",
    "cNFWMCRScatterLudlow",
    "cNFWMCRScatterLudlowSph",
    "NFWVirialMassConcSph",
    "gNFWVirialMassConcSph",
    "gNFWVirialMassgNFWConcSph",
    "YangSIDMSph",
    "YangSIDMMCRLudlowSph",
    "KaplinghatCoredNFWSph",
    "KaplinghatCoredNFWMCRLudlowSph",
]
