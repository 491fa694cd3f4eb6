"""Copy a whole database to another (e.g. a desk's SQLite file to the control-room PostgreSQL server).

The target is migrated to the same schema head and must hold no data. Rows go table by table in
foreign-key order (self-referencing tables parents first) in ONE transaction on the target, then
PostgreSQL sequences are moved past the copied ids, then every table is compared: row count and the
set of primary keys (`antasena db copy` then walks the audit hash chain on the target). Any refusal (a constraint the old file broke) rolls everything back.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, Table, func, select, text

from db import migrate
from db.models import Base

BATCH = 2000


@dataclass
class CopyReport:
    tables: dict[str, int]            # table → rows copied (and found again on the target)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


class CopyError(Exception):
    pass


def _parent_first(table: Table, rows: list[dict]) -> list[dict]:
    """Rows of a self-referencing table ordered so that every parent comes before its children."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not self_refs:
        return rows
    key = list(table.primary_key.columns)[0].name
    placed: set = set()
    ordered: list[dict] = []
    pending = rows
    while pending:
        ready = [r for r in pending if all(r[c] is None or r[c] in placed or r[c] == r[key] for c in self_refs)]
        if not ready:                                   # a cycle or a dangling parent: let the FK say so
            ready = pending
        ordered.extend(ready)
        placed.update(r[key] for r in ready)
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
    return ordered


def _has_data(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [t.name for t in Base.metadata.sorted_tables
                if t.name not in ("rank", "function", "event_template")
                and conn.execute(select(func.count()).select_from(t)).scalar()]


def copy_database(source: Engine, target: Engine) -> CopyReport:
    migrate.upgrade(source)
    migrate.upgrade(target, backup=False)
    busy = _has_data(target)
    if busy:
        raise CopyError(f"target already holds data ({', '.join(busy[:5])})")
    tables = Base.metadata.sorted_tables
    copied: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        for table in reversed(tables):                  # empty the seeded catalogues first (children first)
            dst.execute(table.delete())
        for table in tables:
            rows = _parent_first(table, [dict(r._mapping) for r in src.execute(select(table))])
            for start in range(0, len(rows), BATCH):
                dst.execute(table.insert(), rows[start:start + BATCH])
            copied[table.name] = len(rows)
        if target.dialect.name == "postgresql":             # serial ids continue after the copied ones
            for table in tables:
                pk = list(table.primary_key.columns)
                if len(pk) != 1:
                    continue
                sequence = dst.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                       {"t": table.name, "c": pk[0].name}).scalar()
                if sequence:
                    dst.execute(text(f"SELECT setval(:s, coalesce((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1,"
                                     " false)"), {"s": sequence})
    _verify(source, target, tables, copied)
    return CopyReport(copied)


def _verify(source: Engine, target: Engine, tables: list[Table], copied: dict[str, int]) -> None:
    with source.connect() as src, target.connect() as dst:
        for table in tables:
            keys = list(table.primary_key.columns)
            theirs = set(src.execute(select(*keys)).all())
            ours = set(dst.execute(select(*keys)).all())
            if theirs != ours or len(ours) != copied[table.name]:
                raise CopyError(f"table {table.name}: {len(theirs)} rows in the source, {len(ours)} on the target")
