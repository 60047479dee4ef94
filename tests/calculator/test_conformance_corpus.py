"""The shared conformance corpus (spec/calculator.md §0) as the table of truth: every record passes.

The corpus lives outside the repository, in `../shared/conformance/calculator/cases.jsonl`; the `SIF_SHARED`
environment variable points at another copy of the shared folder. Records marked `commented-out` (cases the
original unit tests disable) are run too: the original code passes them.
"""

from __future__ import annotations

from typing import Any

import pytest

from calculator.conformance import run_case
from tests.shared_folder import CALCULATOR_CORPUS, corpus_records, require

RECORDS = corpus_records()


def test_corpus_is_present_and_has_records() -> None:
    require(CALCULATOR_CORPUS)
    assert RECORDS, f"{CALCULATOR_CORPUS} holds no records"


def test_corpus_record_ids_are_unique() -> None:
    require(CALCULATOR_CORPUS)
    ids = [record["id"] for record in RECORDS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_corpus_record_evaluates_as_sif_does(record: dict[str, Any]) -> None:
    assert run_case(record) == []
