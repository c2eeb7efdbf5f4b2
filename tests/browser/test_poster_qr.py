"""A printed activity poster's QR code decodes (zbarimg, from Debian's zbar-tools) to that
activity's page."""

import re
import shutil
import subprocess

import pytest

from tests.browser.conftest import axe_check, log_in

pytestmark = pytest.mark.browser


def test_activity_poster_qr_code_decodes_to_the_activity_page(page, make, live_server, tmp_path):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    make.person(ward=ward, matricule="900003")
    activity = make.activity(ward, summary="Dix minutes de détente.")
    log_in(page, "900003")
    page.goto(f"/s/hematologie/affiches/activite/{activity.id}")
    assert page.get_by_role("heading", name="Massage minute").is_visible()
    assert axe_check(page) == []
    page.emulate_media(media="print")
    png = tmp_path / "qr.png"
    page.locator(".poster-qr img").screenshot(path=str(png))
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg (Debian's zbar-tools) is installed by `make test`"
    decoded = subprocess.run([zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True, check=True)  # noqa: S603
    assert decoded.stdout.strip() == f"{live_server}/s/hematologie/activites/{activity.id}"
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # the poster fits one A4 page
