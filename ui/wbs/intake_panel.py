"""The desk's control of the web intake: start/stop the server process, the address and certificate
fingerprint to print on posters, and the server's health figures (read from its status file)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from antasena_desktop.i18n import T, on_language_change
from antasena_desktop.web.health import read_status
from antasena_desktop.web.process import ServerProcess
from antasena_desktop.web.wbs_serve import DEFAULT_PORT, serve_command, status_path

REFRESH_MS = 2000

HEALTH_ROWS = (
    ("uptime", T("Waktu berjalan", "Uptime")),
    ("reports_submitted", T("Laporan masuk lewat web", "Reports filed on the web")),
    ("tracking_ok", T("Pelacakan berhasil", "Successful tracking")),
    ("tracking_failed", T("Percobaan kode gagal", "Failed code attempts")),
    ("rate_limited", T("Kena batas percobaan", "Rate-limit hits")),
    ("csrf_refused", T("Formulir ditolak (token)", "Forms refused (token)")),
    ("uploads_refused", T("Kiriman ditolak (batas)", "Submissions refused (limits)")),
)


def _uptime_text(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:d}:{minutes:02d}:{secs:02d}"


def health_figures(status: dict | None) -> dict[str, str]:
    """Display values for HEALTH_ROWS from a status file's content."""
    counts = (status or {}).get("counts", {})
    figures = {key: str(counts.get(key, 0)) for key, _ in HEALTH_ROWS}
    figures["rate_limited"] = str(sum(v for k, v in counts.items() if k.startswith("rate_limited")))
    figures["uptime"] = _uptime_text((status or {}).get("uptime_seconds", 0)) if status and status.get("running") else "–"
    return figures


class IntakePanel(QWidget):
    """Start/stop `antasena wbs serve` as a child process of the desk and watch its health."""

    stateChanged = Signal(bool)

    def __init__(self, ctx_or_url=None, parent: QWidget | None = None):
        """`ctx_or_url`: the desk's context (its `database.url` is used) or a WBS database URL."""
        super().__init__(parent)
        self.setObjectName("wbsIntakePanel")
        database = getattr(ctx_or_url, "database", None)
        db_url = database.url if database is not None else ctx_or_url
        self.db_url = db_url
        self.process: ServerProcess | None = None
        self._status_file = status_path(db_url)
        self._running = False

        self.host = QLineEdit("0.0.0.0", objectName="intakeHost")
        self.port = QSpinBox(objectName="intakePort")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.insecure = QCheckBox(objectName="intakeInsecure")
        self.start_button = QPushButton(objectName="intakeStart", clicked=self.start)
        self.stop_button = QPushButton(objectName="intakeStop", clicked=self.stop)
        self.copy_button = QPushButton(objectName="intakeCopy", clicked=self.copy_poster_text)
        self.state = QLabel(objectName="intakeState")
        self.address = QLabel(objectName="intakeAddress")
        self.fingerprint = QLabel(objectName="intakeFingerprint")
        for label in (self.address, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            label.setWordWrap(True)
        self.address.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.figures = {key: QLabel("–", objectName=f"intakeHealth_{key}") for key, _ in HEALTH_ROWS}

        self.settings_box = QGroupBox()
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

        self.poster_box = QGroupBox()
        poster = QVBoxLayout(self.poster_box)
        poster.addWidget(self.state)
        poster.addWidget(self.address)
        poster.addWidget(self.fingerprint)
        poster.addWidget(self.copy_button, 0, Qt.AlignLeft)

        self.health_box = QGroupBox()
        health = QFormLayout(self.health_box)
        self._health_labels = {}
        for key, _ in HEALTH_ROWS:
            self._health_labels[key] = QLabel()
            health.addRow(self._health_labels[key], self.figures[key])

        layout = QVBoxLayout(self)
        layout.addWidget(self.settings_box)
        layout.addWidget(self.poster_box)
        layout.addWidget(self.health_box)
        layout.addStretch(1)

        app = QCoreApplication.instance()
        if app is not None:       # the server never outlives the desk
            app.aboutToQuit.connect(self.shutdown)
        self.timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self.timer.start()
        on_language_change(self._language_changed)
        self.retranslate()
        self.refresh()

    # ---------------------------------------------------------------- actions

    def command(self) -> list[str]:
        return serve_command(self.db_url, self.host.text().strip() or "0.0.0.0", self.port.value(),
                             self.insecure.isChecked())

    def start(self) -> None:
        if self.process is not None and self.process.running:
            return
        self.process = ServerProcess(self.command())
        self.process.start()
        self.refresh()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
        self.refresh()

    def shutdown(self) -> None:
        """Stop the server with the desk (call from the window's close)."""
        self.timer.stop()
        self.stop()

    def copy_poster_text(self) -> None:
        QGuiApplication.clipboard().setText(self.poster_text())

    def poster_text(self) -> str:
        status = read_status(self._status_file) or {}
        lines = [str(T("Kanal Pelaporan WBS Kota Palembang: {a}", "WBS reporting channel of Palembang: {a}",
                       a=status.get("address", "")))]
        if status.get("fingerprint"):
            lines.append(str(T("Sidik jari sertifikat (SHA-256): {f}", "Certificate fingerprint (SHA-256): {f}",
                               f=status["fingerprint"])))
        return "\n".join(lines)

    # ---------------------------------------------------------------- display

    @property
    def running(self) -> bool:
        return self._running

    def refresh(self) -> None:
        alive = self.process is not None and self.process.running
        status = read_status(self._status_file)
        serving = bool(alive and status and status.get("running") and status.get("pid") == self.process.pid)
        if serving != self._running:
            self._running = serving
            self.stateChanged.emit(serving)
        self.start_button.setEnabled(not alive)
        self.stop_button.setEnabled(alive)
        for widget in (self.host, self.port, self.insecure):
            widget.setEnabled(not alive)
        if serving:
            self.state.setText(str(T("Kanal pelaporan berjalan.", "The reporting channel is running.")))
            self.address.setText(status.get("address", ""))
            self.fingerprint.setText(str(T("Sidik jari sertifikat (SHA-256): {f}", "Certificate fingerprint (SHA-256): {f}",
                                           f=status["fingerprint"])) if status.get("fingerprint") else
                                     str(T("Tanpa TLS (HTTP biasa) — hanya untuk segmen jaringan tepercaya.",
                                           "No TLS (plain HTTP) — for a trusted network segment only.")))
        elif alive:
            self.state.setText(str(T("Kanal pelaporan sedang dinyalakan…", "The reporting channel is starting…")))
        else:
            code = self.process.returncode if self.process is not None else None
            last = self.process.output[-1] if self.process is not None and self.process.output else ""
            self.state.setText(str(T("Kanal pelaporan berhenti.", "The reporting channel is stopped.")) if not code else
                               str(T("Kanal pelaporan berhenti dengan galat: {m}", "The reporting channel stopped with an error: {m}",
                                     m=last)))
            self.address.setText("")
            self.fingerprint.setText("")
        self.copy_button.setEnabled(serving)
        for key, value in health_figures(status if serving or status else None).items():
            self.figures[key].setText(value)

    def _language_changed(self, _code: str) -> None:
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.settings_box.setTitle(str(T("Kanal pelaporan (web)", "Reporting channel (web)")))
        self._host_label.setText(str(T("Alamat dengar", "Listen address")))
        self._port_label.setText(str(T("Port", "Port")))
        self.insecure.setText(str(T("HTTP tanpa TLS (hanya segmen jaringan tepercaya)",
                                    "Plain HTTP without TLS (trusted segment only)")))
        self.start_button.setText(str(T("Nyalakan", "Start")))
        self.stop_button.setText(str(T("Matikan", "Stop")))
        self.copy_button.setText(str(T("Salin teks poster", "Copy the poster text")))
        self.poster_box.setTitle(str(T("Untuk poster", "For posters")))
        self.health_box.setTitle(str(T("Kesehatan server", "Server health")))
        for key, label in HEALTH_ROWS:
            self._health_labels[key].setText(str(label))
