"""Receivers that keep each school's leadership team in step with its leaders' roles.

Connected in `LmsConfig.ready`. A role given or taken anywhere (a service, the admin, an import)
passes through here.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Institution, RoleAssignment
from .services import LEADERSHIP_ROLES, leadership_team_sync


def _sync(instance: RoleAssignment) -> None:
    if not instance.institution_id or instance.role not in LEADERSHIP_ROLES:
        return
    institution = Institution.objects.filter(pk=instance.institution_id).first()
    if institution is not None:  # None while the school itself is being deleted
        leadership_team_sync(institution=institution)


@receiver(post_save, sender=RoleAssignment, dispatch_uid="lms_leadership_team_on_role_saved")
def leadership_team_on_role_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(instance)


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="lms_leadership_team_on_role_deleted")
def leadership_team_on_role_deleted(sender, instance, **kwargs):
    _sync(instance)
