""""Sambungkan ke server": the PostgreSQL server this desk works on (URL, test the connection, remembered
per desk in its preferences file, `server_url`). The choice takes effect the next time the application opens."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from antasena_desktop import preferences
from antasena_desktop.i18n import T, Text
from ui.tasks import TaskRunner


def remembered_url(preferences_file: Path | None = None) -> str | None:
    """The server this desk was told to use, or None (the local SQLite file)."""
    return preferences.load(preferences_file).server_url or None


def check_connection(url: str) -> Text:
    """Connect, read the schema version: the answer in words (raises nothing)."""
    from sqlalchemy import text

    from db import migrate
    from db.engine import make_engine
    if not url.startswith(("postgresql", "postgres")):
        return T("Alamat harus diawali postgresql:// (contoh: postgresql://meja@10.10.1.5/antasena).",
                 "The address must start with postgresql:// (e.g. postgresql://desk@10.10.1.5/antasena).")
    engine = make_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
        revision = migrate.current_revision(engine)
    except Exception as exc:
        first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
        return T("Tidak tersambung: {e}", "Not connected: {e}", e=first)
    finally:
        engine.dispose()
    if revision is None:
        return T("Tersambung (PostgreSQL {v}), tetapi basis data belum disiapkan: jalankan "
                 "'antasena server init'.", "Connected (PostgreSQL {v}), but the database is not set up yet: "
                 "run 'antasena server init'.", v=version)
    return T("Tersambung: PostgreSQL {v}, skema {r}.", "Connected: PostgreSQL {v}, schema {r}.", v=version, r=revision)


class ConnectServerDialog(QDialog):
    def __init__(self, parent=None, preferences_file: Path | None = None):
        super().__init__(parent)
        self.preferences_file = preferences_file
        self.runner = TaskRunner(self)
        self.setWindowTitle(str(T("Sambungkan ke server", "Connect to a server")))
        self.intro = QLabel(str(T(
            "Meja ini dapat bekerja pada server PostgreSQL bersama (ruang kendali). Kosongkan alamat untuk "
            "kembali ke berkas lokal. Perubahan berlaku saat aplikasi dibuka kembali.",
            "This desk can work on a shared PostgreSQL server (control room). Leave the address empty to go "
            "back to the local file. The change applies when the application is opened again.")))
        self.intro.setWordWrap(True)
        self.url = QLineEdit(remembered_url(self.preferences_file) or "")
        self.url.setObjectName("server_url")
        self.url.setPlaceholderText("postgresql://meja@10.10.1.5/antasena")
        self.test_button = QPushButton(str(T("Uji sambungan", "Test connection")))
        self.test_button.setObjectName("server_test")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setObjectName("server_result")
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(QLabel(str(T("Alamat server", "Server address"))), self.url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.last_result: Text | None = None

    def test(self):
        url = self.url.text().strip()
        self.test_button.setEnabled(False)
        self.result.setText(str(T("Menguji…", "Testing…")))
        task = self.runner.read(lambda: check_connection(url))
        task.finished.connect(self._tested)
        return task

    def _tested(self, words: Text) -> None:
        self.last_result = words
        self.result.setText(str(words))
        self.test_button.setEnabled(True)

    def save(self) -> None:
        prefs = preferences.load(self.preferences_file)
        prefs.server_url = self.url.text().strip()
        preferences.save(prefs, self.preferences_file)
        self.accept()
