"""The WBS workspace's own database: models, engine (SQLite hygiene), its own Alembic history."""
