"""Factories for every model, used through the `make` fixture of tests/conftest.py:

    ward = make.ward("hematologie")
    lea = make.person(ward=ward, first_name="Léa")
    massage = make.activity(ward, referents=[lea], responsibility_charter="…")
    slot = make.slot(massage, capacity=1)
    make.sign_up(slot, lea)                      # the slot's counters follow
    make.publication(ward, lea, status="submitted")

Each one commits, so what it built is visible to the requests of the test client. Every
field not named takes the model's default; any column may be given as a keyword.
Times: `at(days, hour)` is a UTC instant for a Paris wall-clock time `days` from today.
"""

import hashlib
import io
import itertools
import secrets
import uuid
from datetime import UTC, date, datetime, time, timedelta

from PIL import Image
from sqlalchemy import select

from app.agenda.services import new_calendar_token
from app.auth.passwords import hash_password
from app.auth.services import create_invitation
from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.documents.services import _folder
from app.extensions import db
from app.feed.services import store_image
from app.models import (
    Activity,
    ActivityReferent,
    CharterSignature,
    Comment,
    ContactMessage,
    DatePoll,
    DatePollAnswer,
    DatePollOption,
    Delegation,
    Document,
    Event,
    GuideProgress,
    JoinRequest,
    LoginEvent,
    Membership,
    MissionOrder,
    Notification,
    NotificationSetting,
    Person,
    PostIt,
    PostItSupport,
    Publication,
    PublicationThanks,
    Report,
    Sanction,
    Shift,
    SignUp,
    Slot,
    SlotFeedback,
    SurveyAnswer,
    SurveyTurn,
    VigilanceAnswer,
    VigilanceItem,
    Ward,
    WardNotificationSetting,
)

PASSWORD = "Une phrase de passe assez longue"
_seq = itertools.count(1)


def today() -> date:
    """Today in Paris (the app's days are Paris days)."""
    return datetime.now(PARIS).date()


def utc(*fields: int) -> datetime:
    """A naive UTC time as the DateTime columns store it: `utc(2026, 11, 24, 13, 0)`."""
    return datetime(*fields, tzinfo=UTC).replace(tzinfo=None)


def at(days: int = 3, hour: time = time(14, 0), *, day: date | None = None) -> datetime:
    """The naive UTC instant of `hour` Paris time on `day` (or `days` from today)."""
    return paris_to_utc(datetime.combine(day or today() + timedelta(days=days), hour))


def _save(*objects):
    db.session.add_all(objects)
    db.session.commit()
    return objects[0] if len(objects) == 1 else objects


class Factory:
    _hash: str | None = None

    def password_hash(self) -> str:
        if Factory._hash is None:
            Factory._hash = hash_password(PASSWORD)
        return Factory._hash

    # --- people and wards ----------------------------------------------------------------------

    def ward(self, slug: str = "hematologie", name: str | None = None, **fields) -> Ward:
        return _save(Ward(slug=slug, name=name or slug.capitalize(), **fields))

    def person(
        self,
        *,
        ward: Ward | None = None,
        role: str = "member",
        status: str = "active",
        platform_admin: bool = False,
        first_name: str = "Camille",
        last_name: str | None = None,
        matricule: str | None = None,
        **fields,
    ) -> Person:
        n = next(_seq)
        person = Person(
            matricule=matricule or f"T{n:05d}",
            first_name=first_name,
            last_name=last_name or f"Test{n}",
            job=fields.pop("job", "ide"),
            status=status,
            is_platform_admin=platform_admin,
            password_hash=self.password_hash(),
            **fields,
        )
        db.session.add(person)
        db.session.flush()
        if ward is not None:
            db.session.add(Membership(ward_id=ward.id, person_id=person.id, role=role))
        db.session.commit()
        return person

    def membership(self, ward: Ward, person: Person, role: str = "member", **fields) -> Membership:
        return _save(Membership(ward_id=ward.id, person_id=person.id, role=role, **fields))

    def join_request(self, ward: Ward, person: Person | None = None, message: str = "") -> JoinRequest:
        person = person or self.person(status="pending")
        return _save(JoinRequest(ward_id=ward.id, person_id=person.id, message=message))

    def invitation(self, ward: Ward, by: Person, note: str = ""):
        """(invitation, token) as an admin creates them: only the token's hash is stored."""
        invitation, token = create_invitation(ward, by=by, note=note)
        db.session.commit()
        return invitation, token

    def login_event(self, matricule: str, outcome: str = "failure", **fields) -> LoginEvent:
        """One line of the connection history (`at` defaults to now)."""
        return _save(LoginEvent(matricule=matricule, outcome=outcome, **fields))

    def notification(self, person: Person, text: str = "Une nouvelle", **fields) -> Notification:
        fields.setdefault("kind", "test")
        return _save(Notification(person_id=person.id, text=text, **fields))

    # --- activities and the planner --------------------------------------------------------------

    def activity(
        self,
        ward: Ward,
        *,
        name: str = "Massage minute",
        status: str = "active",
        proposer: Person | None = None,
        referents: tuple[Person, ...] | list[Person] = (),
        **fields,
    ) -> Activity:
        activity = Activity(
            ward_id=ward.id, proposer_id=proposer.id if proposer else None, name=name, status=status, **fields
        )
        db.session.add(activity)
        db.session.flush()
        for person in referents:
            db.session.add(ActivityReferent(activity_id=activity.id, person_id=person.id))
        db.session.commit()
        return activity

    def vigilance_answers(self, activity: Activity, answer: str = "addressed") -> None:
        """The proposal answers every point of the vigilance checklist."""
        for item_id in db.session.scalars(select(VigilanceItem.id)).all():
            db.session.add(VigilanceAnswer(activity_id=activity.id, item_id=item_id, answer=answer))
        db.session.commit()

    def referent(self, activity: Activity, person: Person) -> ActivityReferent:
        return _save(ActivityReferent(activity_id=activity.id, person_id=person.id))

    def mission_order(self, activity: Activity, **fields) -> MissionOrder:
        fields.setdefault("starts_at", utcnow())
        fields.setdefault("ends_at", fields["starts_at"] + timedelta(days=365))
        fields.setdefault("purpose", "Cohésion")
        return _save(MissionOrder(activity_id=activity.id, **fields))

    def slot(
        self,
        activity: Activity,
        *,
        starts_at: datetime | None = None,
        day: date | None = None,
        start: time = time(14, 0),
        minutes: int = 20,
        capacity: int = 2,
        place: str = "Salle de pause",
        **fields,
    ) -> Slot:
        """A slot of the activity, by default in three days at 14 h 00 Paris time."""
        starts_at = starts_at or at(hour=start, day=day)
        return _save(
            Slot(
                ward_id=activity.ward_id,
                activity_id=activity.id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                capacity=capacity,
                place=place,
                **fields,
            )
        )

    def shift(
        self,
        ward: Ward,
        name: str = "jour",
        starts: time = time(7, 0),
        ends: time = time(19, 0),
        breaks: str = "10:00,14:00",
        **fields,
    ) -> Shift:
        """One of the ward's shifts (a night shift ends before it starts: the next morning)."""
        return _save(Shift(ward_id=ward.id, name=name, starts=starts, ends=ends, breaks=breaks, **fields))

    def sign_up(self, slot: Slot, person: Person, status: str = "confirmed", **fields) -> SignUp:
        """A place (or a wait) in the slot; the slot's `taken` / `waiting` counters follow."""
        if status == "confirmed":
            slot.taken += 1
        elif status == "waiting":
            slot.waiting += 1
            fields.setdefault("waiting_since", utcnow())
        return _save(SignUp(slot_id=slot.id, person_id=person.id, status=status, **fields))

    def feedback(self, slot: Slot, person: Person, rating: int = 5, comment: str = "") -> SlotFeedback:
        return _save(
            SlotFeedback(
                slot_id=slot.id,
                activity_id=slot.activity_id,
                person_id=person.id,
                rating=rating,
                comment=comment,
            )
        )

    def charter_signature(self, person: Person, activity: Activity, **fields) -> CharterSignature:
        """The person accepted the activity's current charter."""
        fields.setdefault("text_sha256", hashlib.sha256(activity.responsibility_charter.encode()).hexdigest())
        fields.setdefault("shown_at", utcnow())
        return _save(
            CharterSignature(
                person_id=person.id, activity_id=activity.id, version=activity.charter_version, **fields
            )
        )

    # --- the feed and discussions ----------------------------------------------------------------

    def publication(
        self,
        ward: Ward,
        author: Person,
        *,
        status: str = "published",
        kind: str = "info",
        title: str = "Nouvelle",
        body: str = "Texte",
        image: bool = False,
        **fields,
    ) -> Publication:
        """A post; published ones get their publication date; `image=True` stores a small PNG."""
        if status == "published":
            fields.setdefault("published_at", utcnow())
        if image:
            buffer = io.BytesIO()
            Image.new("RGB", (8, 8), (0, 110, 80)).save(buffer, "PNG")
            fields["image_name"], fields["image_type"] = store_image(buffer.getvalue())
        return _save(
            Publication(
                ward_id=ward.id,
                author_id=author.id,
                kind=kind,
                title=title,
                body=body,
                status=status,
                **fields,
            )
        )

    def thanks(self, publication: Publication, person: Person) -> PublicationThanks:
        publication.thanks_count += 1
        return _save(PublicationThanks(publication_id=publication.id, person_id=person.id))

    def comment(self, target: Publication | Activity, author: Person, body: str = "Bravo !", **fields):
        """A message under a publication or an activity (the publication's count follows)."""
        kind = "publication" if isinstance(target, Publication) else "activity"
        if kind == "publication" and not fields.get("hidden"):
            target.comment_count += 1
        return _save(
            Comment(
                ward_id=target.ward_id,
                target_type=kind,
                target_id=target.id,
                author_id=author.id,
                body=body,
                **fields,
            )
        )

    # --- moderation --------------------------------------------------------------------------------

    def report(self, item, reporter: Person, reason: str = "Hors charte") -> Report:
        """A member's report of a post-it, a comment or an event (one `report` row, counted)."""
        item.report_count = (item.report_count or 0) + 1
        return _save(
            Report(
                ward_id=item.ward_id,
                target_type=item.__tablename__,
                target_id=item.id,
                reporter_id=reporter.id,
                reason=reason,
            )
        )

    # --- post-it -----------------------------------------------------------------------------------

    def postit(
        self, ward: Ward, author: Person, *, kind: str = "idea", text: str = "Une tisanerie", **fields
    ) -> PostIt:
        return _save(PostIt(ward_id=ward.id, author_id=author.id, kind=kind, text=text, **fields))

    def postit_support(self, postit: PostIt, person: Person) -> PostItSupport:
        return _save(PostItSupport(postit_id=postit.id, person_id=person.id))

    # --- agenda ----------------------------------------------------------------------------------

    def event(
        self,
        ward: Ward,
        author: Person,
        *,
        title: str = "Réunion",
        kind: str = "meeting",
        starts_at: datetime | None = None,
        minutes: int = 60,
        **fields,
    ) -> Event:
        """An agenda event, by default in three days at 14 h 00 Paris time, for an hour."""
        starts_at = starts_at or at()
        return _save(
            Event(
                ward_id=ward.id,
                author_id=author.id,
                uid=f"{uuid.uuid4()}@anime-ton-chu",
                kind=kind,
                title=title,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                **fields,
            )
        )

    def poll(
        self,
        ward: Ward,
        organiser: Person,
        *,
        title: str = "Soirée",
        starts: list[datetime] | None = None,
        hours: int = 2,
        **fields,
    ) -> DatePoll:
        """A find-a-date poll with options (by default in four and five days at 14 h 00)."""
        poll = DatePoll(ward_id=ward.id, organiser_id=organiser.id, title=title, **fields)
        poll.options = [
            DatePollOption(starts_at=start, ends_at=start + timedelta(hours=hours))
            for start in (starts or [at(4), at(5)])
        ]
        return _save(poll)

    def poll_answer(self, option: DatePollOption, person: Person, answer: str = "yes") -> DatePollAnswer:
        return _save(DatePollAnswer(option_id=option.id, person_id=person.id, answer=answer))

    def calendar_token(self, person: Person) -> str:
        """A person's secret calendar link token (its hash is stored)."""
        token = new_calendar_token(person)
        db.session.commit()
        return token

    # --- notifications -----------------------------------------------------------------------------

    def notification_setting(self, person: Person, **fields) -> NotificationSetting:
        """A person's notification choices (channels, confirmed address, quiet hours, digest)."""
        return _save(NotificationSetting(person_id=person.id, **fields))

    def ward_notification_setting(self, ward: Ward, **fields) -> WardNotificationSetting:
        """A ward's reminder times and digest day."""
        return _save(WardNotificationSetting(ward_id=ward.id, **fields))

    # --- the platform questionnaire -------------------------------------------------------------

    def survey_turn(self, person: Person, half_year: str = "2026-S2") -> SurveyTurn:
        """Who answered in which half-year (kept apart from what was answered)."""
        return _save(SurveyTurn(person_id=person.id, half_year=half_year))

    def survey_answer(self, ward: Ward, *, useful: int = 4, easy: int = 4, **fields) -> SurveyAnswer:
        """An anonymous answer to the questionnaire, dated by the day only."""
        fields.setdefault("half_year", "2026-S2")
        fields.setdefault("answered_on", date(2026, 11, 20))
        return _save(SurveyAnswer(ward_id=ward.id, useful=useful, easy=easy, **fields))

    # --- directory and documents --------------------------------------------------------------------

    def guide_progress(self, person: Person, guide_slug: str, item_key: str) -> GuideProgress:
        return _save(GuideProgress(person_id=person.id, guide_slug=guide_slug, item_key=item_key))

    def contact_message(
        self,
        ward: Ward,
        sender: Person | None = None,
        *,
        subject: str = "Idée",
        body: str = "Bonjour",
        **fields,
    ) -> ContactMessage:
        return _save(
            ContactMessage(
                ward_id=ward.id, sender_id=sender.id if sender else None, subject=subject, body=body, **fields
            )
        )

    def document(
        self,
        ward: Ward,
        *,
        title: str = "Charte",
        category: str = "charters",
        original_name: str = "charte.pdf",
        data: bytes = b"%PDF-1.4\n%%EOF\n",
        mime_type: str = "application/pdf",
        **fields,
    ) -> Document:
        """A shared file, its bytes written in the upload folder."""
        stored = f"{secrets.token_hex(16)}.bin"
        (_folder() / stored).write_bytes(data)
        return _save(
            Document(
                ward_id=ward.id,
                category=category,
                title=title,
                original_name=original_name,
                stored_name=stored,
                mime_type=mime_type,
                size=len(data),
                **fields,
            )
        )

    # --- the admin space -------------------------------------------------------------------

    def sanction(
        self,
        ward: Ward,
        person: Person,
        *,
        by: Person | None = None,
        kind: str = "warning",
        reason: str = "Propos déplacés en salle de pause",
        until: datetime | None = None,
        **fields,
    ) -> Sanction:
        """A sanction as recorded (no release of sign-ups: use admin.sanctions for that).
        A suspension lasts three days unless told."""
        if kind == "suspension" and until is None:
            until = utcnow() + timedelta(days=3)
        return _save(
            Sanction(
                ward_id=ward.id,
                person_id=person.id,
                by_id=by.id if by else None,
                kind=kind,
                reason=reason,
                until=until,
                **fields,
            )
        )

    def delegation(
        self, ward: Ward, *, by: Person | None = None, max_minutes: int = 30, **fields
    ) -> Delegation:
        """The manager's delegation in force: admins authorise short activities."""
        return _save(
            Delegation(
                ward_id=ward.id, granted_by_id=by.id if by else None, max_minutes=max_minutes, **fields
            )
        )
