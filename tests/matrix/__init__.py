"""The route × person permission matrix, one module per feature.

Each module defines `ROUTES`, keyed by (endpoint, method):

    ("planner.new_slot", "GET"): Route(KEEPERS),
    ("planner.new_slot", "POST"): Route(KEEPERS_422, data={...}),

The older form, keyed by endpoint with the method in the row, is still read:

    "planner.week": Route("GET", ward_page()),

`expected` maps each persona to the status code it must get. `tests/test_permissions.py`
walks every (endpoint, method) of the app (but HEAD and OPTIONS) and fails when one has no
row here; for every refused POST it also checks that the database did not change.

Personas: visitor (not logged in), outsider (member of another ward only), member,
referent (a member who is referent of the scene's activities), admin, manager (ward
manager), platform (platform admin, not a member of the ward), suspended (a member under a
suspension in force). A row that does not name the referent gives her the member's answer;
a row that does not name the suspended member gives her the member's answer for reads and
for pages outside the ward space, and 403 for every POST of the ward space (nothing
written: the one gate of app/standing.py).
"""

PERSONAS = ("visitor", "outsider", "member", "referent", "admin", "manager", "platform", "suspended")
DERIVED = ("referent", "suspended")  # personas a row may leave out
METHODS = ("GET", "POST")


class Route:
    """One row: `Route(expected, params=..., data=...)`, or `Route("POST", expected, ...)`.

    `params` gives URL values or names of objects in the scene; `data` the form fields of a
    POST (the CSRF token is added).
    """

    def __init__(self, *args, params: dict | None = None, data: dict | None = None):
        if len(args) == 2:
            method, expected = args
        elif len(args) == 1:
            method, expected = None, args[0]
        else:
            raise TypeError("Route(expected) or Route(method, expected)")
        if method is not None and method not in METHODS:
            raise ValueError(f"unknown method {method!r}")
        self.method = method
        self.expected = dict(expected)
        self.expected.setdefault("referent", self.expected.get("member"))
        self.expected.setdefault("suspended", None)  # derived in tests/test_permissions.py
        unknown = set(self.expected) - set(PERSONAS)
        missing = set(PERSONAS) - set(self.expected)
        if unknown or missing:
            raise ValueError(f"personas unknown {sorted(unknown)}, missing {sorted(missing)}")
        self.params = dict(params or {})
        self.data = dict(data or {})

    def __repr__(self) -> str:
        return f"Route({self.method!r}, {self.expected!r}, params={self.params!r})"


def rows(module_routes: dict) -> dict:
    """Both key forms, read as {(endpoint, method): Route}; a row naming two methods fails."""
    keyed = {}
    for key, route in module_routes.items():
        if isinstance(key, tuple):
            endpoint, method = key
            if route.method not in (None, method):
                raise ValueError(f"{key}: the row says {route.method}")
        else:
            endpoint, method = key, route.method
            if method is None:
                raise ValueError(f"{key!r}: an endpoint-only key needs Route(method, expected)")
        keyed[(endpoint, method)] = route
    return keyed


def everyone(status: int) -> dict:
    return dict.fromkeys(PERSONAS, status)


def ward_page(member: int = 200, admin: int | None = None, referent: int | None = None) -> dict:
    """A page of the ward space: visitors go to log in, non-members are refused."""
    admin = member if admin is None else admin
    return {
        "visitor": 302,
        "outsider": 403,
        "member": member,
        "referent": member if referent is None else referent,
        "admin": admin,
        "manager": admin,
        "platform": 403,
    }


def ward_admin_page(ok: int = 200) -> dict:
    """The ward admin space: admins and the ward manager only."""
    return {
        "visitor": 302,
        "outsider": 403,
        "member": 403,
        "referent": 403,
        "admin": ok,
        "manager": ok,
        "platform": 403,
    }


def keepers(ok: int = 200) -> dict:
    """What the referents of the activity, the admins and the manager may do."""
    return {**ward_admin_page(ok), "referent": ok}
