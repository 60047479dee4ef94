from dataclasses import dataclass, field

import pytest

from sif_resources.domain.catalog_errors import InvalidRequestError
from sif_resources.domain.tags import (
    TagFilter,
    expand_tag_value,
    list_tag_values,
    matches_tag_filters,
    normalise_tags,
    parse_tag_filter,
    parse_tag_filters,
)


@dataclass(frozen=True)
class Item:
    tags: dict[str, str] = field(default_factory=dict)


# The fixture of the SIF tag features: four resources in /T/a.
FIXTURE = [
    Item({"datasource": "GHG Protocol", "type": "Material/Metal/Steel"}),
    Item({"datasource": "Green Button Alliance", "type": "Material/Metal/Iron"}),
    Item({"datasource": "GHG Protocol", "type": "Material/Metal/Iron"}),
    Item({"datasource": "Green Button Alliance", "type": "Material/Plastic/ABS"}),
]


def test_normalise_tags_drops_null_and_empty_values():
    assert normalise_tags({"a": "x", "b": None, "c": ""}) == {"a": "x"}
    assert normalise_tags(None) == {}


def test_hierarchical_value_is_indexed_under_every_ancestor():
    assert expand_tag_value("Material/Metal/Steel") == ("Material", "Material/Metal", "Material/Metal/Steel")


def test_flat_value_is_indexed_under_itself_and_empty_segments_are_ignored():
    assert expand_tag_value("GHG Protocol") == ("GHG Protocol",)
    assert expand_tag_value("/a//b/") == ("a", "a/b")


def test_parse_tag_filter_splits_on_the_first_colon():
    assert parse_tag_filter("source:urn:epa:2023") == TagFilter("source", "urn:epa:2023")
    assert parse_tag_filter(" type : Material/Metal ") == TagFilter("type", "Material/Metal")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("type", "expected 'key:value'"),
        (":Material", "the tag key is empty"),
        ("type:", "the tag value is empty"),
    ],
)
def test_parse_tag_filter_rejects_malformed_filters_with_the_reason(text, reason):
    with pytest.raises(InvalidRequestError) as raised:
        parse_tag_filter(text)
    assert raised.value.message == f"Invalid tag filter '{text}': {reason}."
    assert raised.value.status == 400


def test_parse_tag_filters_accepts_one_string_or_none():
    assert parse_tag_filters("a:b") == (TagFilter("a", "b"),)
    assert parse_tag_filters(None) == ()


def test_filter_matches_case_insensitively_on_key_and_value():
    tags = {"DataSource": "GHG Protocol"}
    assert TagFilter("datasource", "ghg protocol").matches(tags)
    assert not TagFilter("datasource", "ghg").matches(tags)


def test_hierarchical_filter_matches_descendants_but_not_siblings_or_partial_segments():
    plastic = parse_tag_filters(["type:Material/Plastic"])
    assert [matches_tag_filters(item.tags, plastic) for item in FIXTURE] == [False, False, False, True]
    assert not TagFilter("type", "Material/Met").matches(FIXTURE[0].tags)
    assert TagFilter("type", "material/metal/").matches(FIXTURE[0].tags)


def test_filters_are_anded():
    filters = parse_tag_filters(["datasource:GHG Protocol", "type:Material/Metal/Steel"])
    assert [matches_tag_filters(item.tags, filters) for item in FIXTURE] == [True, False, False, False]


def test_no_filters_match_everything():
    assert matches_tag_filters({}, ())


def test_tag_values_list_lower_cased_values_with_their_original_labels():
    page = list_tag_values(FIXTURE, "datasource")
    assert page.to_body() == {
        "values": {"ghg protocol": "GHG Protocol", "green button alliance": "Green Button Alliance"},
        "pagination": {"count": 20},
    }


def test_tag_values_of_a_hierarchy_list_one_level_at_a_time():
    assert dict(list_tag_values(FIXTURE, "type").values) == {"material": "Material"}
    assert dict(list_tag_values(FIXTURE, "type", parent_value="material").values) == {
        "material/metal": "Metal",
        "material/plastic": "Plastic",
    }
    assert dict(list_tag_values(FIXTURE, "type", parent_value="Material/Metal").values) == {
        "material/metal/iron": "Iron",
        "material/metal/steel": "Steel",
    }


def test_tag_values_page_with_count_and_from_value():
    first = list_tag_values(FIXTURE, "type", parent_value="material/metal", count=1)
    assert dict(first.values) == {"material/metal/iron": "Iron"}
    assert first.to_body()["pagination"] == {"count": 1, "lastEvaluatedValue": "material/metal/iron"}
    second = list_tag_values(
        FIXTURE, "type", parent_value="material/metal", count=1, from_value=first.last_evaluated_value
    )
    assert dict(second.values) == {"material/metal/steel": "Steel"}
    assert second.last_evaluated_value is None


def test_tag_values_of_an_unused_key_are_empty():
    assert dict(list_tag_values(FIXTURE, "colour").values) == {}


def test_tag_values_label_comes_from_the_first_spelling_met():
    items = [Item({"k": "Steel"}), Item({"k": "STEEL"})]
    assert dict(list_tag_values(items, "K").values) == {"steel": "Steel"}


def test_tag_values_reject_a_non_positive_count():
    with pytest.raises(InvalidRequestError, match="count must be a positive integer"):
        list_tag_values(FIXTURE, "type", count=0)
