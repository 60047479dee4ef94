"""GX suites over frames: one reused data source gives each validation its own frame's outcomes, and the
input columns suite (validated once per distinct set of columns) reports each part's own columns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from calculator.transformer import Transformer
from sif_assets.checks.gx_suites import expectations, validate_frame
from sif_assets.checks.pipeline_checks import (
    Expectation,
    _unique_key_outcomes,
    column_exists,
    compound_unique,
    pair_equal,
    validate_input_part,
    values_match,
)
from sif_resources.pipelines.definition import PipelineDefinition

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"


def _pipeline() -> PipelineDefinition:
    transformer = {
        "transforms": [
            {"index": 0, "formula": ":when", "outputs": [{"index": 0, "key": "time", "type": "timestamp"}]},
            {"index": 1, "formula": ":amount", "outputs": [{"index": 0, "key": "amount", "type": "number"}]},
        ],
        "parameters": [
            {"index": 0, "key": "when", "type": "string"},
            {"index": 1, "key": "amount", "label": "Amount", "type": "number"},
        ],
    }
    return PipelineDefinition(
        key="p",
        name="p",
        type="activities",
        group="/",
        version=1,
        transformer=Transformer.from_dict(transformer),
        transformer_json=transformer,
    )


def test_each_validation_sees_its_own_frame() -> None:
    gxe = expectations()
    regex = [gxe.ExpectColumnValuesToMatchRegex(column="amount", regex=NUMBER)]

    bad = validate_frame(pd.DataFrame({"amount": ["1.5", "lots", "2"]}), "types", regex)
    good = validate_frame(pd.DataFrame({"amount": ["1.5", "3"]}), "types", regex)
    bad_again = validate_frame(pd.DataFrame({"amount": ["x", "y"]}), "types", regex)

    assert [(o["success"], o["unexpected_count"], o["examples"]) for o in bad] == [(False, 1, ["lots"])]
    assert [(o["success"], o["unexpected_count"]) for o in good] == [(True, 0)]
    assert [(o["success"], o["unexpected_count"], o["examples"]) for o in bad_again] == [
        (False, 2, ["x", "y"])
    ]


def test_input_parts_are_checked_against_their_own_columns() -> None:
    pipeline = _pipeline()
    keyed = pd.DataFrame({"when": ["2024-01-01"], "amount": ["1"], "__row_number": [1]})
    labelled = pd.DataFrame({"when": ["2024-01-01"], "Amount": ["x"], "__row_number": [1]})
    missing = pd.DataFrame({"when": ["2024-01-01"], "__row_number": [1]})

    results = [validate_input_part(pipeline, frame) for frame in (keyed, missing, keyed, labelled, missing)]

    columns = [[(o["column"], o["success"]) for o in found] for found, _types in results]
    assert columns == [
        [("when", True), ("amount", True)],
        [("when", True), ("Amount", False)],
        [("when", True), ("amount", True)],
        [("when", True), ("Amount", True)],
        [("when", True), ("Amount", False)],
    ]
    types = [[(o["column"], o["success"]) for o in found] for _columns, found in results]
    assert types == [[("amount", True)], [], [("amount", True)], [("Amount", False)], []]


@pytest.mark.parametrize(
    "values",
    [
        ["1", "2.50", " -3e5 ", ".5"],  # plain ASCII: decided by Arrow, GX's passing outcome
        ["1", "lots", "2"],  # a value that does not match: GX
        ["\u0661\u0662", "3"],  # Arabic-Indic digits: Python's \d takes them, RE2's does not
        ["12\n", "4"],  # Python's $ matches before a final newline
        ["5\x0b", "6\u2003"],  # vertical tab and an em space: whitespace to Python only
        ["", "7"],
    ],
)
def test_input_types_are_what_gx_says(values: list[str]) -> None:
    pipeline = _pipeline()
    frame = pd.DataFrame({"when": ["2024-01-01"] * len(values), "amount": values}, dtype="str")
    gxe = expectations()

    _columns, types = validate_input_part(pipeline, frame)

    regex = [gxe.ExpectColumnValuesToMatchRegex(column="amount", regex=NUMBER)]
    assert types == validate_frame(frame, "input_types", regex)


@pytest.mark.parametrize(
    "rows",
    [
        [("/a", "2024-01-01", "[]"), ("/a", "2024-01-02", "[]"), ("/b", "2024-01-01", "[]")],  # unique: no GX
        [("/a", "2024-01-01", "[]"), ("/a", "2024-01-01", "[]"), ("/b", "2024-01-01", "[]")],  # a repeat
        [("/a", "2024-01-01", None), ("/a", "2024-01-01", None)],  # nulls: GX decides
    ],
)
def test_unique_activity_keys_are_what_gx_says(rows: list[tuple[str, str, str | None]]) -> None:
    keys = pd.DataFrame(rows, columns=["group_id", "date", "unique_keys"])
    gxe = expectations()
    expected = validate_frame(
        keys, "unique_activity_keys", [gxe.ExpectCompoundColumnsToBeUnique(column_list=list(keys.columns))]
    )
    assert _unique_key_outcomes(keys) == expected


@pytest.mark.parametrize(
    ("expectation", "frame"),
    [
        (column_exists("amount"), pd.DataFrame({"amount": []})),
        (values_match("amount", NUMBER), pd.DataFrame({"amount": ["1", "2.5"]}, dtype="str")),
        (compound_unique(["a", "b"]), pd.DataFrame({"a": ["x", "x"], "b": ["1", "2"]})),
        (pair_equal("input_rows", "accounted"), pd.DataFrame({"input_rows": [3], "accounted": [3]})),
    ],
)
def test_a_passing_outcome_is_what_gx_reports(expectation: Expectation, frame: pd.DataFrame) -> None:
    gx_expectation = expectation.gx()
    assert gx_expectation.expectation_type == expectation.expectation_type
    assert validate_frame(frame, "suite", [gx_expectation]) == [expectation.passed()]


def test_passing_checks_do_not_import_gx() -> None:
    script = """
import sys
from datetime import UTC, datetime
import numpy as np, pandas as pd
from sif_assets.checks.pipeline_checks import activity_summary, validate_input_part
from sif_resources.activities.compute import InputPart, compute_activity_slice
from tests.sif_assets.test_gx_suites import _pipeline
pipeline = _pipeline()
frame = pd.DataFrame({"when": ["2024-01-05", "2024-01-06"], "amount": ["1", "2.5"]}, dtype="str")
validate_input_part(pipeline, frame)
part = InputPart("e1", "/", "create", frame, np.array([1, 2]))
computed = compute_activity_slice(pipeline, [part], tenant="t", month="2024-01", run_id="r",
    computed_at=datetime.now(UTC), resolver=None, default_group="/")
summary = activity_summary(pipeline, computed)
assert all(o["success"] for found in summary.outcomes.values() for o in found), summary.outcomes
print("great_expectations" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert done.stdout.strip() == "False", done.stderr
