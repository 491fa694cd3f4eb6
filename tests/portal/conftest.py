from __future__ import annotations

import pytest

from tests.portal.world import PortalWorld


@pytest.fixture
def world(database):
    return PortalWorld(database)
