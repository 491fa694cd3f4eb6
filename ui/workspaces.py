"""Workspaces: which main window a signed-in user opens (Bag Ops planning; later the WBS desk).

A workspace registers a key, a bilingual label, a factory `(ctx) -> QMainWindow` and who may use it.
The start-up (`ui/app.py`) opens the only available one directly, or asks when there are several.
New desks (e.g. `ui/wbs/`) call `register(...)` from their package and are listed in `WORKSPACE_MODULES`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from antasena_desktop.i18n import T, Text
from antasena_desktop.services.security import Actor

# Modules imported before the choice, so that they can register their workspace.
WORKSPACE_MODULES: list[str] = []


@dataclass(frozen=True)
class Workspace:
    key: str
    label: Text
    factory: Callable[..., object]            # (ctx) -> QMainWindow
    allowed: Callable[[Actor], bool] = lambda _actor: True


_REGISTRY: dict[str, Workspace] = {}


def register(workspace: Workspace) -> None:
    _REGISTRY[workspace.key] = workspace


def _bagops_window(ctx):
    from ui.main_window import MainWindow
    return MainWindow(ctx)


register(Workspace("bagops", T("Bag Ops — perencanaan pengamanan", "Operations — security planning"), _bagops_window))


def available(actor: Actor) -> list[Workspace]:
    for module in WORKSPACE_MODULES:
        importlib.import_module(module)
    return [w for w in _REGISTRY.values() if w.allowed(actor)]
