"""Metric definitions (SIF §8.5): bodies, the metric graph rules and link changes, with SIF's messages."""

from __future__ import annotations

import pytest

from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.metrics import (
    CatalogRuleError,
    MetricNode,
    PipelineLink,
    check_aggregation_type,
    check_metric_deletable,
    output_metric_changes,
    parse_metric_create,
    validate_output_metrics,
)


def catalog(*nodes: MetricNode) -> dict[str, MetricNode]:
    return {node.name: node for node in nodes}


def rejected(name: str, parents: list[str], metrics: dict[str, MetricNode]) -> str:
    with pytest.raises(CatalogRuleError) as error:
        validate_output_metrics(name, parents, metrics.get)
    assert error.value.status == 400
    return error.value.message


def test_a_metric_body_keeps_sifs_fields_and_drops_old_ones() -> None:
    metric = parse_metric_create(
        {
            "name": "int:ghg:scope1:mobile",
            "summary": "GHG Scope 1 direct emissions from mobile combustion.",
            "aggregationType": "sum",
            "outputMetrics": ["int:ghg:scope1"],
            "outputKpis": ["ignored"],
            "tags": {"standard": "ghg"},
        }
    )
    assert metric.outputMetrics == ["int:ghg:scope1"]
    assert metric.model_dump(exclude_none=True) == {
        "name": "int:ghg:scope1:mobile",
        "summary": "GHG Scope 1 direct emissions from mobile combustion.",
        "aggregationType": "sum",
        "outputMetrics": ["int:ghg:scope1"],
        "tags": {"standard": "ghg"},
    }


def test_a_bad_metric_body_names_every_field_by_its_path() -> None:
    with pytest.raises(InvalidFieldError) as error:
        parse_metric_create({"name": "m", "aggregationType": "median", "outputMetrics": ["a", 3]})
    assert [str(p) for p in error.value.problems] == [
        "summary: required",
        "aggregationType: input should be 'min', 'max', 'count', 'sum' or 'mean' (got 'median')",
        "outputMetrics[1]: input should be a valid string (got 3)",
    ]


@pytest.mark.parametrize("aggregation", ["min", "max", "count", "mean"])
def test_only_sum_aggregation_is_implemented(aggregation: str) -> None:
    check_aggregation_type("sum")
    with pytest.raises(CatalogRuleError) as error:
        check_aggregation_type(aggregation)
    assert (error.value.status, error.value.message) == (
        501,
        "Only sum aggregation type is supported for now.",
    )


def test_parent_metrics_must_exist() -> None:
    metrics = catalog(MetricNode("ghg:scope1"))
    validate_output_metrics("ghg:scope1:mobile", ["ghg:scope1"], metrics.get)
    validate_output_metrics("ghg:scope1:mobile", None, metrics.get)
    assert rejected("m", ["ghg:scope1", "x", "y"], metrics) == "These parent metrics [x,y] do not exist"


def test_a_metric_cannot_feed_itself() -> None:
    assert (
        rejected("a", ["a"], catalog(MetricNode("a")))
        == "There is circular reference pointing back to metric a from a"
    )


def test_a_cycle_through_ancestors_is_rejected_naming_where_it_closes() -> None:
    metrics = catalog(
        MetricNode("b", output_metrics=("c",)), MetricNode("c", output_metrics=("a",)), MetricNode("a")
    )
    assert rejected("a", ["b"], metrics) == "There is circular reference pointing back to metric a from c"


def test_a_direct_parent_fed_by_a_pipeline_is_rejected() -> None:
    metrics = catalog(MetricNode("leaf", input_pipelines=(PipelineLink("p1", "co2e"),)), MetricNode("top"))
    assert rejected("new", ["top", "leaf"], metrics) == "These output metrics [leaf] has pipeline as an input"


def test_a_metric_reached_through_two_paths_is_rejected() -> None:
    metrics = catalog(
        MetricNode("left", output_metrics=("mid",)),
        MetricNode("right", output_metrics=("mid",)),
        MetricNode("mid", output_metrics=("top",)),
        MetricNode("top"),
    )
    assert rejected("new", ["left", "right"], metrics) == "This metric mid exists in multiple path"


def test_a_tree_of_parents_is_accepted() -> None:
    metrics = catalog(
        MetricNode("scope1:mobile", output_metrics=("scope1",)),
        MetricNode("scope1", output_metrics=("ghg",)),
        MetricNode("ghg"),
        MetricNode("other"),
    )
    validate_output_metrics("scope1:mobile:diesel", ["scope1:mobile", "other"], metrics.get)


def test_a_metric_with_inputs_cannot_be_deleted() -> None:
    check_metric_deletable(MetricNode("free"))
    for fed in (
        MetricNode("m", input_metrics=("child",)),
        MetricNode("m", input_pipelines=(PipelineLink("p", "o"),)),
    ):
        with pytest.raises(CatalogRuleError) as error:
            check_metric_deletable(fed)
        assert error.value.message == (
            "metric m cannot be deleted because it is an output metric of another metric or pipeline"
        )


def test_output_metric_changes_list_links_to_add_and_remove() -> None:
    assert output_metric_changes(["a", "b"], ["b", "c"]) == (["c"], ["a"])
    assert output_metric_changes(None, ["a"]) == (["a"], [])
