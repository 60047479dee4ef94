"""AS_TIMESTAMP: text to epoch milliseconds, exactly as SIF's java.time code does it (spec/calculator.md §11).

What belongs here: the column kernel `as_timestamp`, a small interpreter of java.time `DateTimeFormatter`
patterns (compiling a pattern the way `DateTimeFormatterBuilder.appendPattern` does, parsing strictly with
adjacent-value parsing, and resolving fields with ResolverStyle.SMART), `ZoneId.of` and
`Locale.forLanguageTag` as far as AS_TIMESTAMP needs them, and the vectorised fast path.
What does not: argument evaluation, stringification and audit (the evaluator does those), other functions.

Two paths give the same answers:

* the exact path interprets the pattern for each distinct value, in pure Python;
* the fast path handles common numeric patterns for a whole column at once: a regular expression built from
  the compiled pattern extracts the fields in C (pyarrow), numpy checks ranges and composes local times, and
  pandas places them in the zone. A row the fast path cannot settle with certainty (no match, a value out
  of range, a DST gap or overlap, a year outside 1..9999) is left to the exact path.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator.errors import EvaluationError, UnhandledError

__all__ = ["ROUND_DOWN_UNITS", "as_timestamp"]

RowFailure = UnhandledError | EvaluationError

#: The accepted roundDownTo values; anything else is `IllegalStateException: Unexpected value: <v>`.
ROUND_DOWN_UNITS = ("day", "week", "month", "quarter", "year")

_DATE_TIME_LETTERS = "HkKhmsS"  # any of these in the raw pattern text: parse a date-time
_ZONE_LETTERS = "XxZz"  # any of these (and no timezone=): the zone comes from the value
_SECONDS_PER_DAY = 86_400
_DAYS_PER_400_YEARS = 146_097
_PARSE_ERROR = "DateTimeParseException"


class _JavaError(Exception):
    """A Java exception inside the interpreter; becomes an `UnhandledError` for the row."""

    def __init__(self, java_exception: str, message: str) -> None:
        super().__init__(message)
        self.java_exception = java_exception
        self.message = message

    def to_failure(self) -> UnhandledError:
        return UnhandledError(self.java_exception, self.message)


class _ResolveError(Exception):
    """A DateTimeException while resolving parsed fields (reported inside a DateTimeParseException)."""


# ---------------------------------------------------------------------------------------------------------
# Calendar arithmetic on the proleptic Gregorian calendar, for any year java.time accepts
# ---------------------------------------------------------------------------------------------------------


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _epoch_day(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the date (the civil-from-days inverse of Howard Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * _DAYS_PER_400_YEARS + doe - 719_468


def _civil(epoch_day: int) -> tuple[int, int, int]:
    """(year, month, day) of an epoch day."""
    z = epoch_day + 719_468
    era = z // _DAYS_PER_400_YEARS
    doe = z - era * _DAYS_PER_400_YEARS
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def _date_text(epoch_day: int) -> str:
    """LocalDate.toString()."""
    year, month, day = _civil(epoch_day)
    if abs(year) < 1000:
        year_text = ("-" if year < 0 else "") + f"{abs(year):04d}"
    else:
        year_text = ("+" if year > 9999 else "") + str(year)
    return f"{year_text}-{month:02d}-{day:02d}"


def _time_text(hour: int, minute: int, second: int, nano: int) -> str:
    """LocalTime.toString()."""
    text = f"{hour:02d}:{minute:02d}"
    if second or nano:
        text += f":{second:02d}"
        if nano:
            digits = f"{nano:09d}"
            text += "." + (
                digits[:3] if nano % 1_000_000 == 0 else digits[:6] if nano % 1000 == 0 else digits
            )
    return text


# ---------------------------------------------------------------------------------------------------------
# Zones: ZoneId.of, and local date-time <-> instant with java.time's gap and overlap rules
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Zone:
    """A ZoneId: a fixed offset (ZoneOffset or UTC/GMT/UT-prefixed) or a region with tz rules."""

    name: str
    offset: int | None = None  # seconds, for fixed zones
    region: str | None = None  # IANA key, for region zones

    def local_to_epoch(self, local_seconds: int) -> tuple[int, int]:
        """(epoch seconds, offset in force at that instant) for a local date-time, as ZonedDateTime.ofLocal.

        In an overlap the earlier offset wins; in a gap the local time moves forward by the gap length. Both
        equal Python's fold=0 reading; the offset is then re-read at the instant itself.
        """
        if self.offset is not None:
            return local_seconds - self.offset, self.offset
        rules = _zone_rules(self.region or "")
        shifted, shift = _into_datetime_range(local_seconds)
        wall = datetime(1970, 1, 1) + timedelta(seconds=shifted)
        before = wall.replace(tzinfo=rules).utcoffset()
        epoch = shifted - int(before.total_seconds()) if before is not None else shifted
        return epoch + shift, self._offset_at(epoch)

    def offset_at(self, epoch_seconds: int) -> int:
        """The offset in force at an instant."""
        if self.offset is not None:
            return self.offset
        shifted, _ = _into_datetime_range(epoch_seconds)
        return self._offset_at(shifted)

    def _offset_at(self, epoch_seconds: int) -> int:
        rules = _zone_rules(self.region or "")
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=epoch_seconds)
        offset = instant.astimezone(rules).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0


def _into_datetime_range(seconds: int) -> tuple[int, int]:
    """(shifted seconds, shift): whole 400-year cycles moving a time into years 1..9999 for `datetime`.

    Before year 1 every zone is on its first (local mean) offset and after 9999 on its final recurring
    rules, and the Gregorian calendar repeats every 400 years, so the shifted time has the same offset.
    """
    cycle = _DAYS_PER_400_YEARS * _SECONDS_PER_DAY
    low = _epoch_day(1, 1, 2) * _SECONDS_PER_DAY
    high = _epoch_day(9999, 12, 30) * _SECONDS_PER_DAY
    shift = 0
    if seconds < low:
        shift = -((low - seconds + cycle - 1) // cycle) * cycle
    elif seconds > high:
        shift = ((seconds - high + cycle - 1) // cycle) * cycle
    return seconds - shift, shift


@cache
def _zone_rules(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


@cache
def _region_ids() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _offset_of(offset_id: str) -> int:
    """ZoneOffset.of(String): seconds east of UTC, or DateTimeException."""
    if offset_id == "Z":
        return 0
    text = offset_id
    if len(text) == 2:
        text = text[0] + "0" + text[1]
    layouts = {3: ((1, False),), 5: ((1, False), (3, False)), 6: ((1, False), (4, True))}
    layouts |= {7: ((1, False), (3, False), (5, False)), 9: ((1, False), (4, True), (7, True))}
    layout = layouts.get(len(text))
    if layout is None:
        raise _JavaError("DateTimeException", f"Invalid ID for ZoneOffset, invalid format: {offset_id}")
    parts = []
    for position, after_colon in layout:
        if after_colon and text[position - 1] != ":":
            raise _JavaError(
                "DateTimeException", f"Invalid ID for ZoneOffset, colon not found when expected: {text}"
            )
        digits = text[position : position + 2]
        if not (len(digits) == 2 and digits.isascii() and digits.isdigit()):
            raise _JavaError(
                "DateTimeException", f"Invalid ID for ZoneOffset, non numeric characters found: {text}"
            )
        parts.append(int(digits))
    if text[0] not in "+-":
        raise _JavaError(
            "DateTimeException", f"Invalid ID for ZoneOffset, plus/minus not found when expected: {text}"
        )
    hours, minutes, seconds = (*parts, 0, 0)[:3]
    if hours > 18:
        sign = "-" if text[0] == "-" else ""
        raise _JavaError(
            "DateTimeException",
            f"Zone offset hours not in valid range: value {sign}{hours} is not in the range -18 to 18",
        )
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > 18 * 3600:
        raise _JavaError("DateTimeException", "Zone offset not in valid range: -18:00 to +18:00")
    return -total if text[0] == "-" else total


def _offset_text(seconds: int) -> str:
    """ZoneOffset.getId()."""
    if seconds == 0:
        return "Z"
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


_REGION_NAME = re.compile(r"[A-Za-z][A-Za-z0-9~/._+-]+")


def _region(zone_id: str) -> _Zone:
    """ZoneRegion.ofId: a syntactically valid, known region."""
    if not _REGION_NAME.fullmatch(zone_id):
        raise _JavaError(
            "DateTimeException", f"Invalid ID for region-based ZoneId, invalid format: {zone_id}"
        )
    if zone_id not in _region_ids():
        raise _JavaError("ZoneRulesException", f"Unknown time-zone ID: {zone_id}")
    return _Zone(zone_id, region=zone_id)


def zone_of(zone_id: str) -> _Zone:
    """ZoneId.of(zoneId): raises `_JavaError` (ZoneRulesException / DateTimeException) like Java."""
    if len(zone_id) <= 1 or zone_id[0] in "+-":
        seconds = _offset_of(zone_id)
        return _Zone(_offset_text(seconds), offset=seconds)
    for prefix in ("UTC", "GMT", "UT"):
        if zone_id.startswith(prefix):
            rest = zone_id[len(prefix) :]
            if not rest:
                return _Zone(prefix, offset=0)
            if rest[0] not in "+-":
                return _region(zone_id)
            try:
                seconds = _offset_of(rest)
            except _JavaError as error:
                raise _JavaError(
                    "DateTimeException", f"Invalid ID for offset-based ZoneId: {zone_id}"
                ) from error
            return _Zone(prefix + (_offset_text(seconds) if seconds else ""), offset=seconds)
    return _region(zone_id)


# ---------------------------------------------------------------------------------------------------------
# Locales: Locale.forLanguageTag, the first day of the week, and month/day/am-pm names
# ---------------------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split(" ")


# CLDR weekData firstDay; a region not listed uses the world default (Monday).
_SUNDAY_FIRST = set(
    _words(
        "AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT "
        "MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW"
    )
)
_SATURDAY_FIRST = set(_words("AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY"))
_FRIDAY_FIRST = {"MV"}
_WEEKDAY_KEYWORDS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass(frozen=True)
class _Locale:
    """The parts of a java.util.Locale that AS_TIMESTAMP uses."""

    language: str = ""
    region: str = ""
    first_day_keyword: str | None = None  # -u-fw-
    region_override: str | None = None  # -u-rg-

    def first_day_of_week(self) -> int:
        """WeekFields.of(locale).getFirstDayOfWeek(), Monday = 0 .. Sunday = 6.

        A locale without a region reports Sunday (spec §11, run); an unlisted region the world default.
        """
        if self.first_day_keyword in _WEEKDAY_KEYWORDS:
            return _WEEKDAY_KEYWORDS[self.first_day_keyword]
        region = self.region_override or self.region
        if not region or region in _SUNDAY_FIRST:
            return 6
        if region in _SATURDAY_FIRST:
            return 5
        if region in _FRIDAY_FIRST:
            return 4
        return 0


_DEFAULT_LOCALE = _Locale("en", "US")


def locale_for_tag(tag: str | None) -> _Locale:
    """Locale.forLanguageTag: lenient, never fails; parsing stops at the first ill-formed subtag."""
    if tag is None:
        return _DEFAULT_LOCALE
    subtags = tag.split("-")
    language = subtags[0]
    if not (2 <= len(language) <= 8 and language.isascii() and language.isalpha()):
        return _Locale()
    index = 1
    if len(language) <= 3:  # extended language subtags
        while index < len(subtags) and index <= 3 and len(subtags[index]) == 3 and subtags[index].isalpha():
            index += 1
    if index < len(subtags) and len(subtags[index]) == 4 and subtags[index].isalpha():
        index += 1  # script
    region = ""
    if index < len(subtags):
        candidate = subtags[index]
        if (len(candidate) == 2 and candidate.isascii() and candidate.isalpha()) or (
            len(candidate) == 3 and candidate.isascii() and candidate.isdigit()
        ):
            region = candidate.upper()
            index += 1
    first_day = region_override = None
    rest = [s.lower() for s in subtags[index:]]
    if "u" in rest:
        keywords = rest[rest.index("u") + 1 :]
        for key, value in zip(keywords, [*keywords[1:], ""], strict=True):
            if key == "fw":
                first_day = value
            elif key == "rg" and len(value) == 6 and value.endswith("zzzz"):
                region_override = value[:2].upper()
    return _Locale(language.lower(), region, first_day, region_override)


_MONTHS_EN = _words("January February March April May June July August September October November December")
_DAYS_EN = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
# (full months, short months, short stand-alone months, full days, short days, am/pm); java.time's CLDR data
_NAMES: dict[str, tuple[list[str], list[str], list[str], list[str], list[str], list[str]]] = {
    "en": (_MONTHS_EN, [m[:3] for m in _MONTHS_EN], [m[:3] for m in _MONTHS_EN], _DAYS_EN,
           [d[:3] for d in _DAYS_EN], ["AM", "PM"]),
    "fr": (
        _words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
        _words("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
        _words("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
        _words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
        _words("lun. mar. mer. jeu. ven. sam. dim."),
        ["AM", "PM"],
    ),
    "de": (
        _words("Januar Februar März April Mai Juni Juli August September Oktober November Dezember"),
        _words("Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez."),
        _words("Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez"),
        _words("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"),
        _words("Mo. Di. Mi. Do. Fr. Sa. So."),
        ["AM", "PM"],
    ),
    "es": (
        _words("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
        _words("ene feb mar abr may jun jul ago sept oct nov dic"),
        _words("ene feb mar abr may jun jul ago sept oct nov dic"),
        _words("lunes martes miércoles jueves viernes sábado domingo"),
        _words("lun mar mié jue vie sáb dom"),
        ["a.\u00a0m.", "p.\u00a0m."],
    ),
}  # fmt: skip


def _names(locale: _Locale) -> tuple[list[str], list[str], list[str], list[str], list[str], list[str]]:
    return _NAMES.get(locale.language, _NAMES["en"])


# Short (z..zzz) and full (zzzz) zone names, with the region each resolves to: region, short, "/"-joined full.
_ZONE_NAMES = (
    ("America/Los_Angeles", "PST PDT PT", "Pacific Standard Time/Pacific Daylight Time/Pacific Time"),
    ("America/Denver", "MST MDT MT", "Mountain Standard Time/Mountain Daylight Time/Mountain Time"),
    ("America/Chicago", "CST CDT CT", "Central Standard Time/Central Daylight Time/Central Time"),
    ("America/New_York", "EST EDT ET", "Eastern Standard Time/Eastern Daylight Time/Eastern Time"),
    ("America/Anchorage", "AKST AKDT AKT", "Alaska Standard Time/Alaska Daylight Time/Alaska Time"),
    ("America/Halifax", "AST ADT AT", "Atlantic Standard Time/Atlantic Daylight Time/Atlantic Time"),
    ("Pacific/Honolulu", "HST HDT", "Hawaii-Aleutian Standard Time/Hawaii-Aleutian Daylight Time"),
    ("Europe/Paris", "CET CEST", "Central European Standard Time/Central European Summer Time"),
    ("Europe/Bucharest", "EET EEST", "Eastern European Standard Time/Eastern European Summer Time"),
    ("Europe/Lisbon", "WET WEST", "Western European Standard Time/Western European Summer Time"),
    ("Europe/London", "BST", "British Summer Time/Greenwich Mean Time"),
    ("Asia/Kolkata", "IST", "India Standard Time"),
    ("Asia/Tokyo", "JST", "Japan Standard Time"),
    (
        "Australia/Sydney",
        "AEST AEDT AET",
        "Australian Eastern Standard Time/Australian Eastern Daylight Time",
    ),
    ("UTC", "", "Coordinated Universal Time"),
)


@cache
def _zone_keys(with_names: bool, full: bool) -> dict[int, dict[str, str]]:
    """Texts a zone parser accepts, grouped by length: zone ids, plus zone names for the `z` letters."""
    keys = {zone_id: zone_id for zone_id in _region_ids()}
    if with_names:
        for region, short, long in _ZONE_NAMES:
            names = long.split("/") if full else short.split(" ")
            keys.update(dict.fromkeys((name for name in names if name), region))
    grouped: dict[int, dict[str, str]] = {}
    for text, region in keys.items():
        grouped.setdefault(len(text), {})[text] = region
    return grouped


# ---------------------------------------------------------------------------------------------------------
# Pattern compilation: DateTimeFormatterBuilder.appendPattern
# ---------------------------------------------------------------------------------------------------------


class _Sign(Enum):
    NORMAL = "NORMAL"
    NOT_NEGATIVE = "NOT_NEGATIVE"
    EXCEEDS_PAD = "EXCEEDS_PAD"


@dataclass(frozen=True)
class _Literal:
    text: str


@dataclass(frozen=True)
class _Number:
    """NumberPrinterParser (and ReducedPrinterParser for `yy`, FractionPrinterParser for `S`)."""

    field: str
    min_width: int
    max_width: int
    sign: _Sign
    subsequent: int = 0  # digits reserved for adjacent fixed-width fields; -1 once made fixed-width
    reduced: bool = False  # two-digit year based on 2000
    fraction: bool = False  # fraction-of-second digits

    @property
    def fixed(self) -> bool:
        return self.min_width == self.max_width and self.sign is _Sign.NOT_NEGATIVE

    def with_subsequent(self, width: int) -> _Number:
        return replace(self, subsequent=self.subsequent + width)

    def with_fixed_width(self) -> _Number:
        return self if self.subsequent == -1 else replace(self, subsequent=-1)


@dataclass(frozen=True)
class _Text:
    field: str
    names: tuple[tuple[str, int], ...]  # longest first, as java.time tries them


@dataclass(frozen=True)
class _Offset:
    pattern: str  # one of OffsetIdPrinterParser's patterns, e.g. "+HH:MM"
    no_offset: str  # text meaning zero, e.g. "Z"


@dataclass(frozen=True)
class _ZoneText:
    with_names: bool  # `z`: names and ids; `VV`: ids only
    full: bool


@dataclass(frozen=True)
class _Optional:
    elements: tuple[_Element, ...]


_Element = _Literal | _Number | _Text | _Offset | _ZoneText | _Optional

_FIELD_LETTERS = {
    "y": "YearOfEra", "u": "Year", "M": "MonthOfYear", "L": "MonthOfYear", "d": "DayOfMonth",
    "D": "DayOfYear", "E": "DayOfWeek", "a": "AmPmOfDay", "H": "HourOfDay", "k": "ClockHourOfDay",
    "K": "HourOfAmPm", "h": "ClockHourOfAmPm", "m": "MinuteOfHour", "s": "SecondOfMinute",
    "S": "NanoOfSecond", "n": "NanoOfSecond",
}  # fmt: skip
_JAVA_LETTERS = set("GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZgp")


@dataclass
class _Builder:
    """The active (possibly optional) section of a DateTimeFormatterBuilder."""

    elements: list[_Element] = field(default_factory=list)
    value_index: int = -1  # the active value parser for adjacent value parsing
    parent: _Builder | None = None

    def append(self, element: _Element) -> None:
        self.elements.append(element)
        self.value_index = -1

    def append_value(self, number: _Number) -> None:
        if self.value_index < 0:
            self.elements.append(number)
            self.value_index = len(self.elements) - 1
            return
        active = self.value_index
        base = self.elements[active]
        assert isinstance(base, _Number)
        if number.fixed:
            self.elements[active] = base.with_subsequent(number.max_width)
            self.elements.append(number.with_fixed_width())
        else:
            self.elements[active] = base.with_fixed_width()
            self.elements.append(number)
            self.value_index = len(self.elements) - 1


def _illegal(message: str) -> _JavaError:
    return _JavaError("IllegalArgumentException", message)


def _value(field_name: str, min_width: int, max_width: int, sign: _Sign) -> _Number:
    if not 1 <= min_width <= 19:
        raise _illegal(f"The minimum width must be from 1 to 19 inclusive but was {min_width}")
    return _Number(field_name, min_width, max_width, sign)


def _text_element(field_name: str, texts: list[str], first_value: int) -> _Text:
    names = sorted(((text, first_value + i) for i, text in enumerate(texts)), key=lambda t: -len(t[0]))
    return _Text(field_name, tuple(names))


def _letter(builder: _Builder, letter: str, count: int, locale: _Locale) -> None:
    """One run of a pattern letter (DateTimeFormatterBuilder.parseField and friends)."""
    too_many = _illegal(f"Too many pattern letters: {letter}")
    field_name = _FIELD_LETTERS.get(letter)
    months, short_months, standalone_months, days, short_days, am_pm = _names(locale)
    if letter in "yu":
        if count == 2:
            builder.append_value(_Number(field_name or "", 2, 2, _Sign.NOT_NEGATIVE, reduced=True))
        else:
            sign = _Sign.NORMAL if count < 4 else _Sign.EXCEEDS_PAD
            builder.append_value(_value(field_name or "", count, 19, sign))
    elif letter in "ML":
        if count <= 2:
            builder.append_value(
                _Number("MonthOfYear", 2, 2, _Sign.NOT_NEGATIVE)
                if count == 2
                else _Number("MonthOfYear", 1, 19, _Sign.NORMAL)
            )
        elif count in (3, 4):
            texts = months if count == 4 else standalone_months if letter == "L" else short_months
            builder.append(_text_element("MonthOfYear", texts, 1))
        elif count == 5:
            raise _JavaError("UnsupportedOperationException", "narrow month names are not supported")
        else:
            raise too_many
    elif letter == "E":
        if count > 5:
            raise too_many
        if count == 5:
            raise _JavaError("UnsupportedOperationException", "narrow day names are not supported")
        builder.append(_text_element("DayOfWeek", days if count == 4 else short_days, 1))
    elif letter == "a":
        if count > 1:
            raise too_many
        builder.append(_text_element("AmPmOfDay", am_pm, 0))
    elif letter in "dhHkKms":
        if count > 2:
            raise too_many
        number = _Number(field_name or "", 2, 2, _Sign.NOT_NEGATIVE) if count == 2 else None
        builder.append_value(number or _Number(field_name or "", 1, 19, _Sign.NORMAL))
    elif letter == "D":
        if count > 3:
            raise too_many
        widths = {1: (1, 19, _Sign.NORMAL), 2: (2, 3, _Sign.NOT_NEGATIVE), 3: (3, 3, _Sign.NOT_NEGATIVE)}
        builder.append_value(_Number("DayOfYear", *widths[count]))
    elif letter == "S":
        if count > 9:
            raise _illegal(f"Minimum width must be from 0 to 9 inclusive but was {count}")
        builder.append_value(_Number("NanoOfSecond", count, count, _Sign.NOT_NEGATIVE, fraction=True))
    elif letter == "n":
        fixed = _Number("NanoOfSecond", count, count, _Sign.NOT_NEGATIVE)
        builder.append_value(fixed if count > 1 else _Number("NanoOfSecond", 1, 19, _Sign.NORMAL))
    elif letter in "Xx":
        if count > 5:
            raise too_many
        pattern = ("+HHmm", "+HHMM", "+HH:MM", "+HHMMss", "+HH:MM:ss")[count - 1]
        zero = "Z" if letter == "X" else "+00" if count == 1 else "+0000" if count % 2 == 0 else "+00:00"
        builder.append(_Offset(pattern, zero))
    elif letter == "Z":
        if count > 5:
            raise too_many
        if count == 4:
            raise _JavaError("UnsupportedOperationException", "localized offsets (ZZZZ) are not supported")
        builder.append(_Offset("+HHMM", "+0000") if count < 4 else _Offset("+HH:MM:ss", "Z"))
    elif letter == "z":
        if count > 4:
            raise too_many
        builder.append(_ZoneText(with_names=True, full=count == 4))
    elif letter == "V":
        if count != 2:
            raise _illegal(f"Pattern letter count must be 2: {letter}")
        builder.append(_ZoneText(with_names=False, full=False))
    elif letter in _JAVA_LETTERS:
        raise _JavaError("UnsupportedOperationException", f"pattern letter '{letter}' is not supported")
    else:
        raise _illegal(f"Unknown pattern letter: {letter}")


@cache
def _compile(pattern: str, locale: _Locale) -> tuple[_Element, ...]:
    """DateTimeFormatter.ofPattern(pattern, locale) as a tuple of elements; raises `_JavaError`."""
    builder = _Builder()
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char.isascii() and char.isalpha():
            end = position
            while end < len(pattern) and pattern[end] == char:
                end += 1
            _letter(builder, char, end - position, locale)
            position = end
            continue
        if char == "'":
            end = position + 1
            while end < len(pattern):
                if pattern[end] == "'":
                    if end + 1 < len(pattern) and pattern[end + 1] == "'":
                        end += 1
                    else:
                        break
                end += 1
            if end >= len(pattern):
                raise _illegal(f"Pattern ends with an incomplete string literal: {pattern}")
            literal = pattern[position + 1 : end]
            builder.append(_Literal(literal.replace("''", "'") if literal else "'"))
            position = end + 1
            continue
        if char == "[":
            builder = _Builder(parent=builder)
        elif char == "]":
            if builder.parent is None:
                raise _illegal("Pattern invalid as it contains ] without previous [")
            section, builder = builder, builder.parent
            builder.append(_Optional(tuple(section.elements)))
        elif char in "{}#":
            raise _illegal(f"Pattern includes reserved character: '{char}'")
        else:
            builder.append(_Literal(char))
        position += 1
    while builder.parent is not None:
        section, builder = builder, builder.parent
        builder.append(_Optional(tuple(section.elements)))
    return tuple(builder.elements)


# ---------------------------------------------------------------------------------------------------------
# Exact parsing: strict, case-sensitive, no backtracking (DateTimeFormatter.parseUnresolved)
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Parsed:
    fields: dict[str, int] = field(default_factory=dict)
    zone: _Zone | None = None

    def set_field(self, name: str, value: int, error_position: int, success_position: int) -> int:
        old = self.fields.get(name)
        self.fields[name] = value
        return ~error_position if old is not None and old != value else success_position

    def copy(self) -> _Parsed:
        return _Parsed(dict(self.fields), self.zone)


def _digit(char: str) -> int:
    return ord(char) - 48 if "0" <= char <= "9" else -1


def _parse_number(number: _Number, parsed: _Parsed, text: str, position: int) -> int:
    length = len(text)
    if position == length:
        return ~position
    if number.fraction:
        return _parse_fraction(number, parsed, text, position)
    negative = positive = False
    sign = text[position]
    if sign in "+-":
        accepted = number.sign is _Sign.EXCEEDS_PAD or (number.sign is _Sign.NORMAL and sign == "-")
        if not accepted:
            return ~position
        negative, positive = sign == "-", sign == "+"
        position += 1
    min_end = position + number.min_width
    if min_end > length:
        return ~position
    max_width = number.max_width + max(number.subsequent, 0)
    total = 0
    pos = position
    for attempt in range(2):
        max_end = min(pos + max_width, length)
        while pos < max_end:
            digit = _digit(text[pos])
            if digit < 0:
                if pos < min_end:
                    return ~position
                break
            total = total * 10 + digit
            pos += 1
        if number.subsequent > 0 and attempt == 0:
            max_width = max(number.min_width, (pos - position) - number.subsequent)
            pos, total = position, 0
        else:
            break
    digits = pos - position
    if negative:
        if total == 0:
            return ~(position - 1)
        total = -total
    elif number.sign is _Sign.EXCEEDS_PAD:
        if positive and digits <= number.min_width:
            return ~(position - 1)
        if not positive and digits > number.min_width:
            return ~position
    if total.bit_length() > 63:
        total = -(-total // 10) if total < 0 else total // 10
        pos -= 1
    if number.reduced and digits == number.min_width and total >= 0:
        total += 2000
    return parsed.set_field(number.field, total, position, pos)


def _parse_fraction(number: _Number, parsed: _Parsed, text: str, position: int) -> int:
    min_end = position + number.min_width
    if min_end > len(text):
        return ~position
    max_end = min(position + number.max_width, len(text))
    total = 0
    pos = position
    while pos < max_end:
        digit = _digit(text[pos])
        if digit < 0:
            if pos < min_end:
                return ~position
            break
        total = total * 10 + digit
        pos += 1
    nanos = total * 10 ** (9 - (pos - position))
    return parsed.set_field("NanoOfSecond", nanos, position, pos)


def _parse_two_digits(text: str, pos: int, colon: bool) -> tuple[int, int] | None:
    if colon:
        if pos >= len(text) or text[pos] != ":":
            return None
        pos += 1
    if pos + 2 > len(text):
        return None
    high, low = _digit(text[pos]), _digit(text[pos + 1])
    if high < 0 or low < 0 or high * 10 + low > 59:
        return None
    return high * 10 + low, pos + 2


def _parse_offset(offset: _Offset, parsed: _Parsed, text: str, position: int) -> int:
    """OffsetIdPrinterParser.parse in strict mode."""
    if position == len(text):
        return ~position
    if text.startswith(offset.no_offset, position):
        return parsed.set_field("OffsetSeconds", 0, position, position + len(offset.no_offset))
    sign = text[position]
    if sign not in "+-":
        return ~position
    colon = ":" in offset.pattern
    hours = _parse_two_digits(text, position + 1, False)
    if hours is None:
        return ~position
    values, pos = [hours[0], 0, 0], hours[1]
    minute_mandatory = "MM" in offset.pattern
    minute = _parse_two_digits(text, pos, colon)
    if minute is None:
        if minute_mandatory:
            return ~position
    else:
        values[1], pos = minute
        if "ss" in offset.pattern or "SS" in offset.pattern:
            second = _parse_two_digits(text, pos, colon)
            if second is not None:
                values[2], pos = second
            elif "SS" in offset.pattern:
                return ~position
    if values[0] > 23:
        raise _ResolveError("Value out of range: Hour[0-23], Minute[0-59], Second[0-59]")
    seconds = values[0] * 3600 + values[1] * 60 + values[2]
    return parsed.set_field("OffsetSeconds", -seconds if sign == "-" else seconds, position, pos)


def _parse_zone(zone_text: _ZoneText, parsed: _Parsed, text: str, position: int) -> int:
    """ZoneIdPrinterParser / ZoneTextPrinterParser.parse."""
    length = len(text)
    if position >= length:
        return ~position
    char = text[position]
    if char in "+-":
        return _parse_prefixed_offset(parsed, text, position, position, "Z")
    if text.startswith("UT", position) and not text.startswith("UTC", position):
        return _parse_prefixed_offset(parsed, text, position, position + 2, "0")
    if text.startswith("UTC", position) and not zone_text.with_names:
        return _parse_prefixed_offset(parsed, text, position, position + 3, "0")
    if text.startswith("GMT", position):
        if text.startswith("GMT0", position):
            parsed.zone = zone_of("GMT0")
            return position + 4
        return _parse_prefixed_offset(parsed, text, position, position + 3, "0")
    keys = _zone_keys(zone_text.with_names, zone_text.full)
    for size in sorted(keys, reverse=True):
        region = keys[size].get(text[position : position + size])
        if region is not None:
            parsed.zone = zone_of(region)
            return position + size
    if char == "Z":
        parsed.zone = _Zone("Z", offset=0)
        return position + 1
    return ~position


def _parse_prefixed_offset(parsed: _Parsed, text: str, prefix_start: int, position: int, zero: str) -> int:
    prefix = text[prefix_start:position].upper()
    if position >= len(text) or text[position] == "0" or text[position] == "Z":
        parsed.zone = zone_of(prefix) if prefix else _Zone("Z", offset=0)
        return position
    scratch = _Parsed()
    try:
        end = _parse_offset(_Offset("+HH:MM:ss", zero), scratch, text, position)
    except _ResolveError:
        return ~prefix_start
    if end < 0:
        if zero == "Z":
            return ~prefix_start
        parsed.zone = zone_of(prefix)
        return position
    seconds = scratch.fields["OffsetSeconds"]
    if abs(seconds) > 18 * 3600:
        return ~prefix_start
    name = prefix + (_offset_text(seconds) if seconds or not prefix else "")
    parsed.zone = _Zone(name, offset=seconds)
    return end


def _parse_elements(elements: tuple[_Element, ...], parsed: _Parsed, text: str, position: int) -> int:
    for element in elements:
        if isinstance(element, _Literal):
            if not text.startswith(element.text, position):
                return ~position
            position += len(element.text)
        elif isinstance(element, _Number):
            position = _parse_number(element, parsed, text, position)
        elif isinstance(element, _Text):
            position = _parse_text(element, parsed, text, position)
        elif isinstance(element, _Offset):
            position = _parse_offset(element, parsed, text, position)
        elif isinstance(element, _ZoneText):
            position = _parse_zone(element, parsed, text, position)
        else:
            trial = parsed.copy()
            end = _parse_elements(element.elements, trial, text, position)
            if end >= 0:
                parsed.fields, parsed.zone, position = trial.fields, trial.zone, end
        if position < 0:
            return position
    return position


def _parse_text(element: _Text, parsed: _Parsed, text: str, position: int) -> int:
    for name, value in element.names:
        if text.startswith(name, position):
            return parsed.set_field(element.field, value, position, position + len(name))
    return ~position


# ---------------------------------------------------------------------------------------------------------
# Resolution with ResolverStyle.SMART (java.time.format.Parsed.resolve, IsoChronology)
# ---------------------------------------------------------------------------------------------------------

_RANGES: dict[str, tuple[int, int, str]] = {
    "Year": (-999_999_999, 999_999_999, "-999999999 - 999999999"),
    "YearOfEra": (1, 1_000_000_000, "1 - 999999999/1000000000"),
    "MonthOfYear": (1, 12, "1 - 12"),
    "DayOfMonth": (1, 31, "1 - 28/31"),
    "DayOfYear": (1, 366, "1 - 365/366"),
    "DayOfWeek": (1, 7, "1 - 7"),
    "AmPmOfDay": (0, 1, "0 - 1"),
    "HourOfAmPm": (0, 11, "0 - 11"),
    "ClockHourOfAmPm": (1, 12, "1 - 12"),
    "HourOfDay": (0, 23, "0 - 23"),
    "ClockHourOfDay": (1, 24, "1 - 24"),
    "MinuteOfHour": (0, 59, "0 - 59"),
    "SecondOfMinute": (0, 59, "0 - 59"),
    "NanoOfSecond": (0, 999_999_999, "0 - 999999999"),
}
_TIME_FIELDS = {"AmPmOfDay", "HourOfAmPm", "ClockHourOfAmPm", "HourOfDay", "ClockHourOfDay"}
_TIME_FIELDS |= {"MinuteOfHour", "SecondOfMinute", "NanoOfSecond"}


def _check(name: str, value: int) -> int:
    low, high, text = _RANGES[name]
    if not low <= value <= high:
        raise _ResolveError(f"Invalid value for {name} (valid values {text}): {value}")
    return value


def _put_checked(fields: dict[str, int], target: str, name: str, value: int) -> None:
    old = fields.get(name)
    fields[name] = value
    if old is not None and old != value:
        raise _ResolveError(
            f"Conflict found: {name} {old} differs from {name} {value} while resolving  {target}"
        )


@dataclass
class _Resolved:
    """What Parsed.resolve leaves: remaining fields, a date, a time, excess days and a zone."""

    fields: dict[str, int]
    zone: _Zone | None
    epoch_day: int | None = None
    time: tuple[int, int, int, int] | None = None  # hour, minute, second, nano

    def describe(self) -> str:
        """Parsed.toString()."""
        text = "{" + ", ".join(f"{k}={v}" for k, v in self.fields.items()) + "},ISO"
        if self.zone is not None:
            text += f",{self.zone.name}"
        if self.epoch_day is not None or self.time is not None:
            text += " resolved to "
            if self.epoch_day is not None:
                text += _date_text(self.epoch_day) + ("T" if self.time is not None else "")
            if self.time is not None:
                text += _time_text(*self.time)
        return text


def _resolve_date(fields: dict[str, int]) -> int | None:
    if "YearOfEra" in fields:
        year_of_era = _check("YearOfEra", fields.pop("YearOfEra"))
        year = fields.get("Year")
        _put_year(fields, year_of_era if year is None or year > 0 else 1 - year_of_era)
    if "Year" not in fields:
        return None
    if "MonthOfYear" in fields and "DayOfMonth" in fields:
        year = _check("Year", fields.pop("Year"))
        month = _check("MonthOfYear", fields.pop("MonthOfYear"))
        day = min(_check("DayOfMonth", fields.pop("DayOfMonth")), _month_length(year, month))
        return _epoch_day(year, month, day)
    if "DayOfYear" in fields:
        year = _check("Year", fields.pop("Year"))
        day_of_year = _check("DayOfYear", fields.pop("DayOfYear"))
        if day_of_year == 366 and not _is_leap(year):
            raise _ResolveError(f"Invalid date 'DayOfYear 366' as '{year}' is not a leap year")
        return _epoch_day(year, 1, 1) + day_of_year - 1
    return None


def _put_year(fields: dict[str, int], year: int) -> None:
    old = fields.get("Year")
    if old is not None and old != year:
        raise _ResolveError(f"Conflict found: Year {old} differs from Year {year}")
    fields["Year"] = year


def _resolve_time(fields: dict[str, int]) -> tuple[tuple[int, int, int, int] | None, int]:
    """Time fields to (hour, minute, second, nano) and excess days (24:00 is the next midnight)."""
    if "ClockHourOfDay" in fields:
        clock = fields.pop("ClockHourOfDay")
        if clock != 0:
            _check("ClockHourOfDay", clock)
        _put_checked(fields, "ClockHourOfDay", "HourOfDay", 0 if clock == 24 else clock)
    if "ClockHourOfAmPm" in fields:
        clock = fields.pop("ClockHourOfAmPm")
        if clock != 0:
            _check("ClockHourOfAmPm", clock)
        _put_checked(fields, "ClockHourOfAmPm", "HourOfAmPm", 0 if clock == 12 else clock)
    if "AmPmOfDay" in fields and "HourOfAmPm" in fields:
        am_pm = _check("AmPmOfDay", fields.pop("AmPmOfDay"))
        hour = _check("HourOfAmPm", fields.pop("HourOfAmPm"))
        _put_checked(fields, "AmPmOfDay", "HourOfDay", am_pm * 12 + hour)
    if "NanoOfSecond" in fields:
        _check("NanoOfSecond", fields["NanoOfSecond"])
    time: tuple[int, int, int, int] | None = None
    excess = 0
    hour_of_day = fields.get("HourOfDay")
    if hour_of_day is not None:
        minute, second, nano = (
            fields.get(name) for name in ("MinuteOfHour", "SecondOfMinute", "NanoOfSecond")
        )
        impossible = (minute is None and (second is not None or nano is not None)) or (
            minute is not None and second is None and nano is not None
        )
        if not impossible:
            minute_value = _check("MinuteOfHour", minute or 0)
            nano_value = _check("NanoOfSecond", nano or 0)
            if hour_of_day == 24 and minute_value == 0 and (second or 0) == 0 and nano_value == 0:
                time, excess = (0, 0, 0, 0), 1
            else:
                time = (_check("HourOfDay", hour_of_day), minute_value, _check("SecondOfMinute", second or 0),
                        nano_value)  # fmt: skip
            for name in ("HourOfDay", "MinuteOfHour", "SecondOfMinute", "NanoOfSecond"):
                fields.pop(name, None)
    for name, value in fields.items():
        if name in _TIME_FIELDS:
            _check(name, value)
    return time, excess


def _cross_check(resolved: _Resolved) -> None:
    """Fields left over must agree with the resolved date and time."""
    derived: dict[str, tuple[int, str]] = {}
    if resolved.epoch_day is not None:
        year, month, day = _civil(resolved.epoch_day)
        date_text = _date_text(resolved.epoch_day)
        derived["DayOfWeek"] = ((resolved.epoch_day + 3) % 7 + 1, date_text)
        derived["Year"] = (year, date_text)
        derived["MonthOfYear"] = (month, date_text)
        derived["DayOfMonth"] = (day, date_text)
        derived["DayOfYear"] = (resolved.epoch_day - _epoch_day(year, 1, 1) + 1, date_text)
    if resolved.time is not None:
        hour, minute, second, nano = resolved.time
        time_text = _time_text(*resolved.time)
        derived |= {
            "AmPmOfDay": (hour // 12, time_text),
            "HourOfAmPm": (hour % 12, time_text),
            "MinuteOfHour": (minute, time_text),
            "SecondOfMinute": (second, time_text),
            "NanoOfSecond": (nano, time_text),
        }
    for name in list(resolved.fields):
        if name in derived:
            actual, source = derived[name]
            if actual != resolved.fields[name]:
                raise _ResolveError(
                    f"Conflict found: Field {name} {actual} differs from {name} {resolved.fields[name]} "
                    f"derived from {source}"
                )
            del resolved.fields[name]


def _resolve(parsed: _Parsed) -> _Resolved:
    fields = dict(parsed.fields)
    epoch_day = _resolve_date(fields)
    time, excess = _resolve_time(fields)
    resolved = _Resolved(fields, parsed.zone, epoch_day, time)
    _cross_check(resolved)
    if resolved.epoch_day is not None and resolved.time is not None:
        resolved.epoch_day += excess
    return resolved


# ---------------------------------------------------------------------------------------------------------
# One value on the exact path
# ---------------------------------------------------------------------------------------------------------


class _Mode(Enum):
    DATE = "LocalDate"  # start of the day in the zone
    LOCAL = "LocalDateTime"  # local date-time placed in the zone
    ZONED = "ZonedDateTime"  # zone or offset read from the value


@dataclass(frozen=True)
class _Request:
    """Everything fixed for a call: the compiled pattern, the mode, the zone and the rounding."""

    elements: tuple[_Element, ...]
    mode: _Mode
    zone: _Zone
    first_day_of_week: int
    round_down_to: str | None


def _quote(text: str) -> str:
    return text[:64] + "..." if len(text) > 64 else text


def _parse_error(text: str, message: str) -> _JavaError:
    return _JavaError(_PARSE_ERROR, f"Text '{_quote(text)}' could not be parsed{message}")


def _parse_local(request: _Request, text: str) -> tuple[int, int]:
    """(epoch seconds, offset of that instant) for one value; raises `_JavaError`."""
    parsed = _Parsed()
    try:
        end = _parse_elements(request.elements, parsed, text, 0)
        if end < 0:
            raise _parse_error(text, f" at index {~end}")
        if end < len(text):
            raise _parse_error(text, f", unparsed text found at index {end}")
        resolved = _resolve(parsed)
    except _ResolveError as error:
        raise _parse_error(text, f": {error}") from error
    offset = parsed.fields.get("OffsetSeconds")
    zone = request.zone
    if request.mode is _Mode.ZONED:
        zone = resolved.zone or (_Zone(_offset_text(offset), offset=offset) if offset is not None else zone)
    missing_zone = request.mode is _Mode.ZONED and resolved.zone is None and offset is None
    missing_time = request.mode is not _Mode.DATE and resolved.time is None
    if resolved.epoch_day is None or missing_time or missing_zone:
        raise _parse_error(
            text,
            f": Unable to obtain {request.mode.value} from TemporalAccessor: {resolved.describe()} "
            "of type java.time.format.Parsed",
        )
    hour, minute, second, _ = resolved.time or (0, 0, 0, 0)
    local = resolved.epoch_day * _SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
    if request.mode is _Mode.ZONED and offset is not None:
        epoch = local - offset  # the parsed offset wins over a parsed zone for the instant
        return epoch, zone.offset_at(epoch)
    return zone.local_to_epoch(local)


def _round_down(epoch: int, offset: int, unit: str, first_day_of_week: int) -> int:
    """The local start of the day/week/month/quarter/year, converted with the ORIGINAL instant's offset."""
    day = (epoch + offset) // _SECONDS_PER_DAY
    if unit == "week":
        day -= ((day + 3) % 7 - first_day_of_week) % 7
    elif unit != "day":
        year, month, _ = _civil(day)
        if unit == "year":
            month = 1
        elif unit == "quarter":
            month -= (month - 1) % 3
        day = _epoch_day(year, month, 1)
    return day * _SECONDS_PER_DAY - offset


def _exact(request: _Request, text: Any) -> tuple[int | None, RowFailure | None]:
    """One value through the interpreter: (millis, None) or (None, failure)."""
    if not isinstance(text, str):
        return None, UnhandledError("NullPointerException", "text")
    try:
        epoch, offset = _parse_local(request, text)
    except _JavaError as error:
        return None, error.to_failure()
    if request.round_down_to is None:
        return epoch * 1000, None
    if request.round_down_to not in ROUND_DOWN_UNITS:
        return None, UnhandledError("IllegalStateException", f"Unexpected value: {request.round_down_to}")
    return _round_down(epoch, offset, request.round_down_to, request.first_day_of_week) * 1000, None


# ---------------------------------------------------------------------------------------------------------
# The fast path: regex extraction in C, composition in numpy
# ---------------------------------------------------------------------------------------------------------

_FAST_NUMBER_FIELDS = {"YearOfEra", "Year", "MonthOfYear", "DayOfMonth", "HourOfDay", "ClockHourOfDay"}
_FAST_NUMBER_FIELDS |= {"HourOfAmPm", "ClockHourOfAmPm", "MinuteOfHour", "SecondOfMinute", "NanoOfSecond"}


@dataclass(frozen=True)
class _FastPlan:
    """A regular expression equivalent to the strict parse, and how to read its groups."""

    regex: str
    numbers: tuple[str, ...]  # group name = field name, digits
    reduced: bool  # the year group is a two-digit year (2000 + digits)
    texts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # group name = field name, name -> value
    offset: bool  # group `OffsetSeconds`, "+HH:MM" or the zero text


def _starts_with_digit(element: _Element | None) -> bool:
    if element is None:
        return False
    if isinstance(element, _Literal):
        return _digit(element.text[0]) >= 0
    return isinstance(element, _Number)


def _number_regex(elements: tuple[_Element, ...], index: int) -> str | None:
    """The regex for a number, when a regex match is certain to read the same digits as java.time.

    java.time reads digits greedily without backtracking, so a variable width must end at a non-digit. A
    sign-padded year (`yyyy`) heading a run of fixed-width fields reads the whole digit run first, so the
    run must also end at a non-digit.
    """
    number = elements[index]
    assert isinstance(number, _Number)
    following = elements[index + 1] if index + 1 < len(elements) else None
    if number.field not in _FAST_NUMBER_FIELDS or (number.field == "NanoOfSecond" and not number.fraction):
        return None
    if number.fixed:
        return rf"\d{{{number.min_width}}}"
    if number.sign is _Sign.EXCEEDS_PAD and number.subsequent >= 0:
        end = index + 1
        while end < len(elements) and isinstance(elements[end], _Number):
            end += 1
        if not _starts_with_digit(elements[end] if end < len(elements) else None):
            return rf"\d{{{number.min_width}}}"
        return None
    if number.sign is _Sign.NORMAL and number.subsequent == 0 and not _starts_with_digit(following):
        return rf"\d{{{number.min_width},18}}"
    return None


def _offset_regex(offset: _Offset) -> str | None:
    if offset.pattern != "+HH:MM" or offset.no_offset not in ("Z", "+00:00"):
        return None
    return r"Z|[+-]\d{2}:\d{2}" if offset.no_offset == "Z" else r"[+-]\d{2}:\d{2}"


@cache
def _fast_plan(elements: tuple[_Element, ...], mode: _Mode) -> _FastPlan | None:
    """The plan for patterns the fast path reproduces exactly, else None."""
    parts: list[str] = []
    numbers: list[str] = []
    texts: list[tuple[str, tuple[tuple[str, int], ...]]] = []
    reduced = False
    seen: set[str] = set()
    for index, element in enumerate(elements):
        regex: str | None = None
        if isinstance(element, _Literal):
            parts.append(re.escape(element.text))
            continue
        if isinstance(element, _Number):
            regex, name = _number_regex(elements, index), element.field
            numbers.append(name)
            reduced = reduced or element.reduced
        elif isinstance(element, _Text) and element.field in ("MonthOfYear", "AmPmOfDay"):
            names = [text for text, _ in element.names]
            if not any(a != b and b.startswith(a) for a in names for b in names):
                regex = "|".join(re.escape(text) for text in names)
            name = element.field
            texts.append((name, element.names))
        elif isinstance(element, _Offset):
            regex, name = _offset_regex(element), "OffsetSeconds"
        if regex is None or name in seen:
            return None
        seen.add(name)
        parts.append(f"(?P<{name}>{regex})")
    offset = "OffsetSeconds" in seen
    if not _fast_fields_complete(seen, mode) or (mode is _Mode.ZONED and not offset):
        return None
    return _FastPlan("^" + "".join(parts) + "$", tuple(numbers), reduced, tuple(texts), offset)


def _fast_fields_complete(seen: set[str], mode: _Mode) -> bool:
    """The fields resolve to a date (and a time) the way the fast path composes them."""
    if not (seen & {"YearOfEra", "Year"}) or len(seen & {"YearOfEra", "Year"}) > 1:
        return False
    if not {"MonthOfYear", "DayOfMonth"} <= seen:
        return False
    hours = seen & {"HourOfDay", "ClockHourOfDay", "HourOfAmPm", "ClockHourOfAmPm"}
    if mode is _Mode.DATE:
        return not hours and "AmPmOfDay" not in seen
    if len(hours) != 1 or (("AmPmOfDay" in seen) != bool(hours & {"HourOfAmPm", "ClockHourOfAmPm"})):
        return False
    if "SecondOfMinute" in seen and "MinuteOfHour" not in seen:
        return False
    return "NanoOfSecond" not in seen or {"MinuteOfHour", "SecondOfMinute"} <= seen


def _group(groups: pa.StructArray, name: str, default: str) -> pa.Array:
    """One group's text; `default` where the row did not match (the child then holds "")."""
    return pc.fill_null(pc.if_else(groups.is_valid(), groups.field(name), default), default)


def _column(groups: pa.StructArray, name: str) -> np.ndarray:
    """A digits group as int64 (0 where the row did not match)."""
    return np.asarray(pc.cast(_group(groups, name, "0"), pa.int64()))


def _fast(plan: _FastPlan, request: _Request, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(handled mask, millis as int64) for the rows the fast path settles."""
    strings = pa.array(values, type=pa.string(), from_pandas=True)
    groups = pc.extract_regex(strings, plan.regex)
    ok = ~np.asarray(groups.is_null(), dtype=bool)
    read = {name: _column(groups, name) for name in plan.numbers}
    for name, mapping in plan.texts:
        keys = pa.array([text for text, _ in mapping], type=pa.string())
        index = np.asarray(pc.fill_null(pc.index_in(groups.field(name), value_set=keys), 0))
        read[name] = np.array([value for _, value in mapping], dtype=np.int64)[index]
    year = read.get("Year", read.get("YearOfEra"))
    assert year is not None
    if plan.reduced:
        year = year + 2000
    month, day = read["MonthOfYear"], read["DayOfMonth"]
    ok &= (year >= 1) & (year <= 9999) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    month_start = (np.where(ok, year, 1970) - 1970).astype("datetime64[Y]").astype("datetime64[M]")
    month_start = month_start + (np.where(ok, month, 1) - 1).astype("timedelta64[M]")
    first = month_start.astype("datetime64[D]").astype(np.int64)
    length = (month_start + 1).astype("datetime64[D]").astype(np.int64) - first
    seconds = (first + np.minimum(day, length) - 1) * _SECONDS_PER_DAY
    if request.mode is not _Mode.DATE:
        hour, ok = _fast_hour(read, ok)
        minute = read.get("MinuteOfHour", np.zeros_like(year))
        second = read.get("SecondOfMinute", np.zeros_like(year))
        ok &= (minute <= 59) & (second <= 59)
        seconds = seconds + hour * 3600 + minute * 60 + second
    zone_offset = None
    if plan.offset:
        zone_offset, ok = _fast_offsets(_group(groups, "OffsetSeconds", "Z"), ok)
    epoch, offset, ok = _fast_place(request, seconds, zone_offset, ok)
    if request.round_down_to is not None:
        epoch = _fast_round(epoch, offset, request.round_down_to, request.first_day_of_week)
    return ok, epoch * 1000


def _fast_hour(read: dict[str, np.ndarray], ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hour of day from H, k, or h/K with a, with SMART's ranges (24:00 and friends go to the exact path)."""
    if "HourOfDay" in read:
        hour = read["HourOfDay"]
        return hour, ok & (hour <= 23)
    if "ClockHourOfDay" in read:
        clock = read["ClockHourOfDay"]
        return np.where(clock == 24, 0, clock), ok & (clock <= 24)
    am_pm = read["AmPmOfDay"]
    if "ClockHourOfAmPm" in read:
        clock = read["ClockHourOfAmPm"]
        return np.where(clock == 12, 0, clock) + 12 * am_pm, ok & (clock <= 12)
    hour = read["HourOfAmPm"]
    return hour + 12 * am_pm, ok & (hour <= 11)


def _fast_offsets(text: pa.Array, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offset seconds from "+HH:MM" / "-HH:MM" / "Z" groups; hours over 23 are left to the exact path."""
    padded = pc.if_else(pc.equal(text, "Z"), "+00:00", text)
    hours = np.asarray(pc.cast(pc.utf8_slice_codeunits(padded, 1, 3), pa.int64()))
    minutes = np.asarray(pc.cast(pc.utf8_slice_codeunits(padded, 4, 6), pa.int64()))
    sign = np.where(np.asarray(pc.starts_with(padded, "-")), -1, 1)
    return sign * (hours * 3600 + minutes * 60), ok & (hours <= 23) & (minutes <= 59)


def _fast_place(
    request: _Request, local: np.ndarray, parsed_offset: np.ndarray | None, ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(epoch seconds, offset of the instant, still handled) for local seconds."""
    if request.mode is _Mode.ZONED and parsed_offset is not None:
        return local - parsed_offset, parsed_offset, ok
    zone = request.zone
    if zone.offset is not None:
        offset = np.full_like(local, zone.offset)
        return local - offset, offset, ok
    rows = np.flatnonzero(ok)
    naive = pd.DatetimeIndex(local[rows].astype("datetime64[s]"))
    placed = naive.tz_localize(_zone_rules(zone.region or ""), ambiguous="NaT", nonexistent="NaT")
    epoch_seconds = np.asarray(placed.as_unit("s").asi8)
    settled = np.asarray(~placed.isna())
    ok = ok.copy()
    ok[rows[~settled]] = False
    epoch = local.copy()
    epoch[rows[settled]] = epoch_seconds[settled]
    return epoch, local - epoch, ok


def _fast_round(epoch: np.ndarray, offset: np.ndarray, unit: str, first_day_of_week: int) -> np.ndarray:
    day = (epoch + offset) // _SECONDS_PER_DAY
    if unit == "week":
        day = day - ((day + 3) % 7 - first_day_of_week) % 7
    elif unit != "day":
        months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        if unit == "quarter":
            months = months - months % 3
        elif unit == "year":
            months = months - months % 12
        day = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return day * _SECONDS_PER_DAY - offset


# ---------------------------------------------------------------------------------------------------------
# The kernel
# ---------------------------------------------------------------------------------------------------------


def _mode(pattern: str, timezone_given: bool) -> _Mode:
    if not any(letter in pattern for letter in _DATE_TIME_LETTERS):
        return _Mode.DATE
    if not timezone_given and any(letter in pattern for letter in _ZONE_LETTERS):
        return _Mode.ZONED
    return _Mode.LOCAL


def _every_row(size: int, failure: RowFailure) -> tuple[np.ndarray, np.ndarray]:
    errors = np.empty(size, dtype=object)
    errors[:] = [failure] * size
    return np.full(size, None, dtype=object), errors


def as_timestamp(
    values: np.ndarray,
    pattern: str,
    timezone: str | None = None,
    locale: str | None = None,
    round_down_to: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """AS_TIMESTAMP over a column: `(millis, errors)`, object arrays as long as `values`.

    `values` holds the string forms of the value argument. `millis[i]` is epoch milliseconds as an int
    (epoch seconds x 1000, fractions truncated) or None; `errors[i]` is None or the row's failure. A bad
    zone or pattern fails every row; nothing is raised for row-level problems. `timezone=None` is the JVM
    zone (UTC) and `locale=None` the JVM locale (en-US).
    """
    size = len(values)
    java_locale = locale_for_tag(locale)
    try:
        zone = zone_of(timezone) if timezone is not None else _Zone("UTC", offset=0)
        elements = _compile(pattern, java_locale)
    except _JavaError as error:
        return _every_row(size, error.to_failure())
    request = _Request(
        elements, _mode(pattern, timezone is not None), zone, java_locale.first_day_of_week(), round_down_to
    )
    millis = np.full(size, None, dtype=object)
    errors = np.full(size, None, dtype=object)
    pending = np.ones(size, dtype=bool)
    plan = _fast_plan(elements, request.mode)
    if plan is not None and size:
        if round_down_to is None or round_down_to in ROUND_DOWN_UNITS:
            handled, fast_millis = _fast(plan, request, values)
            millis[handled] = fast_millis[handled].astype(object)
        else:  # rows that parse fail on the rounding unit
            handled, _ = _fast(plan, replace(request, round_down_to=None), values)
            errors[handled] = UnhandledError("IllegalStateException", f"Unexpected value: {round_down_to}")
        pending = ~handled
    if pending.any():
        rows = np.flatnonzero(pending)
        remaining = values[rows]
        codes, uniques = pd.factorize(pd.Series(remaining, dtype=object), use_na_sentinel=False)
        results = [_exact(request, text) for text in uniques]
        millis[rows] = np.array([result[0] for result in results] + [None], dtype=object)[codes]
        errors[rows] = np.array([result[1] for result in results] + [None], dtype=object)[codes]
    return millis, errors
