"""Persistence: SQLAlchemy 2 models, engine/session setup, Alembic migrations, repositories."""
