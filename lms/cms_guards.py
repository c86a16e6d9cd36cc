"""Wagtail admin views that would show one school's pages to another, closed or narrowed.

Wagtail's page-type report names the last edited page of every page type, whatever school's own
assignment it is: only programme administrators open it. (The page chooser and explorer are
narrowed by `modules.wagtail_hooks`, which knows the schools' pages.)
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from .permissions import is_programme_admin


def programme_admins_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_programme_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# Before Wagtail's own admin URLs, so these paths reach the guarded views.
urlpatterns = [
    path(
        "reports/page-types-usage/",
        programme_admins_only(PageTypesUsageReportView.as_view()),
        name="page_types_usage_admins_only",
    ),
    path(
        "reports/page-types-usage/results/",
        programme_admins_only(PageTypesUsageReportView.as_view(results_only=True)),
        name="page_types_usage_results_admins_only",
    ),
]
