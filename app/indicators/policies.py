"""Who sees the ward's indicators, and who may answer the platform questionnaire."""

from app.policies import can_administer_ward, can_manage_platform, can_view_ward


def can_see_indicators(person, ward) -> bool:
    """The ward's admins and manager, and the platform admin (figures, never names)."""
    return can_administer_ward(person, ward) or can_manage_platform(person)


def can_answer_survey(person, ward) -> bool:
    """Any member of the ward, from the ward's space (once a half-year: see services)."""
    return can_view_ward(person, ward)
