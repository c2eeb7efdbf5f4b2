"""Directory, documents, posters."""

from app.extensions import db
from app.models import Activity, Document
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
    from app.documents.services import _folder
    from app.models import ContactMessage

    ward = scene["ward"]
    (_folder() / "matrice.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    document = Document(
        ward_id=ward.id,
        category="charters",
        title="Charte",
        original_name="charte.pdf",
        stored_name="matrice.pdf",
        mime_type="application/pdf",
        size=14,
    )
    activity = Activity(ward_id=ward.id, name="Massage minute", status="active")
    message = ContactMessage(ward_id=ward.id, subject="Idée", body="Bonjour")
    db.session.add_all([document, activity, message])
    db.session.commit()
    scene["objects"].update(document=document.id, poster_activity=activity.id, message=message.id)
