"""Tags: normalisation, hierarchical values, list filters and the tag-values listing.

What belongs here: everything SIF does with a resource's `tags` map (§2.6) that needs no storage: dropping
deleted tags, expanding `Material/Metal/Steel` into its ancestors, parsing `tags=key:value` query filters,
matching them case-insensitively, and building the `GET /tags/:key` response from a set of tagged resources.
What does not: keeping per-group tag summaries up to date (a store's job) and group visibility (`access.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sif_resources.domain.catalog_errors import InvalidRequestError

HIERARCHY_SEPARATOR = "/"
DEFAULT_TAG_PAGE_SIZE = 20


class Tagged(Protocol):
    """Anything carrying a tags map (catalog resources, groups, users)."""

    @property
    def tags(self) -> Mapping[str, str]: ...


def normalise_tags(tags: Mapping[str, str | None] | None) -> dict[str, str]:
    """The tags to store: a `null` or empty value means "no such tag" (and deletes it on update)."""
    if not tags:
        return {}
    return {key: value for key, value in tags.items() if value is not None and value != ""}


def tag_segments(value: str) -> tuple[str, ...]:
    """The path segments of a (possibly hierarchical) value; empty segments (`a//b`, `a/`) are ignored."""
    return tuple(segment for segment in value.split(HIERARCHY_SEPARATOR) if segment != "")


def expand_tag_value(value: str) -> tuple[str, ...]:
    """Every value a tag is indexed under: `Material/Metal/Steel` -> `Material`, `Material/Metal`, itself."""
    segments = tag_segments(value)
    return tuple(HIERARCHY_SEPARATOR.join(segments[: depth + 1]) for depth in range(len(segments)))


def tag_value_key(value: str) -> str:
    """The case-insensitive identity of a tag value (lower-cased, empty segments dropped)."""
    return HIERARCHY_SEPARATOR.join(tag_segments(value)).lower()


@dataclass(frozen=True)
class TagFilter:
    """One `tags=key:value` list filter; it matches the value and every value below it in the hierarchy."""

    key: str
    value: str

    def matches(self, tags: Mapping[str, str]) -> bool:
        """Whether a resource with these tags passes (keys and values compared case-insensitively)."""
        wanted = tag_value_key(self.value)
        for key, value in tags.items():
            if key.lower() != self.key.lower():
                continue
            if any(prefix.lower() == wanted for prefix in expand_tag_value(value)):
                return True
        return False


def parse_tag_filter(text: str) -> TagFilter:
    """Parse one `key:value` filter; the value may itself contain `:` (only the first one separates)."""
    key, separator, value = text.partition(":")
    if not separator:
        raise InvalidRequestError(f"Invalid tag filter '{text}': expected 'key:value'.")
    if not key.strip():
        raise InvalidRequestError(f"Invalid tag filter '{text}': the tag key is empty.")
    if not tag_segments(value.strip()):
        raise InvalidRequestError(f"Invalid tag filter '{text}': the tag value is empty.")
    return TagFilter(key.strip(), value.strip())


def parse_tag_filters(texts: Iterable[str] | str | None) -> tuple[TagFilter, ...]:
    """Parse the repeated `tags` query parameter; the filters are AND-ed by `matches_tag_filters`."""
    if texts is None:
        return ()
    if isinstance(texts, str):
        texts = [texts]
    return tuple(parse_tag_filter(text) for text in texts)


def matches_tag_filters(tags: Mapping[str, str], filters: Sequence[TagFilter]) -> bool:
    """Whether the tags pass every filter (no filters: everything passes)."""
    return all(tag_filter.matches(tags) for tag_filter in filters)


@dataclass(frozen=True)
class TagValuesPage:
    """One page of `GET /tags/:key`: lower-cased full value -> label (last segment, original case)."""

    values: Mapping[str, str]
    count: int
    last_evaluated_value: str | None

    def to_body(self) -> dict[str, Any]:
        """The JSON body SIF returns; `lastEvaluatedValue` only when another page exists."""
        pagination: dict[str, Any] = {"count": self.count}
        if self.last_evaluated_value is not None:
            pagination["lastEvaluatedValue"] = self.last_evaluated_value
        return {"values": dict(self.values), "pagination": pagination}


def list_tag_values(
    resources: Iterable[Tagged],
    key: str,
    *,
    parent_value: str | None = None,
    count: int | None = None,
    from_value: str | None = None,
) -> TagValuesPage:
    """The distinct values of tag `key` in use by `resources`, one hierarchy level at a time.

    Without `parent_value` the top level is listed (`material` -> `Material`); with it, its direct children
    (`material/metal` -> `Metal`). Values are ordered by their lower-cased form; `from_value` is exclusive.
    When resources spell a value in different cases the first one met gives the label.
    """
    if count is not None and count < 1:
        raise InvalidRequestError("count must be a positive integer.")
    page_size = DEFAULT_TAG_PAGE_SIZE if count is None else count
    parent = None if parent_value is None else tag_value_key(parent_value)
    depth = 0 if not parent else len(tag_segments(parent))
    labels: dict[str, str] = {}
    for resource in resources:
        for tag_key, value in resource.tags.items():
            if tag_key.lower() != key.lower():
                continue
            for prefix in expand_tag_value(value):
                segments = tag_segments(prefix)
                if len(segments) != depth + 1:
                    continue
                full = prefix.lower()
                if parent and not full.startswith(parent + HIERARCHY_SEPARATOR):
                    continue
                labels.setdefault(full, segments[-1])
    ordered = sorted(labels)
    if from_value is not None:
        start = tag_value_key(from_value)
        ordered = [value for value in ordered if value > start]
    page = ordered[:page_size]
    more = len(ordered) > page_size
    return TagValuesPage(
        values={value: labels[value] for value in page},
        count=page_size,
        last_evaluated_value=page[-1] if more else None,
    )
