"""Plain text with clickable links: everything escaped, only http(s) links become <a>."""

import re

from markupsafe import Markup, escape

URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}»"
# Looks like patient data: a room or bed number, a social-security or patient number.
SENSITIVE_RE = re.compile(
    r"\b(chambre|ch\.|lit|box)\s*n?°?\s*\d+|\b[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}\b|\bIPP\b|\bNIP\b",
    re.IGNORECASE,
)


def linkify(text: str | None) -> Markup:
    """Escape the text; turn http/https addresses into links that open nothing else."""
    text = text or ""
    out = []
    position = 0
    for match in URL_RE.finditer(text):
        url = match.group(0)
        trimmed = url.rstrip(TRAILING)
        end = match.start() + len(trimmed)
        out.append(escape(text[position : match.start()]))
        out.append(Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>').format(trimmed))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def looks_sensitive(text: str) -> bool:
    """True when the text seems to mention a patient (flagged to the moderators)."""
    return bool(SENSITIVE_RE.search(text or ""))
