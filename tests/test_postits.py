"""Post-it de service: the board, anonymity, supports, reports, moderation, limits."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import ConflictError, DomainError
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import AuditEntry, Notification, PostIt, PostItSupport, Report
from app.moderation import services as moderation
from app.postits import services
from app.postits.text import linkify, looks_sensitive
from tests.conftest import count_queries
from tests.factories import Factory

BOARD = "/s/hematologie/post-it/"


def note(ward, author, text="Une fontaine à eau en salle de pause", **fields):
    return Factory().postit(ward, author, text=text, **fields)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count(model.id)).where(*where))


def url(postit, action=""):
    if action == "signaler":  # the shared report route of app.moderation
        return f"/s/hematologie/signaler/post-it/{postit.id}"
    return f"{BOARD}{postit.id}{'/' + action if action else ''}"


def add_report(postit, reporter, reason):
    postit.report_count += 1
    return Report(
        ward_id=postit.ward_id,
        target_type="postit",
        target_id=postit.id,
        reporter_id=reporter.id,
        reason=reason,
    )


# --- the board -------------------------------------------------------------------------


def test_board_full_page_has_the_form_and_the_anonymity_notice(login_as, ward, people):
    note(ward, people["colleague"], "Un coin calme")
    response = login_as(people["author"]).get(BOARD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in page and "Poster un post-it" in page and "Un coin calme" in page
    # Said before posting: who still sees the author of an anonymous note.
    assert "Les administrateurs du groupe et la cadre de soins, eux, le verront toujours." in page
    assert "HX-Request" in response.headers.get("Vary", "")


def test_board_fragment_and_filters(login_as, ward, people):
    note(ward, people["colleague"], "Une idée de pause", kind="idea")
    note(ward, people["colleague"], "Merci à la nuit", kind="thanks")
    note(ward, people["author"], "Besoin de gourdes", kind="need", status="study")
    http = login_as(people["author"])
    fragment = http.get(BOARD + "?type=thanks", htmx=True).get_data(as_text=True)
    assert "<html" not in fragment and 'id="postit-board"' in fragment
    assert "Merci à la nuit" in fragment and "Une idée de pause" not in fragment
    mine = http.get(BOARD + "?mes=1").get_data(as_text=True)  # a pushed URL works as a full page
    assert "<html" in mine and "Besoin de gourdes" in mine and "Une idée de pause" not in mine
    by_status = http.get(BOARD + "?statut=study&vue=colonnes").get_data(as_text=True)
    assert "Besoin de gourdes" in by_status and "Une idée de pause" not in by_status
    # Unknown filter values are ignored, never an error.
    assert http.get(BOARD + "?type=<script>&statut=x&vue=y&page=-3").status_code == 200


@pytest.mark.usefixtures("ward")
def test_post_through_htmx_refreshes_the_board_and_announces(login_as, people):
    http = login_as(people["author"])
    response = http.post(BOARD, {"kind": "idea", "text": "Un coin calme", "anonymous": "y"}, htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "postit-changed"
    body = response.get_data(as_text=True)
    assert 'hx-swap-oob="innerHTML"' in body and "en haut du mur" in body  # into the aria-live area
    postit = db.session.scalar(select(PostIt))
    assert (postit.kind, postit.text, postit.anonymous, postit.status) == (
        "idea",
        "Un coin calme",
        True,
        "new",
    )
    assert "Un coin calme" in http.get(BOARD, htmx=True).get_data(as_text=True)


@pytest.mark.usefixtures("ward")
def test_post_without_htmx_redirects(login_as, people):
    response = login_as(people["author"]).post(BOARD, {"kind": "thanks", "text": "Merci à tous"})
    assert response.status_code == 303
    assert count(PostIt) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "idea", "text": ""}, "Écrivez quelques mots"),
        ({"kind": "idea", "text": "   \n  "}, "Écrivez quelques mots"),
        ({"kind": "idea", "text": "x" * 281}, "280\u00a0caractères au plus"),
        ({"kind": "rumeur", "text": "Bonjour"}, "Choisissez le type"),
    ],
)
@pytest.mark.usefixtures("ward")
def test_bad_input_is_refused_in_french(login_as, people, data, message):
    http = login_as(people["author"])
    response = http.post(BOARD, data, htmx=True)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    full = http.post(BOARD, data)
    assert full.status_code == 422 and "<html" in full.get_data(as_text=True)
    assert count(PostIt) == 0


@pytest.mark.usefixtures("ward")
def test_280_characters_with_line_breaks_are_accepted(login_as, people):
    text = "a" * 139 + "\r\n" + "b" * 140
    response = login_as(people["author"]).post(BOARD, {"kind": "idea", "text": text}, htmx=True)
    assert response.status_code == 200
    assert db.session.scalar(select(PostIt.text)) == "a" * 139 + "\n" + "b" * 140


def test_hourly_limit_counts_in_the_database(login_as, ward, people):
    author = people["author"]
    for n in range(services.POSTS_PER_HOUR):
        note(ward, author, f"Note {n}", created_at=utcnow() - timedelta(minutes=50))
    note(ward, author, "Ancienne", created_at=utcnow() - timedelta(hours=2))
    http = login_as(author)
    response = http.post(BOARD, {"kind": "idea", "text": "Encore une"}, htmx=True)
    assert response.status_code == 422
    assert "le maximum" in response.get_data(as_text=True)
    assert count(PostIt) == services.POSTS_PER_HOUR + 1
    # A colleague is not held back by someone else's notes.
    other = login_as(people["colleague"]).post(BOARD, {"kind": "idea", "text": "La mienne"}, htmx=True)
    assert other.status_code == 200


@pytest.mark.usefixtures("ward")
def test_hourly_limit_holds_under_simultaneous_posts(app, login_as, people):
    n = 12
    clients = [login_as(people["author"]) for _ in range(n)]
    db.session.commit()
    barrier = threading.Barrier(n)
    statuses = []

    def fire(http):
        with app.app_context():
            barrier.wait()
            response = http.post(BOARD, {"kind": "idea", "text": "Tous en même temps"}, htmx=True)
            statuses.append(response.status_code)

    threads = [threading.Thread(target=fire, args=(http,)) for http in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * services.POSTS_PER_HOUR + [422] * (n - services.POSTS_PER_HOUR)
    assert count(PostIt) == services.POSTS_PER_HOUR


def test_script_typed_in_a_note_shows_as_text_and_links_are_safe(login_as, ward, people):
    text = (
        "<script>alert(1)</script> <b>gras</b> voir "
        'https://intranet.chu.fr/page?a=1&b="x" et javascript:alert(2)'
    )
    note(ward, people["colleague"], text)
    page = login_as(people["author"]).get(BOARD).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<b>gras</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://intranet.chu.fr/page?a=1&amp;b=" rel="nofollow noopener noreferrer">' in page
    assert 'href="javascript' not in page


def test_linkify_escapes_everything_and_trims_punctuation():
    assert str(linkify("<i>x</i>")) == "&lt;i&gt;x&lt;/i&gt;"
    out = str(linkify("Lien : http://a.fr/x. Fin"))
    assert out == 'Lien : <a href="http://a.fr/x" rel="nofollow noopener noreferrer">http://a.fr/x</a>. Fin'
    assert "<a" not in str(linkify("ftp://a.fr et data:text/html,<x>"))


def test_text_that_looks_like_patient_data_is_flagged(ward, people):
    assert looks_sensitive("Le patient de la chambre 12 est sorti")
    assert not looks_sensitive("Un coin calme en salle de pause")
    postit = services.post_postit(ward, by=people["author"], kind="need", text="Lit 4 : besoin d'aide")
    assert postit.looks_sensitive


# --- anonymity ----------------------------------------------------------------------


def test_anonymous_note_hides_the_author_from_colleagues_only(login_as, ward, people):
    postit = note(ward, people["author"], "Idée anonyme", anonymous=True)
    colleague = login_as(people["colleague"]).get(url(postit)).get_data(as_text=True)
    assert "Idée anonyme" in colleague and "Anonyme" in colleague and "Roux" not in colleague
    board = login_as(people["colleague"]).get(BOARD).get_data(as_text=True)
    assert "Thomas Roux" not in board
    for seer in ("admin", "manager"):
        page = login_as(people[seer]).get(url(postit)).get_data(as_text=True)
        assert "Thomas Roux" in page and "anonyme pour les collègues" in page
    mine = login_as(people["author"]).get(url(postit)).get_data(as_text=True)
    assert "anonyme pour vos collègues" in mine


# --- support ------------------------------------------------------------------------


def test_support_toggles_in_one_tap_and_rerenders_only_the_note(login_as, ward, people):
    postit = note(ward, people["author"])
    http = login_as(people["colleague"])
    response = http.post(url(postit, "soutien"), {"on": "1"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<article class="postit postit-idea" id="postit-{postit.id}"')
    assert 'aria-pressed="true"' in body and "1 soutien, dont vous" in body
    assert count(PostItSupport) == 1
    # Supporting twice is refused, nothing changes.
    again = http.post(url(postit, "soutien"), {"on": "1"}, htmx=True)
    assert again.status_code == 409 and "déjà" in again.get_data(as_text=True)
    assert count(PostItSupport) == 1
    off = http.post(url(postit, "soutien"), {"on": "0"}, htmx=True)
    assert off.status_code == 200 and 'aria-pressed="false"' in off.get_data(as_text=True)
    assert count(PostItSupport) == 0


def test_author_cannot_support_own_note(login_as, ward, people):
    postit = note(ward, people["author"])
    response = login_as(people["author"]).post(url(postit, "soutien"), {"on": "1"}, htmx=True)
    assert response.status_code == 422
    assert count(PostItSupport) == 0


def test_support_service_refuses_twice(ward, people):
    postit = note(ward, people["author"])
    services.set_support(postit, by=people["colleague"], on=True)
    with pytest.raises(ConflictError):
        services.set_support(postit, by=people["colleague"], on=True)


# --- reports ------------------------------------------------------------------------


def test_report_with_a_reason_puts_the_note_back_in_the_queue(login_as, ward, people):
    postit = note(ward, people["author"], reviewed_at=utcnow())
    http = login_as(people["colleague"])
    form = http.get(url(postit, "signaler"), htmx=True)
    assert form.status_code == 200 and "Qu'est-ce qui pose problème" in form.get_data(as_text=True)
    empty = http.post(url(postit, "signaler"), {"reason": " "}, htmx=True)
    assert empty.status_code == 422 and "Dites en quelques mots" in empty.get_data(as_text=True)
    assert count(Report) == 0
    done = http.post(url(postit, "signaler"), {"reason": "Propos blessants"}, htmx=True)
    assert done.status_code == 200 and "Signalé par vous" in done.get_data(as_text=True)
    db.session.refresh(postit)
    assert postit.reviewed_at is None
    twice = http.post(url(postit, "signaler"), {"reason": "Encore"}, htmx=True)
    assert twice.status_code == 409 and count(Report) == 1


def test_reporting_my_own_note_is_refused(login_as, ward, people):
    postit = note(ward, people["author"])
    http = login_as(people["author"])
    response = http.post(url(postit, "signaler"), {"reason": "Je me trompe"}, htmx=True)
    assert response.status_code == 422
    assert "votre propre post-it" in response.get_data(as_text=True)
    assert http.get(url(postit, "signaler")).status_code == 403
    assert count(Report) == 0


# --- the author's 15 minutes ---------------------------------------------------------


def test_author_edits_and_deletes_within_15_minutes(login_as, ward, people):
    postit = note(ward, people["author"], created_at=utcnow() - timedelta(minutes=10))
    postit_id = postit.id
    http = login_as(people["author"])
    form = http.get(url(postit, "modifier"), htmx=True)
    assert form.status_code == 200 and "Enregistrer" in form.get_data(as_text=True)
    bad = http.post(url(postit, "modifier"), {"kind": "need", "text": ""}, htmx=True)
    assert bad.status_code == 422
    ok = http.post(url(postit, "modifier"), {"kind": "need", "text": "Corrigé"}, htmx=True)
    assert ok.status_code == 200 and "Corrigé" in ok.get_data(as_text=True)
    db.session.refresh(postit)
    assert (postit.kind, postit.text) == ("need", "Corrigé") and postit.edited_at is not None
    assert login_as(people["colleague"]).post(url(postit, "supprimer")).status_code == 403
    gone = http.post(url(postit, "supprimer"), htmx=True)
    assert gone.status_code == 200 and f'id="postit-{postit_id}"' not in gone.get_data(as_text=True)
    assert count(PostIt) == 0


def test_after_15_minutes_the_author_can_only_withdraw(login_as, ward, people):
    postit = note(ward, people["author"], created_at=utcnow() - timedelta(minutes=16))
    http = login_as(people["author"])
    assert http.get(url(postit, "modifier")).status_code == 403
    assert http.post(url(postit, "modifier"), {"kind": "idea", "text": "Trop tard"}).status_code == 403
    refused = http.post(url(postit, "supprimer"), htmx=True)
    assert refused.status_code == 422 and "15\u00a0minutes" in refused.get_data(as_text=True)
    withdrawn = http.post(url(postit, "retirer"), htmx=True)
    assert withdrawn.status_code == 200 and "Masqué" in withdrawn.get_data(as_text=True)
    db.session.refresh(postit)
    assert postit.hidden and postit.text == "Une fontaine à eau en salle de pause"
    assert login_as(people["colleague"]).get(url(postit)).status_code == 404


# --- status and answer ---------------------------------------------------------------


def test_status_and_answer_set_by_an_admin_and_the_author_is_told(login_as, ward, people):
    postit = note(ward, people["author"])
    member = login_as(people["colleague"])
    assert member.get(url(postit, "statut")).status_code == 403
    assert member.post(url(postit, "statut"), {"status": "adopted"}).status_code == 403
    db.session.refresh(postit)
    assert postit.status == "new"
    http = login_as(people["admin"])
    bad = http.post(url(postit, "statut"), {"status": "peut-etre"}, htmx=True)
    assert bad.status_code == 422 and "Choisissez un statut" in bad.get_data(as_text=True)
    answer = "Adoptée : on commande la fontaine."
    ok = http.post(url(postit, "statut"), {"status": "adopted", "answer": answer}, htmx=True)
    assert ok.status_code == 200 and answer in ok.get_data(as_text=True)
    db.session.refresh(postit)
    assert (postit.status, postit.answer) == ("adopted", answer)
    told = db.session.scalar(select(Notification).where(Notification.person_id == people["author"].id))
    assert told.kind == "postit.status" and "Adopté" in told.text and answer in told.text
    assert (
        db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == postit.id))
        == "postit.status"
    )
    # The author sees the answer under the note.
    assert answer in login_as(people["author"]).get(BOARD).get_data(as_text=True)


def test_thanks_have_no_status(login_as, ward, people):
    postit = note(ward, people["author"], kind="thanks")
    assert login_as(people["admin"]).get(url(postit, "statut")).status_code == 403


# --- another ward, hidden notes -------------------------------------------------------


@pytest.mark.usefixtures("ward")
def test_notes_of_another_ward_are_404(login_as, make, other_ward, people):
    stranger = make.person(ward=other_ward)
    theirs = note(other_ward, stranger, "Chez les voisins")
    http = login_as(people["admin"])
    assert http.get(url(theirs)).status_code == 404
    assert http.post(url(theirs, "soutien"), {"on": "1"}).status_code == 404
    assert http.post(url(theirs, "signaler"), {"reason": "x"}).status_code == 404
    assert http.post(url(theirs, "statut"), {"status": "done"}).status_code == 404
    hide = f"/s/hematologie/admin/moderation/post-it/{theirs.id}/masquer"
    assert http.post(hide, {"reason": "respect"}).status_code == 404
    assert http.get(BOARD + "99999").status_code == 404
    db.session.refresh(theirs)
    assert not theirs.hidden and theirs.status == "new" and count(PostItSupport) == 0


@pytest.mark.usefixtures("ward", "people")
def test_outsiders_and_visitors_are_kept_out(client, login_as, make, other_ward):
    outsider = make.person(ward=other_ward)
    assert login_as(outsider).get(BOARD).status_code == 403
    assert client.get(BOARD).status_code == 302


# --- moderation ---------------------------------------------------------------------


MODERATION = "/s/hematologie/admin/moderation"


def test_moderation_queue_lists_reported_and_recent_notes(login_as, ward, people):
    note(ward, people["author"], "Tout récent")
    old_reported = note(ward, people["author"], "Ancien signalé", created_at=utcnow() - timedelta(days=40))
    note(ward, people["author"], "Ancien tranquille", created_at=utcnow() - timedelta(days=40))
    note(ward, people["author"], "Déjà vu", reviewed_at=utcnow())
    db.session.add(add_report(old_reported, people["colleague"], "Hors charte"))
    db.session.commit()
    assert login_as(people["colleague"]).get(MODERATION).status_code == 403
    page = login_as(people["admin"]).get(MODERATION).get_data(as_text=True)
    assert "Tout récent" in page and "Ancien signalé" in page and "Hors charte" in page
    assert "Ancien tranquille" not in page and "Déjà vu" not in page
    assert page.index("Ancien signalé") < page.index("Tout récent")  # reported first


def test_hide_needs_a_reason_is_audited_tells_the_author_and_keeps_the_note(login_as, ward, people):
    postit = note(ward, people["author"], "À masquer")
    http = login_as(people["admin"])
    hide = f"{MODERATION}/post-it/{postit.id}/masquer"
    refused = http.post(hide, {"reason": ""}, htmx=True)
    assert refused.status_code == 422 and "Choisissez la raison" in refused.get_data(as_text=True)
    other = http.post(hide, {"reason": "other", "detail": ""}, htmx=True)
    assert other.status_code == 422
    db.session.refresh(postit)
    assert not postit.hidden
    done = http.post(hide, {"reason": "respect", "detail": "Merci de reformuler."}, htmx=True)
    assert done.status_code == 200 and "Rétablir" in done.get_data(as_text=True)
    db.session.refresh(postit)
    assert postit.hidden and postit.hidden_reason == "Propos irrespectueux ou blessants. Merci de reformuler."
    assert count(PostIt) == 1  # kept, never deleted
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "moderation.hidden"))
    assert (
        entry.actor_id == people["admin"].id and entry.target_id == postit.id and "reformuler" in entry.reason
    )
    told = db.session.scalar(select(Notification).where(Notification.person_id == people["author"].id))
    assert told.kind == "moderation.hidden" and "reformuler" in told.text
    # Gone for colleagues, still there for its author and the moderators.
    assert "À masquer" not in login_as(people["colleague"]).get(BOARD).get_data(as_text=True)
    assert login_as(people["colleague"]).get(url(postit)).status_code == 404
    assert "À masquer" in login_as(people["author"]).get(BOARD).get_data(as_text=True)
    again = http.post(hide, {"reason": "respect"}, htmx=True)
    assert again.status_code == 409


def test_restore_and_keep(login_as, ward, people):
    hidden = note(ward, people["author"], "Masqué", hidden=True, hidden_reason="x", hidden_at=utcnow())
    fine = note(ward, people["colleague"], "Très bien")
    http = login_as(people["manager"])
    restored = http.post(f"{MODERATION}/post-it/{hidden.id}/retablir", {"reason": ""}, htmx=True)
    assert restored.status_code == 200
    db.session.refresh(hidden)
    assert not hidden.hidden
    assert db.session.scalar(select(AuditEntry.reason).where(AuditEntry.action == "moderation.restored"))
    assert count(Notification, Notification.kind == "moderation.restored") == 1
    kept = http.post(f"{MODERATION}/post-it/{fine.id}/garder", htmx=True)
    assert kept.status_code == 200 and "gardé" in kept.get_data(as_text=True)
    db.session.refresh(fine)
    assert fine.reviewed_at is not None
    assert "Très bien" not in http.get(MODERATION).get_data(as_text=True)


def test_keep_all_leaves_reported_notes_in_the_queue(login_as, ward, people):
    calm = note(ward, people["author"], "Calme")
    reported = note(ward, people["author"], "Signalé")
    sensitive = note(ward, people["author"], "Chambre 12", looks_sensitive=True)
    db.session.add(add_report(reported, people["colleague"], "x"))
    db.session.commit()
    response = login_as(people["admin"]).post(f"{MODERATION}/garder-les-autres")
    assert response.status_code == 303
    for postit, reviewed in ((calm, True), (reported, False), (sensitive, False)):
        db.session.refresh(postit)
        assert (postit.reviewed_at is not None) is reviewed


def test_moderation_services_refuse_members(ward, people):
    postit = note(ward, people["author"])
    with pytest.raises(DomainError):
        moderation.hide(postit, by=people["colleague"], reason="Non")
    with pytest.raises(DomainError):
        services.set_status(postit, by=people["colleague"], status="done")


# --- a fixed number of queries ---------------------------------------------------------


def _fill(ward, people, n):
    authors = [people[name] for name in ("author", "colleague", "admin", "manager")]
    for i in range(n):
        postit = note(
            ward, authors[i % 4], f"Note {i}", anonymous=i % 3 == 0, kind=("idea", "need", "thanks")[i % 3]
        )
        for supporter in authors[: i % 4]:
            if supporter.id != postit.author_id:
                db.session.add(PostItSupport(postit_id=postit.id, person_id=supporter.id))
        db.session.add(add_report(postit, authors[(i + 1) % 4], "r"))
    db.session.commit()


@pytest.mark.parametrize(
    ("path", "who", "htmx"),
    [
        (BOARD, "colleague", False),
        (BOARD, "admin", False),
        (BOARD + "?vue=colonnes", "colleague", False),
        (BOARD + "?type=idea", "colleague", True),
        (MODERATION, "admin", False),
    ],
)
def test_query_count_does_not_grow_with_the_notes(login_as, ward, people, path, who, htmx):
    http = login_as(people[who])
    counts = []
    for n in (5, 45):  # 5 notes, then 50
        _fill(ward, people, n)
        with count_queries() as statements:
            response = http.get(path, htmx=htmx)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= (6 if htmx else 12), counts
