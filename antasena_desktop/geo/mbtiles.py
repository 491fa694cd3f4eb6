"""MBTiles (SQLite raster tile sets): validation, import, read and cache writes. Pure sqlite3.

MBTiles stores rows in TMS order: tile_row = 2**zoom - 1 - y (y of the XYZ/"slippy" scheme).
"""
from __future__ import annotations

import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import T, UserError

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class MBTilesInfo:
    path: Path
    metadata: dict[str, str] = field(default_factory=dict)
    tile_count: int = 0
    zoom_levels: tuple[int, ...] = ()
    image_format: str = "png"

    @property
    def name(self) -> str:
        return self.metadata.get("name", self.path.stem)


def tms_row(z: int, y: int) -> int:
    return (1 << z) - 1 - y


def validate_mbtiles(path: str | Path) -> MBTilesInfo:
    """Check that `path` is an MBTiles file; raise UserError (id/en) otherwise."""
    p = Path(path)
    if not p.is_file():
        raise UserError(T("Berkas MBTiles tidak ditemukan: {p}", "MBTiles file not found: {p}", p=p))
    with open(p, "rb") as f:
        if f.read(16) != SQLITE_MAGIC:
            raise UserError(T("{p} bukan basis data SQLite, jadi bukan MBTiles.",
                              "{p} is not an SQLite database, so it is not an MBTiles file.", p=p.name))
    try:
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
            missing = [t for t in ("tiles", "metadata") if t not in names]
            if missing:
                raise UserError(T("{p} bukan MBTiles: tabel/view {t} tidak ada.",
                                  "{p} is not an MBTiles file: table/view {t} is missing.",
                                  p=p.name, t=", ".join(missing)))
            cols = {r[1] for r in con.execute("PRAGMA table_info(tiles)")}
            need = {"zoom_level", "tile_column", "tile_row", "tile_data"}
            if not need <= cols:
                raise UserError(T("Tabel tiles pada {p} tidak memiliki kolom {c}.",
                                  "The tiles table of {p} lacks the columns {c}.",
                                  p=p.name, c=", ".join(sorted(need - cols))))
            meta = {str(k): str(v) for k, v in con.execute("SELECT name, value FROM metadata")}
            count = con.execute("SELECT COUNT(*) FROM tiles").fetchone()[0]
            zooms = tuple(r[0] for r in con.execute("SELECT DISTINCT zoom_level FROM tiles ORDER BY 1"))
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(T("{p} tidak dapat dibaca sebagai SQLite: {e}", "{p} cannot be read as SQLite: {e}",
                          p=p.name, e=exc)) from exc
    fmt = meta.get("format", "png").lower()
    if fmt not in ("png", "jpg", "jpeg", "webp"):
        raise UserError(T("Format ubin {f} tidak didukung (hanya png/jpg/webp raster).",
                          "Tile format {f} is not supported (raster png/jpg/webp only).", f=fmt))
    return MBTilesInfo(p, meta, count, zooms, "jpg" if fmt == "jpeg" else fmt)


def import_mbtiles(src: str | Path, dest_dir: str | Path, name: str | None = None) -> MBTilesInfo:
    """Validate `src` and copy it into `dest_dir` (the app's tile folder). Returns the info of the copy."""
    validate_mbtiles(src)
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / (name or Path(src).name)
    tmp = dest.with_suffix(dest.suffix + ".part")
    shutil.copyfile(src, tmp)
    tmp.replace(dest)
    return validate_mbtiles(dest)


def create_mbtiles(path: str | Path, name: str = "Antasena tile cache", image_format: str = "png",
                   attribution: str = "") -> Path:
    """Create an empty MBTiles file (used as the on-demand cache)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(p)
    try:
        con.executescript("""
            CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
            CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name);
            CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                              tile_data BLOB);
            CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
        """)
        for k, v in (("name", name), ("format", image_format), ("type", "baselayer"), ("version", "1.0"),
                     ("attribution", attribution)):
            con.execute("INSERT OR IGNORE INTO metadata (name, value) VALUES (?, ?)", (k, v))
        con.commit()
    finally:
        con.close()
    return p


class MBTiles:
    """Thread-safe tile reader/writer (one connection, guarded by a lock; reads are index lookups)."""

    def __init__(self, path: str | Path, writable: bool = False):
        self.path = Path(path)
        self.writable = writable
        uri = f"file:{self.path}?mode={'rw' if writable else 'ro'}"
        self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        fmt = self.metadata().get("format", "png").lower()
        self.image_format = "jpg" if fmt == "jpeg" else fmt

    @property
    def mime_type(self) -> str:
        return {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}.get(self.image_format, "image/png")

    def metadata(self) -> dict[str, str]:
        with self._lock:
            try:
                return {str(k): str(v) for k, v in self._con.execute("SELECT name, value FROM metadata")}
            except sqlite3.DatabaseError:
                return {}

    def get_tile(self, z: int, x: int, y: int) -> bytes | None:
        """Tile at XYZ coordinates (y counted from the top), or None."""
        with self._lock:
            row = self._con.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, tms_row(z, y))).fetchone()
        return bytes(row[0]) if row else None

    def put_tile(self, z: int, x: int, y: int, data: bytes) -> None:
        if not self.writable:
            raise PermissionError("MBTiles opened read-only")
        with self._lock:
            self._con.execute("INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) "
                              "VALUES (?, ?, ?, ?)", (z, x, tms_row(z, y), sqlite3.Binary(data)))
            self._con.commit()

    def close(self) -> None:
        with self._lock:
            self._con.close()
