"""The route × person permission matrix, one module per feature.

Each module defines `ROUTES`: {endpoint: Route(method, url_params, expected)} where
`expected` maps each persona to the status code it must get. `tests/test_permissions.py`
walks every endpoint of the app and fails when one has no row here.

Personas: visitor (not logged in), outsider (member of another ward only), member,
admin, manager (ward manager), platform (platform admin, not a member of the ward).
"""

from dataclasses import dataclass, field

PERSONAS = ("visitor", "outsider", "member", "admin", "manager", "platform")


@dataclass(frozen=True)
class Route:
    method: str
    expected: dict
    params: dict = field(default_factory=dict)  # values or names of objects in the scene
    data: dict = field(default_factory=dict)  # form fields for a POST (CSRF is added)


def everyone(status: int) -> dict:
    return dict.fromkeys(PERSONAS, status)


def ward_page(member: int = 200, admin: int | None = None) -> dict:
    """A page of the ward space: visitors go to log in, non-members are refused."""
    admin = member if admin is None else admin
    return {
        "visitor": 302,
        "outsider": 403,
        "member": member,
        "admin": admin,
        "manager": admin,
        "platform": 403,
    }


def ward_admin_page(ok: int = 200) -> dict:
    """The ward admin space: admins and the ward manager only."""
    return {"visitor": 302, "outsider": 403, "member": 403, "admin": ok, "manager": ok, "platform": 403}
