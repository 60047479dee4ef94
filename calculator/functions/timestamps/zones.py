"""Zones: `ZoneId.of`, and local date-time <-> instant with java.time's gap and overlap rules.

What belongs here: `_Zone` and its conversions (including times outside `datetime`'s years 1..9999),
`ZoneOffset.of` / `ZoneOffset.getId`, region ids from the tz database, and the zone ids and names a `z`/`VV`
pattern letter accepts.
What does not: parsing a zone out of a value (`parsing`), locales (`locales`), the vectorised placement of
local times in a zone (`fast`).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from calculator.functions.timestamps.dates import _DAYS_PER_400_YEARS, _SECONDS_PER_DAY, _epoch_day
from calculator.functions.timestamps.java_errors import _JavaError


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
