"""Run by test_mapview.py inside `unshare -n` (no network at all): load the map, report requests."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ui.bootstrap import prepare_qt  # noqa: E402

prepare_qt(headless=True)

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    app = QApplication([])
    from tests.map.conftest import sample_map_data
    from ui.map.schemes import map_profile
    from ui.map.view import MapView
    import shiboken6
    view = MapView()
    view.resize(800, 600)
    view.show()
    result = {"ready": False}

    def finish():
        view.page.runJavaScript("antasena.counts().events", 0, done)

    def done(n):
        rec = map_profile().interceptor
        result.update(events=n, requests=len(rec.urls), non_local=rec.non_local())
        print("RESULT " + json.dumps(result), flush=True)
        app.quit()

    def ready():
        result["ready"] = True
        QTimer.singleShot(500, finish)

    view.ready.connect(ready)
    view.set_map_data(sample_map_data(50, tile_url="mbtiles:/{z}/{x}/{y}.png"))
    QTimer.singleShot(60000, app.quit)
    app.exec()
    view.close()
    shiboken6.delete(view)
    return 0 if result.get("ready") else 1


if __name__ == "__main__":
    sys.exit(main())
