"""Loading a reference dataset's rows from a CSV file: one new dataset version per upload.

What belongs here: the `dataset load` use case — the header checked against `datasetHeaders` (line 1
named), rows read in chunks with a progress callback, then written as a new version (or version 1 of a new
dataset). Rows are stored before the version that points at them, so a failure leaves no version without
rows; a file that fails part-way writes nothing. What does not: CSV parsing (`csv_rows.py`), storage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from sif_resources.catalog.csv_rows import read_csv_chunks
from sif_resources.catalog.service import Catalog, Rows, rows_checksum
from sif_resources.domain.catalog_errors import InvalidRequestError
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate, header_mismatches
from sif_resources.domain.resources import CatalogResource, ResourceType, new_resource

#: Called after each chunk with (bytes read so far, file size in bytes).
Progress = Callable[[int, int], None]


class _CountingLines:
    """The lines of a text file, counting the bytes read (a csv reader disables `tell()`)."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self._stream = stream
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._stream:
            self.bytes_read += len(line.encode("utf-8"))
            yield line


def read_dataset_file(path: Path, progress: Progress | None = None) -> tuple[list[str], Rows]:
    """The header and rows of a CSV file (UTF-8, a byte-order mark ignored); bad lines are named."""
    try:
        total = path.stat().st_size
        with path.open(encoding="utf-8-sig", newline="") as stream:
            lines = _CountingLines(stream)
            headers: list[str] = []
            rows: Rows = []
            for chunk in read_csv_chunks(lines, str(path)):  # type: ignore[arg-type]
                headers = chunk.headers
                rows.extend(chunk.rows)
                if progress is not None:
                    progress(lines.bytes_read, total)
    except UnicodeDecodeError as error:
        raise InvalidRequestError(f"{path}: is not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise InvalidRequestError(f"{path}: {error.strerror or error}") from error
    return headers, rows


def load_dataset(
    catalog: Catalog,
    tenant_id: str,
    group: str,
    name: str,
    path: Path,
    *,
    description: str | None = None,
    progress: Progress | None = None,
    only_if_changed: bool = False,
) -> tuple[CatalogResource[Any], bool]:
    """Store the file as the next version of dataset `name` in `group` (version 1 if it is new).

    Returns the version and whether it was written: with `only_if_changed`, rows equal to the latest
    version's are not stored again.
    """
    group_id = catalog.require_group(tenant_id, group).id
    headers, rows = read_dataset_file(path, progress)
    return store_dataset_rows(
        catalog,
        tenant_id,
        group_id,
        {"name": name, "description": description},
        headers,
        rows,
        where=str(path),
        only_if_changed=only_if_changed,
    )


def store_dataset_rows(
    catalog: Catalog,
    tenant_id: str,
    group_id: str,
    body: dict[str, Any],
    headers: list[str],
    rows: Rows,
    *,
    where: str,
    only_if_changed: bool = False,
) -> tuple[CatalogResource[Any], bool]:
    """A new version of the dataset `body["name"]` holding `rows`; `body` may set description, tags and
    `datasetHeaders` (default: the file's header). Returns (version, whether it was written)."""
    current = catalog.find(tenant_id, ResourceType.REFERENCE_DATASET, group_id, body["name"])
    wanted = body.get("datasetHeaders") or (current.payload.dataset_headers if current else headers)
    problems = header_mismatches(headers, wanted)
    if problems:
        raise InvalidRequestError(f"{where}: {'; '.join(problems)}")
    definition = ReferenceDatasetCreate.parse_body(
        {
            **{key: value for key, value in body.items() if value is not None},
            "datasetHeaders": list(wanted),
            "data": _header_line(headers),
        }
    )
    now = catalog.clock()
    fresh = new_resource(definition, group_id=group_id, created_by=catalog.actor, created_at=now)
    if current is None:
        return catalog.save(tenant_id, fresh, None, (headers, rows)), True
    unchanged = (
        current.payload.checksum == rows_checksum(headers, rows)
        and current.definition_document() == fresh.definition_document()
        and current.active_at == fresh.active_at
    )
    if only_if_changed and unchanged:
        return current, False
    successor = replace(
        current,
        name=fresh.name,
        version=current.version + 1,
        tags=fresh.tags,
        active_at=fresh.active_at,
        updated_by=catalog.actor,
        updated_at=now,
        payload=replace(fresh.payload, upload_url=current.payload.upload_url),
    )
    return catalog.save(tenant_id, successor, current.version, (headers, rows)), True


def _header_line(headers: list[str]) -> str:
    text = io.StringIO()
    csv.writer(text).writerow(headers)
    return text.getvalue()
