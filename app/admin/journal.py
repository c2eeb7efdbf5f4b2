"""The audit log in French words: every action code has its phrase ("a autorisé l'activité
« Massage minute »"); the entries of a page are told with a fixed number of queries (one
per kind of thing they name, whatever their number). Read-only."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.core.timefmt import paris_to_utc
from app.extensions import db
from app.models import (
    ROLE_LABELS,
    Activity,
    AuditEntry,
    Comment,
    ContactMessage,
    DatePoll,
    Document,
    Event,
    JoinRequest,
    Person,
    PostIt,
    Publication,
    Sanction,
    Slot,
    Ward,
)
from app.models.sanctions import until_words

# Kinds of decisions, for the filter.
KINDS = {
    "activites": "Activités",
    "publications": "Publications",
    "moderation": "Modération",
    "membres": "Membres et accès",
    "sanctions": "Sanctions",
    "planning": "Planning",
    "documents": "Documents et messages",
    "plateforme": "Plateforme et comptes",
}
PREFIX_KIND = {
    "activity": "activites",
    "charter": "planning",
    "publication": "publications",
    "moderation": "moderation",
    "postit": "moderation",
    "event": "moderation",
    "member": "membres",
    "role": "membres",
    "join": "membres",
    "invitation": "membres",
    "sanction": "sanctions",
    "slot": "planning",
    "shift": "planning",
    "document": "documents",
    "contact": "documents",
    "password": "plateforme",
    "account": "membres",
    "delegation": "activites",
    "platform_admin": "plateforme",
    "vigilance": "plateforme",
    "ward": "plateforme",
}

# {t}: the thing acted on; {p}: the person named in the detail; {role}, {before}, {after}, {until}.
PHRASES = {
    "activity.submitted": "a soumis l'activité {t}",
    "activity.sent_back": "a renvoyé l'activité {t} à son auteur·rice avec des questions",
    "activity.forwarded": "a transmis l'activité {t} à la cadre de soins",
    "activity.refused": "a refusé l'activité {t}",
    "activity.authorised": "a autorisé l'activité {t}",
    "activity.delegated": "a autorisé par délégation de la cadre l'activité {t}",
    "delegation.granted": "a délégué aux administrateur·rices l'autorisation des activités courtes",
    "delegation.revoked": "a repris la délégation d'autorisation des activités",
    "activity.stopped": "a arrêté en urgence l'activité {t}",
    "activity.resumed": "a repris l'activité {t}",
    "activity.archived": "a archivé l'activité {t}",
    "activity.referent_appointed": "a désigné {p} référent·e de l'activité {t}",
    "activity.referent_removed": "a retiré {p} des référent·es de l'activité {t}",
    "activity.mission_order": "a établi l'ordre de mission de l'activité {t}",
    "charter.signed": "a signé la charte de {t}",
    "contact.sent": "a écrit aux administrateur·rices\u00a0: {t}",
    "contact.handled": "a traité le message {t}",
    "contact.reopened": "a remis à traiter le message {t}",
    "document.uploaded": "a ajouté le document {t}",
    "document.archived": "a retiré le document {t}",
    "event.cancelled": "a annulé l'événement {t}",
    "invitation.created": "a créé un lien d'invitation",
    "invitation.revoked": "a annulé un lien d'invitation",
    "invitation.used": "a rejoint le service par une invitation",
    "join.approved": "a accepté la demande d'accès de {t}",
    "join.refused": "a refusé la demande d'accès de {t}",
    "moderation.reported": "a signalé {t}",
    "moderation.hidden": "a masqué {t}",
    "moderation.kept": "a gardé {t} après un signalement",
    "moderation.kept_all": "a gardé tous les éléments signalés",
    "moderation.restored": "a rétabli {t}",
    "password.changed": "a changé son mot de passe",
    "account.unlocked": "a débloqué la connexion de {t}",
    "password.reset": "a réinitialisé le mot de passe de {t}",
    "platform_admin.created": "a créé un compte d'administration de la plateforme",
    "publication.published": "a publié {t}",
    "publication.edited": "a modifié la publication {t}",
    "publication.escalated": "a demandé l'avis de la cadre sur la publication {t}",
    "publication.refused": "a refusé la publication {t}",
    "publication.sent_back": "a renvoyé la publication {t} à son auteur·rice",
    "publication.archived": "a archivé la publication {t}",
    "publication.pinned": "a épinglé la publication {t}",
    "publication.unpinned": "a désépinglé la publication {t}",
    "postit.status": "a changé le statut d'{t}",
    "role.appointed": "a nommé {t} {role}",
    "slot.created": "a ajouté le créneau {t}",
    "slot.moved": "a déplacé le créneau {t}",
    "slot.cancelled": "a annulé le créneau {t}",
    "slot.attendance": "a noté les présences du créneau {t}",
    "vigilance.added": "a ajouté un point de vigilance",
    "vigilance.edited": "a modifié un point de vigilance",
    "ward.created": "a créé l'espace {t}",
    "ward.workstations": "a réglé les postes partagés du service",
    "shift.saved": "a enregistré une équipe et ses pauses",
    "shift.deleted": "a supprimé une équipe",
    "member.role_changed": "a changé le rôle de {t}\u00a0: {before} → {after}",
    "member.labels_changed": "a changé les étiquettes de {t}",
    "member.removed": "a retiré {t} du service",
    "sanction.warning": "a averti {t}",
    "sanction.suspension": "a suspendu {t} jusqu'au {until}",
    "sanction.exclusion": "a exclu {t} du service",
    "sanction.lifted": "a levé la sanction de {t}",
}
UNKNOWN = "a pris une décision"

SYSTEM = "La plateforme"
PER_PAGE = 30


def _quoted(text: str) -> str:
    return f"«\u00a0{text}\u00a0»"


def _excerpt(text: str, size: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


# target_type → (load the rows by id, name one)
def _names_of(model, options=()):
    def load(ids):
        return {
            row.id: row
            for row in db.session.scalars(select(model).options(*options).where(model.id.in_(ids)))
        }

    return load


TARGETS = {
    "activity": (_names_of(Activity), lambda a: _quoted(a.name)),
    "publication": (_names_of(Publication), lambda p: _quoted(p.title)),
    "person": (_names_of(Person), lambda p: p.display_name),
    "sanction": (_names_of(Sanction, (joinedload(Sanction.person),)), lambda s: s.person.display_name),
    "join_request": (
        _names_of(JoinRequest, (joinedload(JoinRequest.person),)),
        lambda j: j.person.display_name,
    ),
    "slot": (
        _names_of(Slot, (joinedload(Slot.activity),)),
        lambda s: f"{_quoted(s.activity.name)} du {s.starts_at.strftime('%d/%m')}",
    ),
    "document": (_names_of(Document), lambda d: _quoted(d.title)),
    "event": (_names_of(Event), lambda e: f"l'événement {_quoted(e.title)}"),
    "date_poll": (_names_of(DatePoll), lambda p: f"le sondage {_quoted(p.title)}"),
    "postit": (_names_of(PostIt), lambda p: f"un post-it ({_quoted(_excerpt(p.text))})"),
    "comment": (_names_of(Comment), lambda c: f"un commentaire ({_quoted(_excerpt(c.body))})"),
    "contact_message": (_names_of(ContactMessage), lambda m: _quoted(m.subject)),
    "ward": (_names_of(Ward), lambda w: _quoted(w.name)),
}
GONE = {
    "event": "un événement supprimé",
    "postit": "un post-it supprimé",
    "comment": "un commentaire supprimé",
}


@dataclass
class Line:
    entry: AuditEntry
    actor: str
    phrase: str
    kind: str


def kind_of(action: str) -> str:
    return PREFIX_KIND.get(action.split(".", 1)[0], "plateforme")


def _detail(entry: AuditEntry) -> dict:
    try:
        value = json.loads(entry.detail) if entry.detail else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _role(code) -> str:
    return ROLE_LABELS.get(code, "un autre rôle").lower() if isinstance(code, str) else "un autre rôle"


def _phrase(entry: AuditEntry, detail: dict, target: str, people: dict) -> str:
    template = PHRASES.get(entry.action, UNKNOWN)
    person = people.get(detail.get("person")) if isinstance(detail.get("person"), int) else None
    until = detail.get("until", "")
    try:
        until = until_words(datetime.fromisoformat(until)) if until else "une date"
    except (TypeError, ValueError):
        until = "une date"
    return template.format(
        t=target,
        p=person.display_name if person else "une personne",
        role=_role(detail.get("role")),
        before=_role(detail.get("from")) if "from" in detail else "",
        after=_role(detail.get("to")) if "to" in detail else "",
        until=until,
    )


def tell(entries: list[AuditEntry]) -> list[Line]:
    """The entries in French words: one query per kind of thing named, then no more."""
    wanted: dict[str, set[int]] = {}
    details = [_detail(e) for e in entries]
    for entry, detail in zip(entries, details, strict=True):
        if entry.target_type in TARGETS and entry.target_id is not None:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
        if isinstance(detail.get("person"), int):
            wanted.setdefault("person", set()).add(detail["person"])
    loaded = {kind: TARGETS[kind][0](ids) for kind, ids in sorted(wanted.items())}
    people = loaded.get("person", {})
    lines = []
    for entry, detail in zip(entries, details, strict=True):
        row = loaded.get(entry.target_type, {}).get(entry.target_id)
        if row is not None:
            target = TARGETS[entry.target_type][1](row)
        else:
            target = GONE.get(entry.target_type, "un élément supprimé")
        actor = entry.actor.display_name if entry.actor else SYSTEM
        lines.append(Line(entry, actor, _phrase(entry, detail, target, people), KINDS[kind_of(entry.action)]))
    return lines


@dataclass
class Filters:
    ward_id: int | None = None
    actor_id: int | None = None
    kind: str = ""
    start: date | None = None
    end: date | None = None


def _query(filters: Filters):
    query = select(AuditEntry)
    if filters.ward_id is not None:
        query = query.where(AuditEntry.ward_id == filters.ward_id)
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.kind in KINDS:
        prefixes = [prefix for prefix, kind in PREFIX_KIND.items() if kind == filters.kind]
        query = query.where(
            func.substr(AuditEntry.action, 1, func.instr(AuditEntry.action, ".") - 1).in_(prefixes)
        )
    if filters.start is not None:
        query = query.where(AuditEntry.at >= paris_to_utc(datetime.combine(filters.start, time(0))))
    if filters.end is not None:
        query = query.where(
            AuditEntry.at < paris_to_utc(datetime.combine(filters.end + timedelta(days=1), time(0)))
        )
    return query


def page_of(filters: Filters, page: int) -> tuple[list[Line], bool]:
    """One page of entries, newest first, told in French; and whether there is a next page."""
    rows = list(
        db.session.scalars(
            _query(filters)
            .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.ward))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE + 1)
        )
    )
    return tell(rows[:PER_PAGE]), len(rows) > PER_PAGE


def actors_of(ward_id: int | None) -> list[Person]:
    """Everyone who appears as the author of an entry (of the ward), for the filter."""
    query = select(Person).join(AuditEntry, AuditEntry.actor_id == Person.id)
    if ward_id is not None:
        query = query.where(AuditEntry.ward_id == ward_id)
    return list(db.session.scalars(query.distinct().order_by(Person.last_name, Person.first_name)))


def all_wards() -> list[Ward]:
    return list(db.session.scalars(select(Ward).order_by(Ward.name)))
