# Two commands for a newcomer: `make demo` and `make test`. Everything else is set-up
# they call. Python 3.11+ must be on PATH as python3; run as root on a fresh machine so
# missing Debian packages (gettext, Chromium) can be installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# Every package comes from a hash-pinned lock file (requirements/lock*.txt, written by
# `make lock`): pip refuses a file whose sha256 the lock does not list, a dependency the
# lock does not pin, and any build from source (whose build tools would escape the hashes).
LOCKED := $(PIP) --require-hashes --only-binary :all:
# Checks and tests run in dev mode; the demo sets its own mode.
DEV := RAPPORTEUR_MODE=dev

.PHONY: demo test setup setup-test messages themes lint typecheck migrations-check lock lock-check pytest clean

demo: setup
	$(BIN)/rapporteur demo

test: setup-test lint typecheck migrations-check lock-check pytest

# The project itself goes in last, without its dependencies (the lock gave them) and with
# the locked setuptools rather than one fetched for an isolated build; `pip check` then
# fails if pyproject.toml asks for a version the lock did not install.
$(VENV)/.runtime: pyproject.toml requirements/lock.txt
	scripts/system-packages.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(LOCKED) -r requirements/lock.txt
	$(PIP) --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/lock-dev.txt
	scripts/system-packages.sh test
	$(LOCKED) -r requirements/lock-dev.txt
	$(BIN)/pip check
	touch $@

# Rewrites the lock files from pyproject.toml (direct pins) and requirements/constraints.txt
# (every pin), with the sha256 of every file the index offers for each version (wheels for
# all platforms and the sdist), then checks that all of them agree. Run after changing a pin;
# it needs the package index. The venv is only needed to exist (order-only), so a lock that
# no longer matches pyproject.toml can still be rewritten.
LOCK_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --build-deps-for=editable \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	--constraint=requirements/constraints.txt
lock: | $(VENV)/.dev
	$(LOCK_COMPILE) --output-file=requirements/lock.txt pyproject.toml
	$(LOCK_COMPILE) --extra=dev --output-file=requirements/lock-dev.txt pyproject.toml
	$(PYTHON) scripts/check-lock.py

# Offline: pyproject.toml, constraints.txt and both lock files name the same versions.
lock-check:
	$(PYTHON) scripts/check-lock.py

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
