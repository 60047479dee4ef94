# SIF on Dagster: set-up, demo, tests. Everything installs into .venv at the project root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup demo test lint typecheck unit conformance bench grammar clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/sif demo

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

# Regenerate the formula parser after editing calculator/grammar/SifFormula.g4.
# Needs Debian's antlr4 (the 4.7.2 tool); its ATN format is read by the pinned 4.9.3 Python runtime.
grammar:
	cd calculator/grammar && antlr4 -Dlanguage=Python3 -no-listener -visitor -o generated SifFormula.g4
	sed -i -e 's/checkVersion("4.7.2")/checkVersion("4.9.3")/' -e 's/from typing.io import TextIO/from typing import TextIO/' calculator/grammar/generated/*.py
	rm -f calculator/grammar/generated/*.interp calculator/grammar/generated/*.tokens

clean:
	rm -rf $(VENV) .sif .mypy_cache .pytest_cache .ruff_cache
