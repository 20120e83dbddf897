# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

# In CI (CI=true) the suite must reach PostgreSQL and Redis rather than skip what needs them: these
# are the addresses CI provides, unless the environment names others.
ifeq ($(CI),true)
export TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export REDIS_URL ?= redis://127.0.0.1:6379/0
endif

.PHONY: run serve test bench bench-grading lighthouse screenshots audit setup db content audio lint format check-content clean editor

run: content
	@bin/system-deps run
	@echo "==> Lesson audio: synthesising sections that have none yet (flask audio build)"
	$(BIN)/flask audio build --if-engine-available
	@echo
	@echo "==> Starting Flask's development server (flask run): one process for trying things"
	@echo "    out, logging every request. Flask's WARNING that it is a development server is"
	@echo "    expected here: to serve real learners, use 'make serve' (gunicorn) instead."
	@echo "    Without MAIL_SERVER, e-mails such as password-reset links are printed here."
	@echo
	@echo "  Learnwell is running at http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	@echo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Production server (gunicorn.conf.py): WEB_WORKERS, WEB_THREADS, ACCESS_LOG, HOST and PORT.
serve: content
	@bin/system-deps run
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL names a server, each
# pass spread over TEST_WORKERS processes (pytest-xdist; every test has its own database or schema,
# media folder and ports). TEST_WORKERS=0 runs in one process.
# The PostgreSQL pass deselects the tests that use no database (they ran in the first pass).
# Files are handed out in the order they are collected, browser tests first
# (--no-loadscope-reorder): they are few per file but slow, and pytest-xdist's default order
# (most tests per file first) left them to the end, where one worker ran them while the other
# sat idle.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
test: content
	@bin/system-deps test
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.installed; \
	  else echo "npm not found: the markup checks will be skipped"; fi
	$(BIN)/ruff check app tests bench bin/write-instance-config bin/audit gunicorn.conf.py
	$(BIN)/ruff format --check app tests bench gunicorn.conf.py
	$(BIN)/bandit -q -c pyproject.toml -r app bin/write-instance-config bin/audit
	$(BIN)/lint-imports --no-cache
	$(PYTEST)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "Second pass: on PostgreSQL ($$TEST_DATABASE_URL), every test whose outcome can depend on the database"; \
	  $(PYTEST) --database=postgresql; \
	else \
	  echo "PostgreSQL pass skipped: set TEST_DATABASE_URL to run the suite on PostgreSQL too"; \
	fi

# Audio build time, real-time factor, size and time to first byte; writes docs/benchmarks.md.
# Set PIPER_PYTHON to an interpreter that has requirements-neural.txt to measure Piper too.
bench: content
	@bin/system-deps bench
	$(BIN)/python -m bench.run

# Grading quality: the rubric grader against the labelled answers in tests/data/grading/ (mean
# distance to the teacher's range, pass/fail agreement, kappa); writes its part of
# docs/benchmarks.md.
bench-grading: $(VENV)/.installed
	$(BIN)/python -m bench.grading

# Mobile page quality: Lighthouse (npm, package.json; mobile preset) with the system Chromium on
# the home, course and lesson pages under gunicorn; writes docs/lighthouse.md and fails when a page
# scores below the targets in bench/lighthouse.py (performance 95, CLS 0.05, SEO 100).
lighthouse: $(VENV)/.installed
	@bin/system-deps lighthouse
	@$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/python -m bench.lighthouse

# The README's pictures: home, course, lesson (top, an answered activity, the end) and dashboard
# at 1280×900 and 390×844, light and dark, with the system Chromium against gunicorn on a fresh
# database; writes docs/screenshots/*.png (smaller when optipng is installed).
screenshots: $(VENV)/.installed
	@bin/system-deps screenshots
	$(BIN)/python -m bench.screenshots

# The lesson editor's CodeMirror, rebuilt from the versions pinned in package.json into
# static/vendor/codemirror/ (one minified module and the bundled packages' licences). The built
# files are committed: only changing those versions needs this (and npm).
editor:
	@$(MAKE) --no-print-directory node_modules/.installed
	bin/build-editor

# Known vulnerabilities in the pinned packages, from PyPI's and OSV's advisories and npm's. Needs a
# vulnerability database: when none answers it says so and fails (exit 2), never "all clear".
AUDIT_VENV := .venv-audit
audit: $(AUDIT_VENV)/.installed
	$(AUDIT_VENV)/bin/python bin/audit

$(AUDIT_VENV)/.installed:
	@test -x $(AUDIT_VENV)/bin/python || $(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pip-audit==2.10.1
	@touch $@

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Test tools from npm (the Nu Html Checker); install scripts off: it runs on the system Java.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

instance/config.py:
	@$(PYTHON) bin/write-instance-config $@

setup: $(VENV)/.installed instance/config.py

db: setup
	@echo "==> Database: applying any new migrations (flask db upgrade; the INFO lines are Alembic's)"
	$(BIN)/flask db upgrade

content: db
	@echo "==> Lessons: importing content/ (flask content import; unchanged lessons are kept)"
	$(BIN)/flask content import

audio: content
	$(BIN)/flask audio build

check-content: setup
	$(BIN)/flask content check

lint: setup
	$(BIN)/ruff check app tests bench gunicorn.conf.py
	$(BIN)/ruff format --check app tests bench gunicorn.conf.py
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff check --fix app tests bench gunicorn.conf.py
	$(BIN)/ruff format app tests bench gunicorn.conf.py

clean:
	rm -rf $(VENV) $(AUDIT_VENV) node_modules .pytest_cache .ruff_cache .hypothesis test-artifacts
