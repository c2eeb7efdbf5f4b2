"""Every model has a factory in tests/factories.py, or is made only by the service that owns it."""

import pytest
from sqlalchemy import func, select

from app import models
from app.extensions import db
from tests.factories import Factory

# Model → the factory that builds it.
BUILT_BY = {
    "Ward": "ward",
    "Person": "person",
    "Membership": "membership",
    "JoinRequest": "join_request",
    "Invitation": "invitation",
    "LoginEvent": "login_event",
    "Notification": "notification",
    "Activity": "activity",
    "ActivityReferent": "referent",
    "VigilanceAnswer": "vigilance_answers",
    "MissionOrder": "mission_order",
    "Slot": "slot",
    "SignUp": "sign_up",
    "SlotFeedback": "feedback",
    "CharterSignature": "charter_signature",
    "Publication": "publication",
    "PublicationThanks": "thanks",
    "Comment": "comment",
    "PostIt": "postit",
    "PostItSupport": "postit_support",
    "Report": "report",
    "Event": "event",
    "DatePoll": "poll",
    "DatePollOption": "poll",
    "DatePollAnswer": "poll_answer",
    "CalendarToken": "calendar_token",
    "GuideProgress": "guide_progress",
    "ContactMessage": "contact_message",
    "Document": "document",
    "NotificationSetting": "notification_setting",
    "SurveyTurn": "survey_turn",
    "SurveyAnswer": "survey_answer",
    "WardNotificationSetting": "ward_notification_setting",
    "Sanction": "sanction",
    "Delegation": "delegation",
    "Shift": "shift",
}
# Records that only their service writes (a test goes through the service or the route).
SERVICE_ONLY = {
    "AuditEntry",  # records.services.audit
    "ActivityTransition",  # every move of the activity circuit
    "EmergencyStop",
    "PublicationStep",
    "PublicationRevision",
    "SlotSeries",  # planner.services.create_slots with weekdays
    "VigilanceCategory",  # reference data seeded by the migrations
    "VigilanceItem",
    "MailOutbox",  # notifications.services.notify queues it, mail.send_pending sends it
    "SlotReminder",  # notifications.reminders (one row per sign-up and kind)
}


def test_every_model_has_a_factory_or_its_service():
    models = {mapper.class_.__name__ for mapper in db.Model.registry.mappers}
    missing = sorted(models - set(BUILT_BY) - SERVICE_ONLY)
    stale = sorted((set(BUILT_BY) | SERVICE_ONLY) - models)
    assert not missing, f"models without a factory in tests/factories.py: {missing}"
    assert not stale, f"listed but not models: {stale}"
    assert all(callable(getattr(Factory, name, None)) for name in BUILT_BY.values())


def test_one_of_each_in_a_scene(make):
    """Every factory builds a valid row with its defaults (constraints of both engines)."""
    ward = make.ward()
    lea = make.person(ward=ward, first_name="Léa")
    thomas = make.person(ward=ward)
    make.membership(make.ward("oncologie"), thomas)
    make.join_request(ward)
    make.invitation(ward, by=lea)
    make.login_event(thomas.matricule)
    make.notification(thomas)
    massage = make.activity(ward, referents=[lea], responsibility_charter="Charte")
    make.vigilance_answers(massage)
    make.mission_order(make.activity(ward, name="Randonnée", outside_workplace=True))
    slot = make.slot(massage, capacity=1)
    make.sign_up(slot, thomas)
    make.sign_up(slot, lea, status="waiting")
    make.feedback(slot, thomas)
    make.charter_signature(thomas, massage)
    publication = make.publication(ward, lea, image=True)
    make.thanks(publication, thomas)
    comment = make.comment(publication, lea)
    make.comment(massage, thomas)
    make.report(comment, thomas)
    postit = make.postit(ward, lea)
    make.postit_support(postit, thomas)
    make.report(postit, thomas)
    event = make.event(ward, lea)
    make.report(event, thomas)
    poll = make.poll(ward, lea)
    make.poll_answer(poll.options[0], thomas)
    make.calendar_token(thomas)
    make.guide_progress(thomas, "devenir-bienveillant", "2-1")
    make.contact_message(ward, thomas)
    make.document(ward)
    make.notification_setting(thomas, quiet_from=22, quiet_to=7)
    make.ward_notification_setting(ward)
    make.survey_turn(thomas)
    make.survey_answer(ward)
    make.sanction(ward, thomas, by=lea)
    make.delegation(ward, by=lea)
    make.shift(ward)
    db.session.commit()
    for name in BUILT_BY:
        model = getattr(models, name)
        assert db.session.scalar(select(func.count()).select_from(model)) >= 1, name
    db.session.refresh(slot)
    db.session.refresh(publication)
    assert (slot.taken, slot.waiting, publication.thanks_count, publication.comment_count) == (1, 1, 1, 1)


@pytest.mark.parametrize("status", ["confirmed", "waiting", "cancelled"])
def test_sign_up_keeps_the_slot_counters(make, status):
    ward = make.ward()
    slot = make.slot(make.activity(ward), capacity=3)
    make.sign_up(slot, make.person(ward=ward), status=status)
    db.session.refresh(slot)
    assert (slot.taken, slot.waiting) == {"confirmed": (1, 0), "waiting": (0, 1), "cancelled": (0, 0)}[status]
