"""The WBS schema's own Alembic history (db/wbs/migrations/, version table `wbs_alembic_version`)."""
from __future__ import annotations

from pathlib import Path

from db.migrate import MigrationHistory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "wbs_alembic_version"

WBS = MigrationHistory(MIGRATIONS, VERSION_TABLE)
alembic_config = WBS.alembic_config
head_revision = WBS.head_revision
current_revision = WBS.current_revision
upgrade = WBS.upgrade        # an existing SQLite file is backed up first (it holds ciphertext only)
downgrade = WBS.downgrade
