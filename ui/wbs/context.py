"""What every WBS window and view shares: the WBS database, the logged-in handler and their keyring."""
from __future__ import annotations

from ui.context import AppContext


class WbsContext(AppContext):
    """An AppContext for the WBS workspace.

    `actor` is a `WbsActor`; `keyring` holds that handler's unlocked private key in memory only
    (it is what lets the services decrypt a case) and is dropped on lock and close.
    """

    workspace = "wbs"

    def __init__(self, database, actor, keyring, parent=None):
        super().__init__(database, actor, parent)
        self.keyring = keyring

    def forget_keys(self) -> None:
        keyring, self.keyring = self.keyring, None
        wipe = getattr(keyring, "forget", None)
        if callable(wipe):
            wipe()
