"""Feedback's pages, on Danish paths. The English paths of before answer with a permanent
redirect that keeps the method (308), so bookmarks, links in sent e-mails and calendar
invitations keep working."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse

from . import views

app_name = "feedback"


def _moved(name: str):
    def moved(request, **kwargs):
        target = reverse(f"feedback:{name}", kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        response.status_code = 308  # permanent, and a POST stays a POST
        return response

    return moved


PAGES = [
    # (Danish path, English path before, view, name)
    ("", None, views.queue, "queue"),
    ("sag/<int:pk>/", "tasks/<int:pk>/", views.task_detail, "task"),
    ("sag/<int:pk>/skriftlig/", "tasks/<int:pk>/written/", views.task_written, "task_written"),
    ("sag/<int:pk>/ny-version/", "tasks/<int:pk>/resubmission/", views.task_resubmission,
     "task_resubmission"),
    ("sag/<int:pk>/moede/", "tasks/<int:pk>/meeting/", views.task_meeting_propose,
     "task_meeting_propose"),
    ("sag/<int:pk>/moede/noter/", "tasks/<int:pk>/meeting/notes/", views.task_meeting_record,
     "task_meeting_record"),
    ("sag/<int:pk>/videregiv/", "tasks/<int:pk>/reassign/", views.task_reassign, "task_reassign"),
    ("skriftlig/<int:pk>/godkend/", "written/<int:pk>/approve/", views.feedback_approve,
     "approve"),
    ("afleveringer/<int:pk>/", "submissions/<int:pk>/", views.submission_feedback, "submission"),
    ("afleveringer/<int:pk>/svar/", "submissions/<int:pk>/replies/", views.message_post,
     "message_post"),
    ("moeder/<int:pk>/vaelg-tid/", "meetings/<int:pk>/pick/", views.meeting_pick, "meeting_pick"),
    ("moeder/<int:pk>/invitation.ics", "meetings/<int:pk>/invitation.ics", views.meeting_ics,
     "meeting_ics"),
    ("pakker/<int:package_pk>/kommentarer/", "packages/<int:package_pk>/comments/",
     views.comment_bank, "comment_bank"),
]  # fmt: skip

urlpatterns = [path(danish, view, name=name) for danish, _old, view, name in PAGES]
urlpatterns += [path(old, _moved(name)) for _danish, old, _view, name in PAGES if old]
