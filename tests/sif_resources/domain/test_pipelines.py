"""Pipeline definitions (SIF §8.1–§8.4): bodies, catalog rules and dry runs, with SIF's exact answers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from calculator import EvaluationContext, InMemoryResolver
from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.metrics import CatalogRuleError, MetricNode
from sif_resources.domain.pipelines import (
    ConnectorConfig,
    MetricLink,
    PipelineDefinitionError,
    aggregated_output_types,
    dry_run,
    key_mappings,
    metric_link_changes,
    parse_pipeline_create,
    parse_pipeline_update,
    resolve_metric_links,
    validate_connector_config,
    validate_include_as_unique_kept,
    validate_pipeline,
)

CONTEXT = EvaluationContext(group="/pipelinesapitests", resolver=InMemoryResolver())


def body(**changes: Any) -> dict[str, Any]:
    """The pipeline of the pipelines-dry-run-and-validation scenario."""
    pipeline: dict[str, Any] = {
        "connectorConfig": {"input": [{"name": "sif-csv-pipeline-input-connector"}]},
        "name": "pipeline1",
        "transformer": {
            "transforms": [
                {
                    "index": 0,
                    "formula": "AS_TIMESTAMP(:reading date,'M/d/yy')",
                    "outputs": [{"index": 0, "key": "time", "label": "Time", "type": "timestamp"}],
                },
                {
                    "index": 1,
                    "formula": ":value_1+:value_2",
                    "outputs": [
                        {"index": 0, "key": "sum", "type": "number", "metrics": ["int:ghg:scope1:mobile"]}
                    ],
                },
            ],
            "parameters": [
                {"index": 0, "key": "reading date", "type": "string"},
                {"index": 1, "key": "value_1", "label": "value 1", "type": "number"},
                {"index": 2, "key": "value_2", "label": "value 2", "type": "number"},
            ],
        },
        "tags": {"source": "sap"},
        "processorOptions": {"chunkSize": 1},
    }
    pipeline.update(changes)
    return pipeline


def run(pipeline: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    return dry_run(parse_pipeline_create(pipeline), rows, CONTEXT).as_dict()


ROW = {"reading date": "1/1/22", "value_1": "10", "value_2": "10"}


def test_a_pipeline_body_defaults_type_and_metric_aggregation() -> None:
    pipeline = parse_pipeline_create(body())
    assert pipeline.type == "activities"
    assert pipeline.processorOptions is not None
    assert (pipeline.processorOptions.chunkSize, pipeline.processorOptions.triggerMetricAggregations) == (
        1,
        True,
    )


def test_a_bad_pipeline_body_names_every_field_by_its_path() -> None:
    broken = body(type="stream", processorOptions={"chunkSize": 6})
    del broken["transformer"]["transforms"][1]["formula"]
    with pytest.raises(InvalidFieldError) as error:
        parse_pipeline_create(broken)
    assert [str(p) for p in error.value.problems] == [
        "type: input should be 'activities', 'data', 'impacts' or 'referenceDatasets' (got 'stream')",
        "transformer.transforms[1].formula: required",
        "processorOptions.chunkSize: input should be less than or equal to 5 (got 6)",
    ]


def test_an_update_body_has_every_field_optional() -> None:
    assert parse_pipeline_update({"dryRunOptions": {"data": [ROW]}}).transformer is None


def test_validation_raises_sifs_first_message_with_the_field() -> None:
    pipeline = parse_pipeline_create(body())
    validate_pipeline(pipeline.type, pipeline.transformer)
    broken = body()
    broken["transformer"]["transforms"][0]["outputs"][0]["type"] = "string"
    pipeline = parse_pipeline_create(broken)
    with pytest.raises(PipelineDefinitionError) as error:
        validate_pipeline(pipeline.type, pipeline.transformer)
    assert (
        error.value.message
        == "The 1st output of the 1st transform must be the timestamp of the incoming event."
    )
    assert (error.value.status, error.value.field) == (400, "transformer.transforms[0].outputs[0].type")


def test_connector_config_is_required_single_existing_and_declared() -> None:
    connectors = {"sif-csv-pipeline-input-connector": ["delimiter", "handleEmptyCells"]}

    def check(config: dict[str, Any] | None) -> CatalogRuleError:
        with pytest.raises(CatalogRuleError) as error:
            validate_connector_config(None if config is None else ConnectorConfig(**config), connectors.get)
        return error.value

    csv = {"name": "sif-csv-pipeline-input-connector", "parameters": {"delimiter": ","}}
    validate_connector_config(ConnectorConfig(input=[csv]), connectors.get)  # type: ignore[list-item]
    assert check(None).message.startswith("Input connector config is required.")
    assert (
        check({"input": [csv, csv]}).message
        == "Can only have one input/output connector specified for a pipeline"
    )
    assert check({"input": [{"name": "nope"}]}).status == 404
    assert check({"input": [{**csv, "parameters": {"quote": "'"}}]}).message == (
        'unknown parameter overrides specified: {"quote":"\'"}, valid parameters for this connector are: '
        '["delimiter","handleEmptyCells"]'
    )


def test_output_metrics_must_resolve_to_exactly_one_leaf_metric() -> None:
    transformer = parse_pipeline_create(body()).transformer
    leaf = MetricNode("int:ghg:scope1:mobile", id="m1")
    assert resolve_metric_links(transformer, lambda name: [leaf]) == [
        MetricLink("m1", "int:ghg:scope1:mobile", "sum")
    ]
    cases = [
        ([], "Metric 'int:ghg:scope1:mobile' not found."),
        (
            [leaf, leaf],
            "Multiple Metric's found matching name 'int:ghg:scope1:mobile', but only 1 per hierarchy "
            "should exist.",
        ),
        (
            [MetricNode("int:ghg:scope1:mobile", input_metrics=("x",))],
            "These output metrics [int:ghg:scope1:mobile] has metric as an input",
        ),
    ]
    for found, message in cases:
        with pytest.raises(PipelineDefinitionError) as error:
            resolve_metric_links(transformer, lambda name, found=found: found)  # type: ignore[misc]
        assert error.value.message == message


def test_metric_link_changes_add_new_and_remove_gone_links() -> None:
    a, b, c = MetricLink("m1", "a", "x"), MetricLink("m1", "a", "y"), MetricLink("m2", "b", "x")
    assert metric_link_changes([a, b], [b, c]) == ([c], [a])


def test_an_output_cannot_lose_include_as_unique_on_update() -> None:
    existing = body()
    existing["transformer"]["transforms"].append(
        {
            "index": 2,
            "formula": ":value_1",
            "outputs": [{"index": 0, "key": "v", "type": "number", "includeAsUnique": True}],
        }
    )
    updated = copy.deepcopy(existing)
    updated["transformer"]["transforms"][2]["outputs"][0]["includeAsUnique"] = False
    with pytest.raises(PipelineDefinitionError) as error:
        validate_include_as_unique_kept(
            parse_pipeline_create(existing).transformer, parse_pipeline_create(updated).transformer
        )
    assert error.value.field == "transformer.transforms[2].outputs[0].includeAsUnique"


def test_key_mappings_and_aggregated_output_types() -> None:
    pipeline = body()
    pipeline["transformer"]["transforms"][1]["outputs"][0]["includeAsUnique"] = True
    transformer = parse_pipeline_create(pipeline).transformer
    assert key_mappings(transformer) == {"sum": "key1"}
    assert aggregated_output_types({"old": "string"}, transformer) == {"old": "string", "sum": "number"}


def test_dry_run_answers_the_scenarios_row() -> None:
    assert run(body(), [ROW]) == {
        "headers": ["time", "sum"],
        "data": ['{"time":1640995200000,"sum":20}'],
        "errors": [],
    }


def test_dry_run_reports_an_unknown_calculation_as_sif_does() -> None:
    pipeline = body()
    pipeline["transformer"]["transforms"][1]["formula"] = ":value_1+:value_2+#invalid_formula(:value_1)"
    response = dry_run(parse_pipeline_create(pipeline), [ROW], CONTEXT)
    assert response.as_dict() == {
        "headers": ["time", "sum"],
        "data": ['{"time":1640995200000,"sum":"___ERROR___"}'],
        "errors": [
            "Row '1/1/22-10-10' column 'sum' encountered error evaluating formula "
            "`:value_1+:value_2+#invalid_formula(:value_1)` - Calculation with name 'invalid_formula' not "
            "found."
        ],
    }
    assert response.failed
    assert response.error_message().startswith('{"headers":["time","sum"],"data":[')


def test_dry_run_reports_an_unknown_token_as_sif_does() -> None:
    pipeline = body()
    pipeline["transformer"]["transforms"][1]["formula"] = ":value_1+:value_2+:invalid_value"
    assert run(pipeline, [ROW])["errors"] == [
        "Row '1/1/22-10-10' column 'sum' encountered error evaluating formula "
        "`:value_1+:value_2+:invalid_value` - "
        "Provided token 'invalid_value' not found as a pipeline parameter or variable."
    ]


def test_dry_run_drops_a_row_whose_number_does_not_parse() -> None:
    response = run(body(), [{**ROW, "value_2": "A"}, ROW])
    assert response["data"] == ['{"time":1640995200000,"sum":20}']
    [error] = response["errors"]
    assert error.startswith("Failed processing row {reading date=1/1/22, value_1=10, value_2=A}, err: ")


def test_dry_run_drops_a_row_missing_a_parameter() -> None:
    response = run(body(), [{"reading date": "1/1/22", "value_1": "10"}, ROW])
    assert response == {
        "headers": ["time", "sum"],
        "data": ['{"time":1640995200000,"sum":20}'],
        "errors": [
            "Failed processing row {reading date=1/1/22, value_1=10}, err: Failed processing row: "
            "1/1/22-10 - "
            "row does not contain value for parameter: value_2"
        ],
    }


def test_dry_run_renders_strings_quoted_and_empty_values_as_null() -> None:
    pipeline = body(type="data")
    pipeline["transformer"]["transforms"] = [
        {
            "index": 0,
            "formula": "CONCAT(:reading date,'\"')",
            "outputs": [{"index": 0, "key": "d", "type": "string"}],
        },
        {"index": 1, "formula": ":value_1", "outputs": [{"index": 0, "key": "v", "type": "number"}]},
        {"index": 2, "formula": ":value_1 > 5", "outputs": [{"index": 0, "key": "big", "type": "boolean"}]},
    ]
    response = run(pipeline, [ROW, {**ROW, "value_1": ""}])
    assert response["data"] == [
        '{"d":"1/1/22\\"","v":10,"big":true}',
        '{"d":"1/1/22\\"","v":null,"big":"___ERROR___"}',
    ]
    assert len(response["errors"]) == 1


def test_dry_run_fails_a_row_whose_unique_key_is_empty_after_its_earlier_cell_errors() -> None:
    pipeline = body()
    pipeline["transformer"]["transforms"].append(
        {
            "index": 2,
            "formula": ":value_1",
            "outputs": [{"index": 0, "key": "k", "type": "number", "includeAsUnique": True}],
        }
    )
    pipeline["transformer"]["transforms"].append(
        {"index": 3, "formula": ":value_2", "outputs": [{"index": 0, "key": "w", "type": "number"}]}
    )
    response = run(pipeline, [{**ROW, "value_1": ""}])
    assert response["data"] == []
    assert response["errors"] == [
        "Row '1/1/22--10' column 'sum' encountered error evaluating formula `:value_1+:value_2` - Left "
        "side of "
        "':value_1+:value_2' add/subtract operation must be a number.",
        "Failed processing row {reading date=1/1/22, value_1=, value_2=10}, err: Row '1/1/22--10' column 'k' "
        "encountered error uniqueKey value cannot be null",
    ]


def test_dry_run_without_rows_is_a_calculator_request_error() -> None:
    assert run(body(), [])["errors"] == [
        "Either sourceDataLocation (S3 source) or sourceData (inline source) must be provided."
    ]


def test_dry_run_validates_the_pipeline_first() -> None:
    pipeline = body()
    pipeline["transformer"]["transforms"][1]["index"] = 2
    with pytest.raises(PipelineDefinitionError) as error:
        run(pipeline, [ROW])
    assert error.value.message == (
        "The order of the transforms (their 'index') must not be skipping or missing a position."
    )
    with pytest.raises(PipelineDefinitionError):
        dry_run(parse_pipeline_create(body()), [ROW], CONTEXT, find_metrics=lambda name: [])
