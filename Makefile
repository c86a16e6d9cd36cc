# Læringsledelse LMS. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages bench install migrate demo ci clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	bin/run-dev

test: install
	$(PY) -m pytest

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

clean:
	rm -rf var/celery var/test-media .pytest_cache
