"""Run a web server as a child process of the desk (start, stop, is it alive, its log tail)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import deque
from pathlib import Path
from threading import Thread


def antasena_command(*args: str) -> list[str]:
    """`antasena …` run with this interpreter (works from a venv and from the source tree)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "antasena_desktop.cli", *args]


class ServerProcess:
    """One child process; its stdout/stderr are kept in memory (last lines), never on disk."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None):
        self.argv, self.env, self.cwd = argv, env, cwd
        self._proc: subprocess.Popen | None = None
        self.output: deque[str] = deque(maxlen=200)

    def start(self) -> None:
        if self.running:
            return
        env = dict(os.environ if self.env is None else self.env)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.output.clear()
        self._proc = subprocess.Popen(self.argv, env=env, cwd=self.cwd, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      start_new_session=True)
        Thread(target=self._drain, args=(self._proc,), daemon=True).start()

    def _drain(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.output.append(line.rstrip("\n"))

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def returncode(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    def stop(self, timeout: float = 8.0) -> int | None:
        """SIGTERM (the server finishes its requests and writes its last status), then SIGKILL."""
        proc = self._proc
        if proc is None:
            return None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout)
        return proc.returncode
