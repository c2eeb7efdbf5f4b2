"""The planner and the agenda on a phone: the days first, the tools folded under one
disclosure, past slots "Terminé", a day's agenda in time order (events and slots mixed)."""

from datetime import time, timedelta

from app.core.timefmt import utcnow
from app.planner import services as planner
from tests.factories import at, today


def test_planner_tools_fold_under_one_disclosure_below_the_title(login_as, people, make, ward):
    make.activity(ward, referents=[people["referent"]])
    page = login_as(people["referent"]).get("/s/hematologie/planning/").get_data(as_text=True)
    title = page.index("<h1>Planning des activités</h1>")
    tools = page.index('<details class="tools">')
    grid = page.index('class="week-grid"')
    assert title < tools < grid
    folded = page[tools : page.index("</details>", tools)]
    for control in ('id="activite"', "Ajouter un créneau", "Version imprimable"):
        assert control in folded
    # Outside the fold: the break page and my sign-ups, one tap each.
    head = page[title:tools]
    assert "Pendant ma pause" in head and "Mes inscriptions" in head


def test_the_disclosure_is_open_when_a_filter_is_on(login_as, people, make, ward):
    activity = make.activity(ward)
    page = (
        login_as(people["member"])
        .get(f"/s/hematologie/planning/?activite={activity.id}")
        .get_data(as_text=True)
    )
    assert '<details class="tools" open>' in page and "filtre actif" in page


def test_a_past_slot_is_finished_not_full(login_as, people, make, ward):
    activity = make.activity(ward)
    past = make.slot(activity, starts_at=utcnow() - timedelta(hours=2), capacity=1)
    make.sign_up(past, people["julie"])
    week = planner.week_label(planner.this_monday(today()))
    page = login_as(people["member"]).get(f"/s/hematologie/planning/?semaine={week}").get_data(as_text=True)
    card = page[page.index(f'id="creneau-{past.id}"') :]
    card = card[: card.index("</article>")]
    assert "Terminé" in card and "Complet" not in card and "S'inscrire" not in card


def test_days_gone_by_fold_away_in_this_week(login_as, people, make, ward):
    activity = make.activity(ward)
    yesterday = today() - timedelta(days=1)
    if planner.this_monday(yesterday) != planner.this_monday(today()):
        yesterday = None  # on a Monday, no day of this week is gone by
    if yesterday is not None:
        make.slot(activity, day=yesterday, start=time(10))
    page = login_as(people["member"]).get("/s/hematologie/planning/").get_data(as_text=True)
    assert 'id="aujourdhui"' in page
    if yesterday is not None:
        assert "1 créneau terminé" in page


def test_agenda_items_of_a_day_in_time_order(login_as, people, make, ward):
    activity = make.activity(ward, name="Massage minute")
    day = today() + timedelta(days=3)
    make.event(ward, people["admin"], title="Réunion du soir", starts_at=at(day=day, hour=time(18)))
    make.event(ward, people["admin"], title="Café du matin", starts_at=at(day=day, hour=time(8)))
    make.event(
        ward, people["admin"], title="Journée bien-être", starts_at=at(day=day, hour=time(0)), all_day=True
    )
    make.slot(activity, day=day, start=time(14))
    week = planner.week_label(planner.this_monday(day))
    page = (
        login_as(people["member"]).get(f"/s/hematologie/agenda/semaine?semaine={week}").get_data(as_text=True)
    )
    order = [
        page.index(text)
        for text in ("Journée bien-être", "Café du matin", "Massage minute", "Réunion du soir")
    ]
    assert order == sorted(order)


def test_agenda_tools_fold_under_one_disclosure(login_as, people):
    page = login_as(people["member"]).get("/s/hematologie/agenda/").get_data(as_text=True)
    tools = page.index('<details class="tools">')
    assert page.index("<h1>Agenda du service</h1>") < tools
    folded = page[tools : page.index("</details>", tools)]
    assert "Ajouter un événement" in folded and "S'abonner" in folded
