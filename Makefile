# The two commands of the README: `make run` and `make test`. Each sets up what it needs.

# Python keeps each module it compiles in __pycache__. Some machines and images turn that
# off (PYTHONDONTWRITEBYTECODE=1); then every process compiles every module it imports
# again: 6 s of CPU to import the app instead of 2, in each test worker and each server
# the tests start. Here Python writes its caches as it does by default.
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format unit e2e bench install install-dev browser php exports oidc clean

# uv installs the packages (several times faster than pip on a fresh machine); should it
# fail, pip does the same install.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv

INSTALL = $(BIN)/uv pip install --quiet --python $(BIN)/python
FALLBACK = $(BIN)/pip install --quiet

# Serving needs the project alone; testing adds the dev extras (pytest, Playwright, ruff,
# mypy). Each has its own stamp, so either command works after the other.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(INSTALL) -e . || $(FALLBACK) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(INSTALL) -e '.[dev]' || $(FALLBACK) -e '.[dev]'
	touch $@

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)

# The official onOffice PHP SDK (tests/vendor) reads from the sandbox in tests/http/test_php_sdk.py.
php:
	@command -v php >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q php-cli php-curl)

# The code exports run in tests/http/test_code_export_runs.py: shell (curl, openssl), Node.
exports:
	@command -v node >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q nodejs)
	@command -v curl >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q curl)
	@command -v openssl >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q openssl)

# The OpenID provider of the browser tests (tests/oidc: oidc-provider from npm, at the
# versions of its package-lock.json), installed into tests/oidc/node_modules once.
oidc: exports
	@command -v npm >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q npm)
	@test tests/oidc/node_modules/.package-lock.json -nt tests/oidc/package-lock.json \
		|| (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)

run: install
	$(BIN)/playground serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Browser tests run in their own pytest process: Playwright's sync API keeps an event loop
# running in the main thread, which the async tests of the other suites cannot share.
# Both spread over the machine's cores (pytest-xdist); each worker has its own databases,
# servers and browser. Work stealing keeps both cores busy to the end (a few tests take
# seconds); the browser tests keep their groups, which share one server each.
WORKERS ?= auto
# The unit and HTTP tests wait part of the time (on PostgreSQL, on the servers and
# commands they start): one worker more than there are cores keeps the cores busy.
CORES := $(shell nproc 2>/dev/null || echo 2)
UNIT_WORKERS ?= $(if $(filter auto,$(WORKERS)),$(shell echo $$(($(CORES) + 1))),$(WORKERS))
# The other suites skip the browser tests' modules and plugin (seconds in each process).
UNIT_TESTS := $(BIN)/pytest -n $(UNIT_WORKERS) --dist worksteal -m "not e2e" --ignore=tests/e2e -p no:playwright
E2E_TESTS := $(BIN)/pytest -n $(WORKERS) --dist loadgroup -m e2e

# The unit and HTTP tests run on SQLite and, those that use a database, on a throw-away
# PostgreSQL cluster too (tests/with_postgres.sh), in one pytest run: the processes,
# collection and the last straggling tests are shared. mypy, the slowest check, runs
# beside them: they leave part of a core idle.
test: install-dev browser php exports oidc
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	@$(BIN)/mypy > $(VENV)/mypy.log 2>&1 & checking=$$!; \
	bash tests/with_postgres.sh $(UNIT_TESTS); unit=$$?; \
	wait $$checking; typed=$$?; echo "mypy:"; cat $(VENV)/mypy.log; \
	test $$unit -eq 0 && test $$typed -eq 0
	$(E2E_TESTS)

# On SQLite only: the quick round while working.
unit: install-dev
	$(UNIT_TESTS)

e2e: install-dev browser oidc
	$(E2E_TESTS)

bench: install-dev
	$(BIN)/python -m bench.sandbox_direct
	$(BIN)/python -m bench.send_overhead
	$(BIN)/python -m bench.history_scale
	$(BIN)/python -m bench.page_weight
	$(BIN)/python -m bench.slow_upstream
	$(BIN)/python -m bench.fields_json
	$(BIN)/python -m bench.diff_speed
	$(BIN)/python -m bench.language_compare
	$(BIN)/python -m bench.import_memory
	$(BIN)/python -m bench.deep_answers

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
