"""Directory, documents, posters."""

from app.extensions import db
from app.models import Activity, Document
from tests.matrix import Route, everyone, ward_admin_page, ward_page

ROUTES = {
    "directory.index": Route("GET", ward_page()),
    "documents.index": Route("GET", ward_page()),
    "documents.download": Route("GET", ward_page(), params={"document_id": "document", "name": "charte.pdf"}),
    "documents.archive": Route("POST", ward_admin_page(303), params={"document_id": "document"}),
    "posters.ward_poster": Route("GET", ward_page()),
    "posters.activity_poster": Route("GET", ward_page(), params={"activity_id": "poster_activity"}),
    "public.portal_poster": Route("GET", everyone(200)),
    "ward_admin.messages": Route("GET", ward_admin_page()),
    "ward_admin.handle_message": Route("POST", ward_admin_page(303), params={"message_id": "message"}),
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
