from django.urls import path

from . import views

app_name = "plans"

school = "skoler/<str:number>/"
plan = f"{school}<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(school, views.school, name="school"),
    path(f"{school}ny/", views.plan_start, name="start"),
    path(f"{school}ledelsesteam/", views.leadership_team, name="leadership_team"),
    path(
        f"{school}ledelsesteam/<int:user_id>/fjern/",
        views.leadership_team_remove,
        name="leadership_team_remove",
    ),
    path(plan, views.plan, name="plan"),
    path(f"{plan}tekst/", views.plan_texts, name="texts"),
    path(f"{plan}fokus/", views.focus_add, name="focus_add"),
    path(f"{plan}fokus/<int:focus_id>/", views.focus_edit, name="focus_edit"),
    path(f"{plan}fokus/<int:focus_id>/slet/", views.focus_delete, name="focus_delete"),
    path(f"{plan}handlinger/", views.action_add, name="action_add"),
    path(f"{plan}handlinger/<int:action_id>/fjern/", views.action_remove, name="action_remove"),
    path(f"{plan}milepaele/", views.milestone_add, name="milestone_add"),
    path(
        f"{plan}milepaele/<int:milestone_id>/fjern/",
        views.milestone_remove,
        name="milestone_remove",
    ),
    path(f"{plan}indsend/", views.submit, name="submit"),
    path(f"{plan}svar/", views.answer, name="answer"),
    path(f"{plan}version/<int:version_number>/", views.version, name="version"),
    path(f"{plan}naeste/", views.start_next, name="start_next"),
    path(f"{plan}print/", views.plan_print, name="print"),
    path(f"{plan}pdf/", views.plan_pdf, name="pdf"),
    path(f"{plan}moede/", views.meeting_propose, name="meeting_propose"),
    path(f"{plan}moede/<int:meeting_id>/vaelg/", views.meeting_pick, name="meeting_pick"),
    path(f"{plan}moede/<int:meeting_id>/referat/", views.meeting_record, name="meeting_record"),
    path(f"{plan}moede/<int:meeting_id>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    path("kommuner/<str:code>/", views.municipality, name="municipality"),
]
