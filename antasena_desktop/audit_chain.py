"""Tamper evidence for append-only logs: each row's hash covers the previous row's hash and its own content.

Pure functions, shared by every audit log of the suite (Bag Ops, WBS). A log row is chained as

    row_hash = sha256(prev_hash || canonical(content))      (HMAC-SHA256 with a chain key, if given)

Each row stores its `prev_hash` and `row_hash`; `content` is the row's other fields; the first row's
`prev_hash` is GENESIS. Editing a row breaks its own hash; deleting or inserting one breaks the
`prev_hash` link after it.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

GENESIS = "0" * 64


def canonical(content: dict[str, Any]) -> bytes:
    """A stable byte form of a row's content: sorted keys, UTC ISO times, no whitespace."""
    def norm(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.replace(tzinfo=None).isoformat(timespec="microseconds")
        if isinstance(value, date):
            return value.isoformat()
        return value

    return json.dumps({k: norm(v) for k, v in content.items()}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), default=str).encode("utf-8")


def link_hash(prev_hash: str, content: dict[str, Any], key: bytes = b"") -> str:
    """sha256 of the previous hash and the content; HMAC-SHA256 when a chain `key` is given, so a
    holder of the database file alone cannot recompute a consistent chain after an edit."""
    message = prev_hash.encode("ascii") + b"\n" + canonical(content)
    if key:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    row_id: Any          # the first row where the chain breaks
    position: int        # 0-based position in the verified order
    reason: str          # "edited" | "deleted-or-inserted" | "missing-hash"


def verify_chain(rows: Iterable[tuple[Any, str | None, str | None, dict[str, Any]]],
                 key: bytes = b"") -> BrokenLink | None:
    """Check `(row_id, prev_hash, row_hash, content)` rows in log order; the first broken link, or None.

    A row whose `prev_hash` is not the previous row's hash marks a gap (a row deleted or inserted
    before it); a row whose hash does not match its own content was edited.
    """
    prev = GENESIS
    for position, (row_id, stored_prev, stored, content) in enumerate(rows):
        if not stored or not stored_prev:
            return BrokenLink(row_id, position, "missing-hash")
        if stored_prev != prev:
            return BrokenLink(row_id, position, "deleted-or-inserted")
        if stored != link_hash(stored_prev, content, key):
            return BrokenLink(row_id, position, "edited")
        prev = stored
    return None
