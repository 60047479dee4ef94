"""Exact parsing: strict, case-sensitive, no backtracking (`DateTimeFormatter.parseUnresolved`).

What belongs here: reading a value with compiled elements into unresolved fields and a zone, with java.time's
error positions: numbers with adjacent-value parsing, fractions, texts, offsets and zone ids or names.
What does not: compiling patterns (`patterns`), resolving fields into a date and time (`resolving`),
turning the result into an instant (`exact`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calculator.functions.timestamps.java_errors import _ResolveError
from calculator.functions.timestamps.patterns import (
    _Element,
    _Literal,
    _Number,
    _Offset,
    _Sign,
    _Text,
    _ZoneText,
)
from calculator.functions.timestamps.zones import _offset_text, _Zone, _zone_keys, zone_of


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
