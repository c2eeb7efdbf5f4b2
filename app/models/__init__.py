"""All models, imported here so Alembic and the app see the whole metadata."""

from app.models.activities import (
    Activity,
    ActivityReferent,
    ActivityTransition,
    EmergencyStop,
    MissionOrder,
    VigilanceAnswer,
    VigilanceCategory,
    VigilanceItem,
)
from app.models.agenda import CalendarToken, DatePoll, DatePollAnswer, DatePollOption, Event
from app.models.delegations import Delegation
from app.models.discussions import Comment
from app.models.feed import (
    Publication,
    PublicationRevision,
    PublicationStep,
    PublicationThanks,
)
from app.models.indicators import SurveyAnswer, SurveyTurn
from app.models.moderation import Report
from app.models.notifications import MailOutbox, NotificationSetting, SlotReminder, WardNotificationSetting
from app.models.people import (
    ADMIN_LABELS,
    ADMIN_LABELS_CODES,
    JOBS,
    ROLE_LABELS,
    Invitation,
    JoinRequest,
    LoginEvent,
    Membership,
    Person,
    Ward,
)
from app.models.planner import CharterSignature, SignUp, Slot, SlotFeedback, SlotSeries
from app.models.portal import ContactMessage, Document, GuideProgress
from app.models.postits import PostIt, PostItSupport
from app.models.records import AuditEntry, Notification
from app.models.sanctions import SANCTION_KINDS, SANCTION_LABELS, Sanction
from app.models.shifts import Shift
