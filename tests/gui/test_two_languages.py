"""One language at a time: every main view walked in Indonesian and in English; a known word of the other
language anywhere on screen fails. Qt's own strings (standard buttons, file dialog, context menu) included."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QHeaderView, QDialogButtonBox, QGroupBox, QLabel,
                               QLineEdit, QMessageBox, QTabWidget, QToolBar, QWidget)

from antasena_desktop.i18n import set_language
from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM, Actor, Role
from ui.context import AppContext
from ui.files import file_dialog
from ui.main_window import VIEWS, MainWindow
from ui.qt_catalogue import apply_qt_language

ENGLISH = ("Cancel", "Close", "Save", "Open", "Yes", "No", "Apply", "Events", "Event", "Personnel", "Settings",
           "Dashboard", "Undo", "Redo", "Details", "Month", "Week", "Day", "create", "issued", "Search", "Import",
           "Export", "Delete", "Edit", "New", "Print", "Preview", "Today", "Look in", "File name", "Files of type",
           "Select All", "Copy", "Paste", "Seats", "Filled", "Unavailable", "Requests", "Language", "January",
           "December", "Monday", "Sunday", "Add", "Remove", "Place", "Move", "Pin", "Fill", "hours")
INDONESIAN = ("Kegiatan", "Personel", "Pengaturan", "Simpan", "Batal", "Tutup", "Hari", "Bulan", "Minggu",
              "Rincian", "Kursi", "Urungkan", "Ulangi", "Cari", "Tambah", "Hapus", "Ubah", "Impor", "Ekspor",
              "Cetak", "Semua", "Januari", "Februari", "Maret", "Mei", "Juni", "Juli", "Agustus", "Oktober",
              "Desember", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "jam", "dari", "dan", "yang",
              "Tempatkan", "Pindahkan", "Patok", "Isi", "Bahasa", "Permohonan", "Terbitkan", "Setujui")


#: Words both languages write the same way ("No." = nomor; a language's own name in the language switch).
SHARED = ("No.", "Bahasa Indonesia", "English")


def _words(text: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", text or "").replace("&", "")
    for same in SHARED:
        text = text.replace(same, " ")
    return set(re.findall(r"[A-Za-z]+", text))


def screen_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal and w.model() is not None:
            texts += [str(w.model().headerData(c, Qt.Orientation.Horizontal) or "") for c in range(w.count())]
        elif isinstance(w, QToolBar):
            texts += [a.text() for a in w.actions()]
        texts.append(w.toolTip())
    return texts


def offenders(texts: list[str], words: tuple[str, ...]) -> set[tuple[str, str]]:
    bad = set(words)
    return {(word, text[:80]) for text in texts for word in _words(text) & bad}


@pytest.fixture
def window(qtbot, database, tmp_path):
    with database.session() as s:
        auth.create_user(s, SYSTEM, "admin", "Rahasia-123", Role.ADMIN, "Admin")
    win = MainWindow(AppContext(database, Actor("admin", Role.ADMIN)), tmp_path / "preferences.json")
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    yield win
    set_language("id")
    apply_qt_language("id")


@pytest.mark.parametrize("language,foreign", [("id", ENGLISH), ("en", INDONESIAN)])
def test_every_view_speaks_one_language(qtbot, window, language, foreign):
    set_language(language)
    found = set()
    for key, _m, _c in VIEWS:
        view = window.show_view(key) if key in window.views else None
        if view is None:
            window.nav.setCurrentRow([k for k, _mm, _cc in VIEWS].index(key))
            view = window.views[key]
        qtbot.waitUntil(lambda: getattr(view, "loaded", True), timeout=20000)
        qtbot.wait(100)
        if hasattr(view, "tabs"):                        # every settings tab
            for i in range(view.tabs.count()):
                view.tabs.setCurrentIndex(i)
                found |= {(key,) + o for o in offenders(screen_texts(window), foreign)}
        found |= {(key,) + o for o in offenders(screen_texts(window), foreign)}
        found |= {(key, "menu") + o for o in offenders([m.title() for m in window.menuBar().findChildren(
            type(window.file_menu))] + [a.text() for a in window.menuBar().actions()], foreign)}
    assert not found, sorted(found)


@pytest.mark.parametrize("language,expect", [("id", {"Cancel": "Batal", "Close": "Tutup", "Save": "Simpan"}),
                                             ("en", {"Cancel": "Cancel", "Close": "Close", "Save": "Save"})])
def test_qt_own_strings_follow_the_language(qtbot, window, language, expect):
    set_language(language)
    assert apply_qt_language(language) is (language == "id")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel |
                           QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert set(expect.values()) <= texts, texts
    message = QMessageBox(QMessageBox.Icon.Question, "x", "y", QMessageBox.StandardButton.Yes |
                          QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    yes_no = {b.text().replace("&", "") for b in message.buttons()}
    assert yes_no == ({"Ya", "Tidak"} if language == "id" else {"Yes", "No"})
    dialog = file_dialog(window, "t", "PDF (*.pdf)", save=True, suggested="a.pdf")
    qtbot.addWidget(dialog)
    labels = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert ("Nama berkas" in labels) is (language == "id")
    names = QLocale().monthName(12)
    assert names == ("Desember" if language == "id" else "December")
