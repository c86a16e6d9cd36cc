"""The load suite of issue 14: every page on the production stack, as a ratio to a bare view.

`make bench-load` (or `.venv/bin/python -m bench.load --help`) builds a throw-away database on
the machine's PostgreSQL, loads the demo (and, with `--scale programme`, the programme-scale
data of `manage.py seed_programme`), starts its own Redis, gunicorn (gunicorn.conf.py) and a
Celery worker on free loopback ports, measures the yardstick C0 (the smallest Django view,
served by the same gunicorn settings), every page with wrk, then a mixed scenario at a fixed
rate, prints one markdown table per dataset and stops and drops everything it started.
"""
