"""Links that are stored (notifications) or printed: always built from the routes with
`url_for`, never written as paths by hand, so renaming a URL cannot leave dead links."""

from flask import current_app, has_request_context, url_for


def link_to(endpoint: str, **values) -> str:
    """The site-relative link to a page, e.g. ``link_to("feed.detail", ward_slug=…, publication_id=…)``.

    Inside a request this is `url_for`. Outside one (a command, a service called from a test)
    Flask's `url_for` would need SERVER_NAME; a relative path needs no host, so it is built
    from the same URL map, under the application root."""
    if has_request_context():
        return url_for(endpoint, **values)
    anchor = values.pop("_anchor", None)
    root = current_app.config.get("APPLICATION_ROOT") or "/"
    path = current_app.url_map.bind("localhost", script_name=root).build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path
