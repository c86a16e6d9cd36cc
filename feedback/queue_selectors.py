"""A reviewer's feedback queue: the open review tasks a person should act on, oldest first.

Reads only. A page of the queue costs a fixed number of queries however long the queue is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from competence_packages.api import CompetencePackage
from lms.models import Institution
from lms.roles import Role, held_roles

from .models import ReviewTask, RouteStep
from .overview_selectors import assignment_places

# Steps any leader of the school may act on, whichever leader holds them.
LEADERSHIP_STEPS = (RouteStep.GivenBy.LEADERSHIP, RouteStep.GivenBy.BOTH)


# The columns a row of the queue reads (templates/overviews/queue.html and with_places).
QUEUE_ROW_FIELDS = (
    "kind", "state", "given_by", "due_at", "created_at", "assignee",
    "version__number", "version__submitted_at", "version__is_late",
    "submission__status", "submission__team__name", "submission__team__institution__name",
    "submission__assignment__title", "submission__assignment__path",
)  # fmt: skip


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    institution: Institution | None = None
    package: CompetencePackage | None = None
    overdue_only: bool = False


def open_tasks_for(*, user) -> QuerySet[ReviewTask]:
    """Open tasks held by the person, and for a school leader the leadership tasks of the
    schools they lead (any leader of the school may act on those)."""
    condition = Q(assignee=user)
    led = held_roles(user).institutions_with(Role.SCHOOL_LEADER)
    if led:
        condition |= Q(given_by__in=LEADERSHIP_STEPS, submission__team__institution_id__in=led)
    return ReviewTask.objects.filter(condition, state=ReviewTask.State.OPEN)


def review_queue_for(
    *, user, now: datetime, filters: QueueFilters | None = None
) -> QuerySet[ReviewTask]:
    """The person's queue with the filters applied, oldest hand-in first.

    Each task carries `feedback_overdue` (the task's own due time has passed) and
    `hand_in_overdue` (the submission's due date, or its extension, has passed).
    """
    filters = filters or QueueFilters()
    # The hand-in date is a Danish calendar day: compare it with Copenhagen's today, not UTC's.
    today = timezone.localdate(now)
    tasks = (
        open_tasks_for(user=user)
        .annotate(submission_due=Coalesce("submission__extended_until", "submission__due_on"))
        .annotate(
            feedback_overdue=ExpressionWrapper(
                Q(due_at__isnull=False, due_at__lt=now), output_field=BooleanField()
            ),
            hand_in_overdue=ExpressionWrapper(
                Q(submission_due__isnull=False, submission_due__lt=today),
                output_field=BooleanField(),
            ),
        )
        .select_related(
            "version",
            "submission__team__institution",
            "submission__assignment",
        )
        # What a row of the queue shows: not the whole hand-in, team or Wagtail page.
        .only(*QUEUE_ROW_FIELDS)
        .order_by("version__submitted_at", "created_at", "pk")
    )
    if filters.status:
        tasks = tasks.filter(submission__status=filters.status)
    if filters.institution is not None:
        tasks = tasks.filter(submission__team__institution=filters.institution)
    if filters.package is not None:
        tasks = tasks.filter(submission__assignment__path__startswith=filters.package.path)
    if filters.overdue_only:
        tasks = tasks.filter(Q(feedback_overdue=True) | Q(hand_in_overdue=True))
    return tasks


def queue_schools_for(*, user) -> QuerySet[Institution]:
    """The schools the person's open tasks come from, for the queue's school filter."""
    school_ids = open_tasks_for(user=user).values("submission__team__institution_id")
    return Institution.objects.filter(pk__in=school_ids).order_by("name")


def with_places(tasks: list[ReviewTask]) -> list[ReviewTask]:
    """Give each task `place` (its assignment's module and package), in two queries."""
    places = assignment_places(task.submission.assignment.path for task in tasks)
    for task in tasks:
        task.place = places[task.submission.assignment.path]
    return tasks
