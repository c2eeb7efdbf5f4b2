"""Posters: title, short text, next slots for an activity, and the QR code to the right page."""

from flask import abort, g, render_template, url_for
from flask_login import current_user

from app.activities.policies import can_see_activity
from app.core.qr import qr_data_url
from app.posters import bp, services


@bp.get("/")
def ward_poster():
    url = url_for("wards.home", ward_slug=g.ward.slug, _external=True)
    return render_template(
        "posters/poster.html",
        title=f"Groupe de bienveillance — {g.ward.name}",
        text=(
            "Activités courtes pendant les pauses, idées partagées, agenda commun\u00a0: "
            "rejoignez l'espace du service."
        ),
        url=url,
        qr=qr_data_url(url),
        slots=[],
        ward=g.ward,
    )


@bp.get("/activite/<int:activity_id>")
def activity_poster(activity_id: int):
    activity = services.activity_in(g.ward, activity_id)
    if activity is None or not can_see_activity(current_user, activity):
        abort(404)
    url = url_for("activities.detail", ward_slug=g.ward.slug, activity_id=activity.id, _external=True)
    slots = services.next_open_slots(activity)
    return render_template(
        "posters/poster.html",
        title=activity.name,
        text=activity.summary,
        url=url,
        qr=qr_data_url(url),
        slots=slots,
        ward=g.ward,
        activity=activity,
    )
