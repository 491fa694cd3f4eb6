"""The desk's intake panel (real widget, real server child process) and the `wbs serve` command."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

from tests.web.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_panel_starts_the_server_shows_poster_data_and_health_then_stops(qtbot, wbs_world):
    from ui.wbs.intake_panel import IntakePanel

    class Ctx:
        database = wbs_world.database

    panel = IntakePanel(Ctx())
    qtbot.addWidget(panel)
    assert panel.db_url == wbs_world.url
    assert not panel.stop_button.isEnabled() and panel.start_button.isEnabled()
    port = free_port()
    panel.host.setText("127.0.0.1")
    panel.port.setValue(port)
    panel.start()
    try:
        qtbot.waitUntil(lambda: panel.refresh() or panel.running, timeout=60_000)
        assert panel.address.text() == f"https://127.0.0.1:{port}/"
        assert re.search(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", panel.fingerprint.text())
        assert not panel.start_button.isEnabled() and not panel.host.isEnabled()
        panel.copy_poster_text()
        from PySide6.QtGui import QGuiApplication
        assert f"https://127.0.0.1:{port}/" in QGuiApplication.clipboard().text()

        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=False) as client:
            page = client.get("/lacak").text
            token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)
            refused = client.post("/lacak", data={"receipt": "1111222233334444", "csrf_token": token})
            assert refused.status_code == 404
            again = client.post("/lacak", data={"receipt": "1111222233334445", "csrf_token": token})
            assert again.status_code == 429
        qtbot.waitUntil(lambda: panel.refresh() or panel.figures["tracking_failed"].text() == "1", timeout=20_000)
        qtbot.waitUntil(lambda: panel.refresh() or panel.figures["rate_limited"].text() == "1", timeout=20_000)
        assert panel.figures["uptime"].text().count(":") == 2
    finally:
        panel.shutdown()
    assert not panel.process.running
    panel.refresh()
    assert not panel.running and panel.start_button.isEnabled() and panel.address.text() == ""


def test_panel_reports_a_server_that_cannot_start(qtbot, wbs_world):
    import socket

    from ui.wbs.intake_panel import IntakePanel

    panel = IntakePanel(wbs_world.url)
    qtbot.addWidget(panel)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        panel.host.setText("127.0.0.1")
        panel.port.setValue(busy.getsockname()[1])
        panel.insecure.setChecked(True)
        panel.start()
        qtbot.waitUntil(lambda: not panel.process.running, timeout=60_000)
    panel.refresh()
    assert not panel.running
    assert "galat" in panel.state.text() or "error" in panel.state.text()


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "antasena_desktop.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def test_wbs_init_prints_the_certificate_fingerprint_and_serve_refuses_a_bad_port(tmp_path):
    import os

    env = dict(os.environ, ANTASENA_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    url = f"sqlite:///{tmp_path / 'wbs.db'}"
    done = _cli("wbs", "init", "--db", url, "--admin-password", "Admin-Rahasia-2026!", env=env)
    assert done.returncode == 0, done.stderr
    assert re.search(r"SHA-256 \(untuk poster\): ([0-9A-F]{2}:){31}[0-9A-F]{2}", done.stdout)
    assert (tmp_path / "wbs-intake" / "intake-key.pem").stat().st_mode & 0o077 == 0
    bad = _cli("wbs", "serve", "--db", url, "--port", "70000", env=env)
    assert bad.returncode == 2 and "Port 70000 tidak sah" in bad.stderr and "Traceback" not in bad.stderr
