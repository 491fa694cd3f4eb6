"""Files the app writes (exports, reports, PDFs): private (0600) and atomic (temp file + rename).

A kill while writing leaves the previous file intact and at most a hidden `.NAME.tmp-PID` beside it.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def temp_beside(target: Path) -> Path:
    """A temporary name in the target's own folder (so the final rename is atomic), same suffix."""
    return target.with_name(f".{target.name}.tmp-{os.getpid()}{target.suffix}")


@contextmanager
def private_atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temp path to write to; on success it becomes `target` (0600), on failure it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_beside(target)
    temp.unlink(missing_ok=True)
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        yield temp
        if os.name == "posix":
            os.chmod(temp, 0o600)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_private_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    with private_atomic_path(target) as temp:
        temp.write_text(text, encoding=encoding)
    return Path(target)
