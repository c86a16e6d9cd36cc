"""Profile pages (being written)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


programme_overview = school_profile = school_profile_csv = school_profile_xlsx = _not_yet
class_profile = municipality_profile = _not_yet
