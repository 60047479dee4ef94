"""One value on the exact path: parse, resolve, place in the zone, round down.

What belongs here: the interpreter's handling of a single text (DateTimeParseException messages, the
"Unable to obtain ..." check, the parsed offset versus the zone) and rounding down to a day, week, month,
quarter or year with the original instant's offset.
What does not: the stages it chains (`parsing`, `resolving`, `zones`), whole columns (`kernel`, `fast`).
"""

from __future__ import annotations

from typing import Any

from calculator.errors import UnhandledError
from calculator.functions.timestamps.dates import _SECONDS_PER_DAY, _civil, _epoch_day
from calculator.functions.timestamps.java_errors import RowFailure, _JavaError, _ResolveError
from calculator.functions.timestamps.parsing import _parse_elements, _Parsed
from calculator.functions.timestamps.request import ROUND_DOWN_UNITS, _Mode, _Request
from calculator.functions.timestamps.resolving import _resolve
from calculator.functions.timestamps.zones import _offset_text, _Zone

_PARSE_ERROR = "DateTimeParseException"


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
