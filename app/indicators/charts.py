"""Charts drawn on the server as accessible SVG markup: no chart library, nothing loaded.

Each chart is `<svg role="img" aria-labelledby="…">` with its <title> and <desc>; the page
puts the same numbers in a table right after it. Series differ by more than colour (line
dashes and marker shapes, hatched or plain bars), so they read in black and white; every
bar carries its value. Only SVG presentation attributes are used (the CSP forbids `style`).
"""

from markupsafe import Markup, escape

WIDTH = 640
FONT = 21  # in a 640-wide drawing: about 11 px on a phone, 19 px at its widest
INK = "#1c2526"
GRID = "#c9d3cf"
# (stroke/fill colour, dash pattern, marker) per series: distinct even without colour.
SERIES = [("#0b6e4f", "", "circle"), ("#8a3b12", "7 5", "square"), ("#2b5d8a", "2 4", "triangle")]


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}".replace(".", ",")


def _nice_max(value: float) -> tuple[float, float]:
    """An axis top above `value` and a round step (1, 2, 5 × 10ⁿ) for about four ticks."""
    if value <= 0:
        return 4, 1
    raw = value / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if step >= raw:
            break
    if raw < 1:
        step = 1
    top = step * -(-value // step)
    return top, step


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return (
            f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#fff" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 5.5:.1f} L{x + 5.5:.1f} {y + 4.5:.1f} L{x - 5.5:.1f} {y + 4.5:.1f} Z" '
            f'fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def _french(text: str) -> str:
    """Non-breaking spaces before the French double punctuation."""
    for mark in ":;!?":
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text


def _head(chart_id: str, title: str, desc: str, height: int, font: int = FONT) -> list[str]:
    title, desc = _french(title), _french(desc)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-titre {chart_id}-desc" font-family="system-ui, sans-serif" '
        f'font-size="{font}">',
        f'<title id="{chart_id}-titre">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(names: list[str], y: float, kinds: list[str], chart_id: str, font: int = FONT) -> list[str]:
    parts, x = [], 60
    for index, name in enumerate(names):
        colour, dash, marker = SERIES[index % len(SERIES)]
        if kinds[index] == "line":
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 30}" y2="{y}" stroke="{colour}" '
                f'stroke-width="3"{dash_attr}/>'
            )
            parts.append(_marker(marker, x + 15, y, colour))
        else:
            parts.append(_bar_rect(x, y - 8, 30, 16, index, chart_id))
        parts.append(f'<text x="{x + 38:.0f}" y="{y + 5}" fill="{INK}">{escape(name)}</text>')
        x += 38 + 0.6 * font * len(name) + 30
    return parts


def _patterns(chart_id: str) -> str:
    colour_1 = SERIES[1][0]
    colour_2 = SERIES[2][0]
    return (
        "<defs>"
        f'<pattern id="{chart_id}-hachures" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#fff"/><rect width="3.5" height="8" fill="{colour_1}"/></pattern>'
        f'<pattern id="{chart_id}-points" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" fill="#fff"/>'
        f'<circle cx="3.5" cy="3.5" r="2" fill="{colour_2}"/></pattern>'
        "</defs>"
    )


def _bar_rect(x, y, width, height, series: int, chart_id: str) -> str:
    colour = SERIES[series % len(SERIES)][0]
    fill = [colour, f"url(#{chart_id}-hachures)", f"url(#{chart_id}-points)"][series % 3]
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="{colour}" stroke-width="1.5"/>'
    )


def line_chart(
    chart_id: str, title: str, desc: str, labels: list[str], series: list[tuple[str, list]], font: int = FONT
):
    """Lines over time (weeks or months), one per series, with markers at each point."""
    height = 300 + 4 * (font - 15)
    left, right, top, bottom = 24 + 2 * font, WIDTH - 16, 28 + font, height - 26 - 2 * font
    peak = max([v for _n, values in series for v in values] or [0])
    top_value, step = _nice_max(peak)
    parts = _head(chart_id, title, desc, height, font)
    parts += _legend([n for n, _v in series], 20, ["line"] * len(series), chart_id, font)
    ticks = int(top_value // step)
    for tick in range(ticks + 1):
        value = tick * step
        y = bottom - (bottom - top) * value / top_value
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 5:.1f}" text-anchor="end" fill="{INK}">{_fmt(value)}</text>'
        )
    count = len(labels)
    span = (right - left - 20) / max(count - 1, 1)

    def x_of(index):
        return left + 10 + span * index if count > 1 else (left + right) / 2

    longest = max([len(label) for label in labels] or [1])
    most = max(2, int((right - left) / (0.62 * font * (longest + 2))))  # labels that fit side by side
    every = max(1, -(-count // most))
    for index, label in enumerate(labels):
        if index % every == 0 or (index == count - 1 and count <= 8):
            parts.append(
                f'<text x="{x_of(index):.1f}" y="{bottom + font + 8}" text-anchor="middle" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}" stroke-width="1.5"/>'
    )
    for number, (_name, values) in enumerate(series):
        colour, dash, marker = SERIES[number % len(SERIES)]
        points = [(x_of(i), bottom - (bottom - top) * v / top_value) for i, v in enumerate(values)]
        if len(points) > 1:
            path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(points))
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>')
        parts += [_marker(marker, x, y, colour) for x, y in points]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: list[str],
    series: list[tuple[str, list]],
    unit: str = "",
    font: int = FONT,
    names_left: bool = False,
):
    """Horizontal bars, one group per category. The category's name sits above its bars
    (long French names fit on a phone) or, more compact for print, on their left."""
    bar, gap = font + 1, font - 1
    label = 0 if names_left else font + 7
    gutter = min(340, round(0.62 * font * max([len(c) for c in categories] or [1])) + 12) if names_left else 0
    group = bar * len(series) + label
    top = 28 + font if len(series) > 1 else 12
    height = top + len(categories) * (group + gap) + 8
    left, right = 8 + gutter, WIDTH - 4 * font
    peak = max([v for _n, values in series for v in values] or [0]) or 1
    parts = _head(chart_id, title, desc, height, font)
    parts.append(_patterns(chart_id))
    if len(series) > 1:
        parts += _legend([n for n, _v in series], 20, ["bar"] * len(series), chart_id, font)
    y = top
    for index, category in enumerate(categories):
        if names_left:
            middle = y + bar * len(series) / 2 + font / 3
            parts.append(
                f'<text x="{left - 8}" y="{middle:.1f}" text-anchor="end" fill="{INK}" font-weight="600">'
                f"{escape(category)}</text>"
            )
        else:
            parts.append(
                f'<text x="{left}" y="{y + font - 1}" fill="{INK}" font-weight="600">'
                f"{escape(category)}</text>"
            )
        y += label
        for number, (_name, values) in enumerate(series):
            value = values[index]
            width = (right - left) * value / peak
            parts.append(_bar_rect(left, y, width, bar - 2, number, chart_id))
            parts.append(
                f'<text x="{left + width + 6:.1f}" y="{y + bar - 5}" fill="{INK}">{_fmt(value)}{unit}</text>'
            )
            y += bar
        y += gap
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 8}" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def charts_for(
    ind, prefix: str = "graphique", font: int = FONT, names_left: bool = False, most: int | None = None
) -> dict:
    """The page's charts, from the computed indicators (ids unique within the page);
    printed smaller, they are drawn with a larger font and show the `most` followed
    activities only."""
    activities = ind.activities
    if most is not None:
        activities = sorted(activities, key=lambda a: -a["sign_ups"])[:most]
    weekly = ind.period.weekly
    step = "semaine" if weekly else "mois"
    weeks = ind.weeks
    return {
        "weeks": line_chart(
            f"{prefix}-semaines",
            f"Inscriptions et présences par {step}",
            f"Courbe, {ind.period.label}, une valeur par {step}. Trait plein et ronds : inscriptions ; "
            f"tirets et carrés : présences notées. Les chiffres sont dans le tableau qui suit.",
            [w["label"] for w in weeks],
            [("Inscriptions", [w["sign_ups"] for w in weeks]), ("Présences", [w["attended"] for w in weeks])],
            font=font,
        ),
        "activities": bar_chart(
            f"{prefix}-activites",
            "Inscriptions et présences par activité",
            "Barres horizontales par activité. Barre pleine : inscriptions ; barre hachurée : présences "
            "notées. Les chiffres sont dans le tableau qui suit.",
            [a["name"] for a in activities],
            [
                ("Inscriptions", [a["sign_ups"] for a in activities]),
                ("Présences", [a["attended"] for a in activities]),
            ],
            font=font,
            names_left=names_left,
        )
        if activities
        else None,
        "ratings": bar_chart(
            f"{prefix}-notes",
            "Répartition des notes données après les séances",
            "Barres horizontales, une par note de 1 à 5 étoiles, toutes activités confondues. "
            "Les chiffres sont dans le tableau qui suit.",
            [f"{n} étoile{'s' if n > 1 else ''}" for n in range(1, 6)],
            [("Retours", ind.postits["overall_counts"])],
            font=font,
        )
        if ind.postits["overall_answers"]
        else None,
        "postits": bar_chart(
            f"{prefix}-postits",
            "Post-it par statut, comparés à la période précédente",
            "Barres horizontales par statut. Barre pleine : la période ; barre hachurée : la période "
            "précédente. Les chiffres sont dans le tableau qui suit.",
            [label for label, _now, _before in ind.postits["statuses"]],
            [
                ("Période", [now for _l, now, _b in ind.postits["statuses"]]),
                ("Période précédente", [before for _l, _n, before in ind.postits["statuses"]]),
            ],
            font=font,
            names_left=names_left,
        ),
    }
