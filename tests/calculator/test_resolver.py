"""`InMemoryResolver`: versions, LOOKUP key matching and the catalog's error messages (spec §9, §10).

Resources are read through formulas (IMPACT, LOOKUP, `#calc`), as pipelines read them, so the tests cover
the resolver together with the kernels that batch requests to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from calculator import EvaluationContext, InMemoryResolver, Kind, evaluate, evaluate_batch
from calculator.resolver import ResourceRef, lookup_key

AS_AT = "2024-01-01T00:00:00Z"


def _frame(keys: list[Any], values: list[Any]) -> pd.DataFrame:
    return pd.DataFrame({"k": keys, "v": values}, dtype=object)


@pytest.fixture
def resolver() -> InMemoryResolver:
    resolver = InMemoryResolver()
    resolver.add_impact_activity("act", {"co2e": {"co2": "1.5"}}, group="/t", version=1)
    resolver.add_impact_activity("act", {"co2e": {"co2": "2.5"}}, group="/t", version=10)
    resolver.add_impact_activity("act", {"co2e": {"co2": "3.5"}}, group="/t", version=2)
    resolver.add_impact_activity("act", {"co2e": {"co2": "9"}}, group="/t", version=11, version_as_at=AS_AT)
    resolver.add_impact_activity("act", {"co2e": {"co2": "7"}}, group="/t", tenant="other")
    resolver.add_dataset(
        "d", _frame(["12", "7", "0", "12"], ["twelve", "seven", "zero", "second"]), group="/t"
    )
    resolver.add_dataset("d", _frame(["12"], ["v2"]), group="/t", version=2)
    resolver.add_dataset("d", _frame(["12"], ["as at"]), group="/t", version=3, version_as_at=AS_AT)
    resolver.add_dataset(
        "words",
        _frame(["Hello World", "a-b_c", "HELLO  world", "CO2e (kg)", "yes"], ["1", "2", "3", "4", "true"]),
        group="/t",
    )
    resolver.add_calculation(
        "twice", ":x*2", [{"index": 0, "key": "x", "type": "number"}], group="/t", version=1
    )
    resolver.add_calculation(
        "twice", ":x*3", [{"index": 0, "key": "x", "type": "number"}], group="/t", version=2
    )
    return resolver


def _value(formula: str, resolver: InMemoryResolver) -> tuple[Kind, Any]:
    outcome = evaluate(formula, context=EvaluationContext(group="/t", resolver=resolver))
    assert outcome.error is None, outcome.error
    return outcome.kind, outcome.value


def _message(formula: str, resolver: InMemoryResolver) -> str:
    outcome = evaluate(formula, context=EvaluationContext(group="/t", resolver=resolver))
    assert outcome.error is not None, (outcome.kind, outcome.value)
    return outcome.error.message


# --- versions ----------------------------------------------------------------------------------------------


def test_the_latest_version_is_used_by_default_comparing_versions_as_numbers(
    resolver: InMemoryResolver,
) -> None:
    assert _value("impact('act','co2e','co2')", resolver) == (Kind.NUMBER, Decimal("2.5"))


def test_version_option_picks_that_exact_version(resolver: InMemoryResolver) -> None:
    assert _value("impact('act','co2e','co2',version=2)", resolver) == (Kind.NUMBER, Decimal("3.5"))
    assert _value("impact('act','co2e','co2',version=1)", resolver) == (Kind.NUMBER, Decimal("1.5"))
    assert _value("lookup('12','d','k','v',version=1)", resolver) == (Kind.STRING, "twelve")


def test_an_unknown_version_is_reported_as_a_missing_resource(resolver: InMemoryResolver) -> None:
    assert _message("impact('act','co2e','co2',version=5)", resolver) == "Activity with name 'act' not found."
    assert (
        _message("lookup('12','d','k','v',version=9)", resolver)
        == "Reference dataset for name 'd' not found."
    )


def test_version_as_at_only_matches_rows_registered_for_that_text(resolver: InMemoryResolver) -> None:
    assert _value(f"impact('act','co2e','co2',versionAsAt='{AS_AT}')", resolver) == (Kind.NUMBER, Decimal(9))
    assert _value(f"lookup('12','d','k','v',versionAsAt='{AS_AT}')", resolver) == (Kind.STRING, "as at")
    assert (
        _message("impact('act','co2e','co2',versionAsAt='2024')", resolver)
        == "Activity with name 'act' not found."
    )
    assert (
        _message("lookup('12','d','k','v',versionAsAt='2024')", resolver)
        == "Reference dataset for specified versionAsAt '2024' not found."
    )


def test_rows_with_a_version_as_at_are_never_the_default(resolver: InMemoryResolver) -> None:
    assert _value("lookup('12','d','k','v')", resolver) == (Kind.STRING, "v2")


def test_the_resource_version_used_is_audited(resolver: InMemoryResolver) -> None:
    outcome = evaluate("lookup('12','d','k','v')", context=EvaluationContext(group="/t", resolver=resolver))

    assert outcome.audit is not None
    assert outcome.audit.referenceDatasets == [
        {"value": "12", "name": "d", "keyColumn": "k", "outputColumn": "v", "group": "/t", "version": "2"}
    ]


def test_version_and_version_as_at_together_are_rejected(resolver: InMemoryResolver) -> None:
    assert (
        _message("impact('act','co2e','co2',version=1,versionAsAt='x')", resolver)
        == "Version and VersionAsAt are mutually exclusive parameters, specify one or the other."
    )


def test_resources_are_scoped_by_group_and_tenant(resolver: InMemoryResolver) -> None:
    assert _value("impact('act','co2e','co2',tenant='other')", resolver) == (Kind.NUMBER, Decimal(7))
    assert _message("impact('act','co2e','co2',group='/')", resolver) == "Activity with name 'act' not found."


def test_calculations_use_the_latest_version_unless_one_is_named(resolver: InMemoryResolver) -> None:
    assert _value("#twice(2)", resolver) == (Kind.NUMBER, Decimal(6))
    assert _value("#twice(2,version=1)", resolver) == (Kind.NUMBER, Decimal(4))
    assert _message("#thrice(2)", resolver) == "Calculation with name 'thrice' not found."


def test_impact_names_and_components_match_exactly(resolver: InMemoryResolver) -> None:
    assert _message("impact('act','CO2e','co2')", resolver) == "Referenced activity impact 'CO2e' not found."
    assert (
        _message("impact('act','co2e','CO2')", resolver)
        == "Referenced activity impact component 'CO2' not found."
    )
    assert _message("impact('nope','co2e','co2')", resolver) == "Activity with name 'nope' not found."


def test_adding_the_same_version_again_replaces_it() -> None:
    resolver = InMemoryResolver()
    resolver.add_dataset("d", _frame(["a"], ["old"]), group="/t", version=1)
    resolver.add_dataset("d", _frame(["a"], ["new"]), group="/t", version=1)

    assert _value("lookup('a','d','k','v')", resolver) == (Kind.STRING, "new")


# --- LOOKUP matching ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hello World", "hello world"),
        ("  HELLO--world ", "hello world"),
        ("a-b_c", "a b_c"),  # an underscore joins a word (UAX #29 ExtendNumLet), a hyphen splits it
        ("12.0 kg", "12.0 kg"),
        ("Zürich", "zürich"),
        ("CO2e (kg)", "co2e kg"),
        (" 12 ", "12"),
        ("", ""),
    ],
)
def test_lookup_key_lower_cases_and_keeps_unicode_word_tokens(text: str, key: str) -> None:
    assert lookup_key(text) == key


def test_lookup_matches_keys_case_insensitively_by_tokens(resolver: InMemoryResolver) -> None:
    assert _value("lookup('hello world','words','k','v')", resolver) == (Kind.NUMBER, Decimal(1))
    assert _value("lookup('A B_C','words','k','v')", resolver) == (Kind.NUMBER, Decimal(2))
    assert _value("lookup('co2e kg','words','k','v')", resolver) == (Kind.NUMBER, Decimal(4))


def test_lookup_returns_the_first_row_when_keys_repeat(resolver: InMemoryResolver) -> None:
    # 'HELLO  world' (row 3) has the same tokens as 'Hello World' (row 1)
    assert _value("lookup('HELLO  world','words','k','v')", resolver) == (Kind.NUMBER, Decimal(1))
    assert _value("lookup('12','d','k','v',version=1)", resolver) == (Kind.STRING, "twelve")


def test_lookup_of_a_missing_key_is_a_null_value(resolver: InMemoryResolver) -> None:
    assert _value("lookup('hello','words','k','v')", resolver) == (Kind.NULL, None)


def test_lookup_retypes_the_output_text(resolver: InMemoryResolver) -> None:
    assert _value("lookup('yes','words','k','v')", resolver) == (Kind.BOOLEAN, True)


def test_lookup_of_an_unknown_dataset_or_column_fails_with_the_clients_message(
    resolver: InMemoryResolver,
) -> None:
    assert _message("lookup('a','nope','k','v')", resolver) == "Reference dataset for name 'nope' not found."
    assert (
        _message("lookup('12','d','k','zz')", resolver)
        == "Requested column 'zz' or 'k' not found in dataset 'd' (version 2)"
    )
    assert (
        _message("lookup('12','d','kk','v')", resolver)
        == "Requested column 'v' or 'kk' not found in dataset 'd' (version 2)"
    )


# --- integer-keyed datasets --------------------------------------------------------------------------------

INTEGER_KEYS = ["12", "7", "0", "12", "123456789012345678"]
INTEGER_VALUES = ["twelve", "seven", "zero", "second twelve", "big"]
PROBES = [
    "12",
    "7",
    "0",
    "012",
    "00",
    " 12 ",
    "12 ",
    "-12",
    "+7",
    "12.0",
    "1 2",
    "12a",
    "x",
    "",
    "13",
    "123456789012345678",
    "1234567890123456789",
    "٣",
    "12\x00",
]


def _integer_keyed() -> InMemoryResolver:
    resolver = InMemoryResolver()
    resolver.add_dataset("ints", _frame(INTEGER_KEYS, INTEGER_VALUES), group="/")
    # The same rows plus one non-integer key: indexed as text, so it is the reference for matching.
    resolver.add_dataset(
        "texts", _frame([*INTEGER_KEYS, "not a number"], [*INTEGER_VALUES, "text"]), group="/"
    )
    return resolver


def _lookups(dataset: str, probes: list[str]) -> list[Any]:
    result = evaluate_batch(
        f"lookup(:key,'{dataset}','k','v')",
        {"key": probes},
        context=EvaluationContext(resolver=_integer_keyed()),
    )
    assert list(result.errors) == [None] * len(probes)
    return list(result.values)


def test_integer_keyed_datasets_match_canonical_integer_text() -> None:
    assert _lookups("ints", ["12", "7", "0", "123456789012345678", "13"]) == [
        "twelve",
        "seven",
        "zero",
        "big",
        None,
    ]


def test_integer_keyed_datasets_do_not_match_non_canonical_integers() -> None:
    assert _lookups("ints", ["012", "00", "0012", "12.0"]) == [None, None, None, None]


def test_integer_keyed_datasets_match_keys_with_surrounding_separators_as_tokens() -> None:
    assert _lookups("ints", [" 12 ", "12 ", "-12", "+7"]) == ["twelve", "twelve", "twelve", "seven"]


def test_integer_keyed_datasets_match_number_arguments_by_their_string_form() -> None:
    result = evaluate_batch(
        "lookup(:key,'ints','k','v')",
        {"key": [Decimal("12.00"), Decimal(7), Decimal("7.5")]},
        context=EvaluationContext(resolver=_integer_keyed()),
    )

    assert list(result.values) == ["twelve", "seven", None]


def test_integer_keyed_and_text_keyed_datasets_match_the_same_keys() -> None:
    assert _lookups("ints", PROBES) == _lookups("texts", PROBES)


def test_integer_keyed_lookup_of_one_probe_equals_its_lookup_in_a_batch() -> None:
    together = _lookups("ints", PROBES)

    assert [_lookups("ints", [probe])[0] for probe in PROBES] == together


def test_resolver_lookup_answers_distinct_texts_and_rows_per_key() -> None:
    resolver = _integer_keyed()
    answer = resolver.lookup(ResourceRef("ints", "/"), "k", "v", np.array(["7", "x", "12"], dtype=object))

    assert not isinstance(answer, Exception)
    assert answer.version == "1"
    assert list(answer.values) == ["seven", None, "twelve"]


# --- known divergences from Lucene tokenisation ------------------------------------------------------------


def _non_latin() -> InMemoryResolver:
    resolver = InMemoryResolver()
    resolver.add_dataset(
        "city",
        _frame(["東京", "大阪", "Zürich", "école"], ["tokyo", "osaka", "zurich", "school"]),
        group="/t",
    )
    return resolver


def test_lookup_of_a_key_in_a_non_latin_script_matches_only_that_key() -> None:
    assert _value("lookup('大阪','city','k','v')", _non_latin()) == (Kind.STRING, "osaka")


def test_lookup_does_not_split_words_at_accented_letters() -> None:
    assert _value("lookup('cole','city','k','v')", _non_latin()) == (Kind.NULL, None)
    assert _value("lookup('Z rich','city','k','v')", _non_latin()) == (Kind.NULL, None)


def test_a_dataset_with_an_empty_key_cell_still_answers_lookups() -> None:
    resolver = InMemoryResolver()
    resolver.add_dataset("d", _frame(["a", None, "b"], ["1", "2", "3"]), group="/t")

    assert _value("lookup('b','d','k','v')", resolver) == (Kind.NUMBER, Decimal(3))
