"""Kanal Pelaporan: the intake panel of branch wbs-web when it is in this build, a plain notice otherwise."""
from __future__ import annotations

import importlib.util


def test_channel_entry_shows_the_intake_panel_or_says_it_is_absent(qtbot, wbs):
    window = wbs.window(qtbot, "admin")
    view = window.show_view("channel")
    if importlib.util.find_spec("ui.wbs.intake_panel") is None:
        assert view.panel is None and "belum terpasang" in view.notice.text()
    else:
        from ui.wbs.intake_panel import IntakePanel
        assert isinstance(view.panel, IntakePanel) and view.notice is None
        assert view.panel.db_url == wbs.url                           # the desk's own WBS database
