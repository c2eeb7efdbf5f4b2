"""Text people write: Markdown rendered then sanitised (nh3), or plain text with safe links."""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# CommonMark with raw HTML off: typed HTML is shown as text, never interpreted.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("strikethrough")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "s",
    "del",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def _attribute_filter(allowed_image_prefix: str | None):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        # Pictures come from the ward's own documents only, never from elsewhere.
        outside = not allowed_image_prefix or not value.startswith(allowed_image_prefix)
        if tag == "img" and attribute == "src" and outside:
            return None
        return value

    return keep


def render_markdown(text: str, *, image_prefix: str | None = None) -> Markup:
    """Markdown → HTML → allow-list. Headings start at h2 (the page has its h1)."""
    html = _markdown.render(text or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=_attribute_filter(image_prefix),
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 (sanitised by nh3 just above)


def plain_text_with_links(text: str) -> Markup:
    """Plain text: escaped, line breaks kept, http(s) addresses made clickable."""
    parts = []
    last = 0
    for match in _URL.finditer(text or ""):
        parts.append(escape(text[last : match.start()]))
        url = match.group(0)
        parts.append(Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>').format(url))
        last = match.end()
    parts.append(escape((text or "")[last:]))
    html = Markup("").join(parts)
    return Markup("<br>").join(html.split("\n"))


def excerpt(text: str, length: int = 220) -> str:
    """A plain-text start of a Markdown body, for lists."""
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text or "")  # links and images: keep the words
    plain = re.sub(r"(^|\n)\s*([-+*]|\d+\.|#+|>)\s+", " ", plain)  # list, heading, quote markers
    plain = re.sub(r"[*_`~]+", "", plain)
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain if len(plain) <= length else plain[: length - 1].rsplit(" ", 1)[0] + "…"
