"""The app-independent web pieces: limits, CSRF, headers, in-memory forms, sniffing, clean copies, TLS."""
from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from antasena_desktop.web import clean, sniff
from antasena_desktop.web.forms import FormLimits, FormTooLarge, read_form
from antasena_desktop.web.health import Health, read_status
from antasena_desktop.web.ratelimit import ClientKeys, FailureBackoff, SlidingWindow
from antasena_desktop.web.security import CONTENT_SECURITY_POLICY, CsrfTokens, SecurityHeadersMiddleware, same_origin
from antasena_desktop.web.tls import ensure_certificate, generate_certificate, load_certificate
from tests.web import media


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_sliding_window_refuses_the_attempt_over_the_limit_and_recovers_after_the_period():
    clock = FakeClock()
    window = SlidingWindow(limit=3, period=60, clock=clock)
    assert [window.hit("a").allowed for _ in range(3)] == [True, True, True]
    refused = window.hit("a")
    assert not refused.allowed and 1 <= refused.retry_after <= 60
    assert window.hit("b").allowed            # other clients are not affected
    clock.now += 61
    assert window.hit("a").allowed


def test_failure_backoff_grows_and_a_success_clears_it():
    clock = FakeClock()
    backoff = FailureBackoff(base=1, cap=30, clock=clock)
    delays = [backoff.failed("k") for _ in range(7)]
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    assert not backoff.check("k").allowed
    clock.now += 31
    assert backoff.check("k").allowed
    backoff.succeeded("k")
    assert backoff.failures("k") == 0


def test_client_keys_hide_the_address_and_differ_per_process():
    one, two = ClientKeys(), ClientKeys()
    assert one.key("10.1.2.3") == one.key("10.1.2.3")
    assert "10.1.2.3" not in one.key("10.1.2.3")
    assert one.key("10.1.2.3") != two.key("10.1.2.3")


def test_csrf_token_is_bound_to_the_cookie_and_the_purpose():
    tokens = CsrfTokens(os.urandom(32))
    cookie = tokens.new_cookie_value()
    token = tokens.token_for(cookie)
    assert tokens.is_valid(cookie, token)
    assert not tokens.is_valid(tokens.new_cookie_value(), token)
    assert not tokens.is_valid(cookie, tokens.token_for(cookie, "other"))
    assert not tokens.is_valid(cookie, None) and not tokens.is_valid(None, token)
    with pytest.raises(ValueError):
        CsrfTokens(b"short")


def test_same_origin_check():
    assert same_origin({}, "wbs.lan:8443")
    assert same_origin({"origin": "https://wbs.lan:8443"}, "wbs.lan:8443")
    assert not same_origin({"origin": "https://evil.example"}, "wbs.lan:8443")
    assert same_origin({"origin": "null", "sec-fetch-site": "same-origin"}, "wbs.lan:8443")   # no-referrer posts
    assert not same_origin({"origin": "null", "sec-fetch-site": "cross-site"}, "wbs.lan:8443")
    assert not same_origin({"sec-fetch-site": "same-site"}, "wbs.lan:8443")


def _form_app(limits: FormLimits):
    async def echo(request):
        try:
            form = await read_form(request, limits)
        except FormTooLarge as exc:
            return PlainTextResponse(exc.text.render("en"), status_code=exc.status)
        return JSONResponse({"fields": form.fields,
                             "files": [[f.field, f.filename, len(f.data), f.data[:8].hex()] for f in form.files]})

    async def hello(request):
        return PlainTextResponse("hi", headers={"cache-control": "public, max-age=9"})

    app = Starlette(routes=[Route("/echo", echo, methods=["POST"]), Route("/", hello)])
    return SecurityHeadersMiddleware(app)


def test_security_headers_on_every_response_and_they_replace_weaker_ones():
    client = TestClient(_form_app(FormLimits()))
    for response in (client.get("/"), client.get("/missing")):
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"


def test_multipart_is_read_in_memory_within_limits(tmp_path, monkeypatch):
    import tempfile

    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    limits = FormLimits(max_body=3 * 1024 * 1024, max_file_size=2 * 1024 * 1024, max_files=2)
    client = TestClient(_form_app(limits))
    big = b"\xff\xd8\xff" + os.urandom(1_800_000)     # above Starlette's 1 MB spooling threshold
    response = client.post("/echo", data={"what": "uang", "x": ["1", "2"]},
                           files=[("evidence", ("C:\\Users\\budi\\foto.jpg", big, "image/jpeg")),
                                  ("evidence", ("", b"", "application/octet-stream"))])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["fields"] == {"what": ["uang"], "x": ["1", "2"]}
    assert body["files"] == [["evidence", "foto.jpg", len(big), big[:8].hex()]]    # path stripped, empty input dropped
    assert list(spool.iterdir()) == []


@pytest.mark.parametrize("case, expected", [
    ("file", "at most 1 MB per file"),
    ("count", "Too many files: at most 2"),
    ("body", "at most 2 MB at once"),
    ("field", "is too long"),
])
def test_form_limits_refuse_with_a_clear_message(case, expected):
    limits = FormLimits(max_body=2 * 1024 * 1024, max_file_size=1024 * 1024, max_files=2, max_field_size=100)
    client = TestClient(_form_app(limits))
    files, data = [], {"a": "b"}
    if case == "file":
        files = [("evidence", ("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10), "application/pdf"))]
    elif case == "count":
        files = [("evidence", (f"f{i}.txt", b"teks", "text/plain")) for i in range(3)]
    elif case == "body":
        files = [("evidence", (f"f{i}.txt", b"t" * 900_000, "text/plain")) for i in range(2)] + \
            [("evidence2", ("g.txt", b"t" * 900_000, "text/plain"))]
    elif case == "field":
        data = {"what": "x" * 101}
    response = client.post("/echo", data=data, files=files or [("none", ("", b"", "text/plain"))])
    assert response.status_code in (400, 413)
    assert expected in response.text


def test_sniffing_goes_by_content_not_by_name():
    assert sniff.sniff(media.jpeg_with_gps()) == sniff.JPEG
    assert sniff.sniff(media.pdf_with_author()) == sniff.PDF
    assert sniff.sniff(media.docx_with_author()) == sniff.DOCX
    assert sniff.sniff("Laporan singkat\nbaris dua".encode()) == sniff.TEXT
    assert sniff.sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None            # a Windows program named .jpg
    assert sniff.sniff(b"PK\x03\x04" + b"\x00" * 40) is None              # a broken zip
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("a.txt", "x")
    assert sniff.sniff(plain_zip.getvalue()) is None                      # a zip that is no Office file
    assert sniff.sniff(b"<html>\x00") is None


def test_clean_copy_of_an_image_drops_exif_and_gps_and_keeps_the_picture():
    from PIL import Image

    original = media.jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as img:
        assert img.getexif().get_ifd(0x8825), "the planted GPS must be there to begin with"
    cleaned = clean.clean_copy(original, sniff.JPEG)
    with Image.open(io.BytesIO(cleaned)) as img:
        assert img.size == (64, 48)
        assert len(img.getexif()) == 0
        assert "exif" not in img.info
        assert img.getpixel((10, 10))[0] > 150
    assert media.CAMERA.encode() not in cleaned


def test_clean_copy_of_a_pdf_drops_author_and_xmp():
    import pikepdf

    original = media.pdf_with_author()
    with pikepdf.open(io.BytesIO(original)) as pdf:
        assert str(pdf.docinfo["/Author"]) == media.AUTHOR
    cleaned = clean.clean_copy(original, sniff.PDF)
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Author" not in pdf.docinfo
        assert "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1
    assert media.AUTHOR.encode() not in cleaned


def test_clean_copy_of_an_office_file_drops_docprops():
    cleaned = clean.clean_copy(media.docx_with_author(), sniff.DOCX)
    with zipfile.ZipFile(io.BytesIO(cleaned)) as z:
        assert not [n for n in z.namelist() if n.startswith("docProps/")]
        assert b"docProps" not in z.read("_rels/.rels")
        assert b"docProps" not in z.read("[Content_Types].xml")
        assert "word/document.xml" in z.namelist()
    assert sniff.sniff(cleaned) == sniff.DOCX
    assert media.AUTHOR.encode() not in cleaned


def test_certificate_is_private_has_a_fingerprint_and_is_reused(tmp_path):
    from cryptography import x509

    folder = tmp_path / "intake"
    cert = generate_certificate(folder, ["localhost", "127.0.0.1", "wbs.inspektorat.lan"])
    assert stat.S_IMODE(os.stat(cert.key_path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert len(cert.fingerprint.split(":")) == 32
    loaded = x509.load_pem_x509_certificate(cert.cert_path.read_bytes())
    san = loaded.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "wbs.inspektorat.lan" in san.get_values_for_type(x509.DNSName)
    again = load_certificate(folder)
    assert again.fingerprint == cert.fingerprint
    assert ensure_certificate(folder, ["127.0.0.1"]).fingerprint == cert.fingerprint
    assert ensure_certificate(folder, ["10.9.8.7"]).fingerprint != cert.fingerprint   # a new name → new cert


def test_health_file_is_private_json(tmp_path):
    health = Health(address="https://10.0.0.5:8443/", fingerprint="AB:CD")
    health.count("tracking_failed", 3)
    path = tmp_path / "status.json"
    health.write(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = read_status(path)
    assert data["counts"] == {"tracking_failed": 3} and data["running"] is True
    assert read_status(tmp_path / "absent.json") is None
