"""Landing an input file: from an upload to per-month parquet parts that a tenant x month run reads.

What belongs here: `land_file` (create or take the execution, keep the raw and archived copies, stream the
CSV in chunks, place every row in the month of its time, write the parts, commit them) and `LandingArea`
(what runs read: the parts of a tenant, pipeline and month, in execution order, and a fingerprint of them
to use as a data version). What does not: evaluating the rest of the transformer (the activities step),
the execution record (`store.py`).

How a file lands:

- The CSV is read as text, `chunk_rows` rows at a time (pyarrow's streaming reader, every column a
  string), so memory stays bounded whatever the file's size.
- Only transform 0, the time formula, is evaluated here, with the calculator, over the chunk's typed
  parameters (`calculator.transformer.typed_parameters`, the transformer's own marshalling). Its result,
  epoch milliseconds, gives the row's month in UTC (`YYYY-MM`). The time formula must be self-contained:
  `IMPACT`, `LOOKUP`, `#calc`, `CONVERT`... need a resolver, which landing only has if the caller passes an
  `EvaluationContext`. Pipelines whose transform 0 is not typed `timestamp` (SIF requires it of
  `activities` pipelines only) land every row in the month the execution was created.
- A row whose parameters do not marshal or whose time fails is rejected: it is not landed, and its error
  (SIF's own line) is recorded on the execution. A rejected row would fail the same way in the full run.
- Each chunk writes one part per month it touches, `landing/<tenant>/<pipeline>/<month>/<execution>-<chunk>.
  parquet`: the file's columns as text plus `__row_number` (1-based data row of the file). Parts become
  visible only when the landing commits them with one manifest per month, `<month>/<execution>.json`, after
  the whole file was read; a file that fails half-way has its parts deleted, and parts of a landing that
  died before committing are never read.
- Landing never deletes or rewrites parts. A corrected file for a month is a new execution whose parts are
  added after the older ones; its rows supersede the older rows of the same activity identity (SIF §9.6)
  when the month is computed, and rows it leaves out stay as they were (remove them with an
  `action_type="delete"` upload).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from calculator.batch import evaluate_batch
from calculator.columns import Column, present, strings
from calculator.evaluator import EvaluationContext
from calculator.transformer import cell_error_message, row_error_message, typed_parameters
from calculator.values import Kind
from sif_resources.executions import layout
from sif_resources.executions.model import CALCULATION_ERRORS_MESSAGE, ErrorRow, Execution
from sif_resources.executions.store import ExecutionStore
from sif_resources.objects import ObjectStore, UploadTooLargeError
from sif_resources.pipelines.definition import PipelineDefinition
from sif_resources.settings import Settings

DEFAULT_CHUNK_ROWS = 250_000
#: the column landing adds: the row's 1-based position among the file's data rows
ROW_NUMBER = "__row_number"
#: bytes pyarrow parses at a time; chunks are assembled from these blocks
_BLOCK_BYTES = 4 * 1024 * 1024
#: the instants datetime64[ms] and PostgreSQL both hold comfortably: years 1 to 9999
_MIN_MILLIS = -62_135_596_800_000
_MAX_MILLIS = 253_402_300_799_999
#: scaled-integer times whose power of ten still fits int64 take the vectorised path
_MAX_FIXED_SCALE = 18


class LandingError(Exception):
    """The file could not be landed; `execution` is the execution, now `failed` with this message."""

    def __init__(self, message: str, execution: Execution) -> None:
        super().__init__(message)
        self.message = message
        self.execution = execution


class _Refused(Exception):
    """A problem with the file itself: becomes the execution's status message."""


class _Malformed(Exception):
    """pyarrow could not parse the CSV (it does not say where: `_Landing._locate` finds the line)."""

    def __init__(self, error: pa.ArrowInvalid) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class LandedPart:
    """One committed parquet part: the rows one chunk of one execution's file placed in one month."""

    tenant: str
    pipeline_key: str
    month: str
    execution_id: str
    chunk: int
    key: str
    rows: int
    landed_at: datetime
    action_type: str = "create"


@dataclass(frozen=True)
class LandingResult:
    """What a landing did: the execution after it, and rows landed per month."""

    execution: Execution
    months: Mapping[str, int]
    rows_landed: int
    rows_rejected: int
    chunks: int
    parts: tuple[LandedPart, ...] = field(default=())


def land_file(
    pipeline: PipelineDefinition,
    *,
    tenant: str,
    group: str,
    source: Path | BinaryIO,
    object_store: ObjectStore,
    executions: ExecutionStore,
    action_type: str = "create",
    max_bytes: int | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    created_by: str = "sif",
    file_name: str | None = None,
    execution: Execution | None = None,
    context: EvaluationContext | None = None,
    delimiter: str = ",",
    tags: Mapping[str, str] | None = None,
    trigger_metric_aggregations: bool = False,
) -> LandingResult:
    """Land `source` (a CSV file, or a binary stream of one) for `tenant` into `pipeline`'s landing area.

    Creates the execution (`waiting`) unless `execution` — created earlier and still `waiting` — is given;
    keeps the upload as `input/raw` and `input/archived`; lands its rows by month; returns with the execution
    `in_progress` (rows await their runs). When no row landed the execution is already final: `failed` if
    rows were rejected, else `success`. A file larger than `max_bytes` (default `SIF_MAX_UPLOAD_BYTES`), a
    header without a parameter's column, or a malformed line fails the execution and raises LandingError
    with nothing landed."""
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    if pipeline.tenant is not None and pipeline.tenant != tenant:
        raise ValueError(f"pipeline {pipeline.key!r} belongs to tenant {pipeline.tenant!r}, not {tenant!r}")
    limit = max_bytes if max_bytes is not None else Settings.from_environment().max_upload_bytes
    name = file_name or _source_name(source)
    if execution is None:
        execution = executions.create(
            tenant=tenant,
            pipeline_key=pipeline.key,
            pipeline_version=pipeline.version,
            pipeline_type=pipeline.type,
            group_context_id=group,
            action_type=action_type,
            created_by=created_by,
            tags=tags,
            trigger_metric_aggregations=trigger_metric_aggregations,
            input_file_name=name,
        )
    else:
        execution = _accept_upload(execution, pipeline, tenant, name, executions, created_by)
    landing = _Landing(pipeline, execution, name, object_store, executions, context, delimiter, created_by)
    try:
        landing.store_upload(source, limit)
        landing.land(chunk_rows)
    except _Refused as problem:
        raise LandingError(str(problem), landing.fail(str(problem))) from None
    except Exception as error:
        landing.fail(f"landing failed: {error}")
        raise
    return landing.finish()


def _accept_upload(
    execution: Execution,
    pipeline: PipelineDefinition,
    tenant: str,
    name: str,
    executions: ExecutionStore,
    created_by: str,
) -> Execution:
    if (execution.tenant, execution.pipeline_key) != (tenant, pipeline.key):
        raise ValueError(
            f"execution {execution.id} belongs to pipeline {execution.pipeline_key!r} of tenant "
            f"{execution.tenant!r}, not {pipeline.key!r} of {tenant!r}"
        )
    stored = executions.get(tenant, pipeline.key, execution.id)
    if stored.status != "waiting":
        # SIF §9.3: a second upload starts nothing; the execution says why
        message = f"input file '{name}' was not processed: the execution is {stored.status}, not waiting"
        raise LandingError(message, executions.update(stored, status_message=message, updated_by=created_by))
    return executions.update(stored, input_file_name=name, updated_by=created_by)


def _source_name(source: Path | BinaryIO) -> str:
    if isinstance(source, Path):
        return source.name
    name = getattr(source, "name", None)
    return os.path.basename(name) if isinstance(name, str) and name else "upload.csv"


class _Landing:
    """One file's landing: the state `land_file` needs to finish it or to undo it."""

    def __init__(
        self,
        pipeline: PipelineDefinition,
        execution: Execution,
        name: str,
        objects: ObjectStore,
        executions: ExecutionStore,
        context: EvaluationContext | None,
        delimiter: str,
        user: str,
    ) -> None:
        self.pipeline = pipeline
        self.execution = execution
        self.name = name
        self.objects = objects
        self.executions = executions
        self.context = context
        self.delimiter = delimiter
        self.user = user
        self.archived = execution.input_archived_key or layout.input_archived_key(self._prefix())
        self.written: list[str] = []
        self.parts: dict[str, list[tuple[int, str, int]]] = {}  # month -> (chunk, key, rows)
        self.rows_read = 0
        self.rejected = 0
        self.chunks = 0

    def _prefix(self) -> str:
        e = self.execution
        return layout.execution_prefix(e.tenant, e.pipeline_key, e.id)

    # --- the upload ----------------------------------------------------------------------------------

    def store_upload(self, source: Path | BinaryIO, limit: int) -> None:
        raw = self.execution.input_raw_key or layout.input_raw_key(self._prefix())
        too_large = f"Input file '{self.name}' is larger than the upload limit of {limit} bytes"
        if isinstance(source, Path):
            if source.stat().st_size > limit:
                raise _Refused(too_large)
            self.objects.put_file(raw, source)
        else:
            try:
                self.objects.put_stream(raw, source, max_bytes=limit)
            except UploadTooLargeError:
                raise _Refused(too_large) from None
        self.objects.copy(raw, self.archived)  # the immutable copy everything below reads (§9.4 step 2)

    # --- rows ----------------------------------------------------------------------------------------

    def land(self, chunk_rows: int) -> None:
        header = self._header()
        self._check_header(header)
        transforms = self.pipeline.transformer.transforms
        by_time = bool(transforms) and transforms[0].output.type == "timestamp"
        fixed_month = None if by_time else _month_of(self.execution)
        with self.objects.open(self.archived) as stream:
            try:
                reader = pa_csv.open_csv(
                    stream,
                    read_options=pa_csv.ReadOptions(block_size=_BLOCK_BYTES),
                    parse_options=pa_csv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True),
                    convert_options=pa_csv.ConvertOptions(
                        column_types={name: pa.string() for name in header}, strings_can_be_null=False
                    ),
                )
            except pa.ArrowInvalid as error:  # the first block is parsed on opening
                raise _Refused(self._locate(len(header), error)) from None
            if reader.schema.names != header:
                raise _Refused(
                    f"Input file '{self.name}' has a header pyarrow reads differently: "
                    f"{reader.schema.names} instead of {header}"
                )
            try:
                for table in _chunks(reader, chunk_rows):
                    self._land_chunk(table, fixed_month)
            except _Malformed as malformed:
                raise _Refused(self._locate(len(header), malformed.error)) from None

    def _header(self) -> list[str]:
        with self.objects.open(self.archived) as stream:
            reader = csv.reader(_decoded_lines(stream, self.name), delimiter=self.delimiter)
            try:
                for record in reader:
                    if record:  # pyarrow skips empty lines, the header's too
                        return record
            except csv.Error as error:
                raise _Refused(f"Input file '{self.name}' line {reader.line_num}: {error}") from None
        raise _Refused(f"Input file '{self.name}' is empty: it has no header line")

    def _check_header(self, header: list[str]) -> None:
        seen: set[str] = set()
        for column in header:
            if column in seen:
                raise _Refused(f"Input file '{self.name}' has the column '{column}' twice in its header")
            seen.add(column)
        if ROW_NUMBER in seen:
            raise _Refused(f"Input file '{self.name}' has a column named '{ROW_NUMBER}', which landing adds")
        missing = []
        for parameter in self.pipeline.transformer.parameters:
            if parameter.key not in seen and (parameter.label is None or parameter.label not in seen):
                column = parameter.label or parameter.key
                extra = f" (parameter '{parameter.key}')" if column != parameter.key else ""
                missing.append(f"'{column}'{extra}")
        if missing:
            columns = ", ".join(missing)
            noun = "column" if len(missing) == 1 else "columns"
            raise _Refused(
                f"Input file '{self.name}' has no {noun} {columns}; its header is: {', '.join(header)}"
            )

    def _land_chunk(self, table: pa.Table, fixed_month: str | None) -> None:
        chunk = self.chunks
        self.chunks += 1
        count = table.num_rows
        first = self.rows_read + 1
        self.rows_read += count
        numbers = np.arange(first, first + count, dtype=np.int64)
        if fixed_month is not None:
            months = np.full(count, fixed_month, dtype=object)
            errors: list[ErrorRow] = []
        else:
            months, errors = self._months(table, numbers)
        if errors:
            self.rejected += len(errors)
            self.executions.record_errors(
                self.execution, errors, part=f"{layout.LANDING_ERRORS_PART}-{chunk:05d}", combine=False
            )
        table = table.append_column(ROW_NUMBER, pa.array(numbers))
        codes, uniques = pd.factorize(pd.Series(months, dtype=object))  # rejected rows (None) get -1
        for code in np.argsort(np.asarray(uniques, dtype=object)).tolist():
            rows = table.filter(pa.array(codes == code))
            self._write_part(str(uniques[code]), chunk, rows)

    def _months(self, table: pa.Table, numbers: np.ndarray) -> tuple[np.ndarray, list[ErrorRow]]:
        """Each row's `YYYY-MM` (None when rejected) and the rejected rows' errors, in row order."""
        count = table.num_rows
        columns = {name: table.column(name) for name in table.column_names}
        parameters, reasons = typed_parameters(self.pipeline.transformer.parameters, columns, count)
        months = np.full(count, None, dtype=object)
        problems: dict[int, ErrorRow] = {}
        for row, reason in reasons.items():
            values = {name: columns[name][row].as_py() for name in table.column_names}
            problems[row] = ErrorRow(int(numbers[row]), None, row_error_message(values, reason))
        live = np.ones(count, dtype=bool)
        live[list(reasons)] = False
        live_rows = np.flatnonzero(live)
        if len(live_rows) < count:
            parameters = {key: column.take(live_rows) for key, column in parameters.items()}
        transform = self.pipeline.transformer.transforms[0]
        key = transform.output.key
        batch = evaluate_batch(transform.formula, parameters, rows=len(live_rows), context=self.context)
        for position in np.flatnonzero(batch.failed).tolist():
            row = int(live_rows[position])
            reason = batch.errors[position].reason
            message = cell_error_message(int(numbers[row]), key, transform.formula, reason)
            problems[row] = ErrorRow(int(numbers[row]), key, message)
        good, bad = _months_of_times(batch.column(), ~batch.failed)
        months[live_rows] = good
        for position, reason in bad.items():
            row = int(live_rows[position])
            message = cell_error_message(int(numbers[row]), key, transform.formula, reason)
            problems[row] = ErrorRow(int(numbers[row]), key, message)
        return months, [problems[row] for row in sorted(problems)]

    def _write_part(self, month: str, chunk: int, rows: pa.Table) -> None:
        e = self.execution
        key = layout.landing_part_key(e.tenant, e.pipeline_key, month, e.id, chunk)
        sink = pa.BufferOutputStream()
        pq.write_table(rows, sink, compression="zstd")
        self.written.append(key)  # before the write: a write that fails half-way is cleaned up too
        self.objects.put_bytes(key, sink.getvalue().to_pybytes())
        self.parts.setdefault(month, []).append((chunk, key, rows.num_rows))

    def _locate(self, width: int, error: pa.ArrowInvalid) -> str:
        """The line pyarrow stopped at, found again with Python's csv module (pyarrow does not say)."""
        with self.objects.open(self.archived) as stream:
            reader = csv.reader(_decoded_lines(stream, self.name), delimiter=self.delimiter)
            header_seen = False
            try:
                for record in reader:
                    if not record:
                        continue
                    if header_seen and len(record) != width:
                        return (
                            f"Input file '{self.name}' line {reader.line_num}: expected {width} values as in "
                            f"the header, found {len(record)}"
                        )
                    header_seen = True
            except csv.Error as problem:
                return f"Input file '{self.name}' line {reader.line_num}: {problem}"
            except _Refused as problem:
                return str(problem)
        after = f"after data row {self.rows_read}"
        return f"Input file '{self.name}' is not a well-formed CSV file ({after}): {error}"

    # --- the end -------------------------------------------------------------------------------------

    def finish(self) -> LandingResult:
        """Commit the parts (one manifest per month) and move the execution on."""
        try:
            return self._commit()
        except Exception as error:
            self.fail(f"landing failed: {error}")
            raise

    def _commit(self) -> LandingResult:
        landed_at = datetime.now(UTC)
        e = self.execution
        committed: list[LandedPart] = []
        for month, parts in sorted(self.parts.items()):
            manifest = {
                "execution_id": e.id,
                "action_type": e.action_type,
                "landed_at": landed_at.isoformat(),
                "parts": [{"chunk": chunk, "key": key, "rows": rows} for chunk, key, rows in parts],
            }
            key = layout.landing_manifest_key(e.tenant, e.pipeline_key, month, e.id)
            self.written.append(key)
            self.objects.put_bytes(key, json.dumps(manifest, indent=1).encode())
            committed.extend(
                LandedPart(e.tenant, e.pipeline_key, month, e.id, chunk, k, rows, landed_at, e.action_type)
                for chunk, k, rows in parts
            )
        self.executions.combine_errors(e)
        months = {month: sum(rows for _, _, rows in parts) for month, parts in sorted(self.parts.items())}
        landed = sum(months.values())
        execution = self.executions.update(
            e,
            status="in_progress",
            input_rows=self.rows_read,
            months=tuple(months),
            rows_landed=landed,
            rows_rejected=self.rejected,
            error_count=e.error_count + self.rejected,
            updated_by=self.user,
        )
        if not landed:  # no run will ever finish this execution: it is final now
            final = "failed" if self.rejected else "success"
            message = CALCULATION_ERRORS_MESSAGE if self.rejected else None
            execution = self.executions.update(execution, status=final, status_message=message)
        return LandingResult(execution, months, landed, self.rejected, self.chunks, tuple(committed))

    def fail(self, message: str) -> Execution:
        """Undo: delete what was written, keep only the file-level error, mark the execution failed."""
        for key in reversed(self.written):  # manifests were written last: un-commit first
            self.objects.delete(key)
        self.written.clear()
        self.executions.clear_errors(self.execution)
        self.executions.record_errors(self.execution, [ErrorRow(None, None, message)])
        stored = self.executions.get(self.execution.tenant, self.execution.pipeline_key, self.execution.id)
        if stored.finished:
            return stored
        return self.executions.update(
            stored,
            status="failed",
            status_message=message,
            input_rows=self.rows_read,
            error_count=1,
            updated_by=self.user,
        )


def _chunks(reader: pa_csv.CSVStreamingReader, chunk_rows: int) -> Iterator[pa.Table]:
    """The reader's batches regrouped into tables of exactly `chunk_rows` rows (the last may be shorter);
    at most one chunk and one block are held at a time."""
    pending: list[pa.RecordBatch] = []
    count = 0
    for batch in _batches(reader):
        if not batch.num_rows:
            continue
        pending.append(batch)
        count += batch.num_rows
        while count >= chunk_rows:
            table = pa.Table.from_batches(pending, reader.schema)
            yield table.slice(0, chunk_rows).combine_chunks()
            rest = table.slice(chunk_rows)
            pending, count = rest.to_batches(), rest.num_rows
    if count:
        yield pa.Table.from_batches(pending, reader.schema).combine_chunks()


def _batches(reader: pa_csv.CSVStreamingReader) -> Iterator[pa.RecordBatch]:
    """The reader's batches; a parse or conversion error becomes `_Malformed` (and only those: an Arrow
    error while writing parts is not the file's fault)."""
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as error:
            raise _Malformed(error) from None
        yield batch


def _decoded_lines(stream: IO[bytes], name: str) -> Iterator[str]:
    """The stream's lines as text; a line that is not UTF-8 stops with a message naming it."""
    for number, line in enumerate(stream, start=1):
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise _Refused(
                f"Input file '{name}' line {number} is not UTF-8 text "
                f"(byte 0x{line[error.start]:02x} at position {error.start + 1})"
            ) from None


def _month_of(execution: Execution) -> str:
    return execution.created_at.astimezone(UTC).strftime("%Y-%m")


def _months_of_times(column: Column, evaluated: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """`YYYY-MM` (UTC) of each evaluated time (epoch milliseconds), and why the others that were evaluated
    are not a time (position -> reason)."""
    months = np.full(len(column), None, dtype=object)
    problems: dict[int, str] = {}
    numbers = evaluated & (column.kinds == Kind.NUMBER)
    for position in np.flatnonzero(evaluated & ~numbers).tolist():
        kind = Kind(int(column.kinds[position]))
        if kind in (Kind.NULL, Kind.NOVALUE):
            problems[position] = "the time is null: transform 0 must give a timestamp"
        else:
            text = strings(column.take(np.array([position])))[0]
            problems[position] = f"the time '{text}' is not a timestamp (epoch milliseconds)"
    rows = np.flatnonzero(numbers)
    if not len(rows):
        return months, problems
    taken = column.take(rows)
    fixed = taken.fixed
    if fixed is not None and fixed.scale <= _MAX_FIXED_SCALE:  # AS_TIMESTAMP's scaled integers: no Decimals
        floored = fixed.mantissa // (10**fixed.scale)  # numpy floors, as `_millis` rounds
        in_range = (floored >= _MIN_MILLIS) & (floored <= _MAX_MILLIS)
        outside = np.flatnonzero(~in_range)
        for index, value in zip(outside.tolist(), taken.take(outside).values, strict=True):
            problems[int(rows[index])] = f"the time {value} is outside the years 1 to 9999"
        month_numbers = np.asarray(floored[in_range], dtype="datetime64[ms]").astype("datetime64[M]")
        codes, uniques = pd.factorize(month_numbers.view(np.int64))  # each distinct month formatted once
        texts = uniques.astype("datetime64[M]").astype(str).astype(object)
        months[rows[in_range]] = texts[codes]
        return months, problems
    values = taken.values
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    millis = np.array([_millis(value) for value in uniques], dtype=object)[codes]
    in_range = present(millis)
    for index in np.flatnonzero(~in_range).tolist():
        problems[int(rows[index])] = f"the time {values[index]} is outside the years 1 to 9999"
    instants = np.asarray(millis[in_range].astype(np.int64), dtype="datetime64[ms]")
    months[rows[in_range]] = instants.astype("datetime64[M]").astype(str).astype(object)
    return months, problems


def _millis(value: Any) -> int | None:
    """Whole epoch milliseconds (rounded down) within years 1-9999, else None."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return None
    whole = int(value.to_integral_value(rounding=ROUND_FLOOR))
    return whole if _MIN_MILLIS <= whole <= _MAX_MILLIS else None


class LandingArea:
    """The landed rows of every tenant and pipeline, as runs read them."""

    def __init__(self, objects: ObjectStore) -> None:
        self.objects = objects

    def months(self, tenant: str, pipeline_key: str) -> list[str]:
        """Months with committed parts, sorted."""
        prefix = layout.pipeline_landing_prefix(tenant, pipeline_key)
        found = {k[len(prefix) :].split("/", 1)[0] for k in self.objects.list(prefix) if k.endswith(".json")}
        return sorted(found)

    def parts(self, tenant: str, pipeline_key: str, month: str) -> list[LandedPart]:
        """The month's committed parts in execution creation order (ULIDs sort by time), then chunk order:
        later parts supersede earlier rows of the same activity."""
        parts: list[LandedPart] = []
        for key in self._manifests(tenant, pipeline_key, month):
            manifest = json.loads(self.objects.get_bytes(key))
            landed_at = datetime.fromisoformat(manifest["landed_at"])
            parts.extend(
                LandedPart(
                    tenant,
                    pipeline_key,
                    month,
                    manifest["execution_id"],
                    int(p["chunk"]),
                    p["key"],
                    int(p["rows"]),
                    landed_at,
                    manifest.get("action_type", "create"),
                )
                for p in manifest["parts"]
            )
        return sorted(parts, key=lambda p: (p.execution_id, p.chunk))

    def read_part(self, part: LandedPart) -> pd.DataFrame:
        """The part's rows: the input file's columns as text, and `__row_number`."""
        # parquet's footer is at the end: read the whole (chunk-sized) object rather than seek on S3
        table = pq.read_table(pa.BufferReader(self.objects.get_bytes(part.key)))
        return table.to_pandas()

    def iter_parts(
        self, tenant: str, pipeline_key: str, month: str
    ) -> Iterator[tuple[LandedPart, pd.DataFrame]]:
        """Each part with its rows, one part in memory at a time."""
        for part in self.parts(tenant, pipeline_key, month):
            yield part, self.read_part(part)

    def fingerprint(self, tenant: str, pipeline_key: str, month: str) -> str:
        """A short hash of the month's committed parts: changes exactly when a landing adds parts to it."""
        digest = hashlib.sha256()
        for key in self._manifests(tenant, pipeline_key, month):
            digest.update(key.encode() + b"\0" + self.objects.get_bytes(key) + b"\0")
        return digest.hexdigest()[:16]

    def replace(
        self,
        pipeline: PipelineDefinition,
        *,
        tenant: str,
        group: str,
        source: Path | BinaryIO,
        executions: ExecutionStore,
        **options: Any,
    ) -> LandingResult:
        """Land a corrected file for months that already hold rows. Nothing is deleted: the file is a new
        execution whose parts come after the older ones, and its rows supersede older rows of the same
        activity identity when the month is computed (SIF restatement, §9.6). Rows it leaves out keep their
        values; to remove them, land them with `action_type="delete"`."""
        return land_file(
            pipeline,
            tenant=tenant,
            group=group,
            source=source,
            object_store=self.objects,
            executions=executions,
            **options,
        )

    def _manifests(self, tenant: str, pipeline_key: str, month: str) -> list[str]:
        prefix = layout.month_landing_prefix(tenant, pipeline_key, month)
        return [k for k in self.objects.list(prefix) if k.endswith(".json") and "/" not in k[len(prefix) :]]
