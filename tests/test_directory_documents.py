"""Directory and contact form, shared documents (checked by content), posters with QR codes."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from app.documents.demo import text_pdf
from app.documents.services import sniff
from app.extensions import db
from app.models import AuditEntry, ContactMessage, Document, Notification
from tests.conftest import count_queries

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_directory_lists_members_roles_and_referred_activities(login_as, people, ward, make):
    make.activity(ward, referents=[people["thomas"]])
    page = login_as(people["admin"]).get("/s/hematologie/membres/").get_data(as_text=True)
    assert "Thomas Roux" in page
    assert "Référent·e\u00a0: Massage minute" in page
    assert "Administrateur·rice" in page


def test_contact_form_keeps_messages_for_admins(login_as, people):
    client = login_as(people["thomas"])
    empty = client.post("/s/hematologie/membres/", {"subject": "", "body": "Bonjour"})
    assert empty.status_code == 422
    assert "Bonjour</textarea>" in empty.get_data(as_text=True)
    assert (
        client.post("/s/hematologie/membres/", {"subject": "Idée", "body": "Un coin sieste ?"}).status_code
        == 303
    )
    message = db.session.scalar(select(ContactMessage))
    assert message.body == "Un coin sieste ?"
    assert db.session.scalar(
        select(Notification.kind).where(Notification.person_id == people["admin"].id)
    ) == ("contact.message")
    admin = login_as(people["admin"])
    assert "Un coin sieste ?" in admin.get("/s/hematologie/admin/messages").get_data(as_text=True)
    admin.post(f"/s/hematologie/admin/messages/{message.id}/traite")
    db.session.commit()
    db.session.refresh(message)
    assert message.handled_at is not None


def _upload(client, data: bytes, name: str, category="charters", title="Charte du service"):
    return client.post(
        "/s/hematologie/documents/",
        {"title": title, "category": category, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_admin_uploads_members_download_others_cannot(login_as, people):
    admin = login_as(people["admin"])
    assert _upload(admin, PDF, "charte.pdf").status_code == 303
    assert _upload(admin, _docx(), "compte-rendu.docx", category="meetings", title="CR").status_code == 303
    document = db.session.scalar(select(Document).where(Document.mime_type == "application/pdf"))
    url = f"/s/hematologie/documents/{document.id}/{document.original_name}"
    got = login_as(people["thomas"]).get(url)
    assert got.status_code == 200
    assert got.data == PDF
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert login_as(people["outsider"]).get(url).status_code == 403
    assert db.session.scalar(select(Document.mime_type).where(Document.title == "CR")).endswith(
        "wordprocessingml.document"
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00 not a document", "charte.pdf", "Ce type de fichier n&#39;est pas accepté"),
        (b"<script>alert(1)</script>", "page.html", "Ce type de fichier n&#39;est pas accepté"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024 + 10), "gros.pdf", "dépasse 5\u00a0Mo"),
        (b"", "vide.pdf", "Choisissez un fichier."),
    ],
)
def test_refused_uploads(login_as, people, data, name, message):
    response = _upload(login_as(people["admin"]), data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Document.id))) == 0


def test_members_cannot_upload(login_as, people):
    assert _upload(login_as(people["thomas"]), PDF, "charte.pdf").status_code == 403


def test_other_wards_document_is_404(login_as, people, make):
    onco_admin = make.person(
        ward=db.session.scalar(
            select(type(people["outsider"].memberships[0].ward)).where(
                type(people["outsider"].memberships[0].ward).slug == "oncologie"
            )
        ),
        role="admin",
    )
    onco = login_as(onco_admin)
    onco.post(
        "/s/oncologie/documents/",
        {"title": "x", "category": "other", "file": (io.BytesIO(PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    document = db.session.scalar(select(Document))
    assert login_as(people["admin"]).get(f"/s/hematologie/documents/{document.id}/x.pdf").status_code == 404


def test_unknown_activity_poster_is_404(login_as, people):
    assert login_as(people["thomas"]).get("/s/hematologie/affiches/activite/999").status_code == 404
    assert login_as(people["thomas"]).get("/s/hematologie/affiches/").status_code == 200


def test_unknown_ward_poster_is_404(login_as, people):
    assert login_as(people["thomas"]).get("/s/inconnu/affiches/").status_code == 404


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"subject": "Idée", "body": "   "}, "Écrivez votre message."),
        ({"subject": "Idée", "body": "x" * 2001}, "2\u00a0000 caractères au plus."),
        ({"subject": "x" * 121, "body": "Bonjour"}, "120 caractères au plus."),
    ],
)
def test_contact_form_bad_input_changes_nothing(login_as, people, form, message):
    response = login_as(people["thomas"]).post("/s/hematologie/membres/", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ContactMessage.id))) == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_directory_runs_a_fixed_number_of_queries(login_as, people, ward, make):
    def count() -> int:
        with count_queries() as statements:
            assert viewer.get("/s/hematologie/membres/").status_code == 200
        return len(statements)

    viewer = login_as(people["thomas"])
    small = count()
    for n in range(12):
        make.activity(ward, name=f"Activité {n}", referents=[make.person(ward=ward)])
    assert count() == small <= 12


def test_admin_archives_a_document_with_an_audit_entry(login_as, people):
    admin = login_as(people["admin"])
    _upload(admin, PDF, "charte.pdf")
    document = db.session.scalar(select(Document))
    page = admin.get("/s/hematologie/documents/").get_data(as_text=True)
    assert 'data-confirm="Retirer «\u00a0Charte du service\u00a0» de la liste\u00a0?"' in page
    assert (
        login_as(people["thomas"]).post(f"/s/hematologie/documents/{document.id}/archiver").status_code == 403
    )
    assert admin.post(f"/s/hematologie/documents/{document.id}/archiver").status_code == 303
    db.session.expire_all()
    assert document.archived
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["document.uploaded", "document.archived"]
    url = f"/s/hematologie/documents/{document.id}/charte.pdf"
    assert login_as(people["thomas"]).get(url).status_code == 404
    assert "Charte du service" not in admin.get("/s/hematologie/documents/").get_data(as_text=True)


def test_another_wards_message_cannot_be_handled(login_as, people, make, other_ward):
    message = make.contact_message(other_ward)
    admin = login_as(people["admin"])
    assert admin.post(f"/s/hematologie/admin/messages/{message.id}/traite").status_code == 404
    db.session.refresh(message)
    assert message.handled_at is None


def test_demo_charter_is_a_pdf_the_sniffer_accepts():
    data = text_pdf(["Charte", "Écouter\u00a0; remercier."])
    assert sniff(data) == ("pdf", "application/pdf")
    assert data.rstrip().endswith(b"%%EOF")
