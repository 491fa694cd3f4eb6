"""The pure hash chain every audit log uses: an edit, a deletion and an insertion are each detected."""
from antasena_desktop.audit_chain import GENESIS, link_hash, verify_chain


def _chain(n, key=b""):
    rows, prev = [], GENESIS
    for i in range(n):
        content = {"id": i, "action": "update", "note": f"baris {i}"}
        row_hash = link_hash(prev, content, key)
        rows.append((i, prev, row_hash, content))
        prev = row_hash
    return rows


def test_intact_chain_verifies():
    assert verify_chain(_chain(6)) is None


def test_edited_row_is_found():
    rows = _chain(6)
    row_id, prev, row_hash, content = rows[3]
    rows[3] = (row_id, prev, row_hash, {**content, "note": "diubah"})
    broken = verify_chain(rows)
    assert (broken.row_id, broken.reason) == (3, "edited")


def test_deleted_and_inserted_rows_are_found():
    rows = _chain(6)
    broken = verify_chain(rows[:2] + rows[3:])
    assert (broken.row_id, broken.reason) == (3, "deleted-or-inserted")
    forged = (99, rows[1][2], link_hash(rows[1][2], {"id": 99}), {"id": 99})
    broken = verify_chain(rows[:2] + [forged] + rows[2:])
    assert (broken.row_id, broken.reason) == (2, "deleted-or-inserted")


def test_keyed_chain_cannot_be_recomputed_without_the_key():
    keyed = _chain(4, key=b"rahasia")
    assert verify_chain(keyed, key=b"rahasia") is None
    assert verify_chain(keyed) is not None
