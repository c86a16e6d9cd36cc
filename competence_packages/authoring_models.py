"""The approval task of COK's workflow: another content author than the one who asked approves."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

__all__ = ["SecondAuthorApprovalTask"]


def _requested_by_id(obj):
    """Who submitted the object to its workflow now in progress (None when none is)."""
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by_id if state is not None else None


class SecondAuthorApprovalTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve, except the person who submitted the revision."""

    def _is_requester(self, obj, user) -> bool:
        return user.pk is not None and _requested_by_id(obj) == user.pk

    def get_actions(self, obj, user):
        if self._is_requester(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Another content author than the one who submitted approves")

    class Meta:
        verbose_name = _("second author approval task")
        verbose_name_plural = _("second author approval tasks")
