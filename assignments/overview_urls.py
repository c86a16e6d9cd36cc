"""Queues and overviews across many submissions: reviewer, leader, municipal coordinator."""

from django.urls import path  # noqa: F401

app_name = "overviews"

urlpatterns: list = []
