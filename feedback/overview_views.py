"""The feedback queue, the leader's school overview and the coordinator's municipality overview.

The "Mit overblik" links to them are in `feedback.overview`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.api import Status
from competence_packages import selectors as packages
from lms.models import Institution, Municipality
from lms.page_cache import cached_page

from . import overview_selectors, permissions, queue_selectors
from . import selectors as feedback_selectors

QUEUE_PAGE_SIZE = 50
# The leader's overview shows this many teams' tables per page; the list of teams at the top
# names every team (with its overdue count) and links to the page it is on.
SCHOOL_TEAMS_PAGE_SIZE = 8
QUEUE_STATUSES = (Status.SUBMITTED, Status.WRITTEN_FEEDBACK_GIVEN, Status.MEETING_SCHEDULED)


class QueueFilterForm(forms.Form):
    """The queue's filters: a GET form, so a filtered queue is a link that can be shared."""

    # Only the statuses a hand-in can have while a review task is open on it.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *[(value, label) for value, label in Status.choices if value in QUEUE_STATUSES],
        ],
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        required=False,
        queryset=Institution.objects.none(),
        to_field_name="number",
        empty_label=_("All schools"),
    )
    package = forms.ModelChoiceField(
        label=_("Competence package"),
        required=False,
        queryset=packages.all_packages(),
        empty_label=_("All packages"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        school, package = self.fields["school"], self.fields["package"]
        school.queryset = schools
        # The options drawn from lists read once (a model choice field reads its queryset again
        # each time it is drawn); a chosen value is still checked against the queryset.
        school.widget.choices = [("", school.empty_label)] + [
            (institution.number, institution.name) for institution in schools
        ]
        package.widget.choices = [("", package.empty_label), *packages.package_choices()]

    def filters(self) -> queue_selectors.QueueFilters:
        if not self.is_valid():
            return queue_selectors.QueueFilters()
        data = self.cleaned_data
        return queue_selectors.QueueFilters(
            status=data["status"],
            institution=data["school"],
            package=data["package"],
            overdue_only=data["overdue"],
        )


def _queue_page(tasks, number):
    """The page of the queue asked for. The first page (the one nearly always opened) reads its
    rows and the length of the whole queue in one query; another page counts first."""
    paginator = Paginator(tasks, QUEUE_PAGE_SIZE)
    if number not in (None, "", "1"):
        return paginator.get_page(number)
    rows = list(tasks.annotate(queue_length=Window(Count("pk")))[:QUEUE_PAGE_SIZE])
    paginator.count = rows[0].queue_length if rows else 0
    return paginator._get_page(rows, 1, paginator)


# The queue shows no draft: a team's answer or a reviewer's feedback being written leaves it kept.
@cached_page(shows_drafts=False)
def review_queue(request):
    if not permissions.can_view_review_queue(request.user):
        raise PermissionDenied
    schools = queue_selectors.queue_schools_for(user=request.user)
    form = QueueFilterForm(request.GET or None, schools=schools)
    now = timezone.now()
    tasks = queue_selectors.review_queue_for(user=request.user, now=now, filters=form.filters())
    page = _queue_page(tasks, request.GET.get("page"))
    rows = queue_selectors.with_places(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        # Written feedback a leader must approve before the team sees it (review before release).
        "approvals": list(feedback_selectors.approvals_for(user=request.user)),
    }
    return render(request, "overviews/queue.html", context)


@cached_page
def school_overview(request, number: str):
    institution = get_object_or_404(
        Institution.objects.select_related("municipality"), number=number
    )
    if not permissions.can_view_school_overview(request.user, institution):
        raise PermissionDenied
    teams = overview_selectors.school_overview(institution=institution, today=timezone.localdate())
    paginator = Paginator(teams, SCHOOL_TEAMS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "institution": institution,
        "teams": teams,
        "page": page,
        # Each team's page, for the links of the list of teams.
        "team_pages": [
            (overview, index // SCHOOL_TEAMS_PAGE_SIZE + 1) for index, overview in enumerate(teams)
        ],
        "today": timezone.localdate(),
    }
    return render(request, "overviews/school.html", context)


@cached_page
def municipality_overview(request, code: str):
    municipality = get_object_or_404(Municipality, code=code)
    if not permissions.can_view_municipality_overview(request.user, municipality):
        raise PermissionDenied
    overview = overview_selectors.municipality_overview(
        municipality=municipality, now=timezone.now()
    )
    context = {
        "municipality": municipality,
        "overview": overview,
        "status_labels": [label for _value, label in Status.choices],
    }
    return render(request, "overviews/municipality.html", context)
