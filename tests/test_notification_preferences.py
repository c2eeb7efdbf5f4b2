"""My choices on /moi: per kind none / in-app / e-mail, an address confirmed by link, quiet hours."""

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from app.extensions import db
from app.models import MailOutbox, Notification, NotificationSetting
from app.notifications import services, settings
from app.notifications.forms import CATEGORY_FIELDS
from tests.mail_helpers import MAIL_FIXTURES

mail_config, smtp_server, hanging_smtp = MAIL_FIXTURES


def _form(**overrides) -> dict:
    data = dict.fromkeys(CATEGORY_FIELDS.values(), "app")
    data.update(email="", quiet_from="", quiet_to="")
    data.update(overrides)
    return data


def _setting(person) -> NotificationSetting | None:
    db.session.expire_all()
    return db.session.get(NotificationSetting, person.id)


def test_the_account_page_shows_my_choices(make, login_as):
    julie = make.person(email="julie@chu-nord.fr")
    page = login_as(julie).get("/moi").get_data(as_text=True)
    assert "Mes notifications" in page
    assert 'name="channel_creneaux"' in page
    assert 'value="julie@chu-nord.fr"' in page  # her registration address, offered
    assert "Heures calmes" in page


@pytest.mark.usefixtures("mail_config")
def test_saving_channels_and_quiet_hours(make, login_as):
    julie = make.person()
    data = _form(channel_creneaux="mail", channel_publications="none", quiet_from="22:00", quiet_to="07:00")
    response = login_as(julie).post("/moi/notifications", data, htmx=True)
    assert response.status_code == 200
    assert "Vos choix sont enregistrés." in response.get_data(as_text=True)
    setting = _setting(julie)
    assert services.channel_for(setting, "creneaux") == "mail"
    assert services.channel_for(setting, "publications") == "none"
    assert services.channel_for(setting, "postits") == "app"
    assert (setting.quiet_from, setting.quiet_to) == (22 * 60, 7 * 60)
    # Without htmx: back to /moi.
    plain = login_as(julie).post("/moi/notifications", data)
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith("/moi#moi-notifications")


def test_a_kind_set_to_nothing_stays_in_the_history_already_read(make):
    julie = make.person()
    services.save_channels(julie, {"publications": "none"})
    services.notify(julie, "publication.published", "Votre publication est en ligne.")
    services.notify(julie, "slot.moved", "Créneau déplacé.")
    db.session.commit()
    notes = {n.kind: n for n in db.session.scalars(select(Notification))}
    assert notes["publication.published"].read_at is not None
    assert notes["slot.moved"].read_at is None
    assert services.unread_count(julie.id) == 1


@pytest.mark.usefixtures("mail_config")
def test_bad_input_keeps_what_was_typed_and_changes_nothing(make, login_as):
    julie = make.person()
    http = login_as(julie)
    cases = [
        _form(email="pas-une-adresse"),
        _form(quiet_from="22:00"),
        _form(quiet_from="22:00", quiet_to="22:00"),
        _form(quiet_from="25:99", quiet_to="07:00"),
        _form(channel_creneaux="tout"),
        {"email": "julie@chu-nord.fr"},  # no channel chosen at all
    ]
    for data in cases:
        response = http.post("/moi/notifications", data, htmx=True)
        body = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert 'class="error"' in body
        if data.get("email") == "pas-une-adresse":
            assert 'value="pas-une-adresse"' in body
            assert "Cette adresse e-mail n&#39;est pas valide." in body
    plain = http.post("/moi/notifications", _form(quiet_from="22:00"))
    assert plain.status_code == 422
    assert "<html" in plain.get_data(as_text=True)
    assert _setting(julie) is None


def test_an_address_is_used_only_once_confirmed(app, make, login_as, smtp_server):
    julie = make.person(first_name="Julie")
    http = login_as(julie)
    response = http.post(
        "/moi/notifications", _form(email="julie@chu-nord.fr", channel_creneaux="mail"), htmx=True
    )
    assert "Un lien de confirmation part vers julie@chu-nord.fr" in response.get_data(as_text=True)
    setting = _setting(julie)
    assert (setting.email, setting.pending_email) == (None, "julie@chu-nord.fr")
    # Until confirmed, a notification sends nothing.
    services.notify(julie, "slot.moved", "Créneau déplacé.")
    db.session.commit()
    outbox = list(db.session.scalars(select(MailOutbox)))
    assert [row.category for row in outbox] == ["confirmation"]

    app.test_cli_runner().invoke(args=["send-mail"])
    [message] = smtp_server.messages
    assert message["To"] == "julie@chu-nord.fr"
    assert "List-Unsubscribe" not in message
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = next(line for line in body.splitlines() if "/moi/notifications/confirmer/" in line)
    path = link.split("chu.test", 1)[1]
    shown = http.get(path)
    assert shown.status_code == 200 and "Confirmer cette adresse" in shown.get_data(as_text=True)
    assert _setting(julie).email is None  # opening the link changes nothing
    page = http.post(path)
    assert page.status_code == 200
    assert "Adresse confirmée" in page.get_data(as_text=True)
    setting = _setting(julie)
    assert (setting.email, setting.pending_email) == ("julie@chu-nord.fr", None)
    assert http.post(path).status_code == 200  # twice is fine

    services.notify(julie, "slot.moved", "Créneau déplacé.")
    db.session.commit()
    assert db.session.scalar(select(MailOutbox).where(MailOutbox.category == "creneaux")) is not None


@pytest.mark.usefixtures("mail_config")
def test_wrong_expired_or_outdated_confirmation_changes_nothing(app, make, client):
    julie = make.person()
    setting = services.setting_for_update(julie.id)
    setting.pending_email = "nouvelle@chu-nord.fr"
    db.session.commit()

    class LongAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - settings.CONFIRM_MAX_AGE - 60

    with app.test_request_context():
        outdated = settings.confirmation_token(julie.id, "ancienne@chu-nord.fr")
    expired = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=settings.CONFIRM_SALT, signer=LongAgo
    ).dumps({"p": julie.id, "e": "nouvelle@chu-nord.fr"})
    for token in (expired, outdated, "abc", "x" * 300):
        response = client.post(f"/moi/notifications/confirmer/{token}")
        assert response.status_code == 400
        body = response.get_data(as_text=True)
        assert "rien n&#39;a été changé" in body or "rien n'a été changé" in body
    setting = _setting(julie)
    assert (setting.email, setting.pending_email) == (None, "nouvelle@chu-nord.fr")


def test_an_address_cannot_be_checked_while_mail_is_off(make, login_as, mail_config):
    mail_config["MAIL_SERVER"] = ""
    julie = make.person()
    response = login_as(julie).post("/moi/notifications", _form(email="julie@chu-nord.fr"), htmx=True)
    assert response.status_code == 422
    assert "pas encore activé" in response.get_data(as_text=True)
    assert _setting(julie) is None
