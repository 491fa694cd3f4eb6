"""Diagnostics: `logging` to a rotating, private file in the data folder (GUI and CLI alike).

`configure_logging(data_dir, name)` is idempotent per process and returns the log file's path;
`log_path()` tells where the current log goes (the crash dialog names it).
"""
from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_handler: RotatingFileHandler | None = None


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Every log file, rotated ones included, is readable by its owner only (0600)."""

    def _open(self):
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


def configure_logging(data_dir: Path | str, name: str = "antasena", level: int = logging.INFO) -> Path:
    """Send the `antasena` loggers (and warnings) to `<data_dir>/logs/<name>.log`, rotated at 2 MB x 5."""
    global _handler
    folder = Path(data_dir) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass
    path = folder / f"{name}.log"
    root = logging.getLogger()
    if _handler is not None:
        if Path(_handler.baseFilename) == path.resolve():
            return path
        root.removeHandler(_handler)
        _handler.close()
    _handler = _PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    _handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(_handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    return path


def log_path() -> Path | None:
    return Path(_handler.baseFilename) if _handler is not None else None
