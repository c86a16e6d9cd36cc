"""gunicorn for the LMS: `gunicorn -c gunicorn.conf.py lms.wsgi` (bin/run-production does this).

Every value can be changed by the environment. Threads (gthread) keep slow uploads and
downloads from holding a whole process; each thread keeps one persistent database connection,
so a web process uses up to WEB_THREADS connections.

Two processes a core with two threads each, not one process a core with four threads: a
process runs Python on one core at a time, and under the mixed load of the load suite
(bench/load) a busy process held up its other threads' requests while the other core had room;
with twice the processes a like load was answered with about a tenth of the p95 (43 ms against
366-449 ms; the same threads, so the same database connections, in all).
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, 2 * multiprocessing.cpu_count()))))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "2"))
# A request may take this long (an upload of a mapping round on a slow line) before the worker
# is restarted; the load balancer's own timeout should be a little longer.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then, so slow growth of memory never becomes an outage; not too
# often: a new process is slower for its first second or so (its caches and prepared
# statements are empty), and at 2,000 a busy worker was renewed every minute.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
# Trust X-Forwarded-* only from these addresses (the load balancer); Django decides the client
# address itself from ALLAUTH_TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The application is loaded in each worker (not the master), so a worker never shares a
# database or Redis connection made before fork.
preload_app = False
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# One JSON object a line, with the request id the application returned.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status_code": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "client": "%(h)s", "user_agent": "%(a)s"}'
)


def when_ready(server):
    """Warm the master once (lms.warmup: URLconf, compiled templates, packed StreamField
    blocks, icons): every worker, also each one replacing a worker recycled after
    max_requests, is forked with all that in memory. Warming each worker instead cost seconds
    of CPU per recycle under load. Nothing here opens a database or Redis connection to share:
    any that warming made is closed before the workers are forked."""
    if getattr(server.app, "app_uri", None) != "lms.wsgi:application":
        return  # another app served with these settings (the load suite's bare yardstick view)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")  # as lms/wsgi.py
    try:
        import django  # noqa: PLC0415 - only in the master, once it listens

        django.setup()
        from django.db import connections  # noqa: PLC0415 - after setup

        from lms.warmup import warm  # noqa: PLC0415 - after setup

        warm()
        connections.close_all()
    except Exception:  # noqa: BLE001 - warming saves time, it must never stop the server
        server.log.exception("warming the master failed; each worker loads what it needs")
