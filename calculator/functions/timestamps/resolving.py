"""Resolution with ResolverStyle.SMART (`java.time.format.Parsed.resolve`, IsoChronology).

What belongs here: range checks with java.time's messages, year-of-era, date and time resolution (including
24:00 as the next midnight), and cross-checking leftover fields against the resolved date and time.
What does not: reading the fields from text (`parsing`), zones and instants (`zones`, `exact`).
"""

from __future__ import annotations

from dataclasses import dataclass

from calculator.functions.timestamps.dates import (
    _civil,
    _date_text,
    _epoch_day,
    _is_leap,
    _month_length,
    _time_text,
)
from calculator.functions.timestamps.java_errors import _ResolveError
from calculator.functions.timestamps.parsing import _Parsed
from calculator.functions.timestamps.zones import _Zone

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
