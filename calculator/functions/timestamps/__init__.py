"""AS_TIMESTAMP: text to epoch milliseconds, exactly as SIF's java.time code does it (spec/calculator.md §11).

What belongs here: the public names of the package, re-exported; the work lives in its modules:

* `kernel`: the column kernel `as_timestamp`, which chooses between the two paths below;
* `patterns`: compiling a java.time `DateTimeFormatter` pattern as `DateTimeFormatterBuilder.appendPattern`;
* `parsing`: parsing strictly with adjacent-value parsing (`DateTimeFormatter.parseUnresolved`);
* `resolving`: resolving fields with ResolverStyle.SMART;
* `exact`: one value through parsing, resolving, zone placement and rounding;
* `fast`: the vectorised fast path;
* `zones`, `locales`: `ZoneId.of` and `Locale.forLanguageTag` as far as AS_TIMESTAMP needs them;
* `request`, `dates`, `java_errors`: what a call fixes, calendar arithmetic, Java exceptions.

What does not: argument evaluation, stringification and audit (the evaluator does those), other functions.

Two paths give the same answers:

* the exact path interprets the pattern for each distinct value, in pure Python;
* the fast path handles common numeric patterns for a whole column at once: a regular expression built from
  the compiled pattern extracts the fields in C (pyarrow), numpy checks ranges and composes local times, and
  pandas places them in the zone. A row the fast path cannot settle with certainty (no match, a value out
  of range, a DST gap or overlap, a year outside 1..9999) is left to the exact path.
"""

from calculator.functions.timestamps.java_errors import RowFailure
from calculator.functions.timestamps.kernel import as_timestamp, as_timestamp_millis
from calculator.functions.timestamps.locales import locale_for_tag
from calculator.functions.timestamps.request import ROUND_DOWN_UNITS
from calculator.functions.timestamps.zones import zone_of

__all__ = [
    "ROUND_DOWN_UNITS",
    "RowFailure",
    "as_timestamp",
    "as_timestamp_millis",
    "locale_for_tag",
    "zone_of",
]
