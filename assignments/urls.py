from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("opgave/<int:assignment_id>/", views.assignment, name="assignment"),
    path("opgave/<int:assignment_id>/team/<int:team_id>/rediger/", views.edit, name="edit"),
    path("opgave/<int:assignment_id>/team/<int:team_id>/frist/", views.extend, name="extend"),
    path(
        "opgave/<int:assignment_id>/team/<int:team_id>/mere-tid/",
        views.extension_request,
        name="extension_request",
    ),
    path("team/<int:team_id>/", views.team_submissions, name="team_submissions"),
    path("fil/<int:pk>/", views.attachment, name="attachment"),
    path("fil/<int:pk>/fjern/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/", views.submission, name="submission"),
    path("<int:pk>/aflever/", views.submit, name="submit"),
    path("<int:pk>/version/<int:number>/", views.version, name="version"),
]
