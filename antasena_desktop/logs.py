"""Logging for the CLI and the GUI: one rotating, private (0600) log file in the data folder.

Call `setup_logging()` (CLI) or `configure_logging(data_dir, name)` (GUI) once at start-up; both are
idempotent per process. `log_unexpected(exc)` writes a traceback and returns the log path to show the
operator in one line; `log_path()` tells where the current log goes (the crash dialog names it).
"""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "antasena"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s [%(threadName)s] %(message)s"
_handler: logging.Handler | None = None


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files, rotated ones included, are created 0600."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def _default_path() -> Path:
    from db.engine import data_dir
    return data_dir() / "logs" / f"{LOG_NAME}.log"


def log_path() -> Path:
    """The file the log goes to now (the default one when nothing is configured yet)."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return _default_path()


def configure_logging(data_dir: Path | str, name: str = LOG_NAME, level: int = logging.INFO) -> Path:
    """Send all loggers (and warnings) to `<data_dir>/logs/<name>.log`, rotated at 2 MB x 5."""
    global _handler
    folder = Path(data_dir) / "logs"
    path = folder / f"{name}.log"
    if _handler is not None and Path(_handler.baseFilename) == path.resolve():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
                                          delay=True)
    _handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(_handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    return path


def setup_logging(level: int = logging.INFO) -> Path:
    """The CLI's log: `antasena.log` in the data folder."""
    from db.engine import data_dir
    return configure_logging(data_dir(), LOG_NAME, level)


def log_unexpected(exc: BaseException, where: str = "antasena") -> Path:
    """Log `exc` with its traceback; returns the file it went to."""
    path = log_path() if _handler is not None else setup_logging()
    logging.getLogger(where).error("unexpected error: %r", exc, exc_info=(type(exc), exc, exc.__traceback__))
    if _handler is not None:
        _handler.flush()
    return path
