"""Pattern compilation: `DateTimeFormatter.ofPattern` as `DateTimeFormatterBuilder.appendPattern` does it.

What belongs here: the compiled elements (literals, numbers, texts, offsets, zones, optional sections), the
builder's adjacent-value bookkeeping, and the pattern-letter rules with java.time's error messages.
What does not: parsing a value with the elements (`parsing`), the regular expressions of the fast path
(`fast`), locale data (`locales`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache

from calculator.functions.timestamps.java_errors import _JavaError
from calculator.functions.timestamps.locales import _Locale, _names


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
