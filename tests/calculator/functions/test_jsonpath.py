"""GET_VALUE: Jayway JsonPath over json-smart, typed the way SIF types it (spec/calculator.md §10)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from calculator.errors import EvaluationError, UnhandledError
from calculator.functions.jsonpath import get_value, java_double_text
from calculator.values import Kind

DOC = (
    '{"name": "co2e","attributes": {"unit": "kg","isTest":true},"components": [{"key": "co2",'
    '"value": 5.304733389,"type": "pollutant","label": null,"description": ""},'
    '{"key": "ipcc 2016 ar4 gwp 100",'
    '"value": 4.310182088,"type": "impactFactor","label": "","description": ""}]}'
)
CAML = (
    '[{"title":"Computer terminals and other computer peripheral equipment manufacturing",'
    '"naicsCode":"334118",'
    '"beaCode":"334118","confidence":0.663,"co2ePerDollar":0.199},{"title":"Business support services",'
    '"naicsCode":"561410","beaCode":"561400","confidence":0.524,"co2ePerDollar":0.14300000000000002}]'
)

# Corpus records GetValueTest.success.* and calculator_syntax.GET_VALUE_of_CAML.*: (json, query, expected).
CORPUS_RESULTS: list[tuple[str, str, tuple[Kind, Any]]] = [
    (DOC, "$.name", (Kind.STRING, "co2e")),
    (DOC, "$.components[:1].key", (Kind.LIST, [(Kind.STRING, "co2")])),
    (DOC, "$.attributes.unit", (Kind.STRING, "kg")),
    (DOC, "$.components[:1].value", (Kind.LIST, [(Kind.NUMBER, Decimal("5.304733389"))])),
    (DOC, "$.components[:1].label", (Kind.LIST, [(Kind.NULL, None)])),
    (DOC, "$.attributes.isTest", (Kind.BOOLEAN, True)),
    (DOC, "$.components[*].missingKey", (Kind.LIST, [])),
    (
        CAML,
        "$[0].title",
        (Kind.STRING, "Computer terminals and other computer peripheral equipment manufacturing"),
    ),
    (CAML, "$[0].co2ePerDollar", (Kind.NUMBER, Decimal("0.199"))),
]


@pytest.mark.parametrize(("json", "query", "expected"), CORPUS_RESULTS)
def test_corpus_queries_return_typed_values(json: str, query: str, expected: tuple[Kind, Any]) -> None:
    assert get_value(json, query) == expected


@pytest.mark.parametrize(
    ("json", "message"),
    [
        ("{[,}", "Unable to parse json: Unexpected character ([) at position 1."),
        ("{{,]}", "Unable to parse json: Unexpected character ({) at position 1."),
        ("{", "Unable to parse json: Unexpected End Of File position 0: null"),
        ("}", "Unable to parse json: Unexpected character (}) at position 0."),
        ('{"a":}', "Unable to parse json: Unexpected character (}) at position 5."),
        ('"abc', "Unable to parse json: Unexpected End Of File position 4: null"),
        ("[1,2", "Unable to parse json: Unexpected End Of File position 3: EOF"),
        ('{"a" 1}', "Unable to parse json: Unexpected character (1) at position 4."),
        ('{"a":1e+}', "Unable to parse json: Unexpected token 1e+ at position 8."),
        ('{"a":"\\u12g4"}', "Unable to parse json: Unexpected unicode escape sequence g at position 10."),
    ],
)
def test_malformed_json_reports_the_json_smart_message(json: str, message: str) -> None:
    with pytest.raises(EvaluationError) as error:
        get_value(json, "$.name")
    assert error.value.message == message


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("$.noneExistingPath", "No results for path: $['noneExistingPath']"),
        ("$.attributes.noneExistingPath", "No results for path: $['attributes']['noneExistingPath']"),
        ("#invalidPath", "No results for path: $['#invalidPath']"),
        ("$.components[5].value", "No results for path: $['components'][5]['value']"),
        ("$.components[2]", "No results for path: $['components'][2]"),
        ('$["attributes"]["x"]', 'No results for path: $["attributes"]["x"]'),
        ("$.x.y", "Missing property in path $['x']"),
        (
            "$.name.x",
            "Expected to find an object with property ['x'] in path $['name'] but found 'java.lang.String'. "
            "This is not a json object according to the JsonProvider: "
            "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
        ),
        ("$.name[0]", "Filter: [0] can only be applied to arrays. Current context is: co2e"),
        ("$.a b", "Use bracket notion ['my prop'] if your property contains blank characters. position: 2"),
    ],
)
def test_definite_path_failures_carry_the_jsonpath_message(query: str, message: str) -> None:
    with pytest.raises(EvaluationError) as error:
        get_value(DOC, query)
    assert error.value.message == message


def test_null_json_and_null_query_are_evaluation_errors() -> None:
    with pytest.raises(EvaluationError, match=r"Invalid json to parse\."):
        get_value(None, "$.a")
    with pytest.raises(EvaluationError, match=r"Invalid query to evaluate\."):
        get_value("{}", None)


def test_empty_json_text_is_jayways_illegal_argument() -> None:
    with pytest.raises(UnhandledError) as error:
        get_value("", "$")
    assert error.value.java_exception == "IllegalArgumentException"


STRINGS = [(Kind.STRING, "co2"), (Kind.STRING, "ipcc 2016 ar4 gwp 100")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("$.components[0].value", (Kind.NUMBER, Decimal("5.304733389"))),
        ("$.components[*].key", (Kind.LIST, STRINGS)),
        ("$..key", (Kind.LIST, STRINGS)),
        (
            "$..value",
            (Kind.LIST, [(Kind.NUMBER, Decimal("5.304733389")), (Kind.NUMBER, Decimal("4.310182088"))]),
        ),
        ("$.components[?(@.key == 'co2')].value", (Kind.LIST, [(Kind.NUMBER, Decimal("5.304733389"))])),
        ("$.components[?(@.value > 5)].key", (Kind.LIST, [(Kind.STRING, "co2")])),
        ("$.components[?(@.key =~ /CO.*/i)].key", (Kind.LIST, [(Kind.STRING, "co2")])),
        ("$.components[?(@.key in ['co2', 'x'])].key", (Kind.LIST, [(Kind.STRING, "co2")])),
        ("$.components[?(@.value > 5 && @.type == 'pollutant')].key", (Kind.LIST, [(Kind.STRING, "co2")])),
        ("$.components[?(@.value < 5 || @.key == 'none')].key", (Kind.LIST, [STRINGS[1]])),
        ("$.components[?(@.label)].key", (Kind.LIST, STRINGS)),  # existence: a null value exists
        ("$.components[?(!@.label)].key", (Kind.LIST, [])),
        ("$.components[?(@.nothing)].key", (Kind.LIST, [])),  # indefinite path without match: []
        ("$['attributes']['unit']", (Kind.STRING, "kg")),
        ("$.components[-1].key", STRINGS[1]),
        ("$.components[1:].key", (Kind.LIST, [STRINGS[1]])),
        ("$.components[0,1].key", (Kind.LIST, STRINGS)),
        ("$.components.length()", (Kind.NUMBER, Decimal(2))),
        ("name", (Kind.STRING, "co2e")),  # no `$`: read as a property name
        ("$.components[0].label", (Kind.NULL, None)),
    ],
)
def test_queries_follow_jayway_semantics(query: str, expected: tuple[Kind, Any]) -> None:
    assert get_value(DOC, query) == expected


@pytest.mark.parametrize(
    ("json", "query", "expected"),
    [
        ('{"a":"5"}', "$.a", (Kind.NUMBER, Decimal(5))),  # scalar text is re-typed
        ('{"a":"true"}', "$.a", (Kind.BOOLEAN, True)),
        ('{"a":"TRUE"}', "$.a", (Kind.STRING, "TRUE")),
        ('{"a":1e3}', "$.a", (Kind.NUMBER, Decimal(1000))),
        ('{"a":0.14300000000000002}', "$.a", (Kind.NUMBER, Decimal("0.143"))),  # 16 significant digits
        ('{"a":1e400}', "$.a", (Kind.STRING, "Infinity")),  # a Double overflows to Infinity
        ('{"a":{"b":1,"c":"x","d":[1,"y"],"e":null}}', "$.a", (Kind.STRING, '{b=1, c=x, d=[1,"y"], e=null}')),
        ("[[1,2.50]]", "$[0]", (Kind.LIST, [(Kind.NUMBER, Decimal(1)), (Kind.NUMBER, Decimal("2.5"))])),
        ('[[1,"a/b"],{"b":1}]', "$", (Kind.LIST, [(Kind.STRING, '[1,"a\\/b"]'), (Kind.STRING, "{b=1}")])),
    ],
)
def test_results_are_typed_from_their_java_text(json: str, query: str, expected: tuple[Kind, Any]) -> None:
    result = get_value(json, query)
    assert result[0] == expected[0]
    assert result == expected


@pytest.mark.parametrize(
    ("json", "expected"),
    [
        ("{a:b, 'c':'d e'}", "{a=b, c=d e}"),  # unquoted and single-quoted strings
        ('{"a":1,,"b":2,}', "{a=1, b=2}"),  # useless commas
        ('{"a":1} trailing', "{a=1}"),  # trailing data is ignored
        ('{"a":NaN}', "{a=NaN}"),
        ('{"a":1 "b":2}', '{a=1 "b":2}'),  # a number followed by text is text
        ('{"a":"\\u00e9\\q"}', "{a=\u00e9}"),  # an unknown escape is dropped
        ('{"a":007}', "{a=7}"),
        ('{"a":12345678901234567890123}', "{a=12345678901234567890123}"),
    ],
)
def test_json_smart_is_permissive(json: str, expected: str) -> None:
    assert get_value(json, "$") == (Kind.STRING, expected)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1000.0, "1000.0"),
        (5.304733389, "5.304733389"),
        (1e7, "1.0E7"),
        (1.5e-5, "1.5E-5"),
        (0.001, "0.001"),
        (-0.0, "-0.0"),
    ],
)
def test_doubles_print_like_java(value: float, text: str) -> None:
    assert java_double_text(value) == text
