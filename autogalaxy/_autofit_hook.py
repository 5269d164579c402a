"""Give PyAutoFit autogalaxy's priors in every import order, without importing autofit.

PyAutoFit finds prior configuration through its configuration singleton (``conf.instance`` of
autonerves, formerly autoconf): packages call ``conf.instance.register(__file__)``, which adds the
``config/`` folder beside that file second in the search order (a workspace's ``config/`` still
wins). Upstream autogalaxy does that at import, importing the configuration package every time.
Here ``import autogalaxy`` registers at once only when that configuration module is already
imported (autofit first); otherwise a one-shot import hook waits for it and registers the moment
it finishes loading (autogalaxy first, autofit later). Either way ``af.Model(ag.mp.X)`` has its
priors whether or not ``ag.fit`` was touched, and a user who never imports autofit pays nothing.
The same hook watches ``autofit.exc`` and makes ``ag.exc.ModelParameterException`` a subclass of
its ``FitException`` (the exception PyAutoFit's searches resample on).
"""

import importlib.abc
import importlib.util
import sys
from pathlib import Path

CONFIG_DIRECTORY = Path(__file__).parent / "fit" / "config"
CONF_MODULES = ("autonerves.conf", "autoconf.conf")
EXC_MODULE = "autofit.exc"  # FitException: the exception PyAutoFit resamples on
WATCHED = CONF_MODULES + (EXC_MODULE,)


def on_load(name, module) -> None:
    """What to do once a watched module has loaded."""
    if name == EXC_MODULE:
        from autogalaxy.exc import add_fit_exception_base

        add_fit_exception_base(module.FitException)
    else:
        register(module)


def register(conf_module) -> None:
    """Add autogalaxy's config directory to ``conf_module.instance`` (idempotent)."""
    config = conf_module.instance
    if CONFIG_DIRECTORY not in [Path(p) for p in config.paths[:2]]:
        config.push(CONFIG_DIRECTORY, keep_first=True)


class _RegisterOnImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself; wraps the real loader of a watched module so that ``on_load`` runs
    right after the module executes, and removes itself once every watched module is loaded."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in WATCHED:
            return None
        spec = None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        hook = self

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                hook.done.add(fullname)
                if {EXC_MODULE} <= hook.done and hook.done & set(CONF_MODULES):
                    hook.remove()
                on_load(fullname, module)

        spec.loader = _Loader()
        return spec

    def __init__(self):
        self.done = set()

    def remove(self):
        if self in sys.meta_path:
            sys.meta_path.remove(self)


def install() -> None:
    """Act now for watched modules already loaded, else arm the import hook for them."""
    loaded = set()
    for name in WATCHED:
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "instance" if name != EXC_MODULE else
                                          "FitException"):
            on_load(name, module)
            loaded.add(name)
    conf_loaded = bool(loaded & set(CONF_MODULES))
    if EXC_MODULE in loaded and conf_loaded:
        return
    if not any(isinstance(f, _RegisterOnImport) for f in sys.meta_path):
        hook = _RegisterOnImport()
        hook.done = loaded
        sys.meta_path.insert(0, hook)
