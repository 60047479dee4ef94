"""Pipeline input typing (spec/calculator.md §5 "Pipeline input rows") and transformer runs (SIF.md §7.2).

`typed_column` must give the same typed values whatever container the raw text arrives in: Python lists,
numpy object arrays, Arrow-backed pandas Series and pyarrow arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from calculator import ErrorKind, Kind, typed_column
from calculator.transformer import Transformer, run_transformer

CONTAINERS: dict[str, Callable[[list[str | None]], Any]] = {
    "list": list,
    "numpy": lambda values: np.array(values, dtype=object),
    "pandas-str": lambda values: pd.Series(values, dtype="str"),
    "pyarrow": lambda values: pa.array(values, type=pa.string()),
    "pyarrow-chunked": lambda values: pa.chunked_array([values[:1], values[1:]], type=pa.string()),
}


def _typed(raw: Any, declared_type: str) -> tuple[list[tuple[Kind, Any]], list[str | None]]:
    column, errors = typed_column(raw, declared_type)
    values = [(Kind(int(kind)), value) for kind, value in zip(column.kinds, column.values, strict=True)]
    return values, list(errors)


def _not_a_digit(character: str) -> str:
    """JDK 17's NumberFormatException message from `new BigDecimal(text)` for a stray character."""
    return (
        f"Character {character} is neither a decimal digit number, decimal point, nor "
        '"e" notation exponential mark.'
    )


@pytest.fixture(params=sorted(CONTAINERS))
def container(request: pytest.FixtureRequest) -> Callable[[list[str | None]], Any]:
    return CONTAINERS[request.param]


# --- typed_column -------------------------------------------------------------------------------------------


def test_pandas_str_series_is_arrow_backed() -> None:
    series = pd.Series(["a"], dtype="str")

    assert isinstance(pa.array(series), pa.Array)
    assert not pd.api.types.is_object_dtype(series.dtype)


def test_number_inputs_are_exact_decimals_and_missing_text_is_null(container: Callable) -> None:
    values, errors = _typed(container(["1", "", None, "-2.50", "0"]), "number")

    assert values == [
        (Kind.NUMBER, Decimal(1)),
        (Kind.NULL, None),
        (Kind.NULL, None),
        (Kind.NUMBER, Decimal("-2.5")),
        (Kind.NUMBER, Decimal(0)),
    ]
    assert errors == [None] * 5


def test_number_inputs_in_the_fast_form_are_exact(container: Callable) -> None:
    values, errors = _typed(container(["1", "2.5", "-3", "0.001"]), "number")

    assert values == [
        (Kind.NUMBER, Decimal(1)),
        (Kind.NUMBER, Decimal("2.5")),
        (Kind.NUMBER, Decimal(-3)),
        (Kind.NUMBER, Decimal("0.001")),
    ]
    assert errors == [None] * 4


def test_number_inputs_keep_sixteen_significant_digits(container: Callable) -> None:
    values, _ = _typed(
        container(["12345678901234567890", "0.12345678901234567", "1234567890123456", "1.0000000000000005"]),
        "number",
    )

    assert values == [
        (Kind.NUMBER, Decimal("12345678901234570000")),
        (Kind.NUMBER, Decimal("0.1234567890123457")),
        (Kind.NUMBER, Decimal("1234567890123456")),
        (Kind.NUMBER, Decimal("1.000000000000000")),
    ]


def test_number_inputs_accept_what_java_big_decimal_accepts(container: Callable) -> None:
    values, errors = _typed(container(["007", ".5", "5.", "+5", "1e3", "-0"]), "number")

    assert values == [
        (Kind.NUMBER, Decimal(7)),
        (Kind.NUMBER, Decimal("0.5")),
        (Kind.NUMBER, Decimal(5)),
        (Kind.NUMBER, Decimal(5)),
        (Kind.NUMBER, Decimal(1000)),
        (Kind.NUMBER, Decimal(0)),
    ]
    assert errors == [None] * 6


def test_an_unparsable_number_is_a_row_error_and_the_other_rows_are_typed(container: Callable) -> None:
    values, errors = _typed(container(["1", "abc", "", "NaN"]), "number")

    assert values == [(Kind.NUMBER, Decimal(1)), (Kind.NULL, None), (Kind.NULL, None), (Kind.NULL, None)]
    assert errors == [None, _not_a_digit("a"), None, _not_a_digit("N")]


# Messages printed by JDK 17 for `new BigDecimal(text)`.
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.2.3", "Character array contains more than one decimal point."),
        ("--1", _not_a_digit("-")),
        ("0x10", _not_a_digit("x")),
        ("+", "No digits found."),
        ("-", "No digits found."),
        ("e5", "No digits found."),
    ],
)
def test_an_unparsable_number_is_reported_with_javas_message(text: str, message: str) -> None:
    assert _typed([text], "number")[1] == [message]


@pytest.mark.parametrize(
    ("text", "message"),
    [("1e", "null"), ("1e+", "null"), ("1.e", "null"), ("1ex", "Not a digit."), ("1e5x", "Not a digit.")],
)
def test_a_bad_exponent_is_reported_with_javas_message(text: str, message: str) -> None:
    assert _typed([text], "number")[1] == [message]


def test_a_number_with_a_trailing_nul_byte_is_a_row_error_even_when_the_whole_column_looks_numeric() -> None:
    values, errors = _typed(["1\x00", "2"], "number")

    assert values == [(Kind.NULL, None), (Kind.NUMBER, Decimal(2))]
    assert errors == [_not_a_digit("\x00"), None]


def test_booleans_are_true_only_for_true_in_any_case(container: Callable) -> None:
    values, errors = _typed(container(["true", "TRUE", "True", "false", "yes", "1", "", None]), "boolean")

    assert values == [
        (Kind.BOOLEAN, True),
        (Kind.BOOLEAN, True),
        (Kind.BOOLEAN, True),
        (Kind.BOOLEAN, False),
        (Kind.BOOLEAN, False),
        (Kind.BOOLEAN, False),
        (Kind.NULL, None),
        (Kind.NULL, None),
    ]
    assert errors == [None] * 8


def test_strings_lose_surrounding_double_quotes(container: Callable) -> None:
    values, errors = _typed(container(['"quoted"', "plain", 'in"side', '"a"b"']), "string")

    assert values == [
        (Kind.STRING, "quoted"),
        (Kind.STRING, "plain"),
        (Kind.STRING, 'in"side'),
        (Kind.STRING, 'a"b'),
    ]
    assert errors == [None] * 4


def test_string_inputs_with_missing_text_are_null(container: Callable) -> None:
    values, _ = _typed(container(["x", "", None, "1"]), "string")

    assert values == [(Kind.STRING, "x"), (Kind.NULL, None), (Kind.NULL, None), (Kind.STRING, "1")]


def test_other_declared_types_are_strings(container: Callable) -> None:
    values, errors = _typed(container(["2024-01-01", "", "1"]), "timestamp")

    assert values == [(Kind.STRING, "2024-01-01"), (Kind.NULL, None), (Kind.STRING, "1")]
    assert errors == [None] * 3


# --- run_transformer ----------------------------------------------------------------------------------------

TRANSFORMER = Transformer.from_dict(
    {
        "parameters": [
            {"key": "a", "type": "number"},
            {"key": "s", "type": "string", "label": "S label"},
        ],
        "transforms": [
            {"index": 0, "formula": ":a*2", "outputs": [{"key": "double", "type": "number"}]},
            {"index": 1, "formula": "ref('double')+1", "outputs": [{"key": "plus", "type": "number"}]},
            {"index": 2, "formula": "10/:a", "outputs": [{"key": "ratio", "type": "number"}]},
            {
                "index": 3,
                "formula": "concat(:s, ref('ratio'))",
                "outputs": [{"key": "label", "type": "string"}],
            },
        ],
    }
)


def _column(frame: pd.DataFrame, key: str) -> list[str | None]:
    """A frame column with missing cells (failed or no value) as None."""
    return [None if pd.isna(value) else value for value in frame[key]]


def _row(frame: pd.DataFrame, row: int) -> dict[str, str | None]:
    return {key: _column(frame, key)[row] for key in frame.columns}


def _rows() -> pd.DataFrame:
    return pd.DataFrame({"a": ["1", "0", "4"], "S label": ["p", "q", '"s"']})


def test_transforms_see_earlier_outputs_through_ref() -> None:
    result = run_transformer(TRANSFORMER, _rows())

    frame = result.frame()
    assert list(frame["double"]) == ["2", "0", "8"]
    assert list(frame["plus"]) == ["3", "1", "9"]
    assert result.outputs["plus"].values[2] == Decimal(9)


def test_parameters_are_found_by_label_when_the_key_is_not_a_column() -> None:
    result = run_transformer(TRANSFORMER, _rows())

    assert list(result.frame()["label"]) == ["p10", "q", "s2.5"]


def test_a_failing_transform_gives_a_cell_error_while_other_columns_still_compute() -> None:
    result = run_transformer(TRANSFORMER, _rows())

    assert [(error.row, error.column, error.message) for error in result.cell_errors] == [
        (1, "ratio", "Row '2' column 'ratio' encountered error evaluating formula `10/:a` - / by zero")
    ]
    assert _row(result.frame(), 1) == {"double": "0", "plus": "1", "ratio": None, "label": "q"}
    assert list(result.failed_cells["ratio"]) == [False, True, False]
    assert result.row_errors == {}


def test_a_cell_error_keeps_the_row_error_behind_it() -> None:
    result = run_transformer(TRANSFORMER, _rows())

    error = result.cell_errors[0].error
    assert (error.kind, error.message, error.java_exception) == (ErrorKind.EVALUATION, "/ by zero", None)


def test_audit_error_message_is_sifs_reason() -> None:
    result = run_transformer(TRANSFORMER, _rows(), audit=True)

    assert result.audits is not None
    assert result.audits[1][2]["errorMessage"] == "/ by zero"


def test_cell_errors_name_rows_by_the_given_row_ids() -> None:
    result = run_transformer(TRANSFORMER, _rows(), row_ids=["r-a", "r-b", "r-c"])

    assert [error.message for error in result.cell_errors] == [
        "Row 'r-b' column 'ratio' encountered error evaluating formula `10/:a` - / by zero"
    ]


def test_an_unparsable_number_fails_the_row_and_skips_its_transforms() -> None:
    result = run_transformer(TRANSFORMER, pd.DataFrame({"a": ["1", "x"], "s": ["p", "q"]}))

    assert result.row_errors == {1: f"Failed processing row {{a=x, s=q}}, err: {_not_a_digit('x')}"}
    assert list(result.processed) == [True, False]
    assert result.cell_errors == []
    assert _column(result.frame(), "double") == ["2", None]


def test_a_missing_parameter_column_gives_a_row_error_for_every_row() -> None:
    result = run_transformer(TRANSFORMER, pd.DataFrame({"a": ["1", "2"]}))

    assert result.row_errors == {
        0: "Failed processing row {a=1}, err: row does not contain value for parameter: s",
        1: "Failed processing row {a=2}, err: row does not contain value for parameter: s",
    }
    assert list(result.processed) == [False, False]
    assert result.cell_errors == []


def test_audits_list_each_transforms_evaluated_map_per_row() -> None:
    result = run_transformer(TRANSFORMER, _rows(), audit=True)

    assert result.audits is not None
    assert result.audits[0] == [
        {"index": 0, "name": "double", "formula": ":a*2", "evaluated": {":a": "1"}, "result": "2"},
        {
            "index": 1,
            "name": "plus",
            "formula": "ref('double')+1",
            "evaluated": {"ref('double')": "2"},
            "result": "3",
        },
        {"index": 2, "name": "ratio", "formula": "10/:a", "evaluated": {":a": "1"}, "result": "10"},
        {
            "index": 3,
            "name": "label",
            "formula": "concat(:s, ref('ratio'))",
            "evaluated": {":s": "p", "ref('ratio')": "10", "concat(:s, ref('ratio'))": "p10"},
            "result": "p10",
        },
    ]


def test_audits_record_a_failed_transform_with_its_message_and_no_result() -> None:
    result = run_transformer(TRANSFORMER, _rows(), audit=True)

    assert result.audits is not None
    failed = dict(result.audits[1][2])
    assert failed.pop("errorMessage").startswith("/ by zero")
    assert failed == {
        "index": 2,
        "name": "ratio",
        "formula": "10/:a",
        "evaluated": {":a": "0"},
        "result": None,
    }
    assert result.audits[1][3]["evaluated"] == {
        ":s": "q",
        "ref('ratio')": "",
        "concat(:s, ref('ratio'))": "q",
    }


def test_transforms_run_in_index_order_whatever_their_order_in_the_definition() -> None:
    transformer = Transformer.from_dict(
        {
            "parameters": [{"key": "a", "type": "number"}],
            "transforms": [
                {"index": 1, "formula": "ref('first')+1", "outputs": [{"key": "second"}]},
                {"index": 0, "formula": ":a", "outputs": [{"key": "first"}]},
            ],
        }
    )

    result = run_transformer(transformer, pd.DataFrame({"a": ["5"]}))

    assert list(result.outputs) == ["first", "second"]
    assert list(result.frame()["second"]) == ["6"]


def test_a_transform_needs_exactly_one_output() -> None:
    with pytest.raises(ValueError, match="exactly one output is required, got 2"):
        Transformer.from_dict(
            {"transforms": [{"index": 0, "formula": "1", "outputs": [{"key": "a"}, {"key": "b"}]}]}
        )
