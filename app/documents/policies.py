"""Who may do what with the ward's shared documents."""

from app.models import Ward
from app.policies import can_administer_ward, can_view_ward


def can_see_documents(person, ward: Ward) -> bool:
    """Every member reads and downloads them."""
    return can_view_ward(person, ward)


def can_manage_documents(person, ward: Ward) -> bool:
    """The admins and the manager add and retire them."""
    return can_administer_ward(person, ward)
