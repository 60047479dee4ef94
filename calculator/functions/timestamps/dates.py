"""Calendar arithmetic on the proleptic Gregorian calendar, for any year java.time accepts.

What belongs here: epoch days <-> (year, month, day), leap years and month lengths, and the text of
`LocalDate.toString()` / `LocalTime.toString()` used in java.time's messages.
What does not: time zones (`zones`), parsing or resolving fields (`parsing`, `resolving`), anything
vectorised (`fast`).
"""

from __future__ import annotations

_SECONDS_PER_DAY = 86_400
_DAYS_PER_400_YEARS = 146_097


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
