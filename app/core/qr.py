"""QR codes (flash-codes) for posters, generated as SVG by segno, embedded as a data: URL."""

import base64
import io

import segno


def qr_data_url(url: str) -> str:
    svg = io.BytesIO()
    segno.make(url, error="m").save(
        svg, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()
