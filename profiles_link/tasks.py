"""Celery tasks of the mapping profiles: thin wrappers that load fresh rows by id."""

from celery import shared_task

from . import imports


@shared_task
def mapping_import_run(job_id: str) -> str | None:
    """Run one import job. Safe to run twice (acks_late redelivers after a lost worker): the
    second delivery finds the job running or finished and leaves it alone."""
    job = imports.mapping_import_run(job_id=job_id)
    return None if job is None else job.status


@shared_task
def mapping_imports_mark_interrupted() -> int:
    """Run by Celery beat: jobs whose worker stopped beating show "interrupted" with a retry;
    jobs whose task never reached the broker (it was down at upload) are sent again."""
    for job_id in imports.mapping_imports_to_resend():
        mapping_import_run.apply_async((str(job_id),), ignore_result=True)
    return imports.mapping_imports_mark_interrupted()


@shared_task
def expire_import_previews() -> int:
    """Cancel previews nobody confirmed within a day; their uploaded files are deleted."""
    return imports.mapping_imports_expire()
