"""What a mutating service changed: views refresh from it, undo is built on it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Change:
    entity: str                       # table name, e.g. "personnel"
    id: str
    action: str                       # create | update | delete
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    version: int | None = None        # the row's row_version once this change was made (undo checks it)


@dataclass
class Changes:
    items: list[Change] = field(default_factory=list)
    note: str = ""

    def add(self, change: Change) -> None:
        self.items.append(change)

    def extend(self, other: "Changes") -> "Changes":
        self.items.extend(other.items)
        return self

    def entities(self) -> set[str]:
        return {c.entity for c in self.items}

    def ids(self, entity: str) -> list[str]:
        return [c.id for c in self.items if c.entity == entity]

    def created(self, entity: str) -> list[str]:
        """Ids of the rows of `entity` this action created, in order (the "new id" of a create use case)."""
        return [c.id for c in self.items if c.entity == entity and c.action == "create"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)
