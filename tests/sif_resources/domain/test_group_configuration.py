"""Inherited group settings (SIF §2.13): validation, deep merge, stored delta and configuration source."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.group_configuration import (
    configuration_delta,
    configuration_source,
    effective_configuration,
    inherited_configuration,
    merge_configurations,
    validate_configuration,
)

ROOT_CONFIGURATION = {
    "preferredGroup": "/",
    "referenceDatasets": {"alwaysUseLatest": False},
    "pipelineProcessor": {"chunkSize": 1},
}
STORED = {
    "/": ROOT_CONFIGURATION,
    "/g1": {"preferredGroup": "/g1"},
    "/g1/g2": {"referenceDatasets": {"alwaysUseLatest": True}},
}


def test_full_configuration_is_accepted_as_sent() -> None:
    raw = {
        "preferredGroup": "/",
        "referenceDatasets": {"alwaysUseLatest": True},
        "pipelineProcessor": {"triggerMetricAggregations": False, "chunkSize": 5},
    }
    assert validate_configuration(raw) == raw


def test_nulls_and_empty_sections_mean_not_set() -> None:
    raw = {"preferredGroup": None, "pipelineProcessor": {}, "referenceDatasets": {"alwaysUseLatest": None}}
    assert validate_configuration(raw) == {}
    assert validate_configuration(None) == {}


def test_preferred_group_is_normalised_like_any_group_id() -> None:
    assert validate_configuration({"preferredGroup": "/G1"}) == {"preferredGroup": "/g1"}


@pytest.mark.parametrize("size", [1, 2, 5])
def test_chunk_size_from_1_to_5_is_accepted(size: int) -> None:
    assert validate_configuration({"pipelineProcessor": {"chunkSize": size}}) == {
        "pipelineProcessor": {"chunkSize": size}
    }


@pytest.mark.parametrize(
    ("size", "reason"),
    [
        (0, "must be between 1 and 5 (MB), got 0"),
        (6, "must be between 1 and 5 (MB), got 6"),
        (-1, "must be between 1 and 5 (MB), got -1"),
        ("2", "must be a whole number, got '2'"),
        (2.5, "must be a whole number, got 2.5"),
        (True, "must be a whole number, got True"),
    ],
)
def test_bad_chunk_size_is_reported_with_its_field_path(size: Any, reason: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        validate_configuration({"pipelineProcessor": {"chunkSize": size}})
    assert str(raised.value) == f"configuration.pipelineProcessor.chunkSize: {reason}"
    assert raised.value.problems[0].field == "configuration.pipelineProcessor.chunkSize"


def test_unknown_settings_are_rejected_listing_the_known_ones_at_that_level() -> None:
    with pytest.raises(InvalidFieldError) as raised:
        validate_configuration({"colour": "red", "pipelineProcessor": {"chunksize": 2}})
    assert sorted(str(problem) for problem in raised.value.problems) == [
        "configuration.colour: is not a known setting (known here: pipelineProcessor, preferredGroup, "
        "referenceDatasets)",
        "configuration.pipelineProcessor.chunksize: is not a known setting (known here: chunkSize, "
        "triggerMetricAggregations)",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([1], "configuration: must be an object, got [1]"),
        ({"referenceDatasets": True}, "configuration.referenceDatasets: must be an object, got True"),
        (
            {"pipelineProcessor": {"triggerMetricAggregations": "yes"}},
            "configuration.pipelineProcessor.triggerMetricAggregations: must be true or false, got 'yes'",
        ),
        (
            {"referenceDatasets": {"alwaysUseLatest": 1}},
            "configuration.referenceDatasets.alwaysUseLatest: must be true or false, got 1",
        ),
        ({"preferredGroup": 7}, "configuration.preferredGroup: must be a string, got 7"),
        ({"preferredGroup": "shared"}, "configuration.preferredGroup: must start with '/', got 'shared'"),
    ],
)
def test_wrongly_typed_settings_name_the_field_and_the_reason(raw: Any, message: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        validate_configuration(raw)
    assert str(raised.value) == message


def test_validation_errors_can_be_rooted_at_another_field() -> None:
    with pytest.raises(InvalidFieldError, match=r"^body\.configuration\.pipelineProcessor\.chunkSize: "):
        validate_configuration({"pipelineProcessor": {"chunkSize": 9}}, field="body.configuration")


def test_merge_is_deep_and_deeper_layers_win() -> None:
    assert merge_configurations(
        {"a": {"x": 1, "y": 2}, "b": 1}, {"a": {"y": 3}}, None, {"a": {"z": 4}, "b": [1]}
    ) == {"a": {"x": 1, "y": 3, "z": 4}, "b": [1]}


def test_merge_does_not_modify_its_inputs() -> None:
    root = {"pipelineProcessor": {"chunkSize": 1}}
    merged = merge_configurations(root, {"pipelineProcessor": {"chunkSize": 3}})
    merged["pipelineProcessor"]["chunkSize"] = 4
    assert root == {"pipelineProcessor": {"chunkSize": 1}}


def test_a_new_child_without_configuration_reports_the_full_inherited_configuration() -> None:
    assert effective_configuration({"/": ROOT_CONFIGURATION}, "/new") == ROOT_CONFIGURATION


def test_grandchild_merges_its_own_override_with_each_ancestor() -> None:
    assert effective_configuration(STORED, "/g1/g2") == {
        "preferredGroup": "/g1",
        "referenceDatasets": {"alwaysUseLatest": True},
        "pipelineProcessor": {"chunkSize": 1},
    }


def test_changing_the_root_cascades_to_groups_that_did_not_override_that_key() -> None:
    stored = {**STORED, "/": {**ROOT_CONFIGURATION, "pipelineProcessor": {"chunkSize": 3}}}
    assert effective_configuration(stored, "/g1/g2")["pipelineProcessor"] == {"chunkSize": 3}
    assert effective_configuration(stored, "/g1/g2")["referenceDatasets"] == {"alwaysUseLatest": True}


def test_inherited_configuration_leaves_out_the_group_itself() -> None:
    assert inherited_configuration(STORED, "/g1/g2") == {
        "preferredGroup": "/g1",
        "referenceDatasets": {"alwaysUseLatest": False},
        "pipelineProcessor": {"chunkSize": 1},
    }
    assert inherited_configuration(STORED, "/") == {}


def test_delta_keeps_only_what_differs_from_the_merged_parents() -> None:
    parents = inherited_configuration(STORED, "/g1/g2")
    wanted = {
        "preferredGroup": "/g1/g2",
        "referenceDatasets": {"alwaysUseLatest": False},
        "pipelineProcessor": {"chunkSize": 1, "triggerMetricAggregations": False},
    }
    assert configuration_delta(parents, wanted) == {
        "preferredGroup": "/g1/g2",
        "pipelineProcessor": {"triggerMetricAggregations": False},
    }


def test_delta_of_a_configuration_equal_to_the_parents_is_empty() -> None:
    parents = inherited_configuration(STORED, "/g1")
    assert configuration_delta(parents, parents) == {}


def test_delta_does_not_confuse_true_with_1() -> None:
    assert configuration_delta({"a": 1}, {"a": True}) == {"a": True}
    assert configuration_delta({"a": {"b": 1}}, {"a": 5}) == {"a": 5}


def test_stored_delta_reproduces_the_wanted_configuration() -> None:
    wanted = {"preferredGroup": "/g1/g2", "referenceDatasets": {"alwaysUseLatest": True}}
    parents = inherited_configuration(STORED, "/g1/g2")
    stored = {**STORED, "/g1/g2": configuration_delta(parents, wanted)}
    assert effective_configuration(stored, "/g1/g2") == {
        "preferredGroup": "/g1/g2",
        "referenceDatasets": {"alwaysUseLatest": True},
        "pipelineProcessor": {"chunkSize": 1},
    }


def test_configuration_source_lists_what_each_level_stores_root_first() -> None:
    source = configuration_source(STORED, "/g1/g2")
    assert list(source) == ["/", "/g1", "/g1/g2"]
    assert source == {
        "/": ROOT_CONFIGURATION,
        "/g1": {"preferredGroup": "/g1"},
        "/g1/g2": {"referenceDatasets": {"alwaysUseLatest": True}},
    }


def test_configuration_source_shows_an_empty_object_for_levels_storing_nothing() -> None:
    assert configuration_source({"/": ROOT_CONFIGURATION}, "/g9") == {"/": ROOT_CONFIGURATION, "/g9": {}}


scalars = st.one_of(st.booleans(), st.integers(-3, 3), st.sampled_from(["/", "/a", "x"]))
configurations = st.recursive(
    st.dictionaries(st.sampled_from("abc"), scalars, max_size=3),
    lambda inner: st.dictionaries(st.sampled_from("abc"), st.one_of(scalars, inner), max_size=3),
    max_leaves=8,
)


@given(configurations, configurations)
def test_merging_the_delta_over_the_parents_equals_merging_the_wanted(
    parents: dict[str, Any], wanted: dict[str, Any]
) -> None:
    delta = configuration_delta(parents, wanted)
    assert merge_configurations(parents, delta) == merge_configurations(parents, wanted)


@given(configurations, configurations)
def test_the_delta_of_a_merge_against_the_same_parents_is_stable(
    parents: dict[str, Any], wanted: dict[str, Any]
) -> None:
    delta = configuration_delta(parents, wanted)
    assert configuration_delta(parents, merge_configurations(parents, delta)) == configuration_delta(
        parents, merge_configurations(parents, wanted)
    )
