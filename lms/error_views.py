"""Error pages rendered without the request's context: nothing that could fail again.

Django's own handlers for 400 and 500 render their templates without the request; these do the
same, adding only the request id so a person can quote it to support.
"""

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader


def _render(template: str, request) -> str:
    return loader.get_template(template).render({"request_id": getattr(request, "request_id", "")})


def bad_request(request, exception=None):
    return HttpResponseBadRequest(_render("400.html", request))


def server_error(request):
    return HttpResponseServerError(_render("500.html", request))
