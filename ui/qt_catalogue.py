"""Qt's own strings (standard buttons, file and print dialogs, context menus) and locale in the chosen language.

Qt ships no Indonesian catalogue: ours is `resources/i18n/qt_id.ts`, compiled to `qt_id.qm` by `scripts/setup.sh`
(`pyside6-lrelease`); when the .qm is missing or older, it is compiled once into the data folder. The default QLocale
follows the language too (month and day names in calendars and date editors, number formats)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from antasena_desktop.geo.reference import resources_dir
from antasena_desktop.i18n import current_language, on_language_change

SOURCE = "qt_id.ts"
_state: dict = {"translator": None, "hooked": False}


def _lrelease() -> str | None:
    here = Path(sys.executable).with_name("pyside6-lrelease")
    return str(here) if here.exists() else shutil.which("pyside6-lrelease")


def catalogue_path() -> Path | None:
    """The compiled Indonesian catalogue (compiled now when needed), or None when it cannot be had."""
    source = resources_dir() / "i18n" / SOURCE
    shipped = source.with_suffix(".qm")
    if shipped.exists() and (not source.exists() or shipped.stat().st_mtime >= source.stat().st_mtime):
        return shipped
    if not source.exists():
        return None
    from db.engine import data_dir
    target = data_dir() / "i18n" / "qt_id.qm"
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    tool = _lrelease()
    if tool is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([tool, "-silent", str(source), "-qm", str(target)], capture_output=True, timeout=60,
                          env={**os.environ})
    return target if done.returncode == 0 and target.exists() else None


def apply_qt_language(language: str | None = None) -> bool:
    """Install (id) or remove (en) our Qt catalogue and set the default locale. True when Indonesian texts are on."""
    language = language or current_language()
    app = QCoreApplication.instance()
    if app is None:
        return False
    if not _state["hooked"]:
        on_language_change(apply_qt_language)
        _state["hooked"] = True
    old = _state["translator"]
    if old is not None:
        app.removeTranslator(old)
        _state["translator"] = None
    if language == "id":
        QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        path = catalogue_path()
        translator = QTranslator(app)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            _state["translator"] = translator
            return True
        return False
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return False
