"""Celery tasks of the competence packages."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's command);
    run by Celery beat every few minutes."""
    call_command("publish_scheduled")
