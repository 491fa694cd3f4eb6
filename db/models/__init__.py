"""All tables; import from here."""
from .accounts import AuditLog, Setting, UserAccount
from .changelog import ChangeLog
from .base import Base, OperationalMixin, UTCDateTime, new_id, utcnow
from .documents import DocumentNumber, Sprin
from .events import Assignment, AssignmentLog, Event, EventTemplate, Post, PostRequirement, SecurityRequest
from .portal import NewsAttachment, NewsPost, StakeholderAccount, stakeholder_event
from .people import Availability, Personnel, Unit, personnel_function, unit_area
from .reference import Function, GeoLayer, Kecamatan, Kelurahan, Rank, Venue
from .sync import SyncApplied, SyncConflict, SyncOutbox, SyncReplica

__all__ = [
    "Assignment", "AssignmentLog", "AuditLog", "Availability", "Base", "ChangeLog", "DocumentNumber", "Event",
    "EventTemplate", "Function", "GeoLayer", "Kecamatan", "Kelurahan", "NewsAttachment", "NewsPost", "OperationalMixin",
    "Personnel", "Post", "PostRequirement", "Rank", "SecurityRequest", "Setting", "Sprin", "StakeholderAccount",
    "SyncApplied", "SyncConflict", "SyncOutbox", "SyncReplica", "UTCDateTime", "Unit",
    "UserAccount", "Venue", "new_id", "personnel_function", "stakeholder_event", "unit_area", "utcnow",
]
