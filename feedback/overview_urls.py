"""Queues and overviews across many submissions: reviewer, leader, municipal coordinator."""

from django.urls import path

from . import overview_views as views

app_name = "overviews"

urlpatterns = [
    path("koe/", views.review_queue, name="queue"),
    path("skole/<str:number>/", views.school_overview, name="school"),
    path("kommune/<str:code>/", views.municipality_overview, name="municipality"),
]
