"""PySide6 user interface: windows, views, item models, dialogs, the map bridge. No business rules, no SQL."""
