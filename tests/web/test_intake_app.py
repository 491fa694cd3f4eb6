"""The intake app over a real WBS database, in process (ASGI): pages, every protection, clean copies."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from antasena_desktop.web.health import Health
from antasena_desktop.web.wbs_intake import IntakeApp, IntakeSettings
from tests.web import media

PLANTED = "Kalimat-tertanam-Bendahara-Dinas-Zeta-menerima-transfer-ke-rekening-99817"


class FakeClock:
    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now


def token(page_html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page_html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def report_fields(**overrides) -> dict:
    fields = {
        "category": "korupsi", "what": PLANTED, "who": "Bendahara pengeluaran", "where": "Kantor Dinas Zeta",
        "when": "Maret 2026", "how": "Transfer ke rekening pribadi", "how_much": "Rp 150.000.000",
        "reported_party_name": "Sdr. X", "reported_party_position": "Bendahara",
        "reported_party_agency": "Dinas Zeta", "anonymous": "1", "not_involved": "1",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


class Harness:
    def __init__(self, world, config=IntakeSettings(), client_address=("198.51.100.23", 40000)):
        self.world = world
        self.clock = FakeClock()
        self.health = Health()
        self.slept: list[float] = []

        async def no_sleep(seconds):
            self.slept.append(seconds)

        self.intake = IntakeApp(world.database, self.health, config, clock=self.clock, sleep=no_sleep)
        self.client = TestClient(self.intake.asgi(), client=client_address,
                                 headers={"user-agent": "PlantedAgent/9.9 (Reporter-Laptop-77)"})

    def csrf(self, path="/lapor") -> str:
        return token(self.client.get(path).text)

    def submit(self, files=(), **overrides):
        data = {**report_fields(**overrides), "csrf_token": self.csrf()}
        return self.client.post("/lapor", data=data, files=list(files) or [("evidence", ("", b"", "application/octet-stream"))],
                                follow_redirects=False)

    def submit_and_receipt(self, files=(), **overrides) -> str:
        response = self.submit(files, **overrides)
        assert response.status_code == 303, response.text
        page = self.client.get("/lapor/terkirim").text
        return re.search(r'data-code="(\d{16})"', page).group(1)

    def track(self, receipt: str):
        return self.client.post("/lacak", data={"receipt": receipt, "csrf_token": self.csrf("/lacak")},
                                follow_redirects=False)


@pytest.fixture
def harness(wbs_world):
    return Harness(wbs_world)


def test_landing_shows_purpose_counters_and_both_languages(harness):
    harness.submit_and_receipt()
    page = harness.client.get("/")
    assert page.status_code == 200
    assert "Kerahasiaan identitas Anda terjamin" in page.text
    assert re.search(r'id="counter-received"><strong>1</strong>', page.text)
    assert re.search(r'id="counter-completed"><strong>0</strong>', page.text)
    english = harness.client.get("/?lang=en")
    assert "Reports and complaints received and handled by us." in english.text
    assert "Make a report" in harness.client.get("/lapor").text          # the choice is remembered
    assert "Buat Laporan" in harness.client.get("/lapor?lang=id").text


def test_report_with_evidence_gives_the_receipt_once_and_stores_clean_copies(harness, wbs_world):
    from antasena_desktop.wbs import crypto, intake
    from db.wbs.models import WbsAttachment

    files = [("evidence", ("IMG_2031.jpg", media.jpeg_with_gps(), "image/jpeg")),
             ("evidence", ("bukti.pdf", media.pdf_with_author(), "application/pdf"))]
    response = harness.submit(files)
    assert response.status_code == 303 and response.headers["location"] == "/lapor/terkirim"
    page = harness.client.get("/lapor/terkirim")
    receipt = re.search(r'data-code="(\d{16})"', page.text).group(1)
    assert "tidak dapat dipulihkan" in page.text and 'id="copy-receipt"' in page.text
    again = harness.client.get("/lapor/terkirim")
    assert again.status_code == 410 and receipt not in again.text

    with wbs_world.database.session() as session:
        view = intake.track(session, receipt)
        assert view.reference.startswith("WBS/")
        actor, keyring = wbs_world.handler(session)
        case_id = intake.open_with_receipt(session, receipt)[0].id
        key = keyring.case_key(session, case_id)
        rows = session.scalars(select(WbsAttachment).where(WbsAttachment.case_id == case_id)).all()
        metas = {r.id: (r.origin, crypto.unseal_json(key, r.meta_ct), crypto.unseal(key, r.data_ct)) for r in rows}
    originals = {m["filename"]: (rid, data) for rid, (origin, m, data) in metas.items() if origin == "reporter"}
    cleans = {m["clean_of"]: (m, data) for origin, m, data in metas.values() if origin == "clean"}
    assert set(originals) == {"IMG_2031.jpg", "bukti.pdf"}
    jpeg_id, jpeg = originals["IMG_2031.jpg"]
    pdf_id, pdf = originals["bukti.pdf"]
    assert media.CAMERA.encode() in jpeg                        # the original is kept as evidence
    clean_jpeg_meta, clean_jpeg = cleans[jpeg_id]
    clean_pdf_meta, clean_pdf = cleans[pdf_id]
    assert clean_jpeg_meta["filename"] == "IMG_2031 (salinan bersih).jpg"
    from PIL import Image
    with Image.open(io.BytesIO(clean_jpeg)) as image:
        assert len(image.getexif()) == 0
    assert media.CAMERA.encode() not in clean_jpeg
    import pikepdf
    with pikepdf.open(io.BytesIO(clean_pdf)) as doc:
        assert "/Author" not in doc.docinfo and "/Metadata" not in doc.Root
    raw = wbs_world.raw_bytes()
    assert PLANTED.encode() not in raw and media.CAMERA.encode() not in raw and media.AUTHOR.encode() not in raw


def test_csrf_refused_without_token_with_a_foreign_token_or_from_another_origin(harness, wbs_world):
    from antasena_desktop.wbs import intake

    no_token = harness.client.post("/lapor", data=report_fields(), files=[("x", ("", b"", "text/plain"))])
    assert no_token.status_code == 403 and "token keamanan tidak cocok" in no_token.text
    other = Harness(wbs_world)
    foreign = harness.client.post("/lapor", data={**report_fields(), "csrf_token": other.csrf()},
                                  files=[("x", ("", b"", "text/plain"))])
    assert foreign.status_code == 403
    cross = harness.client.post("/lapor", data={**report_fields(), "csrf_token": harness.csrf()},
                                headers={"origin": "https://situs-lain.example"}, files=[("x", ("", b"", "text/plain"))])
    assert cross.status_code == 403
    reply = harness.client.post("/lacak/balas", data={"text": "hai"})
    assert reply.status_code == 403
    assert harness.health.counts["csrf_refused"] == 4
    with wbs_world.database.session() as session:
        assert intake.public_counters(session).received == 0


def test_reports_per_hour_are_limited_per_client(wbs_world):
    harness = Harness(wbs_world, IntakeSettings(reports_per_hour=2))
    assert harness.submit().status_code == 303
    assert harness.submit().status_code == 303
    refused = harness.submit()
    assert refused.status_code == 429 and "Coba lagi dalam" in refused.text
    assert int(refused.headers["retry-after"]) > 0
    assert harness.health.counts["rate_limited_reports"] == 1
    elsewhere = Harness(wbs_world, IntakeSettings(reports_per_hour=2), client_address=("198.51.100.99", 1))
    elsewhere.intake.guards = harness.intake.guards          # same server, another reporter
    assert elsewhere.submit().status_code == 303
    harness.clock.now += 3601
    assert harness.submit().status_code == 303


def test_guessing_receipts_meets_a_growing_delay_and_the_per_minute_limit(wbs_world):
    harness = Harness(wbs_world, IntakeSettings(track_per_minute=5, failure_delay_base=2))
    first = harness.track("1234567812345678")
    assert first.status_code == 404 and "tidak ditemukan" in first.text and "2 detik" in first.text
    refused = harness.track("1234567812345679")               # inside the delay: refused before any lookup
    assert refused.status_code == 429
    harness.clock.now += 2.5
    second = harness.track("1234567812345670")
    assert second.status_code == 404 and "4 detik" in second.text
    for _ in range(3):
        harness.clock.now += 30
        harness.track("0000000000000000")
    assert harness.health.counts["tracking_failed"] == 5
    assert harness.health.counts["rate_limited_failures"] == 1


def test_tracking_attempts_per_minute_are_limited_even_without_failures_delay(wbs_world):
    harness = Harness(wbs_world, IntakeSettings(track_per_minute=5, failure_delay_base=0))
    statuses = [harness.track(f"{n:016d}").status_code for n in range(6)]
    assert statuses == [404] * 5 + [429]
    assert harness.health.counts["rate_limited_tracking"] == 1
    harness.clock.now += 61
    assert harness.track("0000000000000009").status_code == 404


def test_ten_thousand_guesses_get_nowhere(wbs_world):
    """An attacker's burst: almost everything is refused before any Argon2id lookup is made."""
    harness = Harness(wbs_world, IntakeSettings(track_per_minute=10))
    receipt = harness.submit_and_receipt()
    statuses = {}
    attacker = Harness(wbs_world, client_address=("203.0.113.66", 1))
    attacker.intake, attacker.client = harness.intake, TestClient(harness.intake.asgi(), client=("203.0.113.66", 1))
    tok = attacker.csrf("/lacak")
    for guess in range(10_000):
        code = f"{guess:016d}"
        response = attacker.client.post("/lacak", data={"receipt": code, "csrf_token": tok}, follow_redirects=False)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    assert statuses.get(303, 0) == 0
    assert statuses[429] >= 9_990                       # refused outright, no lookup
    assert harness.health.counts["tracking_failed"] <= 10
    # the real reporter, elsewhere, still gets in
    assert harness.track(receipt).status_code == 303


def test_uploads_refused_by_size_count_and_content_type(harness, wbs_world):
    from antasena_desktop.wbs import intake

    odd = harness.submit([("evidence", ("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"))])
    assert odd.status_code == 400
    assert "foto.jpg" in odd.text and "tidak diterima (dikenali dari isinya)" in odd.text
    limit = harness.intake.form_limits.max_file_size
    big = harness.submit([("evidence", ("besar.pdf", b"%PDF-1.4\n" + b"0" * limit, "application/pdf"))])
    assert big.status_code == 413 and "besar.pdf" in big.text and "terlalu besar" in big.text
    many = harness.submit([("evidence", (f"c{i}.txt", b"catatan", "text/plain"))
                           for i in range(harness.intake.form_limits.max_files + 1)])
    assert many.status_code == 413 and "Terlalu banyak berkas" in many.text
    assert harness.health.counts["uploads_refused"] == 2
    with wbs_world.database.session() as session:
        assert intake.public_counters(session).received == 0


def test_missing_fields_are_named_and_the_text_is_kept(harness):
    response = harness.submit(where="", reported_party_agency="", not_involved=None)
    assert response.status_code == 400
    assert "Di mana" in response.text and "Perangkat daerah pihak yang dilaporkan" in response.text
    assert "Pernyataan bukan bagian dari pelanggaran" in response.text
    assert PLANTED in response.text                       # what the reporter typed is not lost
    assert 'class="field invalid"' in response.text


def test_no_address_or_user_agent_is_stored(harness, wbs_world):
    receipt = harness.submit_and_receipt(files=[("evidence", ("n.txt", b"catatan bukti", "text/plain"))])
    assert harness.track(receipt).status_code == 303
    harness.track("9999999999999999")
    raw = wbs_world.raw_bytes()
    for planted in (b"198.51.100.23", b"PlantedAgent", b"Reporter-Laptop-77"):
        assert planted not in raw
    assert receipt.encode() not in raw


def test_tracking_reply_evidence_and_identity_later(harness, wbs_world):
    from antasena_desktop.wbs import intake

    receipt = harness.submit_and_receipt()
    assert harness.track(receipt).status_code == 303
    page = harness.client.get("/lacak")
    assert "Laporan WBS/" in page.text and 'id="status"' in page.text
    tok = token(page.text)
    sent = harness.client.post("/lacak/balas", data={"text": "Saya punya bukti tambahan.", "csrf_token": tok})
    assert sent.status_code == 200 and "Balasan Anda terkirim" in sent.text and "Saya punya bukti tambahan." in sent.text
    added = harness.client.post("/lacak/bukti", data={"csrf_token": tok},
                                files=[("evidence", ("tambahan.png", _png(), "image/png"))])
    assert added.status_code == 200 and "1 berkas bukti ditambahkan" in added.text
    identity = harness.client.post("/lacak/identitas", data={"name": "Budi", "nip": "198001012005011001",
                                                              "contact": "0812-0000-1111", "csrf_token": tok})
    assert identity.status_code == 200 and "tersimpan dan disegel" in identity.text
    again = harness.client.post("/lacak/identitas", data={"name": "Budi", "csrf_token": tok})
    assert again.status_code == 400
    with wbs_world.database.session() as session:
        view = intake.track(session, receipt)
    assert view.identity_given and [m.text for m in view.messages] == ["Saya punya bukti tambahan."]
    assert "tambahan.png" in view.attachments and "tambahan (salinan bersih).png" in view.attachments
    left = harness.client.post("/lacak/keluar", data={"csrf_token": tok}, follow_redirects=False)
    assert left.status_code == 303
    assert 'id="track-form"' in harness.client.get("/lacak").text          # the session is gone
    raw = wbs_world.raw_bytes()
    assert b"198001012005011001" not in raw and b"Saya punya bukti tambahan." not in raw


def _png() -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", media.AUTHOR)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_strict_headers_on_pages_static_files_and_errors(harness):
    from antasena_desktop.web.security import CONTENT_SECURITY_POLICY

    for path, status in (("/", 200), ("/lapor", 200), ("/lacak", 200), ("/static/intake.css", 200),
                         ("/static/intake.js", 200), ("/tidak-ada", 404), ("/static/../../etc/passwd", 404)):
        response = harness.client.get(path)
        assert response.status_code == status, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert "server" not in response.headers
    fresh = TestClient(harness.intake.asgi())
    cookie = fresh.get("/lapor").headers["set-cookie"].lower()
    assert cookie.startswith("csrf=") and "httponly" in cookie and "samesite=strict" in cookie


def test_templates_have_no_inline_script_style_or_outside_resources():
    from antasena_desktop.resources import resource_path

    for template in resource_path("web", "intake", "templates").glob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html), template.name
        assert not re.search(r"\son[a-z]+=", html), template.name           # no inline event handlers
        assert " style=" not in html and "<style" not in html, template.name
        assert not re.search(r"(src|href)=\"(https?:)?//", html), template.name   # nothing from another origin


def test_identified_report_seals_the_identity_and_needs_a_name(harness, wbs_world):
    from antasena_desktop.wbs import intake

    refused = harness.submit(anonymous="0")
    assert refused.status_code == 400 and "Nama pelapor" in refused.text
    receipt = harness.submit_and_receipt(anonymous="0", identity_name="Pelapor-Bernama-Rahmat-8812",
                                         identity_contact="0813-5555-0000")
    with wbs_world.database.session() as session:
        assert intake.track(session, receipt).identity_given
    assert b"Pelapor-Bernama-Rahmat-8812" not in wbs_world.raw_bytes()
