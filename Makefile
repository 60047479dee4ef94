# SIF on Dagster: set-up, demo, tests. Everything installs into .venv at the project root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
# The demo's state (catalog, activities, files, Dagster instance); `make ui` opens the same instance.
DEMO_HOME ?= .sif/demo

.PHONY: setup demo ui test lint typecheck unit conformance bench grammar clean

# Headless Chromium (Debian's `chromium`) drives the UI test; installed only when missing (needs root + apt).
setup: $(VENV)/.installed
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null 2>&1) || echo "warning: could not install chromium (the UI test needs it)"

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

demo: setup
	SIF_HOME=$(DEMO_HOME) $(BIN)/sif demo

# The Dagster UI on the demo's instance ($(DEMO_HOME)/dagster, with the project's dagster.yaml copied in;
# `dagster dev` then ignores ./dagster.yaml with a warning): the demo's asset graph, partitions, checks and runs.
ui: setup
	SIF_HOME=$(DEMO_HOME) DAGSTER_HOME=$(abspath $(DEMO_HOME)/dagster) $(BIN)/python -c \
		'from sif_api.runs import dagster_home; dagster_home()'
	SIF_HOME=$(DEMO_HOME) DAGSTER_HOME=$(abspath $(DEMO_HOME)/dagster) \
		$(BIN)/dagster dev -w workspace.yaml -p 3000 -h 0.0.0.0

test: setup lint typecheck unit conformance

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest

conformance: setup
	$(BIN)/python -m calculator.conformance $(SHARED)/conformance/calculator/cases.jsonl

bench: setup
	$(BIN)/python benchmarks/calculator.py
	$(BIN)/python benchmarks/pipeline.py

# Regenerate the formula parser after editing calculator/grammar/SifFormula.g4.
# Needs Debian's antlr4 (the 4.7.2 tool); its ATN format is read by the pinned 4.9.3 Python runtime.
grammar:
	cd calculator/grammar && antlr4 -Dlanguage=Python3 -no-listener -visitor -o generated SifFormula.g4
	sed -i -e 's/checkVersion("4.7.2")/checkVersion("4.9.3")/' -e 's/from typing.io import TextIO/from typing import TextIO/' calculator/grammar/generated/*.py
	rm -f calculator/grammar/generated/*.interp calculator/grammar/generated/*.tokens

clean:
	rm -rf $(VENV) .sif .mypy_cache .pytest_cache .ruff_cache
