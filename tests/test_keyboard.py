"""Keyboard and screen readers, server side: every action button of a slot carries the same
focus key (static/js/app.js puts the focus back on it after the swap), the outcome goes to the
live region, a cancel offers "Annuler" for a few seconds, "Mes inscriptions" shows the place
in line and a button to leave each entry."""

import re

import pytest

from tests.factories import at


@pytest.fixture
def massage(make, ward):
    return make.activity(ward)


def _action_buttons(html: str) -> list[str]:
    return re.findall(r'<button[^>]*data-focus="action"[^>]*>([^<]*)', html)


def test_the_slot_keeps_one_focus_key_from_state_to_state(login_as, people, make, massage):
    slot = make.slot(massage, capacity=2)
    client = login_as(people["member"])
    page = client.get("/s/hematologie/planning/mes-inscriptions")
    assert page.status_code == 200
    signed = client.post(f"/s/hematologie/planning/creneaux/{slot.id}/inscription", htmx=True).get_data(
        as_text=True
    )
    assert _action_buttons(signed) == ["Se désinscrire"]
    assert 'id="flashes" hx-swap-oob="innerHTML"' in signed and "C&#39;est noté" in signed
    cancelled = client.post(f"/s/hematologie/planning/creneaux/{slot.id}/desinscription", htmx=True)
    html = cancelled.get_data(as_text=True)
    assert cancelled.status_code == 200
    # The undo comes first and holds the focus key; it lasts a few seconds (data-expires).
    assert _action_buttons(html) == ["Annuler"]
    assert 'class="slot-undo" data-expires="10"' in html
    assert f'hx-post="/s/hematologie/planning/creneaux/{slot.id}/inscription"' in html
    assert "S'inscrire" in html
    again = client.post(f"/s/hematologie/planning/creneaux/{slot.id}/inscription", htmx=True)
    assert "Vous êtes inscrit·e" in again.get_data(as_text=True)


def test_no_undo_when_the_place_went_to_someone_waiting(login_as, people, make, massage):
    slot = make.slot(massage, capacity=1)
    make.sign_up(slot, people["member"])
    make.sign_up(slot, people["julie"], status="waiting", waiting_seq=1)
    slot.waiting_seq = 1
    html = (
        login_as(people["member"])
        .post(f"/s/hematologie/planning/creneaux/{slot.id}/desinscription", htmx=True)
        .get_data(as_text=True)
    )
    assert "slot-undo" not in html
    assert _action_buttons(html) == ["Rejoindre la liste d'attente"]


def test_waiting_and_week_links_carry_focus_keys(login_as, people, make, massage):
    slot = make.slot(massage, capacity=1)
    make.sign_up(slot, people["julie"])
    page = login_as(people["member"]).get("/s/hematologie/planning/").get_data(as_text=True)
    assert 'data-focus="week-previous"' in page and 'data-focus="week-next"' in page


def test_my_sign_ups_show_the_place_in_line_and_a_cancel_button_each(login_as, people, make, massage):
    mine = make.slot(massage, capacity=3)
    full = make.slot(massage, capacity=1, starts_at=at(days=4))
    make.sign_up(mine, people["member"])
    make.sign_up(full, people["julie"])
    make.sign_up(full, people["ines"], status="waiting", waiting_seq=1)
    make.sign_up(full, people["member"], status="waiting", waiting_seq=2)
    page = login_as(people["member"]).get("/s/hematologie/planning/mes-inscriptions").get_data(as_text=True)
    assert "Liste d'attente\u00a0: n°\u00a02" in page
    assert page.count("Se désinscrire") == 1 and page.count("Quitter la liste d&#39;attente") == 1
    assert f'hx-post="/s/hematologie/planning/creneaux/{full.id}/desinscription"' in page


def test_the_charter_in_place_can_be_closed(login_as, people, make, ward):
    yoga = make.activity(
        ward, name="Yoga", responsibility_charter="Je m'engage à :\n\n- venir à l'heure\n- prévenir"
    )
    slot = make.slot(yoga)
    client = login_as(people["member"])
    asked = client.post(f"/s/hematologie/planning/creneaux/{slot.id}/inscription", htmx=True).get_data(
        as_text=True
    )
    assert "- venir à l&#39;heure" in asked  # the exact text whose hash the signature keeps
    assert "Fermer la charte" in asked
    closed = client.get(f"/s/hematologie/planning/creneaux/{slot.id}", htmx=True)
    html = closed.get_data(as_text=True)
    assert closed.status_code == 200 and html.startswith('<article class="slot-card')
    assert "charter-box" not in html and "S'inscrire" in html
    assert "<!doctype html>" not in html
