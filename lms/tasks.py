import os
import socket

from celery import shared_task
from django.db import connection


@shared_task
def worker_health() -> dict:
    """Proves a real worker runs: answers with its own process and the database it reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pid": os.getpid(), "host": socket.gethostname(), "db": connection.vendor, "ok": one}
