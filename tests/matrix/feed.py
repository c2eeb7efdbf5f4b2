"""Feed routes: publications, the validation circuit, thanks, discussions."""

from tests.matrix import Route, ward_admin_page, ward_page

# A submitted post by another member: members do not see it (404), admins decide (303).
REVIEW = {"visitor": 302, "outsider": 403, "member": 404, "admin": 303, "manager": 303, "platform": 403}
ON_PUBLISHED = ward_page(303)
CURATE = ward_admin_page(303)
NOTE = {"note": "Merci de préciser"}

ROUTES = {
    ("feed.new", "GET"): Route({**ward_page(), "suspended": 403}),  # a write form
    ("feed.mine", "GET"): Route(ward_page()),
    ("feed.queue", "GET"): Route(ward_admin_page()),
    ("feed.detail", "GET"): Route(ward_page(), params={"publication_id": "publication"}),
    ("feed.edit", "GET"): Route(ward_admin_page(), params={"publication_id": "publication"}),
    ("feed.image", "GET"): Route(ward_page(), params={"publication_id": "publication"}),
    ("feed.publish", "POST"): Route(REVIEW, params={"publication_id": "submitted_publication"}),
    ("feed.send_back", "POST"): Route(REVIEW, params={"publication_id": "submitted_publication"}, data=NOTE),
    ("feed.refuse", "POST"): Route(REVIEW, params={"publication_id": "submitted_publication"}, data=NOTE),
    # The manager decides directly rather than asking herself: told it is not for her (409).
    ("feed.escalate", "POST"): Route(
        {**REVIEW, "manager": 409}, params={"publication_id": "submitted_publication"}, data=NOTE
    ),
    ("feed.archive", "POST"): Route(CURATE, params={"publication_id": "publication"}),
    ("feed.pin", "POST"): Route(CURATE, params={"publication_id": "publication"}),
    ("feed.thanks", "POST"): Route(ON_PUBLISHED, params={"publication_id": "publication"}),
    ("feed.comment", "POST"): Route(
        ON_PUBLISHED, params={"publication_id": "publication"}, data={"body": "Bravo !"}
    ),
    # The POSTs below send an empty form: who gets past the gate is answered 422 by the form.
    ("feed.edit", "POST"): Route(ward_admin_page(422), params={"publication_id": "publication"}),
    ("feed.new", "POST"): Route(ward_page(422)),
}


def build_scene(scene, make):
    """Léa's published post (with an image) and comment, and her submitted idea."""
    ward = scene["ward"]
    lea = make.person(ward=ward, first_name="Léa")
    published = make.publication(ward, lea, image=True)
    submitted = make.publication(ward, lea, status="submitted", kind="idea", title="Idée")
    comment = make.comment(published, lea, body="Hello")
    scene["objects"].update(publication=published.id, submitted_publication=submitted.id, comment=comment.id)
