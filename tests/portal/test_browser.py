"""The portal in a real Chromium (Selenium + chromium-driver) against the real server process over TLS:
a Pemkot and a satker account log in, see exactly what their profile allows, read a news item the desk
posted a moment before; a forbidden URL is refused (403)."""
from __future__ import annotations

import os
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.portal.world import (ASSESSOR, INTEL_NOTE, LANTAS_PEOPLE, PASSWORD, SAMAPTA_PEOPLE, PortalWorld)
from tests.web.conftest import browser, free_port   # noqa: F401  (the Chromium fixture)

NEWS_TITLE = "Rekayasa Lalu Lintas Jembatan Ampera 31 Desember"
NEWS_BODY = "Kendaraan roda empat dialihkan ke Jembatan Musi IV mulai 20.00 WIB."


def wait(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(condition)


@pytest.fixture
def bagops(tmp_path, monkeypatch):
    from db.database import open_database

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    database = open_database(f"sqlite:///{tmp_path / 'bagops.db'}")
    world = PortalWorld(database)
    yield world
    database.close()


@pytest.fixture
def portal_server(bagops, tmp_path):
    from antasena_desktop.web.health import read_status
    from antasena_desktop.web.portal_serve import serve_command, status_path
    from antasena_desktop.web.process import ServerProcess

    port = free_port()
    process = ServerProcess(serve_command(bagops.database.url, "127.0.0.1", port),
                            env=dict(os.environ, ANTASENA_DATA_DIR=str(tmp_path / "data")))
    process.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = read_status(status_path(bagops.database.url))
        if status and status.get("running") and status.get("pid") == process.pid:
            break
        assert process.running, "\n".join(process.output)
        time.sleep(0.2)
    else:
        process.stop()
        raise AssertionError("portal server did not start:\n" + "\n".join(process.output))
    yield f"https://127.0.0.1:{port}"
    process.stop()


def login(driver, base, username):
    driver.get(base + "/")
    wait(driver, EC.presence_of_element_located((By.ID, "login-form")))
    driver.find_element(By.ID, "f-username").send_keys(username)
    driver.find_element(By.ID, "f-password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    wait(driver, EC.presence_of_element_located((By.ID, "welcome")))


def status_of(driver, path) -> int:
    """The HTTP status the browser itself gets for `path` (with its session cookie)."""
    return driver.execute_async_script(
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => arguments[1](r.status), () => arguments[1](-1))",
        path)


def logout(driver):
    driver.find_element(By.ID, "logout").click()
    wait(driver, EC.presence_of_element_located((By.ID, "login-form")))


def test_pemkot_and_satker_in_chromium(browser, bagops, portal_server):   # noqa: F811
    from antasena_desktop.services import news
    from tests.portal.world import ADMIN

    base = portal_server
    with bagops.database.session() as s:          # the desk posts a news item a moment before
        news.create_post(s, ADMIN, {"title": NEWS_TITLE, "body": NEWS_BODY})

    # --- Pemkot: the calendar, counts only, the news item, no history
    login(browser, base, "pemkot")
    assert "Pemerintah Kota" in browser.find_element(By.ID, "account-kind").text
    assert NEWS_TITLE in browser.find_element(By.ID, "latest-news").text
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")   # phone width
    assert not browser.find_elements(By.ID, "nav-history")
    browser.find_element(By.ID, "nav-calendar").click()
    calendar = wait(browser, EC.presence_of_element_located((By.ID, "calendar"))).text
    assert "Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel" in calendar and "Konser Musik di Benteng Kuto Besak" in calendar
    browser.find_element(By.LINK_TEXT, "Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel").click()
    wait(browser, EC.presence_of_element_located((By.ID, "posts")))
    assert "3 dari 6 personel" in browser.find_element(By.ID, "strength-total").text
    page = browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, ".person-name")
    for nrp, name in SAMAPTA_PEOPLE + LANTAS_PEOPLE:
        assert nrp not in page and name not in page
    assert INTEL_NOTE not in page and ASSESSOR not in page
    assert status_of(browser, "/riwayat") == 403
    browser.get(base + "/riwayat")
    assert browser.find_element(By.ID, "heading").text == "Akses ditolak"
    browser.find_element(By.ID, "nav-news").click()
    browser.find_element(By.LINK_TEXT, NEWS_TITLE).click()
    assert NEWS_BODY in wait(browser, EC.presence_of_element_located((By.ID, "news-body"))).text
    browser.find_element(By.ID, "lang-en").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "nav-news"), "News & knowledge"))
    browser.find_element(By.ID, "lang-id").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "nav-news"), "Berita & Pengetahuan"))
    logout(browser)
    assert status_of(browser, "/kalender") in (200, 303)          # fetch follows the redirect to the login page
    browser.get(base + "/kalender")
    assert browser.find_elements(By.ID, "login-form")

    # --- satker: its own people by name, the others counted, its placement history, the news
    login(browser, base, "satker")
    browser.find_element(By.ID, "nav-calendar").click()
    wait(browser, EC.presence_of_element_located((By.ID, "calendar")))
    assert not browser.find_elements(By.LINK_TEXT, "Konser Musik di Benteng Kuto Besak")     # not its event
    browser.find_element(By.LINK_TEXT, "Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel").click()
    names = [e.text for e in wait(browser, EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".person-name")))]
    assert sorted(names) == sorted(name for _nrp, name in SAMAPTA_PEOPLE)
    assert LANTAS_PEOPLE[0][1] not in browser.page_source and "1 personel tidak ditampilkan" in browser.page_source
    browser.find_element(By.ID, "nav-history").click()
    history = wait(browser, EC.presence_of_element_located((By.ID, "history"))).text
    assert "Budi Santoso Samapta" in history and "Pos Gerbang DPRD" in history and LANTAS_PEOPLE[0][1] not in history
    assert status_of(browser, f"/kegiatan/{bagops.event_ids['concert']}") == 403
    browser.get(base + f"/kegiatan/{bagops.event_ids['concert']}")
    assert browser.find_element(By.ID, "heading").text == "Akses ditolak"
    browser.find_element(By.ID, "nav-news").click()
    assert NEWS_TITLE in wait(browser, EC.presence_of_element_located((By.ID, "news"))).text

    csp_errors = [e for e in browser.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert csp_errors == []
