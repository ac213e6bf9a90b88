# WardSec — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Settings for a developer's machine; production (make serve) runs without them.
DEV := DEBUG=1
# The project's own packages (type-checked; a new app is added here).
APPS := wardsec wards tips core_forces models_registry mediation reports campaigns

.PHONY: help install run serve worker beat test test-fast lint typecheck format schema schema-check messages clean

help:
	@echo "make run      demo site on http://$(HOST):$(PORT) (SQLite, inline Celery, demo logins printed)"
	@echo "make test     the whole test suite (PostgreSQL + Redis + worker when DATABASE_URL/REDIS_URL are set)"
	@echo "make serve    production-like: gunicorn + Celery worker + beat (needs DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS)"
	@echo "make typecheck  mypy (django-stubs) on the project's packages"
	@echo "make worker / beat / lint / format / schema / messages"

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "WardSec needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(BIN)/.installed

# A fresh machine: virtualenv, packages, SQLite database, roles, demo ward and users, server.
run: install
	@echo "Preparing the SQLite database (migrations)…"
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $(DEV) $(BIN)/python manage.py migrate --noinput -v 0
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $(DEV) $(BIN)/python manage.py load_demo --address http://$(HOST):$(PORT)
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core for the browser tests' accessibility checks (tests/e2e/axe.py), pinned in
# package-lock.json; installed when npm is there (without it those checks skip, except in CI).
NODE_DEPS := $(if $(shell command -v npm 2>/dev/null),node_modules/.package-lock.json)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund || echo "npm ci failed: the accessibility checks will be skipped."

# The tests run in parallel processes (pytest-xdist), one per CPU and at most 4, each with its
# own test database, Redis database and private Redis ports (README, "The two commands").
# TEST_WORKERS=0 runs them in this one process (for -s or a debugger; --pdb does so by itself).
TEST_WORKERS ?= auto
test: install $(NODE_DEPS)
	$(DEV) WARDSEC_TESTING=1 $(BIN)/pytest -n $(TEST_WORKERS) --maxprocesses 4 --max-worker-restart 0 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

typecheck: install
	$(DEV) $(BIN)/mypy $(APPS)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The OpenAPI schema is committed; CI fails when the code and the file disagree. Integer limits
# in it come from the database backend, so both always describe PostgreSQL (the production
# database; nothing connects to it: the backend is only named).
SCHEMA_ENV := $(DEV) DATABASE_URL=postgres://schema@127.0.0.1:1/schema
schema: install
	$(SCHEMA_ENV) $(BIN)/python manage.py spectacular --file openapi/schema.yml --validate --fail-on-warn

schema-check: install
	$(SCHEMA_ENV) $(BIN)/python manage.py spectacular --file $(VENV)/schema.check.yml --validate --fail-on-warn
	diff -u openapi/schema.yml $(VENV)/schema.check.yml && echo "OpenAPI schema up to date."

# Rebuild the translation catalogues (needs gettext); the compiled .mo files are committed.
messages: install
	$(DEV) $(BIN)/python manage.py makemessages --locale vi --locale en --ignore ".venv/*" --ignore "bench/*"
	$(DEV) $(BIN)/python manage.py compilemessages --ignore ".venv/*"

# Production-like stack in the foreground: Ctrl-C stops all three.
serve: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(BIN)/celery -A wardsec worker --loglevel INFO --concurrency 2 & \
	$(BIN)/celery -A wardsec beat --loglevel INFO --schedule $(VENV)/celerybeat-schedule & \
	$(BIN)/gunicorn wardsec.wsgi --bind $(HOST):$(PORT) --workers 2 --timeout 60 & \
	wait

worker: install
	$(BIN)/celery -A wardsec worker --loglevel INFO

beat: install
	$(BIN)/celery -A wardsec beat --loglevel INFO --schedule $(VENV)/celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
