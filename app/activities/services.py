"""Business actions on activities: take the acting person as `by=`, flush, never commit."""

from datetime import datetime

from sqlalchemy import case, select, update
from sqlalchemy.orm import joinedload, selectinload

from app.activities import policies
from app.activities.signals import activity_archived, activity_resumed, activity_stopped, gather
from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import (
    Activity,
    ActivityReferent,
    ActivityTransition,
    EmergencyStop,
    Membership,
    MissionOrder,
    Person,
    VigilanceAnswer,
    VigilanceCategory,
    VigilanceItem,
    Ward,
)
from app.models.activities import BREAKS, MAX_DURATION_MINUTES
from app.people_to_tell import ward_leaders, ward_managers, ward_member_ids
from app.records.services import audit, notify

DEFAULT_CHARTER = (
    "En m'inscrivant à cette activité, je m'engage à :\n"
    "- signaler au référent, avant de commencer, toute douleur, fragilité\n"
    "  ou contre-indication me concernant ;\n"
    "- respecter le déroulement prévu et les consignes d'hygiène et de sécurité ;\n"
    "- interrompre l'activité à tout moment si le service a besoin de moi ;\n"
    "- assumer les suites d'une information que j'aurais choisi de ne pas donner.\n"
    "Je peux arrêter quand je le souhaite, sans avoir à me justifier."
)
STEP_FIELDS = {
    1: ("name", "summary", "description", "how_it_runs"),
    2: ("duration_minutes", "target_break", "schedule_notes"),
    3: ("coordinator", "competence", "place", "equipment", "budget", "outside_workplace", "feedback_channel"),
    4: ("rules", "responsibility_charter"),
}
STEP_TITLES = {
    1: "L'essentiel",
    2: "Quand, dans l'organisation du travail",
    3: "Qui, où, avec quoi",
    4: "Le cadre et la charte",
    5: "Les points de vigilance",
    6: "Relire et envoyer",
}
ACTION_LABELS = {
    "created": "Brouillon créé",
    "submitted": "Proposée",
    "sent_back": "Questions posées à l'auteur·rice",
    "forwarded": "Transmise à la cadre de soins",
    "authorised": "Autorisée par la cadre de soins",
    "delegated": "Autorisée par délégation de la cadre",
    "refused": "Refusée",
    "stopped": "Arrêt d'urgence",
    "resumed": "Reprise",
    "archived": "Archivée",
}

# --- reading ---------------------------------------------------------------------------------


def ward_activities(ward: Ward, person: Person, status: str | None = None) -> list[Activity]:
    """Active first, then the rest this person may see; referents loaded in one go."""
    statement = (
        select(Activity)
        .options(selectinload(Activity.referent_links).joinedload(ActivityReferent.person))
        .where(Activity.ward_id == ward.id)
    )
    if status:
        statement = statement.where(Activity.status == status)
    if not policies.can_administer_ward(person, ward):
        statement = statement.where(
            (Activity.status.in_(policies.PUBLIC_STATUSES)) | (Activity.proposer_id == person.id)
        )
    else:
        statement = statement.where(Activity.status != "draft") if not status else statement
    order = case({"active": 0, "suspended": 1, "reviewed": 2, "submitted": 3}, value=Activity.status, else_=4)
    return db.session.scalars(statement.order_by(order, Activity.name)).all()


def my_proposals(ward: Ward, person: Person) -> list[Activity]:
    return db.session.scalars(
        select(Activity)
        .where(Activity.ward_id == ward.id, Activity.proposer_id == person.id)
        .order_by(Activity.updated_at.desc())
    ).all()


def review_queue(ward: Ward, person: Person) -> list[Activity]:
    statuses = []
    if policies.can_administer_ward(person, ward):
        statuses.append("submitted")
    if policies.is_ward_manager(person, ward):
        statuses.append("reviewed")
    if not statuses:
        return []
    return db.session.scalars(
        select(Activity)
        .options(joinedload(Activity.proposer))
        .where(Activity.ward_id == ward.id, Activity.status.in_(statuses))
        .order_by(Activity.status_changed_at)
    ).all()


def vigilance_checklist() -> list[VigilanceCategory]:
    categories = db.session.scalars(
        select(VigilanceCategory)
        .options(selectinload(VigilanceCategory.items))
        .order_by(VigilanceCategory.position)
    ).all()
    for category in categories:
        category.active_items = [item for item in category.items if item.active]
    return categories


def answers_of(activity: Activity) -> dict[int, VigilanceAnswer]:
    rows = db.session.scalars(select(VigilanceAnswer).where(VigilanceAnswer.activity_id == activity.id))
    return {answer.item_id: answer for answer in rows}


def history_of(activity: Activity) -> list[ActivityTransition]:
    return db.session.scalars(
        select(ActivityTransition)
        .options(joinedload(ActivityTransition.actor))
        .where(ActivityTransition.activity_id == activity.id)
        .order_by(ActivityTransition.at, ActivityTransition.id)
    ).all()


def current_stop(activity: Activity) -> EmergencyStop | None:
    return db.session.scalar(
        select(EmergencyStop)
        .where(EmergencyStop.activity_id == activity.id, EmergencyStop.lifted_at.is_(None))
        .order_by(EmergencyStop.stopped_at.desc())
    )


def mission_orders(activity: Activity) -> list[MissionOrder]:
    return db.session.scalars(
        select(MissionOrder)
        .where(MissionOrder.activity_id == activity.id)
        .order_by(MissionOrder.starts_at.desc())
    ).all()


def ward_members(ward: Ward) -> list[Person]:
    return db.session.scalars(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.ward_id == ward.id, Membership.status == "active")
        .order_by(Person.last_name, Person.first_name)
    ).all()


# --- the proposal ---------------------------------------------------------------------------


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def check_fields(values: dict) -> None:
    """Domain checks that forms alone cannot make (French messages, tied to the field)."""
    if "name" in values and not (values.get("name") or "").strip():
        raise DomainError("Donnez un nom à l'activité.", field="name")
    duration = values.get("duration_minutes")
    if duration is not None and not 0 < duration <= MAX_DURATION_MINUTES:
        raise DomainError(
            "La durée doit être comprise entre 1 minute et une garde de 12 heures.", field="duration_minutes"
        )
    if values.get("target_break") and values["target_break"] not in BREAKS:
        raise DomainError("Choisissez un moment dans la liste.", field="target_break")


def start_proposal(ward: Ward, *, by: Person, values: dict) -> Activity:
    """Step 1 creates the draft: from then on every step is saved."""
    check_fields(values)
    activity = Activity(
        ward_id=ward.id,
        proposer_id=by.id,
        status="draft",
        responsibility_charter=DEFAULT_CHARTER,
        **{k: _clean(v) for k, v in values.items() if k in STEP_FIELDS[1]},
    )
    db.session.add(activity)
    db.session.flush()
    _record(activity, by, "created", "", "draft")
    return activity


def save_step(activity: Activity, *, by: Person, step: int, values: dict) -> None:
    """Save one step of the proposal (or an update of an active activity by its keepers)."""
    if not (policies.can_edit_proposal(by, activity) or policies.can_update_activity(by, activity)):
        raise DomainError("Cette activité ne peut plus être modifiée par vous.")
    check_fields(values)
    charter_before = activity.responsibility_charter
    for key in STEP_FIELDS.get(step, ()):
        if key in values:
            setattr(activity, key, _clean(values[key]))
    if activity.status in ("active", "suspended") and activity.responsibility_charter != charter_before:
        activity.charter_version += 1  # people signed up will accept the new version again
    activity.updated_at = utcnow()


def save_vigilance(activity: Activity, *, by: Person, answers: dict[int, tuple[str, str]]) -> None:
    """Answers keyed by item id: (addressed | na | "", note)."""
    if not (policies.can_edit_proposal(by, activity) or policies.can_update_activity(by, activity)):
        raise DomainError("Cette activité ne peut plus être modifiée par vous.")
    existing = answers_of(activity)
    for item_id, (answer, raw_note) in answers.items():
        note = (raw_note or "").strip()[:500]
        if answer not in ("addressed", "na"):
            if item_id in existing:
                db.session.delete(existing[item_id])
            continue
        if item_id in existing:
            existing[item_id].answer, existing[item_id].note = answer, note
        else:
            db.session.add(
                VigilanceAnswer(activity_id=activity.id, item_id=item_id, answer=answer, note=note)
            )
    activity.updated_at = utcnow()
    db.session.flush()


def step_to_resume(activity: Activity) -> int:
    """Where "Continuer la proposition" takes the author back: the first step with something
    still missing for the submission, else the last one (read again and send)."""
    for step, fields in (
        (1, ("summary", "how_it_runs")),
        (2, ("duration_minutes", "target_break")),
        (3, ("place",)),
        (4, ("rules",)),
    ):
        if any(not getattr(activity, name) for name in fields):
            return step
    items = db.session.scalars(select(VigilanceItem.id).where(VigilanceItem.active)).all()
    answered = set(answers_of(activity))
    return 5 if any(i not in answered for i in items) else 6


def missing_for_submission(activity: Activity) -> list[str]:
    """What still blocks the submission, in French."""
    missing = []
    if not activity.summary:
        missing.append("le résumé (étape 1)")
    if not activity.how_it_runs:
        missing.append("le déroulement (étape 1)")
    if not activity.duration_minutes:
        missing.append("la durée (étape 2)")
    if not activity.target_break:
        missing.append("le moment visé (étape 2)")
    if not activity.place:
        missing.append("le lieu (étape 3)")
    if not activity.rules:
        missing.append("la réglementation et le cadre (étape 4)")
    items = db.session.scalars(select(VigilanceItem.id).where(VigilanceItem.active)).all()
    answered = set(answers_of(activity))
    left = len([i for i in items if i not in answered])
    if left:
        missing.append(f"{left} point{'s' if left > 1 else ''} de vigilance sans réponse (étape 5)")
    return missing


# --- the circuit -------------------------------------------------------------------------------


def _record(activity: Activity, by: Person | None, action: str, before: str, after: str, reason: str = ""):
    db.session.add(
        ActivityTransition(
            activity_id=activity.id,
            actor_id=by.id if by else None,
            action=action,
            from_status=before,
            to_status=after,
            reason=reason,
        )
    )


def _move(
    activity: Activity, expected: tuple[str, ...], to: str, by: Person, action: str, reason: str = ""
) -> str:
    """Move once: the second person acting on the same step is told it already moved."""
    before = activity.status
    now = utcnow()
    result = db.session.execute(
        update(Activity)
        .where(Activity.id == activity.id, Activity.status.in_(expected))
        .values(status=to, status_changed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError("Cette activité a déjà changé d'étape : rechargez la page.")
    db.session.refresh(activity)
    _record(activity, by, action, before, to, reason)
    audit(
        f"activity.{action}",
        by=by,
        ward=activity.ward,
        target=activity,
        reason=reason,
        detail={"from": before, "to": to},
    )
    return before


def _require(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, field="reason")
    return reason


def _link(activity: Activity) -> str:
    return link_to("activities.detail", ward_slug=activity.ward.slug, activity_id=activity.id)


def _tell(person_ids, kind: str, text: str, activity: Activity, *, skip: Person | None = None) -> None:
    for person_id in dict.fromkeys(person_ids):
        if person_id and (skip is None or person_id != skip.id):
            notify(person_id, kind, text, link=_link(activity), ward=activity.ward)


def submit(activity: Activity, *, by: Person) -> None:
    if not policies.can_submit_activity(by, activity):
        raise DomainError("Seul·e l'auteur·rice envoie sa proposition.")
    missing = missing_for_submission(activity)
    if missing:
        raise DomainError("Il manque encore : " + ", ".join(missing) + ".")
    _move(activity, ("draft", "changes"), "submitted", by, "submitted")
    _tell(
        [p.id for p in ward_leaders(activity.ward)],
        "activity.submitted",
        f"Nouvelle activité proposée : « {activity.name} ».",
        activity,
        skip=by,
    )


def send_back(activity: Activity, *, by: Person, reason: str) -> None:
    """Questions to the author; the proposal comes back to them to complete."""
    reason = _require(reason, "Écrivez vos questions : l'auteur·rice les recevra.")
    if not (policies.can_review_activity(by, activity) or policies.can_authorise_activity(by, activity)):
        raise DomainError("Vous ne pouvez pas renvoyer cette proposition maintenant.")
    _move(activity, ("submitted", "reviewed"), "changes", by, "sent_back", reason)
    _tell(
        [activity.proposer_id],
        "activity.sent_back",
        f"« {activity.name} » : des questions sur votre proposition — {reason}",
        activity,
    )


def forward(activity: Activity, *, by: Person, reason: str = "") -> None:
    """The admin has examined it and forwards it to the ward manager."""
    if not policies.can_review_activity(by, activity):
        raise DomainError("Vous ne pouvez pas transmettre cette proposition maintenant.")
    _move(activity, ("submitted",), "reviewed", by, "forwarded", (reason or "").strip())
    _tell(
        [p.id for p in ward_managers(activity.ward)],
        "activity.forwarded",
        f"Activité à autoriser : « {activity.name} ».",
        activity,
        skip=by,
    )
    _tell(
        [activity.proposer_id],
        "activity.forwarded",
        f"« {activity.name} » est transmise à la cadre de soins pour autorisation.",
        activity,
        skip=by,
    )


def refuse(activity: Activity, *, by: Person, reason: str) -> None:
    reason = _require(reason, "Indiquez la raison du refus : l'auteur·rice la recevra.")
    if not (policies.can_review_activity(by, activity) or policies.can_authorise_activity(by, activity)):
        raise DomainError("Vous ne pouvez pas refuser cette proposition maintenant.")
    _move(activity, ("submitted", "reviewed"), "refused", by, "refused", reason)
    _tell(
        [activity.proposer_id],
        "activity.refused",
        f"« {activity.name} » n'est pas retenue : {reason}",
        activity,
    )


def authorise(activity: Activity, *, by: Person, reason: str = "") -> None:
    """The ward manager authorises: the activity becomes active and can get its planning."""
    if not policies.can_authorise_activity(by, activity):
        raise DomainError("Seule la cadre de soins autorise une activité.")
    action = "delegated" if policies.authorises_by_delegation(by, activity) else "authorised"
    _move(activity, ("submitted", "reviewed"), "active", by, action, (reason or "").strip())
    told = [activity.proposer_id, *[p.id for p in activity.referents]]
    _tell(
        told,
        "activity.authorised",
        f"« {activity.name} » est autorisée : elle peut démarrer.",
        activity,
        skip=by,
    )
    # The whole ward hears of it (the specification's "mail général").
    _tell(
        [person_id for person_id in ward_member_ids(activity.ward) if person_id not in told],
        "activity.announced",
        f"Nouvelle activité dans le service\u00a0: «\u00a0{activity.name}\u00a0». Découvrez-la\u00a0!",
        activity,
        skip=by,
    )


def emergency_stop(activity: Activity, *, by: Person, justification: str) -> EmergencyStop:
    """Suspend at once, with a justification; upcoming slots freeze and everyone concerned is told."""
    justification = _require(justification, "L'arrêt d'urgence demande une justification.")
    if not policies.can_emergency_stop(by, activity):
        raise DomainError("Seule la cadre de soins peut déclencher un arrêt d'urgence d'une activité active.")
    _move(activity, ("active",), "suspended", by, "stopped", justification)
    stop = EmergencyStop(activity_id=activity.id, stopped_by_id=by.id, justification=justification)
    db.session.add(stop)
    concerned = [activity.proposer_id, *[p.id for p in activity.referents]]
    concerned += gather(activity_stopped.send(activity, by=by))
    _tell(
        concerned,
        "activity.stopped",
        f"Arrêt d'urgence de « {activity.name} » : {justification}",
        activity,
        skip=by,
    )
    return stop


def _lift(activity: Activity, by: Person, outcome: str) -> None:
    stop = current_stop(activity)
    if stop is not None:
        stop.lifted_at, stop.lifted_by_id, stop.outcome = utcnow(), by.id, outcome


def resume(activity: Activity, *, by: Person, reason: str = "") -> None:
    if not policies.can_resume_activity(by, activity):
        raise DomainError("Seule la cadre de soins reprend une activité suspendue.")
    _move(activity, ("suspended",), "active", by, "resumed", (reason or "").strip())
    _lift(activity, by, "resumed")
    concerned = [activity.proposer_id, *[p.id for p in activity.referents]]
    concerned += gather(activity_resumed.send(activity, by=by))  # those signed up hear it too
    _tell(
        concerned,
        "activity.resumed",
        f"« {activity.name} » reprend.",
        activity,
        skip=by,
    )


def archive(activity: Activity, *, by: Person, reason: str = "") -> None:
    if not policies.can_archive_activity(by, activity):
        raise DomainError("Vous ne pouvez pas archiver cette activité.")
    before = _move(
        activity, ("active", "suspended", "refused"), "archived", by, "archived", (reason or "").strip()
    )
    if before == "suspended":
        _lift(activity, by, "archived")
    # An active activity's upcoming slots freeze, so no sign-up racing the archive gets in.
    activity_archived.send(activity, by=by, was=before)


# --- referents and mission orders -------------------------------------------------------------


def appoint_referent(activity: Activity, *, by: Person, person: Person) -> None:
    if not policies.can_appoint_referents(by, activity):
        raise DomainError("Seul·e un·e administrateur·rice désigne les référents.")
    if not policies.can_view_ward(person, activity.ward):
        raise DomainError("Cette personne ne fait pas partie du service.", field="person_id")
    if any(link.person_id == person.id for link in activity.referent_links):
        raise DomainError(f"{person.display_name} est déjà référent·e de cette activité.", field="person_id")
    activity.referent_links.append(ActivityReferent(person_id=person.id, appointed_by_id=by.id))
    audit(
        "activity.referent_appointed",
        by=by,
        ward=activity.ward,
        target=activity,
        detail={"person": person.id},
    )
    notify(
        person,
        "activity.referent",
        f"Vous êtes désigné·e référent·e de « {activity.name} ».",
        link=_link(activity),
        ward=activity.ward,
    )


def remove_referent(activity: Activity, *, by: Person, person_id: int) -> None:
    if not policies.can_appoint_referents(by, activity):
        raise DomainError("Seul·e un·e administrateur·rice retire un·e référent·e.")
    link = next((link for link in activity.referent_links if link.person_id == person_id), None)
    if link is None:
        raise DomainError("Cette personne n'est pas référente de l'activité.")
    activity.referent_links.remove(link)
    audit(
        "activity.referent_removed", by=by, ward=activity.ward, target=activity, detail={"person": person_id}
    )


def save_mission_order(
    activity: Activity,
    *,
    by: Person,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    destination: str,
    participants: str,
) -> MissionOrder:
    if not policies.can_manage_mission_order(by, activity):
        raise DomainError("Vous ne pouvez pas établir d'ordre de mission pour cette activité.")
    if ends_at <= starts_at:
        raise DomainError("La fin doit venir après le début.", field="ends_at")
    if (ends_at - starts_at).days > 3:
        raise DomainError("Un ordre de mission couvre au plus quelques jours.", field="ends_at")
    purpose = _require(purpose, "Indiquez le motif de la mission.")
    order = MissionOrder(
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        destination=destination.strip()[:200],
        participants=participants.strip(),
        created_by_id=by.id,
    )
    db.session.add(order)
    db.session.flush()
    audit("activity.mission_order", by=by, ward=activity.ward, target=order)
    return order
