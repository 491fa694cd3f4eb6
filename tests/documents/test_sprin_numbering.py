"""The numbering register: atomic allocation from two desks at once, cancelled numbers kept with a reason."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from antasena_desktop.documents import numbering, workflow
from antasena_desktop.i18n import UserError
from antasena_desktop.timefmt import wib
from db.database import open_database
from db.models import AuditLog, DocumentNumber, Sprin
from sprin_fixtures import KABAG, OPERATOR, make_plan


def approved_drafts(database, event_number: str, count: int) -> list[str]:
    """`count` approved orders of one event: the first an original, the others amendments of it
    (an event has one original order; the register numbers them all)."""
    ids = []
    with database.session() as session:
        for _ in range(count):
            sprin_id = workflow.create_draft(session, OPERATOR, event_number).ids("sprin")[0]
            if ids:
                session.get(Sprin, sprin_id).parent_id = ids[0]
            workflow.approve(session, KABAG, sprin_id)
            ids.append(sprin_id)
    return ids


def test_sequence_per_year_with_roman_month(database, plan):
    ids = approved_drafts(database, plan.event_number, 3)
    workflow.issue_with_retry(database, OPERATOR, ids[0], issued_at=wib(2026, 9, 30, 23, 0))
    workflow.issue_with_retry(database, OPERATOR, ids[1], issued_at=wib(2026, 10, 1, 8, 0))
    workflow.issue_with_retry(database, OPERATOR, ids[2], issued_at=wib(2027, 1, 2, 8, 0))
    with database.session() as session:
        numbers = [session.get(Sprin, i).number for i in ids]
        register = numbering.list_register(session, "sprin", 2026)
        years = numbering.register_years(session)
    assert numbers == ["Sprin/1/IX/OPS.1./2026", "Sprin/2/X/OPS.1./2026", "Sprin/1/I/OPS.1./2027"]
    assert [e.number for e in register] == numbers[1::-1]          # newest first
    assert register[0].event_number == plan.event_number and register[0].sprin_status == "issued"
    assert years == [2027, 2026]


def test_two_desks_issue_at_once_without_duplicate_or_gap(database_url, tmp_path, monkeypatch):
    """Two Database objects (separate engines and connection pools, as two desks would have) on
    one SQLite file, each issuing from its own thread at the same moment. No retry is allowed
    (attempts=1): the write lock taken before reading the last number must serialise them."""
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    url = database_url
    desk_a = open_database(url)
    desk_b = open_database(url, upgrade=False)
    with desk_a.session() as session:
        plan = make_plan(session, n_people=4, n_posts=2)
    per_desk = 12
    ids = approved_drafts(desk_a, plan.event_number, 2 * per_desk)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(database, mine):
        try:
            barrier.wait()
            for sprin_id in mine:
                workflow.issue_with_retry(database, OPERATOR, sprin_id, attempts=1,
                                          issued_at=wib(2026, 9, 14, 10, 0))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(desk_a, ids[:per_desk])),
               threading.Thread(target=worker, args=(desk_b, ids[per_desk:]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with desk_a.session() as session:
        rows = session.scalars(select(DocumentNumber).where(DocumentNumber.kind == "sprin")).all()
        orders = session.scalars(select(Sprin).where(Sprin.id.in_(ids))).all()
        problems = numbering.check_register(session, "sprin", 2026)
    seqs = sorted(r.seq for r in rows)
    assert seqs == list(range(1, 2 * per_desk + 1))                      # no duplicate, no gap
    assert len({o.number for o in orders}) == 2 * per_desk
    assert all(o.status == "issued" and o.number for o in orders)
    assert {r.sprin_id for r in rows} == set(ids)                         # one number per order
    assert problems == []
    desk_a.close()
    desk_b.close()


def test_same_order_issued_twice_at_once_gets_one_number(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    url = database_url
    desk_a, desk_b = open_database(url), None
    desk_b = open_database(url, upgrade=False)
    with desk_a.session() as session:
        plan = make_plan(session, n_people=4, n_posts=2)
    [sprin_id] = approved_drafts(desk_a, plan.event_number, 1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(database):
        barrier.wait()
        try:
            workflow.issue_with_retry(database, OPERATOR, sprin_id)
            outcomes.append("issued")
        except UserError:
            outcomes.append("refused")

    threads = [threading.Thread(target=worker, args=(d,)) for d in (desk_a, desk_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["issued", "refused"]
    with desk_a.session() as session:
        assert len(session.scalars(select(DocumentNumber)).all()) == 1
    desk_a.close()
    desk_b.close()


def test_cancelled_number_stays_with_reason_and_is_not_reused(database, plan):
    ids = approved_drafts(database, plan.event_number, 2)
    workflow.issue_with_retry(database, OPERATOR, ids[0], issued_at=wib(2026, 9, 14, 10))
    with database.session() as session:
        with pytest.raises(UserError):
            workflow.cancel(session, KABAG, ids[0], "  ")
    with database.session() as session:
        with pytest.raises(UserError):
            workflow.cancel(session, OPERATOR, ids[0], "salah ketik")          # issued: Kabag only
    with database.session() as session:
        workflow.cancel(session, KABAG, ids[0], "kegiatan dibatalkan penyelenggara")
    workflow.issue_with_retry(database, OPERATOR, ids[1], issued_at=wib(2026, 9, 15, 10))
    with database.session() as session:
        register = {e.seq: e for e in numbering.list_register(session, "sprin", 2026)}
        assert register[1].status == "dibatalkan" and register[1].reason == "kegiatan dibatalkan penyelenggara"
        assert register[1].sprin_status == "cancelled"
        assert register[2].status == "dipakai"
        assert numbering.check_register(session, "sprin", 2026) == []
        notes = [a.note for a in session.scalars(select(AuditLog).where(AuditLog.entity == "document_number"))]
        assert "kegiatan dibatalkan penyelenggara" in notes


def test_check_register_reports_gaps(database):
    from db.models import utcnow
    with database.session() as session:
        for seq in (1, 3):
            session.add(DocumentNumber(kind="sprin", year=2026, seq=seq, number=f"Sprin/{seq}/IX/OPS.1./2026",
                                       allocated_at=utcnow(), allocated_by="x"))
        session.add(DocumentNumber(kind="sprin", year=2026, seq=4, number="Sprin/4/IX/OPS.1./2026",
                                   status="dibatalkan", reason="", allocated_at=utcnow(), allocated_by="x"))
    with database.session() as session:
        problems = numbering.check_register(session, "sprin", 2026)
    assert any("hilang: 2" in p for p in problems)
    assert any("Sprin/4/IX/OPS.1./2026 dibatalkan tanpa alasan" in p for p in problems)


def test_failed_issue_leaves_no_number(database, plan, monkeypatch):
    [sprin_id] = approved_drafts(database, plan.event_number, 1)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workflow.audit, "update", boom)
    with pytest.raises(RuntimeError):
        workflow.issue_with_retry(database, OPERATOR, sprin_id)
    with database.session() as session:
        assert session.scalars(select(DocumentNumber)).all() == []
        assert session.get(Sprin, sprin_id).status == "approved"


def test_two_processes_issue_at_once(database_url, tmp_path, monkeypatch):
    import multiprocessing

    from sprin_fixtures import issue_in_process
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    url = database_url
    database = open_database(url)
    with database.session() as session:
        plan = make_plan(session, n_people=4, n_posts=2)
    ids = approved_drafts(database, plan.event_number, 16)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        together = manager.Barrier(2)          # both processes start issuing at the same moment
        with context.Pool(2) as pool:
            results = [pool.apply_async(issue_in_process, (url, str(tmp_path / "data"), part, together))
                       for part in (ids[:8], ids[8:])]
            numbers = [n for r in results for n in r.get(120)]
    assert len(set(numbers)) == 16
    with database.session() as session:
        seqs = sorted(session.scalars(select(DocumentNumber.seq)))
        assert seqs == list(range(1, 17))
        assert numbering.check_register(session, "sprin", 2026) == []
    database.close()


def test_approve_and_issue_in_one_transaction(database, plan):
    """A caller that already wrote in its transaction (it holds SQLite's write lock) can issue too."""
    with database.session() as session:
        sprin_id = workflow.create_draft(session, KABAG, plan.event_number).ids("sprin")[0]
        workflow.approve(session, KABAG, sprin_id)
        workflow.issue(session, KABAG, sprin_id, issued_at=wib(2026, 3, 2, 9))
        sprin_id2 = workflow.create_perubahan(session, KABAG, sprin_id, "tambah pos").ids("sprin")[0]
        workflow.approve(session, KABAG, sprin_id2)
        workflow.issue(session, KABAG, sprin_id2, issued_at=wib(2026, 3, 2, 10))
    with database.session() as session:
        assert session.get(Sprin, sprin_id).number == "Sprin/1/III/OPS.1./2026"
        assert session.get(Sprin, sprin_id2).number == "Sprin/2/III/OPS.1./2026"
