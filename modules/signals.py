"""Receivers that keep Wagtail's groups and workflow in step with LMS roles and pages.

Imported from `modules.wagtail_hooks`, which Wagtail loads at start-up.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from competence_packages.models import PackageCatalogue
from lms.models import Institution, RoleAssignment, User

from .school_pages import EDITOR_ROLES, school_editors_sync


def _sync_for(instance: RoleAssignment) -> None:
    if not instance.institution_id:
        return
    user = User.objects.filter(pk=instance.user_id).first()
    institution = Institution.objects.filter(pk=instance.institution_id).first()
    if user is None or institution is None:  # being deleted with the person or the school
        return
    school_editors_sync(user=user, institution=institution)


@receiver(post_save, sender=RoleAssignment, dispatch_uid="modules_school_editors_on_save")
def school_editors_on_role_saved(sender, instance, created, raw=False, **kwargs):
    if raw or (created and instance.role not in EDITOR_ROLES):
        return
    _sync_for(instance)


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="modules_school_editors_on_delete")
def school_editors_on_role_deleted(sender, instance, **kwargs):
    if instance.role in EDITOR_ROLES:
        _sync_for(instance)


@receiver(post_save, sender=PackageCatalogue, dispatch_uid="modules_catalogue_authoring")
def authoring_on_catalogue_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from competence_packages.authoring import authoring_setup

        authoring_setup()


def _last_migrated_app_label() -> str:
    labels = [c.label for c in global_apps.get_app_configs() if c.models_module is not None]
    return labels[-1]


@receiver(post_migrate, dispatch_uid="modules_authoring_after_migrate")
def authoring_after_migrate(sender, using="default", plan=None, **kwargs):
    """Once per migrate, after every app's permissions exist: run the authoring set-up."""
    if plan is None:
        # `flush` (also between transactional tests) sends post_migrate without a plan; the
        # set-up runs again when a catalogue is created, and a restored snapshot brings it back.
        return
    if sender.label != _last_migrated_app_label():
        return
    from competence_packages.authoring_models import SecondAuthorApprovalTask

    if (
        SecondAuthorApprovalTask._meta.db_table
        not in connections[using].introspection.table_names()
    ):
        return  # migrated backwards past the task's table
    from competence_packages.authoring import authoring_setup

    authoring_setup()
