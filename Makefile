# Two commands for a newcomer: `make demo` and `make test`. Everything else is set-up
# they call. Python 3.11+ must be on PATH as python3; run as root on a fresh machine so
# missing Debian packages (gettext, Chromium) can be installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt
# Checks and tests run in dev mode; the demo sets its own mode.
DEV := RAPPORTEUR_MODE=dev

.PHONY: demo test setup setup-test messages lint typecheck migrations-check pytest clean

demo: setup
	$(BIN)/rapporteur demo

test: setup-test lint typecheck migrations-check pytest

$(VENV)/.runtime: pyproject.toml requirements/constraints.txt
	scripts/system-packages.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	scripts/system-packages.sh test
	$(PIP) -e ".[dev]"
	touch $@

# Compiled catalogues are build outputs, not committed: rebuilt from the .po sources.
messages: $(VENV)/.runtime
	cd rapporteur && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

setup: $(VENV)/.runtime messages

setup-test: $(VENV)/.dev messages

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(DEV) $(BIN)/mypy

migrations-check: $(VENV)/.runtime
	$(DEV) $(BIN)/rapporteur makemigrations --check --dry-run

# The suite on SQLite, then on PostgreSQL when RAPPORTEUR_TEST_POSTGRES_URL names a server.
pytest: $(VENV)/.dev
	$(BIN)/pytest
	if [ -n "$${RAPPORTEUR_TEST_POSTGRES_URL:-}" ]; then \
	  RAPPORTEUR_DATABASE_URL="$$RAPPORTEUR_TEST_POSTGRES_URL" $(BIN)/pytest; \
	fi

clean:
	rm -rf $(VENV) var test-output
