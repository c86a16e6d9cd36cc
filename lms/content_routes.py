"""Published pages found by their URL in one query.

Wagtail routes a request by walking the page tree from the site's root, two queries a level
(the child, then its specific type): six queries before a module page is even read. The URL of
every live page is content that is the same for everyone, so each process keeps the whole map
(`lms.content_cache`, read again when any page changes) and the page is then read by its id.
Anything not in the map (a draft, a page that is gone, a path with arguments) goes to Wagtail's
own routing, which answers as before.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from . import content_cache, page_cache


def _live_pages() -> dict[str, tuple[int, int]]:
    rows = Page.objects.filter(live=True).values_list("url_path", "pk", "content_type_id")
    return {url_path: (pk, content_type_id) for url_path, pk, content_type_id in rows}


def _root_url_path(root_page_id: int) -> str | None:
    return Page.objects.filter(pk=root_page_id).values_list("url_path", flat=True).first()


def route(request, path: str) -> RouteResult | None:
    """The live page at `path` under the request's site, or None to let Wagtail route."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = content_cache.kept(
        f"content-routes:root:{site.root_page_id}", lambda: _root_url_path(site.root_page_id)
    )
    if root is None:
        return None
    components = [part for part in path.split("/") if part]
    url_path = root + "".join(f"{part}/" for part in components)
    found = content_cache.kept("content-routes:live", _live_pages).get(url_path)
    if found is None:
        return None
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    page = model.objects.filter(pk=pk, live=True).first()
    if page is None:  # unpublished since the map was read, in this very transaction
        return None
    return RouteResult(page)


def serve(request, path: str):
    """Wagtail's page view, given the route found above, for the pages a person may be shown
    again unchanged (lms.page_cache: the page types that opt in)."""
    return page_cache.respond(
        request, "wagtail-page", lambda: _serve_routed(request, path), opt_in=True
    )


def _serve_routed(request, path: str):
    # Wagtail keeps a request's route in `request._wagtail_route_for_request` (documented on
    # `Page.route_for_request`); setting it first is how its own serve view uses ours.
    found = route(request, path)
    if found is not None:
        request._wagtail_route_for_request = found
    return wagtail_serve(request, path)
