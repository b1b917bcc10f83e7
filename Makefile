# The README's two Quickstart commands: `make up` and `make test`.
# Each makes .venv if it is missing and installs the project into it when
# pyproject.toml changed, installs the page's node_modules when
# frontend/package-lock.json changed, then hands over to `python -m stack`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install; pip runs again only when pyproject.toml
# is newer than it.
PY_STAMP := $(VENV)/.installed-stamp
# Touched after a successful `npm ci` (which empties node_modules first).
NPM_STAMP := frontend/node_modules/.installed-stamp

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export NPM_CONFIG_UPDATE_NOTIFIER := false

.PHONY: up test deps services stop status

## Run Kafka, Redis, the engine, the API and the simulator until Ctrl-C.
## `make up ENGINES=2` runs two engine members in one consumer group.
up: deps
	$(PY) -m stack up $(if $(ENGINES),--engines $(ENGINES))

## Run every test: the page's checks (Prettier, tsc, file names) and its
## component tests (Vitest), then pytest against Kafka and Redis of the test
## profile, the page's browser test included. Each line fails the run.
## Pass pytest options with ARGS, e.g. `make test ARGS="-k leaderboard -x"`.
test: deps
	npm --prefix frontend run check
	npm --prefix frontend test
	$(PY) -m stack test $(ARGS)

## Start the test profile's services in the background; `make stop` ends them.
services: deps
	$(PY) -m stack services --profile test

stop:
	$(PY) -m stack stop --profile test

status:
	$(PY) -m stack status --profile test

# Everything the commands need: the project in .venv, the page's packages.
deps: $(PY_STAMP) $(NPM_STAMP)

$(PY_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# A new venv's own pip first: an old one (23.2) was seen backtracking for
# minutes through old releases of a dependency.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip

$(NPM_STAMP): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@
