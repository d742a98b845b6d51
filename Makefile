# Two commands for a newcomer: `make demo` and `make test`. Everything else is set-up
# they call. Python 3.11+ must be on PATH as python3; run as root on a fresh machine so
# missing Debian packages (gettext, Chromium) can be installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt
# Checks and tests run in dev mode; the demo sets its own mode.
DEV := RAPPORTEUR_MODE=dev

.PHONY: demo test setup setup-test messages themes lint typecheck migrations-check pytest clean

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

setup: $(VENV)/.runtime messages themes

setup-test: $(VENV)/.dev messages themes

# The visits theme classifier, trained once (~1 min) from the shared UPR Info data and
# again only when that data or the training code is newer than the model.
SHARED := ../shared
THEMES_MODEL := var/models/themes.npz
THEMES_INPUTS := $(wildcard $(SHARED)/data/upr-info/*.csv) rapporteur/visits/extraction/themes.py

themes: | $(VENV)/.runtime
	@if [ -d $(SHARED)/data/upr-info ]; then \
	  $(MAKE) --no-print-directory $(THEMES_MODEL); \
	else \
	  echo "note: $(SHARED)/data/upr-info is absent, so no theme model is built;" \
	    "the desk runs and leaves suggested themes empty."; \
	fi

$(THEMES_MODEL): $(THEMES_INPUTS) | $(VENV)/.runtime
	$(DEV) $(BIN)/rapporteur visits train-themes

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(DEV) $(BIN)/mypy

migrations-check: $(VENV)/.runtime
	$(DEV) $(BIN)/rapporteur makemigrations --check --dry-run

# The suite on SQLite, then on PostgreSQL when RAPPORTEUR_TEST_POSTGRES_URL names a server,
# each spread over every core (pytest-xdist; each worker has its own database and data
# directory). PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
pytest: $(VENV)/.dev
	$(BIN)/pytest -n $(PYTEST_WORKERS)
	if [ -n "$${RAPPORTEUR_TEST_POSTGRES_URL:-}" ]; then \
	  RAPPORTEUR_DATABASE_URL="$$RAPPORTEUR_TEST_POSTGRES_URL" $(BIN)/pytest -n $(PYTEST_WORKERS); \
	fi

clean:
	rm -rf $(VENV) var test-output
