# The README's two Quickstart commands: `make up` and `make test`.
# Each makes .venv if it is missing and installs the project into it when
# pyproject.toml changed, then hands over to `python -m stack`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install; pip runs again only when pyproject.toml
# is newer than it.
PY_STAMP := $(VENV)/.installed-stamp

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: up test deps services stop status

## Run Kafka, Redis, the engine, the API and the simulator until Ctrl-C.
up: deps
	$(PY) -m stack up

## Run every test against Kafka and Redis of the test profile.
## Pass pytest options with ARGS, e.g. `make test ARGS="-k leaderboard -x"`.
## The frontend's test command goes on a line of its own after the pytest one.
test: deps
	$(PY) -m stack test $(ARGS)

## Start the test profile's services in the background; `make stop` ends them.
services: deps
	$(PY) -m stack services --profile test

stop:
	$(PY) -m stack stop --profile test

status:
	$(PY) -m stack status --profile test

# Everything the commands need. The frontend's `npm ci` belongs here as one
# more prerequisite: a stamp target on frontend/package-lock.json.
deps: $(PY_STAMP)

$(PY_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

$(PY):
	$(PYTHON) -m venv $(VENV)
