"""Kanal Pelaporan: the intake server's panel (start/stop, address, fingerprint, health), built by
branch wbs-web in `ui/wbs/intake_panel.py`; imported lazily, a plain notice while it is absent."""
from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from antasena_desktop.i18n import T
from ui.wbs.base import WbsView


def _panel_class():
    """The intake panel class, or None while branch wbs-web's module is absent from this build."""
    try:
        module = importlib.import_module("ui.wbs.intake_panel")
    except ModuleNotFoundError as exc:
        if exc.name == "ui.wbs.intake_panel":
            return None
        raise
    return getattr(module, "IntakePanel", None)


class ChannelView(WbsView):
    title = T("Kanal Pelaporan", "Reporting channel")
    permission = None

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        panel_class = _panel_class()
        self.panel = panel_class(ctx) if panel_class is not None else None
        if self.panel is not None:
            layout.addWidget(self.panel, 1)
            self.notice = None
        else:
            self.notice = QLabel()
            self.notice.setObjectName("channel_placeholder")
            self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.notice.setWordWrap(True)
            layout.addWidget(self.notice, 1)
        self.retranslate()

    def refresh(self) -> None:
        self.loaded = True
        if self.panel is not None and hasattr(self.panel, "refresh"):
            self.panel.refresh()

    def retranslate(self) -> None:
        if self.notice is not None:
            self.notice.setText(str(T("Panel server pelaporan belum terpasang pada instalasi ini.",
                                      "The intake server panel is not installed in this build.")))
