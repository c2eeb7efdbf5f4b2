"""The thread fragment and the comment route's body, shared by the publication and the
activity pages (their routes load the parent and ask their policy first)."""

from flask import g, redirect, render_template
from flask_login import current_user

from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.discussions import policies, services
from app.discussions.forms import CommentForm


def thread_context(parent, *, form=None, message=None) -> dict:
    return {
        **services.thread(parent, current_user),
        "parent": parent,
        "comment_form": form or CommentForm(formdata=None),
        "post_url": services.post_url_of(parent),
        "can_comment": policies.can_comment(current_user, parent),
        "message": message,
    }


def post_comment(parent, *, detail_page):
    """Publish the message, then the thread (htmx) or back to the page at the discussion.
    `detail_page(form)` renders the whole page with the form's errors (no JavaScript)."""
    form = CommentForm()
    status = 422
    if form.validate_on_submit():
        person = acting_person()
        outcome = write(
            lambda: services.add_comment(parent, by=person, body=form.body.data), form=form, field="body"
        )
        if outcome.ok:
            if not wants_fragment():
                return redirect(services.page_of(parent), code=303)
            context = thread_context(parent, message="Message publié.")
            return render_template("discussions/_thread.html", ward=g.ward, **context)
        status = outcome.status
    if wants_fragment():
        return render_template(
            "discussions/_thread.html", ward=g.ward, **thread_context(parent, form=form)
        ), status
    return detail_page(form), status
