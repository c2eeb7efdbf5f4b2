"""Demo documents for Hématologie: the kindness charter as a real one-page PDF, meeting notes."""

from sqlalchemy import select

from app.documents import services
from app.extensions import db
from app.models import Document

ORDER = 80

CHARTER = [
    "Charte de bienveillance - Hématologie, Soins intensifs",
    "",
    "Nous, l'équipe du service, nous engageons à\u00a0:",
    "- nous saluer et nous écouter, quelle que soit la charge de la garde\u00a0;",
    "- dire merci, précisément, pour un coup de main\u00a0;",
    "- parler d'une erreur pour la comprendre ensemble, sans chercher de coupable\u00a0;",
    "- respecter les pauses de chacun\u00a0;",
    "- ne jamais parler d'un patient sur la plateforme.",
    "",
    "Zone de hors-jeu\u00a0: moqueries, mise à l'écart, propos blessants.",
    "Dans ce cas, la cadre et un administrateur reçoivent la personne,",
    "puis l'équipe en reparle lors du bilan suivant.",
    "",
    "Document de démonstration.",
]

NOTES = [
    "Compte rendu - réunion du groupe de bienveillance",
    "",
    "Présents\u00a0: la cadre, trois administrateurs, six collègues.",
    "- Massage minute\u00a0: créneaux du mardi et du jeudi à 14\u00a0h, à garder.",
    "- Café de la relève\u00a0: à essayer un lundi par mois.",
    "- Post-it\u00a0: la bouilloire de nuit est adoptée.",
    "Prochain bilan dans trois mois.",
]


def text_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF showing `lines` in Helvetica (French letters through WinAnsi)."""

    def literal(line: str) -> bytes:
        raw = line.encode("cp1252", "replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    text = [b"BT /F1 18 Tf 60 780 Td 22 TL", literal(lines[0]) + b" Tj /F1 12 Tf"]
    text += [b"T* " + literal(line) + b" Tj" for line in lines[1:]]
    stream = b"\n".join([*text, b"ET"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def seed(wards, people) -> None:
    """Idempotent: does nothing if the ward already shares documents."""
    ward = wards["hematologie"]
    if db.session.scalar(select(Document.id).where(Document.ward_id == ward.id).limit(1)):
        return
    admin = people["900002"]
    services.upload(
        ward,
        by=admin,
        title="Charte de bienveillance du service",
        category="charters",
        filename="charte-bienveillance.pdf",
        data=text_pdf(CHARTER),
    )
    services.upload(
        ward,
        by=admin,
        title="Compte rendu de la réunion de lancement",
        category="meetings",
        filename="compte-rendu-lancement.pdf",
        data=text_pdf(NOTES),
    )
