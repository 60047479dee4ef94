"""The shared conformance corpus (spec/calculator.md §0) as the table of truth: every record passes.

The corpus lives outside the repository, in `../shared/conformance/calculator/cases.jsonl`; the `SIF_SHARED`
environment variable points at another copy of the shared folder. Records marked `commented-out` (cases the
original unit tests disable) are run too: the original code passes them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from calculator.conformance import run_case


def _shared_folder() -> Path:
    override = os.environ.get("SIF_SHARED")
    return Path(override) if override else Path(__file__).parents[3] / "shared"


CORPUS = _shared_folder() / "conformance" / "calculator" / "cases.jsonl"


def _records() -> list[dict[str, Any]]:
    if not CORPUS.is_file():
        return []
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


RECORDS = _records()


def _require_corpus() -> None:
    if CORPUS.is_file():
        return
    message = f"conformance corpus not found at {CORPUS} (set SIF_SHARED to the shared folder)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_corpus_is_present_and_has_records() -> None:
    _require_corpus()
    assert RECORDS, f"{CORPUS} holds no records"


def test_corpus_record_ids_are_unique() -> None:
    _require_corpus()
    ids = [record["id"] for record in RECORDS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_corpus_record_evaluates_as_sif_does(record: dict[str, Any]) -> None:
    assert run_case(record) == []
