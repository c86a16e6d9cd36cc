"""Upload of mapping rounds (being written)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


import_start = import_status = _not_yet
