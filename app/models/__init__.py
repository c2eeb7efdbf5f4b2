"""All models, imported here so Alembic and the app see the whole metadata."""

from app.models.people import (  # noqa: F401
    JOBS,
    Invitation,
    JoinRequest,
    LoginEvent,
    Membership,
    Person,
    Ward,
)
from app.models.postits import PostIt, PostItReport, PostItSupport  # noqa: F401
from app.models.records import AuditEntry, Notification  # noqa: F401
