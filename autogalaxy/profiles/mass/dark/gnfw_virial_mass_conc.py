"""Spherical gNFW parameterised by log10 virial mass, the concentration c_2 and an overdensity.

c_2 = r_vir / r_-2, with r_-2 = (2 - gamma) r_s the radius where d ln rho / d ln r = -2
(rho ~ y^-gamma (1 + y)^(gamma - 3), y = r / r_s), so the gNFW concentration is
c = r_vir / r_s = (2 - gamma) c_2 and gamma < 2 is required. r_vir encloses a mean density
``overdens`` x rho_crit(z_l); ``overdens = 0`` selects Bryan & Norman's (1998) Delta_c(z_l).
kappa_s is normalised with the gNFW's exact enclosed mass
m(c) = c^(3-g) / (3-g) 2F1(3-g, 3-g; 4-g; -c) (``gnfw.gnfw_enclosed_mass_hat``: a power series,
<= 3e-15 relative to mpmath's 2F1 for g in [0, 1.99], c in [1e-3, 1e4], differentiable in g),
so M3D(< r_vir) = 10**log10m_vir. No hyp2f1 or quadrature at run time: NumPy and JAX run the same
arithmetic, under jit, grad and vmap (upstream's JAX path calls jax.scipy.special.hyp2f1,
which diverges for -c < -1; see docs/virial_mass.md).
"""

from autogalaxy.profiles.mass.dark import virial_util
from autogalaxy.profiles.mass.dark.gnfw import gnfw_enclosed_mass_hat, gNFWSph
from autogalaxy.profiles.mass.kernel_util import nan_unless
from autogalaxy.util.backend import is_jax, xp_from  # noqa: F401 (upstream has is_jax here)


def gnfw_halo_lens_parameters(cosmology, virial_mass, concentration, overdens, redshift_object,
                              redshift_source, inner_slope, xp):
    """(kappa_s, scale_radius [arcsec], virial_radius [kpc], overdens) for the gNFW c (unchecked;
    invalid traced input, inner_slope outside [0, 2) included, gives NaN)."""
    out = virial_util.virial_lens_parameters(
        virial_mass, concentration, overdens, redshift_object, redshift_source,
        lambda c, xp: gnfw_enclosed_mass_hat(c, inner_slope, xp=xp), cosmology=cosmology, xp=xp,
    )
    gamma = xp.asarray(inner_slope, dtype=float)
    return tuple(nan_unless((gamma >= 0) & (gamma < 2), v, xp) for v in out)


def kappa_s_and_scale_radius(cosmology, virial_mass, c_2, overdens, redshift_object,
                             redshift_source, inner_slope, xp=None):
    """(kappa_s, scale_radius [arcsec], virial_radius [kpc], overdens) of a gNFW halo of
    ``virial_mass`` M_vir [Msun] and c_2 = r_vir / r_-2 (upstream's name and argument order).

    ``cosmology`` None means Planck15; ``overdens`` 0 means Bryan & Norman (the resolved value is
    returned); ``xp`` default the backend of the inputs. Concrete bad input raises ValueError
    naming the argument. Float64: m(c) <= 3e-15; the rest the cosmology's accuracy.
    """
    virial_util.check_virial_halo("virial_mass", virial_mass, "c_2", c_2, "overdens", overdens,
                                  redshift_object, redshift_source, inner_slope=inner_slope)
    xp = xp or xp_from(virial_mass, c_2, overdens, redshift_object, redshift_source, inner_slope)
    return gnfw_halo_lens_parameters(cosmology, virial_mass, (2.0 - inner_slope) * c_2, overdens,
                                     redshift_object, redshift_source, inner_slope, xp)


class gNFWVirialMassConcSph(virial_util.VirialMass, gNFWSph):
    """Spherical gNFW of log10 virial mass, concentration c_2 = r_vir / r_-2 and inner slope.

    Parameters
    ----------
    centre
        (y, x) of the centre [arcsec].
    log10m_vir
        log10(M_vir / Msun); 10**log10m_vir finite and > 0.
    c_2
        r_vir / r_-2, finite and > 0 (c = (2 - inner_slope) c_2).
    overdens
        Delta relative to rho_crit(z_l), finite and >= 0; 0 selects Bryan & Norman (1998). The
        attribute holds the resolved value (as upstream; pytree behaviour: ``VirialMass``).
    redshift_object, redshift_source
        Lens and source redshifts, 0 <= z_l < z_s.
    inner_slope
        gamma in [0, 2).
    cosmology
        Keyword-only; default Planck15.

    Derived (read-only, lazy): ``kappa_s``, ``scale_radius`` [arcsec], ``virial_radius`` [kpc].

    Under jit, invalid parameters give NaN in every output; `ag.checked` reports which.
    """

    def __init__(self, centre=(0.0, 0.0), log10m_vir=12.0, c_2=10.0, overdens=0.0,
                 redshift_object=0.5, redshift_source=1.0, inner_slope=1.0, *, cosmology=None):
        self._init_virial(centre, cosmology, log10m_vir=log10m_vir, c_2=c_2, overdens=overdens,
                          redshift_object=redshift_object, redshift_source=redshift_source,
                          inner_slope=inner_slope)

    def _profile_concentration(self, xp):
        return (2.0 - self.inner_slope) * self.c_2

    def _halo_mass_factor(self, c, xp):
        return gnfw_enclosed_mass_hat(c, self.inner_slope, xp=xp)
