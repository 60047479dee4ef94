"""Reference datasets (§5): CSV tables `LOOKUP()` reads, and the check of their header row.

What belongs here: the create/update bodies, the frozen payload (headers, source, processing status) and the
validation of a CSV file's header (line 1) against `datasetHeaders`, with errors naming the line. What does
not: storing files, upload URLs and indexing (stores and assets), lookups themselves (the calculator's
resolver).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from sif_resources.domain.catalog_errors import FieldError, InvalidRequestError
from sif_resources.domain.resources import CatalogCreateBody, CatalogUpdateBody, ResourceType, State

HEADER_MISMATCH = "datasetHeaders property does not match csv file header"

DatasetSource = Literal["httpBody", "s3"]


class DatasetStatus(StrEnum):
    """Processing status of a dataset version's file."""

    PENDING_UPLOAD = "pendingUpload"
    IN_PROGRESS = "inProgress"
    SUCCESS = "success"
    FAILED = "failed"


@dataclass(frozen=True)
class ReferenceDataset:
    """The type-specific part of a reference dataset version (the CSV itself is stored as a file)."""

    description: str | None
    dataset_headers: tuple[str, ...]
    dataset_source: DatasetSource | None
    status: DatasetStatus
    status_message: str | None = None
    upload_url: str | None = None
    #: SHA-256 of the rows stored for this version, so an unchanged re-upload can be recognised (ours).
    checksum: str | None = None

    def definition(self) -> dict[str, Any]:
        document: dict[str, Any] = {}
        if self.description is not None:
            document["description"] = self.description
        document["datasetHeaders"] = list(self.dataset_headers)
        if self.dataset_source is not None:
            document["datasetSource"] = self.dataset_source
        return document

    def to_document(self) -> dict[str, Any]:
        document = self.definition()
        document["status"] = self.status.value
        if self.status_message is not None:
            document["statusMessage"] = self.status_message
        if self.upload_url is not None:
            document["uploadUrl"] = self.upload_url
        if self.checksum is not None:
            document["checksum"] = self.checksum
        return document


def _headers_are_distinct(headers: list[str] | None) -> list[str] | None:
    if headers is None:
        return None
    trimmed = [header.strip() for header in headers]
    if any(not header for header in trimmed):
        raise PydanticCustomError("header", "must not contain empty headers")
    if len(set(trimmed)) != len(trimmed):
        raise PydanticCustomError("header", "must NOT have duplicate items")
    return trimmed


class ReferenceDatasetCreate(CatalogCreateBody):
    """`POST /referenceDatasets` body (JSON, or the parts of a multipart form)."""

    resource_type: ClassVar[ResourceType] = ResourceType.REFERENCE_DATASET
    initial_state: ClassVar[State] = State.FROZEN
    request_only_fields: ClassVar[frozenset[str]] = frozenset({"data"})

    description: str | None = None
    dataset_headers: list[str] = Field(min_length=1)
    dataset_source: DatasetSource | None = None
    data: str | None = None

    _distinct_headers = field_validator("dataset_headers")(_headers_are_distinct)

    def validate_creation(self) -> None:
        if self.dataset_source == "s3":
            return
        if self.data is None:
            raise InvalidRequestError.from_field_errors(
                [FieldError((), "must have required property 'data' unless datasetSource is 's3'")]
            )
        check_csv_header(self.data, self.dataset_headers)

    def to_payload(self, previous: Any = None) -> ReferenceDataset:
        if isinstance(previous, ReferenceDataset):
            return ReferenceDataset(
                description=self.description,
                dataset_headers=tuple(self.dataset_headers),
                dataset_source=self.dataset_source,
                status=previous.status,
                status_message=previous.status_message,
                upload_url=previous.upload_url,
                checksum=previous.checksum,
            )
        pending = self.dataset_source == "s3"
        return ReferenceDataset(
            description=self.description,
            dataset_headers=tuple(self.dataset_headers),
            dataset_source=self.dataset_source,
            status=DatasetStatus.PENDING_UPLOAD if pending else DatasetStatus.IN_PROGRESS,
        )


class ReferenceDatasetUpdate(CatalogUpdateBody):
    """`PATCH /referenceDatasets/:id` body; the caller checks a new `data` file (`check_csv_header`)."""

    request_only_fields: ClassVar[frozenset[str]] = frozenset({"data"})

    description: str | None = None
    dataset_headers: list[str] | None = Field(default=None, min_length=1)
    dataset_source: DatasetSource | None = None
    data: str | None = None

    _distinct_headers = field_validator("dataset_headers")(_headers_are_distinct)


def read_csv_header(data: str) -> tuple[str, ...]:
    """The trimmed cells of the header row (line 1; a leading byte-order mark is ignored)."""
    first = next(csv.reader(io.StringIO(data.removeprefix("\ufeff"))), [])
    return tuple(cell.strip() for cell in first)


def header_mismatches(header: Sequence[str], dataset_headers: Sequence[str]) -> list[str]:
    """Why a file header differs from `datasetHeaders` (same count, same names in any order); empty if not."""
    problems: list[str] = []
    if len(header) != len(dataset_headers):
        problems.append(f"line 1 has {len(header)} columns but datasetHeaders has {len(dataset_headers)}")
    expected = {name.strip() for name in dataset_headers}
    problems.extend(
        f"line 1 column {index} '{name}' is not in datasetHeaders"
        for index, name in enumerate(header, start=1)
        if name not in expected
    )
    return problems


def check_csv_header(data: str, dataset_headers: Sequence[str]) -> None:
    """Raise SIF's 400 when the CSV header row does not match `datasetHeaders`; each problem names line 1."""
    if not data.strip():
        problems = ["line 1 is empty: the file has no header row"]
    else:
        problems = header_mismatches(read_csv_header(data), dataset_headers)
    if problems:
        errors = [FieldError(("data",), problem) for problem in problems]
        raise InvalidRequestError(f"{HEADER_MISMATCH}: {'; '.join(problems)}", errors)


def ragged_rows(data: str) -> list[str]:
    """Data rows whose number of values differs from the header's, as `line <n> has <k> values ...`.

    Line numbers are the file's (a quoted cell spanning lines counts them all); blank lines are skipped.
    Indexing reports these in `statusMessage` rather than rejecting the request, as SIF does not check rows.
    """
    reader = csv.reader(io.StringIO(data.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None:
        return []
    problems: list[str] = []
    start = reader.line_num + 1
    for row in reader:
        if row and len(row) != len(header):
            problems.append(f"line {start} has {len(row)} values but the header has {len(header)}")
        start = reader.line_num + 1
    return problems
