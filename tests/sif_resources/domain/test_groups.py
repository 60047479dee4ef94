"""Group ids and the hierarchy (SIF §2.2, §3.1): naming, validation, and path arithmetic."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.groups import (
    MAX_GROUP_ID_LENGTH,
    ROOT_GROUP_ID,
    ancestors_of,
    child_group_id,
    children_of,
    depth_of,
    descendants_of,
    is_descendant,
    is_direct_child,
    is_root,
    is_same_or_descendant,
    lineage_of,
    normalize_group_id,
    parent_of,
    validate_group_name,
)

names = st.text(alphabet="ab-", min_size=1, max_size=3)
group_ids = st.lists(names, max_size=4).map(lambda parts: "/" + "/".join(parts))


@pytest.mark.parametrize(
    ("context", "name", "expected"),
    [
        ("/usa", "Company1", "/usa/company1"),
        ("/", "Usa", "/usa"),
        ("/usa/northwest", "Plant-7", "/usa/northwest/plant-7"),
        ("/USA", "a", "/usa/a"),
    ],
)
def test_child_group_id_is_the_lower_cased_path_under_the_context(
    context: str, name: str, expected: str
) -> None:
    assert child_group_id(context, name) == expected


@pytest.mark.parametrize("name", ["Company 1", "a/b", "a_b", "émile", "a.b", "a\n"])
def test_group_name_with_other_characters_than_letters_digits_and_dash_is_rejected(name: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        child_group_id("/usa", name)
    assert str(raised.value) == f"name: may contain only letters, digits and '-', got {name!r}"
    assert raised.value.problems[0].field == "name"


def test_empty_group_name_is_rejected() -> None:
    with pytest.raises(InvalidFieldError, match=r"^name: must not be empty$"):
        validate_group_name("")


def test_group_name_keeps_its_case() -> None:
    assert validate_group_name("Company-1") == "Company-1"


def test_group_id_of_exactly_114_characters_is_accepted() -> None:
    name = "a" * (MAX_GROUP_ID_LENGTH - 1)
    assert child_group_id("/", name) == "/" + name
    assert len(child_group_id("/", name)) == 114


def test_group_id_over_114_characters_is_rejected_naming_the_name_field() -> None:
    context = "/" + "b" * 100
    name = "c" * 13  # "/bbb…b/ccc…c" is 115 characters
    with pytest.raises(InvalidFieldError) as raised:
        child_group_id(context, name)
    assert str(raised.value) == (
        f"name: the group id '{context}/{name}' would be 115 characters long; the limit is 114"
    )


def test_new_group_under_an_invalid_context_names_the_context_field() -> None:
    with pytest.raises(InvalidFieldError, match=r"^groupContextId: must start with '/', got 'usa'$"):
        child_group_id("usa", "a")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("/", "/"), ("/USA/NorthWest", "/usa/northwest"), ("/a-1/b2", "/a-1/b2")],
)
def test_normalize_group_id_lower_cases_valid_ids(raw: str, expected: str) -> None:
    assert normalize_group_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "groupId: must not be empty"),
        ("usa", "groupId: must start with '/', got 'usa'"),
        ("/usa/", "groupId: has an empty path segment in '/usa/'"),
        ("//usa", "groupId: has an empty path segment in '//usa'"),
        (
            "/usa/north west",
            "groupId: segment 'north west' of '/usa/north west' may contain only letters, digits and '-'",
        ),
        ("/" + "a" * 114, "groupId: is 115 characters long; the limit is 114"),
    ],
)
def test_normalize_group_id_rejects_malformed_ids_with_the_reason(raw: str, message: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        normalize_group_id(raw)
    assert str(raised.value) == message


def test_normalize_group_id_names_the_field_it_was_given() -> None:
    with pytest.raises(InvalidFieldError, match=r"^x-groupcontextid: "):
        normalize_group_id("nope", field="x-groupcontextid")


def test_root_has_no_parent_and_no_ancestors() -> None:
    assert is_root(ROOT_GROUP_ID)
    assert parent_of("/") is None
    assert ancestors_of("/") == ()
    assert lineage_of("/") == ("/",)
    assert depth_of("/") == 0


def test_parent_of_a_top_level_group_is_the_root() -> None:
    assert parent_of("/a") == "/"
    assert parent_of("/a/b/c") == "/a/b"


def test_ancestors_are_nearest_first_and_lineage_is_root_first() -> None:
    assert ancestors_of("/a/b/c") == ("/a/b", "/a", "/")
    assert lineage_of("/a/b/c") == ("/", "/a", "/a/b", "/a/b/c")
    assert depth_of("/a/b/c") == 3


@pytest.mark.parametrize(
    ("child", "ancestor", "expected"),
    [
        ("/a", "/a", True),
        ("/a/b", "/a", True),
        ("/a/b/c", "/a", True),
        ("/ab", "/a", False),
        ("/a-b", "/a", False),
        ("/a", "/a/b", False),
        ("/a", "/", True),
        ("/", "/", True),
        ("/", "/a", False),
    ],
)
def test_is_same_or_descendant_matches_path_prefixes_with_a_trailing_slash(
    child: str, ancestor: str, expected: bool
) -> None:
    assert is_same_or_descendant(child, ancestor) is expected


def test_is_descendant_excludes_the_group_itself() -> None:
    assert not is_descendant("/a", "/a")
    assert is_descendant("/a/b", "/a")
    assert not is_descendant("/ab", "/a")


def test_direct_children_are_exactly_one_level_down() -> None:
    assert is_direct_child("/a", "/")
    assert is_direct_child("/a/b", "/a")
    assert not is_direct_child("/a/b/c", "/a")
    assert not is_direct_child("/ab", "/a")


def test_descendants_and_children_keep_the_order_of_the_known_groups() -> None:
    known = ["/p", "/p/b", "/pa", "/p/a/b", "/p/a", "/x", "/p/b"]
    assert descendants_of("/p", known) == ("/p/b", "/p/a/b", "/p/a")
    assert children_of("/p", known) == ("/p/b", "/p/a")
    assert descendants_of("/", known) == ("/p", "/p/b", "/pa", "/p/a/b", "/p/a", "/x")


@given(group_ids, group_ids)
def test_prefix_rule_equals_the_segment_rule(child: str, ancestor: str) -> None:
    child_parts = [part for part in child.split("/") if part]
    ancestor_parts = [part for part in ancestor.split("/") if part]
    expected = child_parts[: len(ancestor_parts)] == ancestor_parts
    assert is_same_or_descendant(child, ancestor) is expected


@given(group_ids)
def test_a_group_is_under_itself_each_ancestor_and_the_root(group: str) -> None:
    assert is_same_or_descendant(group, group)
    assert is_same_or_descendant(group, "/")
    for ancestor in ancestors_of(group):
        assert is_descendant(group, ancestor)
        assert not is_same_or_descendant(ancestor, group)


@given(group_ids)
def test_ancestors_walk_parent_by_parent_to_the_root(group: str) -> None:
    ancestors = ancestors_of(group)
    assert len(ancestors) == depth_of(group)
    chain = (group, *ancestors)
    for below, above in itertools.pairwise(chain):
        assert parent_of(below) == above
    assert lineage_of(group) == tuple(reversed(chain))


@given(group_ids, names)
def test_a_new_group_is_a_direct_child_of_its_context(context: str, name: str) -> None:
    created = child_group_id(context, name)
    assert parent_of(created) == context
    assert normalize_group_id(created) == created
