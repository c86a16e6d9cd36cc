"""Long work that the browser and the command line follow: one row per run, with its progress.

A job row carries the status, the stage and the percent reached, and at the end a summary or
every problem. The web queues a Celery task that runs the job; a command runs the same job in
its own process. Either way progress is written with `job_progress` in autocommit, so another
connection (the status page) sees it while the work goes on, and `job_claim` lets only one of
two deliveries of the same task start the work.

Apps subclass `Job` (an abstract model) for their own kind of work (the people roster here,
the mapping rounds in profiles_link) and add their own fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Problems kept on a job row (all of them are counted).
MAX_PROBLEMS_KEPT = 1000


class Job(models.Model):
    """Status, stage, progress and result of one run."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


def job_claim(model: type[Job], job_id, *, from_status: str, to_status: str, **also) -> bool:
    """Move the job from one status to the next in one UPDATE (setting `also` with it): of two
    deliveries of the same task, exactly one wins."""
    claimed = model.objects.filter(pk=job_id, status=from_status)
    return claimed.update(status=to_status, **also) == 1


def job_progress(model: type[Job], job_id, *, stage: str, percent: int) -> None:
    """A plain UPDATE in autocommit, outside the work's own transaction."""
    model.objects.filter(pk=job_id).update(stage=stage, progress=max(0, min(int(percent), 100)))


def job_finish(
    job: Job, *, status: str, problems: Iterable = (), total: int = 0, summary=None
) -> None:
    """Store the outcome: the status, at most MAX_PROBLEMS_KEPT problems (all counted)."""
    problems = [str(problem) for problem in problems]
    job.status = status
    job.problems = problems[:MAX_PROBLEMS_KEPT]
    job.problem_count = max(total, len(problems))
    job.summary = summary if summary is not None else job.summary
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "problems", "problem_count", "summary", "finished_at"])
