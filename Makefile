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

.PHONY: run test lint format unit e2e bench install install-dev browser system oidc clean

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

# Debian packages the tests need, each behind the command that shows it is there:
# Chromium for the browser tests (Playwright's own browser download is not used), PHP for
# the official onOffice SDK (tests/http/test_php_sdk.py), Node.js, curl and openssl for the
# code exports (tests/http/test_code_export_runs.py), npm for the OpenID provider.
BROWSER_PACKAGES := chromium:chromium node:nodejs npm:npm
OTHER_PACKAGES := php:php-cli,php-curl curl:curl openssl:openssl
# What is missing comes in one apt-get run, without the packages Debian only recommends
# (beside Chromium: printing, notifications, GPU drivers, a hundred packages more), which
# took longer to install than all the packages the tests need.
define install_missing
	@missing=""; for pair in $(1); do \
		command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; test -z "$$missing" || (apt-get update -q \
		&& apt-get install -y -q --no-install-recommends $$(echo $$missing | tr , ' '))
endef

browser:
	$(call install_missing,$(BROWSER_PACKAGES))

system:
	$(call install_missing,$(BROWSER_PACKAGES) $(OTHER_PACKAGES))

# The OpenID provider of the browser tests (tests/oidc: oidc-provider from npm, at the
# versions of its package-lock.json), installed into tests/oidc/node_modules once.
oidc: browser
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
# beside them: they leave part of a core idle. The Python packages and the Debian ones
# install side by side: each waits on the network and the disk much of the time.
test:
	@$(MAKE) --no-print-directory -j2 install-dev system
	@$(MAKE) --no-print-directory oidc
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

e2e: install-dev oidc
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
