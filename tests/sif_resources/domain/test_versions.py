import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sif_resources.domain.calculations import CalculationCreate, CalculationUpdate
from sif_resources.domain.catalog_errors import InvalidRequestError
from sif_resources.domain.impact_activities import ImpactActivityCreate, ImpactActivityUpdate
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate, ReferenceDatasetUpdate
from sif_resources.domain.resources import State, new_resource
from sif_resources.domain.versions import (
    ListingEntry,
    ListToken,
    activation_time,
    apply_update,
    check_version_list_query,
    decode_list_token,
    deep_merge,
    encode_list_token,
    grant_group,
    page_catalogue,
    page_versions,
    revoke_group,
    select_version,
)

T0 = datetime(2023, 2, 21, 14, 0, tzinfo=UTC)

ACTIVITY = {
    "name": "activity_1",
    "activeAt": "2023-02-21T14:48:00.000Z",
    "attributes": {"ref_unit": "therm", "keep": 1},
    "tags": {"division": "purchasing", "type": "material/metal/steel"},
    "impacts": {
        "co2e": {
            "name": "CO2e",
            "attributes": {"unit": "kg"},
            "components": {
                "co2": {"key": "co2", "value": 5.304733389, "type": "pollutant"},
                "ch4": {"key": "ch4", "value": 0.001, "type": "pollutant"},
            },
        }
    },
}


def activity(body=ACTIVITY, at=T0, group="/g"):
    return new_resource(ImpactActivityCreate.parse_body(body), group_id=group, created_by="u", created_at=at)


def patch(current, body, at=T0 + timedelta(hours=2), model=ImpactActivityUpdate):
    return apply_update(current, model.parse_body(body), updated_by="Editor@X.com", updated_at=at)


def test_update_deep_merges_nested_impacts_and_components():
    v1 = activity()
    v2 = patch(
        v1, {"impacts": {"CO2E": {"components": {"CO2": {"value": 53.06}}, "attributes": {"outUnit": "t"}}}}
    )
    co2e = v2.to_document()["impacts"]["co2e"]
    assert co2e == {
        "name": "CO2e",
        "attributes": {"unit": "kg", "outUnit": "t"},
        "components": {
            "co2": {"key": "co2", "value": 53.06, "type": "pollutant"},
            "ch4": {"key": "ch4", "value": 0.001, "type": "pollutant"},
        },
    }
    assert v1.payload.impacts["co2e"].components["co2"].value == 5.304733389


def test_update_with_null_removes_tags_attributes_impacts_and_components():
    v2 = patch(
        activity(),
        {
            "tags": {"division": None, "type": "Material/Metal/Iron", "new": ""},
            "attributes": {"ref_unit": None, "dummyAttribute": "dummyValue"},
            "impacts": {"co2e": {"components": {"ch4": None}}},
        },
    )
    assert v2.tags == {"type": "Material/Metal/Iron"}
    assert v2.attributes == {"keep": 1, "dummyAttribute": "dummyValue"}
    assert list(v2.payload.impacts["co2e"].components) == ["co2"]
    assert patch(v2, {"impacts": {"co2e": None}}).payload.impacts == {}


def test_update_bumps_version_and_sets_audit_fields_keeping_creation():
    v1 = activity()
    v2 = patch(v1, {"description": "Updated description"})
    document = v2.to_document()
    assert (document["version"], document["id"], document["groups"]) == (2, v1.id, ["/g"])
    assert (document["createdAt"], document["createdBy"]) == ("2023-02-21T14:00:00.000Z", "u")
    assert (document["updatedAt"], document["updatedBy"]) == ("2023-02-21T16:00:00.000Z", "editor@x.com")
    assert document["description"] == "Updated description"


def test_update_resets_active_at_unless_supplied():
    v1 = activity()
    v2 = patch(v1, {"description": "x"})
    assert v2.active_at is None
    assert activation_time(v2) == T0 + timedelta(hours=2)
    v3 = patch(v2, {"activeAt": "2023-02-21T15:48:00+00:00"})
    assert v3.to_document()["activeAt"] == "2023-02-21T15:48:00.000Z"


def test_update_with_an_invalid_active_at_is_a_400():
    with pytest.raises(InvalidRequestError, match=r'^body/activeAt must match format "date-time"$'):
        ImpactActivityUpdate.parse_body({"activeAt": "not a date"})


def test_update_drops_unknown_properties_and_rejects_null_name():
    v2 = patch(activity(), {"hello": "world"})
    assert "hello" not in v2.to_document()
    with pytest.raises(InvalidRequestError, match="body/name must not be null"):
        ImpactActivityUpdate.parse_body({"name": None})


def test_update_changes_state_only_when_supplied():
    v2 = patch(activity(), {"state": "disabled"})
    assert v2.state is State.DISABLED
    assert patch(v2, {"description": "x"}).state is State.DISABLED


def test_merged_result_is_validated_as_a_whole():
    with pytest.raises(InvalidRequestError, match="body/impacts/new must have required property 'name'"):
        patch(activity(), {"impacts": {"new": {"attributes": {"unit": "kg"}}}})


def test_calculation_update_replaces_arrays_and_checks_the_formula():
    calc = new_resource(
        CalculationCreate.parse_body(
            {
                "name": "custom_add",
                "summary": "Adds 2 numbers.",
                "formula": ":left+:right",
                "parameters": [
                    {"index": 0, "key": "left", "description": "l", "type": "number"},
                    {"index": 1, "key": "right", "description": "r", "type": "number"},
                ],
                "outputs": [{"name": "sum", "description": "The total.", "type": "number"}],
            }
        ),
        group_id="/c",
        created_by="u",
        created_at=T0,
    )
    v2 = patch(
        calc,
        {
            "formula": ":left*2",
            "parameters": [{"index": 0, "key": "left", "description": "l", "type": "number"}],
        },
        model=CalculationUpdate,
    )
    assert [p.key for p in v2.payload.parameters] == ["left"]
    with pytest.raises(InvalidRequestError) as raised:
        patch(calc, {"formula": "(:left"}, model=CalculationUpdate)
    assert raised.value.to_body()["syntaxErrors"]["line"] == 1


def test_disabled_reference_dataset_accepts_only_updates_that_change_state():
    body = {"name": "ds", "datasetHeaders": ["a"], "datasetSource": "s3"}
    dataset = new_resource(
        ReferenceDatasetCreate.parse_body(body), group_id="/g", created_by="u", created_at=T0
    )
    disabled = replace(dataset, state=State.DISABLED)
    with pytest.raises(InvalidRequestError, match="must change its state"):
        patch(disabled, {"description": "x"}, model=ReferenceDatasetUpdate)
    enabled = patch(disabled, {"state": "enabled", "datasetHeaders": ["b"]}, model=ReferenceDatasetUpdate)
    assert (enabled.state, enabled.payload.dataset_headers) == (State.ENABLED, ("b",))
    assert enabled.payload.status is dataset.payload.status


def test_deep_merge_unions_groups_and_replaces_other_arrays():
    base = {"groups": ["/a", "/b"], "list": [1, 2], "o": {"x": 1}}
    merged = deep_merge(base, {"groups": ["/b", "/c"], "list": [3], "o": {"y": 2}})
    assert merged == {"groups": ["/a", "/b", "/c"], "list": [3], "o": {"x": 1, "y": 2}}
    assert base == {"groups": ["/a", "/b"], "list": [1, 2], "o": {"x": 1}}


json_leaf = st.none() | st.integers() | st.text(max_size=3) | st.lists(st.integers(), max_size=2)
json_tree = st.recursive(
    json_leaf, lambda children: st.dictionaries(st.sampled_from("abc"), children, max_size=3), max_leaves=8
)
documents = st.dictionaries(st.sampled_from("abcd"), json_tree, max_size=4)


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return value


@given(documents, documents)
def test_deep_merge_is_idempotent_and_patch_values_win(base, patch_document):
    merged = deep_merge(_without_nulls(base), patch_document)
    assert deep_merge(merged, patch_document) == merged
    for key, value in patch_document.items():
        if value is None:
            assert key not in merged
        elif not isinstance(value, dict):
            assert merged[key] == value


@given(documents)
def test_deep_merge_with_an_empty_patch_changes_nothing(base):
    assert deep_merge(base, {}) == base


def history(*activations):
    """Versions 1..n; an activation of None means no activeAt (updatedAt then decides)."""
    versions = [activity({"name": "a"}, at=T0)]
    for activation in activations[1:]:
        body = {} if activation is None else {"activeAt": activation.isoformat()}
        versions.append(patch(versions[-1], body, at=T0 + timedelta(hours=len(versions))))
    if activations[0] is not None:
        versions[0] = replace(versions[0], active_at=activations[0])
    return versions


def test_version_as_at_picks_the_greatest_activation_at_or_before_the_instant():
    versions = history(T0 + timedelta(minutes=48), T0 + timedelta(minutes=108))
    assert select_version(versions, version_as_at="2023-02-21T14:48:00.000Z").version == 1
    assert select_version(versions, version_as_at="2023-02-21T15:47:59.999Z").version == 1
    assert select_version(versions, version_as_at="2023-02-21T15:48:00.000Z").version == 2


def test_version_as_at_before_the_first_activation_finds_nothing():
    versions = history(T0 + timedelta(minutes=48), None)
    assert select_version(versions, version_as_at="2023-02-21T14:00:00Z") is None
    assert select_version(versions, version_as_at="2023-02-20") is None


def test_version_as_at_with_equal_activations_picks_the_higher_version():
    same = T0 + timedelta(days=1)
    versions = history(same, same, T0)
    assert select_version(versions, version_as_at=same).version == 2
    assert select_version(versions, version_as_at=T0).version == 3


def test_activation_falls_back_to_updated_then_created():
    versions = history(None, None)
    assert [activation_time(v) for v in versions] == [T0, T0 + timedelta(hours=1)]


def test_latest_is_the_highest_number_whatever_the_activations():
    versions = history(T0 + timedelta(days=9), T0)
    assert select_version(list(reversed(versions))).version == 2
    assert select_version(versions, version=1).version == 1
    assert select_version(versions, version=3) is None
    assert select_version([]) is None


def test_version_and_version_as_at_together_are_rejected():
    with pytest.raises(InvalidRequestError, match="Only one of version or versionAsAt"):
        select_version(history(None), version=1, version_as_at=T0)
    with pytest.raises(InvalidRequestError, match="versionAsAt 'soon' is not an ISO 8601"):
        select_version(history(None), version_as_at="soon")


def test_versions_query_rejects_version_as_at_with_count_or_from_version():
    check_version_list_query(None, None, "2023-02-21T14:48:00.000Z")
    with pytest.raises(InvalidRequestError) as raised:
        check_version_list_query(1, None, "2023-02-21T14:48:00.000Z")
    assert raised.value.message == (
        "request can only contain versionAsAt or count/fromVersion query parameter, but not both"
    )


@pytest.mark.parametrize("state", [State.DISABLED, State.FROZEN])
def test_old_versions_report_the_latest_disabled_or_frozen_state(state):
    v1 = activity()
    v2 = patch(v1, {"state": state.value})
    assert select_version([v1, v2], version=1).state is state
    assert all(v.state is state for v in page_versions([v1, v2]).items)
    v3 = patch(v2, {"state": "enabled"})
    assert select_version([v1, v2, v3], version=2).state is state


@st.composite
def histories(draw):
    hours = draw(st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=1, max_size=6))
    return history(*(None if h is None else T0 + timedelta(hours=h) for h in hours))


@given(histories(), st.integers(-1, 8))
def test_version_as_at_matches_a_brute_force_search(versions, hour):
    instant = T0 + timedelta(hours=hour)
    chosen = select_version(versions, version_as_at=instant)
    eligible = [v for v in versions if activation_time(v) <= instant]
    if not eligible:
        assert chosen is None
    else:
        best = max(activation_time(v) for v in eligible)
        assert chosen.version == max(v.version for v in eligible if activation_time(v) == best)


def test_grant_appends_the_group_as_a_new_version_keeping_active_at():
    v1 = activity()
    v2 = grant_group(v1, "/Shared", updated_by="admin", updated_at=T0 + timedelta(hours=3))
    assert (v2.groups, v2.version, v2.active_at) == (("/g", "/shared"), 2, v1.active_at)
    assert grant_group(v2, "/shared", updated_by="a", updated_at=T0) is v2


def test_revoke_removes_a_group_but_never_the_owner():
    v2 = grant_group(activity(), "/shared", updated_by="admin", updated_at=T0)
    v3 = revoke_group(v2, "/SHARED", updated_by="admin", updated_at=T0)
    assert (v3.groups, v3.version) == (("/g",), 3)
    assert revoke_group(v3, "/g", updated_by="admin", updated_at=T0) is v3
    assert revoke_group(v3, "/other", updated_by="admin", updated_at=T0) is v3


def test_version_pages_run_newest_first_with_last_evaluated_version():
    versions = history(None, None, None, None, None)
    first = page_versions(versions, count=2)
    assert [v.version for v in first.items] == [5, 4]
    assert first.pagination() == {"lastEvaluatedVersion": 4}
    second = page_versions(versions, count=2, from_version=4)
    assert [v.version for v in second.items] == [3, 2]
    last = page_versions(versions, count=2, from_version=2)
    assert ([v.version for v in last.items], last.pagination()) == ([1], None)
    assert len(page_versions(versions).items) == 5


def test_list_token_is_base64_of_id_and_group_and_round_trips():
    token = encode_list_token(ListToken("01h0000000000000000000000a", "/p/a"))
    assert base64.b64decode(token) == b"01h0000000000000000000000a:/p/a"
    assert decode_list_token(token) == ListToken("01h0000000000000000000000a", "/p/a")
    assert decode_list_token(token.rstrip("=")) == ListToken("01h0000000000000000000000a", "/p/a")


@pytest.mark.parametrize("token", ["%%%", base64.b64encode(b"no-separator").decode(), "gA=="])
def test_malformed_list_tokens_are_400s(token):
    with pytest.raises(InvalidRequestError, match="Invalid fromToken"):
        decode_list_token(token)


def listing():
    names = [("/p", 1), ("/p", 2), ("/p", 3), ("/p/a", 4), ("/p/a", 5)]
    return [
        ListingEntry(group, activity({"name": f"r{n}"}, at=T0 + timedelta(minutes=n), group=group))
        for group, n in names
    ]


def test_catalogue_pages_follow_tokens_until_the_end():
    entries = listing()
    pages, token = [], None
    while True:
        page = page_catalogue(entries, count=2, from_token=token)
        pages.append([entry.resource.name for entry in page.items])
        token = page.last_evaluated_token
        if token is None:
            break
    assert pages == [["r1", "r2"], ["r3", "r4"], ["r5"]]


def test_catalogue_without_pagination_has_no_token():
    assert page_catalogue(listing()).pagination() is None
    assert page_catalogue(listing(), count=5).pagination() is None


def test_catalogue_resumes_after_a_deleted_entry():
    entries = listing()
    token = page_catalogue(entries, count=2).last_evaluated_token
    remaining = [entry for entry in entries if entry.resource.name != "r2"]
    assert [e.resource.name for e in page_catalogue(remaining, count=2, from_token=token).items] == [
        "r3",
        "r4",
    ]
