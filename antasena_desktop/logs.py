"""Logging for the CLI and the GUI: one rotating, private (0600) log file in the data folder.

Call `setup_logging()` once at start-up (both entries do); `log_unexpected(exc)` writes a traceback
and returns the log path to show the operator in one line.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "antasena.log"
_MAX_BYTES = 2_000_000
_BACKUPS = 5
_handler: logging.Handler | None = None


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600 (the log may name people and paths)."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, self.mode if "a" in self.mode else "a", encoding=self.encoding or "utf-8",
                         errors=self.errors)


def log_path() -> Path:
    from db.engine import data_dir
    return data_dir() / "logs" / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach the rotating file handler to the root logger (once); returns the log file's path."""
    global _handler
    path = log_path()
    if _handler is not None and getattr(_handler, "baseFilename", None) == str(path):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path.parent, 0o700)
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = PrivateRotatingFileHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8",
                                          delay=True)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path


def log_unexpected(exc: BaseException, where: str = "antasena") -> Path:
    """Log `exc` with its traceback; returns the file it went to."""
    path = setup_logging()
    logging.getLogger(where).error("unexpected error: %r", exc, exc_info=(type(exc), exc, exc.__traceback__))
    if _handler is not None:
        _handler.flush()
    return path
