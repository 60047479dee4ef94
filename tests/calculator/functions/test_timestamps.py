"""AS_TIMESTAMP (spec §11): the corpus cases, every rule of the spec, and fast path == exact path."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from calculator.errors import UnhandledError
from calculator.functions.timestamps import as_timestamp, kernel, locale_for_tag
from calculator.functions.timestamps.fast import _fast_plan
from calculator.functions.timestamps.patterns import _compile
from calculator.functions.timestamps.request import _mode

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "conformance" / "calculator" / "cases.jsonl"
DENVER = "America/Denver"


def one(value: str, pattern: str, **options: Any) -> int | None:
    """AS_TIMESTAMP of a single value; fails the test if the row has an error."""
    millis, errors = as_timestamp(np.array([value], dtype=object), pattern, **options)
    assert errors[0] is None, errors[0]
    return millis[0]


def failure(value: str, pattern: str, **options: Any) -> UnhandledError:
    """The row error of a single value; fails the test if the row has a result."""
    millis, errors = as_timestamp(np.array([value], dtype=object), pattern, **options)
    assert millis[0] is None
    assert isinstance(errors[0], UnhandledError)
    return errors[0]


def iso_millis(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp()) * 1000


# ----------------------------------------------------------------------------------------------------------
# The conformance corpus: inputs restated, expected values read from cases.jsonl
# ----------------------------------------------------------------------------------------------------------

CORPUS_CASES = [
    ("AsTimestampTest.success.1", "1/21/22", "M/d/yy", {"timezone": DENVER}),
    ("AsTimestampTest.success.2", "1/21/22 13:40:13", "M/d/yy HH:mm:ss", {"timezone": "UTC"}),
    ("AsTimestampTest.success.3", "1/21/22 13:40:13 PST", "M/d/yy HH:mm:ss zzz", {"timezone": DENVER}),
    ("AsTimestampTest.success.4", "2022-03-12T13:12:11", "yyyy-MM-dd'T'HH:mm:ss", {"timezone": DENVER}),
    ("AsTimestampTest.success.5", "2022-07-25T12:53:54.097+00:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", {}),
    ("AsTimestampTest.success.6", "2022-07-25T18:23:54.097+05:30", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", {}),
    ("AsTimestampTest.success.7", "2022-07-25T05:53:54.097-07:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", {}),
    (
        "AsTimestampTest.success.8",
        "1/21/22 13:40:13 PST",
        "M/d/yy HH:mm:ss zzz",
        {"timezone": DENVER, "round_down_to": "day"},
    ),
    ("AsTimestampTest.success.9", "1/21/22 13:40:13", "M/d/yy HH:mm:ss", {"round_down_to": "week"}),
    (
        "AsTimestampTest.success.10",
        "1/21/22 13:40:13 PST",
        "M/d/yy HH:mm:ss zzz",
        {"timezone": DENVER, "locale": "en-US", "round_down_to": "week"},
    ),
    (
        "AsTimestampTest.success.11",
        "2/21/22 13:40:13 PST",
        "M/d/yy HH:mm:ss zzz",
        {"timezone": DENVER, "round_down_to": "month"},
    ),
    (
        "AsTimestampTest.success.12",
        "2/21/22 13:40:13 PST",
        "M/d/yy HH:mm:ss zzz",
        {"timezone": DENVER, "round_down_to": "year"},
    ),
    (
        "AsTimestampTest.success.13",
        "8/21/22 13:40:13 PST",
        "M/d/yy HH:mm:ss zzz",
        {"timezone": DENVER, "round_down_to": "quarter"},
    ),
    (
        "AsTimestampTest.success.14",
        "11/21/22 13:40:13 PST",
        "M/d/yy HH:mm:ss zzz",
        {"timezone": DENVER, "round_down_to": "quarter"},
    ),
]


def corpus_expectations() -> dict[str, dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return {record["id"]: record["expect"] for record in records if record["id"].startswith("AsTimestamp")}


def test_every_corpus_as_timestamp_case_is_restated_here() -> None:
    assert {case[0] for case in CORPUS_CASES} == set(corpus_expectations())


@pytest.mark.parametrize(
    ("case_id", "value", "pattern", "options"), CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES]
)
def test_corpus_case(case_id: str, value: str, pattern: str, options: dict[str, str]) -> None:
    expect = corpus_expectations()[case_id]
    assert expect["type"] == "number"
    assert one(value, pattern, **options) == int(expect["value"])


def test_results_are_python_ints_in_object_arrays_of_the_input_length() -> None:
    millis, errors = as_timestamp(np.array(["1/21/22", "x", "2/1/22"], dtype=object), "M/d/yy")
    assert millis.dtype == object and errors.dtype == object
    assert [type(m) for m in millis] == [int, type(None), int]
    assert errors[0] is None and errors[2] is None and errors[1] is not None


# ----------------------------------------------------------------------------------------------------------
# Parsing mode, chosen by scanning the raw pattern text
# ----------------------------------------------------------------------------------------------------------


def test_date_only_pattern_gives_start_of_day_in_the_zone() -> None:
    assert one("3/14/2024", "M/d/yyyy", timezone="Asia/Kolkata") == iso_millis("2024-03-13T18:30:00+00:00")


def test_time_letter_inside_a_quoted_literal_still_selects_date_time_mode() -> None:
    error = failure("3/14/2024 h", "M/d/yyyy 'h'")
    assert error.java_exception == "DateTimeParseException"
    assert "Unable to obtain LocalDateTime from TemporalAccessor" in error.message


def test_default_zone_is_utc() -> None:
    assert one("2024-03-14 13:05:59", "yyyy-MM-dd HH:mm:ss") == iso_millis("2024-03-14T13:05:59+00:00")


def test_zone_name_in_the_value_is_used_when_no_timezone_is_given() -> None:
    assert one("1/21/22 13:40:13 PST", "M/d/yy HH:mm:ss zzz") == iso_millis("2022-01-21T21:40:13+00:00")


def test_zone_name_in_the_value_is_ignored_when_timezone_is_given() -> None:
    denver = one("1/21/22 13:40:13 EST", "M/d/yy HH:mm:ss zzz", timezone=DENVER)
    assert denver == iso_millis("2022-01-21T20:40:13+00:00")


def test_offset_in_the_value_is_ignored_when_timezone_is_given() -> None:
    value = "2022-07-25T18:23:54+05:30"
    assert one(value, "yyyy-MM-dd'T'HH:mm:ssXXX", timezone="UTC") == iso_millis("2022-07-25T18:23:54+00:00")


def test_zone_letter_without_a_time_letter_parses_a_date_only() -> None:
    assert one("2022-07-25+05:30", "yyyy-MM-ddXXX") == iso_millis("2022-07-25T00:00:00+00:00")


def test_zone_region_id_and_utc_offsets_are_accepted_as_zone_text() -> None:
    pattern = "yyyy-MM-dd HH:mm z"
    assert one("2022-07-25 12:00 Asia/Tokyo", pattern) == iso_millis("2022-07-25T03:00:00+00:00")
    assert one("2022-07-25 12:00 GMT+02:00", pattern) == iso_millis("2022-07-25T10:00:00+00:00")
    assert one("2022-07-25 12:00 UTC", pattern) == iso_millis("2022-07-25T12:00:00+00:00")
    assert one("2022-07-25 12:00 Z", pattern) == iso_millis("2022-07-25T12:00:00+00:00")


def test_unknown_zone_text_in_the_value_is_a_parse_error() -> None:
    error = failure("1/21/22 13:40:13 XYZ", "M/d/yy HH:mm:ss zzz")
    assert error.message == "Text '1/21/22 13:40:13 XYZ' could not be parsed at index 17"


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("2022-07-25T12:00:00Z", "yyyy-MM-dd'T'HH:mm:ssX", "2022-07-25T12:00:00+00:00"),
        ("2022-07-25T12:00:00+05", "yyyy-MM-dd'T'HH:mm:ssX", "2022-07-25T07:00:00+00:00"),
        ("2022-07-25T12:00:00+0530", "yyyy-MM-dd'T'HH:mm:ssXX", "2022-07-25T06:30:00+00:00"),
        ("2022-07-25T12:00:00-0700", "yyyy-MM-dd'T'HH:mm:ssZ", "2022-07-25T19:00:00+00:00"),
        ("2022-07-25T12:00:00+00:00", "yyyy-MM-dd'T'HH:mm:ssxxx", "2022-07-25T12:00:00+00:00"),
    ],
)
def test_offset_letters_read_their_own_offset_forms(value: str, pattern: str, expected: str) -> None:
    assert one(value, pattern) == iso_millis(expected)


def test_offset_form_of_another_letter_count_is_rejected() -> None:
    assert (
        failure("2022-07-25T12:00:00+0530", "yyyy-MM-dd'T'HH:mm:ssXXX").java_exception
        == "DateTimeParseException"
    )


# ----------------------------------------------------------------------------------------------------------
# Field parsing and SMART resolution
# ----------------------------------------------------------------------------------------------------------


def test_two_letter_year_means_twenty_yy() -> None:
    assert one("1/21/99", "M/d/yy") == iso_millis("2099-01-21T00:00:00+00:00")


def test_single_letter_month_and_day_accept_one_or_two_digits_and_leading_zeros() -> None:
    expected = iso_millis("2024-03-04T00:00:00+00:00")
    assert (
        one("3/4/2024", "M/d/yyyy")
        == one("03/04/2024", "M/d/yyyy")
        == one("003/4/2024", "M/d/yyyy")
        == expected
    )


def test_two_letter_fields_require_exactly_two_digits() -> None:
    assert failure("3/04/2024", "MM/dd/yyyy").message == "Text '3/04/2024' could not be parsed at index 0"


def test_four_letter_year_rejects_a_fifth_digit_without_a_plus_sign() -> None:
    assert failure("20245-01-01", "yyyy-MM-dd").java_exception == "DateTimeParseException"
    assert one("+20245-01-01", "yyyy-MM-dd") == (_days_from_epoch(20245, 1, 1)) * 86_400_000


def _days_from_epoch(year: int, month: int, day: int) -> int:
    shift = (year - 2000) // 400 * 400
    return (datetime(year - shift, month, day) - datetime(1970, 1, 1)).days + shift // 400 * 146_097


def test_adjacent_fixed_width_fields_parse_without_separators() -> None:
    assert one("20220121134013", "yyyyMMddHHmmss") == iso_millis("2022-01-21T13:40:13+00:00")
    assert one("220121", "yyMMdd") == iso_millis("2022-01-21T00:00:00+00:00")


def test_smart_resolution_clamps_a_day_past_the_end_of_the_month() -> None:
    assert one("2/30/2022", "M/d/yyyy") == iso_millis("2022-02-28T00:00:00+00:00")
    assert one("2/31/2024", "M/d/yyyy") == iso_millis("2024-02-29T00:00:00+00:00")
    assert one("4/31/2024", "M/d/yyyy") == iso_millis("2024-04-30T00:00:00+00:00")


def test_smart_resolution_rejects_values_outside_the_field_range() -> None:
    assert failure("2/32/2022", "M/d/yyyy").message == (
        "Text '2/32/2022' could not be parsed: Invalid value for DayOfMonth (valid values 1 - 28/31): 32"
    )
    assert failure("13/1/2022", "M/d/yyyy").message == (
        "Text '13/1/2022' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13"
    )
    assert "Invalid value for HourOfDay" in failure("1/1/2022 25:00", "M/d/yyyy HH:mm").message


def test_hour_24_at_midnight_is_the_start_of_the_next_day() -> None:
    assert one("2022-12-31 24:00", "yyyy-MM-dd HH:mm") == iso_millis("2023-01-01T00:00:00+00:00")
    assert "Invalid value for HourOfDay" in failure("2022-12-31 24:01", "yyyy-MM-dd HH:mm").message


def test_twelve_hour_clock_with_am_pm_marker() -> None:
    pattern = "M/d/yyyy h:mm a"
    assert one("1/21/2022 1:05 PM", pattern) == iso_millis("2022-01-21T13:05:00+00:00")
    assert one("1/21/2022 12:05 AM", pattern) == iso_millis("2022-01-21T00:05:00+00:00")
    assert one("1/21/2022 12:05 PM", pattern) == iso_millis("2022-01-21T12:05:00+00:00")


def test_twelve_hour_clock_without_am_pm_cannot_make_a_time() -> None:
    assert "Unable to obtain LocalDateTime" in failure("1/21/2022 1:05", "M/d/yyyy h:mm").message


def test_clock_hour_of_day_24_is_midnight() -> None:
    assert one("2022-01-21 24:30", "yyyy-MM-dd kk:mm") == iso_millis("2022-01-21T00:30:00+00:00")


def test_fractions_of_a_second_are_truncated_even_before_1970() -> None:
    assert one("1969-12-31 23:59:59.999", "yyyy-MM-dd HH:mm:ss.SSS") == -1000
    assert one("2022-01-21 13:40:13.999", "yyyy-MM-dd HH:mm:ss.SSS") == iso_millis(
        "2022-01-21T13:40:13+00:00"
    )


def test_day_of_week_text_must_agree_with_the_date() -> None:
    assert one("Fri, 21 Jan 2022", "EEE, d MMM yyyy") == iso_millis("2022-01-21T00:00:00+00:00")
    error = failure("Mon, 21 Jan 2022", "EEE, d MMM yyyy")
    assert error.message.endswith(
        "Conflict found: Field DayOfWeek 5 differs from DayOfWeek 1 derived from 2022-01-21"
    )


def test_optional_section_is_skipped_when_it_does_not_match() -> None:
    pattern = "yyyy-MM-dd HH:mm[:ss]"
    assert one("2022-01-21 13:40", pattern) == iso_millis("2022-01-21T13:40:00+00:00")
    assert one("2022-01-21 13:40:13", pattern) == iso_millis("2022-01-21T13:40:13+00:00")


def test_quoted_literals_and_doubled_quotes() -> None:
    assert one("2022-01-21T13:40 o'clock", "yyyy-MM-dd'T'HH:mm 'o''clock'") == iso_millis(
        "2022-01-21T13:40:00+00:00"
    )


# ----------------------------------------------------------------------------------------------------------
# Locales: month and day names
# ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "pattern", "locale"),
    [
        ("21 January 2022", "d MMMM yyyy", None),
        ("21 Jan 2022", "d MMM yyyy", "en-GB"),
        ("21 janvier 2022", "d MMMM yyyy", "fr"),
        ("21 janv. 2022", "d MMM yyyy", "fr-FR"),
        ("21 Januar 2022", "d MMMM yyyy", "de-DE"),
        ("21 Jan. 2022", "d MMM yyyy", "de"),
        ("21 Jan 2022", "d LLL yyyy", "de"),
        ("21 enero 2022", "d MMMM yyyy", "es"),
        ("vendredi 21 janvier 2022", "EEEE d MMMM yyyy", "fr"),
    ],
)
def test_month_and_day_names_follow_the_locale(value: str, pattern: str, locale: str | None) -> None:
    assert one(value, pattern, locale=locale) == iso_millis("2022-01-21T00:00:00+00:00")


def test_month_names_are_case_sensitive() -> None:
    assert failure("21 jan 2022", "d MMM yyyy").message == "Text '21 jan 2022' could not be parsed at index 3"


# ----------------------------------------------------------------------------------------------------------
# roundDownTo
# ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("day", "2022-05-18T00:00:00-06:00"),
        ("week", "2022-05-15T00:00:00-06:00"),
        ("month", "2022-05-01T00:00:00-06:00"),
        ("quarter", "2022-04-01T00:00:00-06:00"),
        ("year", "2022-01-01T00:00:00-06:00"),
    ],
)
def test_round_down_to_each_unit_uses_local_midnight_with_the_original_offset(
    unit: str, expected: str
) -> None:
    # 1 Jan is MST (-07:00) in Denver, but the original instant's offset (MDT, -06:00) is used.
    value = "2022-05-18 16:30:00"
    assert one(value, "yyyy-MM-dd HH:mm:ss", timezone=DENVER, round_down_to=unit) == iso_millis(expected)


@pytest.mark.parametrize(
    ("locale", "week_start"),
    [
        ("en-US", "2022-01-16"),
        ("en", "2022-01-16"),
        ("fr", "2022-01-16"),
        ("fr-FR", "2022-01-17"),
        ("de-DE", "2022-01-17"),
        ("en-GB", "2022-01-17"),
        ("ar-EG", "2022-01-15"),
        ("en-US-u-fw-mon", "2022-01-17"),
    ],
)
def test_week_starts_on_the_locales_first_day_of_the_week(locale: str, week_start: str) -> None:
    millis = one("2022-01-21 13:40", "yyyy-MM-dd HH:mm", locale=locale, round_down_to="week")
    assert millis == iso_millis(f"{week_start}T00:00:00+00:00")


def test_week_of_a_date_on_the_first_day_is_that_date() -> None:
    assert one("2022-01-16", "yyyy-MM-dd", round_down_to="week") == iso_millis("2022-01-16T00:00:00+00:00")


def test_round_down_to_value_is_case_sensitive() -> None:
    error = failure("1/21/22", "M/d/yy", round_down_to="Day")
    assert (error.java_exception, error.message) == ("IllegalStateException", "Unexpected value: Day")


def test_bad_round_down_to_is_reported_only_after_the_value_parses() -> None:
    millis, errors = as_timestamp(np.array(["1/21/22", "nope"], dtype=object), "M/d/yy", round_down_to="hour")
    assert list(millis) == [None, None]
    assert [e.java_exception for e in errors] == ["IllegalStateException", "DateTimeParseException"]


# ----------------------------------------------------------------------------------------------------------
# Time zones
# ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", "2022-01-21T13:40:00+00:00"),
        ("Z", "2022-01-21T13:40:00+00:00"),
        ("+05:30", "2022-01-21T13:40:00+05:30"),
        ("-07", "2022-01-21T13:40:00-07:00"),
        ("UTC+01:00", "2022-01-21T13:40:00+01:00"),
        ("GMT-03:00", "2022-01-21T13:40:00-03:00"),
        ("Europe/Paris", "2022-01-21T13:40:00+01:00"),
    ],
)
def test_timezone_accepts_zone_ids_and_offsets(zone: str, expected: str) -> None:
    assert one("2022-01-21 13:40", "yyyy-MM-dd HH:mm", timezone=zone) == iso_millis(expected)


def test_unknown_zone_fails_every_row_with_zone_rules_exception() -> None:
    millis, errors = as_timestamp(
        np.array(["1/21/22", "bad"], dtype=object), "M/d/yy", timezone="Mars/Olympus"
    )
    assert list(millis) == [None, None]
    assert {(e.java_exception, e.message) for e in errors} == {
        ("ZoneRulesException", "Unknown time-zone ID: Mars/Olympus")
    }


def test_malformed_zone_ids_fail_with_date_time_exception() -> None:
    assert failure("1/21/22", "M/d/yy", timezone="+25:00").java_exception == "DateTimeException"
    assert failure("1/21/22", "M/d/yy", timezone="").java_exception == "DateTimeException"
    assert failure("1/21/22", "M/d/yy", timezone="america denver").java_exception == "DateTimeException"


def test_zone_ids_are_case_sensitive() -> None:
    assert failure("1/21/22", "M/d/yy", timezone="america/denver").java_exception == "ZoneRulesException"


def test_local_time_in_a_dst_gap_moves_forward_by_the_gap() -> None:
    # 02:30 does not exist on 2022-03-13 in Denver; java.time reads it as 03:30 MDT.
    assert one("2022-03-13 02:30", "yyyy-MM-dd HH:mm", timezone=DENVER) == iso_millis(
        "2022-03-13T03:30:00-06:00"
    )


def test_local_time_in_a_dst_overlap_takes_the_earlier_offset() -> None:
    assert one("2022-11-06 01:30", "yyyy-MM-dd HH:mm", timezone=DENVER) == iso_millis(
        "2022-11-06T01:30:00-06:00"
    )


def test_start_of_day_in_a_gap_follows_the_gap() -> None:
    # Midnight does not exist in Havana on 2022-03-13: the day starts at 01:00 CDT.
    assert one("2022-03-13", "yyyy-MM-dd", timezone="America/Havana") == iso_millis(
        "2022-03-13T01:00:00-04:00"
    )


# ----------------------------------------------------------------------------------------------------------
# Bad input: row errors, never exceptions
# ----------------------------------------------------------------------------------------------------------


def test_unparsable_rows_become_row_errors_next_to_good_rows() -> None:
    values = np.array(["1/21/22", "", "tomorrow", "1/21/22 extra", "1/21/2022"], dtype=object)
    millis, errors = as_timestamp(values, "M/d/yy")
    assert millis[0] == iso_millis("2022-01-21T00:00:00+00:00")
    assert [e.message for e in errors[1:]] == [
        "Text '' could not be parsed at index 0",
        "Text 'tomorrow' could not be parsed at index 0",
        "Text '1/21/22 extra' could not be parsed, unparsed text found at index 7",
        "Text '1/21/2022' could not be parsed, unparsed text found at index 7",
    ]
    assert all(e.java_exception == "DateTimeParseException" for e in errors[1:])
    assert list(millis[1:]) == [None] * 4


def test_long_values_are_abbreviated_in_the_message() -> None:
    value = "x" * 70
    assert failure(value, "M/d/yy").message == f"Text '{'x' * 64}...' could not be parsed at index 0"


def test_missing_value_is_a_row_error() -> None:
    millis, errors = as_timestamp(np.array([None, "1/21/22"], dtype=object), "M/d/yy")
    assert millis[0] is None and errors[0] is not None and errors[1] is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("M/d/yy b", "Unknown pattern letter: b"),
        ("MMMMMM d", "Too many pattern letters: M"),
        ("ddd", "Too many pattern letters: d"),
        ("M/d/yy 'T", "Pattern ends with an incomplete string literal: M/d/yy 'T"),
        ("M/d/yy]", "Pattern invalid as it contains ] without previous ["),
        ("M/d/yy#", "Pattern includes reserved character: '#'"),
    ],
)
def test_invalid_patterns_fail_every_row_with_illegal_argument(pattern: str, message: str) -> None:
    millis, errors = as_timestamp(np.array(["1/21/22", "x"], dtype=object), pattern)
    assert list(millis) == [None, None]
    assert {(e.java_exception, e.message) for e in errors} == {("IllegalArgumentException", message)}


def test_empty_column_gives_empty_results() -> None:
    millis, errors = as_timestamp(np.array([], dtype=object), "M/d/yy")
    assert len(millis) == len(errors) == 0


# ----------------------------------------------------------------------------------------------------------
# Fast path == exact path
# ----------------------------------------------------------------------------------------------------------

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def generated_values(seed: int, size: int) -> list[tuple[str, str, str]]:
    """Slash-date, ISO-with-offset and text-month 12-hour strings of random instants, plus invalid rows."""
    rng = np.random.default_rng(seed)
    start = datetime(1900, 1, 1, tzinfo=UTC)
    rows = []
    for seconds, offset_minutes in zip(
        rng.integers(0, 200 * 365 * 86_400, size), rng.integers(-12 * 60, 14 * 60, size), strict=True
    ):
        moment = start + timedelta(seconds=int(seconds))
        sign = "-" if offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(int(offset_minutes)), 60)
        offset = "Z" if offset_minutes == 0 else f"{sign}{hours:02d}:{minutes:02d}"
        twelve = moment.hour % 12 or 12
        rows.append(
            (
                f"{moment.month}/{moment.day}/{moment.year} {moment:%H:%M:%S}",
                f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}{offset}",
                f"{moment.day:02d} {MONTHS[moment.month - 1]} {moment.year % 100:02d} {twelve}:{moment:%M} "
                f"{'AM' if moment.hour < 12 else 'PM'}",
            )
        )
    invalid = [
        ("2/30/2023 10:00:00", "2023-02-30T10:00:00.000Z", "30 Feb 23 10:00 AM"),
        ("13/1/2023 24:00:00", "2023-01-01T24:00:00.000+00:00", "01 Jan 23 0:00 AM"),
        ("1/1/2023 23:60:00", "2023-01-01T23:00:00.000+24:00", "01 Jan 23 13:00 PM"),
        ("-1/1/2023 00:00:00", "2023-01-01T00:00:00.000+0100", "01 jan 23 1:00 AM"),
        ("1/1/0 00:00:00", "0000-01-01T00:00:00.000Z", "01 Jan 23 1:00 XM"),
        ("garbage", "", "01 Jan 2023 1:00 AM"),
    ]
    return rows + invalid


FAST_CASES = [
    (0, "M/d/yyyy HH:mm:ss", {"timezone": DENVER}),
    (0, "M/d/yyyy HH:mm:ss", {"timezone": "Europe/Paris", "round_down_to": "week", "locale": "fr-FR"}),
    (0, "M/d/yyyy HH:mm:ss", {"round_down_to": "quarter"}),
    (1, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", {}),
    (1, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", {"round_down_to": "month"}),
    (1, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", {"timezone": "Australia/Sydney", "round_down_to": "day"}),
    (2, "dd MMM yy h:mm a", {"timezone": "America/New_York", "round_down_to": "year"}),
    (2, "dd MMM yy h:mm a", {"round_down_to": "Week"}),
]


def has_fast_plan(pattern: str, options: dict[str, str]) -> bool:
    locale = locale_for_tag(options.get("locale"))
    mode = _mode(pattern, "timezone" in options)
    return _fast_plan(_compile(pattern, locale), mode) is not None


def described(errors: np.ndarray) -> list[tuple[str, str] | None]:
    return [None if e is None else (e.java_exception, e.message) for e in errors]


@pytest.mark.parametrize(("column", "pattern", "options"), FAST_CASES)
def test_fast_path_equals_exact_path_on_generated_dates(
    column: int, pattern: str, options: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    values = np.array([row[column] for row in generated_values(seed=20240314, size=2000)], dtype=object)
    assert has_fast_plan(pattern, options)
    fast_millis, fast_errors = as_timestamp(values, pattern, **options)
    monkeypatch.setattr(kernel, "_fast_plan", lambda elements, mode: None)
    exact_millis, exact_errors = as_timestamp(values, pattern, **options)
    assert list(fast_millis) == list(exact_millis)
    assert described(fast_errors) == described(exact_errors)
    assert sum(e is not None for e in fast_errors) >= 4


def test_fast_path_settles_common_rows_without_the_exact_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_exact(request: object, text: object) -> None:
        raise AssertionError(f"exact path used for {text!r}")

    monkeypatch.setattr(kernel, "_exact", no_exact)
    values = np.array(["3/14/2024 13:05:59", "12/1/1999 00:00:00"], dtype=object)
    millis, _ = as_timestamp(values, "M/d/yyyy HH:mm:ss", timezone="America/Chicago")
    assert list(millis) == [iso_millis("2024-03-14T13:05:59-05:00"), iso_millis("1999-12-01T00:00:00-06:00")]


@pytest.mark.slow
def test_a_million_distinct_rows_parse_to_their_instants() -> None:
    rng = np.random.default_rng(7)
    seconds = rng.integers(1_400_000_000, 2_000_000_000, 1_000_000)
    moments = seconds.astype("datetime64[s]").astype(object)
    values = np.array([f"{m.month}/{m.day}/{m.year} {m:%H:%M:%S}" for m in moments], dtype=object)
    millis, errors = as_timestamp(values, "M/d/yyyy HH:mm:ss")
    assert np.array_equal(millis.astype(np.int64), seconds * 1000)
    assert not any(e is not None for e in errors[:1000])
