"""Pipeline aggregates (SIF §9.8) over activity slices computed by real transformers: SIF's fleet example
(monthly per-fuel sums and counts), latest-wins, deletions, nulls, mean/min/max."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from calculator.transformer import Transformer
from sif_resources.activities.compute import InputPart, compute_activity_slice
from sif_resources.metrics import AGGREGATE_COLUMNS, AggregateSpec, pipeline_aggregates, postgres_avg
from sif_resources.metrics.aggregation import AggregateFunction
from sif_resources.pipelines.definition import PipelineDefinition


def output(key: str, type_: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"index": 0, "key": key, "type": type_, **extra}]


FLEET: dict[str, Any] = {
    "parameters": [
        {"key": "fill_date", "type": "string"},
        {"key": "vehicle", "type": "string"},
        {"key": "fuel", "type": "string"},
        {"key": "gallons", "type": "number"},
    ],
    "transforms": [
        {
            "index": 0,
            "formula": "AS_TIMESTAMP(:fill_date, 'yyyy-MM-dd', timezone='America/Chicago')",
            "outputs": output("time", "timestamp"),
        },
        {
            "index": 1,
            "formula": (
                "AS_TIMESTAMP(:fill_date, 'yyyy-MM-dd', timezone='America/Chicago', roundDownTo='month')"
            ),
            "outputs": output("month", "timestamp", aggregate="groupBy"),
        },
        {"index": 2, "formula": ":vehicle", "outputs": output("vehicle", "string", includeAsUnique=True)},
        {"index": 3, "formula": "LOWERCASE(:fuel)", "outputs": output("fuel", "string", aggregate="groupBy")},
        {
            "index": 4,
            "formula": ":gallons * 3.785411784",
            "outputs": output("litres", "number", aggregate="sum"),
        },
        {
            "index": 5,
            "formula": "REF('litres') * 2.68 / 1000",
            "outputs": output("co2e_tonnes", "number", aggregate="sum"),
        },
        {"index": 6, "formula": ":vehicle", "outputs": output("fills", "string", aggregate="count")},
    ],
}


def pipeline(transformer: dict[str, Any]) -> PipelineDefinition:
    return PipelineDefinition(
        key="fleet",
        name="fleet",
        type="activities",
        group="/acme",
        version=1,
        transformer=Transformer.from_dict(transformer),
        transformer_json=transformer,
    )


def activities(
    transformer: dict[str, Any], *executions: tuple[str, list[tuple[str, ...]]], month: str = "2024-03"
) -> pd.DataFrame:
    columns = [p["key"] for p in transformer["parameters"]]
    parts = [
        InputPart(
            f"e{i}",
            "/acme",
            action,  # type: ignore[arg-type]
            pd.DataFrame(rows, columns=columns, dtype=object),
            np.arange(1, len(rows) + 1),
        )
        for i, (action, rows) in enumerate(executions)
    ]
    computed = compute_activity_slice(
        pipeline(transformer),
        parts,
        tenant="t1",
        month=month,
        run_id="r",
        computed_at=datetime(2024, 4, 1, tzinfo=UTC),
        resolver=None,
        default_group="/acme",
    )
    assert computed.errors.empty, computed.errors["message"].tolist()
    return computed.rows


def aggregates(frame: pd.DataFrame) -> dict[tuple[str, str, tuple[Any, ...]], dict[str, Any]]:
    assert list(frame.columns) == list(AGGREGATE_COLUMNS)
    return {
        (group, date, tuple(json.loads(keys))): json.loads(values)
        for group, date, keys, values in frame[["group_id", "date", "unique_keys", "values"]].itertuples(
            index=False
        )
    }


def test_sif_fleet_example_monthly_sums_and_counts_per_fuel() -> None:
    rows = activities(
        FLEET,
        (
            "create",
            [
                ("2024-03-02", "TRK-001", "Diesel", "52.5"),
                ("2024-03-05", "TRK-002", "diesel", "10"),
                ("2024-03-02", "TRK-001", "Diesel", "50"),  # same activity, later row: counted once
                ("2024-03-09", "VAN-7", "Petrol", "20"),
            ],
        ),
    )
    result = pipeline_aggregates(pipeline(FLEET), rows, tenant="t1")
    assert aggregates(result) == {
        ("/acme", "2024-03-01T00:00:00.000Z", ("diesel",)): {
            "litres": "227.12470704",
            "co2e_tonnes": "0.6086942149",
            "fills": "2",
        },
        ("/acme", "2024-03-01T00:00:00.000Z", ("petrol",)): {
            "litres": "75.70823568",
            "co2e_tonnes": "0.2028980716",
            "fills": "1",
        },
    }
    assert result["activity_id"].nunique() == 2
    # aggregated ids never collide with the raw activities' ids
    assert not set(result["activity_id"]) & set(rows["activity_id"])


def test_a_later_execution_restates_and_a_delete_removes() -> None:
    rows = activities(
        FLEET,
        ("create", [("2024-03-02", "TRK-001", "diesel", "10"), ("2024-03-09", "VAN-7", "petrol", "20")]),
        ("create", [("2024-03-02", "TRK-001", "diesel", "1")]),
        ("delete", [("2024-03-09", "VAN-7", "petrol", "20")]),
    )
    result = aggregates(pipeline_aggregates(pipeline(FLEET), rows, tenant="t1"))
    assert result == {
        ("/acme", "2024-03-01T00:00:00.000Z", ("diesel",)): {
            "litres": "3.785411784",
            "co2e_tonnes": "0.0101449036",
            "fills": "1",
        }
    }


def test_mean_min_max_and_count_skip_nulls_like_sql() -> None:
    transformer = {
        "parameters": [{"key": "date"}, {"key": "meter"}, {"key": "kwh", "type": "number"}],
        "transforms": [
            {
                "index": 0,
                "formula": "AS_TIMESTAMP(:date, 'yyyy-MM-dd HH:mm')",
                "outputs": output("time", "timestamp", aggregate="groupBy"),
            },
            {"index": 1, "formula": ":meter", "outputs": output("meter", "string", includeAsUnique=True)},
            {
                "index": 2,
                "formula": ":kwh",
                "outputs": output("mean", "number", aggregate="mean"),
            },
            {"index": 3, "formula": "REF('mean')", "outputs": output("low", "number", aggregate="min")},
            {"index": 4, "formula": "REF('mean')", "outputs": output("high", "number", aggregate="max")},
            {"index": 5, "formula": "REF('mean')", "outputs": output("n", "number", aggregate="count")},
        ],
    }
    rows = activities(
        transformer,
        (
            "create",
            [
                ("2024-03-02 08:00", "a", "1"),
                ("2024-03-02 17:30", "b", "2"),  # same UTC day as a: one aggregate
                ("2024-03-02 23:59", "c", "2"),
                ("2024-03-02 12:00", "d", ""),  # every numeric value null: skipped
                ("2024-03-03 00:00", "e", "-0.5"),
            ],
        ),
    )
    result = aggregates(pipeline_aggregates(pipeline(transformer), rows, tenant="t1"))
    assert result == {
        ("/acme", "2024-03-02T00:00:00.000Z", ()): {
            "mean": "1.6666666666666667",
            "low": "1",
            "high": "2",
            "n": "3",
        },
        ("/acme", "2024-03-03T00:00:00.000Z", ()): {"mean": "-0.5", "low": "-0.5", "high": "-0.5", "n": "1"},
    }


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        ("5", 3, "1.6666666666666667"),  # SELECT avg(x) FROM (VALUES (1),(2),(2))
        ("3", 2, "1.5000000000000000"),
        ("30000", 2, "15000.000000000000"),
        ("0.0003", 3, "0.000100000000000000000000"),
        ("1.123456789012345678", 1, "1.12345678901234567800"),
        ("-0.5", 1, "-0.50000000000000000000"),
        ("100000", 2, "50000.000000000000"),
    ],
)
def test_mean_rounds_as_postgres_avg(total: str, count: int, expected: str) -> None:
    """Expected texts are PostgreSQL 15's `avg(numeric)::text` of values summing to `total`."""
    assert str(postgres_avg(Decimal(total), count)) == expected


def test_pipelines_without_aggregates_give_nothing_and_two_time_group_bys_are_refused() -> None:
    plain = {
        **FLEET,
        "transforms": [
            {**t, "outputs": [{k: v for k, v in t["outputs"][0].items() if k != "aggregate"}]}
            for t in FLEET["transforms"]
        ],
    }
    assert AggregateSpec.of(pipeline(plain)) is None
    rows = activities(FLEET, ("create", [("2024-03-02", "TRK-001", "diesel", "10")]))
    assert pipeline_aggregates(pipeline(plain), rows, tenant="t1").empty
    spec = AggregateSpec.of(pipeline(FLEET))
    measures: tuple[tuple[str, AggregateFunction], ...] = (
        ("litres", "sum"),
        ("co2e_tonnes", "sum"),
        ("fills", "count"),
    )
    assert spec == AggregateSpec("month", ("fuel",), measures)
    time_group_by = {**FLEET["transforms"][0], "outputs": output("time", "timestamp", aggregate="groupBy")}
    twice = {**FLEET, "transforms": [time_group_by, *FLEET["transforms"][1:]]}
    with pytest.raises(ValueError, match="exactly one timestamp groupBy"):
        AggregateSpec.of(pipeline(twice))
