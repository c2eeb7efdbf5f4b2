"""Accounts: log-in with throttling, access requests, invitations, password changes."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from app.auth.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Invitation, JoinRequest, LoginEvent, Membership, Person, Ward
from app.people_to_tell import ward_leaders
from app.policies import ADMIN_ROLES
from app.records.services import audit, notify

FAILURE_WINDOW = timedelta(minutes=15)
# From one address, for one matricule: a growing delay after a few failures, capped.
SOFT_LIMIT = 5  # failures (this matricule, this address) before a growing delay
PAIR_MAX_DELAY = timedelta(minutes=5)
# For the account, from every address: only a short growing delay, so wrong passwords
# typed by someone else never lock the owner out for long.
ACCOUNT_LIMIT = 10
ACCOUNT_MAX_DELAY = timedelta(minutes=1)
CLEARING_OUTCOMES = ("success", "unlocked")  # the count starts again after these
BAD_CREDENTIALS = "Matricule ou mot de passe incorrect."


@dataclass
class LoginResult:
    person: Person | None
    error: str | None = None


def normalise_matricule(raw: str) -> str:
    return "".join(raw.split()).upper()[:20]


def _last_clearing(matricule: str):
    return db.session.scalar(
        select(func.max(LoginEvent.at)).where(
            LoginEvent.matricule == matricule, LoginEvent.outcome.in_(CLEARING_OUTCOMES)
        )
    )


def _growing(count: int, limit: int, base_seconds: int, cap: timedelta) -> timedelta | None:
    if count < limit:
        return None
    return min(timedelta(seconds=base_seconds * 2 ** min(count - limit, 16)), cap)


def _wait_after_failures(matricule: str, now: datetime, ip: str = "") -> timedelta | None:
    """How long this matricule must wait from this address (None: may try): per
    (matricule, address) first, then a short delay for the account as a whole."""
    since = now - FAILURE_WINDOW
    cleared = _last_clearing(matricule)
    if cleared is not None and cleared > since:
        since = cleared
    here = LoginEvent.ip == ip
    count, last, count_here, last_here = db.session.execute(
        select(
            func.count(LoginEvent.id),
            func.max(LoginEvent.at),
            func.sum(case((here, 1), else_=0)),
            func.max(case((here, LoginEvent.at), else_=None)),
        ).where(LoginEvent.matricule == matricule, LoginEvent.outcome == "failure", LoginEvent.at > since)
    ).one()
    waits = []
    pair = _growing(int(count_here or 0), SOFT_LIMIT, 15, PAIR_MAX_DELAY)  # MariaDB sums as decimals
    if pair is not None and last_here is not None:
        waits.append(last_here + pair - now)
    account = _growing(count, ACCOUNT_LIMIT, 5, ACCOUNT_MAX_DELAY)
    if account is not None:
        waits.append(last + account - now)
    remaining = max(waits, default=None)
    return remaining if remaining is not None and remaining > timedelta(0) else None


def failures_since_last_visit(matricule: str) -> int:
    """Failed attempts on this account since its last successful log-in (or unlock)."""
    query = select(func.count(LoginEvent.id)).where(
        LoginEvent.matricule == matricule, LoginEvent.outcome == "failure"
    )
    cleared = _last_clearing(matricule)
    if cleared is not None:
        query = query.where(LoginEvent.at > cleared)
    return db.session.scalar(query)


def lock_of(person: Person) -> bool:
    """Whether the account is being throttled now (from any address)."""
    now = utcnow()
    since = now - FAILURE_WINDOW
    cleared = _last_clearing(person.matricule)
    if cleared is not None and cleared > since:
        since = cleared
    return (
        db.session.scalar(
            select(func.count(LoginEvent.id)).where(
                LoginEvent.matricule == person.matricule,
                LoginEvent.outcome == "failure",
                LoginEvent.at > since,
            )
        )
        >= SOFT_LIMIT
    )


def lift_lock(person: Person, *, by: Person, ward: Ward) -> LoginEvent:
    """An admin lets a colleague try again at once: the failures before count no more."""
    event = LoginEvent(matricule=person.matricule, person_id=person.id, outcome="unlocked")
    db.session.add(event)
    db.session.flush()
    audit("account.unlocked", by=by, ward=ward, target=person)
    return event


def _wait_message(remaining: timedelta) -> str:
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "Trop de tentatives de connexion pour ce matricule. "
        f"Réessayez dans {minutes} {unit}, ou demandez de l'aide à un administrateur du service."
    )


@dataclass
class LoginCheck:
    """What the reading half of a log-in found; `record_login` writes it down."""

    matricule: str
    at: datetime
    outcome: str  # success, failure, throttled, pending, refused
    error: str | None = None
    person_id: int | None = None
    checked_hash: str | None = None  # the hash the password was checked against…
    new_hash: str | None = None  # …and its replacement when the parameters changed
    refusal_id: int | None = None  # a pending account whose last request was refused
    failures: int = 0  # failed attempts since the last visit, told at a successful log-in


REFUSED = "Ce compte est suspendu ou fermé. Adressez-vous au cadre de soins du service."
PENDING = (
    "Votre demande d'accès n'a pas encore été acceptée par les administrateurs "
    "du service. Vous pourrez vous connecter dès qu'ils l'auront validée."
)


def check_login(raw_matricule: str, password: str, ip: str = "") -> LoginCheck:
    """The reading half of a log-in: throttling, the account, the slow password hash.

    Reads only, so on SQLite no write lock is held while Argon2 runs and log-ins on
    several workers check their passwords side by side."""
    matricule = normalise_matricule(raw_matricule)
    now = utcnow()
    remaining = _wait_after_failures(matricule, now, ip)
    if remaining is not None:
        return LoginCheck(matricule, now, "throttled", _wait_message(remaining))
    person = db.session.scalar(select(Person).where(Person.matricule == matricule))
    if person is None:
        burn_verification_time(password)
        return LoginCheck(matricule, now, "failure", BAD_CREDENTIALS)
    check = LoginCheck(matricule, now, "failure", BAD_CREDENTIALS, person_id=person.id)
    if not verify_password(person.password_hash, password):
        return check
    if person.status == "pending":
        refusal = latest_refusal(person)
        check.outcome, check.error = "pending", PENDING
        if refusal is not None:
            check.refusal_id, check.error = refusal.id, _refusal_message(refusal)
    elif person.status != "active":
        check.outcome, check.error = "refused", REFUSED
    else:
        check.outcome, check.error = "success", None
        check.failures = failures_since_last_visit(matricule)
        if needs_rehash(person.password_hash):
            check.checked_hash, check.new_hash = person.password_hash, hash_password(password)
    return check


def record_login(check: LoginCheck, *, ip: str, user_agent: str) -> LoginResult:
    """The writing half, short: the attempt is recorded whatever its outcome (the failures
    are what throttling counts), and a successful one stamps the person's last log-in."""
    event = LoginEvent(
        at=check.at,
        matricule=check.matricule,
        ip=ip[:45],
        user_agent=user_agent[:255],
        outcome=check.outcome,
        person_id=check.person_id,
    )
    db.session.add(event)
    if check.outcome != "success":
        db.session.flush()
        return LoginResult(None, check.error)
    person = db.session.get(Person, check.person_id)
    if person is None or person.status != "active":  # suspended since the check
        event.outcome = "refused"
        db.session.flush()
        return LoginResult(None, REFUSED)
    person.last_login_at = check.at
    if check.new_hash and person.password_hash == check.checked_hash:
        person.password_hash = check.new_hash
    db.session.flush()
    return LoginResult(person)


def attempt_login(raw_matricule: str, password: str, *, ip: str, user_agent: str) -> LoginResult:
    """Both halves in one go (for callers that hold no request, e.g. scripts)."""
    return record_login(check_login(raw_matricule, password, ip), ip=ip, user_agent=user_agent)


def log_out(person: Person) -> None:
    """Revoke every session cookie of this person (a copied cookie stops working)."""
    person.session_version += 1


def is_privileged(person: Person) -> bool:
    """Admins, ward managers and platform admins need longer passwords."""
    if person.is_platform_admin:
        return True
    return any(m.role in ADMIN_ROLES and m.status == "active" for m in person.memberships)


def context_words(person: Person | None = None, *, matricule: str = "", names: tuple = ()) -> tuple:
    words = [matricule, *names]
    if person is not None:
        words += [person.matricule, person.first_name, person.last_name]
        words += [m.ward.slug for m in person.memberships] + [m.ward.name for m in person.memberships]
    return tuple(w for w in words if w)


def check_password_change(person: Person, current: str, new: str) -> str:
    """The slow half of a password change, before any write: the current password must be
    the right one and the new one acceptable; returns the new hash."""
    if not verify_password(person.password_hash, current):
        raise DomainError("Le mot de passe actuel n'est pas le bon.", field="current_password")
    problems = password_problems(new, context=context_words(person), privileged=is_privileged(person))
    if problems:
        raise DomainError(problems[0], field="new_password")
    return hash_password(new)


def change_password(person: Person, *, password_hash: str, by: Person) -> None:
    """Store the new hash (from `check_password_change`); every other session is signed out."""
    person.password_hash = password_hash
    person.must_change_password = False
    person.session_version += 1
    db.session.flush()
    audit("password.changed", by=by, target=person)


# --- access requests -------------------------------------------------------------------


def open_wards() -> list[Ward]:
    """The wards a newcomer may ask to join, by name."""
    return list(db.session.scalars(select(Ward).where(Ward.accepts_requests).order_by(Ward.name)))


def memberships_of(person: Person) -> list[Membership]:
    """Every membership of the person (whatever its status), by ward name."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.person_id == person.id)
            .join(Membership.ward)
            .order_by(Ward.name)
        )
    )


@dataclass(frozen=True)
class NewAccount:
    """A newcomer's details with the password already checked and hashed."""

    matricule: str
    first_name: str
    last_name: str
    job: str
    email: str | None
    password_hash: str


def new_account(
    *,
    matricule: str,
    first_name: str,
    last_name: str,
    job: str,
    email: str | None,
    password: str,
    ward: Ward,
) -> NewAccount:
    """Check the chosen password and hash it: the slow part of creating an account, done
    before the write so the database is not held while Argon2 runs."""
    matricule = normalise_matricule(matricule)
    problems = password_problems(
        password, context=context_words(matricule=matricule, names=(first_name, last_name, ward.slug))
    )
    if problems:
        raise DomainError(problems[0], field="password")
    return NewAccount(
        matricule=matricule,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job=job,
        email=email or None,
        password_hash=hash_password(password),
    )


def _add_person(account: NewAccount, *, status: str, taken: str) -> Person:
    """Insert the account; `taken` is the French message when the matricule has one already,
    also when someone else registered it at the same instant (the unique index refuses the
    second insert: that is a message for the person, not a server error)."""
    if db.session.scalar(select(Person.id).where(Person.matricule == account.matricule)):
        raise DomainError(taken, field="matricule")
    person = Person(
        matricule=account.matricule,
        first_name=account.first_name,
        last_name=account.last_name,
        job=account.job,
        email=account.email,
        status=status,
        password_hash=account.password_hash,
    )
    db.session.add(person)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise DomainError(taken, field="matricule") from error
    return person


def request_access(ward: Ward, account: NewAccount, *, message: str = "") -> JoinRequest | None:
    """A newcomer asks to join a ward: a pending account and a request the admins decide.
    None when the matricule has an account already (the page answers the same)."""
    if not ward.accepts_requests:
        raise DomainError("Ce service n'accepte pas de demandes pour le moment.", field="ward")
    owner = db.session.scalar(select(Person).where(Person.matricule == account.matricule))
    if owner is not None:
        # The same answer as a new account (the page does not tell whether this matricule
        # has one); the owner is told, in case it was not them.
        notify(
            owner,
            "account.registration_attempt",
            "Quelqu'un a demandé à créer un compte avec votre matricule. Si c'était vous, "
            "connectez-vous avec votre mot de passe ; sinon, prévenez un administrateur.",
            link=link_to("auth.login"),
        )
        return None
    person = Person(
        matricule=account.matricule,
        first_name=account.first_name,
        last_name=account.last_name,
        job=account.job,
        email=account.email,
        status="pending",
        password_hash=account.password_hash,
    )
    try:
        with db.session.begin_nested():  # someone registering the same matricule at this instant
            db.session.add(person)
    except IntegrityError:
        return None  # the same answer again
    join = JoinRequest(ward_id=ward.id, person_id=person.id, message=message.strip())
    db.session.add(join)
    db.session.flush()
    _tell_admins(ward, f"{person.display_name} demande à rejoindre le service.")
    return join


def ask_to_join(ward: Ward, *, by: Person, message: str = "") -> JoinRequest:
    """A logged-in person asks to join another ward."""
    join = JoinRequest(ward_id=ward.id, person_id=by.id, message=message.strip())
    db.session.add(join)
    db.session.flush()
    _tell_admins(ward, f"{by.display_name} demande à rejoindre le service.")
    return join


def _tell_admins(ward: Ward, text: str) -> None:
    for leader in ward_leaders(ward):
        notify(
            leader,
            "join.requested",
            text,
            link=link_to("ward_admin.requests", ward_slug=ward.slug),
            ward=ward,
        )


def _claim_request(join: JoinRequest, status: str, by: Person, reason: str) -> None:
    """Move a pending request once: the second admin acting at the same time is told."""
    result = db.session.execute(
        update(JoinRequest)
        .where(JoinRequest.id == join.id, JoinRequest.status == "pending")
        .values(status=status, decided_at=utcnow(), decided_by_id=by.id, reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError("Cette demande a déjà été traitée par quelqu'un d'autre.")
    db.session.refresh(join)


def approve_request(join: JoinRequest, *, by: Person) -> Membership:
    """Admit the person as a member of the ward."""
    _claim_request(join, "approved", by, "")
    person = join.person
    if person.status == "pending":
        person.status = "active"
    membership = db.session.scalar(
        select(Membership).where(Membership.ward_id == join.ward_id, Membership.person_id == person.id)
    )
    if membership is None:
        membership = Membership(ward_id=join.ward_id, person_id=person.id, role="member")
        db.session.add(membership)
        db.session.flush()
    audit("join.approved", by=by, ward=join.ward, target=join, detail={"person": person.id})
    notify(
        person,
        "join.approved",
        f"Votre demande pour rejoindre « {join.ward.name} » a été acceptée. Bienvenue !",
        link=link_to("wards.home", ward_slug=join.ward.slug),
        ward=join.ward,
    )
    return membership


def refuse_request(join: JoinRequest, *, by: Person, reason: str) -> None:
    """Refuse with a reason the person will read."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Indiquez la raison du refus : la personne la recevra.", field="reason")
    _claim_request(join, "refused", by, reason)
    audit("join.refused", by=by, ward=join.ward, target=join, reason=reason)
    notify(
        join.person,
        "join.refused",
        f"Votre demande pour rejoindre « {join.ward.name} » n'a pas été acceptée : {reason}",
        ward=join.ward,
    )


# --- invitations ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(ward: Ward, *, by: Person, note: str = "") -> tuple[Invitation, str]:
    """A single-use link that expires; only its hash is stored."""
    token = secrets.token_urlsafe(24)
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(
        ward_id=ward.id,
        token_hash=_token_hash(token),
        note=note.strip()[:200],
        created_by_id=by.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit("invitation.created", by=by, ward=ward, target=invitation)
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation behind a token, or None (unknown, used, revoked or expired)."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _token_hash(token)))
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def revoke_invitation(invitation: Invitation, *, by: Person) -> None:
    if invitation.used_at or invitation.revoked_at:
        raise DomainError("Cette invitation n'est plus active.")
    invitation.revoked_at = utcnow()
    audit("invitation.revoked", by=by, ward=invitation.ward, target=invitation)


def _claim_invitation(invitation: Invitation, person: Person) -> None:
    now = utcnow()
    result = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now, used_by_id=person.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError("Cette invitation a déjà servi ou n'est plus valable.")


def accept_invitation_new_account(invitation: Invitation, account: NewAccount) -> Person:
    """Create an active account straight into the ward (the admin vouched for it)."""
    person = _add_person(
        account,
        status="active",
        taken="Un compte existe déjà pour ce matricule : connectez-vous, puis rouvrez ce lien.",
    )
    _claim_invitation(invitation, person)
    db.session.add(Membership(ward_id=invitation.ward_id, person_id=person.id, role="member"))
    audit("invitation.used", by=person, ward=invitation.ward, target=invitation)
    _tell_invited(invitation, person)
    return person


def accept_invitation_existing(invitation: Invitation, *, by: Person) -> Membership:
    """A logged-in person joins the ward of the invitation."""
    existing = db.session.scalar(
        select(Membership).where(Membership.ward_id == invitation.ward_id, Membership.person_id == by.id)
    )
    if existing is not None:
        raise DomainError("Vous faites déjà partie de ce service.")
    _claim_invitation(invitation, by)
    membership = Membership(ward_id=invitation.ward_id, person_id=by.id, role="member")
    db.session.add(membership)
    audit("invitation.used", by=by, ward=invitation.ward, target=invitation)
    _tell_invited(invitation, by)
    return membership


def _tell_invited(invitation: Invitation, person: Person) -> None:
    """The newcomer is welcomed; whoever sent the invitation learns it was used."""
    ward = invitation.ward
    notify(
        person,
        "invitation.welcome",
        f"Bienvenue dans «\u00a0{ward.name}\u00a0»\u00a0: vous y êtes membre grâce à une invitation.",
        link=link_to("wards.home", ward_slug=ward.slug),
        ward=ward,
    )
    if invitation.created_by_id and invitation.created_by_id != person.id:
        notify(
            invitation.created_by_id,
            "invitation.used",
            f"{person.display_name} a rejoint «\u00a0{ward.name}\u00a0» avec votre invitation.",
            link=link_to("directory.index", ward_slug=ward.slug),
            ward=ward,
        )


def purge_login_events(older_than_days: int) -> int:
    """Delete connection history older than the retention period; returns the count."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(delete(LoginEvent).where(LoginEvent.at < cutoff))
    return result.rowcount


# --- the second password step (app/auth/reauth.py) -------------------------------------


def reauth_wait_message(person: Person, ip: str = "") -> str | None:
    """The log-in throttling applies to the re-authentication too (the same counter)."""
    remaining = _wait_after_failures(person.matricule, utcnow(), ip)
    return _wait_message(remaining) if remaining is not None else None


def record_reauth_failure(person: Person, *, ip: str, user_agent: str) -> LoginEvent:
    """A wrong password at the second step counts as a failed log-in of the account."""
    event = LoginEvent(
        matricule=person.matricule,
        person_id=person.id,
        ip=ip[:45],
        user_agent=user_agent[:255],
        outcome="failure",
    )
    db.session.add(event)
    db.session.flush()
    return event


# --- a refused request, asked again ---------------------------------------------------------


def latest_refusal(person: Person) -> JoinRequest | None:
    """The person's last request when it was refused and nothing is pending since."""
    last = db.session.scalar(
        select(JoinRequest)
        .where(JoinRequest.person_id == person.id)
        .order_by(JoinRequest.created_at.desc(), JoinRequest.id.desc())
        .limit(1)
    )
    return last if last is not None and last.status == "refused" else None


def _refusal_message(refusal: JoinRequest) -> str:
    reason = refusal.reason or "aucune raison donnée"
    return (
        f"Votre demande pour rejoindre « {refusal.ward.name} » n'a pas été acceptée. "
        f"Raison\u00a0: {reason}. Vous pouvez la refaire ci-dessous."
    )


def ask_again(person: Person, ward: Ward, *, message: str = "") -> JoinRequest:
    """A pending account whose request was refused asks again (the same or another ward)."""
    if person.status != "pending" or latest_refusal(person) is None:
        raise ConflictError("Votre demande est déjà en cours d'examen : vous serez prévenu·e.")
    if not ward.accepts_requests:
        raise DomainError("Ce service n'accepte pas de demandes pour le moment.", field="ward")
    join = JoinRequest(ward_id=ward.id, person_id=person.id, message=(message or "").strip()[:500])
    db.session.add(join)
    db.session.flush()
    _tell_admins(ward, f"{person.display_name} demande à nouveau à rejoindre le service.")
    return join
