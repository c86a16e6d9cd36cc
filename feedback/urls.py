from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/written/", views.task_written, name="task_written"),
    path("tasks/<int:pk>/resubmission/", views.task_resubmission, name="task_resubmission"),
    path("tasks/<int:pk>/meeting/", views.task_meeting_propose, name="task_meeting_propose"),
    path("tasks/<int:pk>/meeting/notes/", views.task_meeting_record, name="task_meeting_record"),
    path("tasks/<int:pk>/reassign/", views.task_reassign, name="task_reassign"),
    path("written/<int:pk>/approve/", views.feedback_approve, name="approve"),
    path("submissions/<int:pk>/", views.submission_feedback, name="submission"),
    path("submissions/<int:pk>/replies/", views.message_post, name="message_post"),
    path("meetings/<int:pk>/pick/", views.meeting_pick, name="meeting_pick"),
    path("meetings/<int:pk>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    path("packages/<int:package_pk>/comments/", views.comment_bank, name="comment_bank"),
]
