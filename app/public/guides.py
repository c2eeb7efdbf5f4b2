"""The practical guides: Markdown files in content/guides, edited without code.

A file starts with a small front matter (title, summary, order…); each "## " heading is a
step; the "- [ ] " lines of a step are its checklist; an "Outils :" line names the tools of
the platform that help at that step, as links `[Agenda](outil:agenda.month)` whose target
is an endpoint, resolved for the reader's own ward when the page is shown."""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[2] / "content" / "guides"
CHECK = re.compile(r"^- \[ \] (.+)$")
TOOLS = re.compile(r"^Outils\s*:\s*(.+)$")
TOOL = re.compile(r"\[([^\]]+)\]\(outil:([\w.]+)\)")
NBSP = "\u00a0"
# Editors type ordinary spaces; French typography wants them unbreakable before : ; ! ?
# and inside « ». Markdown syntax never puts a space there, so this only touches prose.
_BEFORE = re.compile(r"[ \t]+([:;!?»])")
_AFTER = re.compile(r"«[ \t]+")
_HOURS = re.compile(r"(\d) (h|min)\b")


def french_spacing(text: str) -> str:
    text = _BEFORE.sub(NBSP + r"\1", text)
    return _HOURS.sub(r"\1" + NBSP + r"\2", _AFTER.sub("«" + NBSP, text))


@dataclass
class Step:
    number: int
    title: str
    body: str
    checklist: list[tuple[str, str]] = field(default_factory=list)  # (key, text)
    tools: list[tuple[str, str]] = field(default_factory=list)  # (label, endpoint)


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


def _step(number: int, chunk: str) -> Step:
    title, _, rest = chunk.partition("\n")
    body, checklist, tools = [], [], []
    for line in rest.splitlines():
        check = CHECK.match(line.strip())
        named = TOOLS.match(line.strip())
        if check:
            checklist.append((f"{number}-{len(checklist) + 1}", french_spacing(check.group(1))))
        elif named:
            tools.extend(
                (french_spacing(label), endpoint) for label, endpoint in TOOL.findall(named.group(1))
            )
        else:
            body.append(line)
    return Step(
        number, french_spacing(title.strip()), french_spacing("\n".join(body).strip()), checklist, tools
    )


def parse(path: Path) -> Guide:
    text = path.read_text(encoding="utf-8")
    meta = {}
    if text.startswith("---"):
        head, _, text = text[3:].partition("\n---")
        for line in head.strip().splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    chunks = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return Guide(
        slug=path.stem,
        title=french_spacing(meta.get("title", path.stem)),
        summary=french_spacing(meta.get("summary", "")),
        order=int(meta.get("order", 99)),
        personal=meta.get("personal") == "true",
        ends_on_proposal=meta.get("ends_on_proposal") == "true",
        steps=[_step(number, chunk) for number, chunk in enumerate(chunks, start=1)],
    )


@cache
def all_guides() -> tuple[Guide, ...]:
    return tuple(sorted((parse(p) for p in CONTENT.glob("*.md")), key=lambda g: g.order))


def guide(slug: str) -> Guide | None:
    return next((g for g in all_guides() if g.slug == slug), None)
