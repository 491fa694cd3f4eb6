"""Custom URL schemes of the app (registered before the QApplication exists).

`antasena:` serves the map page and the vendored web assets; `mbtiles:` serves raster tiles
from the local MBTiles cache.
"""
from __future__ import annotations

from PySide6.QtWebEngineCore import QWebEngineUrlScheme

APP_SCHEME = b"antasena"
TILE_SCHEME = b"mbtiles"
_registered = False


def register_schemes() -> None:
    global _registered
    if _registered:
        return
    for name in (APP_SCHEME, TILE_SCHEME):
        scheme = QWebEngineUrlScheme(name)
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
        scheme.setFlags(QWebEngineUrlScheme.Flag.LocalScheme
                        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                        | QWebEngineUrlScheme.Flag.CorsEnabled
                        | QWebEngineUrlScheme.Flag.SecureScheme)
        QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


# ----------------------------------------------------------------------------------------------
# Handlers, the shared map profile and the request recorder. Everything below needs a running
# QApplication (QWebEngineProfile); register_schemes() above must run before it exists.
# ----------------------------------------------------------------------------------------------
import json as _json  # noqa: E402
import mimetypes  # noqa: E402
import threading  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QFile, QIODevice, QObject, Signal  # noqa: E402
from PySide6.QtWebEngineCore import (QWebEngineProfile, QWebEngineUrlRequestInterceptor,  # noqa: E402
                                     QWebEngineUrlRequestJob, QWebEngineUrlSchemeHandler)

#: URL schemes a map page may use; anything else is a leak (and is blocked by the map profile).
LOCAL_SCHEMES = frozenset({"antasena", "mbtiles", "file", "qrc", "data", "blob", "about"})
USER_AGENT = "AntasenaDesktop/0.1 (Bag Ops Polrestabes Palembang)"
_MIME = {".js": b"text/javascript", ".css": b"text/css", ".html": b"text/html", ".png": b"image/png",
         ".svg": b"image/svg+xml", ".json": b"application/json", ".map": b"application/json"}


def web_root() -> Path:
    from antasena_desktop.geo.reference import resources_dir
    return resources_dir() / "web"


REQUIRED_ASSETS = ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
                   "vendor/leaflet.markercluster/leaflet.markercluster.js", "antasena_map.js", "antasena_map.css")


def missing_assets(root: Path | None = None) -> list[str]:
    """Web assets the map needs that are not installed (run scripts/install_web_assets.sh)."""
    root = root or web_root()
    return [a for a in REQUIRED_ASSETS if not (root / a).is_file()]


def _reply(job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
    buf = QBuffer(parent=job)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    job.reply(mime, buf)


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves `antasena:` URLs from memory and disk (never from the network).

    antasena:/page/<name>     generated pages registered with `add_page`
    antasena:/web/<path>      files under resources/web/ (our JS/CSS and vendor/)
    antasena:/qt/qwebchannel.js   Qt's own qwebchannel.js (from the Qt resource system)
    """

    def __init__(self, root: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.root = (root or web_root()).resolve()
        self._pages: dict[str, bytes] = {}
        self._cache: dict[str, bytes] = {}
        self.served: list[str] = []

    def add_page(self, name: str, html: str | bytes) -> str:
        self._pages[name] = html.encode("utf-8") if isinstance(html, str) else html
        return f"antasena:/page/{name}"

    def remove_page(self, name: str) -> None:
        self._pages.pop(name, None)

    def _qwebchannel(self) -> bytes | None:
        if "qwebchannel" not in self._cache:
            import PySide6.QtWebChannel  # noqa: F401  (registers the :/qtwebchannel resource)
            f = QFile(":/qtwebchannel/qwebchannel.js")
            if not f.open(QIODevice.OpenModeFlag.ReadOnly):
                return None
            self._cache["qwebchannel"] = bytes(f.readAll())
            f.close()
        return self._cache["qwebchannel"]

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt API)
        path = job.requestUrl().path()
        self.served.append(path)
        if path.startswith("/page/") and path[6:] in self._pages:
            return _reply(job, b"text/html; charset=utf-8", self._pages[path[6:]])
        if path == "/qt/qwebchannel.js":
            data = self._qwebchannel()
            return _reply(job, b"text/javascript", data) if data else job.fail(
                QWebEngineUrlRequestJob.Error.UrlNotFound)
        if path.startswith("/web/"):
            rel = path[5:]
            data = self._cache.get(rel)
            if data is None:
                target = (self.root / rel).resolve()
                if not target.is_relative_to(self.root) or not target.is_file():
                    return job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                data = target.read_bytes()
                self._cache[rel] = data
            mime = _MIME.get(Path(rel).suffix.lower()) or (mimetypes.guess_type(rel)[0] or
                                                           "application/octet-stream").encode()
            return _reply(job, mime, data)
        job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)


class _FetchDone(QObject):
    done = Signal(int, object)     # token, bytes | None   (emitted from worker threads, queued to the UI)


class MBTilesSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves `mbtiles:/{z}/{x}/{y}.png` from a local MBTiles file (TMS y-flip).

    Optionally fetches a missing tile on demand from `fetch_url` (e.g. a tile server the operator
    is allowed to use) in a background thread — one tile per map request, never a bulk prefetch —
    with an identifying User-Agent and a short timeout, and stores it in the cache MBTiles.
    Failures answer 404 (Leaflet shows an empty tile); the UI thread never blocks on the network.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._source = None          # antasena_desktop.geo.mbtiles.MBTiles
        self._cache = None           # writable MBTiles for fetched tiles (may be the source)
        self.fetch_url: str | None = None
        self.timeout_s = 4.0
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tilefetch")
        self._jobs: dict[int, tuple[QWebEngineUrlRequestJob, tuple[int, int, int]]] = {}
        self._failed: set[tuple[int, int, int]] = set()
        self._token = 0
        self._lock = threading.Lock()
        self._signal = _FetchDone(self)
        self._signal.done.connect(self._finish)
        self.stats = {"served": 0, "missing": 0, "fetched": 0, "fetch_failed": 0}

    def set_source(self, path: str | Path | None, cache_path: str | Path | None = None,
                   fetch_url: str | None = None, timeout_s: float = 4.0) -> None:
        """Use `path` (MBTiles) for tiles; `cache_path` (created if absent) stores fetched tiles."""
        from antasena_desktop.geo.mbtiles import MBTiles, create_mbtiles
        for db in {id(x): x for x in (self._source, self._cache) if x}.values():
            db.close()
        self._source = MBTiles(path) if path else None
        self._cache = None
        if cache_path:
            if not Path(cache_path).exists():
                create_mbtiles(cache_path)
            self._cache = MBTiles(cache_path, writable=True)
        self.fetch_url = fetch_url
        self.timeout_s = timeout_s
        self._failed.clear()

    @staticmethod
    def parse(path: str) -> tuple[int, int, int] | None:
        parts = path.strip("/").split("/")
        if len(parts) != 3:
            return None
        try:
            z, x, y = int(parts[0]), int(parts[1]), int(parts[2].split(".")[0])
        except ValueError:
            return None
        if not (0 <= z <= 24 and 0 <= x < (1 << z) and 0 <= y < (1 << z)):
            return None
        return z, x, y

    def lookup(self, z: int, x: int, y: int) -> bytes | None:
        for db in (self._source, self._cache):
            if db is not None:
                data = db.get_tile(z, x, y)
                if data:
                    return data
        return None

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802
        zxy = self.parse(job.requestUrl().path())
        if zxy is None:
            return job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
        data = self.lookup(*zxy)
        if data:
            self.stats["served"] += 1
            mime = (self._source or self._cache).mime_type.encode()
            return _reply(job, mime, data)
        self.stats["missing"] += 1
        if not self.fetch_url or zxy in self._failed:
            return job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
        with self._lock:
            self._token += 1
            token = self._token
        self._jobs[token] = (job, zxy)
        job.destroyed.connect(lambda *_a, t=token: self._jobs.pop(t, None))
        url = self.fetch_url.format(z=zxy[0], x=zxy[1], y=zxy[2], s="a")
        self._pool.submit(self._fetch, token, url)

    def _fetch(self, token: int, url: str) -> None:       # worker thread
        data = None
        try:
            req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                if resp.status == 200:
                    data = resp.read(2_000_000)
        except (urllib.error.URLError, OSError, ValueError):
            data = None
        self._signal.done.emit(token, data)

    def _finish(self, token: int, data: object) -> None:  # UI thread
        entry = self._jobs.pop(token, None)
        zxy = entry[1] if entry else None
        if data and zxy and self._cache is not None:
            try:
                self._cache.put_tile(*zxy, data)   # type: ignore[arg-type]
            except Exception:
                pass
        if data:
            self.stats["fetched"] += 1
        else:
            self.stats["fetch_failed"] += 1
            if zxy:
                self._failed.add(zxy)
        if entry is None:
            return
        job = entry[0]
        try:
            if data:
                _reply(job, b"image/png", data)  # type: ignore[arg-type]
            else:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
        except RuntimeError:      # the page went away meanwhile
            pass

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class RequestRecorder(QWebEngineUrlRequestInterceptor):
    """Records every request URL of the profile; with `block=True` blocks non-local schemes."""

    def __init__(self, block: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.block = block
        self.urls: list[str] = []
        self._lock = threading.Lock()

    def interceptRequest(self, info) -> None:  # noqa: N802  (may run on Chromium's IO thread)
        url = info.requestUrl()
        with self._lock:
            self.urls.append(url.toString())
        if self.block and url.scheme().lower() not in LOCAL_SCHEMES:
            info.block(True)

    def non_local(self) -> list[str]:
        with self._lock:
            return [u for u in self.urls if u.split(":", 1)[0].lower() not in LOCAL_SCHEMES]

    def clear(self) -> None:
        with self._lock:
            self.urls.clear()


class MapProfile:
    """The shared, off-the-record QWebEngineProfile of every map view, with our handlers."""

    def __init__(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication first (after ui.bootstrap.prepare_qt())")
        self.profile = QWebEngineProfile(app)          # no storage name: off-the-record
        self.profile.setHttpUserAgent(self.profile.httpUserAgent() + " " + USER_AGENT)
        self.app_handler = AppSchemeHandler(parent=self.profile)
        self.tile_handler = MBTilesSchemeHandler(parent=self.profile)
        self.interceptor = RequestRecorder(block=True, parent=self.profile)
        self.profile.installUrlSchemeHandler(APP_SCHEME, self.app_handler)
        self.profile.installUrlSchemeHandler(TILE_SCHEME, self.tile_handler)
        self.profile.setUrlRequestInterceptor(self.interceptor)

    def set_interceptor(self, interceptor: QWebEngineUrlRequestInterceptor | None) -> None:
        """Replace the interceptor (tests); None restores the default blocking recorder."""
        self.profile.setUrlRequestInterceptor(interceptor or self.interceptor)


_profile: MapProfile | None = None


def map_profile() -> MapProfile:
    global _profile
    if _profile is None:
        _profile = MapProfile()
    return _profile


def configure_tiles(mbtiles_path: str | Path | None, cache_path: str | Path | None = None,
                    fetch_url: str | None = None) -> None:
    """Point the `mbtiles:` scheme at a tile file (and optional on-demand fetch + cache)."""
    map_profile().tile_handler.set_source(mbtiles_path, cache_path, fetch_url)


def page_payload_json(obj) -> str:
    """JSON for embedding in runJavaScript calls (no '</script>' issues, non-ASCII kept)."""
    return _json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
