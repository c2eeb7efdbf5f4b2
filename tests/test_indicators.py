"""Indicators for the reflective review: exact figures on a small known ward, the below-5
rule, the period form, the CSV, who may see them, a fixed number of queries, and the
platform questionnaire."""

import csv
import html
import io
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import ConflictError
from app.core.timefmt import paris_to_utc
from app.extensions import db
from app.indicators import services
from app.indicators.charts import bar_chart, line_chart
from app.indicators.periods import Period, preset, read_period, today_paris
from app.indicators.routes import csv_cell
from app.models import (
    Activity,
    Comment,
    Membership,
    PostIt,
    Publication,
    PublicationThanks,
    SignUp,
    Slot,
    SlotFeedback,
    SurveyAnswer,
    SurveyTurn,
)
from tests.conftest import count_queries
from tests.factories import utc

SEPTEMBER = {"periode": "dates", "du": "2026-09-01", "au": "2026-09-30"}
EARLY = utc(2026, 1, 1)  # stored UTC


def at(day: str, hour: int = 14, minute: int = 0) -> datetime:
    """A Paris wall-clock time as the UTC we store."""
    return paris_to_utc(datetime.combine(date.fromisoformat(day), time(hour, minute)))


def slot(activity, day, *, capacity=4, status="open", hour=14, signs=()):
    """A slot and its sign-ups: (person, status, attended)."""
    start = at(day, hour)
    row = Slot(
        ward_id=activity.ward_id,
        activity_id=activity.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
        capacity=capacity,
        taken=sum(1 for _p, s, _a in signs if s == "confirmed"),
        waiting=sum(1 for _p, s, _a in signs if s == "waiting"),
        status=status,
    )
    db.session.add(row)
    db.session.flush()
    for person, sign_status, attended in signs:
        db.session.add(
            SignUp(
                slot_id=row.id,
                person_id=person.id,
                status=sign_status,
                attended=attended,
                created_at=start - timedelta(days=1),
            )
        )
    db.session.flush()
    return row


def feedback(the_slot, person, rating, comment=""):
    db.session.add(
        SlotFeedback(
            slot_id=the_slot.id,
            activity_id=the_slot.activity_id,
            person_id=person.id,
            rating=rating,
            comment=comment,
            created_at=the_slot.ends_at + timedelta(hours=1),
        )
    )


def postit(ward, author, kind, created, status="new", answered=None, hidden=False, text="Une note"):
    db.session.add(
        PostIt(
            ward_id=ward.id,
            author_id=author.id,
            kind=kind,
            text=text,
            status=status,
            status_at=at(answered) if answered else None,
            created_at=at(created, 10),
            hidden=hidden,
        )
    )


def publication(ward, author, kind, published, status="published"):
    row = Publication(
        ward_id=ward.id,
        author_id=author.id,
        kind=kind,
        title=f"Publication {kind}",
        body="Texte",
        status=status,
        created_at=at(published, 9),
        updated_at=at(published, 9),
        published_at=at(published, 9) if status == "published" else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def scene(make):
    """Hématologie: 12 active members (7 IDE, 3 AS, 1 ASH, 1 cadre), September 2026
    compared with August 2026."""
    ward = make.ward("hematologie", "Hématologie")
    other = make.ward("oncologie", "Oncologie")
    manager = make.person(ward=ward, role="manager", job="cadre", first_name="Sophie")
    admin = make.person(ward=ward, role="admin", job="ide", first_name="Nadia")
    ide = [make.person(ward=ward, job="ide", first_name=f"Ide{n}") for n in range(1, 7)]
    aides = [make.person(ward=ward, job="as", first_name=f"As{n}") for n in range(1, 4)]
    ash = make.person(ward=ward, job="ash", first_name="Ash")
    outsider = make.person(ward=other, job="ide")
    for membership in db.session.scalars(select(Membership)):
        membership.created_at = EARLY
    massage = Activity(ward_id=ward.id, name="Massage minute", status="active")
    reading = Activity(ward_id=ward.id, name="Coin lecture", status="active")
    elsewhere = Activity(ward_id=other.id, name="Ailleurs", status="active")
    db.session.add_all([massage, reading, elsewhere])
    db.session.flush()
    i1, i2, i3, i4, i5, i6 = ide
    a1, a2, a3 = aides
    # September
    s1 = slot(
        massage,
        "2026-09-08",
        signs=[
            (i1, "confirmed", True),
            (i2, "confirmed", True),
            (i3, "confirmed", False),
            (a1, "cancelled", None),
        ],
    )
    slot(
        massage,
        "2026-09-15",
        capacity=2,
        signs=[(i1, "confirmed", True), (i4, "confirmed", True), (a2, "waiting", None)],
    )
    s3 = slot(
        reading,
        "2026-09-22",
        capacity=8,
        hour=12,
        signs=[
            (i5, "confirmed", True),
            (i6, "confirmed", True),
            (a1, "confirmed", True),
            (a2, "confirmed", None),
        ],
    )
    slot(reading, "2026-09-29", capacity=8, hour=12, status="cancelled")
    # August, and July (outside both periods), and another ward
    s0 = slot(massage, "2026-08-20", signs=[(i1, "confirmed", True), (a1, "confirmed", True)])
    slot(massage, "2026-07-01", signs=[(i2, "confirmed", True)])
    slot(elsewhere, "2026-09-10", signs=[(outsider, "confirmed", True)])
    feedback(s1, i1, 5, "Super moment, merci")
    feedback(s1, i2, 4)
    feedback(s3, i5, 3, "Trop court")
    feedback(s0, i1, 2)
    postit(ward, admin, "idea", "2026-09-02", "adopted", "2026-09-04", text="Une bouilloire pour la nuit")
    postit(ward, i1, "need", "2026-09-10", "study", "2026-09-11")
    postit(ward, i1, "thanks", "2026-09-12")
    postit(ward, i1, "question", "2026-09-03", "done", "2026-09-13")
    postit(ward, i1, "idea", "2026-09-14", hidden=True)
    postit(ward, a3, "idea", "2026-08-25", "adopted", "2026-09-05", text="Un tableau blanc")
    article = publication(ward, manager, "article", "2026-09-05")
    publication(ward, manager, "info", "2026-09-20")
    quote = publication(ward, manager, "quote", "2026-08-10")
    publication(ward, i1, "deal", "2026-09-06", status="submitted")
    for author, day, hidden in (
        (i2, "2026-09-06", False),
        (i2, "2026-09-07", False),
        (i1, "2026-09-08", True),
    ):
        db.session.add(
            Comment(
                ward_id=ward.id,
                target_type="publication",
                target_id=article.id,
                author_id=author.id,
                body="Bravo",
                created_at=at(day),
                hidden=hidden,
            )
        )
    for person in (i1, i2, a1):
        db.session.add(PublicationThanks(publication_id=article.id, person_id=person.id, at=at("2026-09-06")))
    db.session.add(PublicationThanks(publication_id=quote.id, person_id=ash.id, at=at("2026-08-12")))
    for useful, easy in ((4, 3), (3, 3), (4, 4), (2, 1)):
        db.session.add(
            SurveyAnswer(
                ward_id=ward.id, half_year="2026-S2", answered_on=date(2026, 9, 15), useful=useful, easy=easy
            )
        )
    db.session.commit()
    return {"ward": ward, "manager": manager, "admin": admin, "ide": ide, "aides": aides, "massage": massage}


def september(ward):
    period, errors = read_period(SEPTEMBER)
    assert errors == {}
    return services.compute(ward, period)


def figure(ind, label):
    return next(f for f in ind.figures if f.label == label)


# --- the figures ---------------------------------------------------------------------------


def test_participation_and_slots_figures(scene):
    ind = september(scene["ward"])
    assert ind.period == Period(date(2026, 9, 1), date(2026, 9, 30))
    assert ind.period.previous == Period(date(2026, 8, 2), date(2026, 8, 31))
    expected = {
        "Inscriptions": (9, 2),
        "Présences notées": (7, 2),
        "Participant·es différent·es": (7, 2),  # Ide3, marked absent, is not one
        "Part des membres du service": (58.3, 16.7),  # of 12 active members
        "Taux de remplissage des créneaux": (64.3, 50.0),  # 9 / 14 and 2 / 4 places
        "Absences signalées": (1, 0),
        "Créneaux annulés ou gelés": (1, 0),
        "En liste d'attente": (1, 0),
        "Note moyenne des retours": (4.0, 2.0),
    }
    for label, (now, before) in expected.items():
        f = figure(ind, label)
        assert (f.now, f.before) == (now, before), label


def test_weeks_and_activities(scene):
    ind = september(scene["ward"])
    assert [w["label"] for w in ind.weeks] == ["31 août", "7 sept.", "14 sept.", "21 sept.", "28 sept."]
    assert [(w["sign_ups"], w["attended"]) for w in ind.weeks] == [(0, 0), (3, 2), (2, 2), (4, 3), (0, 0)]
    by_name = {a["name"]: a for a in ind.activities}
    assert set(by_name) == {"Coin lecture", "Massage minute"}  # not the other ward's
    massage = by_name["Massage minute"]
    assert (massage["slots"], massage["sign_ups"], massage["sign_ups_before"]) == (2, 5, 2)
    assert (massage["attended"], massage["absent"], massage["people"], massage["fill"]) == (4, 1, 3, 83.3)
    assert (massage["waiting"], massage["off"]) == (1, 0)
    reading = by_name["Coin lecture"]
    assert (reading["slots"], reading["sign_ups"], reading["people"], reading["fill"], reading["off"]) == (
        2,
        4,
        4,
        50.0,
        1,
    )


def test_feedback_postits_publications_and_activity(scene):
    ind = september(scene["ward"])
    expected = {
        "Post-it déposés": (4, 1),  # the hidden one is not counted
        "Délai médian de réponse aux post-it": (2.2, 11.2),  # 2, 1, 10 days and 4 h; 11 days 4 h
        "Idées adoptées ou réalisées": (3, 0),  # by the date of the decision
        "Publications": (2, 1),  # published only
        "Commentaires": (2, 0),
        "Mercis": (3, 1),
        "Membres actifs sur la période": (10, 5),
    }
    for label, (now, before) in expected.items():
        f = figure(ind, label)
        assert (f.now, f.before) == (now, before), label
    feedback = {f["name"]: f for f in ind.feedback}
    assert feedback["Massage minute"]["average"] == 4.5
    assert feedback["Massage minute"]["average_before"] == 2.0
    assert feedback["Massage minute"]["counts"] == [0, 0, 0, 1, 1]
    assert feedback["Coin lecture"]["average"] == 3.0
    assert [c["comment"] for c in ind.feedback_comments] == ["Trop court", "Super moment, merci"]
    statuses = {label: (now, before) for label, now, before in ind.postits["statuses"]}
    assert statuses == {
        "Nouveau": (1, 0),
        "À l'étude": (1, 0),
        "Adopté": (1, 1),
        "Réalisé": (1, 0),
        "Non retenu": (0, 0),
    }
    assert [i["text"] for i in ind.ideas] == ["Une note", "Un tableau blanc", "Une bouilloire pour la nuit"]
    kinds = {label: (now, before) for label, now, before in ind.publications}
    assert kinds["Article"] == (1, 0)
    assert kinds["Info"] == (1, 0)
    assert kinds["Phrase du jour"] == (0, 1)
    assert kinds["Bon plan"] == (0, 0)


def test_no_figure_below_five_people_by_job(scene):
    ind = september(scene["ward"])
    jobs = {j["label"]: j for j in ind.jobs}
    ide = jobs["Infirmier·ère (IDE)"]
    assert (ide["people"], ide["members"], ide["share"]) == (5, 7, 71.4)
    assert ide["people_before"] == "moins de 5"  # 1 in August
    aides = jobs["Aide-soignant·e (AS)"]
    assert (aides["people"], aides["members"], aides["share"]) == ("moins de 5", "moins de 5", None)
    assert jobs["Agent·e de service hospitalier (ASH)"]["people"] == "moins de 5"
    assert jobs["Cadre de santé"]["members"] == "moins de 5"
    rows = ind.tables["metiers"].rows
    assert all(cell not in (1, 2, 3, 4) for row in rows for cell in row[1:4])


def test_a_lone_small_job_hides_the_next_one_too(make):
    """With IDE shown and only AS hidden, the total minus IDE would give AS away."""
    ward = make.ward("cardio")
    people = [make.person(ward=ward, job="ide") for _ in range(6)] + [
        make.person(ward=ward, job="as") for _ in range(6)
    ]
    for membership in db.session.scalars(select(Membership).where(Membership.ward_id == ward.id)):
        membership.created_at = EARLY
    activity = Activity(ward_id=ward.id, name="Sieste flash", status="active")
    db.session.add(activity)
    db.session.flush()
    slot(
        activity, "2026-09-08", capacity=20, signs=[(p, "confirmed", True) for p in people[:6] + people[6:8]]
    )
    db.session.commit()
    ind = services.compute(ward, Period(date(2026, 9, 1), date(2026, 9, 30)))
    jobs = {j["label"]: j for j in ind.jobs}
    assert jobs["Aide-soignant·e (AS)"]["people"] == "moins de 5"
    assert jobs["Infirmier·ère (IDE)"]["people"] == "moins de 5"


# --- the page, its period, who sees it ------------------------------------------------------


def test_the_manager_reads_the_page_with_charts_and_tables(scene, login_as):
    client = login_as(scene["manager"])
    response = client.get("/s/hematologie/admin/indicateurs/?periode=dates&du=2026-09-01&au=2026-09-30")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "du 1 septembre au 30 septembre 2026" in page
    assert page.count('role="img"') == 4
    assert 'aria-labelledby="graphique-semaines-titre graphique-semaines-desc"' in page
    assert '<title id="graphique-semaines-titre">' in page
    assert 'id="tableau-semaines"' in page
    assert "style=" not in page
    assert "moins de 5" in page
    assert "Par équipe (jour, nuit)" in page
    assert "4 réponses au questionnaire" in page  # fewer than 5: not shown
    assert "Super moment, merci" in page


def test_the_platform_admin_sees_them_a_member_does_not(scene, make, login_as):
    platform = make.person(platform_admin=True)
    assert login_as(platform).get("/s/hematologie/admin/indicateurs/").status_code == 200
    member = scene["ide"][0]
    assert login_as(member).get("/s/hematologie/admin/indicateurs/").status_code == 403
    assert login_as(member).get("/s/hematologie/admin/indicateurs/activites.csv").status_code == 403
    assert login_as(member).get("/s/hematologie/admin/indicateurs/imprimer").status_code == 403
    assert login_as(scene["manager"]).get("/s/oncologie/admin/indicateurs/").status_code == 403
    assert login_as(scene["manager"]).get("/s/inconnu/admin/indicateurs/").status_code == 404


def test_the_indicators_ask_a_fresh_authentication(scene, login_as):
    response = login_as(scene["admin"], fresh=False).get("/s/hematologie/admin/indicateurs/")
    assert response.status_code == 303
    assert "/confirmer" in response.headers["Location"] or "confirm" in response.headers["Location"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"periode": "dates", "du": "2026-09-30", "au": "2026-09-01"},
            "La date de fin est avant la date de début.",
        ),
        (
            {"periode": "dates", "du": "2020-01-01", "au": "2026-09-01"},
            "La période ne peut pas dépasser trois ans",
        ),
        (
            {"periode": "dates", "du": "demain", "au": "2026-09-01"},
            "«\u00a0demain\u00a0» n'est pas une date valide",
        ),
        ({"periode": "dates", "du": "", "au": ""}, "Indiquez la date de début."),
        ({"periode": "siecle"}, "Choisissez une des périodes proposées."),
        ({"periode": "dates", "du": "31/02/2026", "au": "2026-09-01"}, "n'est pas une date valide"),
    ],
)
def test_a_bad_period_shows_the_form_again_in_french(scene, login_as, args, message):
    client = login_as(scene["manager"])
    query = "&".join(f"{k}={v}" for k, v in args.items())
    for url in ("/s/hematologie/admin/indicateurs/", "/s/hematologie/admin/indicateurs/chiffres.csv"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 422
        page = html.unescape(response.get_data(as_text=True))
        assert message in page
        assert 'role="alert"' in page
        if args.get("du"):
            assert f'value="{args["du"]}"' in page  # what was typed is kept


def test_an_unknown_indicator_is_a_404(scene, login_as):
    client = login_as(scene["manager"])
    assert client.get("/s/hematologie/admin/indicateurs/salaires.csv").status_code == 404
    # the questionnaire's table exists only from 5 answers
    assert (
        client.get("/s/hematologie/admin/indicateurs/questionnaire.csv?" + _query(SEPTEMBER)).status_code
        == 404
    )


def _query(args):
    return "&".join(f"{k}={v}" for k, v in args.items())


def test_presets():
    today = date(2026, 12, 1)
    assert preset("mois", today) == Period(date(2026, 12, 1), today, "mois")
    assert preset("trimestre", today) == Period(date(2026, 9, 2), today, "trimestre")
    assert preset("annee", today) == Period(date(2025, 12, 2), today, "annee")
    assert preset("trimestre", date(2026, 5, 31)).start == date(2026, 3, 1)  # no 31 February
    assert preset("annee", today).weekly is False  # drawn month by month


# --- CSV --------------------------------------------------------------------------------------


def test_csv_opens_in_french_with_accents_and_columns(scene, login_as):
    client = login_as(scene["manager"])
    response = client.get("/s/hematologie/admin/indicateurs/activites.csv?" + _query(SEPTEMBER))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "indicateurs-hematologie-activites-2026-09-01-2026-09-30.csv" in disposition
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Activité", "Créneaux", "Inscriptions"]
    assert "Taux de remplissage (%)" in rows[0]
    assert ["Massage minute", "2", "5", "2", "4", "1", "3", "83,3", "1", "0"] in rows


def test_csv_neutralises_formulas(scene, login_as):
    scene["massage"].name = '=HYPERLINK("http://x")'
    db.session.commit()
    client = login_as(scene["manager"])
    text = (
        client.get("/s/hematologie/admin/indicateurs/activites.csv?" + _query(SEPTEMBER))
        .get_data()
        .decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any(row[0] == '\'=HYPERLINK("http://x")' for row in rows)
    for value, expected in (
        ("+33 6", "'+33 6"),
        ("-rm", "'-rm"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcache", "'\tcache"),
        ("-3", "-3"),
        (-3, "-3"),
        ("12,5", "12,5"),
        (12.5, "12,5"),
        ("Équipe", "Équipe"),
        (None, ""),
    ):
        assert csv_cell(value) == expected


def test_every_table_of_the_page_exports(scene, login_as):
    client = login_as(scene["manager"])
    for name in ("chiffres", "semaines", "activites", "metiers", "retours", "postits", "publications"):
        response = client.get(f"/s/hematologie/admin/indicateurs/{name}.csv?" + _query(SEPTEMBER))
        assert response.status_code == 200, name
        assert response.get_data().decode("utf-8-sig").count("\r\n") >= 2, name
    metiers = client.get("/s/hematologie/admin/indicateurs/metiers.csv?" + _query(SEPTEMBER)).get_data()
    assert "moins de 5" in metiers.decode("utf-8-sig")


# --- a fixed number of queries ----------------------------------------------------------------


def _grow(ward, people, weeks):
    activity = db.session.scalar(select(Activity).where(Activity.ward_id == ward.id))
    for week in range(weeks):
        day = (date(2026, 6, 1) + timedelta(days=7 * week)).isoformat()
        s = slot(activity, day, capacity=10, signs=[(p, "confirmed", True) for p in people])
        for p in people[:3]:
            feedback(s, p, 4, "Bien")
        postit(ward, people[0], "idea", day, "adopted", day)
        publication(ward, people[1], "info", day)
    db.session.commit()


def test_the_page_runs_a_fixed_number_of_queries(scene, login_as):
    client = login_as(scene["manager"])
    url = "/s/hematologie/admin/indicateurs/?periode=dates&du=2026-06-01&au=2026-09-30"
    client.get(url)  # warm: the session, the ward
    with count_queries() as small:
        assert client.get(url).status_code == 200
    _grow(scene["ward"], scene["ide"] + scene["aides"], weeks=16)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    with count_queries() as statements:
        services.compute(scene["ward"], Period(date(2026, 6, 1), date(2026, 9, 30)))
    assert len(statements) == services.QUERIES
    assert db.session.scalar(select(func.count(Slot.id))) > 20


def test_the_print_summary(scene, login_as):
    response = login_as(scene["manager"]).get(
        "/s/hematologie/admin/indicateurs/imprimer?" + _query(SEPTEMBER)
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Décisions prises" in page
    assert "Une bouilloire pour la nuit" in page
    assert page.count('role="img"') == 3
    assert "print-indicators.css" in page
    assert "style=" not in page


# --- the platform questionnaire ------------------------------------------------------------------


def test_a_member_answers_once_a_half_year_anonymously(scene, login_as):
    member = scene["ide"][0]
    client = login_as(member)
    assert client.get("/s/hematologie/avis-plateforme/").status_code == 200
    bad = client.post("/s/hematologie/avis-plateforme/", {"useful": "9", "missing": "x" * 600})
    assert bad.status_code == 422
    assert "x" * 600 in bad.get_data(as_text=True)
    response = client.post(
        "/s/hematologie/avis-plateforme/",
        {"useful": "4", "easy": "3", "missing": "Un rappel avant le créneau", "remark": ""},
    )
    assert response.status_code == 303
    assert db.session.scalar(select(func.count(SurveyTurn.id)).where(SurveyTurn.person_id == member.id)) == 1
    answer = db.session.scalar(
        select(SurveyAnswer).where(SurveyAnswer.missing == "Un rappel avant le créneau")
    )
    assert not hasattr(answer, "person_id")
    again = client.post("/s/hematologie/avis-plateforme/", {"useful": "1", "easy": "1"})
    assert again.status_code == 200  # the page says it is already done
    assert "déjà donné votre avis" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SurveyAnswer.id))) == 5
    with pytest.raises(ConflictError):
        services.answer_survey(scene["ward"], by=member, day=today_paris(), useful=1, easy=1)


def test_answers_show_from_five(scene):
    ward = scene["ward"]
    assert september(ward).survey["shown"] is False
    db.session.add(
        SurveyAnswer(
            ward_id=ward.id,
            half_year="2026-S2",
            answered_on=date(2026, 9, 20),
            useful=3,
            easy=2,
            remark="Pratique",
        )
    )
    db.session.commit()
    survey = september(ward).survey
    assert survey["shown"] is True
    assert survey["answers"] == 5
    assert survey["useful"] == [0, 1, 2, 2]
    assert survey["easy"] == [1, 1, 2, 1]
    assert survey["useful_positive"] == 80.0
    assert survey["remarks"] == ["Pratique"]
    assert "questionnaire" in september(ward).tables


def test_half_years():
    assert services.half_year_of(date(2026, 6, 30)) == "2026-S1"
    assert services.half_year_of(date(2026, 7, 1)) == "2026-S2"


# --- the charts --------------------------------------------------------------------------------


def test_charts_are_accessible_svg_that_escape_names():
    bars = bar_chart(
        "essai",
        "Titre : barres",
        "Description",
        ["<script>alert(1)</script>", "Coin lecture"],
        [("Inscriptions", [3, 0]), ("Présences", [2, 0])],
    )
    assert "<script>" not in bars
    assert "&lt;script&gt;" in bars
    assert 'role="img" aria-labelledby="essai-titre essai-desc"' in bars
    assert '<title id="essai-titre">Titre\u00a0: barres</title>' in bars
    assert "url(#essai-hachures)" in bars  # the second series is hatched, not only coloured
    assert "style" not in bars
    line = line_chart(
        "ligne", "Titre", "Description", ["7 sept.", "14 sept."], [("A", [1, 4]), ("B", [0, 2])]
    )
    assert 'stroke-dasharray="7 5"' in line  # the second line is dashed
    assert "<rect" in line  # and has square markers
    assert "style" not in line


def test_the_questionnaire_is_linked_from_the_ward_and_the_account(scene, login_as):
    client = login_as(scene["ide"][0])
    assert "/s/hematologie/avis-plateforme/" in client.get("/s/hematologie/").get_data(as_text=True)
    assert "/s/hematologie/avis-plateforme/" in client.get("/moi").get_data(as_text=True)
