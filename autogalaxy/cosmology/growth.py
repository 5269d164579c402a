"""Linear growth factor D+(z)/D+(0) of flat LambdaCDM, as colossus 1.4.0 computes it.

colossus (``Cosmology.growthFactorUnnormalized`` with ``relspecies=True``) combines two forms:

- z < 20: the Heath (1977) integral (Eisenstein & Hu 1999, eq. 8) with radiation folded into the
  constant term of E(z) (E_D^2 = Om0 (1+z)^3 + Ode0 + Or0 = Om0 (1+z)^3 + 1 - Om0 when flat), so it
  is exactly the matter + Lambda growth factor with Om0 the total matter density;
- z > 5: the matter + radiation form of Gnedin, Kravtsov & Rudd (2011, ApJS 194, 46, eq. 5);
- 5 < z < 20: linear interpolation between the two in ln a.

D+(0) comes from the integral form. Every kernel is a pure xp-aware function (``xp=np`` or
``xp=jax.numpy``) whose parameters may be JAX tracers, so gradients with respect to the scale
factor, Om0 and Or0 flow through. Units: dimensionless throughout.
"""

import numpy as np

from autogalaxy.util.quadrature import gauss_legendre_unit

# 7/8 (4/11)^(4/3): neutrino energy density per effective species relative to photons, as colossus.
NEUTRINO_PER_PHOTON = 0.22710731766
# colossus's transition interval between the integral and the radiation-era forms.
BLEND_Z_LOW = 5.0
BLEND_Z_HIGH = 20.0
LN_A_BLEND_HIGH = float(np.log(1.0 / (1.0 + BLEND_Z_LOW)))
LN_A_BLEND_LOW = float(np.log(1.0 / (1.0 + BLEND_Z_HIGH)))
# Gauss-Legendre nodes of the Heath integral: 1.5e-15 relative for Om0 in [0.1, 0.6] (tested
# against the closed form a 2F1(1/3, 1; 11/6; -a^3 (1 - Om0)/Om0) with scipy's hyp2f1).
HEATH_NODES = 32


def relativistic_density(Ogamma0, Neff):
    """Or0 = Ogamma0 (1 + 0.22710731766 Neff): photons plus Neff massless neutrinos, as colossus.

    colossus treats every species as massless (relspecies=True); this sets a_eq = Or0 / Om0 of the
    Gnedin et al. (2011) form. Dimensionless.
    """
    return Ogamma0 * (1.0 + NEUTRINO_PER_PHOTON * Neff)


def heath_growth_early(x, Om0, xp=np):
    """H(x) = D1(a) / a for a <= 1, as a function of x = a^3 in [0, 1]; dimensionless.

    Heath (1977, MNRAS 179, 351) / Eisenstein & Hu (1999, ApJ 511, 5) eq. 8 with
    E^2 = Om0 a^-3 + 1 - Om0, normalised so that D1 -> a as a -> 0. Substituting a' = a t^2:

        D1(a) = 5 Om0 a sqrt(Om0 + OL x) int_0^1 t^4 (Om0 + OL x t^6)^(-3/2) dt,  OL = 1 - Om0,

    which is a 2F1(1/3, 1; 11/6; -x OL / Om0). The integrand is analytic in t, and a 32-node
    Gauss-Legendre rule reaches 1.5e-15 relative for Om0 in [0.1, 0.6] and x in [0, 1].
    """
    x = xp.asarray(x, dtype=float)
    t, w = gauss_legendre_unit(HEATH_NODES)
    t = xp.asarray(t)
    OL = 1.0 - Om0
    integrand = t**4 * (Om0 + OL * x[..., None] * t**6) ** -1.5
    integral = xp.sum(xp.asarray(w) * integrand, axis=-1)
    return 5.0 * Om0 * xp.sqrt(Om0 + OL * x) * integral


def heath_growth_late(w, Om0, xp=np):
    """D1(a) for a >= 1 (the future, z in (-1, 0]) as a function of w = 1/a in [0, 1].

    The same integral as ``heath_growth_early``, split at a' = 1; the part beyond a' = 1 is, with
    w' = 1/a', int_w^1 w' (OL + Om0 w'^3)^(-3/2) dw' (analytic in w, so D1 is analytic in w down
    to w = 0, i.e. a -> infinity). Gauss-Legendre with 32 nodes: 1e-15 relative.
    Dimensionless; colossus keeps formation redshifts down to z = -0.995, so this is needed.
    """
    w = xp.asarray(w, dtype=float)
    t, wt = gauss_legendre_unit(HEATH_NODES)
    t = xp.asarray(t)
    wt = xp.asarray(wt)
    OL = 1.0 - Om0
    inner = xp.sum(wt * t**4 * (Om0 + OL * t**6) ** -1.5)  # int_0^1 of the early form at x = 1
    wp = w[..., None] + (1.0 - w[..., None]) * t
    outer = (1.0 - w) * xp.sum(wt * wp * (OL + Om0 * wp**3) ** -1.5, axis=-1)
    return 2.5 * Om0 * xp.sqrt(Om0 * w**3 + OL) * (2.0 * inner + outer)


def heath_growth(a, Om0, xp=np):
    """Unnormalised Heath growth factor D1(a) for any a > 0 (D1 -> a as a -> 0); dimensionless.

    ``heath_growth_early`` for a <= 1 and ``heath_growth_late`` for a > 1 (both evaluated with
    safe arguments, so gradients stay finite). Accuracy 1.5e-15 relative (see those kernels).
    """
    a = xp.asarray(a, dtype=float)
    early = xp.minimum(a, 1.0)
    late = 1.0 / xp.maximum(a, 1.0)
    return xp.where(
        a <= 1.0,
        early * heath_growth_early(early**3, Om0, xp=xp),
        heath_growth_late(late, Om0, xp=xp),
    )


def gnedin_growth(a, a_eq, xp=np):
    """Matter + radiation growing mode D2(a) of Gnedin, Kravtsov & Rudd (2011, eq. 5).

    With x = a / a_eq and s = sqrt(1 + x):

        D2 = a + 2/3 a_eq + a_eq / (2 ln 2 - 3) [2 s + (2/3 + x) ln((s - 1) / (s + 1))].

    Dimensionless, normalised like D1 (D2 -> a for a_eq << a << 1). Exact closed form (the
    bracket loses ~log10(x) digits to cancellation, i.e. ~1e-18 relative in D2 at z = 5).
    """
    a = xp.asarray(a, dtype=float)
    x = a / a_eq
    s = xp.sqrt(1.0 + x)
    bracket = 2.0 * s + (2.0 / 3.0 + x) * xp.log((s - 1.0) / (s + 1.0))
    return a + 2.0 / 3.0 * a_eq + a_eq / (2.0 * np.log(2.0) - 3.0) * bracket


def gnedin_growth_log_slope(a, a_eq, xp=np):
    """dD2 / d ln a of ``gnedin_growth`` (analytic): with x = a/a_eq, s = sqrt(1 + x),
    dD2/da = 1 + [1/s + ln((s - 1)/(s + 1)) + (2/3 + x)/(x s)] / (2 ln 2 - 3). Dimensionless."""
    a = xp.asarray(a, dtype=float)
    x = a / a_eq
    s = xp.sqrt(1.0 + x)
    bracket = 1.0 / s + xp.log((s - 1.0) / (s + 1.0)) + (2.0 / 3.0 + x) / (x * s)
    return a * (1.0 + bracket / (2.0 * np.log(2.0) - 3.0))


def blend_growth(ln_a, d_integral, d_radiation, xp=np):
    """colossus's combination of the two forms: integral for z <= 5, Gnedin et al. for z >= 20,
    linear in ln a in between (``growthFactorUnnormalized``). Inputs and output share units."""
    weight = (ln_a - LN_A_BLEND_LOW) / (LN_A_BLEND_HIGH - LN_A_BLEND_LOW)
    mixed = d_integral * weight + d_radiation * (1.0 - weight)
    return xp.where(
        ln_a >= LN_A_BLEND_HIGH,
        d_integral,
        xp.where(ln_a <= LN_A_BLEND_LOW, d_radiation, mixed),
    )


def blend_growth_log_slope(ln_a, d_integral, d_radiation, slope_integral, slope_radiation, xp=np):
    """d/d ln a of ``blend_growth``, given both forms and their ln a derivatives (one-sided at
    z = 5 and z = 20, where colossus's blend has kinks)."""
    span = LN_A_BLEND_HIGH - LN_A_BLEND_LOW
    weight = (ln_a - LN_A_BLEND_LOW) / span
    mixed = slope_integral * weight + slope_radiation * (1.0 - weight)
    mixed = mixed + (d_integral - d_radiation) / span
    return xp.where(
        ln_a >= LN_A_BLEND_HIGH,
        slope_integral,
        xp.where(ln_a <= LN_A_BLEND_LOW, slope_radiation, mixed),
    )


def growth_factor(redshift, Om0, *, Or0, xp=np):
    """Linear growth factor D+(z) / D+(0) exactly as colossus 1.4.0 computes it (relspecies=True).

    ``Om0`` is the total matter density (colossus's Om0), ``Or0`` the relativistic density from
    ``relativistic_density``, keyword-only (upstream's ``ludlow16.growth_factor`` takes Ode0 third:
    a positional call in its order is a TypeError here, never a different number). Valid for
    z > -1 (colossus keeps formation redshifts down to
    z = -0.995). Dimensionless.

    Direct evaluation (32-node Gauss-Legendre Heath integral + closed-form Gnedin et al. 2011 +
    ln a blend): 2e-15 relative to the exact formulas; colossus's exact mode (scipy quad,
    epsrel 1.5e-8) agrees to ~1e-10 (tested). The Ludlow16 solver uses a table of the same
    function (``autogalaxy.cosmology.tables``) for speed.
    """
    z = xp.asarray(redshift, dtype=float)
    a = 1.0 / (1.0 + z)
    ln_a = -xp.log1p(z)
    d_integral = heath_growth(a, Om0, xp=xp)
    d_radiation = gnedin_growth(a, Or0 / Om0, xp=xp)
    d0 = heath_growth(1.0, Om0, xp=xp)
    return blend_growth(ln_a, d_integral, d_radiation, xp=xp) / d0
