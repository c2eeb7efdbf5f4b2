"""The small things that cost a break: "Continuer la proposition" resumes at the step
reached, every step number of the stepper shows on a new proposal, a step with unsaved
changes asks before leaving (the form is marked for static/js/app.js)."""

from app.activities import services


def test_continue_resumes_at_the_first_step_with_something_missing(login_as, people, make, ward):
    author = people["proposer"]
    draft = make.activity(
        ward, name="Café", status="draft", proposer=author, summary="Un café", how_it_runs="Ensemble"
    )
    assert services.step_to_resume(draft) == 2
    draft.duration_minutes, draft.target_break, draft.place, draft.rules = 10, "day_14h", "Office", "Aucune"
    make.vigilance_answers(draft)
    assert services.step_to_resume(draft) == 6
    draft.place = ""
    assert services.step_to_resume(draft) == 3
    page = login_as(author).get("/s/hematologie/activites/mes-propositions").get_data(as_text=True)
    assert f"/s/hematologie/activites/{draft.id}/proposition/3" in page
    assert "(étape 3)" in page


def test_a_new_proposal_shows_every_step_number(login_as, people):
    page = login_as(people["member"]).get("/s/hematologie/activites/proposer").get_data(as_text=True)
    nav = page[page.index('class="steps"') : page.index("</nav>", page.index('class="steps"'))]
    for number in range(1, 7):
        assert f'<span class="step-number">{number}</span>' in nav
    assert nav.count("<li") == 6 and nav.count("<span><span") == 6  # one pill per step


def test_a_step_warns_before_unsaved_changes_are_lost(login_as, people):
    page = login_as(people["member"]).get("/s/hematologie/activites/proposer").get_data(as_text=True)
    assert "data-warn-unsaved" in page
