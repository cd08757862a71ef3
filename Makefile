# Fazhi — every target sets itself up: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed

.PHONY: run test unit integration e2e containers bench clean

run: $(READY)  ## start NATS and every service (embedded defaults, data under ./var)
	$(BIN)/fazhi up

test: $(READY)  ## the whole suite, stage by stage: unit → integration → end-to-end → containers; stops at the first failing stage
	$(BIN)/python -m pytest -q tests/unit
	$(BIN)/python -m pytest -q tests/integration
	$(BIN)/python -m pytest -q tests/e2e
	$(BIN)/python -m pytest -q tests/containers

unit: $(READY)
	$(BIN)/python -m pytest -q tests/unit

integration: $(READY)
	$(BIN)/python -m pytest -q tests/integration

e2e: $(READY)
	$(BIN)/python -m pytest -q tests/e2e

containers: $(READY)  ## the images (built once, then reused) and the container tests; needs a Docker engine
	bash deploy/local-images.sh
	$(BIN)/python -m pytest -q tests/containers

bench: $(READY)  ## benchmarks side by side with raw drivers and peer libraries
	$(BIN)/python -m bench

$(READY): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fazhi needs Python 3.11 or newer (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

clean:
	rm -rf $(VENV) var bench/.work
