"""Diagnostics of the GUI: the log file, an excepthook that tells the operator where it is, and
failures of background work that nobody handled."""
from __future__ import annotations

import logging
import sys
import traceback

from antasena_desktop.i18n import T
from antasena_desktop.logs import configure_logging, log_path

log = logging.getLogger("antasena.ui")
_showing = False
_box = None


def start_logging() -> None:
    from db.engine import data_dir
    path = configure_logging(data_dir(), "antasena-gui")
    log.info("GUI start; log at %s", path)


def crash_text(exc: BaseException) -> str:
    return str(T("Terjadi kesalahan tak terduga: {e}\n\nRinciannya tercatat di {p}.",
                 "An unexpected error occurred: {e}\n\nThe details are logged in {p}.",
                 e=exc, p=log_path() or "-"))


def excepthook(kind, exc, trace) -> None:
    """Log any exception that reached the event loop and show it with the log path (never recursively)."""
    global _showing, _box
    log.error("unhandled exception\n%s", "".join(traceback.format_exception(kind, exc, trace)))
    if _showing or issubclass(kind, KeyboardInterrupt):
        return
    from PySide6.QtWidgets import QApplication, QMessageBox
    if QApplication.instance() is None:
        return
    _showing = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "Antasena", crash_text(exc), QMessageBox.StandardButton.Ok,
                          QApplication.activeWindow())
        box.setObjectName("crash_dialog")
        box.finished.connect(lambda _r: _done())
        box.finished.connect(box.deleteLater)
        box.open()                     # not exec(): no nested event loop
        _box = box                     # a parentless dialog lives while referenced
    except Exception:                  # the dialog itself must never raise from the hook
        log.exception("could not show the crash dialog")
        _showing = False


def _done() -> None:
    global _showing, _box
    _showing, _box = False, None


def install_excepthook() -> None:
    sys.excepthook = excepthook
