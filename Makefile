# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format unit e2e test-postgres bench install browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)

run: install
	$(BIN)/playground serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Browser tests run in their own pytest process: Playwright's sync API keeps an event loop
# running in the main thread, which the async tests of the other suites cannot share.
PYTEST_SUITES := $(BIN)/pytest -m "not e2e" && $(BIN)/pytest -m e2e

test: install browser lint
	$(PYTEST_SUITES)

test-postgres: install browser
	bash tests/with_postgres.sh sh -c '$(PYTEST_SUITES)'

bench: install
	$(BIN)/python -m bench.sandbox_direct
	$(BIN)/python -m bench.send_overhead
	$(BIN)/python -m bench.history_scale
	$(BIN)/python -m bench.page_weight

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
