# Sanad: common tasks. Everything runs from the repository root with the
# project's own virtualenv in .venv (made on first use).
#
#   make serve      build the index if it is missing or unusable (sanad check), then serve on HOST:PORT
#   make index      (re)build the search index
#   make lint       ruff and mypy: any finding fails
#   make test       lint, then the test suite (PYTEST_ARGS="tests/browser -q" to narrow the tests)
#   make eval       relevance evaluation
#   make bench      benchmarks
#   make clean      remove .venv, instance/ and caches
#
# Installs re-run only when requirements*.txt or pyproject.toml change (stamp files in .venv).

PYTHON          ?= python3
VENV            := .venv
BIN             := $(VENV)/bin
HOST            ?= 127.0.0.1
PORT            ?= 8000
SANAD_INDEX_DIR ?= instance/index
PYTEST_ARGS     ?=

RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP     := $(VENV)/.installed-dev
# axe-core for the accessibility tests in tests/browser, from the npm registry, pinned;
# installed beside the virtualenv (git-ignored), read from there at test time.
AXE_VERSION   := 4.14.1
AXE_JS        := $(VENV)/npm/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := venv
.PHONY: venv dev-venv serve index lint test eval bench clean

# --- virtualenv -------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime deps, then the project itself as an editable install (gives .venv/bin/sanad).
$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	@touch $@

# Test, evaluation and benchmark deps on top of the runtime ones.
$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP) $(AXE_JS)
	$(BIN)/python -m pip install -r requirements-dev.txt
	@touch $@

$(AXE_JS): Makefile | $(BIN)/python
	npm install --prefix $(VENV)/npm --no-save --no-audit --no-fund --ignore-scripts axe-core@$(AXE_VERSION)
	@test -f $@ && touch $@

venv: $(RUNTIME_STAMP)

dev-venv: $(DEV_STAMP)

# --- running ----------------------------------------------------------------

serve: $(RUNTIME_STAMP)
	@if [ ! -d "$(SANAD_INDEX_DIR)/current" ]; then \
		echo "No index at $(SANAD_INDEX_DIR)/current: building it first"; \
		$(BIN)/sanad index; \
	elif ! $(BIN)/sanad check >/dev/null 2>&1; then \
		echo "The index at $(SANAD_INDEX_DIR) cannot be served as it is (sanad check says why): rebuilding it"; \
		$(BIN)/sanad index; \
	fi
	$(BIN)/sanad serve --host $(HOST) --port $(PORT)

index: $(RUNTIME_STAMP)
	$(BIN)/sanad index

# --- checking ---------------------------------------------------------------

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Lint first: a lint or type error fails the run before any test starts.
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

eval: $(DEV_STAMP)
	$(BIN)/python bench/relevance.py

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

# --- housekeeping -----------------------------------------------------------

clean:
	rm -rf $(VENV) instance build .pytest_cache .hypothesis
	find . -path ./.git -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -prune -exec rm -rf {} +
