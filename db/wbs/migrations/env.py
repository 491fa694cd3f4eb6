"""Alembic environment of the WBS database (its own metadata and version table)."""
from __future__ import annotations

from alembic import context

from db.wbs.database import make_wbs_engine
from db.wbs.migrate import VERSION_TABLE
from db.wbs.models import WbsBase

config = context.config
target_metadata = WbsBase.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_wbs_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, version_table=VERSION_TABLE,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
