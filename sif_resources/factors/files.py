"""Reading the shipped factor files: CSV with `# key: value` header lines and exact decimals.

What belongs here: the file format. Every file opens with `# source:` and `# licence:` lines (repeatable),
optionally `# unit:` and `# note:` lines, then a CSV header and rows. No cell may be empty; `n/p` marks a
value the source does not publish. What the columns mean is `tables`' business; which files are shipped
is `library`'s.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "factors"
NOT_PUBLISHED = "n/p"
REQUIRED_HEADER_KEYS = ("source", "licence")


class FactorFileError(ValueError):
    """A shipped factor file breaks the format; the message names the file and line."""


@dataclass(frozen=True)
class FactorFile:
    """A parsed factor file: header lines by key (in file order) and rows as column -> text."""

    path: Path
    header: Mapping[str, tuple[str, ...]] = field(hash=False)
    rows: tuple[Mapping[str, str], ...] = field(hash=False)

    def header_text(self, key: str) -> str:
        """All `# key:` lines joined by a space (a source may take several lines)."""
        return " ".join(self.header.get(key, ()))

    def decimal(self, row: Mapping[str, str], column: str) -> Decimal | None:
        """The cell as an exact Decimal, None for `n/p`."""
        text = row[column]
        if text == NOT_PUBLISHED:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FactorFileError(f"{self.path.name}: {column}={text!r} is not a number") from None
        if not value.is_finite():
            raise FactorFileError(f"{self.path.name}: {column}={text!r} is not a finite number")
        return value

    def required_decimal(self, row: Mapping[str, str], column: str) -> Decimal:
        """The cell as an exact Decimal; `n/p` is an error for columns every row must publish."""
        value = self.decimal(row, column)
        if value is None:
            raise FactorFileError(f"{self.path.name}: {column} must be published for {row.get('key')!r}")
        return value


def read_factor_file(name: str, directory: Path = DATA_DIR) -> FactorFile:
    """Parse one shipped file; raises FactorFileError on a missing source/licence line or an empty cell."""
    path = directory / name
    header: dict[str, list[str]] = {}
    body: list[str] = []
    header_lines = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if body or not line.startswith("#"):
            body.append(line)
            continue
        key, colon, text = line.lstrip("#").partition(":")
        if not colon or not text.strip():
            raise FactorFileError(f"{name}:{number}: header lines read '# key: text'")
        header.setdefault(key.strip().lower(), []).append(text.strip())
        header_lines = number
    for key in REQUIRED_HEADER_KEYS:
        if key not in header:
            raise FactorFileError(f"{name}: no '# {key}:' line")
    reader = csv.DictReader(io.StringIO("\n".join(body)), strict=True)
    columns = reader.fieldnames or []
    if not columns or len(set(columns)) != len(columns):
        raise FactorFileError(f"{name}: missing or repeated column names {columns}")
    rows = []
    for row in reader:
        if None in row or any(row[c] is None or not row[c].strip() for c in columns):
            at = header_lines + reader.line_num
            raise FactorFileError(f"{name}:{at}: every cell needs a value (or {NOT_PUBLISHED!r})")
        rows.append(row)
    return FactorFile(path, {k: tuple(v) for k, v in header.items()}, tuple(rows))
