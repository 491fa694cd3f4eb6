"""Small plan data for the documents tests and the benchmark: units, personnel, an event with posts."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from antasena_desktop.services import settings as app_settings
from antasena_desktop.services.security import SYSTEM
from antasena_desktop.timefmt import wib
from db.models import Assignment, Event, Personnel, Post, PostRequirement, SecurityRequest, Unit

RANK_POOL = ["AKBP", "KOMPOL", "AKP", "IPTU", "IPDA", "AIPTU", "AIPDA", "BRIPKA", "BRIGPOL", "BRIPTU", "BRIPDA",
             "BHARADA", "PENATA"]
FIRST = ["Ahmad", "Budi", "Citra", "Dedi", "Eko", "Fitri", "Gunawan", "Hendra", "Indah", "Joko", "Kurnia", "Lestari",
         "Muhammad", "Nurul", "Oki", "Putra", "Rahmat", "Sari", "Taufik", "Wahyu", "Yusuf", "Zainal"]
LAST = ["Saputra", "Pratama", "Wijaya", "Kurniawan", "Hidayat", "Siregar", "Harahap", "Nasution", "Purba",
        "Rahman", "Santoso", "Setiawan", "Syahputra", "Firmansyah", "Ramadhan", "Lubis"]


@dataclass
class PlanFixture:
    event_id: str
    event_number: str
    people: list[tuple[str, str]] = field(default_factory=list)   # (name, nrp) of every assigned person
    post_names: list[str] = field(default_factory=list)


def make_plan(session, n_people: int = 12, n_posts: int = 3, seed: int = 7, number: str = "KEG/2026/0001",
              kind: str = "unjuk_rasa", start: datetime | None = None, letter: str = "B/123/IX/2026/Aliansi",
              signatory: tuple[str, str] = ("HARRYO SUGIHHARTONO, S.I.K., M.H.", "73070704")) -> PlanFixture:
    """Create units, `n_people` personnel spread over `n_posts` posts of one event, all assigned."""
    rng = random.Random(seed)
    settings = app_settings.load(session)
    settings.signatory_name, settings.signatory_nrp = signatory
    app_settings.store(session, SYSTEM, settings)
    units = []
    for code, name, short in [("RESTABES", "Polrestabes Palembang", "Polrestabes Plg"),
                              ("SAMAPTA", "Sat Samapta Polrestabes Palembang", "Sat Samapta"),
                              ("PS-IB1", "Polsek Ilir Barat I", "Polsek IB I")]:
        unit = Unit(code=f"{code}-{seed}-{number[-4:]}", name=name, short_name=short, kind="satfung")
        session.add(unit)
        units.append(unit)
    session.flush()
    start = start or wib(2026, 9, 14, 8, 0)
    end = start + timedelta(hours=9)
    event = Event(number=number, title="Aksi Damai Aliansi Mahasiswa Sumsel", kind=kind, organiser="Aliansi Mahasiswa",
                  address="Bundaran Air Mancur, Jl. Jend. Sudirman", start_at=start, end_at=end, status="direncanakan")
    session.add(event)
    session.flush()
    if letter:
        session.add(SecurityRequest(intake_number=f"PRM/{number}", received_at=start - timedelta(days=7), channel="surat",
                                    requester_name="Koordinator Aksi", requester_org="Aliansi Mahasiswa Sumsel",
                                    subject="pemberitahuan aksi unjuk rasa", letter_number=letter, event_id=event.id))
    fixture = PlanFixture(event.id, number)
    posts = []
    for p in range(n_posts):
        post = Post(event_id=event.id, name=f"Pos Pam {p + 1} Bundaran", lat=-2.99 + p * 0.001, lon=104.76,
                    start_at=start, end_at=end)
        session.add(post)
        posts.append(post)
        fixture.post_names.append(post.name)
    session.flush()
    requirements = []
    for post in posts:
        lead = PostRequirement(post_id=post.id, position=0, count=1, role_label="Danpos")
        crew = PostRequirement(post_id=post.id, position=1, count=max(1, n_people), function_code="dalmas")
        session.add_all([lead, crew])
        requirements.append((lead, crew))
    session.flush()
    used_nrp = set()
    for i in range(n_people):
        while True:
            nrp = f"{rng.randint(60, 99):02d}{rng.randint(0, 999999):06d}"
            if nrp not in used_nrp:
                used_nrp.add(nrp)
                break
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {chr(65 + i % 26)}{i}"
        person = Personnel(nrp=nrp, name=name, rank_code=rng.choice(RANK_POOL), jabatan="Banit",
                           unit_id=units[i % len(units)].id, gender="M" if i % 5 else "F",
                           phone=f"0812{rng.randint(1000000, 9999999)}")
        session.add(person)
        session.flush()
        post_index = i % n_posts
        lead, crew = requirements[post_index]
        requirement = lead if i < n_posts else crew
        session.add(Assignment(requirement_id=requirement.id, post_id=posts[post_index].id, personnel_id=person.id,
                               start_at=start, end_at=end))
        fixture.people.append((name, nrp))
    session.flush()
    return fixture


# --- helpers shared by the tests -------------------------------------------------------------------
from antasena_desktop.services.security import Actor, Role  # noqa: E402

OPERATOR = Actor("operator1", Role.OPERATOR_OPS)
KABAG = Actor("kabagops", Role.PIMPINAN)
VIEWER = Actor("tamu", Role.VIEWER)


def pdf_pages_text(path) -> list[str]:
    """Text of each page, whitespace collapsed (pypdf). Not NFKC-normalised on purpose: the renderer
    turns ligatures off, so "Taufik" must be found as typed, not as "Tauﬁk"."""
    import re

    from pypdf import PdfReader
    reader = PdfReader(str(path))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def pdf_text(path) -> str:
    return " ".join(pdf_pages_text(path))


def issue_in_process(url: str, data_dir: str, sprin_ids: list[str], barrier) -> list[str]:
    """Child-process worker of the numbering test: issue each order once (no retry), return the numbers."""
    import os
    os.environ["ANTASENA_DATA_DIR"] = data_dir
    from antasena_desktop.documents import workflow
    from antasena_desktop.timefmt import wib
    from db.database import open_database
    from db.models import Sprin
    database = open_database(url, upgrade=False)
    barrier.wait(60)
    for sprin_id in sprin_ids:
        workflow.issue_with_retry(database, OPERATOR, sprin_id, attempts=1, issued_at=wib(2026, 9, 14, 10))
    with database.session() as session:
        numbers = [session.get(Sprin, i).number for i in sprin_ids]
    database.close()
    return numbers
