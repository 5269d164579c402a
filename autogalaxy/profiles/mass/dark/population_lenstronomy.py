"""Halo populations from lenstronomy keyword lists (what pyHalo's ``lensing_quantities()`` gives).

lenstronomy (Birrer & Amara 2018; Birrer et al. 2021) describes a halo by a profile name and a
keyword dict; pyHalo's ``Realization.lensing_quantities()`` returns ``(lens_model_list,
redshift_array, kwargs_lens, numerical_interp)`` with one ``'TNFW'`` (or ``'NFW'``) entry per
halo. Supported entries and their parameters:

* ``'TNFW'``: ``Rs``, ``alpha_Rs``, ``r_trunc``, ``center_x``, ``center_y`` (arcsec),
* ``'NFW'``: ``Rs``, ``alpha_Rs``, ``center_x``, ``center_y``.

Convention (read from lenstronomy 1.14's ``LensModel/Profiles/nfw.py`` and ``tnfw.py``): the
profiles work in angular units with Sigma_crit = 1, ``NFW.alpha2rho0`` gives
rho0 = alpha_Rs / (4 Rs^2 (1 - ln 2)) and the deflection is alpha(R) = 4 rho0 Rs^2 g(x) / x with
x = R / Rs and g the BMO09 projected-mass function (M2D / (4 pi rho0 Rs^3)); that is this
package's alpha = 4 kappa_s r_s B(x) / x with

    kappa_s = rho0 Rs = alpha_Rs / (4 Rs (1 - ln 2)),   scale_radius = Rs,
    truncation_radius = r_trunc,   centre = (center_y, center_x)

(lenstronomy orders positions and deflections (x, y); this package (y, x)). For ``TNFW``,
alpha_Rs is the *untruncated* NFW's deflection at Rs (lenstronomy: "neglects the truncation").
Entries with ``r_trunc == 0`` (pyHalo rounds r_trunc to 1e-10 arcsec, so its most stripped
halos can have exactly 0) are dropped: tau -> 0 is the zero-mass limit of the BMO09 profile
(lenstronomy itself raises ZeroDivisionError on them).
"""

import math

import numpy as np

from autogalaxy.util.checks import check, finite

__all__ = [
    "SUPPORTED_PROFILES",
    "from_lenstronomy_kwargs",
    "to_lenstronomy_kwargs",
    "kappa_s_from_alpha_rs",
    "alpha_rs_from_kappa_s",
]

#: lenstronomy profile name -> (its keyword names, this package's population profile kind)
SUPPORTED_PROFILES = {
    "TNFW": (("Rs", "alpha_Rs", "r_trunc", "center_x", "center_y"), "nfw_truncated"),
    "NFW": (("Rs", "alpha_Rs", "center_x", "center_y"), "nfw"),
}
_ALPHA_PER_KAPPA = 4.0 * (1.0 - math.log(2.0))  # alpha_Rs / (kappa_s Rs) of the NFW


def kappa_s_from_alpha_rs(alpha_Rs, Rs):
    """kappa_s = alpha_Rs / (4 Rs (1 - ln 2)) (lenstronomy's NFW.alpha2rho0 times Rs)."""
    return np.asarray(alpha_Rs, dtype=float) / (_ALPHA_PER_KAPPA * np.asarray(Rs, dtype=float))


def alpha_rs_from_kappa_s(kappa_s, scale_radius):
    """alpha_Rs = 4 kappa_s r_s (1 - ln 2) [arcsec] (the inverse of kappa_s_from_alpha_rs)."""
    kappa_s = np.asarray(kappa_s, dtype=float)
    return _ALPHA_PER_KAPPA * kappa_s * np.asarray(scale_radius, dtype=float)


def _unsupported(name, index):
    supported = ", ".join(repr(n) for n in SUPPORTED_PROFILES)
    return ValueError(
        f"lens_model_list[{index}] = {name!r} is not supported; supported profiles: {supported}. "
        "Pass ignore=(...) to skip other entries (e.g. ignore=('CONVERGENCE',) for pyHalo's "
        "mass sheets) or select one plane with redshift_list= and redshift="
    )


def _columns(lens_model_list, kwargs_list, redshift_list, redshift, ignore):
    """{name: {keyword: float64 array}} of the selected supported entries."""
    if len(lens_model_list) != len(kwargs_list):
        raise ValueError(
            f"lens_model_list and kwargs_list differ in length ({len(lens_model_list)} vs "
            f"{len(kwargs_list)})"
        )
    if redshift is not None:
        if redshift_list is None or len(redshift_list) != len(lens_model_list):
            raise ValueError("redshift= selects a plane: pass redshift_list with one z per entry")
        keep = np.isclose(np.asarray(redshift_list, dtype=float), redshift, rtol=0.0, atol=1e-8)
    else:
        keep = np.ones(len(lens_model_list), dtype=bool)
    rows = {name: [] for name in SUPPORTED_PROFILES}
    for index, (name, kwargs) in enumerate(zip(lens_model_list, kwargs_list)):
        if not keep[index] or name in ignore:
            continue
        if name not in SUPPORTED_PROFILES:
            raise _unsupported(name, index)
        keys = SUPPORTED_PROFILES[name][0]
        missing = [k for k in keys if k not in kwargs]
        if missing:
            raise ValueError(f"kwargs_list[{index}] ({name}) lacks {missing}; needs {list(keys)}")
        rows[name].append([float(kwargs[k]) for k in keys])
    out = {}
    for name, values in rows.items():
        if values:
            table = np.asarray(values, dtype=float)
            out[name] = {k: table[:, j] for j, k in enumerate(SUPPORTED_PROFILES[name][0])}
    return out


def from_lenstronomy_kwargs(lens_model_list, kwargs_list, redshift_list=None, redshift=None, *,
                            ignore=(), method="exact", batch_size=None, **fast_options):
    """The halo population of a lenstronomy keyword list (one lens plane).

    Parameters
    ----------
    lens_model_list, kwargs_list
        Profile names and keyword dicts, as lenstronomy's ``LensModel`` takes them (e.g. the
        first and third outputs of pyHalo's ``Realization.lensing_quantities()``).
    redshift_list, redshift
        Optional: one redshift per entry and the plane to keep (entries with |z - redshift| <=
        1e-8). Without ``redshift`` every entry is used (a single-plane sum).
    ignore
        Profile names to skip (e.g. ``('CONVERGENCE',)``); any other unsupported name raises a
        ValueError listing the supported ones.
    method, batch_size, **fast_options
        Evaluation settings of the population(s).

    Returns
    -------
    A :class:`~autogalaxy.profiles.mass.dark.population.HaloPopulation` (``profile="nfw_truncated"``
    for TNFW entries, ``"nfw"`` for NFW), or a
    :class:`~autogalaxy.profiles.mass.dark.population_group.HaloPopulationGroup` of both when the
    list mixes them.
    """
    from autogalaxy.profiles.mass.dark.population import HaloPopulation
    from autogalaxy.profiles.mass.dark.population_group import HaloPopulationGroup

    columns = _columns(lens_model_list, kwargs_list, redshift_list, redshift, tuple(ignore))
    if not columns:
        raise ValueError("no TNFW or NFW entries selected from the keyword list")
    settings = {} if batch_size is None else {"batch_size": batch_size}
    populations = []
    for name, col in columns.items():
        check(f"{name} Rs", col["Rs"], lambda v: finite(v) & (v > 0), "finite and > 0")
        check(f"{name} alpha_Rs", col["alpha_Rs"], lambda v: finite(v) & (v >= 0),
              "finite and >= 0")
        if name == "TNFW":
            check("TNFW r_trunc", col["r_trunc"], lambda v: finite(v) & (v >= 0),
                  "finite and >= 0")
            col = {k: v[col["r_trunc"] > 0] for k, v in col.items()}  # tau = 0: no mass
            if col["Rs"].size == 0:
                continue
        centres = np.stack([col["center_y"], col["center_x"]], axis=-1)
        kappa_s = kappa_s_from_alpha_rs(col["alpha_Rs"], col["Rs"])
        populations.append(
            HaloPopulation(
                centres, kappa_s, col["Rs"], col.get("r_trunc"),
                profile=SUPPORTED_PROFILES[name][1], method=method, **settings, **fast_options,
            )
        )
    if not populations:
        raise ValueError("every selected TNFW entry has r_trunc == 0 (no mass)")
    return populations[0] if len(populations) == 1 else HaloPopulationGroup(populations)


def to_lenstronomy_kwargs(population):
    """(lens_model_list, kwargs_list) of a HaloPopulation of NFW or truncated NFW halos (or a
    HaloPopulationMCR, through its lens population): the inverse of from_lenstronomy_kwargs."""
    if hasattr(population, "lens_population"):
        population = population.lens_population()
    profile = population.profile
    names = {kind: name for name, (_, kind) in SUPPORTED_PROFILES.items()}
    if profile not in names:
        raise ValueError(f"lenstronomy has no keyword form here for profile={profile!r}")
    centres = np.asarray(population.centres, dtype=float)
    rs = np.asarray(population.scale_radius, dtype=float)
    alpha = alpha_rs_from_kappa_s(population.kappa_s, rs)
    r_t = None if profile == "nfw" else np.asarray(population.truncation_radius, dtype=float)
    kwargs_list = []
    for i in range(centres.shape[0]):
        kwargs = {"Rs": rs[i], "alpha_Rs": alpha[i], "center_x": centres[i, 1],
                  "center_y": centres[i, 0]}
        if r_t is not None:
            kwargs["r_trunc"] = r_t[i]
        kwargs_list.append(kwargs)
    return [names[profile]] * len(kwargs_list), kwargs_list
