"""SPLIT as Java's String.split, Gson's JSON of the pieces and `[index]` (spec/calculator.md §10 SPLIT)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator.errors import EvaluationError, UnhandledError
from calculator.functions.split import gson_json, split, split_element
from calculator.values import Kind

# Corpus records SplitTest.evaluateSplitFunction.* and calculator_syntax.split.*: (text, regex, limit, json).
CORPUS_SPLITS = [
    ("a,b,c", ",", None, '["a","b","c"]'),
    ("a,b,c", ",", 2, '["a","b,c"]'),
    ("a,b;c", "(,|;)", None, '["a","b","c"]'),
    ("a,b;c-d", "(,|;|-)", None, '["a","b","c","d"]'),
    ("a,b;c-d", "(,|;|-)", 2, '["a","b;c-d"]'),
]


@pytest.mark.parametrize(("text", "regex", "limit", "expected"), CORPUS_SPLITS)
def test_corpus_splits_give_gson_json_of_the_pieces(
    text: str, regex: str, limit: int | None, expected: str
) -> None:
    assert gson_json(split(text, regex, limit)) == expected


@pytest.mark.parametrize(("index", "expected"), [("1", "b"), ("2", "c")])
def test_corpus_indexed_split_returns_the_element(index: str, expected: str) -> None:
    assert split_element(split("a,b,c", ","), index) == (Kind.STRING, expected)


@pytest.mark.parametrize(
    ("text", "regex", "limit", "expected"),
    [
        (",a,b,,", ",", None, ["", "a", "b"]),  # leading empty kept, trailing empties dropped
        ("", ",", None, [""]),
        ("abc", ".", None, []),  # '.' is a regex: every piece is empty
        ("a.b", "[.]", None, ["a", "b"]),
        ("a,,b,,", ",", -1, ["a", "", "b", "", ""]),  # a negative limit keeps trailing empties
        ("a,,b,,", ",", 0, ["a", "", "b"]),
        ("boo:and:foo", "o", 5, ["b", "", ":and:f", "", ""]),
        ("boo:and:foo", "o", 2, ["b", "o:and:foo"]),
        ("boo:and:foo", "o", 1, ["boo:and:foo"]),
        ("abc", "", None, ["a", "b", "c"]),  # no leading empty piece for a zero-width match at the start
        ("a1b22c", "\\d+", None, ["a", "b", "c"]),
        ("no separator", ",", None, ["no separator"]),
        ("ab", "x*", None, ["a", "b"]),
    ],
)
def test_split_follows_java_string_split(
    text: str, regex: str, limit: int | None, expected: list[str]
) -> None:
    assert split(text, regex, limit) == expected


@pytest.mark.parametrize(
    ("text", "regex", "expected"),
    [
        ("A1b2", "\\p{Alpha}", ["", "1", "2"]),
        ("a\u00e91", "\\w", ["", "\u00e9"]),  # \w is ASCII-only in Java
        ("a\rb\nc", ".", ["", "\r", "\n"]),  # '.' never matches a line terminator
        ("a+b", "\\Q+\\E", ["a", "b"]),
        ("a\tb c", "\\h", ["a", "b", "c"]),
        ("x1y", "(?<d>\\d)", ["x", "y"]),
    ],
)
def test_java_regex_syntax_is_translated(text: str, regex: str, expected: list[str]) -> None:
    assert split(text, regex) == expected


@pytest.mark.parametrize(
    ("regex", "message"),
    [
        ("(", "Unclosed group near index 1\n("),
        ("a)", "Unmatched closing ')' near index 0\na)\n^"),
        ("*", "Dangling meta character '*' near index 0\n*\n^"),
        ("a**", "Dangling meta character '*' near index 2\na**\n  ^"),
        ("[a", "Unclosed character class near index 1\n[a\n ^"),
        ("{", "Illegal repetition\n{"),
        ("a{b", "Illegal repetition near index 0\na{b\n^"),
        ("\\", "Unexpected internal error near index 1\n\\"),
    ],
)
def test_invalid_regex_reports_the_jdk_message(regex: str, message: str) -> None:
    with pytest.raises(EvaluationError) as error:
        split("a,b", regex)
    assert error.value.message == message


def test_null_text_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError, match=r"Invalid text to parse\."):
        split(None, ",")


def test_gson_json_is_html_safe_and_compact() -> None:
    pieces = ["a=b", "<x>", "it's", "&", 'q"\\', "\n\t\u2028", "\x01"]
    expected = '["a\\u003db","\\u003cx\\u003e","it\\u0027s","\\u0026","q\\"\\\\","\\n\\t\\u2028","\\u0001"]'
    assert gson_json(pieces) == expected


def test_gson_json_of_no_pieces_is_an_empty_array() -> None:
    assert gson_json([]) == "[]"


@pytest.mark.parametrize(
    ("pieces", "index", "expected"),
    [
        (["1", "2"], "0", (Kind.NUMBER, Decimal(1))),  # the element is re-typed
        (["true", "x"], "0", (Kind.BOOLEAN, True)),
        (["a", "b"], "+1", (Kind.STRING, "b")),
        (["a", "b"], "01", (Kind.STRING, "b")),
        (["a", "b"], "1", (Kind.STRING, "b")),  # the string form of 1.0 is "1"
    ],
)
def test_split_element_parses_the_index_like_integer_parse_int(
    pieces: list[str], index: str, expected: tuple[Kind, object]
) -> None:
    assert split_element(pieces, index) == expected


@pytest.mark.parametrize("index", ["1.5", "", " 1", "1E-7", "99999999999", "-"])
def test_a_non_integer_index_is_an_unhandled_number_format_exception(index: str) -> None:
    with pytest.raises(UnhandledError) as error:
        split_element(["a", "b"], index)
    assert error.value.java_exception == "NumberFormatException"
    assert error.value.message == f'For input string: "{index}"'


@pytest.mark.parametrize(
    ("index", "message"),
    [("5", "Index 5 out of bounds for length 2"), ("-1", "Index -1 out of bounds for length 2")],
)
def test_an_out_of_range_index_is_an_unhandled_array_index_exception(index: str, message: str) -> None:
    with pytest.raises(UnhandledError) as error:
        split_element(["a", "b"], index)
    assert error.value.java_exception == "ArrayIndexOutOfBoundsException"
    assert error.value.message == message
