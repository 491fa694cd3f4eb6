"""The portal app in process (ASGI) over a real database: what each kind sees, every refusal, the
protections (CSRF, rate limit, lockout, session expiry), and the audit of logins."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from antasena_desktop.services import news, stakeholders
from antasena_desktop.timefmt import format_date_id, to_wib
from antasena_desktop.web.portal import PortalApp, PortalSettings
from db.models import AuditLog, Event
from tests.portal.world import ADMIN, ASSESSOR, INTEL_NOTE, KINDS, PASSWORD, LANTAS_PEOPLE, SAMAPTA_PEOPLE


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Portal:
    def __init__(self, world, config=PortalSettings(), address="203.0.113.7"):
        self.world, self.clock = world, FakeClock()
        self.app = PortalApp(world.database, config=config, clock=self.clock)
        self.client = TestClient(self.app.asgi(), base_url="https://testserver", client=(address, 5000),
                                 follow_redirects=False)

    def login(self, username: str, password: str = PASSWORD):
        csrf = token(self.client.get("/masuk").text)
        return self.client.post("/masuk", data={"username": username, "password": password, "csrf_token": csrf,
                                                "next": "/beranda"})


@pytest.fixture
def portal(world):
    return Portal(world)


def logged_in(world, kind: str) -> Portal:
    portal = Portal(world)
    response = portal.login(world.username(kind))
    assert response.status_code == 303 and response.headers["location"] == "/beranda"
    return portal


# ---------------------------------------------------------------- what each kind sees

def test_pemkot_sees_counts_only_and_no_assessment(world):
    portal = logged_in(world, "pemkot")
    home = portal.client.get("/beranda")
    assert home.status_code == 200 and "Bappeda Kota Palembang" in home.text and "Hanya jumlah" in home.text
    calendar = portal.client.get("/kalender").text
    assert "Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel" in calendar and "Konser Musik di Benteng Kuto Besak" in calendar
    event = portal.client.get(f"/kegiatan/{world.event_ids['demo']}").text
    assert "Pos Gerbang DPRD" in event and "2 dari 4 personel" in event and "3 dari 6 personel" in event
    for page in (calendar, event):
        assert INTEL_NOTE not in page and ASSESSOR not in page and "kerawanan" not in page.lower()
        for nrp, name in SAMAPTA_PEOPLE + LANTAS_PEOPLE:
            assert nrp not in page and name not in page
    with world.database.session() as s:
        start = s.scalar(select(Event.start_at).where(Event.id == world.event_ids["demo"]))
    assert format_date_id(to_wib(start)) in event and " WIB" in event      # "14 Februari 2024", "08.00 WIB"


def test_pemkot_names_profile_shows_names(world):
    event = logged_in(world, "pemkot_names").client.get(f"/kegiatan/{world.event_ids['demo']}").text
    for nrp, name in (SAMAPTA_PEOPLE + LANTAS_PEOPLE)[:3]:
        assert name in event and nrp in event


def test_satker_sees_its_own_people_and_history_only(world):
    portal = logged_in(world, "satker")
    event = portal.client.get(f"/kegiatan/{world.event_ids['demo']}").text
    for nrp, name in SAMAPTA_PEOPLE:
        assert name in event and nrp in event
    assert LANTAS_PEOPLE[0][1] not in event and "1 personel tidak ditampilkan namanya" in event
    history = portal.client.get("/riwayat")
    assert history.status_code == 200 and "Budi Santoso Samapta" in history.text and "Pos Gerbang DPRD" in history.text
    assert LANTAS_PEOPLE[0][1] not in history.text
    assert 'href="/riwayat"' in portal.client.get("/beranda").text


def test_english_switch(world):
    portal = logged_in(world, "organiser")
    page = portal.client.get("/kalender?lang=en").text
    assert "Calendar of community events" in page and 'lang="en"' in page
    assert "Calendar of community events" in portal.client.get("/kalender").text      # remembered by cookie
    assert "Kalender Kegiatan Masyarakat" in portal.client.get("/kalender?lang=id").text


# ---------------------------------------------------------------- every forbidden view, every kind

FORBIDDEN = {
    "pemkot": ["/riwayat"],
    "pemkot_names": ["/riwayat"],
    "satker": ["/kegiatan/{concert}"],
    "organiser": ["/riwayat", "/kegiatan/{concert}"],
    "polri_unit": ["/riwayat", "/kegiatan/{concert}"],
}
ALLOWED = {
    "pemkot": ["/beranda", "/kalender", "/kegiatan/{demo}", "/kegiatan/{concert}", "/berita"],
    "pemkot_names": ["/kegiatan/{concert}"],
    "satker": ["/kegiatan/{demo}", "/riwayat", "/berita"],
    "organiser": ["/kegiatan/{demo}", "/kalender"],
    "polri_unit": ["/kegiatan/{demo}", "/berita"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_forbidden_view_is_403_for_each_kind(world, kind):
    portal = logged_in(world, kind)
    for url in (u.format(**world.event_ids) for u in FORBIDDEN[kind]):
        response = portal.client.get(url)
        assert response.status_code == 403, (kind, url)
        assert "Akses ditolak" in response.text
        for _nrp, name in SAMAPTA_PEOPLE + LANTAS_PEOPLE:
            assert name not in response.text
    for url in (u.format(**world.event_ids) for u in ALLOWED[kind]):
        assert portal.client.get(url).status_code == 200, (kind, url)
    assert portal.app.health.counts["forbidden"] == len(FORBIDDEN[kind])


def test_a_linked_event_opens_for_the_account(world):
    with world.database.session() as s:
        stakeholders.update_account(s, ADMIN, world.accounts["polri_unit"], {}, [world.event_ids["concert"]])
    portal = logged_in(world, "polri_unit")
    assert portal.client.get(f"/kegiatan/{world.event_ids['concert']}").status_code == 200
    with world.database.session() as s:                  # the link is taken away: refused on the next request
        stakeholders.update_account(s, ADMIN, world.accounts["polri_unit"], {}, [])
    assert portal.client.get(f"/kegiatan/{world.event_ids['concert']}").status_code == 403


def test_without_login_every_page_sends_to_the_login(portal, world):
    for url in ("/beranda", "/kalender", f"/kegiatan/{world.event_ids['demo']}", "/riwayat", "/berita",
                "/berita/x", "/berita/x/lampiran/y"):
        response = portal.client.get(url)
        assert response.status_code == 303 and response.headers["location"].startswith("/masuk?next=")
    assert portal.client.get("/kegiatan/tidak-ada").status_code == 303
    assert logged_in(world, "pemkot").client.get("/kegiatan/tidak-ada").status_code == 404


def test_a_deactivated_account_loses_its_session(world):
    portal = logged_in(world, "organiser")
    with world.database.session() as s:
        stakeholders.update_account(s, ADMIN, world.accounts["organiser"], {"active": False})
    assert portal.client.get("/kalender").status_code == 303


# ---------------------------------------------------------------- news from the desk

def test_news_posted_on_the_desk_is_read_with_its_attachment(world):
    portal = logged_in(world, "satker")
    with world.database.session() as s:
        post_id = news.create_post(s, ADMIN, {"title": "Pengalihan arus Jembatan Ampera", "body": "Mulai 06.00 WIB\n<b>tebal</b>"},
                                   [("peta arus.pdf", b"%PDF-1.4 peta")]).created("news_post")[0]
    listing = portal.client.get("/berita").text
    assert "Pengalihan arus Jembatan Ampera" in listing
    assert "Pengalihan arus Jembatan Ampera" in portal.client.get("/berita?jenis=berita").text
    assert "Pengalihan arus Jembatan Ampera" not in portal.client.get("/berita?jenis=pengetahuan").text
    page = portal.client.get(f"/berita/{post_id}").text
    assert "Mulai 06.00 WIB<br>&lt;b&gt;tebal&lt;/b&gt;" in page           # escaped, lines kept
    link = re.search(r'href="(/berita/[^"]+/lampiran/[^"]+)"', page).group(1)
    download = portal.client.get(link)
    assert download.content == b"%PDF-1.4 peta" and download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith("attachment;")
    with world.database.session() as s:
        news.withdraw_post(s, ADMIN, post_id)
    assert portal.client.get(f"/berita/{post_id}").status_code == 404
    assert portal.client.get(link).status_code == 404


# ---------------------------------------------------------------- protections

def test_headers_and_cookies(world):
    portal = Portal(world)
    page = portal.client.get("/masuk")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    response = portal.login("pemkot")
    cookie = response.headers["set-cookie"]
    assert "portal_sesi=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie


def test_login_and_logout_need_the_csrf_token(world):
    portal = Portal(world)
    portal.client.get("/masuk")
    refused = portal.client.post("/masuk", data={"username": "pemkot", "password": PASSWORD, "csrf_token": "0" * 64})
    assert refused.status_code == 403
    cross = portal.client.post("/masuk", headers={"sec-fetch-site": "cross-site"},
                               data={"username": "pemkot", "password": PASSWORD,
                                     "csrf_token": token(portal.client.get("/masuk").text)})
    assert cross.status_code == 403
    portal = logged_in(world, "pemkot")
    assert portal.client.post("/keluar", data={"csrf_token": "x"}).status_code == 403
    assert portal.client.get("/kalender").status_code == 200
    out = portal.client.post("/keluar", data={"csrf_token": token(portal.client.get("/beranda").text)})
    assert out.status_code == 303 and portal.client.get("/kalender").status_code == 303
    with world.database.session() as s:
        assert s.scalar(select(AuditLog.username).where(AuditLog.action == "portal_logout")) == "portal:pemkot"


def test_failed_logins_wait_longer_and_lock_the_account(world):
    portal = Portal(world)
    first = portal.login("satker", "salah-1")
    assert first.status_code == 401 and "Nama akun atau kata sandi salah" in first.text
    assert "setelah 1 detik" in first.text
    assert portal.login("satker", "salah-2").status_code == 429      # still inside the delay
    for n in range(2, stakeholders.MAX_FAILED_ATTEMPTS + 1):
        portal.clock.now += 600
        assert portal.login("satker", f"salah-{n}").status_code == 401
    portal.clock.now += 600
    locked = portal.login("satker", PASSWORD)
    assert locked.status_code == 401 and "terkunci" in locked.text
    with world.database.session() as s:
        actions = s.scalars(select(AuditLog.note).where(AuditLog.action == "portal_login_gagal")).all()
    assert len(actions) == stakeholders.MAX_FAILED_ATTEMPTS + 1 and "akun dikunci" in actions[-2]


def test_logins_per_minute_are_limited_per_client(world):
    portal = Portal(world, PortalSettings(logins_per_minute=3))
    for _ in range(3):
        assert portal.login("pemkot").status_code == 303
    refused = portal.login("pemkot")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    other = Portal(world, PortalSettings(logins_per_minute=3), address="203.0.113.8")
    assert other.login("pemkot").status_code == 303
    portal.clock.now += 61
    assert portal.login("pemkot").status_code == 303


def test_sessions_expire_idle_and_absolutely(world):
    portal = logged_in(world, "pemkot")
    portal.clock.now += PortalSettings().session_idle_seconds + 1
    assert portal.client.get("/kalender").status_code == 303
    portal = logged_in(world, "pemkot")
    for _ in range(20):                                   # kept busy, still ends after the maximum
        portal.clock.now += 25 * 60
        portal.client.get("/kalender")
    assert portal.clock.now - 1000 > PortalSettings().session_max_seconds
    assert portal.client.get("/kalender").status_code == 303


def test_every_login_is_audited(world):
    logged_in(world, "pemkot")
    logged_in(world, "satker")
    with world.database.session() as s:
        rows = s.execute(select(AuditLog.username, AuditLog.entity_id, AuditLog.source)
                         .where(AuditLog.action == "portal_login").order_by(AuditLog.id)).all()
    assert rows == [("portal:pemkot", world.accounts["pemkot"], "portal"),
                    ("portal:satker", world.accounts["satker"], "portal")]
