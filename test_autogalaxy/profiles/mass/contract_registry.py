"""Every public profile class (and the halo populations), registered once for the contract tests.

An entry gives a typical valid instance (non-default parameters, centre off the origin), which
laws apply and the edge cases whose gradients must be finite. A class in ``ag.mp.__all__`` that
is missing here fails ``test_every_public_class_is_registered``.

Classes come in two kinds. A *base* class holds its lens parameters (NFWSph, cNFW, ...). A
*derived* class (MCR and virial-mass classes) subclasses a base class, inherits its three lensing
methods unchanged and only computes the base parameters from its own leaves (``base`` below finds
the base class; ``base_of`` builds the base instance at the derived parameters). The contract
checks derived classes through that structure, so every kernel is compiled once, by its base.
"""

import dataclasses

import numpy as np

import autogalaxy as ag
from autogalaxy.profiles.geometry_profiles import _parameter_names

CENTRE = (0.05, -0.03)
ELL = (0.12, -0.07)
Z = dict(redshift_object=0.5, redshift_source=1.0)
LENSING = ("convergence_2d_from", "deflections_yx_2d_from", "potential_2d_from")
PUBLIC = tuple(n for n in ag.mp.__all__ if n != "MassProfile")


@dataclasses.dataclass(frozen=True)
class Entry:
    cls: type
    kwargs: dict
    spherical_of: str = None  # name of the elliptical class it equals at ell_comps = (0, 0)
    mcr: bool = False  # parameterised by mass_at_200 (M3D(< r200) = mass_at_200, r200(M) grows)
    edges: tuple = ()  # (label, kwargs override): parameter edges whose gradients must be finite

    def make(self, **override):
        return self.cls(**{**self.kwargs, **override})

    @property
    def base(self):
        """The base class whose lensing methods this (derived) class inherits; None for a base."""
        if not hasattr(self.cls, "derived_parameters"):
            return None
        return next(c for c in self.cls.__mro__[1:]
                    if c.__name__ in PUBLIC and not hasattr(c, "derived_parameters"))


def base_kwargs(profile, base):
    """The base class's constructor arguments read off a derived profile (traced or not)."""
    return {n: getattr(profile, n) for n in _parameter_names(base)}


def _e(cls, **kwargs):
    return dict(cls=getattr(ag.mp, cls), kwargs=kwargs)


_Q1 = ("q = 1", dict(ell_comps=(0.0, 0.0)))
# f = r_c / r_s: both ends of (0, 1), f = 1 itself (the polynomial branch's centre) and f > 1
_CORE_EDGES = (("f_c -> 0", dict(core_radius=1.3e-6)),
               ("f_c -> 1", dict(core_radius=1.3 * (1 - 1e-6))),
               ("f = 1", dict(core_radius=1.3)), ("f = 1.001", dict(core_radius=1.3 * 1.001)))
_SLOPE_EDGES = (("gamma = 0", dict(inner_slope=0.0)), ("gamma = 1", dict(inner_slope=1.0)),
                ("gamma = 1.99", dict(inner_slope=1.99)))
REGISTRY = {
    "NFWSph": Entry(**_e("NFWSph", centre=CENTRE, kappa_s=0.2, scale_radius=1.3),
                    spherical_of="NFW"),
    "NFW": Entry(**_e("NFW", centre=CENTRE, ell_comps=ELL, kappa_s=0.2, scale_radius=1.3),
                 edges=(_Q1,)),
    "NFWTruncatedSph": Entry(**_e("NFWTruncatedSph", centre=CENTRE, kappa_s=0.2,
                                  scale_radius=1.3, truncation_radius=3.1),
                             edges=(("r_t = r_s", dict(truncation_radius=1.3)),)),
    "gNFWSph": Entry(**_e("gNFWSph", centre=CENTRE, kappa_s=0.2, inner_slope=1.4,
                          scale_radius=1.3), spherical_of="gNFW",
                     edges=_SLOPE_EDGES),
    "gNFW": Entry(**_e("gNFW", centre=CENTRE, ell_comps=ELL, kappa_s=0.2, inner_slope=1.4,
                       scale_radius=1.3), edges=(_Q1,) + _SLOPE_EDGES),
    "cNFWSph": Entry(**_e("cNFWSph", centre=CENTRE, kappa_s=0.2, scale_radius=1.3,
                          core_radius=0.26), spherical_of="cNFW",
                     edges=_CORE_EDGES),
    "cNFW": Entry(**_e("cNFW", centre=CENTRE, ell_comps=ELL, kappa_s=0.2, scale_radius=1.3,
                       core_radius=0.26),
                  edges=(_Q1,) + _CORE_EDGES),
    "KaplinghatCoredNFWSph": Entry(**_e("KaplinghatCoredNFWSph", centre=CENTRE, kappa_s=0.2,
                                        scale_radius=1.3, interaction_radius=1.1)),
    "YangSIDMSph": Entry(**_e("YangSIDMSph", centre=CENTRE, kappa_s=0.2, scale_radius=1.3,
                              tau=0.3), edges=(("tau = 0", dict(tau=0.0)),)),
    "NFWVirialMassConcSph": Entry(**_e("NFWVirialMassConcSph", centre=CENTRE,
                                       virial_mass=3e12, concentration=8.0, **Z)),
    "gNFWVirialMassConcSph": Entry(**_e("gNFWVirialMassConcSph", centre=CENTRE,
                                        log10m_vir=12.3, c_2=8.0, inner_slope=1.3, **Z)),
    "gNFWVirialMassgNFWConcSph": Entry(**_e("gNFWVirialMassgNFWConcSph", centre=CENTRE,
                                            log10m_vir=12.3, c_gNFW=8.0, inner_slope=1.3, **Z)),
}

# the ends of the Ludlow16 domain the relation is solved on (its sigma table spans them)
_LUDLOW_EDGES = (("M200 = 1e6 Msun", dict(mass_at_200=1e6)),
                 ("M200 = 1e15 Msun", dict(mass_at_200=1e15)))
_MCR = dict(centre=CENTRE, mass_at_200=2e12, **Z)
for _name, _extra, _sph in (
    ("NFWMCRLudlowSph", {}, "NFWMCRLudlow"),
    ("NFWMCRLudlow", dict(ell_comps=ELL), None),
    ("NFWMCRScatterLudlowSph", dict(scatter_sigma=0.7), "NFWMCRScatterLudlow"),
    ("NFWMCRScatterLudlow", dict(ell_comps=ELL, scatter_sigma=0.7), None),
    ("NFWMCRDuffySph", {}, None),
    ("NFWTruncatedMCRLudlowSph", {}, None),
    ("NFWTruncatedMCRScatterLudlowSph", dict(scatter_sigma=-0.4), None),
    ("NFWTruncatedMCRDuffySph", {}, None),
    ("cNFWMCRLudlowSph", dict(f_c=0.05), "cNFWMCRLudlow"),
    ("cNFWMCRLudlow", dict(ell_comps=ELL, f_c=0.05), None),
    ("cNFWMCRScatterLudlowSph", dict(f_c=0.05, scatter_sigma=0.3), "cNFWMCRScatterLudlow"),
    ("cNFWMCRScatterLudlow", dict(ell_comps=ELL, f_c=0.05, scatter_sigma=0.3), None),
    ("gNFWMCRLudlow", dict(ell_comps=ELL, inner_slope=1.3), None),
    ("YangSIDMMCRLudlowSph", dict(sigma_over_m=2.0), None),
    ("KaplinghatCoredNFWMCRLudlowSph", dict(sigma_over_m=2.0), None),
):
    _edges = _LUDLOW_EDGES if "Duffy" not in _name else ()
    if _name.startswith("cNFWMCR"):
        _edges += (("f_c -> 0", dict(f_c=1e-6)), ("f_c -> 1", dict(f_c=1 - 1e-6)))
    if "ell_comps" in _extra:
        _edges += (_Q1,)
    REGISTRY[_name] = Entry(**_e(_name, **_MCR, **_extra), spherical_of=_sph, mcr=True,
                            edges=_edges)


# --- halo populations: sums of NFWSph / NFWTruncatedSph / cNFWSph halos ------------------------
_POP_CENTRES = np.array([[0.05, -0.03], [0.9, 0.4], [-0.7, 1.1]])


def make_population(label, **override):
    """Three halos for ``label``: "HaloPopulation[kind]" or "HaloPopulationMCR[kind]"."""
    cls, kind = label[:-1].split("[")
    if cls == "HaloPopulation":
        kwargs = dict(centres=_POP_CENTRES, kappa_s=np.array([0.2, 0.05, 0.1]),
                      scale_radius=np.array([1.3, 0.4, 0.7]))
        if kind == "nfw_truncated":
            kwargs["truncation_radius"] = np.array([3.1, 1.0, 1.5])
        if kind == "cnfw":
            kwargs["core_radius"] = np.array([0.26, 0.04, 0.2])
        return ag.mp.HaloPopulation(**{**kwargs, **override}, profile=kind)
    kwargs = dict(centres=_POP_CENTRES, mass_at_200=np.array([2e12, 1e10, 3e11]), **Z,
                  log10_concentration_offset=np.array([0.0, 0.1, -0.05]))
    if kind == "cnfw":
        kwargs["f_c"] = 0.05
    return ag.mp.HaloPopulationMCR(**{**kwargs, **override}, profile=kind)


POPULATIONS = tuple(f"{c}[{k}]" for c in ("HaloPopulation", "HaloPopulationMCR")
                    for k in ("nfw", "nfw_truncated", "cnfw"))


# --- test points --------------------------------------------------------------------------------
N_POINTS = 16  # every JAX call uses 16 points: one compiled shape per class


def scale_of(profile):
    """The length [arcsec] the test points are placed in: the profile's (first) scale radius."""
    return float(np.ravel(np.asarray(profile.scale_radius))[0])


def _centre_of(profile):
    if hasattr(profile, "centres"):
        return tuple(float(c) for c in np.asarray(profile.centres)[0])
    return tuple(float(c) for c in profile.centre)


def points(profile, radii_over_scale=(0.03, 0.31, 0.9, 1.0, 1.7, 4.2), extra=()):
    """(N, 2) (y, x) test points around the profile's centre at the given radii [scale]."""
    s = scale_of(profile)
    radii = np.array(tuple(radii_over_scale) + tuple(extra)) * s
    angles = np.linspace(0.3, 0.3 + 2 * np.pi, radii.size, endpoint=False)
    cy, cx = _centre_of(profile)
    return np.stack([cy + radii * np.sin(angles), cx + radii * np.cos(angles)], axis=1)


def edge_points(profile, radii=()):
    """The 16 points of the JAX laws: r = 0, R = r_s (x = 1), the two foci of the elliptical
    profile (at +-sqrt(1 - q^2) r_s on its major axis; the centre again for q = 1), the special
    radii (r_c, r_t, r_1 in units of r_s) and regular radii 0.01 .. 20 r_s."""
    s = scale_of(profile)
    cy, cx = _centre_of(profile)
    q = float(profile.axis_ratio()) if hasattr(profile, "axis_ratio") else 1.0
    phi = np.radians(float(profile.angle())) if hasattr(profile, "angle") else 0.0
    e = np.sqrt(max(1.0 - q * q, 0.0)) * s
    foci = [(cy + sign * e * np.sin(phi), cx + sign * e * np.cos(phi)) for sign in (1.0, -1.0)]
    special = (1.0,) + tuple(radii)
    regular = np.geomspace(0.01, 20.0, N_POINTS - 3 - len(special))
    ring = points(profile, special + tuple(regular))
    out = np.concatenate([[[cy, cx]], foci, ring])
    assert out.shape == (N_POINTS, 2)
    return out


def special_radii(profile):
    """r_c, r_t, r_1 of the profile (first halo of a population) [r_s], where it has one."""
    out = []
    for name in ("core_radius", "truncation_radius", "interaction_radius"):
        value = getattr(profile, name, None)
        if value is not None:
            out.append(float(np.ravel(np.asarray(value))[0]) / scale_of(profile))
    return tuple(out)
