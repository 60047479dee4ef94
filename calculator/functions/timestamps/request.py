"""What is fixed for one AS_TIMESTAMP call: the compiled pattern, the mode, the zone and the rounding.

What belongs here: `_Mode` (LocalDate, LocalDateTime or ZonedDateTime, chosen from the raw pattern text),
`_Request`, and the accepted roundDownTo units; both the exact and the fast path read them.
What does not: how either path computes a row (`exact`, `fast`), argument checks (`kernel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from calculator.functions.timestamps.patterns import _Element
from calculator.functions.timestamps.zones import _Zone

#: The accepted roundDownTo values; anything else is `IllegalStateException: Unexpected value: <v>`.
ROUND_DOWN_UNITS = ("day", "week", "month", "quarter", "year")

_DATE_TIME_LETTERS = "HkKhmsS"  # any of these in the raw pattern text: parse a date-time
_ZONE_LETTERS = "XxZz"  # any of these (and no timezone=): the zone comes from the value


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


def _mode(pattern: str, timezone_given: bool) -> _Mode:
    if not any(letter in pattern for letter in _DATE_TIME_LETTERS):
        return _Mode.DATE
    if not timezone_given and any(letter in pattern for letter in _ZONE_LETTERS):
        return _Mode.ZONED
    return _Mode.LOCAL
