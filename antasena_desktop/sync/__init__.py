"""A desk that keeps working through a network outage (issue 17): a local SQLite replica with an
outbox (db/sync_outbox.py), the server's conditional apply with conflict rows (`apply.py`), the
desk's push/pull client and join (`client.py`), and the conflict inbox's use cases (`conflicts.py`).
See docs/deploy.md, "A desk that works offline"."""
