"""Report, hide, keep, restore — one meaning for every kind of item.

Each action takes the acting person as `by=`, flushes, never commits, and raises
DomainError (bad input) or ConflictError (the item is not in the state the person saw)
with a French message; nothing is changed when it raises.

- a report puts the item back in the queue; its author is never told who reported it;
- hide needs a reason, which the author receives; the item is kept, never deleted;
- keep marks the item as looked at and never un-hides it;
- restore puts a hidden item back; the author is told;
- the audit log says `moderation.reported|hidden|kept|restored|kept_all`, with the
  item's table as target type.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.limits import check_hourly
from app.models import Person, Report, Ward
from app.models.moderation import REASON_MAX
from app.moderation import policies
from app.moderation.kinds import KINDS, Kind, kind_of
from app.people_to_tell import ward_leaders
from app.records.services import audit, notify

QUEUE_RECENT = timedelta(days=7)
QUEUE_HIDDEN = timedelta(days=30)
QUEUE_LIMIT = 200
NOT_MODERATOR = "Seuls les administrateurs et la cadre de soins modèrent le service."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reason(text: str | None, *, empty: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(empty, field="reason")
    if len(text) > REASON_MAX:
        raise DomainError(f"{REASON_MAX}\u00a0caractères au plus (il y en a {len(text)}).", field="reason")
    return text


def _check_moderator(by: Person, item) -> None:
    if not policies.can_moderate(by, item.ward):
        raise DomainError(NOT_MODERATOR)


def _tell_author(item, by: Person, kind: Kind, notification: str, text: str) -> None:
    if item.author_id and item.author_id != by.id:
        notify(item.author_id, notification, text, link=kind.page(item), ward=item.ward)


def report(item, *, by: Person, reason: str) -> Report:
    """A member asks the moderators to look at an item; it goes back to the queue."""
    kind = kind_of(item)
    if item.hidden:
        raise ConflictError(f"{_capital(kind.this)} a déjà été masqué par la modération.")
    if policies.is_author_of(by, item):
        raise DomainError(f"Vous ne pouvez pas signaler votre propre {kind.noun}.")
    if not policies.can_report(by, item):
        raise DomainError(f"Vous ne pouvez pas signaler {kind.this}.")
    reason = _reason(reason, empty="Dites en quelques mots ce qui pose problème.")
    already = f"Vous avez déjà signalé {kind.this}\u00a0: les modérateurs ont été prévenus."
    if reported_by(kind.name, [item.id], by):
        raise ConflictError(already)
    check_hourly("report", by, item.ward_id)
    entry = Report(
        ward_id=item.ward_id, target_type=kind.name, target_id=item.id, reporter_id=by.id, reason=reason
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError as error:
        raise ConflictError(already) from error
    item.report_count += 1
    item.reviewed_at = None
    db.session.flush()
    audit("moderation.reported", by=by, ward=item.ward, target=item, reason=reason)
    for moderator_id in {p.id for p in ward_leaders(item.ward)} - {by.id}:
        notify(
            moderator_id,
            "moderation.reported",
            f"{_capital(kind.this)} a été signalé\u00a0: il attend votre regard dans la modération.",
            link=link_to("ward_admin.moderation", ward_slug=item.ward.slug),
            ward=item.ward,
        )
    return entry


def mark_hidden(item, *, by: Person, reason: str, now: datetime | None = None) -> None:
    """Take an item off its page, kept (also used by a post-it's author who withdraws it)."""
    now = now or utcnow()
    item.hidden = True
    item.hidden_reason = reason
    item.hidden_by_id = by.id
    item.hidden_at = now
    item.reviewed_at = now


def hide(item, *, by: Person, reason: str) -> object:
    """A moderator hides an item with a reason; it is kept, the author is told why."""
    kind = kind_of(item)
    _check_moderator(by, item)
    reason = _reason(reason, empty="Indiquez la raison\u00a0: l'auteur·rice la recevra.")
    if item.hidden:
        raise ConflictError(f"{_capital(kind.this)} est déjà masqué.")
    mark_hidden(item, by=by, reason=reason)
    db.session.flush()
    audit("moderation.hidden", by=by, ward=item.ward, target=item, reason=reason)
    _tell_author(
        item,
        by,
        kind,
        "moderation.hidden",
        f"Votre {kind.noun} «\u00a0{kind.excerpt(item)}\u00a0» a été masqué par la modération. "
        f"Raison\u00a0: {reason}",
    )
    return item


def keep(item, *, by: Person) -> object:
    """A moderator has looked at the item and leaves it up: it leaves the queue."""
    kind = kind_of(item)
    _check_moderator(by, item)
    if item.hidden:
        raise ConflictError(f"{_capital(kind.this)} est masqué\u00a0: rétablissez-le plutôt.")
    item.reviewed_at = utcnow()
    db.session.flush()
    audit("moderation.kept", by=by, ward=item.ward, target=item)
    return item


def restore(item, *, by: Person, reason: str = "") -> object:
    """A moderator puts a hidden item back; the author is told."""
    kind = kind_of(item)
    _check_moderator(by, item)
    if not item.hidden:
        raise ConflictError(f"{_capital(kind.this)} est déjà visible.")
    reason = (reason or "").strip()[:REASON_MAX] or "Rétabli après vérification."
    item.hidden = False
    item.hidden_reason = ""
    item.hidden_by_id = None
    item.hidden_at = None
    item.reviewed_at = utcnow()
    db.session.flush()
    audit("moderation.restored", by=by, ward=item.ward, target=item, reason=reason)
    _tell_author(
        item,
        by,
        kind,
        "moderation.restored",
        f"Votre {kind.noun} «\u00a0{kind.excerpt(item)}\u00a0» est de nouveau visible.",
    )
    return item


def forget(item) -> None:
    """The item is deleted: its reports go with it."""
    kind = kind_of(item)
    for entry in db.session.scalars(
        select(Report).where(Report.target_type == kind.name, Report.target_id == item.id)
    ):
        db.session.delete(entry)


# --- reading -------------------------------------------------------------------------


def reported_by(kind_name: str, ids: list[int], person: Person) -> set[int]:
    """Which of these items the person has reported (one query)."""
    if not ids or not isinstance(person, Person):
        return set()
    return set(
        db.session.scalars(
            select(Report.target_id).where(
                Report.target_type == kind_name, Report.target_id.in_(ids), Report.reporter_id == person.id
            )
        )
    )


def reports_of(pairs: list[tuple[str, int]]) -> dict[tuple[str, int], list[Report]]:
    """The reports of these (kind, id) items, oldest first, in one query."""
    if not pairs:
        return {}
    by_kind: dict[str, list[int]] = {}
    for name, item_id in pairs:
        by_kind.setdefault(name, []).append(item_id)
    rows = db.session.scalars(
        select(Report)
        .where(or_(*(and_(Report.target_type == n, Report.target_id.in_(ids)) for n, ids in by_kind.items())))
        .order_by(Report.created_at, Report.id)
    )
    found: dict[tuple[str, int], list[Report]] = {}
    for row in rows:
        found.setdefault((row.target_type, row.target_id), []).append(row)
    return found


@dataclass
class Entry:
    kind: Kind
    item: object
    reports: list = field(default_factory=list)

    @property
    def calm(self) -> bool:
        """Nobody reported it and nothing in it looks like patient data."""
        return not self.item.report_count and not getattr(self.item, "looks_sensitive", False)


@dataclass
class Queue:
    to_review: list
    hidden: list
    counts: dict  # kind name → number of items to review

    @property
    def calm(self) -> list:
        return [entry for entry in self.to_review if entry.calm]


def _to_review(kind: Kind, ward: Ward, now: datetime) -> list:
    model = kind.model
    waiting = model.report_count > 0
    if kind.waits_unreported:
        waiting = or_(waiting, model.created_at >= now - QUEUE_RECENT)
    return list(
        db.session.scalars(
            select(model)
            .options(joinedload(model.author))
            .where(model.ward_id == ward.id, model.hidden.is_(False), model.reviewed_at.is_(None), waiting)
            .order_by(model.created_at.desc())
            .limit(QUEUE_LIMIT)
        ).unique()
    )


def _recently_hidden(kind: Kind, ward: Ward, now: datetime) -> list:
    model = kind.model
    return list(
        db.session.scalars(
            select(model)
            .options(joinedload(model.author), joinedload(model.hidden_by))
            .where(model.ward_id == ward.id, model.hidden.is_(True), model.hidden_at >= now - QUEUE_HIDDEN)
            .order_by(model.hidden_at.desc())
            .limit(QUEUE_LIMIT)
        ).unique()
    )


def entries(items: list[tuple[Kind, object]]) -> list[Entry]:
    reports = reports_of([(kind.name, item.id) for kind, item in items])
    return [Entry(kind, item, reports.get((kind.name, item.id), [])) for kind, item in items]


def queue(ward: Ward, now: datetime | None = None) -> Queue:
    """Reported (and, for post-its, recent) items nobody has looked at, and recently hidden
    ones, of every kind: two queries per kind and one for all the reports."""
    now = now or utcnow()
    waiting = [(kind, item) for kind in KINDS for item in _to_review(kind, ward, now)]
    hidden = [(kind, item) for kind in KINDS for item in _recently_hidden(kind, ward, now)]
    all_entries = entries(waiting + hidden)
    to_review, recently_hidden = all_entries[: len(waiting)], all_entries[len(waiting) :]
    # Reported and possibly sensitive items first, then the newest.
    to_review.sort(key=lambda e: (e.calm, -e.item.created_at.timestamp()))
    recently_hidden.sort(key=lambda e: -e.item.hidden_at.timestamp())
    counts = {kind.name: 0 for kind in KINDS}
    for entry in to_review:
        counts[entry.kind.name] += 1
    return Queue(to_review=to_review, hidden=recently_hidden, counts=counts)


def keep_unreported(ward: Ward, *, by: Person, now: datetime | None = None) -> int:
    """Clear the queue of the items nobody reported and nothing flags: one tap for all."""
    if not policies.can_moderate(by, ward):
        raise DomainError(NOT_MODERATOR)
    now = now or utcnow()
    calm = queue(ward, now).calm
    for entry in calm:
        entry.item.reviewed_at = now
    db.session.flush()
    if calm:
        audit(
            "moderation.kept_all",
            by=by,
            ward=ward,
            detail={"items": [f"{e.kind.name}:{e.item.id}" for e in calm]},
        )
    return len(calm)


def load(kind: Kind, item_id: int, ward: Ward):
    """The item of this kind in this ward, or None."""
    item = db.session.get(kind.model, item_id)
    return item if item is not None and item.ward_id == ward.id else None
