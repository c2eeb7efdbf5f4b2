"""Who keeps a ward's shifts."""

from app import policies


def can_manage_shifts(person, ward) -> bool:
    """The ward's admins and its manager define the shifts and their usual breaks."""
    return policies.can_administer_ward(person, ward)
