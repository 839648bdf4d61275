# Desbumi Market — developer entry points.  `make help` lists them.
# Needs only GNU make, bash and a Python >= 3.12 (scripts/find-python.sh finds one).
SHELL := /bin/bash
.SHELLFLAGS := -e -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
VPY  := $(VENV)/bin/python
PYTEST_ARGS ?=
# Every target here is a developer's: development settings (SQLite, console email, the demo app)
# unless the caller says otherwise. Without it the settings are production's (DEBUG off).
export DJANGO_DEBUG ?= 1

.PHONY: help run test lint format messages clean bench loadtest replica-check

help:
	@echo "make run       install, migrate, seed demo data, serve on http://127.0.0.1:8000 (SQLite)"
	@echo "make test      lint + migration check + collectstatic + pytest against PostgreSQL/Redis"
	@echo "               (PYTEST_ARGS='-k foo' to narrow; DATABASE_URL/REDIS_URL to override)"
	@echo "make lint      ruff check + ruff format --check + import contracts (lint-imports)"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make messages  regenerate and compile translations (locale/)"
	@echo "make bench     fill a fresh database, serve it in production mode, load it with wrk"
	@echo "               (BENCH_PRODUCTS='1000 20000'; docs/performance.md says how to read it)"
	@echo "make clean     remove .venv, db.sqlite3, media/, staticfiles/"
	@echo "make loadtest  Locust against nginx + two gunicorns on this machine (minutes; not in CI):"
	@echo "               loadtest/results/<time>/summary.md (docs/loadtest.md)"
	@echo "make replica-check  a real PostgreSQL streaming replica behind the read router (as root)"

# Create $(VENV) unless one with a working Python >= 3.12 is already there.
# The interpreter is looked up here, in the recipe, so a missing Python fails with the
# script's message (PYTHON=/path/to/python3.13 make ... picks one explicitly).
define make-venv
	@if ! $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    py=$$(bash scripts/find-python.sh) || exit 1; \
	    echo "==> Creating $(VENV) with $$py"; \
	    "$$py" -m venv --clear $(VENV); \
	fi
endef

PIP := $(VPY) -m pip --disable-pip-version-check

# Stamps: reinstall only when the requirements files change.
$(VENV)/.installed-run: requirements.txt
	$(make-venv)
	@echo "==> Installing runtime dependencies (requirements.txt)"
	@$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	@touch $@

# requirements-dev.txt includes requirements.txt, so this satisfies the run stamp too.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	$(make-venv)
	@echo "==> Installing runtime + dev dependencies (requirements-dev.txt)"
	@$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# The .mo files are committed, so compilemessages is only a refresh: skipped without gettext.
# Only DJANGO_DEBUG=1 is set (above): with it the settings default to SQLite, eager Celery,
# console email, media on disk and the demo app; anything the caller exports (e.g. DATABASE_URL)
# is respected.
run: $(VENV)/.installed-run
	@echo "==> Applying migrations"
	$(VPY) manage.py migrate --noinput
	@if command -v msgfmt >/dev/null; then \
	    echo "==> Compiling translations"; \
	    $(VPY) manage.py compilemessages --ignore=$(VENV) -v0; \
	fi
	@echo "==> Loading demo data (the demo logins are printed below)"
	$(VPY) manage.py seed_demo
	@echo "==> Serving on http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(VPY) manage.py runserver 127.0.0.1:8000

# ruff, then the import contracts between apps (pyproject.toml [tool.importlinter]).
define run-lint
	@echo "==> Lint: ruff check"
	$(VENV)/bin/ruff check .
	@echo "==> Lint: ruff format --check"
	$(VENV)/bin/ruff format --check .
	@echo "==> Lint: import contracts"
	$(VENV)/bin/lint-imports --no-cache
endef

# Defaults for the local services scripts/services.sh provides; a caller's values win.
test: export DATABASE_URL ?= postgres://desbumi:desbumi@127.0.0.1:5432/desbumi
test: export REDIS_URL ?= redis://127.0.0.1:6379/0
# PgBouncer (scripts/services.sh) passes every database through, the tests' own included. The
# pooler keeps server connections to a test database open, so Django could not drop it at the end:
# the pass keeps it (--reuse-db) and the next run drops it first, directly on PostgreSQL.
POOLED_DATABASE ?= desbumi_pooled
test: $(VENV)/.installed-dev
	@echo "==> Ensuring PostgreSQL, Redis and Chromium are available"
	bash scripts/services.sh
	$(run-lint)
	@echo "==> Checking for missing migrations"
	$(VPY) manage.py makemigrations --check --dry-run
	@echo "==> Collecting static files"
	$(VPY) manage.py collectstatic --noinput -v0
	@echo "==> Running tests (database …@$${DATABASE_URL##*@}, redis $$REDIS_URL)"
	$(VENV)/bin/pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)
	@if [ -z "$(PYTEST_ARGS)" ]; then \
	    echo "==> Order and catalog suites again, through PgBouncer in transaction pooling"; \
	    for gw in gw0 gw1; do \
	        PGPASSWORD=desbumi psql -X -q -h 127.0.0.1 -p 5432 -U desbumi -d postgres \
	            -c "DROP DATABASE IF EXISTS test_$(POOLED_DATABASE)_$$gw WITH (FORCE)" || exit 1; \
	    done; \
	    DATABASE_URL=postgres://desbumi:desbumi@127.0.0.1:6432/$(POOLED_DATABASE) DATABASE_POOLER=1 $(VENV)/bin/pytest -n 2 -p no:cacheprovider \
	        --reuse-db tests/orders tests/products; \
	fi

# The bench database is dropped and recreated (BENCH_DATABASE_URL, default …/desbumi_bench).
BENCH_PRODUCTS ?= 1000 20000
bench: $(VENV)/.installed-dev
	PYTHON=$(VPY) bash scripts/bench.sh $(BENCH_PRODUCTS)

lint: $(VENV)/.installed-dev
	$(run-lint)

format: $(VENV)/.installed-dev
	@echo "==> ruff format"
	$(VENV)/bin/ruff format .
	@echo "==> ruff check --fix"
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.installed-run
	@if ! command -v msgfmt >/dev/null; then \
	    if [ "$$(id -u)" -eq 0 ]; then \
	        echo "==> Installing gettext (msgfmt)"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	    else echo "gettext (msgfmt) is missing: apt-get install gettext" >&2; exit 1; fi; \
	fi
	@echo "==> Extracting messages into locale/en"
	$(VPY) manage.py makemessages -l en --ignore=$(VENV) --ignore=staticfiles
	@echo "==> Compiling messages"
	$(VPY) manage.py compilemessages --ignore=$(VENV)

clean:
	@echo "==> Removing $(VENV), db.sqlite3, media/, staticfiles/"
	rm -rf $(VENV) db.sqlite3 media/ staticfiles/

# Not part of `make test`: it needs the whole machine for minutes (docs/loadtest.md). Uses the
# PostgreSQL and Redis that `make test` provides; nginx is installed if missing.
loadtest: $(VENV)/.installed-dev
	bash scripts/services.sh
	VENV_BIN=$(abspath $(VENV))/bin bash scripts/loadtest.sh


# A real streaming replica (private primary + replica, temporary ports and folders) behind the read
# router: about a minute, most of it `migrate`. As root; not part of `make test` (docs/capacity.md).
replica-check: $(VENV)/.installed-dev
	VENV_BIN=$(abspath $(VENV))/bin bash scripts/replica-check.sh
