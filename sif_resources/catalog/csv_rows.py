"""Reading reference-dataset CSV content in chunks, each bad line named.

What belongs here: turning a text stream into the header and chunks of rows a store loads, rejecting what
a LOOKUP could not read reliably — an empty file, a row with a different number of values than the header,
a malformed quote — with the file and line number in the message. What does not: comparing the header with
`datasetHeaders` (`domain/reference_datasets.py`) or storing rows (the stores).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from sif_resources.domain.catalog_errors import InvalidRequestError

#: Rows per chunk handed to the caller (and per progress report).
CHUNK_ROWS = 10_000


@dataclass(frozen=True)
class RowChunk:
    """A run of data rows; `end_line` is the file line the chunk ends on, for progress and messages."""

    headers: list[str]
    rows: list[list[str | None]]
    end_line: int


def read_csv_chunks(stream: TextIO, where: str, chunk_rows: int = CHUNK_ROWS) -> Iterator[RowChunk]:
    """The header (trimmed) and the data rows in chunks; blank lines are skipped.

    Raises InvalidRequestError `<where>: line <n> ...` for an empty file, a ragged row or a CSV syntax error.
    At least one (possibly empty) chunk is yielded for a file with a header.
    """
    reader = csv.reader(stream, strict=True)
    try:
        first = next(reader, None)
        if first is None or not any(cell.strip() for cell in first):
            raise InvalidRequestError(f"{where}: line 1 is empty: the file has no header row")
        headers = [cell.strip() for cell in first]
        rows: list[list[str | None]] = []
        line = reader.line_num + 1
        for row in reader:
            if row:
                if len(row) != len(headers):
                    raise InvalidRequestError(
                        f"{where}: line {line} has {len(row)} values but the header has {len(headers)}"
                    )
                rows.append(list(row))
                if len(rows) >= chunk_rows:
                    yield RowChunk(headers, rows, reader.line_num)
                    rows = []
            line = reader.line_num + 1
    except csv.Error as error:
        raise InvalidRequestError(f"{where}: line {reader.line_num}: {error}") from error
    yield RowChunk(headers, rows, reader.line_num)
