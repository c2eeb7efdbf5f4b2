"""Indicators (bilan réflexif) and the platform questionnaire."""

from tests.matrix import Route, ward_page

# The ward's admins and manager, and the platform admin (who is not a member).
INDICATORS = {"visitor": 302, "outsider": 403, "member": 403, "admin": 200, "manager": 200, "platform": 200}

ROUTES = {
    "indicators.index": Route("GET", INDICATORS),
    "indicators.print_summary": Route("GET", INDICATORS),
    "indicators.export": Route("GET", INDICATORS, params={"name": "activites"}),
    "survey.answer": Route("GET", ward_page()),
    # An empty questionnaire: every member gets past the gate and is told what is missing.
    ("survey.answer", "POST"): Route(ward_page(422)),
}
