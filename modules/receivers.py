"""Receivers that keep the schools' Wagtail groups in step with LMS roles.

Imported from `modules.wagtail_hooks`, which Wagtail loads at start-up.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lms.models import Institution, RoleAssignment, User
from lms.signals import person_erased

from .models import CheckAnswer, ModuleCompletion, ReflectionAnswer
from .services import EDITOR_ROLES, school_editors_sync


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


@receiver(person_erased, dispatch_uid="modules_answers_of_an_erased_person")
def erase_answers(sender, user, **kwargs):
    """A person's answers and reading marks are their own: they go when the person is erased."""
    for model in (ReflectionAnswer, CheckAnswer, ModuleCompletion):
        model.objects.filter(user=user).delete()
