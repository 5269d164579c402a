"""rms linear density fluctuation sigma(R) at z = 0 in a top-hat window, normalised to sigma8.

sigma^2(R) = 1 / (2 pi^2) int k^3 P(k) W^2(kR) d ln k with P = norm k^ns T_EH98(k)^2 (colossus's
default ``eisenstein98`` model) and norm set by sigma(8 Mpc/h) = sigma8.

The quadrature rule depends on R alone, so it is built once per R with NumPy and the integrand's
cosmology dependence (h, Om0, Ob0, Tcmb0, ns: possibly JAX tracers) is evaluated on fixed nodes.
This makes ``R`` a concrete (NumPy) argument; for sigma at traced radii use the Ludlow16 tables
(``autogalaxy.cosmology.tables``), which interpolate this function in ln R.
"""

import math
from functools import lru_cache

import numpy as np

from autogalaxy.cosmology.transfer import eisenstein_hu_98_transfer
from autogalaxy.util import roots
from autogalaxy.util.quadrature import gauss_legendre_unit

# --- quadrature rule (see ``sigma_rule``) ------------------------------------------------------
K_MIN = 1e-7  # h/Mpc: the integrand there is ~1e-20 of its peak for every R <= 300 Mpc/h
WINDOW_CUT = 300.0  # kR beyond which the window's oscillation is averaged
TAIL_DECADES = 1e4  # the averaged tail runs over kR in [300, 3e6]
BAO_DENSITY = 20.0  # phase units per h/Mpc below KAPPA_BAO (resolves the BAO and their residue)
KAPPA_BAO = 3.0  # h/Mpc
WINDOW_DENSITY = 1.0 / np.pi  # phase units per unit kR (one per half period of cos(2kR))
PANELS = 192  # panels uniform in the phase variable (width <= 1 for R in [1e-6, 300] Mpc/h)
PANEL_NODES = 12
TAIL_NODES = 24
SIGMA8_RADIUS = 8.0  # Mpc/h


# Taylor coefficients of W in y^2: W = sum_n 3 (-1)^n (2n + 2) / (2n + 3)! y^(2n)
_WINDOW_SERIES = tuple(3.0 * (-1) ** n * (2 * n + 2) / math.factorial(2 * n + 3) for n in range(11))
_WINDOW_SWITCH = 1.0


def tophat_window(y, xp=np):
    """Fourier transform of the real-space top hat, W(y) = 3 (sin y - y cos y) / y^3.

    Dimensionless (y = kR). For y < 1 the Taylor series 1 - y^2/10 + y^4/280 - ... (11 terms;
    the next is 5e-24 at y = 1) avoids the ~eps/y^2 cancellation of the closed form (2e-14 at
    y = 0.1). Error <= 3e-16 absolute for all y (tested against mpmath).
    """
    y = xp.asarray(y, dtype=float)
    small = y < _WINDOW_SWITCH
    y2 = xp.where(small, y, 0.0) ** 2
    series = 0.0 * y2 + _WINDOW_SERIES[-1]
    for coefficient in _WINDOW_SERIES[-2::-1]:
        series = series * y2 + coefficient
    yl = xp.where(small, 1.0, y)
    direct = 3.0 * (xp.sin(yl) - yl * xp.cos(yl)) / yl**3
    return xp.where(small, series, direct)


def _phase(k, R):
    """The integration variable of ``sigma_rule``: ln k + BAO and window phases (NumPy)."""
    return np.log(k) + BAO_DENSITY * KAPPA_BAO * -np.expm1(-k / KAPPA_BAO) + WINDOW_DENSITY * R * k


def _phase_slope(k, R):
    """d phase / d ln k."""
    return 1.0 + k * (BAO_DENSITY * np.exp(-k / KAPPA_BAO) + WINDOW_DENSITY * R)


@lru_cache(maxsize=64)
def _rules(radii):
    """Nodes and weights for a tuple of radii, built together (vectorised over R)."""
    R = np.asarray(radii)[:, None]
    k_max = WINDOW_CUT / R
    lo, hi = _phase(K_MIN, R), _phase(k_max, R)
    t, w = gauss_legendre_unit(PANEL_NODES)
    edges = lo + (hi - lo) * np.linspace(0.0, 1.0, PANELS + 1)
    width = np.diff(edges, axis=1)[..., None]
    phase = (edges[:, :-1, None] + width * t).reshape(len(radii), -1)
    dphase = (width * w).reshape(len(radii), -1)
    # invert the phase: bisection-safe start from a dense monotone table, then Newton in ln k
    grid = np.log(K_MIN) + (np.log(k_max) - np.log(K_MIN)) * np.linspace(0.0, 1.0, 4096)
    table = _phase(np.exp(grid), R)
    ln_k = np.stack([np.interp(p, tab, g) for p, tab, g in zip(phase, table, grid)])

    def residual_and_slope(ln_k):
        k = np.exp(ln_k)
        return _phase(k, R) - phase, _phase_slope(k, R)

    # quadratic convergence: 3e-5, 1e-9, 1e-14 (rounding), measured; the package's root helper
    ln_k = roots.newton_polish(residual_and_slope, ln_k, grid[..., :1], grid[..., -1:], 4, np)
    k = np.exp(ln_k)
    weight = dphase / _phase_slope(k, R) * tophat_window(k * R) ** 2
    # averaged tail: <W^2> = 9 (1 + y^2) / (2 y^6) for y = kR >= 300 (the oscillating remainder
    # is ~1/y of a tail that is itself < 1e-9 of sigma^2)
    t, w = gauss_legendre_unit(TAIL_NODES)
    span = np.log(TAIL_DECADES)
    ln_k_tail = np.log(k_max) + span * t
    y = np.exp(ln_k_tail) * R
    weight_tail = span * w * 4.5 * (1.0 + y * y) / y**6
    ln_k = np.concatenate([ln_k, ln_k_tail], axis=1)
    weight = np.concatenate([weight, weight_tail], axis=1) / (2.0 * np.pi**2)
    ln_k.flags.writeable = False
    weight.flags.writeable = False
    return ln_k, weight


def sigma_rule(R):
    """Quadrature rule of sigma^2 at concrete radii R [Mpc/h]: (ln k nodes, weights).

    sigma^2(R) = sum_n weight_n k_n^3 P(k_n), with k in h/Mpc; the weights include the top-hat
    window W^2(k_n R), the d ln k measure and 1 / (2 pi^2). Shapes R.shape + (2328,).

    The rule is Gauss-Legendre (192 panels x 12 nodes) in the phase variable
    phi(k) = ln k + 60 (1 - exp(-k / 3 h/Mpc)) + kR / pi over k in [1e-7, 300 / R] h/Mpc, which
    puts nodes where the integrand oscillates: the BAO and their residue in EH98 (fixed k) and
    the window's cos(2kR) (scaling with R), so the limits and the resolution follow R. Beyond
    kR = 300 the window is averaged, <W^2> = 9 (1 + y^2) / (2 y^6), and integrated with 24 nodes
    in ln k up to kR = 3e6.

    Accuracy for R in [1e-6, 300] Mpc/h (Planck15-like parameters): <= 1e-9 relative in sigma^2
    against adaptive reference integrals; the floor is EH98's undamped residual baryon
    oscillation (amplitude ~1e-8 of T at k ~ 10 h/Mpc), which no fixed rule resolves at small R.
    """
    R = np.asarray(R, dtype=float)
    if np.any(~(R > 0)):
        raise ValueError(f"R must be positive [Mpc/h]; got {R[~(R > 0)][:5].tolist()}")
    ln_k, weight = _rules(tuple(float(r) for r in R.ravel()))
    return ln_k.reshape(R.shape + (-1,)), weight.reshape(R.shape + (-1,))


def sigma_squared_unnormalised(R, h, Om0, Ob0, Tcmb0, ns, xp=np):
    """sigma^2(R) at z = 0 for P(k) = k^ns T_EH98(k)^2 (no sigma8 normalisation).

    ``R`` [Mpc/h] must be concrete (NumPy); the cosmological parameters may be JAX tracers.
    Units: k in h/Mpc, so sigma^2 is in (Mpc/h)^-(3+ns) times the arbitrary P amplitude.
    Accuracy: see ``sigma_rule`` (<= 1e-9 relative).
    """
    ln_k, weight = sigma_rule(R)
    k = np.exp(ln_k)
    transfer = eisenstein_hu_98_transfer(xp.asarray(k), h, Om0, Ob0, Tcmb0, xp=xp)
    power = xp.exp((3.0 + ns) * xp.asarray(ln_k)) * transfer**2
    return xp.sum(xp.asarray(weight) * power, axis=-1)


def sigma(R, h, Om0, Ob0, Tcmb0, *, ns, sigma8, xp=np):
    """rms linear fluctuation sigma(R) at z = 0 in a top-hat of radius R [Mpc/h], EH98 spectrum
    normalised so that sigma(8 Mpc/h) = sigma8 (colossus's ``sigma(R, 0)``); dimensionless.

    ``R`` must be concrete (NumPy). ``Om0`` is the total matter density. ``ns`` and ``sigma8`` are
    keyword-only: upstream's ``ludlow16.sigma_R`` takes them in the other order, so a positional
    call in its order is a TypeError here, never a different number. Accuracy <= 1e-9
    relative (``sigma_rule``); colossus's exact mode (``interpolation=False``,
    ``accuracy_sigma=1e-8``) agrees to ~4e-7, its own quadrature error (tested).
    """
    ratio = sigma_squared_unnormalised(R, h, Om0, Ob0, Tcmb0, ns, xp=xp) / (
        sigma_squared_unnormalised(SIGMA8_RADIUS, h, Om0, Ob0, Tcmb0, ns, xp=xp)
    )
    return sigma8 * xp.sqrt(ratio)
