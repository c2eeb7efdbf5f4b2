"""Directory, documents, posters."""

from tests.matrix import Route, everyone, ward_admin_page, ward_page

ROUTES = {
    ("directory.index", "GET"): Route(ward_page()),
    ("documents.index", "GET"): Route(ward_page()),
    ("documents.download", "GET"): Route(
        ward_page(), params={"document_id": "document", "name": "charte.pdf"}
    ),
    ("documents.archive", "POST"): Route(ward_admin_page(303), params={"document_id": "document"}),
    ("posters.ward_poster", "GET"): Route(ward_page()),
    ("posters.activity_poster", "GET"): Route(ward_page(), params={"activity_id": "poster_activity"}),
    ("public.portal_poster", "GET"): Route(everyone(200)),
    ("ward_admin.messages", "GET"): Route(ward_admin_page()),
    ("ward_admin.handle_message", "POST"): Route(ward_admin_page(303), params={"message_id": "message"}),
    # Empty forms: the contact form is anyone's, the upload the admins' (422 past the gate).
    ("directory.index", "POST"): Route(ward_page(422)),
    ("documents.index", "POST"): Route(ward_admin_page(422)),
}


def build_scene(scene, make):
    ward = scene["ward"]
    document = make.document(ward)
    activity = make.activity(ward)
    message = make.contact_message(ward)
    scene["objects"].update(document=document.id, poster_activity=activity.id, message=message.id)
