"""The layers only import downward: db ← core (domain ← services) ← CLI adapter (commands/) ← ui.

`layer_rules.violations` parses every file of the core and db (static imports, relative imports and
string literals passed to importlib); a planted violation in a temporary tree shows it can fail.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from layer_rules import violations

ROOT = Path(__file__).resolve().parents[2]


def test_no_import_runs_upward():
    assert violations(ROOT) == []


PLANTS = {
    "antasena_desktop/geo/leak.py": ("import importlib\nimportlib.import_module('ui.map.snapshot')\n", "imports ui"),
    "antasena_desktop/planning/leak.py": ("from antasena_desktop.commands import core\n", "CLI adapter"),
    "antasena_desktop/services/leak.py": ("from ..cli_support import open_db\n", "CLI adapter"),
    "antasena_desktop/domain/leak.py": ("from antasena_desktop.services import audit\n", "domain imports services"),
    "antasena_desktop/documents/leak.py": ("def f():\n    from PySide6.QtGui import QPdfWriter\n", "Qt"),
    "db/leak.py": ("from antasena_desktop.services.audit import record\n", "db imports the core"),
    "antasena_desktop/allocation/leak.py": ("__import__('ui.app')\n", "imports ui"),
}


@pytest.mark.parametrize("rel", sorted(PLANTS))
def test_a_planted_violation_is_reported(tmp_path, rel):
    source, why = PLANTS[rel]
    for folder in ("antasena_desktop/commands", "antasena_desktop/geo", "antasena_desktop/planning",
                   "antasena_desktop/services", "antasena_desktop/domain", "antasena_desktop/documents",
                   "antasena_desktop/allocation", "db"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "antasena_desktop/__init__.py").write_text("")
    (tmp_path / "antasena_desktop/commands/ok.py").write_text("from antasena_desktop.services import audit\n")
    (tmp_path / "antasena_desktop/cli.py").write_text("from antasena_desktop.commands import COMMAND_MODULES\n")
    assert violations(tmp_path) == []                    # the CLI adapter may import the core
    (tmp_path / rel).write_text(source)
    found = violations(tmp_path)
    assert len(found) == 1 and found[0].startswith(rel) and why in found[0], found


def test_importing_every_core_module_loads_no_qt():
    modules = []
    for folder in ("antasena_desktop", "db"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if "migrations" in parts:
                continue
            modules.append(".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print('UP:' + ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("UP:"), out.stdout


def test_rank_spellings_from_real_sheets():
    from antasena_desktop.domain.ranks import parse_rank
    cases = {"Bripka": "BRIPKA", "BRIPKA.": "BRIPKA", "Brigadir": "BRIGPOL", "KBP": "KOMBES POL",
             "Kombes Pol": "KOMBES POL", "AKP": "AKP", "Penata (III/c)": "PENATA", "III/c": "PENATA",
             "Penata Muda Tingkat 1": "PENATA MUDA TK I", "Pengatur Tk.1": "PENGATUR TK I", "PNS Penata": "PENATA",
             "Inspektur Dua": "IPDA", "Brigadir Polisi Kepala": "BRIPKA", "Jenderal Pol": "JENDERAL POL"}
    assert {text: getattr(parse_rank(text), "code", None) for text in cases} == cases
    assert parse_rank("Kopral") is None and parse_rank("") is None
