"""The second password step of the admin space (the specification's "accès sécurisé par un
autre mot de passe").

- Entering the admin space asks the password at the first visit of a session
  (`session["confirmed_at"]`, set only by a confirmation, never by the log-in).
- Every admin or manager *action* (a POST of the admin space, and the views marked
  `@requires_fresh_auth` elsewhere: activity and publication decisions, referents,
  documents, post-it statuses, the platform) needs a confirmation newer than
  REAUTH_WINDOW (10 minutes; the log-in counts as one).
- When it is older, the action is not lost: the answer is a prompt that carries the
  action's own fields (hidden) and a password field, and posts back to the same address.
  The right password confirms and the action goes on in the same request; a wrong one
  says so in French, the form stays. On htmx the prompt takes the page's main area.
- Wrong passwords count as failed log-ins of the account (the same throttling)."""

import time
from functools import wraps

from flask import current_app, g, make_response, render_template, request, session
from flask_login import current_user

from app import policies
from app.auth.passwords import verify_password
from app.auth.services import reauth_wait_message, record_reauth_failure
from app.core.security import is_recently_authenticated, mark_reauthenticated
from app.core.web import acting_person
from app.core.writes import write
from app.extensions import htmx

PROMPT_FIELD = "reauth_password"
WRONG = "Mot de passe incorrect. Retapez le mot de passe de votre compte."


def confirm_password(password: str) -> str | None:
    """Check the person's password (throttled like log-in). None when it is right."""
    person = acting_person()
    ip, agent = request.remote_addr or "", request.headers.get("User-Agent", "")
    waiting = reauth_wait_message(person, ip)
    if waiting:
        return waiting
    if password and verify_password(person.password_hash, password):
        mark_confirmed()
        return None
    write(lambda: record_reauth_failure(person, ip=ip, user_agent=agent))
    return WRONG


def mark_confirmed() -> None:
    mark_reauthenticated()
    session["confirmed_at"] = int(time.time())


def has_confirmed_this_session() -> bool:
    return bool(session.get("confirmed_at"))


def _replayed_fields() -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.form.lists()
        for value in values
        if name not in ("csrf_token", PROMPT_FIELD)
    ]


def prompt(error: str | None = None):
    """The password asked in place of the action, which is re-sent with it."""
    context = {"action": request.path, "fields": _replayed_fields(), "error": error}
    status = 422 if error else 200
    if htmx:
        response = make_response(render_template("auth/_reauth_prompt.html", **context), status)
        response.headers["HX-Retarget"] = "#contenu"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render_template("auth/reauth_prompt.html", **context), status


def fresh_auth_gate():
    """None when the action may go on (fresh, or confirmed by the prompt just sent)."""
    if request.method != "POST" or is_recently_authenticated(current_app):
        return None
    if PROMPT_FIELD in request.form:
        error = confirm_password(request.form.get(PROMPT_FIELD, ""))
        if error is None:
            return None
        return prompt(error)
    return prompt()


def _acts_as_leader() -> bool:
    ward = g.get("ward")
    if ward is not None and policies.can_administer_ward(current_user, ward):
        return True
    return policies.can_manage_platform(current_user)


def requires_fresh_auth(view):
    """For a view outside the admin space whose POST is an admin or manager action: the
    gate applies to the ward's admins and manager (and the platform admin)."""

    @wraps(view)
    def gated(*args, **kwargs):
        if current_user.is_authenticated and _acts_as_leader():
            answer = fresh_auth_gate()
            if answer is not None:
                return answer
        return view(*args, **kwargs)

    gated.requires_fresh_auth = True
    return gated
