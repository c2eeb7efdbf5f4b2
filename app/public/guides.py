"""The practical guides: Markdown files in content/guides, edited without code.

A file starts with a small front matter (title, summary, order…); each "## " heading is a
step; the "- [ ] " lines of a step are its checklist."""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[2] / "content" / "guides"
CHECK = re.compile(r"^- \[ \] (.+)$")


@dataclass
class Step:
    number: int
    title: str
    body: str
    checklist: list[tuple[str, str]] = field(default_factory=list)  # (key, text)


@dataclass
class Guide:
    slug: str
    title: str
    summary: str
    order: int
    personal: bool
    ends_on_proposal: bool
    steps: list[Step]

    @property
    def item_keys(self) -> set[str]:
        return {key for step in self.steps for key, _text in step.checklist}


def _parse(path: Path) -> Guide:
    text = path.read_text(encoding="utf-8")
    meta = {}
    if text.startswith("---"):
        head, _, text = text[3:].partition("\n---")
        for line in head.strip().splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    steps = []
    for number, chunk in enumerate(re.split(r"^## ", text, flags=re.M)[1:], start=1):
        title, _, rest = chunk.partition("\n")
        body, checklist = [], []
        for line in rest.splitlines():
            match = CHECK.match(line.strip())
            if match:
                checklist.append((f"{number}-{len(checklist) + 1}", match.group(1)))
            else:
                body.append(line)
        steps.append(Step(number, title.strip(), "\n".join(body).strip(), checklist))
    return Guide(
        slug=path.stem,
        title=meta.get("title", path.stem),
        summary=meta.get("summary", ""),
        order=int(meta.get("order", 99)),
        personal=meta.get("personal") == "true",
        ends_on_proposal=meta.get("ends_on_proposal") == "true",
        steps=steps,
    )


@cache
def all_guides() -> tuple[Guide, ...]:
    return tuple(sorted((_parse(p) for p in CONTENT.glob("*.md")), key=lambda g: g.order))


def guide(slug: str) -> Guide | None:
    return next((g for g in all_guides() if g.slug == slug), None)
