"""Post-it actions: each takes the acting person as `by=`, flushes, never commits.

Rules a person can break raise DomainError (French message); races on the unique
constraints become ConflictError.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Membership, Person, PostIt, PostItSupport, Ward
from app.models.postits import ANSWER_MAX, POSTIT_KINDS, POSTIT_STATUSES, TEXT_MAX
from app.moderation import services as moderation
from app.postits import policies
from app.postits.text import looks_sensitive
from app.records.services import audit, notify

POSTS_PER_HOUR = 5
PAGE_SIZE = 60


def _clean_text(text: str | None, *, limit: int, field_name: str, empty: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(empty, field=field_name)
    if len(text) > limit:
        raise DomainError(f"{limit}\u00a0caractères au plus (il y en a {len(text)}).", field=field_name)
    return text


def _check_kind(kind: str | None) -> str:
    if kind not in POSTIT_KINDS:
        raise DomainError(
            "Choisissez le type de post-it\u00a0: idée, besoin, merci ou question.", field="kind"
        )
    return kind


def _excerpt(postit: PostIt, size: int = 60) -> str:
    text = " ".join(postit.text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _link(postit: PostIt) -> str:
    return link_to("postits.show", ward_slug=postit.ward.slug, postit_id=postit.id)


def posts_in_last_hour(person: Person, now=None, *, locking: bool = False) -> int:
    """How many notes the person posted in the last hour. `locking` reads the latest
    committed rows (MariaDB's plain reads see the transaction's older snapshot)."""
    now = now or utcnow()
    query = select(func.count(PostIt.id)).where(
        PostIt.author_id == person.id, PostIt.created_at > now - timedelta(hours=1)
    )
    return db.session.scalar(query.with_for_update(read=True) if locking else query)


def post_postit(ward: Ward, *, by: Person, kind: str, text: str, anonymous: bool = False) -> PostIt:
    """Put a note on the board at once (no prior validation); at most a few per hour."""
    if not policies.can_post_postit(by, ward):
        raise DomainError("Seuls les membres du service peuvent poster un post-it.")
    kind = _check_kind(kind)
    text = _clean_text(text, limit=TEXT_MAX, field_name="text", empty="Écrivez quelques mots sur le post-it.")
    # Lock the author's membership row first: two processes posting for the same person
    # queue here, so the count below cannot be outrun (no-op on SQLite, whose write
    # requests already take the database lock at their first statement).
    db.session.execute(
        select(Membership.id)
        .where(Membership.person_id == by.id, Membership.ward_id == ward.id)
        .with_for_update()
    )
    if posts_in_last_hour(by, locking=True) >= POSTS_PER_HOUR:
        raise DomainError(
            f"Vous avez déjà posté {POSTS_PER_HOUR}\u00a0post-it cette dernière heure\u00a0: "
            "c'est le maximum. Vous pourrez en poster un autre un peu plus tard.",
            field="text",
        )
    postit = PostIt(
        ward_id=ward.id,
        author_id=by.id,
        kind=kind,
        text=text,
        anonymous=bool(anonymous),
        looks_sensitive=looks_sensitive(text),
        status="new",
        created_at=utcnow(),
    )
    db.session.add(postit)
    db.session.flush()
    return postit


def edit_postit(postit: PostIt, *, by: Person, kind: str, text: str) -> PostIt:
    """The author corrects the note within 15 minutes of posting it."""
    if not policies.can_edit_own_postit(by, postit):
        raise DomainError(
            "Ce post-it ne peut plus être modifié\u00a0: le délai de 15\u00a0minutes est passé."
        )
    postit.kind = _check_kind(kind)
    postit.text = _clean_text(
        text, limit=TEXT_MAX, field_name="text", empty="Écrivez quelques mots sur le post-it."
    )
    postit.looks_sensitive = looks_sensitive(postit.text)
    postit.edited_at = utcnow()
    postit.reviewed_at = None  # the moderators look at the new text
    db.session.flush()
    return postit


def delete_postit(postit: PostIt, *, by: Person) -> None:
    """The author takes back a note within 15 minutes (nobody has acted on it yet)."""
    if not policies.can_edit_own_postit(by, postit):
        raise DomainError(
            "Ce post-it ne peut plus être supprimé après 15\u00a0minutes\u00a0: "
            "vous pouvez le retirer du mur."
        )
    moderation.forget(postit)
    db.session.delete(postit)
    db.session.flush()


def withdraw_postit(postit: PostIt, *, by: Person) -> PostIt:
    """After 15 minutes the author can only take the note off the board: it is hidden, kept."""
    if not policies.can_withdraw_own_postit(by, postit):
        raise DomainError("Vous ne pouvez pas retirer ce post-it.")
    moderation.mark_hidden(postit, by=by, reason="Retiré par son auteur·rice.")
    db.session.flush()
    return postit


def set_support(postit: PostIt, *, by: Person, on: bool) -> bool:
    """Add or take back my "+1". Asking twice for the same state is refused."""
    if not policies.can_support(by, postit):
        raise DomainError("Vous ne pouvez pas soutenir ce post-it.")
    existing = db.session.scalar(
        select(PostItSupport).where(PostItSupport.postit_id == postit.id, PostItSupport.person_id == by.id)
    )
    if on:
        if existing is not None:
            raise ConflictError("Vous soutenez déjà ce post-it.")
        try:
            with db.session.begin_nested():
                db.session.add(PostItSupport(postit_id=postit.id, person_id=by.id))
        except IntegrityError as error:
            raise ConflictError("Vous soutenez déjà ce post-it.") from error
    else:
        if existing is None:
            raise ConflictError("Vous ne souteniez pas ce post-it.")
        db.session.delete(existing)
        db.session.flush()
    return on


def set_status(postit: PostIt, *, by: Person, status: str, answer: str = "") -> PostIt:
    """Admins and the manager move a note through its statuses; the author is told."""
    if not policies.can_set_postit_status(by, postit):
        raise DomainError("Seuls les administrateurs et la cadre de soins changent le statut d'un post-it.")
    if status not in POSTIT_STATUSES:
        raise DomainError("Choisissez un statut dans la liste.", field="status")
    answer = (answer or "").replace("\r\n", "\n").strip()
    if len(answer) > ANSWER_MAX:
        raise DomainError(f"{ANSWER_MAX}\u00a0caractères au plus pour la réponse.", field="answer")
    before = (postit.status, postit.answer)
    postit.status = status
    postit.answer = answer
    postit.status_by_id = by.id
    postit.status_at = utcnow()
    db.session.flush()
    if before != (status, answer):
        audit(
            "postit.status",
            by=by,
            ward=postit.ward,
            target=postit,
            reason=answer,
            detail={"from": before[0], "to": status},
        )
        if postit.author_id and postit.author_id != by.id:
            text = (
                f"Votre post-it «\u00a0{_excerpt(postit)}\u00a0» "
                f"est maintenant «\u00a0{postit.status_label}\u00a0»."
            )
            if answer:
                text += f" Réponse\u00a0: {answer}"
            notify(postit.author_id, "postit.status", text, link=_link(postit), ward=postit.ward)
    return postit


# --- reading -------------------------------------------------------------------------


@dataclass
class BoardFilters:
    kind: str | None = None
    status: str | None = None
    mine: bool = False
    view: str = "mur"  # "mur" (wall) or "colonnes" (kanban)
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "BoardFilters":
        """Unknown values are ignored: a hand-edited URL shows the whole board, never an error."""
        kind = args.get("type")
        status = args.get("statut")
        view = args.get("vue")
        page = args.get("page", "1")
        return cls(
            kind=kind if kind in POSTIT_KINDS else None,
            status=status if status in POSTIT_STATUSES else None,
            mine=args.get("mes") == "1",
            view=view if view in {"mur", "colonnes"} else "mur",
            page=min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1,
        )

    def args(self, **changes) -> dict:
        """Query-string arguments for a link (defaults left out, so URLs stay short)."""
        values = {
            "type": self.kind,
            "statut": self.status,
            "mes": "1" if self.mine else None,
            "vue": None if self.view == "mur" else self.view,
            "page": None,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 1)}


@dataclass
class Board:
    notes: list
    counts: dict = field(default_factory=dict)  # postit id → number of "+1"
    mine: set = field(default_factory=set)  # postit ids I support
    reported: set = field(default_factory=set)  # postit ids I reported
    has_more: bool = False


def support_info(postit_ids: list[int], person: Person) -> tuple[dict, set]:
    """ "+1" counts and mine for a set of notes, in one query."""
    if not postit_ids:
        return {}, set()
    rows = db.session.execute(
        select(
            PostItSupport.postit_id,
            func.count(PostItSupport.id),
            func.sum(case((PostItSupport.person_id == person.id, 1), else_=0)),
        )
        .where(PostItSupport.postit_id.in_(postit_ids))
        .group_by(PostItSupport.postit_id)
    ).all()
    return {pid: n for pid, n, _m in rows}, {pid for pid, _n, m in rows if m}


def board(ward: Ward, person: Person, filters: BoardFilters) -> Board:
    """The notes a person sees, newest first, with the "+1" counts: a fixed number of queries."""
    query = (
        select(PostIt)
        .options(joinedload(PostIt.author))
        .where(PostIt.ward_id == ward.id)
        .where(or_(PostIt.hidden.is_(False), PostIt.author_id == person.id))
        .order_by(PostIt.created_at.desc(), PostIt.id.desc())
    )
    if filters.kind:
        query = query.where(PostIt.kind == filters.kind)
    if filters.status:
        query = query.where(PostIt.status == filters.status)
    if filters.mine:
        query = query.where(PostIt.author_id == person.id)
    if filters.view == "colonnes":
        query = query.where(PostIt.kind != "thanks")
    query = query.limit(PAGE_SIZE + 1).offset((filters.page - 1) * PAGE_SIZE)
    notes = list(db.session.scalars(query).unique())
    has_more = len(notes) > PAGE_SIZE
    notes = notes[:PAGE_SIZE]
    ids = [n.id for n in notes]
    counts, mine = support_info(ids, person)
    return Board(
        notes=notes,
        counts=counts,
        mine=mine,
        reported=moderation.reported_by("postit", ids, person),
        has_more=has_more,
    )


def note_context(postit: PostIt, person: Person) -> dict:
    """What one note's fragment needs (its counts and my marks)."""
    counts, mine = support_info([postit.id], person)
    return {
        "postit": postit,
        "support_count": counts.get(postit.id, 0),
        "supported": postit.id in mine,
        "reported": bool(moderation.reported_by("postit", [postit.id], person)),
    }
