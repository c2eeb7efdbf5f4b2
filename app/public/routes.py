"""Public pages."""

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.core.qr import qr_data_url
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.extensions import login_manager
from app.public import bp, services
from app.public.guides import Guide, Step, all_guides
from app.public.guides import guide as find_guide


@bp.get("/")
def home():
    spaces = services.spaces_of(current_user) if current_user.is_authenticated else None
    return render_template(
        "public/home.html",
        my_wards=spaces.mine if spaces else [],
        pending=spaces.pending if spaces else [],
        other_wards=spaces.others if spaces else [],
    )


@bp.get("/sante")
def health():
    """For the load balancer: the app answers and reaches its database."""
    services.check_database()
    return {"status": "ok"}


# --- the three doors: to know, know-how ------------------------------------------------------


@bp.get("/savoir")
def know():
    return render_template("public/know.html")


@bp.get("/guide")
def guides():
    counts = services.progress_counts(current_user) if current_user.is_authenticated else {}
    return render_template("public/guides.html", guides=all_guides(), progress=counts)


def _guide_or_404(slug: str) -> Guide:
    found = find_guide(slug)
    if found is None:
        abort(404)
    return found


def _done(found: Guide) -> set[str]:
    """The items this person ticked in this guide; nobody else's are ever read."""
    if not current_user.is_authenticated:
        return set()
    return services.ticked(current_user, found.slug)


def _first_ward_slug() -> str | None:
    if not current_user.is_authenticated:
        return None
    return services.first_ward_slug(current_user)


def _tool_links(step: Step, ward_slug: str | None) -> list[tuple[str, str | None]]:
    """(label, url or None): a tool of a ward links to the reader's own ward, when they have
    one and the page exists; otherwise its name is shown without a link (never a dead one)."""
    links = []
    for label, endpoint in step.tools:
        url = None
        if endpoint in current_app.view_functions:
            needs_ward = any(
                "ward_slug" in rule.arguments for rule in current_app.url_map.iter_rules(endpoint)
            )
            if not needs_ward:
                url = url_for(endpoint)
            elif ward_slug:
                url = url_for(endpoint, ward_slug=ward_slug)
        links.append((label, url))
    return links


def _proposal_url(ward_slug: str | None) -> str | None:
    """The "propose an activity" form of the person's first ward (or its activities page)."""
    if not ward_slug:
        return None
    for endpoint in ("activities.propose", "activities.index"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint, ward_slug=ward_slug)
    return None


@bp.get("/guide/<slug>")
def guide(slug: str):
    found = _guide_or_404(slug)
    return render_template("public/guide.html", guide=found, done=_done(found))


@bp.get("/guide/<slug>/<int:step>")
def guide_step(slug: str, step: int):
    found = _guide_or_404(slug)
    if not 1 <= step <= len(found.steps):
        abort(404)
    current = found.steps[step - 1]
    last = step == len(found.steps)
    ward_slug = _first_ward_slug() if current.tools or (found.ends_on_proposal and last) else None
    return render_template(
        "public/guide_step.html",
        guide=found,
        step=current,
        done=_done(found),
        tools=_tool_links(current, ward_slug),
        proposal_url=_proposal_url(ward_slug) if found.ends_on_proposal and last else None,
    )


@bp.post("/guide/<slug>/<int:step>/coche/<item>")
def toggle_item(slug: str, step: int, item: str):
    """Tick or untick an item of one's own progress (htmx: only the item comes back)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    found = _guide_or_404(slug)
    if not 1 <= step <= len(found.steps) or item not in dict(found.steps[step - 1].checklist):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    write(lambda: services.toggle_item(person, slug, item))  # a refused double tap: already ticked
    if wants_fragment():
        current = found.steps[step - 1]
        return render_template(
            "public/_check_item.html",
            guide=found,
            step=current,
            key=item,
            text=dict(current.checklist)[item],
            done=_done(found),
        )
    return redirect(url_for("public.guide_step", slug=slug, step=step), code=303)


@bp.get("/affiche")
def portal_poster():
    """The poster of the portal itself, for the intranet's notice boards."""
    url = url_for("public.home", _external=True)
    return render_template(
        "posters/poster.html",
        title="Anime ton CHU",
        text=(
            "Des petits moments de bienveillance entre collègues, pendant le temps de travail\u00a0: "
            "comprendre la démarche, suivre les guides pas à pas, rejoindre l'espace de son service."
        ),
        url=url,
        qr=qr_data_url(url),
        slots=[],
        ward=None,
        doors=True,
    )
