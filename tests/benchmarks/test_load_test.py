"""The SIF load test at a small size: the vectorised transformer reproduces the closed-form total, and
agrees row for row with the straightforward row-by-row evaluator the benchmark times it against."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.loadtest import DEFINITIONS, build
from benchmarks.row_by_row import RowByRow
from calculator.transformer import run_transformer

if not Path(DEFINITIONS).exists():  # ../shared sits beside the checkout, as in CI
    if os.environ.get("CI") == "true":
        pytest.fail(f"{DEFINITIONS} is missing", pytrace=False)
    pytest.skip(f"{DEFINITIONS} is missing", allow_module_level=True)


def test_load_test_total_equals_the_closed_form() -> None:
    load_test = build(5_000, 2_000, seed=7)

    result = run_transformer(load_test.transformer, load_test.inputs, context=load_test.context)

    assert result.cell_errors == [] and result.row_errors == {}
    output = result.outputs[load_test.transformer.transforms[1].output.key]
    assert sum(output.values, Decimal(0)) == load_test.expected_total()


def test_every_row_equals_its_row_by_row_value() -> None:
    load_test = build(300, 300, seed=11)
    result = run_transformer(load_test.transformer, load_test.inputs, context=load_test.context)
    resolver = load_test.resolver
    impacts = {
        (name, impact, component): value
        for (_, _, name), versions in resolver.impacts_by_ref.items()
        for impact, components in versions[-1].payload.items()
        for component, value in components.items()
    }
    datasets = {
        ("load_test_single_pipeline_gas_to_gwp", "row_number", column): dict(
            zip(load_test.dataset["row_number"], load_test.dataset[column], strict=True)
        )
        for column in ("gas_type", "value")
    }
    calculations = {
        name: (
            versions[-1].payload.formula,
            [(p.index, p.key, p.type) for p in versions[-1].payload.parameters],
        )
        for (_, _, name), versions in resolver.calculations_by_ref.items()
    }
    baseline = RowByRow(impacts, datasets, calculations)
    time_key, co2e_key = (t.output.key for t in load_test.transformer.transforms)

    for row, record in enumerate(load_test.inputs.to_dict("records")):
        record["therms"] = Decimal(record["therms"])
        expected_time = baseline.evaluate(load_test.transformer.transforms[0].formula, record)
        expected_co2e = baseline.evaluate(load_test.transformer.transforms[1].formula, record)
        assert result.outputs[time_key].values[row] == expected_time
        assert result.outputs[co2e_key].values[row] == expected_co2e
