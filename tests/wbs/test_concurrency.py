"""Concurrent writers (the intake server and the desk share one database): no lost report, no
duplicate reference, counters exact, the audit chain unforked."""
from __future__ import annotations

import copy
import threading

from sqlalchemy import func, select

from antasena_desktop.wbs import audit, cases, intake
from db.wbs.models import WbsCase, WbsMessage

from .conftest import FORM


def run_threads(target, count: int) -> list[str]:
    errors: list[str] = []

    def guarded(n):
        try:
            target(n)
        except Exception as exc:  # noqa: BLE001 - collected and asserted empty below
            errors.append(repr(exc))
    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_parallel_submissions_and_replies_lose_nothing(wbs):
    done: list[intake.Submitted] = []

    def submit(_n):
        for _ in range(4):
            with wbs.database.session() as session:
                done.append(intake.submit_report(session, copy.deepcopy(FORM)))
    assert run_threads(submit, 4) == []
    assert len(done) == 16 and len({d.reference for d in done}) == 16
    target = done[0]
    actor, keyring = wbs.login("verifikator1")

    def converse(n):
        for i in range(3):
            with wbs.database.session() as session:
                if n % 2:
                    intake.reporter_reply(session, target.receipt, f"balasan {n}-{i}")
                else:
                    cases.send_message(session, actor, keyring, target.case_id, f"pesan {n}-{i}")
    assert run_threads(converse, 4) == []
    with wbs.database.session() as session:
        case = session.get(WbsCase, target.case_id)
        stored = session.scalar(select(func.count()).select_from(WbsMessage).where(WbsMessage.case_id == case.id))
        assert case.message_count == stored == 12
        assert audit.verify(session) is None
        assert session.scalar(select(func.count()).select_from(WbsCase)) == 16
