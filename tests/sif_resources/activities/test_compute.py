"""compute_activity_slice: identity, latest-wins, deletions, errors and exact daily sums (SIF §9.5, §9.6),
through real transformers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, localcontext
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator.resolver import InMemoryResolver
from calculator.transformer import Transformer
from calculator.values import EXACT
from sif_resources.activities.compute import InputPart, compute_activity_slice, factor_versions
from sif_resources.activities.model import ACTIVITY_COLUMNS, DAILY_COLUMNS, ERROR_COLUMNS, ActivitySlice
from sif_resources.pipelines.definition import PipelineDefinition

NOW = datetime(2024, 2, 1, tzinfo=UTC)


def transform(
    index: int, formula: str, key: str, type_: str = "number", unique: bool = False
) -> dict[str, Any]:
    output: dict[str, Any] = {"key": key, "type": type_}
    if unique:
        output["includeAsUnique"] = True
    return {"index": index, "formula": formula, "outputs": [output]}


ELECTRICITY: dict[str, Any] = {
    "parameters": [
        {"key": "date", "type": "string", "label": "Bill date"},
        {"key": "meter", "type": "string"},
        {"key": "kwh", "type": "number"},
        {"key": "hours", "type": "number"},
    ],
    "transforms": [
        transform(0, "AS_TIMESTAMP(:date,'yyyy-MM-dd')", "time", "timestamp"),
        transform(1, ":meter", "meter", "string", unique=True),
        transform(2, ":kwh * 0.4", "co2e"),
        transform(3, ":kwh / :hours", "rate"),
        transform(4, "CONCAT('meter ', :meter)", "note", "string"),
    ],
}


def pipeline(transformer: dict[str, Any] = ELECTRICITY, key: str = "electricity") -> PipelineDefinition:
    return PipelineDefinition(
        key=key,
        name=key,
        type="activities",
        group="/",
        version=3,
        transformer=Transformer.from_dict(transformer),
        transformer_json=transformer,
    )


def part(
    execution: str,
    rows: Sequence[tuple[str, ...]],
    *,
    group: str = "/acme",
    action: str = "create",
    columns: tuple[str, ...] = ("date", "meter", "kwh", "hours"),
    row_numbers: list[int] | None = None,
) -> InputPart:
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    numbers = np.array(row_numbers if row_numbers is not None else range(1, len(rows) + 1), dtype=np.int64)
    return InputPart(execution, group, action, frame, numbers)  # type: ignore[arg-type]


def compute(
    parts: list[InputPart],
    definition: PipelineDefinition | None = None,
    *,
    month: str = "2024-01",
    resolver: Any = None,
    tenant: str = "t1",
) -> ActivitySlice:
    return compute_activity_slice(
        definition or pipeline(),
        parts,
        tenant=tenant,
        month=month,
        run_id="run-1",
        computed_at=NOW,
        resolver=resolver,
        default_group="/",
    )


def records(frame: pd.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def daily(slice_: ActivitySlice) -> dict[tuple[str, str, str], str]:
    return {(g, d, o): v for g, d, o, v in records(slice_.daily, *DAILY_COLUMNS)}


# --- rows ---------------------------------------------------------------------------------------------------
def test_rows_carry_identity_date_keys_and_values_as_sif_text() -> None:
    result = compute([part("e1", [("2024-01-05", "m1", "10", "4"), ("2024-01-31", "m2", "2.5", "2")])])

    assert list(result.rows.columns) == list(ACTIVITY_COLUMNS)
    columns = ("group_id", "date", "unique_keys", "execution_id", "row_number", "action")
    assert records(result.rows, *columns) == [
        ("/acme", "2024-01-05T00:00:00.000Z", '["m1"]', "e1", 1, "create"),
        ("/acme", "2024-01-31T00:00:00.000Z", '["m2"]', "e1", 2, "create"),
    ]
    assert [json.loads(v) for v in result.rows["values"]] == [
        {"co2e": "4", "rate": "2.5", "note": "meter m1"},
        {"co2e": "1", "rate": "1.25", "note": "meter m2"},
    ]
    assert result.rows["is_latest"].tolist() == [True, True]
    assert (result.input_rows, result.pipeline_key, result.month, result.pipeline_version) == (
        2,
        "electricity",
        "2024-01",
        3,
    )
    assert result.errors.empty and list(result.errors.columns) == list(ERROR_COLUMNS)


def test_activity_id_is_blake2b_of_tenant_pipeline_group_date_and_keys() -> None:
    result = compute([part("e1", [("2024-01-05", "m1", "10", "4")])])
    identity = "\x1f".join(["t1", "electricity", "/acme", "2024-01-05T00:00:00.000Z", '["m1"]'])
    expected = hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()
    assert result.rows["activity_id"].tolist() == [expected]


def test_same_row_in_another_group_pipeline_or_tenant_is_another_activity() -> None:
    row = ("2024-01-05", "m1", "10", "4")
    ids = {
        compute([part("e1", [row])]).rows["activity_id"][0],
        compute([part("e1", [row], group="/other")]).rows["activity_id"][0],
        compute([part("e1", [row])], pipeline(key="gas")).rows["activity_id"][0],
        compute([part("e1", [row])], tenant="t2").rows["activity_id"][0],
        compute([part("e1", [("2024-01-06", "m1", "10", "4")])]).rows["activity_id"][0],
        compute([part("e1", [("2024-01-05", "m2", "10", "4")])]).rows["activity_id"][0],
    }
    assert len(ids) == 6


def test_ids_are_the_same_in_every_run() -> None:
    rows = [("2024-01-05", "m1", "10", "4"), ("2024-01-06", "m2", "1", "1")]
    assert compute([part("e1", rows)]).rows["activity_id"].tolist() == (
        compute([part("e9", rows)]).rows["activity_id"].tolist()
    )


def test_csv_labels_name_columns_too() -> None:
    labelled = part("e1", [("2024-01-05", "m1", "10", "4")], columns=("Bill date", "meter", "kwh", "hours"))
    keyed = part("e2", [("2024-01-06", "m1", "10", "4")])
    result = compute([labelled, keyed])
    assert result.rows["date"].tolist() == ["2024-01-05T00:00:00.000Z", "2024-01-06T00:00:00.000Z"]
    assert result.errors.empty


def test_no_unique_keys_gives_an_empty_key_list() -> None:
    transformer = {**ELECTRICITY, "transforms": [t for t in ELECTRICITY["transforms"] if t["index"] != 1]}
    result = compute([part("e1", [("2024-01-05", "m1", "10", "4")])], pipeline(transformer))
    assert result.rows["unique_keys"].tolist() == ["[]"]


def test_values_are_json_even_for_quotes_backslashes_and_control_characters() -> None:
    meter = 'a"b\\c\nd\té'
    result = compute([part("e1", [("2024-01-05", meter, "10", "4")])])
    assert json.loads(result.rows["values"][0])["note"] == f"meter {meter}"
    assert json.loads(result.rows["unique_keys"][0]) == [meter]


def test_assign_to_group_decides_the_group() -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            *ELECTRICITY["transforms"][:2],
            {
                "index": 2,
                "formula": "ASSIGN_TO_GROUP(CONCAT('/acme/', :hours))",
                "outputs": [{"key": "site", "type": "string"}],
            },
        ],
    }
    resolver = InMemoryResolver(existing_groups={"/acme/1", "/acme/2"})
    result = compute(
        [part("e1", [("2024-01-05", "m1", "10", "1"), ("2024-01-05", "m1", "10", "2")])],
        pipeline(transformer),
        resolver=resolver,
    )
    assert result.rows["group_id"].tolist() == ["/acme/1", "/acme/2"]
    # same date and keys in two groups: two activities, both latest
    assert result.rows["activity_id"].nunique() == 2
    assert result.rows["is_latest"].tolist() == [True, True]


def test_parts_in_different_execution_groups_are_evaluated_in_their_own_context() -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            *ELECTRICITY["transforms"][:2],
            transform(2, "ASSIGN_TO_GROUP('/acme/1')", "site", "string"),
        ],
    }
    resolver = InMemoryResolver(existing_groups={"/acme/1"})
    result = compute(
        [
            part("e1", [("2024-01-05", "m1", "10", "1")], group="/acme"),
            part("e2", [("2024-01-06", "m1", "10", "1")], group="/other"),
            part("e3", [("2024-01-07", "m1", "10", "1")], group="/acme"),
        ],
        pipeline(transformer),
        resolver=resolver,
    )
    # /other may not assign rows to /acme/1: a cell error, and the row stays in its execution's group
    assert records(result.rows, "execution_id", "group_id") == [
        ("e1", "/acme/1"),
        ("e2", "/other"),
        ("e3", "/acme/1"),
    ]
    assert records(result.errors, "execution_id", "row_number", "column") == [("e2", 1, "site")]
    assert (
        "must be the same as or be a child of the group context of execution (/other)"
        in (result.errors["message"][0])
    )


# --- latest and deletions -----------------------------------------------------------------------------------
def test_two_rows_with_one_identity_in_one_file_the_later_row_wins() -> None:
    result = compute([part("e1", [("2024-01-05", "m1", "10", "1"), ("2024-01-05", "m1", "20", "1")])])
    assert result.rows["activity_id"].nunique() == 1
    assert result.rows["is_latest"].tolist() == [False, True]
    assert daily(result) == {("/acme", "2024-01-05", "co2e"): "8", ("/acme", "2024-01-05", "rate"): "20"}


def test_later_row_number_wins_even_when_rows_arrive_out_of_order() -> None:
    result = compute(
        [part("e1", [("2024-01-05", "m1", "20", "1"), ("2024-01-05", "m1", "10", "1")], row_numbers=[7, 3])]
    )
    assert records(result.rows, "row_number", "is_latest") == [(7, True), (3, False)]
    assert daily(result)[("/acme", "2024-01-05", "co2e")] == "8"


def test_re_upload_in_a_later_execution_wins() -> None:
    result = compute(
        [
            part("e1", [("2024-01-05", "m1", "10", "1"), ("2024-01-06", "m2", "1", "1")]),
            part("e2", [("2024-01-05", "m1", "30", "1")]),
        ]
    )
    assert records(result.rows, "execution_id", "row_number", "is_latest") == [
        ("e1", 1, False),
        ("e1", 2, True),
        ("e2", 1, True),
    ]
    assert result.rows["activity_id"][0] == result.rows["activity_id"][2]
    assert daily(result)[("/acme", "2024-01-05", "co2e")] == "12"
    assert len(result.latest) == 2


def test_delete_execution_removes_the_activity_from_latest_and_daily_sums() -> None:
    result = compute(
        [
            part("e1", [("2024-01-05", "m1", "10", "1"), ("2024-01-05", "m2", "5", "1")]),
            part("e2", [("2024-01-05", "m1", "999", "0")], action="delete"),
        ]
    )
    assert records(result.rows, "execution_id", "action", "is_latest") == [
        ("e1", "create", False),
        ("e1", "create", True),
        ("e2", "delete", True),
    ]
    # SIF writes nulls for a deletion; the rate's division by zero is not reported (§9.6)
    assert json.loads(result.rows["values"][2]) == {"co2e": None, "rate": None, "note": None}
    assert result.errors.empty
    assert result.latest["unique_keys"].tolist() == ['["m2"]']
    assert daily(result) == {("/acme", "2024-01-05", "co2e"): "2", ("/acme", "2024-01-05", "rate"): "5"}


def test_a_create_after_a_delete_restores_the_activity() -> None:
    row = ("2024-01-05", "m1", "10", "1")
    result = compute([part("e1", [row]), part("e2", [row], action="delete"), part("e3", [row])])
    assert result.rows["is_latest"].tolist() == [False, False, True]
    assert daily(result)[("/acme", "2024-01-05", "co2e")] == "4"


def test_delete_runs_still_report_row_errors() -> None:
    result = compute([part("e1", [("2024-01-05", "m1", "ten", "1")], action="delete")])
    assert records(result.errors, "execution_id", "row_number", "column") == [("e1", 1, None)]
    assert result.rows.empty


# --- errors -------------------------------------------------------------------------------------------------
def test_errors_name_execution_row_column_and_sif_message() -> None:
    result = compute(
        [
            part("e1", [("2024-01-05", "m1", "10", "4")]),
            part(
                "e2",
                [
                    ("2024-01-05", "m1", "10", "0"),  # rate: division by zero (cell error, row still stored)
                    ("2024-13-45", "m2", "1", "1"),  # time fails: no activity
                    ("2024-01-06", "", "1", "1"),  # unique key empty: row error
                    ("2024-01-07", "m4", "ten", "1"),  # not a number: row error
                    ("2024-02-01", "m5", "1", "1"),  # another month
                ],
                row_numbers=[2, 3, 4, 5, 6],
            ),
        ]
    )
    assert records(result.errors, "execution_id", "row_number", "column", "message") == [
        (
            "e2",
            2,
            "rate",
            "Row '2024-01-05-m1-10-0' column 'rate' encountered error evaluating formula `:kwh / :hours` - "
            "/ by zero",
        ),
        (
            "e2",
            3,
            "time",
            "Row '2024-13-45-m2-1-1' column 'time' encountered error evaluating formula "
            "`AS_TIMESTAMP(:date,'yyyy-MM-dd')` - Text '2024-13-45' could not be parsed: Invalid value for "
            "MonthOfYear (valid values 1 - 12): 13",
        ),
        (
            "e2",
            4,
            None,
            "Failed processing row {date=2024-01-06, meter=, kwh=1, hours=1}, err: Row '2024-01-06--1-1' "
            "column 'meter' encountered error uniqueKey value cannot be null",
        ),
        (
            "e2",
            5,
            None,
            "Failed processing row {date=2024-01-07, meter=m4, kwh=ten, hours=1}, err: Character t is "
            'neither a decimal digit number, decimal point, nor "e" notation exponential mark.',
        ),
        ("e2", 6, None, "date 2024-02-01T00:00:00.000Z is outside partition month 2024-01"),
    ]
    assert records(result.rows, "execution_id", "row_number") == [("e1", 1), ("e2", 2)]
    assert json.loads(result.rows["values"][1]) == {"co2e": "4", "rate": None, "note": "meter m1"}
    # the failed rate leaves the day's rate sum to other rows: there are none that are latest
    assert daily(result) == {("/acme", "2024-01-05", "co2e"): "4"}


def test_many_errors_read_the_same_as_a_few() -> None:
    """Past the first few, row texts for messages are built for every row at once: same text."""
    rows = [(f"2024-01-{1 + i % 28:02}", None, str(i), "1") for i in range(300)]
    result = compute([part("e1", rows)])  # type: ignore[arg-type]
    messages = result.errors["message"].tolist()
    assert len(messages) == 300
    for i in (0, 299):
        date = rows[i][0]
        assert messages[i] == (
            f"Failed processing row {{date={date}, meter=, kwh={i}, hours=1}}, err: Row '{date}--{i}-1' "
            "column 'meter' encountered error uniqueKey value cannot be null"
        )


def test_a_time_output_that_is_not_a_number_or_null_is_a_row_error() -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            {
                "index": 0,
                "formula": "IF(:meter == 'm1', :date, null)",
                "outputs": [{"key": "time", "type": "timestamp"}],
            },
            *ELECTRICITY["transforms"][1:3],
        ],
    }
    result = compute(
        [part("e1", [("2024-01-05", "m1", "1", "1"), ("2024-01-05", "m2", "1", "1")])], pipeline(transformer)
    )
    assert result.rows.empty
    messages = result.errors["message"].tolist()
    assert messages[0].endswith("column 'time' encountered error timestamp value must be a number")
    assert messages[1].endswith("column 'time' encountered error timestamp value cannot be null")
    assert result.errors["column"].tolist() == [None, None]


def test_a_failed_unique_key_reports_its_cell_error_and_stores_nothing() -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            ELECTRICITY["transforms"][0],
            transform(1, "1 / :hours", "k", unique=True),
        ],
    }
    result = compute([part("e1", [("2024-01-05", "m1", "1", "0")])], pipeline(transformer))
    assert result.rows.empty
    assert records(result.errors, "row_number", "column") == [(1, "k")]


def test_time_is_whole_utc_seconds() -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            {"index": 0, "formula": ":kwh", "outputs": [{"key": "time", "type": "timestamp"}]},
            ELECTRICITY["transforms"][1],
        ],
    }
    result = compute(
        [part("e1", [("", "m1", "1704067200999.5", "1"), ("", "m1", "1704067200001", "1")])],
        pipeline(transformer),
    )
    assert result.rows["date"].tolist() == ["2024-01-01T00:00:00.000Z"] * 2
    assert result.rows["is_latest"].tolist() == [False, True]


# --- daily sums ---------------------------------------------------------------------------------------------
def test_daily_sums_are_exact_per_group_day_and_numeric_output() -> None:
    result = compute(
        [
            part("e1", [("2024-01-05", "m1", "0.1", "1"), ("2024-01-05", "m2", "0.2", "1")]),
            part("e2", [("2024-01-05", "m3", "0.3", "1"), ("2024-01-06", "m1", "7", "2")], group="/beta"),
        ]
    )
    assert list(result.daily.columns) == list(DAILY_COLUMNS)
    assert daily(result) == {
        ("/acme", "2024-01-05", "co2e"): "0.12",
        ("/acme", "2024-01-05", "rate"): "0.3",
        ("/beta", "2024-01-05", "co2e"): "0.12",
        ("/beta", "2024-01-05", "rate"): "0.3",
        ("/beta", "2024-01-06", "co2e"): "2.8",
        ("/beta", "2024-01-06", "rate"): "3.5",
    }


@pytest.mark.parametrize(
    ("formula", "values", "expected"),
    [
        (":kwh * 0.0000001", ["1", "2.5"], "0.00000035"),  # E-notation texts (1E-7, 2.5E-7)
        (":kwh + 1" + "0" * 40, ["1", "2.5"], "2" + "0" * 39 + "3.5"),  # needs decimal256
        (":kwh + 1" + "0" * 80, ["1", "0.5"], "2" + "0" * 79 + "1.5"),  # beyond 76 digits: Python Decimal
        (":kwh * 1", ["1.10", "2.20", "-3.3"], "0"),
    ],
)
def test_daily_sums_stay_exact_for_tiny_and_huge_values(
    formula: str, values: list[str], expected: str
) -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            *ELECTRICITY["transforms"][:2],
            {"index": 2, "formula": formula, "outputs": [{"key": "co2e", "type": "number"}]},
        ],
    }
    rows = [("2024-01-05", f"m{i}", v, "1") for i, v in enumerate(values)]
    result = compute([part("e1", rows)], pipeline(transformer))
    assert result.errors.empty, result.errors["message"].tolist()
    assert result.daily["value"].tolist() == [expected]


def test_non_numeric_values_of_a_number_output_are_skipped() -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            *ELECTRICITY["transforms"][:2],
            {
                "index": 2,
                "formula": "IF(:kwh > 5, 'lots', :kwh)",
                "outputs": [{"key": "co2e", "type": "number"}],
            },
        ],
    }
    result = compute(
        [part("e1", [("2024-01-05", "m1", "9", "1"), ("2024-01-05", "m2", "2", "1")])], pipeline(transformer)
    )
    assert daily(result) == {("/acme", "2024-01-05", "co2e"): "2"}
    assert json.loads(result.rows["values"][0]) == {"co2e": "lots"}


def test_empty_input_gives_an_empty_slice() -> None:
    result = compute([])
    assert result.rows.empty and result.daily.empty and result.errors.empty and result.input_rows == 0
    assert list(result.rows.columns) == list(ACTIVITY_COLUMNS)


def test_input_part_checks_its_shape() -> None:
    with pytest.raises(ValueError, match="action"):
        InputPart("e1", "/", "update", pd.DataFrame(), np.array([]))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1 rows but 0 row numbers"):
        InputPart("e1", "/", "create", pd.DataFrame({"a": ["x"]}), np.array([]))


def test_month_must_be_year_and_month() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        compute([part("e1", [("2024-01-05", "m1", "1", "1")])], month="2024-01-05")


# --- factor versions ----------------------------------------------------------------------------------------
@dataclass
class _Record:
    resource_type: str
    tenant_id: str
    id: str
    name: str
    version: int


class _RecordingResolver(InMemoryResolver):
    def versions_read(self) -> list[_Record]:
        return [
            _Record("datasets", "acme", "01ds", "grid-factors", 4),
            _Record("activities", "platform", "01ac", "natural gas", 2),
        ]


def test_factor_versions_come_from_resolvers_that_record_them() -> None:
    result = compute([part("e1", [("2024-01-05", "m1", "1", "1")])], resolver=_RecordingResolver())
    assert result.factor_versions == {
        "datasets:acme:01ds": {"name": "grid-factors", "version": 4},
        "activities:platform:01ac": {"name": "natural gas", "version": 2},
    }
    assert factor_versions(InMemoryResolver()) == {} and factor_versions(None) == {}


# --- properties ---------------------------------------------------------------------------------------------
_ROW = st.tuples(
    st.integers(1, 3).map(lambda d: f"2024-01-0{d}"),
    st.sampled_from(["m1", "m2", "m3"]),
    st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["1", "4"]),
)
_PART = st.tuples(
    st.sampled_from(["create", "create", "delete"]), st.sampled_from(["/a", "/b"]), st.lists(_ROW)
)


@given(st.lists(_PART, max_size=4))
def test_daily_sums_equal_decimal_sums_of_the_latest_values(drawn: list[tuple[str, str, list[Any]]]) -> None:
    parts = [part(f"e{i}", rows, group=group, action=action) for i, (action, group, rows) in enumerate(drawn)]
    result = compute(parts)

    # the model: walk rows in execution then row order, the last version of each identity wins
    latest: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for action, group, rows in drawn:
        for date, meter, kwh, hours in rows:
            latest[(group, date, meter)] = (action, kwh, hours)
    expected: dict[tuple[str, str, str], Decimal] = {}
    with localcontext(EXACT):
        for (group, date, _), (action, kwh, hours) in latest.items():
            if action == "create":
                co2e, rate = Decimal(kwh) * Decimal("0.4"), Decimal(kwh) / Decimal(hours)
                for output, value in (("co2e", co2e), ("rate", rate)):
                    key = (group, date, output)
                    expected[key] = expected.get(key, Decimal(0)) + value
    assert {k: Decimal(v) for k, v in daily(result).items()} == expected
    assert result.rows["is_latest"].sum() == len(latest)
    assert len(result.latest) == sum(1 for action, _, _ in latest.values() if action == "create")
    assert result.input_rows == len(result.rows) == sum(len(rows) for _, _, rows in drawn)
