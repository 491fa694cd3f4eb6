"""Fixtures for the web intake: a real WBS database, the server as a real child process, Chromium."""
from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest

ADMIN_PASSWORD = "Admin-Rahasia-2026!"
HANDLER_PASSWORD = "Verif-Rahasia-2026!"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WbsWorld:
    """A WBS database made with the core's own set-up, a verifier account, and its sheet path."""

    def __init__(self, folder: Path):
        from antasena_desktop.wbs import accounts, setup
        from antasena_desktop.wbs.roles import WbsRole
        from db.wbs.database import open_wbs_database

        self.folder = folder
        self.path = folder / "wbs.db"
        self.url = f"sqlite:///{self.path}"
        self.database = open_wbs_database(self.url)
        with self.database.session() as session:
            setup.initialise(session, ADMIN_PASSWORD, folder / "pemulihan.txt", self.url)
        with self.database.session() as session:
            admin, _ = accounts.login(session, "admin", ADMIN_PASSWORD, source="test")
            accounts.create_account(session, admin, "verif1", HANDLER_PASSWORD, WbsRole.VERIFIKATOR, "Rina Verifikator")

    def handler(self, session):
        from antasena_desktop.wbs import accounts

        return accounts.login(session, "verif1", HANDLER_PASSWORD, source="test")

    def raw_bytes(self) -> bytes:
        """Everything on disk next to the database: the file, its WAL and journal, the intake folder."""
        blobs = []
        for path in sorted(self.folder.rglob("*")):
            if path.is_file():
                blobs.append(path.read_bytes())
        return b"\n".join(blobs)


@pytest.fixture
def wbs_world(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    world = WbsWorld(tmp_path / "wbs")
    yield world
    world.database.close()


class RunningServer:
    def __init__(self, world: WbsWorld, insecure_http: bool, extra: list[str], spool: Path):
        from antasena_desktop.web.health import read_status
        from antasena_desktop.web.process import ServerProcess
        from antasena_desktop.web.wbs_serve import serve_command, status_path

        self.port = free_port()
        self.scheme = "http" if insecure_http else "https"
        self.base = f"{self.scheme}://127.0.0.1:{self.port}"
        self.status_file = status_path(world.url)
        env = dict(os.environ, TMPDIR=str(spool), ANTASENA_DATA_DIR=str(world.folder / "data"))
        self.process = ServerProcess(serve_command(world.url, "127.0.0.1", self.port, insecure_http, extra), env=env)
        self.process.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = read_status(self.status_file)
            if status and status.get("running") and status.get("pid") == self.process.pid:
                self.status = status
                return
            if not self.process.running:
                break
            time.sleep(0.2)
        self.process.stop()
        raise AssertionError("intake server did not start:\n" + "\n".join(self.process.output))

    def read_status(self) -> dict:
        from antasena_desktop.web.health import read_status

        return read_status(self.status_file) or {}


@pytest.fixture
def spool(tmp_path):
    folder = tmp_path / "spool"
    folder.mkdir()
    return folder


@pytest.fixture
def intake_server(wbs_world, spool):
    server = RunningServer(wbs_world, insecure_http=False, extra=[], spool=spool)
    yield server
    server.process.stop()


@pytest.fixture
def browser(tmp_path):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromium-driver are not installed (scripts/setup.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=412,915", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.accept_insecure_certs = True       # our self-signed certificate (its fingerprint is checked in the test)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
