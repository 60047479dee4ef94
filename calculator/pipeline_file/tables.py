"""CSV files read as text columns, with their `# key: value` notes and the line of every record.

Here: `read_csv` (strict about record widths, so a bad row is reported rather than padded or shifted),
`CsvTable` (which can raise a problem at a data row), and `SourceNote`, the `# source:` and `# licence:`
lines a pipeline shows beside its data.

Not here: what the columns mean — activities and datasets are read into the resolver by `resources`, input
rows are checked against the transformer's parameters by `loader`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd

from calculator.pipeline_file.problems import fail, read_text


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read as text columns, with its leading `# key: value` notes."""

    path: Path
    frame: pd.DataFrame
    notes: dict[str, str]
    header_line: int
    record_lines: tuple[int, ...]

    def fail(self, row: int, where: str, why: str) -> NoReturn:
        """Raise a problem located at data row `row` (0-based)."""
        line = self.record_lines[row] if row < len(self.record_lines) else None
        fail(self.path, f"row {row + 1}{where}", why, line)


@dataclass(frozen=True)
class SourceNote:
    """Where the numbers of a CSV file come from, from its `# source:` and `# licence:` lines."""

    file: Path
    source: str | None
    licence: str | None


def source_note(table: CsvTable) -> SourceNote:
    """The table's source and licence notes (`# license:` is accepted for `# licence:`)."""
    licence = table.notes.get("licence", table.notes.get("license"))
    return SourceNote(table.path, table.notes.get("source"), licence)


_NOTE = re.compile(r"#\s*([A-Za-z][\w -]*?)\s*:\s*(.*?)\s*$")


def read_csv(path: Path) -> CsvTable:
    """Read a CSV as text (`pandas.read_csv(..., dtype="str", keep_default_na=False)`), with clear errors.

    Leading lines starting with `#` are notes, not data (`# source: ...` becomes `notes["source"]`). Every
    record must have as many fields as the header: pandas would pad a short one and shift a long one.
    """
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    comments = 0
    notes: dict[str, str] = {}
    while comments < len(lines) and lines[comments].lstrip().startswith("#"):
        match = _NOTE.fullmatch(lines[comments].strip())
        if match:
            notes[match.group(1).lower()] = match.group(2)
        comments += 1
    record_lines = _record_lines(path, "".join(lines[comments:]), comments)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype="str", keep_default_na=False, skiprows=comments, index_col=False
        )
    except pd.errors.EmptyDataError:
        fail(path, "header", "the file has no header line", comments + 1)
    except pd.errors.ParserError as error:
        fail(path, "file", str(error).removeprefix("Error tokenizing data. C error: "))
    return CsvTable(path, frame, notes, comments + 1, record_lines)


def _record_lines(path: Path, body: str, skipped: int) -> tuple[int, ...]:
    """The line each data record starts on, after checking that every record is as wide as the header."""
    reader = csv.reader(io.StringIO(body), strict=True)
    starts: list[int] = []
    width, end = None, 0
    try:
        for fields in reader:
            start, end = skipped + end + 1, reader.line_num
            if not fields:
                continue
            if width is None:
                width = len(fields)
                continue
            starts.append(start)
            if len(fields) != width:
                why = f"expected {width} fields, saw {len(fields)}"
                fail(path, f"row {len(starts)}", why, start)
    except csv.Error as error:
        where = "header" if width is None else f"row {len(starts) + 1}"
        fail(path, where, f"malformed CSV: {error}", skipped + end + 1)
    return tuple(starts)
