"""The transformer shape rules by pipeline type (SIF §8.3), with SIF's exact messages, as one table."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from calculator.pipeline_rules import (
    PipelineType,
    include_as_unique_change_breaks,
    metric_references,
    transformer_rule_breaks,
)


def transform(index: int, formula: str, key: str, type: str = "number", **extra: Any) -> dict[str, Any]:
    return {"index": index, "formula": formula, "outputs": [{"index": 0, "key": key, "type": type, **extra}]}


def activities() -> dict[str, Any]:
    return {
        "parameters": [
            {"index": 0, "key": "date", "type": "string"},
            {"index": 1, "key": "kwh", "type": "number"},
        ],
        "transforms": [
            transform(0, "AS_TIMESTAMP(:date,'M/d/yy')", "time", "timestamp"),
            transform(1, ":kwh*2", "double", metrics=["m"]),
            transform(2, ":kwh", "kwh"),
        ],
    }


def data() -> dict[str, Any]:
    return {
        "parameters": [{"index": 0, "key": "a", "type": "string"}],
        "transforms": [transform(0, ":a", "a", "string"), transform(1, "1", "one")],
    }


def impacts() -> dict[str, Any]:
    keys = [
        "activity:name",
        "impact:co2e:name",
        "impact:co2e:component:co2:key",
        "impact:co2e:component:co2:type",
        "impact:co2e:component:co2:value",
    ]
    return {
        "parameters": [{"index": 0, "key": "a", "type": "string"}],
        "transforms": [transform(i, ":a", key, "string") for i, key in enumerate(keys)],
    }


def datasets() -> dict[str, Any]:
    return {
        "parameters": [],
        "transforms": [
            transform(0, "'egrid'", "name", "string"),
            transform(1, "'eGRID map'", "description", "string"),
            transform(2, "'epa'", "tag_source", "string"),
        ],
    }


BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "activities": activities,
    "data": data,
    "impacts": impacts,
    "referenceDatasets": datasets,
}


def output(i: int, **changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda t: t["transforms"][i]["outputs"][0].update(changes)


def unique(*positions: int) -> Callable[[dict[str, Any]], None]:
    def change(t: dict[str, Any]) -> None:
        for i in positions:
            t["transforms"][i]["outputs"][0]["includeAsUnique"] = True

    return change


def add_value_outputs(count: int) -> Callable[[dict[str, Any]], None]:
    def change(t: dict[str, Any]) -> None:
        start = len(t["transforms"])
        t["transforms"] += [transform(start + n, ":kwh", f"v{n}", includeAsUnique=True) for n in range(count)]

    return change


CASES: list[tuple[str, PipelineType, Callable[[dict[str, Any]], None], str, tuple[Any, ...]]] = [
    (
        "parameters required",
        "activities",
        lambda t: t.update(parameters=[]),
        "Transformer must have parameters defined.",
        ("transformer", "parameters"),
    ),
    (
        "indexes start at 0",
        "data",
        lambda t: [x.update(index=x["index"] + 1) for x in t["transforms"]],
        "The position of the transforms (their `index`) must begin from 0.",
        ("transformer", "transforms"),
    ),
    (
        "indexes contiguous",
        "activities",
        lambda t: t["transforms"][2].update(index=5),
        "The order of the transforms (their 'index') must not be skipping or missing a position.",
        ("transformer", "transforms"),
    ),
    (
        "indexes not repeated",
        "impacts",
        lambda t: t["transforms"][2].update(index=1),
        "The order of the transforms (their 'index') must not be skipping or missing a position.",
        ("transformer", "transforms"),
    ),
    (
        "at most five unique outputs",
        "activities",
        add_value_outputs(6),
        "Only up to 5 outputs (other than timestamp) can be defined as keys. 6 are defined as keys.",
        ("transformer", "transforms"),
    ),
    (
        "output keys unique",
        "data",
        output(1, key="a"),
        "Transform output key needs to be unique.",
        ("transformer", "transforms", 1, "outputs", 0, "key"),
    ),
    (
        "not every output unique",
        "activities",
        unique(1, 2),
        "All transform outputs cannot be marked as unique. At-least one transform output needs to stay "
        "unmarked.",
        ("transformer", "transforms"),
    ),
    (
        "a single transform leaves no value output (SIF's rule, kept)",
        "data",
        lambda t: t.update(transforms=t["transforms"][:1]),
        "All transform outputs cannot be marked as unique. At-least one transform output needs to stay "
        "unmarked.",
        ("transformer", "transforms"),
    ),
    (
        "a transform needs an output",
        "data",
        lambda t: t["transforms"][1].update(outputs=[]),
        "Transform must have an output defined.",
        ("transformer", "transforms", 1, "outputs"),
    ),
    (
        "one output per transform",
        "activities",
        lambda t: t["transforms"][2]["outputs"].append({"index": 1, "key": "x", "type": "number"}),
        "Only 1 output per transform is supported.",
        ("transformer", "transforms", 2, "outputs"),
    ),
    (
        "one output per transform in referenceDatasets too",
        "referenceDatasets",
        lambda t: t["transforms"][2]["outputs"].append({"index": 1, "key": "x", "type": "string"}),
        "Only 1 output per transform is supported.",
        ("transformer", "transforms", 2, "outputs"),
    ),
    (
        "aggregates need one timestamp groupBy",
        "activities",
        output(2, aggregate="sum"),
        "Only 1 timestamp field can be aggregated, the field will be used as date field for the aggregated "
        "output.",
        ("transformer", "transforms"),
    ),
    (
        "numeric aggregates on numbers only",
        "activities",
        lambda t: (
            output(0, aggregate="groupBy")(t),
            t["transforms"].append(transform(3, ":date", "d", "string", aggregate="max")),
            output(2, aggregate="sum")(t),
        ),
        "Only fields with number type can be aggregated using aggregation functions other than groupBy.",
        ("transformer", "transforms", 3, "outputs", 0, "aggregate"),
    ),
    (
        "at least one numeric aggregate",
        "activities",
        lambda t: (output(0, aggregate="groupBy")(t), output(2, aggregate="count")(t)),
        "There should be at least 1 number field that is being aggregated using aggregation functions.",
        ("transformer", "transforms"),
    ),
    (
        "ASSIGN_TO_GROUP at most once",
        "activities",
        lambda t: (
            t["transforms"]
            + [
                t["transforms"][1].update(
                    formula="assign_to_group('/a')", outputs=[{"index": 0, "key": "g", "type": "string"}]
                ),
                t["transforms"][2].update(formula="ASSIGN_TO_GROUP('/b')"),
            ]
        ),
        "Only 1 transform can use the ASSIGN_TO_GROUP() function.",
        ("transformer", "transforms", 2, "formula"),
    ),
    (
        "first output is the timestamp",
        "activities",
        output(0, type="string"),
        "The 1st output of the 1st transform must be the timestamp of the incoming event.",
        ("transformer", "transforms", 0, "outputs", 0, "type"),
    ),
    (
        "the timestamp feeds no metric",
        "activities",
        output(0, metrics=["m"]),
        "The timestamp of the event cannot be marked as a Metric.",
        ("transformer", "transforms", 0, "outputs", 0, "metrics"),
    ),
    (
        "metrics only on number outputs",
        "activities",
        output(1, type="string"),
        "Output 'double' has type 'string' but only number outputs can feed metrics.",
        ("transformer", "transforms", 1, "outputs", 0, "metrics"),
    ),
    (
        "no metrics in data pipelines",
        "data",
        output(1, metrics=["m"]),
        "Metrics and Aggregations are not supported for pipeline types: data and impacts",
        ("transformer", "transforms", 1, "outputs", 0, "metrics"),
    ),
    (
        "no aggregates in impacts pipelines",
        "impacts",
        output(4, aggregate="sum"),
        "Metrics and Aggregations are not supported for pipeline types: data and impacts",
        ("transformer", "transforms", 4, "outputs", 0, "aggregate"),
    ),
    (
        "no metrics in referenceDatasets pipelines (SIF's message names data and impacts)",
        "referenceDatasets",
        output(0, metrics=["m"]),
        "Metrics and Aggregations are not supported for pipeline types: data and impacts",
        ("transformer", "transforms", 0, "outputs", 0, "metrics"),
    ),
    (
        "impacts need activity:name",
        "impacts",
        output(0, key="activity:label"),
        "Missing mandatory output columns. Missing column 'activity:name' used to specify the activity name.",
        ("transformer", "transforms"),
    ),
    (
        "impacts need an impact",
        "impacts",
        lambda t: t.update(
            transforms=[*t["transforms"][:1], transform(1, "1", "activity:description", "string")]
        ),
        "Missing mandatory output columns. There are no impact columns specified. You have to specify at "
        "least "
        "the column 'impacts:<impact name>:name'.",
        ("transformer", "transforms"),
    ),
    (
        "an impact needs its name",
        "impacts",
        output(1, key="impact:co2e:attribute:unit"),
        "Missing output columns. The impact co2e missing the required column 'impacts:<impact name>:name'.",
        ("transformer", "transforms"),
    ),
    (
        "an impact needs a component",
        "impacts",
        lambda t: t.update(transforms=t["transforms"][:2]),
        "Missing mandatory output column for components. You have to specify at least one component per "
        "impacts. "
        "The output keys should be 'impact:<impact name>:component:<component name>:key', "
        "'impact:<impact name>:component:<component name>:type', "
        "'impact:<impact name>:component:<component name>:value'",
        ("transformer", "transforms"),
    ),
    (
        "a component needs key, type and value",
        "impacts",
        lambda t: t.update(transforms=t["transforms"][:4]),
        "Missing mandatory output column for component 'co2' under impact 'co2e' . The output keys should be "
        "'impact:<impact name>:component:<component name>:key', "
        "'impact:<impact name>:component:<component name>:type', "
        "'impact:<impact name>:component:<component name>:value'",
        ("transformer", "transforms"),
    ),
    (
        "referenceDatasets need name and description",
        "referenceDatasets",
        output(1, key="summary"),
        "Missing mandatory output columns. For data pipeline type the following columns are mandatory "
        "'name', "
        "'description'",
        ("transformer", "transforms"),
    ),
    (
        "referenceDatasets take no parameters",
        "referenceDatasets",
        lambda t: t.update(parameters=[{"index": 0, "key": "a", "type": "string"}]),
        "Reference Dataset pipeline transformer formula does not require parameters from uploaded file, but "
        "specified as string in the formula",
        ("transformer", "parameters"),
    ),
    (
        "formulas must parse",
        "data",
        lambda t: t["transforms"][1].update(formula=":a +"),
        "Transform 1 has an invalid formula: Line 1:4 mismatched input '<EOF>' expecting {AS_TIMESTAMP, "
        "ASSIGN_TO_GROUP, GET_VALUE, COALESCE, CONCAT, CONVERT, IF, IMPACT, LOOKUP, LOWERCASE, REF, CAML, "
        "SET, "
        "SPLIT, SWITCH, UPPERCASE, SEARCH, BOOLEAN, NULL, CUSTOM_FUNCTION, TOKEN, QUOTED_STRING, NUMBER, "
        "SCIENTIFIC_NUMBER, '(', '-', ' '}",
        ("transformer", "transforms", 1, "formula"),
    ),
]


@pytest.mark.parametrize(("pipeline_type", "builder"), list(BUILDERS.items()))
def test_a_valid_transformer_of_each_type_breaks_no_rule(pipeline_type: PipelineType, builder: Any) -> None:
    assert transformer_rule_breaks(pipeline_type, builder()) == []


@pytest.mark.parametrize(
    ("pipeline_type", "change", "message", "loc"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_broken_rule_answers_sifs_message_first_with_its_location(
    pipeline_type: PipelineType, change: Any, message: str, loc: tuple[Any, ...]
) -> None:
    transformer = BUILDERS[pipeline_type]()
    change(transformer)
    breaks = transformer_rule_breaks(pipeline_type, transformer)
    assert breaks, "expected a broken rule"
    assert (breaks[0].message, breaks[0].loc) == (message, loc)


def test_details_are_precise_for_pipeline_files() -> None:
    transformer = activities()
    transformer["transforms"][2].update(index=5)
    transformer["transforms"][2]["outputs"][0]["key"] = "double"
    details = [b.detail for b in transformer_rule_breaks("activities", transformer)]
    assert details == [
        "transform indexes must be 0..2 with no gaps or repeats, got [0, 1, 5]",
        "duplicate 'double', also at transformer.transforms[1].outputs[0].key",
    ]


def test_every_broken_rule_is_reported_not_only_the_first() -> None:
    transformer = data()
    transformer["parameters"] = []
    transformer["transforms"][1]["outputs"][0].update(key="a", aggregate="sum")
    messages = [b.message for b in transformer_rule_breaks("data", transformer)]
    assert messages == [
        "Transformer must have parameters defined.",
        "Transform output key needs to be unique.",
        "Metrics and Aggregations are not supported for pipeline types: data and impacts",
    ]


def test_formula_syntax_can_be_left_to_the_dry_run() -> None:
    transformer = data()
    transformer["transforms"][1]["formula"] = "1 +"
    assert transformer_rule_breaks("data", transformer, check_formulas=False) == []


def test_the_first_transform_is_the_one_with_index_0_wherever_it_is_listed() -> None:
    transformer = activities()
    transformer["transforms"].reverse()
    assert transformer_rule_breaks("activities", transformer) == []


def test_the_first_transforms_output_may_be_unique_without_counting_as_a_key() -> None:
    transformer = activities()
    unique(0, 1)(transformer)
    assert transformer_rule_breaks("activities", transformer) == []


def test_an_empty_metrics_list_is_no_metric_reference() -> None:
    transformer = data()
    transformer["transforms"][1]["outputs"][0]["metrics"] = []
    assert transformer_rule_breaks("data", transformer) == []


def test_an_output_cannot_lose_include_as_unique_on_update() -> None:
    existing = activities()
    unique(2)(existing)
    updated = copy.deepcopy(existing)
    assert include_as_unique_change_breaks(existing, updated) == []
    updated["transforms"][2]["outputs"][0]["includeAsUnique"] = False
    [broken] = include_as_unique_change_breaks(existing, updated)
    assert broken.message == (
        "includeAsUnique cannot be changed or updated for the outputs. If it needs to be changed a new "
        "pipeline "
        "must be created"
    )
    assert broken.loc == ("transformer", "transforms", 2, "outputs", 0, "includeAsUnique")
    del updated["transforms"][2]
    assert len(include_as_unique_change_breaks(existing, updated)) == 1


def test_metric_references_pair_each_metric_with_its_output() -> None:
    transformer = activities()
    output(2, metrics=["a", "b"])(transformer)
    assert metric_references(transformer) == [("m", "double"), ("a", "kwh"), ("b", "kwh")]


def _scenario_pipelines() -> list[tuple[str, dict[str, Any]]]:
    override = os.environ.get("SIF_SHARED")
    folder = (
        (Path(override) if override else Path(__file__).parents[3] / "shared") / "conformance" / "scenarios"
    )
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("transformer"), dict):
                found.append((where, node))
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for path in sorted(folder.glob("*.json")):
        walk(json.loads(path.read_text()), path.stem)
    return found


def test_every_pipeline_the_scenarios_create_breaks_no_rule() -> None:
    pipelines = _scenario_pipelines()
    if not pipelines:
        pytest.skip("conformance scenarios not found (set SIF_SHARED to the shared folder)")
    broken = {
        where: [
            b.message for b in transformer_rule_breaks(body.get("type", "activities"), body["transformer"])
        ]
        for where, body in pipelines
    }
    assert {where: messages for where, messages in broken.items() if messages} == {}
    assert len(pipelines) >= 20
