"""The Dasar library and the Untuk/Pertimbangan/Tembusan templates per event kind (JSON in resources/templates/sprin)."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


def templates_dir() -> Path:
    """resources/templates/sprin in the source tree or in a frozen (PyInstaller) bundle; ANTASENA_TEMPLATES_DIR overrides."""
    override = os.environ.get("ANTASENA_TEMPLATES_DIR")
    if override:
        return Path(override)
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "templates" / "sprin"


@dataclass(frozen=True)
class DasarEntry:
    code: str
    text: str
    kinds: tuple[str, ...]

    def applies_to(self, kind: str) -> bool:
        return "*" in self.kinds or kind in self.kinds


@lru_cache(maxsize=4)
def _load(name: str, directory: str) -> dict[str, Any]:
    with open(Path(directory) / name, encoding="utf-8") as handle:
        return json.load(handle)


def dasar_library() -> list[DasarEntry]:
    data = _load("dasar.json", str(templates_dir()))
    return [DasarEntry(e["code"], e["text"], tuple(e.get("kinds", ["*"]))) for e in data["entries"]]


@dataclass(frozen=True)
class KindTemplate:
    pertimbangan: str
    first_task: str
    tasks_extra: tuple[str, ...]
    closing: tuple[str, ...]
    tembusan: tuple[str, ...]


def kind_template(kind: str) -> KindTemplate:
    """The `_default` template overlaid with the event kind's own keys."""
    data = _load("untuk.json", str(templates_dir()))
    merged = dict(data["_default"])
    merged.update(data.get(kind, {}))
    return KindTemplate(merged["pertimbangan"], merged["first_task"], tuple(merged["tasks_extra"]),
                        tuple(merged["closing"]), tuple(merged["tembusan"]))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def fill(template: str, values: dict[str, Any]) -> str:
    """Fill `{field}` placeholders; unknown fields print as an ellipsis rather than failing."""
    return template.format_map(_Blank(values))
