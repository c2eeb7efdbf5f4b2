"""Foundation routes: public pages, accounts, ward home, ward admin, platform."""

from tests.matrix import PERSONAS, Route, everyone, ward_admin_page, ward_page

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
    ("public.home", "GET"): Route(everyone(200)),
    ("public.health", "GET"): Route(everyone(200)),
    ("public.know", "GET"): Route(everyone(200)),
    ("public.guides", "GET"): Route(everyone(200)),
    ("public.guide", "GET"): Route(everyone(200), params={"slug": "devenir-bienveillant"}),
    ("public.guide_step", "GET"): Route(everyone(200), params={"slug": "devenir-bienveillant", "step": 2}),
    ("public.toggle_item", "POST"): Route(
        {**everyone(303), "visitor": 302},
        params={"slug": "devenir-bienveillant", "step": 2, "item": "2-1"},
    ),
    ("auth.login", "GET"): Route(VISITORS_ONLY),
    ("auth.logout", "POST"): Route({**everyone(303), "visitor": 302}),
    ("auth.confirm", "GET"): Route(LOGGED_IN_ONLY),
    ("auth.register", "GET"): Route(VISITORS_ONLY),
    ("auth.invitation", "GET"): Route(everyone(200), params={"token": "invitation_token"}),
    ("auth.account", "GET"): Route(LOGGED_IN_ONLY),
    ("wards.home", "GET"): Route(ward_page()),
    ("wards.join", "GET"): Route(
        {"visitor": 302, "outsider": 200, "member": 302, "admin": 302, "manager": 302, "platform": 200},
    ),
    ("ward_admin.index", "GET"): Route(ward_admin_page()),
    ("ward_admin.requests", "GET"): Route(ward_admin_page()),
    ("ward_admin.accept_request", "POST"): Route(ward_admin_page(303), params={"request_id": "join_request"}),
    ("ward_admin.refuse", "POST"): Route(
        ward_admin_page(303),
        params={"request_id": "join_request"},
        data={"reason": "Pas dans le service"},
    ),
    ("ward_admin.invitations", "GET"): Route(ward_admin_page()),
    ("ward_admin.revoke", "POST"): Route(ward_admin_page(303), params={"invitation_id": "invitation"}),
    ("platform.vigilance", "GET"): Route(PLATFORM_ONLY),
    ("platform.edit_vigilance", "POST"): Route(
        {**PLATFORM_ONLY, "platform": 303},
        params={"item_id": "vigilance_item"},
        data={"text": ""},  # refused: the reference checklist is never changed here,
    ),
    ("platform.index", "GET"): Route(
        {"visitor": 302, "outsider": 403, "member": 403, "admin": 403, "manager": 403, "platform": 200}
    ),
    # The POSTs below send an empty form unless said: past the gate, the form answers 422.
    ("auth.account", "POST"): Route({**LOGGED_IN_ONLY, **dict.fromkeys(PERSONAS[1:], 422)}),
    ("auth.confirm", "POST"): Route({**LOGGED_IN_ONLY, **dict.fromkeys(PERSONAS[1:], 422)}),
    # A logged-in person accepts the invitation with a tap (303); a visitor must fill the form.
    ("auth.invitation", "POST"): Route(
        {**everyone(303), "visitor": 422}, params={"token": "invitation_token"}
    ),
    # A wrong password is answered the same to anyone (the GET sends the logged-in away);
    # the attempt is recorded (login_event), nothing else changes.
    ("auth.login", "POST"): Route(
        everyone(422), data={"matricule": "T99999", "password": "Pas le bon mot de passe"}
    ),
    ("auth.register", "POST"): Route({**VISITORS_ONLY, "visitor": 422}),
    ("platform.index", "POST"): Route({**PLATFORM_ONLY, "platform": 422}),
    ("platform.vigilance", "POST"): Route({**PLATFORM_ONLY, "platform": 422}),
    ("ward_admin.invitations", "POST"): Route(ward_admin_page(200)),  # the new link is shown
    # Outsiders ask to join (303); members are already in (302 to the ward).
    ("wards.join", "POST"): Route(
        {"visitor": 302, "outsider": 303, "member": 302, "admin": 302, "manager": 302, "platform": 303}
    ),
}
