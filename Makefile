# Læringsledelse LMS. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages bench bench-load browser install migrate demo ci clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput --verbosity 0

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	bin/run-dev

test: install browser
	$(PY) -m pytest

# Chromium for the browser tests (Playwright drives the system's Chromium; nothing is downloaded).
# Best effort: where it cannot be installed (not root, no apt-get) the browser tests skip.
browser:
	@if [ -n "$$PLAYWRIGHT_CHROMIUM_PATH" ] && [ -x "$$PLAYWRIGHT_CHROMIUM_PATH" ]; then :; \
	elif [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing chromium for the browser tests (apt-get)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq chromium >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; } \
		|| echo "could not install chromium: the browser tests will be skipped"; \
	else echo "no chromium (install it, or set PLAYWRIGHT_CHROMIUM_PATH): the browser tests will be skipped"; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (for developers only; the compiled .mo files are committed).
messages: install
	$(PY) manage.py makemessages --locale da --ignore ".venv/*" --ignore "var/*" --no-obsolete
	$(PY) manage.py compilemessages --locale da --ignore ".venv/*"

bench: install
	@if [ -d bench ] && ls bench/bench_*.py >/dev/null 2>&1; then \
		for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done; \
	else echo "no benchmarks yet"; fi
	$(MAKE) bench-load BENCH_LOAD_ARGS="--scale both $(BENCH_LOAD_ARGS)"

# The load suite (issue 14) on the production stack: its own database on the machine's PostgreSQL
# (dropped at the end), its own Redis, gunicorn and Celery worker on loopback; prints a table per
# dataset. BENCH_LOAD_ARGS="--quick" for a short run, "--scale both" for programme scale too
# (`make bench` measures both).
BENCH_LOAD_ARGS ?=
bench-load: install
	$(PY) -m bench.load $(BENCH_LOAD_ARGS)

clean:
	rm -rf var/celery var/test-media .pytest_cache
