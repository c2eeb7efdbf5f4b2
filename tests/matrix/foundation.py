"""Foundation routes: public pages, accounts, ward home, ward admin, platform."""

from tests.matrix import Route, everyone, ward_admin_page, ward_page

LOGGED_IN_ONLY = {
    "visitor": 302,
    "outsider": 200,
    "member": 200,
    "admin": 200,
    "manager": 200,
    "platform": 200,
}
VISITORS_ONLY = {
    "visitor": 200,
    "outsider": 302,
    "member": 302,
    "admin": 302,
    "manager": 302,
    "platform": 302,
}

PLATFORM_ONLY = {
    "visitor": 302,
    "outsider": 403,
    "member": 403,
    "admin": 403,
    "manager": 403,
    "platform": 200,
}

ROUTES = {
    "public.home": Route("GET", everyone(200)),
    "public.health": Route("GET", everyone(200)),
    "public.know": Route("GET", everyone(200)),
    "public.guides": Route("GET", everyone(200)),
    "public.guide": Route("GET", everyone(200), params={"slug": "devenir-bienveillant"}),
    "public.guide_step": Route("GET", everyone(200), params={"slug": "devenir-bienveillant", "step": 2}),
    "public.toggle_item": Route(
        "POST",
        {**everyone(303), "visitor": 302},
        params={"slug": "devenir-bienveillant", "step": 2, "item": "2-1"},
    ),
    "auth.login": Route("GET", VISITORS_ONLY),
    "auth.logout": Route("POST", {**everyone(303), "visitor": 302}),
    "auth.confirm": Route("GET", LOGGED_IN_ONLY),
    "auth.register": Route("GET", VISITORS_ONLY),
    "auth.invitation": Route("GET", everyone(200), params={"token": "invitation_token"}),
    "auth.account": Route("GET", LOGGED_IN_ONLY),
    "wards.home": Route("GET", ward_page()),
    "wards.join": Route(
        "GET",
        {"visitor": 302, "outsider": 200, "member": 302, "admin": 302, "manager": 302, "platform": 200},
    ),
    "ward_admin.index": Route("GET", ward_admin_page()),
    "ward_admin.requests": Route("GET", ward_admin_page()),
    "ward_admin.accept_request": Route("POST", ward_admin_page(303), params={"request_id": "join_request"}),
    "ward_admin.refuse": Route(
        "POST",
        ward_admin_page(303),
        params={"request_id": "join_request"},
        data={"reason": "Pas dans le service"},
    ),
    "ward_admin.invitations": Route("GET", ward_admin_page()),
    "ward_admin.revoke": Route("POST", ward_admin_page(303), params={"invitation_id": "invitation"}),
    "platform.vigilance": Route("GET", PLATFORM_ONLY),
    "platform.edit_vigilance": Route(
        "POST",
        {**PLATFORM_ONLY, "platform": 303},
        params={"item_id": "vigilance_item"},
        data={"text": ""},  # refused: the reference checklist is never changed here,
    ),
    "platform.index": Route(
        "GET", {"visitor": 302, "outsider": 403, "member": 403, "admin": 403, "manager": 403, "platform": 200}
    ),
}
