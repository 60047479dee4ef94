"""The vectorised text checks (`texts`) and scaled-integer decimals (`fixedpoint`) on their edge cases.

Both are fast paths: a text check may only accept what the exact path accepts, and a fixed-point
operation either gives the exact result or None (the caller then uses `Decimal`).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from calculator import fixedpoint
from calculator.texts import byte_matrix, canonical_integers, integer_values, simple_decimals


def _texts(*values: str) -> np.ndarray:
    return np.array(values, dtype=object)


def _one(check, text: str, **options) -> bool:  # type: ignore[no-untyped-def]
    return bool(check(_texts(text), **options)[0])


# --- canonical_integers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0", "7", "12", "900", "123456789012345678"])
def test_canonical_integers_accepts_plain_integers_as_java_prints_them(text: str) -> None:
    assert _one(canonical_integers, text)


@pytest.mark.parametrize(
    "text",
    ["", "007", "00", "1.", ".5", "1.5", "-3", "+3", " 12", "12 ", "1e3", "1_000", "é1", "1\x002", "\x001"],
)
def test_canonical_integers_rejects_everything_else(text: str) -> None:
    assert not _one(canonical_integers, text)


def test_canonical_integers_rejects_more_than_the_digit_limit() -> None:
    assert list(canonical_integers(_texts("1" * 18, "1" * 19))) == [True, False]
    assert list(canonical_integers(_texts("123", "1234"), max_digits=3)) == [True, False]


def test_canonical_integers_checks_each_text_when_some_are_not_ascii() -> None:
    assert list(canonical_integers(_texts("12", "é", "٣", "007"))) == [True, False, False, False]


def test_canonical_integers_of_an_empty_column_is_empty() -> None:
    assert len(canonical_integers(_texts())) == 0


@pytest.mark.parametrize("text", ["1\x00", "12\x00\x00"])
def test_canonical_integers_rejects_a_trailing_nul_byte(text: str) -> None:
    assert not _one(canonical_integers, text)


def test_integer_values_reads_canonical_integers() -> None:
    assert list(integer_values(_texts("0", "12", "7", "123456789012345678"))) == [
        0,
        12,
        7,
        123456789012345678,
    ]


# --- simple_decimals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0", "007", "12", "1.5", "0.25", "1234567890123456", "12345678901234.5"])
def test_simple_decimals_accepts_digits_with_at_most_one_inner_dot(text: str) -> None:
    assert _one(simple_decimals, text)


@pytest.mark.parametrize(
    "text", ["", "1.", ".5", "1..2", "1.2.3", "-3", "+3", " 1", "1e3", "é1", "1\x002", "12345678901234567"]
)
def test_simple_decimals_rejects_everything_else(text: str) -> None:
    assert not _one(simple_decimals, text)


def test_simple_decimals_accepts_a_leading_minus_only_when_signed() -> None:
    assert list(simple_decimals(_texts("-3", "-0.5", "3"))) == [False, False, True]
    assert list(simple_decimals(_texts("-3", "-0.5", "3"), signed=True)) == [True, True, True]


@pytest.mark.parametrize("text", ["-", "--3", "3-", "-.5", "-1.", "- 3"])
def test_simple_decimals_signed_still_rejects_malformed_signs(text: str) -> None:
    assert not _one(simple_decimals, text, signed=True)


def test_simple_decimals_length_limit_does_not_count_the_sign() -> None:
    sixteen = "1234567890123456"
    assert list(simple_decimals(_texts(sixteen, "-" + sixteen, sixteen + "7"), signed=True)) == [
        True,
        True,
        False,
    ]


def test_simple_decimals_rejects_a_trailing_nul_byte() -> None:
    assert not _one(simple_decimals, "1.5\x00")


# --- byte_matrix --------------------------------------------------------------------------------------------


def test_byte_matrix_pads_rows_with_zeros() -> None:
    matrix = byte_matrix(_texts("ab", "c"))

    assert matrix is not None
    assert matrix.tolist() == [[97, 98], [99, 0]]


def test_byte_matrix_is_none_for_non_ascii_or_empty_columns() -> None:
    assert byte_matrix(_texts("a", "é")) is None
    assert byte_matrix(_texts()) is None


# --- fixedpoint ---------------------------------------------------------------------------------------------


def _parsed(*texts: str) -> fixedpoint.Fixed:
    fixed = fixedpoint.parse(_texts(*texts))
    assert fixed is not None
    return fixed


def test_parse_reads_signed_decimals_exactly_at_one_common_scale() -> None:
    fixed = _parsed("1", "-2.5", "0.125", "-0")

    assert fixed.scale == 3
    assert list(fixed.mantissa) == [1000, -2500, 125, 0]
    assert list(fixed.decimals()) == [Decimal(1), Decimal("-2.5"), Decimal("0.125"), Decimal(0)]


@pytest.mark.parametrize("text", ["", "1.", ".5", "-", "--1", "1-", "1.2.3", "1e3", "+1", " 1", "é"])
def test_parse_gives_none_for_any_other_form(text: str) -> None:
    assert fixedpoint.parse(_texts("1", text)) is None


def test_parse_gives_none_when_digits_do_not_fit_eighteen_places() -> None:
    assert _parsed("999999999999999999").bound == 999999999999999999
    assert fixedpoint.parse(_texts("1234567890123456789")) is None
    assert fixedpoint.parse(_texts("1.234567890123456789")) is None
    # integer digits of one row plus fraction digits of another must fit together
    assert fixedpoint.parse(_texts("123456789012", "0.1234567")) is None


def test_constant_gives_none_beyond_eighteen_decimal_places_or_the_mantissa_limit() -> None:
    assert fixedpoint.constant(Decimal("1E-18"), 2) is not None
    assert fixedpoint.constant(Decimal("1E-19"), 2) is None
    assert fixedpoint.constant(Decimal(2**62 - 1), 1) is not None
    assert fixedpoint.constant(Decimal(2**62), 1) is None
    assert fixedpoint.constant(Decimal("NaN"), 1) is None


def test_constant_of_a_positive_exponent_is_a_whole_number() -> None:
    fixed = fixedpoint.constant(Decimal("1E+3"), 2)

    assert fixed is not None
    assert (fixed.scale, list(fixed.mantissa)) == (0, [1000, 1000])


def test_from_integers_gives_none_at_the_mantissa_limit() -> None:
    assert fixedpoint.from_integers(np.array([1, 2**61])) is not None
    assert fixedpoint.from_integers(np.array([1, 2**62])) is None
    assert fixedpoint.from_integers(np.array([1, 2**63 - 1])) is None


def test_add_and_subtract_give_none_when_the_sum_might_overflow() -> None:
    big = _parsed("999999999999999999")
    small = _parsed("1")

    total = fixedpoint.add(big, small)
    assert total is not None
    assert list(total.decimals()) == [Decimal("1000000000000000000")]
    double = fixedpoint.add(big, big)
    assert double is not None
    quadruple = fixedpoint.add(double, double)
    assert quadruple is not None
    assert list(quadruple.decimals()) == [Decimal("3999999999999999996")]
    assert fixedpoint.add(quadruple, big) is None
    tiny = fixedpoint.constant(Decimal("1E-18"), 1)
    assert tiny is not None
    assert fixedpoint.subtract(tiny, _parsed("4")) is not None
    assert fixedpoint.subtract(tiny, _parsed("5")) is None


def test_add_aligns_scales() -> None:
    total = fixedpoint.add(_parsed("1.5"), _parsed("0.25"))

    assert total is not None
    assert (total.scale, list(total.decimals())) == (2, [Decimal("1.75")])


def test_multiply_gives_none_when_the_product_might_overflow() -> None:
    product = fixedpoint.multiply(_parsed("2000000000"), _parsed("-2000000000"))
    assert product is not None
    assert list(product.decimals()) == [Decimal(-4 * 10**18)]
    assert fixedpoint.multiply(_parsed("3000000000"), _parsed("2000000000")) is None


def test_multiply_trims_trailing_zeros_to_fit_the_scale() -> None:
    product = fixedpoint.multiply(_parsed("1.000000000"), _parsed("1.0000000000"))

    assert product is not None
    assert (product.scale, list(product.mantissa)) == (0, [1])
    assert list(product.decimals()) == [Decimal(1)]


def test_multiply_trims_only_zeros_common_to_every_row() -> None:
    product = fixedpoint.multiply(_parsed("1.5000000000", "2.2500000000"), _parsed("2.500000000"))

    assert product is not None
    assert list(product.decimals()) == [Decimal("3.75"), Decimal("5.625")]


def test_multiply_gives_none_when_trimming_is_not_enough() -> None:
    assert fixedpoint.multiply(_parsed("1.000000001"), _parsed("1.0000000001")) is None


def test_compare_aligns_scales_and_gives_none_near_the_limit() -> None:
    result = fixedpoint.compare(_parsed("1.50", "2", "-3"), _parsed("1.5", "1.99", "-2"), ">=")

    assert result is not None
    assert list(result) == [True, True, False]
    tiny = fixedpoint.constant(Decimal("1E-18"), 1)
    assert tiny is not None
    assert fixedpoint.compare(tiny, _parsed("99999999999"), "<") is None


def test_negate_flips_every_sign() -> None:
    assert list(fixedpoint.negate(_parsed("1.5", "-2", "0")).decimals()) == [
        Decimal("-1.5"),
        Decimal(2),
        Decimal(0),
    ]


def test_decimals_of_an_empty_column_is_empty() -> None:
    fixed = fixedpoint.from_integers(np.array([], dtype=np.int64))

    assert fixed is not None
    assert len(fixed.decimals()) == 0


def test_parse_gives_none_for_a_trailing_nul_byte() -> None:
    assert fixedpoint.parse(_texts("7\x00")) is None
