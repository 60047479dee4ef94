"""The fast path: regex extraction in C (pyarrow), composition in numpy, zone placement in pandas.

What belongs here: deciding whether a compiled pattern has a regular expression that reads exactly what the
strict parser reads (`_fast_plan`), and computing a whole column with it. A row it cannot settle with
certainty (no match, a value out of range, a DST gap or overlap, a year outside 1..9999) is reported as not
handled and left to the exact path.
What does not: the exact interpreter (`exact`), choosing between the paths (`kernel`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator.functions.timestamps.dates import _SECONDS_PER_DAY
from calculator.functions.timestamps.parsing import _digit
from calculator.functions.timestamps.patterns import _Element, _Literal, _Number, _Offset, _Sign, _Text
from calculator.functions.timestamps.request import _Mode, _Request
from calculator.functions.timestamps.zones import _zone_rules

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
    strings = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string(), from_pandas=True)
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
