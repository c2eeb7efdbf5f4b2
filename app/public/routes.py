"""Public pages."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select, text

from app.extensions import db
from app.models import JoinRequest, Membership, Ward
from app.public import bp


@bp.get("/")
def home():
    my_wards, pending, other_wards = [], [], []
    if current_user.is_authenticated:
        rows = db.session.execute(
            select(Ward, Membership)
            .join(Membership, Membership.ward_id == Ward.id)
            .where(Membership.person_id == current_user.id, Membership.status == "active")
            .order_by(Ward.name)
        ).all()
        my_wards = [(ward, membership) for ward, membership in rows]
        pending = db.session.scalars(
            select(Ward)
            .join(JoinRequest, JoinRequest.ward_id == Ward.id)
            .where(JoinRequest.person_id == current_user.id, JoinRequest.status == "pending")
        ).all()
        mine = {w.id for w, _ in my_wards} | {w.id for w in pending}
        other_wards = [
            w
            for w in db.session.scalars(select(Ward).where(Ward.accepts_requests).order_by(Ward.name))
            if w.id not in mine
        ]
    return render_template("public/home.html", my_wards=my_wards, pending=pending, other_wards=other_wards)


@bp.get("/sante")
def health():
    """For the load balancer: the app answers and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


# --- the three doors: to know, know-how ------------------------------------------------------


@bp.get("/savoir")
def know():
    return render_template("public/know.html")


@bp.get("/guide")
def guides():
    from app.public.guides import all_guides

    return render_template("public/guides.html", guides=all_guides(), progress=_progress_counts())


def _progress_counts() -> dict[str, int]:
    from sqlalchemy import func

    from app.models import GuideProgress

    if not current_user.is_authenticated:
        return {}
    rows = db.session.execute(
        select(GuideProgress.guide_slug, func.count(GuideProgress.id))
        .where(GuideProgress.person_id == current_user.id)
        .group_by(GuideProgress.guide_slug)
    ).all()
    return dict(rows)


def _guide_or_404(slug: str):
    from flask import abort

    from app.public.guides import guide

    found = guide(slug)
    if found is None:
        abort(404)
    return found


def _done(found) -> set[str]:
    from app.models import GuideProgress

    if not current_user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(GuideProgress.item_key).where(
                GuideProgress.person_id == current_user.id, GuideProgress.guide_slug == found.slug
            )
        )
    )


@bp.get("/guide/<slug>")
def guide(slug: str):
    found = _guide_or_404(slug)
    return render_template("public/guide.html", guide=found, done=_done(found))


@bp.get("/guide/<slug>/<int:step>")
def guide_step(slug: str, step: int):
    from flask import abort

    found = _guide_or_404(slug)
    if not 1 <= step <= len(found.steps):
        abort(404)
    return render_template(
        "public/guide_step.html",
        guide=found,
        step=found.steps[step - 1],
        done=_done(found),
        proposal_url=_proposal_url() if found.ends_on_proposal and step == len(found.steps) else None,
    )


def _proposal_url() -> str | None:
    """The "propose an activity" form of the person's first ward, if they have one."""
    from flask import url_for

    if not current_user.is_authenticated:
        return None
    slug = db.session.scalar(
        select(Ward.slug)
        .join(Membership, Membership.ward_id == Ward.id)
        .where(Membership.person_id == current_user.id, Membership.status == "active")
        .order_by(Ward.name)
        .limit(1)
    )
    return url_for("activities.propose", ward_slug=slug) if slug else None


@bp.post("/guide/<slug>/<int:step>/coche/<item>")
def toggle_item(slug: str, step: int, item: str):
    """Tick or untick an item of one's own progress (htmx: only the item comes back)."""
    from flask import abort, redirect, url_for

    from app.auth.forms import EmptyForm
    from app.core.web import wants_fragment
    from app.models import GuideProgress

    if not current_user.is_authenticated:
        from app.extensions import login_manager

        return login_manager.unauthorized()
    found = _guide_or_404(slug)
    if item not in found.item_keys or not 1 <= step <= len(found.steps):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = db.session.scalar(
        select(GuideProgress).where(
            GuideProgress.person_id == current_user.id,
            GuideProgress.guide_slug == slug,
            GuideProgress.item_key == item,
        )
    )
    if row:
        db.session.delete(row)
    else:
        db.session.add(GuideProgress(person_id=current_user.id, guide_slug=slug, item_key=item))
    db.session.commit()
    done = _done(found)
    if wants_fragment():
        text = dict(found.steps[step - 1].checklist)[item]
        return render_template(
            "public/_check_item.html", guide=found, step=found.steps[step - 1], key=item, text=text, done=done
        )
    return redirect(url_for("public.guide_step", slug=slug, step=step), code=303)


@bp.get("/affiche")
def portal_poster():
    """The poster of the portal itself, for the intranet's notice boards."""
    from flask import url_for

    from app.core.qr import qr_data_url

    url = url_for("public.home", _external=True)
    return render_template(
        "posters/poster.html",
        title="Anime ton CHU",
        text=(
            "La plateforme des groupes de bienveillance au travail : "
            "pour savoir, pour savoir faire, pour faire."
        ),
        url=url,
        qr=qr_data_url(url),
        slots=[],
        ward=None,
    )
