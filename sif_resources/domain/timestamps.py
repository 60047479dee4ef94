"""Catalog timestamps: parsing `activeAt` and `versionAsAt`, and rendering every date as SIF does.

What belongs here: the one parser and the one formatter of instants used by the catalog (UTC, millisecond
precision, `2023-02-21T14:48:00.000Z`). What does not: activity dates and time zones of pipeline data (the
calculator owns those).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}(:?\d{2})?)$",
)


class InvalidTimestampError(ValueError):
    """The text is not a date-time the catalog accepts."""


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC at millisecond precision; a naive datetime is taken to be UTC already."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.replace(microsecond=aware.microsecond // 1000 * 1000)


def parse_date_time(text: str) -> datetime:
    """Parse an RFC 3339 date-time with an offset (what SIF's schema calls format "date-time").

    Used for `activeAt`: a date alone or a date-time without offset is rejected, as SIF rejects them.
    """
    if not isinstance(text, str) or not _RFC3339_DATE_TIME.match(text):
        raise InvalidTimestampError('must match format "date-time"')
    try:
        return to_utc(datetime.fromisoformat(text.upper().replace(" ", "T")))
    except ValueError as error:
        raise InvalidTimestampError('must match format "date-time"') from error


_UNPADDED_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])")


def parse_instant(value: str | datetime) -> datetime:
    """Parse a query instant such as `versionAsAt`: an ISO 8601 date or date-time, where month and day may
    also be written without zero padding (`2022-1-1`, as SIF's own tests write them); no offset means UTC."""
    if isinstance(value, datetime):
        return to_utc(value)
    text = _UNPADDED_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", value.strip(), count=1)
    try:
        return to_utc(datetime.fromisoformat(text))
    except ValueError as error:
        raise InvalidTimestampError(f"'{value}' is not an ISO 8601 date or date-time") from error


def format_timestamp(moment: datetime) -> str:
    """Render an instant as SIF does (JavaScript's `toISOString`): `2023-02-21T14:48:00.000Z`."""
    utc = to_utc(moment)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
