"""Simultaneous reporters on the real server process: every report gets its own case and reference."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.web.conftest import RunningServer
from tests.web.test_intake_app import report_fields


def _report_and_track(base: str, n: int) -> tuple[str, str]:
    with httpx.Client(base_url=base, verify=False, timeout=120, follow_redirects=True) as client:
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/lapor").text).group(1)
        page = client.post("/lapor", data={**report_fields(what=f"Laporan serentak nomor {n}"), "csrf_token": token},
                           files=[("evidence", (f"catatan{n}.txt", f"catatan {n}".encode(), "text/plain"))])
        assert page.status_code == 200, page.text[:500]
        receipt = re.search(r'data-code="(\d{16})"', page.text).group(1)
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/lacak").text).group(1)
        tracked = client.post("/lacak", data={"receipt": receipt, "csrf_token": token})
        assert tracked.status_code == 200 and 'id="status"' in tracked.text
        reference = re.search(r"Laporan (WBS/\d{4}/\d{4})", tracked.text).group(1)
        return receipt, reference


def test_simultaneous_reports_get_distinct_cases(wbs_world, spool):
    from antasena_desktop.wbs import audit, intake

    server = RunningServer(wbs_world, insecure_http=False, spool=spool,
                           extra=["--reports-per-hour", "1000", "--track-per-minute", "1000"])
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda n: _report_and_track(server.base, n), range(8)))
    finally:
        server.process.stop()
    assert len({r for r, _ in results}) == 8 and len({ref for _, ref in results}) == 8
    with wbs_world.database.session() as session:
        assert intake.public_counters(session).received == 8
        assert audit.verify(session) is None                  # the audit chain did not fork
