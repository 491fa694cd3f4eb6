"""Login, first-run (create the admin) and idle-lock dialogs."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import auth
from antasena_desktop.services.security import Actor
from db.database import Database
from ui.ops import run_now


class LoginDialog(QDialog):
    """Asks user name and password; `actor` is set on success."""

    def __init__(self, database: Database, parent=None, username: str = "", locked_user: str | None = None,
                 locked_manually: bool = False):
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.locked_user = locked_user
        self.locked_manually = locked_manually
        self.setWindowTitle(str(T("Antasena — Masuk", "Antasena — Sign in")))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.username = QLineEdit(username or (locked_user or ""))
        self.username.setObjectName("login_username")
        self.username.setReadOnly(locked_user is not None)
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        self.user_label, self.password_label = QLabel(), QLabel()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        (self.password if self.username.text() else self.username).setFocus()

    def retranslate(self) -> None:
        if self.locked_user and self.locked_manually:
            self.heading.setText(str(T("Layar dikunci. Masukkan kata sandi {u} untuk melanjutkan.",
                                       "The screen is locked. Enter the password of {u} to continue.",
                                       u=self.locked_user)))
        elif self.locked_user:
            self.heading.setText(str(T("Layar dikunci karena tidak ada aktivitas. Masukkan kata sandi {u}.",
                                       "The screen was locked after inactivity. Enter the password of {u}.",
                                       u=self.locked_user)))
        else:
            self.heading.setText(str(T("Bag Ops Polrestabes Palembang — masuk dengan akun Anda.",
                                       "Bag Ops Polrestabes Palembang — sign in with your account.")))
        self.user_label.setText(str(T("Nama pengguna", "User name")))
        self.password_label.setText(str(T("Kata sandi", "Password")))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(str(T("Masuk", "Sign in")))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            str(T("Keluar", "Quit")) if self.locked_user else str(T("Batal", "Cancel")))

    def try_login(self) -> None:
        try:
            username, password = self.username.text(), self.password.text()
            self.actor = run_now(self.database, lambda session: auth.authenticate(session, username, password))
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()


class FirstRunDialog(QDialog):
    """First start: the operator chooses the admin password; optionally fills the demo data."""

    def __init__(self, parent=None, database_empty: bool = True):
        super().__init__(parent)
        self.setWindowTitle(str(T("Antasena — Penggunaan pertama", "Antasena — First run")))
        intro = QLabel(str(T(
            "Belum ada akun. Buat akun administrator. Kata sandi minimal 8 karakter, campuran huruf dan angka.",
            "There is no account yet. Create the administrator. The password needs 8 characters, letters and digits.")))
        intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.username.setObjectName("first_username")
        self.password = QLineEdit()
        self.password.setObjectName("first_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("first_confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.demo = QCheckBox(str(T("Isi dengan data demo Palembang (dapat dihapus nanti)",
                                    "Fill with the Palembang demo data (can be removed later)")))
        self.demo.setObjectName("first_demo")
        self.demo.setChecked(database_empty)
        self.demo.setEnabled(database_empty)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(str(T("Nama pengguna admin", "Admin user name")), self.username)
        form.addRow(str(T("Kata sandi", "Password")), self.password)
        form.addRow(str(T("Ulangi kata sandi", "Repeat password")), self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.demo)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.setText(str(T("Kedua kata sandi tidak sama.", "The passwords differ.")))
            return
        try:
            auth.check_password_strength(self.password.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
