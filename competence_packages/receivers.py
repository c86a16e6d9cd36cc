"""Receivers that keep COK's authoring set-up (rights, the second-author workflow) in place.

Imported from `competence_packages.wagtail_hooks`, which Wagtail loads at start-up.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from lms import content_cache
from profiles_link.api import MappingRound

from .authoring import authoring_setup
from .authoring_models import SecondAuthorApprovalTask
from .models import LeadershipCourse, PackageCatalogue, PackageIndicator


def _content_changed(sender, raw=False, **kwargs) -> None:
    """What the kept reads (selectors.leadership_course, live_packages_with_weights) are
    made of beside the pages: the course set for a round, a package's indicators."""
    content_cache.changed()


def _round_changed(sender, raw=False, **kwargs) -> None:
    """A round's date (the leadership course's start when no course is set for a round). Only
    now, not again at commit: an import's commit is followed by nothing else of its own, and
    the window in which another process could keep the old date is that of one transaction."""
    content_cache.changed(at_commit=False)


post_save.connect(_round_changed, sender=MappingRound, dispatch_uid="kept_content_round")
post_delete.connect(_round_changed, sender=MappingRound, dispatch_uid="kept_content_round_gone")
for _model in (LeadershipCourse, PackageIndicator):
    post_save.connect(
        _content_changed, sender=_model, dispatch_uid=f"kept_content_{_model.__name__}"
    )
    post_delete.connect(
        _content_changed, sender=_model, dispatch_uid=f"kept_content_{_model.__name__}_deleted"
    )


@receiver(
    post_save, sender=PackageCatalogue, dispatch_uid="competence_packages_catalogue_authoring"
)
def authoring_on_catalogue_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        authoring_setup()


def _last_migrated_app_label() -> str:
    labels = [c.label for c in global_apps.get_app_configs() if c.models_module is not None]
    return labels[-1]


@receiver(post_migrate, dispatch_uid="competence_packages_authoring_after_migrate")
def authoring_after_migrate(sender, using="default", plan=None, **kwargs):
    """Once per migrate, after every app's permissions exist: run the authoring set-up."""
    if plan is None:
        # `flush` (also between transactional tests) sends post_migrate without a plan; the
        # set-up runs again when a catalogue is created, and a restored snapshot brings it back.
        return
    if sender.label != _last_migrated_app_label():
        return
    if (
        SecondAuthorApprovalTask._meta.db_table
        not in connections[using].introspection.table_names()
    ):
        return  # migrated backwards past the task's table
    authoring_setup()
