"""The Whistleblowing System (WBS) of the Inspektorat Daerah Kota Palembang: the core, no Qt.

See docs/wbs-api.md (the service contract) and docs/wbs.md (operator guide and design)."""
