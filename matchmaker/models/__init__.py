"""SQLAlchemy 2 typed models: thin records, integrity in the database, no business logic."""

from matchmaker.models.base import Base
from matchmaker.models.event import (
    Event,
    EventBreak,
    EventInterpreter,
    EventState,
    EventTable,
    Group,
    GroupKind,
    ListingRule,
    Sector,
)
from matchmaker.models.feedback import MeetingFeedback
from matchmaker.models.follow_up import FollowUpAnswer, FollowUpRound, Outcome
from matchmaker.models.job import Job, JobStatus, JobWorker
from matchmaker.models.matched_profile import MatchedProfile
from matchmaker.models.meeting import (
    Meeting,
    MeetingAttendee,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.models.organisation import (
    EventInvitation,
    EventOrganiser,
    EventRole,
    Membership,
    Organisation,
)
from matchmaker.models.outbox import MailKind, MailState, OutboxMail
from matchmaker.models.pair_rule import PairRule, PairRuleKind
from matchmaker.models.participant import (
    ErasedFirm,
    Participant,
    ParticipantStatus,
    Unavailability,
    participant_sector,
)
from matchmaker.models.programme import (
    DelegationMember,
    ItemKind,
    ProgrammeAbsence,
    ProgrammeItem,
)
from matchmaker.models.recommendation import Recommendation
from matchmaker.models.seating import TableSeat
from matchmaker.models.staff import (
    AuditEntry,
    LoginFailure,
    StaffRole,
    StaffToken,
    StaffUser,
    TokenPurpose,
)
from matchmaker.models.text_vector import TextVector
from matchmaker.models.throttle import ThrottleHit
from matchmaker.models.visit import VisitHost, VisitHostWindow, VisitPlanState, VisitPlanVersion

__all__ = [
    "AuditEntry",
    "Base",
    "DelegationMember",
    "ErasedFirm",
    "Event",
    "EventBreak",
    "EventInterpreter",
    "EventInvitation",
    "EventOrganiser",
    "EventRole",
    "EventState",
    "EventTable",
    "FollowUpAnswer",
    "FollowUpRound",
    "Group",
    "GroupKind",
    "ItemKind",
    "Job",
    "JobStatus",
    "JobWorker",
    "ListingRule",
    "LoginFailure",
    "MailKind",
    "MailState",
    "MatchedProfile",
    "Meeting",
    "MeetingAttendee",
    "MeetingFeedback",
    "MeetingRequest",
    "MeetingSource",
    "MeetingStatus",
    "Membership",
    "Organisation",
    "OutboxMail",
    "Outcome",
    "PairRule",
    "PairRuleKind",
    "Participant",
    "ParticipantStatus",
    "ProgrammeAbsence",
    "ProgrammeItem",
    "Recommendation",
    "RequestStatus",
    "ScheduleStatus",
    "ScheduleVersion",
    "Sector",
    "StaffRole",
    "StaffToken",
    "StaffUser",
    "TableSeat",
    "TextVector",
    "ThrottleHit",
    "TokenPurpose",
    "Unavailability",
    "VisitHost",
    "VisitHostWindow",
    "VisitPlanState",
    "VisitPlanVersion",
    "participant_sector",
]
