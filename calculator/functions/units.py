"""CONVERT's unit catalogue and conversion (spec/calculator.md §12).

What belongs here: the QUDT unit catalogue (loaded from `calculator/data/qudt_units.json`), SIF's rules
for turning the text of a unit into a catalogue unit, and qudtlib's decimal conversion between two
units. Nothing here knows about formulas, columns or audit entries; the evaluator calls `convert`.

Resolution of a unit text (done for `from` first, then `to`):

1. the first unit whose symbol equals the text exactly (case-sensitive) and one of whose quantity kinds
   has a label equal to `qualityKind`, ignoring case. Without `qualityKind=` this step never matches;
2. else the first unit having any label equal to the text, ignoring case;
3. else `Unit '<text>' ('<kind or ?>' quantity kind) not recognized.`

"First" follows qudtlib's Java catalogue, a `HashMap` keyed by unit IRI and filled in IRI order, so the
units are visited in that map's iteration order (see `_java_hash_map_order`).

Conversion is qudtlib's `Unit.convert`: ``(value + fromOffset) * fromMultiplier / toMultiplier - toOffset``
with the multiplication and the division rounded to 34 significant digits (Java's DECIMAL128) and the
additions exact. Units whose dimension vectors differ fail with qudtlib's InconvertibleQuantities text,
`Cannot convert from <from IRI> to <to IRI>: dimension vectors differ`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

from calculator.errors import EvaluationError
from calculator.values import EXACT

UNIT_NAMESPACE = "http://qudt.org/vocab/unit/"
QUANTITY_KIND_NAMESPACE = "http://qudt.org/vocab/quantitykind/"
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "qudt_units.json"

#: java.math.MathContext.DECIMAL128: 34 significant digits, HALF_EVEN.
DECIMAL128 = Context(
    prec=34, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN, traps=[DivisionByZero, InvalidOperation]
)
_UNITLESS = "UNITLESS"
_NO_KIND = "?"


@dataclass(frozen=True)
class QuantityKind:
    """A QUDT quantity kind: its IRI local name and its labels (the values `qualityKind=` accepts)."""

    id: str
    labels: tuple[str, ...]

    @property
    def iri(self) -> str:
        return QUANTITY_KIND_NAMESPACE + self.id


@dataclass(frozen=True)
class Unit:
    """One catalogue unit. `base = (value + offset) * multiplier` in the SI unit of its dimension."""

    id: str
    labels: tuple[str, ...]
    symbol: str | None
    quantity_kinds: tuple[QuantityKind, ...]
    multiplier: Decimal
    offset: Decimal
    dimension: str | None
    deprecated: bool = False

    @property
    def iri(self) -> str:
        return UNIT_NAMESPACE + self.id

    def has_quantity_kind(self, kind: str) -> bool:
        """Whether one of the unit's quantity kinds has a label equal to `kind`, ignoring case."""
        key = _fold(kind)
        return any(_fold(label) == key for qk in self.quantity_kinds for label in qk.labels)


@dataclass(frozen=True)
class _Catalogue:
    units: tuple[Unit, ...]
    by_symbol: dict[str, tuple[Unit, ...]]
    by_label: dict[str, Unit]


def _fold_char(char: str) -> str:
    upper = char.upper()
    if len(upper) != 1:
        upper = char
    lower = upper.lower()
    return lower if len(lower) == 1 else upper


def _fold(text: str) -> str:
    """A key under which two texts are equal exactly when Java's `String.equalsIgnoreCase` says so.

    Java compares char by char, by upper case and then by the lower case of the upper case, never
    expanding a character (`ß` stays `ß`), so each character folds to one character here too.
    """
    return "".join(_fold_char(char) for char in text)


def _java_string_hash(text: str) -> int:
    """Java's `String.hashCode()` over UTF-16 code units, as an unsigned 32-bit value."""
    data = text.encode("utf-16-be")
    value = 0
    for index in range(0, len(data), 2):
        value = (31 * value + ((data[index] << 8) | data[index + 1])) & 0xFFFFFFFF
    return value


def _java_hash_map_order(keys: list[str]) -> list[int]:
    """Positions of `keys` in the iteration order of a Java `HashMap` filled with them in list order.

    The table grows by doubling from 16 while the size exceeds 3/4 of it; a key's bucket is its spread
    hash (`h ^ h >>> 16`) masked by the table size, and keys of one bucket keep their insertion order.
    """
    capacity = 16
    while len(keys) > capacity * 3 // 4:
        capacity *= 2

    def bucket(position: int) -> int:
        hashed = _java_string_hash(keys[position])
        return (hashed ^ (hashed >> 16)) & (capacity - 1)

    return sorted(range(len(keys)), key=lambda position: (bucket(position), position))


@cache
def _catalogue() -> _Catalogue:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    kinds = {kid: QuantityKind(kid, tuple(labels)) for kid, labels in raw["quantityKinds"].items()}
    loaded = [
        Unit(
            id=entry["id"],
            labels=tuple(entry["labels"]),
            symbol=entry["symbol"],
            quantity_kinds=tuple(kinds[kid] for kid in entry["kinds"]),
            multiplier=Decimal(entry["multiplier"]),
            offset=Decimal(entry["offset"]),
            dimension=entry["dimension"],
            deprecated=entry.get("deprecated", False),
        )
        for entry in raw["units"]
    ]
    loaded.sort(key=lambda unit: unit.iri)  # the order qudtlib's initializer fills its map in
    ordered = tuple(loaded[position] for position in _java_hash_map_order([unit.iri for unit in loaded]))
    by_symbol: dict[str, list[Unit]] = {}
    by_label: dict[str, Unit] = {}
    for unit in ordered:
        if unit.symbol is not None:
            by_symbol.setdefault(unit.symbol, []).append(unit)
        for label in unit.labels:
            by_label.setdefault(_fold(label), unit)
    return _Catalogue(ordered, {symbol: tuple(units) for symbol, units in by_symbol.items()}, by_label)


def all_units() -> tuple[Unit, ...]:
    """Every catalogue unit, in the order resolution visits them."""
    return _catalogue().units


@lru_cache(maxsize=4096)
def resolve_unit(text: str, quality_kind: str | None) -> Unit:
    """The unit SIF picks for `text`: symbol with a matching quantity kind, else label; see the module doc."""
    catalogue = _catalogue()
    if quality_kind is not None:
        for unit in catalogue.by_symbol.get(text, ()):
            if unit.has_quantity_kind(quality_kind):
                return unit
    found = catalogue.by_label.get(_fold(text))
    if found is None:
        kind = _NO_KIND if quality_kind is None else quality_kind
        raise EvaluationError(f"Unit '{text}' ('{kind}' quantity kind) not recognized.")
    return found


def convert_between(value: Decimal, from_unit: Unit, to_unit: Unit) -> Decimal:
    """qudtlib's `Unit.convert(value, toUnit)` with Java's BigDecimal arithmetic."""
    if from_unit.id == to_unit.id or _UNITLESS in (from_unit.id, to_unit.id):
        return value
    if from_unit.dimension is None or from_unit.dimension != to_unit.dimension:
        raise EvaluationError(
            f"Cannot convert from {from_unit.iri} to {to_unit.iri}: dimension vectors differ"
        )
    base = DECIMAL128.multiply(EXACT.add(value, from_unit.offset), from_unit.multiplier)
    if not to_unit.multiplier:
        # BigDecimal.divide by zero throws ArithmeticException, which SIF reports as an evaluation error.
        raise EvaluationError("Division undefined" if not base else "Division by zero")
    scaled = DECIMAL128.divide(base, to_unit.multiplier)
    return EXACT.subtract(scaled, to_unit.offset)


def convert(value: Decimal, from_unit: str, to_unit: str, quality_kind: str | None = None) -> Decimal:
    """CONVERT(value, from_unit, to_unit, qualityKind=quality_kind): `from` is resolved before `to`.

    Only the resolution is cached: a cached result would mix up equal values of different scales.
    """
    source = resolve_unit(from_unit, quality_kind)
    target = resolve_unit(to_unit, quality_kind)
    return convert_between(value, source, target)
