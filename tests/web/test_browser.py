"""The reporter's whole path in a real Chromium (Selenium + chromium-driver) against the real server
process over TLS, with the desk's services answering in between."""
from __future__ import annotations

import hashlib
import io
import re
import ssl

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.web import media

PLANTED_WHAT = "Kalimat-rahasia-peramban: Kabid-Omega memotong honor-kegiatan 30-persen-7Q2"
PLANTED_REPLY = "Balasan-rahasia-pelapor: kuitansi asli disimpan bendahara-5K8"
PLANTED_HANDLER = "Pesan-Tim-WBS: mohon kirim salinan kuitansi-3R1"
PLANTED_NAME = "Nama-Pelapor-Rahasia Siti Aminah-4T6"


def wait(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(condition)


def fill(driver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def test_report_track_reply_and_identity_in_chromium(browser, intake_server, wbs_world, tmp_path, spool):
    from antasena_desktop.wbs import cases, intake
    from antasena_desktop.web.health import read_status

    # the certificate served is the one whose fingerprint the desk prints on posters
    pem = ssl.get_server_certificate(("127.0.0.1", intake_server.port))
    served = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    assert ":".join(served[i:i + 2] for i in range(0, 64, 2)) == intake_server.status["fingerprint"]

    photo, pdf = tmp_path / "IMG_0412.jpg", tmp_path / "kuitansi.pdf"
    photo.write_bytes(media.jpeg_with_gps())
    pdf.write_bytes(media.pdf_with_author())

    browser.get(intake_server.base + "/")
    assert "WHISTLEBLOWING SYSTEM" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.CSS_SELECTOR, "#counter-received strong").text == "0"
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")  # phone width
    browser.find_element(By.ID, "lang-en").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "go-report"), "Make a report"))
    browser.find_element(By.ID, "lang-id").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "go-report"), "Buat Laporan"))

    # --- Buat Laporan
    browser.find_element(By.ID, "go-report").click()
    wait(browser, EC.presence_of_element_located((By.ID, "report-form")))
    assert not browser.find_element(By.ID, "identity-fields").is_displayed()      # anonymous by default (JS)
    browser.find_element(By.CSS_SELECTOR, "#f-category option[value=korupsi]").click()
    for field, text in (("f-what", PLANTED_WHAT), ("f-who", "Kepala bidang dan bendahara"),
                        ("f-where", "Kantor Dinas Omega"), ("f-when", "Februari 2026"),
                        ("f-how", "Honor dipotong saat pembayaran tunai"), ("f-how_much", "Rp 45.000.000"),
                        ("f-reported_party_name", "Sdr. Kabid Omega"), ("f-reported_party_position", "Kepala Bidang"),
                        ("f-reported_party_agency", "Dinas Omega")):
        fill(browser, field, text)
    browser.find_element(By.ID, "f-evidence").send_keys(f"{photo}\n{pdf}")
    browser.find_element(By.ID, "f-not_involved").click()
    browser.find_element(By.ID, "submit-report").click()

    # --- the receipt, shown once
    code_box = wait(browser, EC.presence_of_element_located((By.ID, "receipt-code")))
    receipt = code_box.get_attribute("data-code")
    assert re.fullmatch(r"\d{16}", receipt)
    assert code_box.text.replace(" ", "") == receipt
    assert "tidak dapat dipulihkan" in browser.find_element(By.ID, "receipt-warning").text
    assert browser.find_element(By.ID, "copy-receipt").is_displayed()
    assert browser.find_element(By.ID, "print-receipt").is_displayed()
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": intake_server.base,
                                                          "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.find_element(By.ID, "copy-receipt").click()
    wait(browser, EC.visibility_of_element_located((By.ID, "copy-done")))
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0], () => arguments[0](''))")
    assert copied == receipt
    browser.refresh()
    assert "hanya ditampilkan sekali" in wait(browser, EC.presence_of_element_located((By.ID, "message"))).text
    assert receipt not in browser.page_source

    # --- the desk: the case is there with both files and their clean copies; the handler writes
    with wbs_world.database.session() as session:
        actor, keyring = wbs_world.handler(session)
        case_id = intake.open_with_receipt(session, receipt)[0].id
        view = cases.open_case(session, actor, keyring, case_id)
        assert view.report["what"] == PLANTED_WHAT and view.anonymous
        names = {a.filename: a for a in view.attachments}
        assert set(names) == {"IMG_0412.jpg", "kuitansi.pdf", "IMG_0412 (salinan bersih).jpg",
                              "kuitansi (salinan bersih).pdf"}
        _, _, clean_photo = cases.attachment_content(session, actor, keyring, names["IMG_0412 (salinan bersih).jpg"].id)
        _, _, clean_pdf = cases.attachment_content(session, actor, keyring, names["kuitansi (salinan bersih).pdf"].id)
        _, _, original_photo = cases.attachment_content(session, actor, keyring, names["IMG_0412.jpg"].id)
        cases.send_message(session, actor, keyring, case_id, PLANTED_HANDLER)
    from PIL import Image
    with Image.open(io.BytesIO(original_photo)) as image:
        assert image.getexif().get_ifd(0x8825)                    # the original keeps its GPS as evidence
    with Image.open(io.BytesIO(clean_photo)) as image:
        assert len(image.getexif()) == 0 and "exif" not in image.info
    import pikepdf
    with pikepdf.open(io.BytesIO(clean_pdf)) as document:
        assert "/Author" not in document.docinfo and "/Metadata" not in document.Root

    # --- Lacak Laporan: status, the handler's message, reply, more evidence, identity later
    browser.get(intake_server.base + "/lacak")
    fill(browser, "f-receipt", " ".join(receipt[i:i + 4] for i in range(0, 16, 4)))   # grouped as printed
    browser.find_element(By.ID, "track-submit").click()
    status = wait(browser, EC.presence_of_element_located((By.ID, "status")))
    assert status.text
    assert PLANTED_HANDLER in browser.find_element(By.ID, "messages").text
    assert "/lacak" == browser.execute_script("return location.pathname") and receipt not in browser.current_url
    fill(browser, "f-reply", PLANTED_REPLY)
    browser.find_element(By.ID, "reply-submit").click()
    wait(browser, EC.presence_of_element_located((By.ID, "notice")))
    assert PLANTED_REPLY in browser.find_element(By.ID, "messages").text
    extra = tmp_path / "catatan.txt"
    extra.write_text("Catatan tanggal pembayaran honor.", encoding="utf-8")
    browser.find_element(By.ID, "f-evidence").send_keys(str(extra))
    browser.find_element(By.ID, "evidence-submit").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "notice"), "1 berkas bukti ditambahkan"))
    fill(browser, "f-name", PLANTED_NAME)
    fill(browser, "f-nip", "199002022015032002")
    browser.find_element(By.ID, "identity-submit").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "notice"), "disegel"))
    assert "tercantum" in browser.find_element(By.ID, "identity-state").text
    assert not browser.find_elements(By.ID, "identity-form")

    # --- the desk sees each step
    with wbs_world.database.session() as session:
        actor, keyring = wbs_world.handler(session)
        view = cases.open_case(session, actor, keyring, case_id)
        assert [(m.sender, m.text) for m in view.messages] == [("tim_wbs", PLANTED_HANDLER), ("reporter", PLANTED_REPLY)]
        assert "catatan.txt" in {a.filename for a in view.attachments}
        assert view.has_identity

    # --- no CSP violation, no inline script blocked
    csp_errors = [e for e in browser.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert csp_errors == []

    # --- nothing planted in the clear on disk: database (+WAL), intake folder, the server's temp spool
    browser.quit()
    intake_server.process.stop()
    on_disk = wbs_world.raw_bytes() + b"".join(p.read_bytes() for p in spool.rglob("*") if p.is_file())
    for planted in (PLANTED_WHAT, PLANTED_REPLY, PLANTED_HANDLER, PLANTED_NAME, "199002022015032002",
                    receipt, media.AUTHOR, media.CAMERA, "HeadlessChrome"):
        assert planted.encode() not in on_disk, planted
    database_files = b"".join(p.read_bytes() for p in wbs_world.folder.glob("wbs.db*"))
    assert b"127.0.0.1" not in database_files                         # the reporter's address is nowhere
    assert media.jpeg_with_gps()[200:400] not in on_disk                # the photo's bytes, never in the clear
    assert [p for p in spool.rglob("*") if p.is_file()] == []
    final = read_status(intake_server.status_file)
    assert final["running"] is False and final["counts"]["reports_submitted"] == 1
    assert final["counts"]["tracking_ok"] == 1
