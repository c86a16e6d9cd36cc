"""Signal receivers: a hand-in starts the route; losing a role or leaving hands tasks on."""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assignments.api import Submission
from assignments.signals import submission_submitted
from lms.models import RoleAssignment, User

from . import services

logger = logging.getLogger(__name__)


@receiver(submission_submitted, sender=Submission, dispatch_uid="feedback_route_submission")
def route_hand_in(sender, submission, version, by=None, **kwargs):
    try:
        services.submission_route(submission=submission, version=version, by=by)
    except services.NoReviewerError:
        # Nobody at all (not even a programme admin) could hold the task: the hand-in itself
        # must still succeed, so say so loudly for the administrators instead.
        logger.exception("No reviewer for submission %s version %s", submission.pk, version.pk)


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="feedback_role_revoked")
def reallocate_after_role_revoked(sender, instance, **kwargs):
    user = User.objects.filter(pk=instance.user_id).first()
    if user is None:
        return
    user.__dict__.pop("_lms_held_roles", None)
    services.review_tasks_reallocate(user=user)


@receiver(post_save, sender=User, dispatch_uid="feedback_user_deactivated")
def reallocate_after_deactivation(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        services.review_tasks_reallocate(user=instance)
