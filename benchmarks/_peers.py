"""Peers and floors for bench_profiles.py: lenstronomy / JAXtronomy adapters, bare jnp kernels.

Every peer import is optional: ``lenstronomy()`` / ``jaxtronomy()`` return the module's LensModel
class or None, so the benchmark still runs (with empty peer columns) where they are missing.

Parameter mapping to lenstronomy's angular parameterisation (x = R / r_s, rho0 Rs = kappa_s):

* NFW, TNFW: alpha_Rs = 4 kappa_s r_s (1 + ln(1/2)) (alpha at R = r_s of the untruncated NFW);
* NFW_ELLIPSE_CSE: lenstronomy puts the ellipticity in kappa(sqrt(q x'^2 + y'^2 / q)) (product-
  averaged radius), ours in kappa(sqrt(x'^2 + y'^2 / q^2)) (Keeton), so Rs = r_s sqrt(q) (and its
  alpha_Rs); e1 = ell_comps[1], e2 = ell_comps[0] (the same q and position angle);
* GNFW: the same rho_s / [(r/r_s)^g (1 + r/r_s)^(3-g)] and kappa_s; lenstronomy's own
  kappa_s_to_alpha_Rs;
* CNFW: the same rho ~ 1 / [(r + r_c)(r + r_s)^2] (Penarrubia et al. 2012); lenstronomy's own
  rho0 -> alpha_Rs with rho0 = kappa_s / r_s.

The floors are the simplest jnp.where-safe closed forms (or, for the gNFW, a plain 16-node
Gauss-Legendre of Keeton's 2001 integrals), written only to be finite and cheap: they set the
cost of a bare kernel, not an accuracy reference. Each takes (params, y, x) and returns
(alpha_y, alpha_x).
"""

import math

import jax.numpy as jnp
import numpy as np

LN_HALF = math.log(0.5)


def lenstronomy():
    try:
        from lenstronomy.LensModel.lens_model import LensModel
    except ImportError:
        return None
    return LensModel


def jaxtronomy():
    try:
        from jaxtronomy.LensModel.lens_model import LensModel
    except ImportError:
        return None
    return LensModel


def version(name):
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as _version

        return _version(name)
    except PackageNotFoundError:
        return None


# --- geometry shared by peers and floors ---------------------------------------------------------


def q_phi(e0, e1, xp=np):
    """(q, phi [rad]) of autogalaxy's ell_comps = (f sin 2phi, f cos 2phi)."""
    f = xp.sqrt(e0 * e0 + e1 * e1)
    return (1.0 - f) / (1.0 + f), 0.5 * xp.arctan2(e0, e1)


def nfw_alpha_rs(kappa_s, rs):
    return 4.0 * kappa_s * rs * (1.0 + LN_HALF)


# --- lenstronomy / JAXtronomy keyword arguments from our parameters ----------------------------
# Each takes our parameter tuple (see bench_profiles.CASES) and an array module; returns the
# peer's kwargs dict. The same functions build JAXtronomy's kwargs from traced scalars.


def kw_nfw(p, xp=np):
    ks, rs, cy, cx = p
    return {"Rs": rs, "alpha_Rs": nfw_alpha_rs(ks, rs), "center_x": cx, "center_y": cy}


def kw_nfw_ell(p, xp=np):
    ks, rs, cy, cx, e0, e1 = p
    q, _ = q_phi(e0, e1, xp)
    rs_pa = rs * xp.sqrt(q)
    return {
        "Rs": rs_pa,
        "alpha_Rs": nfw_alpha_rs(ks, rs_pa),
        "e1": e1,
        "e2": e0,
        "center_x": cx,
        "center_y": cy,
    }


def kw_tnfw(p, xp=np):
    ks, rs, rt, cy, cx = p
    return {
        "Rs": rs,
        "alpha_Rs": nfw_alpha_rs(ks, rs),
        "r_trunc": rt,
        "center_x": cx,
        "center_y": cy,
    }


def kw_gnfw(p, xp=np):
    from lenstronomy.LensModel.Profiles.gnfw import GNFW

    ks, g, rs, cy, cx = (float(v) for v in p)
    alpha_rs = GNFW().kappa_s_to_alpha_Rs(ks, rs, g)
    return {"Rs": rs, "alpha_Rs": alpha_rs, "gamma_in": g, "center_x": cx, "center_y": cy}


def kw_cnfw(p, xp=np):
    from lenstronomy.LensModel.Profiles.cnfw import CNFW

    ks, rs, rc, cy, cx = (float(v) for v in p)
    alpha_rs = CNFW()._rho2alpha(ks / rs, rs, rc)
    return {"Rs": rs, "alpha_Rs": alpha_rs, "r_core": rc, "center_x": cx, "center_y": cy}


# --- floors: bare jnp kernels --------------------------------------------------------------------

_BAND = 1e-4  # |X - 1| below which F is its first-order Taylor polynomial


def _f(X):
    """NFW auxiliary F(X): arccosh(1/X)/sqrt(1-X^2) (X<1), arccos(1/X)/sqrt(X^2-1) (X>1)."""
    lo = X < 1.0 - _BAND
    hi = X > 1.0 + _BAND
    x_lo = jnp.where(lo, X, 0.5)
    x_hi = jnp.where(hi, X, 2.0)
    f_lo = jnp.arccosh(1.0 / x_lo) / jnp.sqrt(1.0 - x_lo * x_lo)
    f_hi = jnp.arccos(1.0 / x_hi) / jnp.sqrt(x_hi * x_hi - 1.0)
    return jnp.where(lo, f_lo, jnp.where(hi, f_hi, 1.0 - (2.0 / 3.0) * (X - 1.0)))


def _offsets(cy, cx, y, x):
    dy, dx = y - cy, x - cx
    r = jnp.sqrt(jnp.maximum(dy * dy + dx * dx, 1e-24))
    return dy, dx, r


def floor_nfw_sph(p, y, x):
    """alpha = 4 kappa_s g(X) / X^2 (dy, dx), g = ln(X/2) + F(X) (Bartelmann 1996)."""
    ks, rs, cy, cx = p[:4]
    dy, dx, r = _offsets(cy, cx, y, x)
    X = r / rs
    a = 4.0 * ks * (jnp.log(0.5 * X) + _f(X)) / (X * X)
    return a * dy, a * dx


def floor_nfw_ell(p, y, x):
    """Heyrovsky & Karamazov (2024) eqs. 30-32 as published (no regrouping), rotated back."""
    ks, rs, cy, cx, e0, e1 = p
    q, phi = q_phi(e0, e1, jnp)
    c, s = jnp.cos(phi), jnp.sin(phi)
    dy, dx = y - cy, x - cx
    x1 = (dx * c + dy * s) / rs
    x2 = (-dx * s + dy * c) / rs
    e2 = 1.0 - q * q
    x1s, x2s = x1 * x1, x2 * x2
    r2 = x1s + x2s
    a = jnp.sqrt(jnp.maximum(x1s + x2s / (q * q), 1e-24))
    fa = _f(a)
    g = q * fa + 0.5 * jnp.log(jnp.maximum(r2, 1e-24)) - jnp.log1p(q)
    f1 = fa / q
    f3 = jnp.arctan(x1 * x2 * (1.0 - q) / (q * x1s + x2s))
    d = (x1s - x2s - e2) ** 2 + 4.0 * x1s * x2s
    pref = 4.0 * q * ks * rs / d
    ax1 = pref * (x1 * (r2 - e2) * g + 2.0 * e2 * x1 * x2s * f1 - x2 * (r2 + e2) * f3)
    ax2 = pref * (x2 * (r2 + e2) * g + e2 * x2 * (x2s - x1s + e2) * f1 + x1 * (r2 - e2) * f3)
    return ax1 * s + ax2 * c, ax1 * c - ax2 * s


def floor_tnfw(p, y, x):
    """Baltz, Marshall & Oguri (2009) closed M2D: alpha = 4 kappa_s B(X, tau) / X^2 (dy, dx)."""
    ks, rs, rt, cy, cx = p
    dy, dx, r = _offsets(cy, cx, y, x)
    X = r / rs
    tau = rt / rs
    t2 = tau * tau
    root = jnp.sqrt(t2 + X * X)
    lx = jnp.log(X / (tau + root))
    b = (t2 / (t2 + 1.0) ** 2) * (
        (t2 + 1.0 + 2.0 * (X * X - 1.0)) * _f(X)
        + tau * jnp.pi
        + (t2 - 1.0) * jnp.log(tau)
        + root * (-jnp.pi + lx * (t2 - 1.0) / tau)
    )
    a = 4.0 * ks * b / (X * X)
    return a * dy, a * dx


def floor_cnfw(p, y, x):
    """Partial fractions: alpha/(kappa_s R) = 4[(I(x) - f^2 I(x/f))/(1-f)^2 - D(x)/(1-f)]/x^2."""
    ks, rs, rc, cy, cx = p
    dy, dx, r = _offsets(cy, cx, y, x)
    X = r / rs
    f = rc / rs
    Xf = X / f
    fx, ff = _f(X), _f(Xf)
    gx = jnp.log(0.5 * X) + fx
    gf = jnp.log(0.5 * Xf) + ff
    i_x = X * X * fx - gx
    i_f = Xf * Xf * ff - gf
    d_x = X * X * fx - 2.0 * gx
    a = 4.0 * ks * ((i_x - f * f * i_f) / (1.0 - f) ** 2 - d_x / (1.0 - f)) / (X * X)
    return a * dy, a * dx


_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(16)
_GL_T, _GL_W = 0.5 * (_GL_NODES + 1.0), 0.5 * _GL_WEIGHTS  # on [0, 1]


def floor_gnfw(p, y, x):
    """Keeton (2001): alpha = 4 kappa_s (m + C) / X^2 (dy, dx), a = 3 - gamma, 16-node GL each.

    m = X^a / a int_0^1 (1 + X u^(1/a))^-a du (the 3D mass, Euler's integral of 2F1) and
    C = X^a int_0^1 (s + X)^-a (1 - sqrt(1 - s^2)) / s ds with s = sin(pi t^2 / 2).
    """
    ks, gam, rs, cy, cx = p
    dy, dx, r = _offsets(cy, cx, y, x)
    X = (r / rs)[..., None]
    a = 3.0 - gam
    t = jnp.asarray(_GL_T)
    w = jnp.asarray(_GL_W)
    m = jnp.sum((1.0 + X * t ** (1.0 / a)) ** (-a) * w, axis=-1) / a
    theta = 0.5 * jnp.pi * t * t
    s, c = jnp.sin(theta), jnp.cos(theta)
    integrand = (s + X) ** (-a) * jnp.tan(0.5 * theta) * c * (jnp.pi * t)
    cyl = jnp.sum(integrand * w, axis=-1)
    X = X[..., 0]
    aa = 4.0 * ks * X**a * (m + cyl) / (X * X)
    return aa * dy, aa * dx
