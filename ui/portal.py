"""The stakeholder portal on the desk: the server switch (start/stop `antasena portal serve` in a child
process, address, certificate fingerprint, health from its status file), news posts and accounts —
one window opened from the Portal menu."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from antasena_desktop.i18n import T, on_language_change
from antasena_desktop.web.health import read_status
from antasena_desktop.web.process import ServerProcess
from antasena_desktop.web.portal_serve import DEFAULT_PORT, serve_command, status_path
from ui.ops import is_alive

REFRESH_MS = 2000
HEALTH_ROWS = (
    ("requests", T("Permintaan halaman", "Page requests")),
    ("logins_ok", T("Masuk berhasil", "Successful logins")),
    ("logins_failed", T("Masuk gagal", "Failed logins")),
    ("forbidden", T("Akses ditolak (403)", "Access refused (403)")),
    ("rate_limited", T("Kena batas percobaan", "Rate-limit hits")),
    ("csrf_refused", T("Formulir ditolak (token)", "Forms refused (token)")),
)


class PortalServer(QWidget):
    """Start/stop the portal server as a child process of the desk and watch its health."""

    stateChanged = Signal(bool)

    def __init__(self, db_url: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("portal_server")
        self.db_url = db_url
        self.process: ServerProcess | None = None
        self._status_file = status_path(db_url)
        self._running = False
        self.host = QLineEdit("0.0.0.0", objectName="portal_host")
        self.port = QSpinBox(objectName="portal_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.insecure = QCheckBox(objectName="portal_insecure")
        self.start_button = QPushButton(objectName="portal_start", clicked=self.start)
        self.stop_button = QPushButton(objectName="portal_stop", clicked=self.stop)
        self.state = QLabel(objectName="portal_state")
        self.address = QLabel(objectName="portal_address")
        self.fingerprint = QLabel(objectName="portal_fingerprint")
        for label in (self.address, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            label.setWordWrap(True)
        self.figures = {key: QLabel("–", objectName=f"portal_health_{key}") for key, _ in HEALTH_ROWS}
        self.settings_box, self.health_box = QGroupBox(), QGroupBox()
        form = QFormLayout(self.settings_box)
        self._host_label, self._port_label = QLabel(), QLabel()
        form.addRow(self._host_label, self.host)
        form.addRow(self._port_label, self.port)
        form.addRow("", self.insecure)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        health = QFormLayout(self.health_box)
        self._health_labels = {key: QLabel() for key, _ in HEALTH_ROWS}
        for key, _ in HEALTH_ROWS:
            health.addRow(self._health_labels[key], self.figures[key])
        layout = QVBoxLayout(self)
        layout.addWidget(self.settings_box)
        layout.addWidget(self.state)
        layout.addWidget(self.address)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.health_box)
        layout.addStretch(1)
        app = QCoreApplication.instance()
        if app is not None:               # the server never outlives the desk
            app.aboutToQuit.connect(self.shutdown)
        self.timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self.timer.start()
        on_language_change(self._language_changed)
        self.retranslate()
        self.refresh()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.running

    def command(self) -> list[str]:
        return serve_command(self.db_url, self.host.text().strip() or "0.0.0.0", self.port.value(),
                             self.insecure.isChecked())

    def start(self) -> None:
        if self.running:
            return
        self.process = ServerProcess(self.command())
        self.process.start()
        self.refresh()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
        self.refresh()

    def toggle(self, on: bool) -> None:
        self.start() if on else self.stop()

    def shutdown(self) -> None:
        self.timer.stop()
        self.stop()

    def _language_changed(self, _code: str) -> None:
        if is_alive(self):                 # a listener may outlive its widget (deleted by Qt)
            self.retranslate()

    def retranslate(self) -> None:
        self.settings_box.setTitle(str(T("Server portal", "Portal server")))
        self.health_box.setTitle(str(T("Kesehatan server", "Server health")))
        self._host_label.setText(str(T("Alamat dengar", "Listen address")))
        self._port_label.setText(str(T("Port", "Port")))
        self.insecure.setText(str(T("HTTP tanpa TLS (hanya jaringan tepercaya)", "Plain HTTP (trusted network only)")))
        self.start_button.setText(str(T("Nyalakan", "Start")))
        self.stop_button.setText(str(T("Matikan", "Stop")))
        for key, label in HEALTH_ROWS:
            self._health_labels[key].setText(str(label))
        self.refresh()

    def refresh(self) -> None:
        status = read_status(self._status_file) or {}
        running = self.running
        live = running and status.get("running") and status.get("pid") == self.process.pid
        if live:
            self.state.setText(str(T("Portal berjalan.", "The portal is running.")))
            self.address.setText(status.get("address", ""))
            self.fingerprint.setText(str(T("Sidik jari sertifikat (SHA-256): {f}", "Certificate fingerprint (SHA-256): {f}",
                                           f=status["fingerprint"])) if status.get("fingerprint") else "")
        elif running:
            self.state.setText(str(T("Portal sedang dinyalakan…", "The portal is starting…")))
        elif self.process is not None and self.process.returncode not in (None, 0, -15):
            tail = "\n".join(list(self.process.output)[-3:])
            self.state.setText(str(T("Portal gagal dinyalakan: {e}", "The portal failed to start: {e}", e=tail)))
        else:
            self.state.setText(str(T("Portal mati.", "The portal is stopped.")))
        if not live:
            self.address.setText("")
            self.fingerprint.setText("")
        counts = status.get("counts", {}) if live else {}
        for key, _ in HEALTH_ROWS:
            value = sum(v for k, v in counts.items() if k.startswith("rate_limited")) if key == "rate_limited" \
                else counts.get(key, 0)
            self.figures[key].setText(str(value) if live else "–")
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for widget in (self.host, self.port, self.insecure):
            widget.setEnabled(not running)
        if bool(running) != self._running:
            self._running = bool(running)
            self.stateChanged.emit(self._running)


class PortalWindow(QDialog):
    """Server, news and accounts of the portal in one non-modal window (the server lives with the desk)."""

    def __init__(self, ctx, server: PortalServer, parent=None):
        from antasena_desktop.services.security import Permission
        from ui.portal_accounts import AccountsPanel
        from ui.views.news import NewsPanel

        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("portal_window")
        self.tabs = QTabWidget(objectName="portal_tabs")
        self.server = server
        self.tabs.addTab(server, "")
        self.news = NewsPanel(ctx, self)
        self.tabs.addTab(self.news, "")
        self.accounts = AccountsPanel(ctx, self) if ctx.actor.can(Permission.MANAGE_STAKEHOLDERS) else None
        if self.accounts is not None:
            self.tabs.addTab(self.accounts, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(900, 600)
        on_language_change(self._language_changed)
        self.retranslate()

    def _language_changed(self, _code: str) -> None:
        if is_alive(self):                 # a listener may outlive its widget (deleted by Qt)
            self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(str(T("Portal pemangku kepentingan", "Stakeholder portal")))
        self.tabs.setTabText(0, str(T("Server", "Server")))
        self.tabs.setTabText(1, str(T("Berita & pengetahuan", "News & knowledge")))
        if self.accounts is not None:
            self.tabs.setTabText(2, str(T("Akun pemangku kepentingan", "Stakeholder accounts")))
