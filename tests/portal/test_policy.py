"""The portal policy on plain values: every kind against every rule."""
from __future__ import annotations

import pytest

from antasena_desktop.i18n import UserError
from antasena_desktop.portal import policy
from antasena_desktop.portal.policy import EventFacts, Forbidden, Kind, Profile, Viewer

SAMAPTA, LANTAS = "unit-samapta", "unit-lantas"
EVENT = EventFacts("ev-1", organiser="BEM  Universitas Sriwijaya", placed_unit_ids=frozenset({SAMAPTA}))
OTHER = EventFacts("ev-2", organiser="PT Hiburan", placed_unit_ids=frozenset({LANTAS}))


def viewer(kind: Kind, **kw) -> Viewer:
    return Viewer("acc", "akun", kind, **kw)


PEMKOT = viewer(Kind.PEMKOT)
PEMKOT_NAMES = viewer(Kind.PEMKOT, profile=Profile.NAMES)
SATKER = viewer(Kind.SATKER, unit_id=SAMAPTA)
ORGANISER = viewer(Kind.ORGANISER, organiser="bem universitas sriwijaya")
POLRI = viewer(Kind.POLRI_UNIT, unit_id="unit-bko", event_ids=frozenset({"ev-2"}))


@pytest.mark.parametrize("who, event, own", [
    (PEMKOT, EVENT, True), (PEMKOT, OTHER, True),
    (SATKER, EVENT, True), (SATKER, OTHER, False),
    (ORGANISER, EVENT, True), (ORGANISER, OTHER, False),
    (POLRI, EVENT, False), (POLRI, OTHER, True),
    (viewer(Kind.SATKER, unit_id=None), EVENT, False),
    (viewer(Kind.ORGANISER, organiser=""), EventFacts("ev-3", organiser=""), False),
])
def test_own_events(who, event, own):
    assert policy.owns_event(who, event) is own
    if own:
        policy.check_event(who, event)
    else:
        with pytest.raises(Forbidden):
            policy.check_event(who, event)


@pytest.mark.parametrize("who, unit, allowed", [
    (SATKER, SAMAPTA, True), (SATKER, LANTAS, False),
    (PEMKOT, SAMAPTA, False), (PEMKOT_NAMES, SAMAPTA, True),
    (ORGANISER, SAMAPTA, False), (viewer(Kind.ORGANISER, profile=Profile.NAMES), SAMAPTA, False),
    (POLRI, "unit-bko", True), (POLRI, SAMAPTA, False),
])
def test_names_only_where_the_kind_permits(who, unit, allowed):
    assert policy.names_allowed(who, unit) is allowed


def test_profiles_for_packages():
    assert policy.names_allowed(Profile.NAMES) and not policy.names_allowed(Profile.COUNTS_ONLY)


@pytest.mark.parametrize("who, allowed", [(SATKER, True), (PEMKOT, False), (PEMKOT_NAMES, False),
                                          (ORGANISER, False), (POLRI, False)])
def test_history_only_for_a_satker(who, allowed):
    assert policy.may_see_history(who) is allowed
    if not allowed:
        with pytest.raises(Forbidden) as refused:
            policy.check_history(who)
        assert "satker" in refused.value.text.render("id")


def test_account_shapes():
    policy.check_account_fields(Kind.PEMKOT, None, Profile.NAMES)
    with pytest.raises(UserError, match="satuan"):
        policy.check_account_fields(Kind.SATKER, None, Profile.COUNTS_ONLY)
    with pytest.raises(UserError, match="Pemerintah Kota"):
        policy.check_account_fields(Kind.ORGANISER, None, Profile.NAMES)
