"""Linear matter transfer function: Eisenstein & Hu (1998) with baryon acoustic oscillations.

One pure xp-aware kernel (``xp=np`` or ``xp=jax.numpy``); every parameter may be a JAX tracer, so
gradients with respect to h, Om0, Ob0 and Tcmb0 flow through it.
"""

import numpy as np

E = float(np.e)


def eisenstein_hu_98_transfer(k, h, Om0, Ob0, Tcmb0, xp=np):
    """Eisenstein & Hu (1998, ApJ 496, 605) transfer function T(k), full form with wiggles.

    Units: ``k`` in comoving h/Mpc (converted to 1/Mpc internally, as the paper's formulas use);
    T is dimensionless, T -> 1 as k -> 0. ``Om0`` is the total matter density (CDM + baryons +
    massive neutrinos; colossus's ``Om0``), ``Tcmb0`` in K. Requires k > 0 and 0 < Ob0 < Om0.

    T = (Ob0/Om0) T_b + (Oc0/Om0) T_c (eq. 16): the CDM part T_c is eqs. 17-20 with alpha_c, beta_c
    from eqs. 11-12; the baryon part T_b is eqs. 21-24 with alpha_b from eqs. 14-15; z_eq, k_eq,
    z_d, R, s and k_silk come from eqs. 2-7 and q from eq. 10.

    Accuracy: a transcription of the fitting formula (the fit itself is good to a few per cent
    against Boltzmann codes); it agrees with colossus 1.4.0's ``modelEisenstein98`` to ~1e-15
    relative for k in [1e-7, 1e6] h/Mpc (tested).
    """
    k = xp.asarray(k, dtype=float)
    Oc0 = Om0 - Ob0
    fb = Ob0 / Om0
    fc = Oc0 / Om0
    om_h2 = Om0 * h * h
    ob_h2 = Ob0 * h * h
    theta = Tcmb0 / 2.7
    theta2 = theta * theta
    theta4 = theta2 * theta2
    kh = k * h  # 1/Mpc

    z_eq = 2.50e4 * om_h2 / theta4  # eq. 2
    k_eq = 7.46e-2 * om_h2 / theta2  # eq. 3, 1/Mpc
    b1 = 0.313 * om_h2**-0.419 * (1.0 + 0.607 * om_h2**0.674)  # eq. 4
    b2 = 0.238 * om_h2**0.223
    z_d = 1291.0 * om_h2**0.251 / (1.0 + 0.659 * om_h2**0.828) * (1.0 + b1 * ob_h2**b2)
    R_d = 31.5 * ob_h2 / theta4 / (z_d / 1e3)  # eq. 5
    R_eq = 31.5 * ob_h2 / theta4 / (z_eq / 1e3)
    sqrt_req = xp.sqrt(R_eq)
    s = (  # eq. 6, sound horizon [Mpc]
        2.0
        / (3.0 * k_eq)
        * xp.sqrt(6.0 / R_eq)
        * xp.log((xp.sqrt(1.0 + R_d) + xp.sqrt(R_d + R_eq)) / (1.0 + sqrt_req))
    )
    k_silk = 1.6 * ob_h2**0.52 * om_h2**0.73 * (1.0 + (10.4 * om_h2) ** -0.95)  # eq. 7

    q = kh / (13.41 * k_eq)  # eq. 10
    a1 = (46.9 * om_h2) ** 0.670 * (1.0 + (32.1 * om_h2) ** -0.532)  # eq. 11
    a2 = (12.0 * om_h2) ** 0.424 * (1.0 + (45.0 * om_h2) ** -0.582)
    alpha_c = a1**-fb * a2 ** -(fb**3)
    bb1 = 0.944 / (1.0 + (458.0 * om_h2) ** -0.708)  # eq. 12
    bb2 = (0.395 * om_h2) ** -0.0266
    beta_c = 1.0 / (1.0 + bb1 * (fc**bb2 - 1.0))

    y = (1.0 + z_eq) / (1.0 + z_d)  # eq. 15
    sqrt_1y = xp.sqrt(1.0 + y)
    G = y * (-6.0 * sqrt_1y + (2.0 + 3.0 * y) * xp.log((sqrt_1y + 1.0) / (sqrt_1y - 1.0)))
    alpha_b = 2.07 * k_eq * s * (1.0 + R_d) ** -0.75 * G  # eq. 14

    q2 = q * q
    c_base = 386.0 / (1.0 + 69.9 * q**1.08)  # eq. 20 without the 14.2/alpha term

    def t_tilde(beta, alpha):  # eq. 19
        log_term = xp.log(E + 1.8 * beta * q)
        return log_term / (log_term + (14.2 / alpha + c_base) * q2)

    ks = kh * s
    f = 1.0 / (1.0 + (ks / 5.4) ** 4)  # eq. 18
    T_c = f * t_tilde(beta_c, 1.0) + (1.0 - f) * t_tilde(beta_c, alpha_c)  # eq. 17

    beta_b = 0.5 + fb + (3.0 - 2.0 * fb) * xp.sqrt((17.2 * om_h2) ** 2 + 1.0)  # eq. 24
    beta_node = 8.41 * om_h2**0.435  # eq. 23
    s_tilde = s / (1.0 + (beta_node / ks) ** 3) ** (1.0 / 3.0)  # eq. 22
    x = kh * s_tilde
    T_b = (  # eq. 21
        t_tilde(1.0, 1.0) / (1.0 + (ks / 5.2) ** 2)
        + alpha_b / (1.0 + (beta_b / ks) ** 3) * xp.exp(-((kh / k_silk) ** 1.4))
    ) * (xp.sin(x) / x)

    return fb * T_b + fc * T_c
