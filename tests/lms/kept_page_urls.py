"""Small views for the kept-page tests (tests/lms/test_page_cache.py), beside the LMS's own."""

from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_POST

from lms.models import AccessRecord, SchoolClass, Team
from lms.page_cache import cached_page, writing_drafts
from lms.urls import urlpatterns as lms_urlpatterns

PAGE = engines["django"].from_string(
    "<p>{{ user.email }}</p>{% for team in teams %}<p>{{ team.name }}</p>{% endfor %}"
    '<form method="post" action="/test-kept/rename/{{ first.pk }}/">{% csrf_token %}'
    '<input name="name" value="Nyt navn"></form>'
    '{% include "includes/messages.html" %}'
)


@cached_page
def teams(request):
    found = list(Team.objects.filter(institution__municipality__code=request.GET["m"]))
    found.sort(key=lambda team: team.name)
    context = {"teams": found, "first": found[0] if found else None}
    return HttpResponse(PAGE.render(context, request))


@cached_page(shows_drafts=False)
def teams_without_drafts(request):
    """The same page, declared to show no drafts."""
    return teams.__wrapped__(request)


@cached_page
def viewed(request):
    """A page that records each viewing."""
    team = Team.objects.get(pk=request.GET["team"])
    AccessRecord.objects.create(
        user=request.user, institution=team.institution, team=team,
        kind=AccessRecord.Kind.HAND_IN_READ, what="test",
    )  # fmt: skip
    return HttpResponse(PAGE.render({"teams": [team], "first": team}, request))


@cached_page
def greeting(request):
    """A page whose view leaves a message on each viewing (a GET's message, such as a notice)."""
    messages.info(request, "Velkommen tilbage.")
    return teams.__wrapped__(request)


@require_POST
def notice(request):
    """A message for the person, and no write: what they see next is still kept."""
    messages.success(request, "Gemt.")
    return HttpResponse("ok")


@require_POST
def rename(request, pk: int):
    Team.objects.filter(pk=pk).update(name=request.POST["name"])
    messages.success(request, "Omdøbt.")
    return HttpResponse("ok")


@require_POST
def rename_as_draft(request, pk: int):
    """A write of a draft only (the tests name lms_team a table with drafts)."""
    with writing_drafts():
        Team.objects.filter(pk=pk).update(name=request.POST["name"])
    return HttpResponse("ok")


@require_POST
def add_class(request, pk: int):
    """A write to a table the teams page does not read."""
    team = Team.objects.select_related("institution").get(pk=pk)
    SchoolClass.objects.create(institution=team.institution, code=request.POST["code"])
    return HttpResponse("ok")


urlpatterns = [
    path("test-kept/class/<int:pk>/", add_class),
    path("test-kept/teams/", teams),
    path("test-kept/teams-without-drafts/", teams_without_drafts),
    path("test-kept/draft/<int:pk>/", rename_as_draft),
    path("test-kept/viewed/", viewed),
    path("test-kept/greeting/", greeting),
    path("test-kept/notice/", notice),
    path("test-kept/rename/<int:pk>/", rename),
    *lms_urlpatterns,
]
