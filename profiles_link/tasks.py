from celery import shared_task

from .imports import mapping_import_run


@shared_task
def mapping_import_task(job_id: str) -> str:
    """Run one import job; a second delivery of the same message finds it done and stops."""
    return mapping_import_run(job_id=job_id).status
