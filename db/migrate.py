"""Schema migrations (Alembic), with a backup of the SQLite file before any upgrade of existing data.

`MigrationHistory` is one Alembic history (its folder and version table); the module functions are
the Bag Ops history's. The WBS database has its own (`db/wbs/migrate.py`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class MigrationHistory:
    location: Path
    version_table: str = "alembic_version"

    def alembic_config(self, url: str) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(self.location))
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        return cfg

    def head_revision(self) -> str:
        return ScriptDirectory.from_config(self.alembic_config("sqlite://")).get_current_head()

    def known_revisions(self) -> set[str]:
        """Every revision id this history knows (a backup with another is newer)."""
        script = ScriptDirectory.from_config(self.alembic_config("sqlite://"))
        return {rev.revision for rev in script.walk_revisions()}

    def current_revision(self, engine: Engine) -> str | None:
        with engine.connect() as conn:
            return MigrationContext.configure(conn, opts={"version_table": self.version_table}).get_current_revision()

    def upgrade(self, engine: Engine, revision: str = "head", backup: bool = True) -> str | None:
        """Upgrade the schema; returns the path of the pre-migration backup, if one was made."""
        from db.backup import backup_sqlite

        current = self.current_revision(engine)
        target = self.head_revision() if revision == "head" else revision
        backup_path = None
        if backup and current is not None and current != target:
            backup_path = backup_sqlite(engine, reason=f"pre-migrasi-{current}")
        self._run(engine, command.upgrade, revision)
        return str(backup_path) if backup_path else None

    def downgrade(self, engine: Engine, revision: str) -> None:
        self._run(engine, command.downgrade, revision)

    def _run(self, engine: Engine, step, revision: str) -> None:
        cfg = self.alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            step(cfg, revision)


BAG_OPS = MigrationHistory(MIGRATIONS)
alembic_config = BAG_OPS.alembic_config
head_revision = BAG_OPS.head_revision
known_revisions = BAG_OPS.known_revisions
current_revision = BAG_OPS.current_revision
upgrade = BAG_OPS.upgrade
downgrade = BAG_OPS.downgrade
