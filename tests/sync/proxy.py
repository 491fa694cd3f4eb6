"""An in-process TCP proxy between desks and the throwaway PostgreSQL server (its Unix socket), that
can cut the link, heal it, delay it, and drop the server's reply to a COMMIT (the server has committed,
the desk never hears it: the "lost acknowledgement"). Loopback only, threads, stops by itself."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path


class _Pair:
    def __init__(self, client: socket.socket, server: socket.socket):
        self.client, self.server = client, server
        self.drop_reply = False
        self.closed = False

    def close(self) -> None:
        self.closed = True
        for sock in (self.client, self.server):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


class FaultProxy:
    def __init__(self, unix_socket: Path):
        self.target = str(unix_socket)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.delay_seconds = 0.0
        self.commits_to_drop = 0
        self.dropped_commits = 0
        self.pairs: list[_Pair] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="fault-proxy")
        self._thread.start()

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    # ---- faults
    def cut(self) -> None:
        """The network goes: every open connection breaks, new ones are refused."""
        self.up = False
        with self._lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            pair.close()

    def heal(self) -> None:
        self.up = True

    def delay(self, seconds: float) -> None:
        self.delay_seconds = seconds

    def drop_commit_reply(self, count: int = 1) -> None:
        """The next `count` COMMITs reach the server, but their replies never reach the desk."""
        self.commits_to_drop = count

    def stop(self) -> None:
        self._stop.set()
        self.cut()
        self._thread.join(2)
        self.listener.close()

    # ---- plumbing
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            if not self.up:
                client.close()
                continue
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                server.connect(self.target)
            except OSError:
                client.close()
                continue
            pair = _Pair(client, server)
            with self._lock:
                self.pairs.append(pair)
            threading.Thread(target=self._pump, args=(pair, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(pair, False), daemon=True).start()

    def _pump(self, pair: _Pair, upstream: bool) -> None:
        source, target = (pair.client, pair.server) if upstream else (pair.server, pair.client)
        try:
            while not pair.closed:
                data = source.recv(65536)
                if not data:
                    break
                if self.delay_seconds:
                    time.sleep(self.delay_seconds)
                if upstream and self.commits_to_drop and b"COMMIT" in data:
                    self.commits_to_drop -= 1
                    pair.drop_reply = True
                if not upstream and pair.drop_reply:
                    self.dropped_commits += 1       # the server answered the COMMIT: it is committed
                    break
                target.sendall(data)
        except OSError:
            pass
        finally:
            pair.close()
            with self._lock:
                if pair in self.pairs:
                    self.pairs.remove(pair)
