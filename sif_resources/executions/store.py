"""Executions kept in the object store: one JSON record per execution beside its files (SIF §9.15).

What belongs here: `ExecutionStore` — create, get, list (newest first), update under the §9.3 status
machine, error files and the output file of `data` pipelines. What does not: the record's fields and the
status rules (`model.py`), keys (`layout.py`), landing input files (`landing.py`).

Error and output files are written in parts — `errors/<part>.csv|txt`, `output/<part>.csv` — and the files
SIF serves (`errors.csv`, `errors.txt`, `output/result.csv`) are their concatenation in part-name order.
Runs of different months of one execution each write their own part, so they never overwrite each other's
errors; reading through `error_rows`/`error_text` always concatenates the parts, so it never misses one
even while the combined files are being rebuilt. Updates of the record itself are read-modify-write: one
writer per execution at a time (its landing, then its runs' finaliser).
"""

from __future__ import annotations

import builtins
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from sif_resources.executions import layout
from sif_resources.executions.model import (
    ACTION_TYPES,
    ErrorRow,
    Execution,
    check_transition,
    new_execution_id,
)
from sif_resources.objects import ObjectNotFoundError, ObjectStore, key_segment, stream_of

ERROR_CSV_HEADER: tuple[str, ...] = ("execution_id", "row_number", "column", "message")
#: fields an update may not change
_FIXED_FIELDS = frozenset({"id", "tenant", "pipeline_key", "created_at", "created_by"})


class ExecutionNotFoundError(LookupError):
    """No execution with that id for the tenant and pipeline."""


class ExecutionStore:
    """Executions of every tenant and pipeline in one object store."""

    def __init__(self, objects: ObjectStore, *, clock: Callable[[], datetime] | None = None) -> None:
        self.objects = objects
        self._clock = clock or (lambda: datetime.now(UTC))

    # --- records ---------------------------------------------------------------------------------------

    def create(
        self,
        *,
        tenant: str,
        pipeline_key: str,
        pipeline_version: int,
        group_context_id: str,
        pipeline_type: str = "activities",
        action_type: str = "create",
        created_by: str = "sif",
        trigger_metric_aggregations: bool = False,
        tags: Mapping[str, str] | None = None,
        input_file_name: str | None = None,
    ) -> Execution:
        """A new execution, `waiting` for its file, with its file keys laid out."""
        if action_type not in ACTION_TYPES:
            raise ValueError(f"actionType must be one of {', '.join(ACTION_TYPES)}, not {action_type!r}")
        now = self._clock()
        execution_id = new_execution_id(now)
        prefix = layout.execution_prefix(tenant, pipeline_key, execution_id)
        execution = Execution(
            id=execution_id,
            tenant=tenant,
            pipeline_key=pipeline_key,
            pipeline_version=pipeline_version,
            pipeline_type=pipeline_type,
            group_context_id=group_context_id,
            action_type=action_type,
            created_at=now,
            created_by=created_by,
            updated_at=now,
            updated_by=created_by,
            trigger_metric_aggregations=trigger_metric_aggregations,
            tags=dict(tags or {}),
            input_file_name=input_file_name,
            input_raw_key=layout.input_raw_key(prefix),
            input_archived_key=layout.input_archived_key(prefix),
            errors_text_key=layout.errors_text_key(prefix),
            errors_csv_key=layout.errors_csv_key(prefix),
        )
        self._write(execution)
        return execution

    def get(self, tenant: str, pipeline_key: str, execution_id: str) -> Execution:
        key = layout.execution_record_key(tenant, pipeline_key, execution_id.lower())
        try:
            data = self.objects.get_bytes(key)
        except ObjectNotFoundError:
            raise ExecutionNotFoundError(
                f"execution {execution_id!r} of pipeline {pipeline_key!r} (tenant {tenant!r}) does not exist"
            ) from None
        return Execution.from_json(json.loads(data))

    def list(self, tenant: str, pipeline_key: str, *, limit: int | None = None) -> list[Execution]:
        """The pipeline's executions, newest first (ids are ULIDs, so id order is creation order)."""
        prefix = layout.pipeline_executions_prefix(tenant, pipeline_key)
        suffix = "/" + layout.EXECUTION_FILE
        ids = sorted(
            (k[len(prefix) : -len(suffix)] for k in self.objects.list(prefix) if k.endswith(suffix)),
            reverse=True,
        )
        ids = [i for i in ids if "/" not in i]  # only records directly under an execution folder
        if limit is not None:
            ids = ids[:limit]
        return [self.get(tenant, pipeline_key, i) for i in ids]

    def update(self, execution: Execution, *, updated_by: str | None = None, **changes: Any) -> Execution:
        """The stored execution with `changes` applied; a status change must be legal from the *stored*
        status (§9.3), else IllegalTransitionError and nothing is written."""
        unknown = set(changes) - {f.name for f in fields(Execution)}
        if unknown:
            raise TypeError(f"Execution has no field(s) {', '.join(sorted(unknown))}")
        fixed = set(changes) & _FIXED_FIELDS
        if fixed:
            raise ValueError(f"an execution's {', '.join(sorted(fixed))} cannot change")
        stored = self.get(execution.tenant, execution.pipeline_key, execution.id)
        if "status" in changes:
            check_transition(stored.status, changes["status"], stored.pipeline_type)
        for name in ("months", "run_ids"):
            if name in changes:
                changes[name] = tuple(changes[name])
        updated = replace(
            stored, **changes, updated_at=self._clock(), updated_by=updated_by or execution.updated_by
        )
        self._write(updated)
        return updated

    def add_run(self, execution: Execution, run_id: str, *, updated_by: str | None = None) -> Execution:
        """Record a run this execution started (kept once, in order)."""
        stored = self.get(execution.tenant, execution.pipeline_key, execution.id)
        if run_id in stored.run_ids:
            return stored
        return self.update(stored, run_ids=(*stored.run_ids, run_id), updated_by=updated_by)

    def _write(self, execution: Execution) -> None:
        key = layout.execution_record_key(execution.tenant, execution.pipeline_key, execution.id)
        self.objects.put_bytes(key, json.dumps(execution.to_json(), indent=1, sort_keys=True).encode())

    # --- errors ----------------------------------------------------------------------------------------

    def record_errors(
        self,
        execution: Execution,
        rows: Iterable[ErrorRow] | pd.DataFrame,
        *,
        part: str = layout.LANDING_ERRORS_PART,
        combine: bool = True,
    ) -> int:
        """Store `rows` as the error part `part` (replacing an earlier part of that name, so a re-run of one
        month does not repeat its errors) and, with `combine`, rebuild `errors.csv` (execution_id,
        row_number, column, message) and `errors.txt` (one message per line). The number of rows stored.

        Writers that add many parts in a row pass `combine=False` and call `combine_errors` once."""
        key_segment(part, "error part")
        records = _error_rows(rows)
        table = io.StringIO()
        writer = csv.writer(table, lineterminator="\n")
        writer.writerow(ERROR_CSV_HEADER)
        text = io.StringIO()
        for record in records:
            writer.writerow(
                (
                    execution.id,
                    "" if record.row_number is None else record.row_number,
                    record.column or "",
                    record.message,
                )
            )
            text.write(record.message + "\n")
        prefix = layout.error_parts_prefix(self._prefix(execution))
        # the .txt first: parts are found by their .csv, so a found part always has both
        self.objects.put_bytes(f"{prefix}{part}.txt", text.getvalue().encode())
        self.objects.put_bytes(f"{prefix}{part}.csv", table.getvalue().encode())
        if combine:
            self.combine_errors(execution)
        return len(records)

    def error_parts(self, execution: Execution) -> builtins.list[str]:
        """Names of the execution's error parts, in the order their rows are combined."""
        prefix = layout.error_parts_prefix(self._prefix(execution))
        return [k[len(prefix) : -4] for k in self.objects.list(prefix) if k.endswith(".csv")]

    def combine_errors(self, execution: Execution) -> None:
        """Rebuild `errors.csv` and `errors.txt` from the parts (streamed: memory does not grow with them)."""
        prefix = self._prefix(execution)
        parts = [layout.error_parts_prefix(prefix) + p for p in self.error_parts(execution)]
        header = (",".join(ERROR_CSV_HEADER) + "\n").encode()
        tables = _concatenate(self.objects, [f"{p}.csv" for p in parts], drop_headers=True, prepend=header)
        self.objects.put_stream(layout.errors_csv_key(prefix), stream_of(tables))
        texts = _concatenate(self.objects, [f"{p}.txt" for p in parts], drop_headers=False)
        self.objects.put_stream(layout.errors_text_key(prefix), stream_of(texts))

    def clear_errors(self, execution: Execution) -> None:
        """Drop every error part and the combined files."""
        prefix = self._prefix(execution)
        for key in self.objects.list(layout.error_parts_prefix(prefix)):
            self.objects.delete(key)
        self.objects.delete(layout.errors_csv_key(prefix))
        self.objects.delete(layout.errors_text_key(prefix))

    def error_rows(self, execution: Execution) -> Iterator[ErrorRow]:
        """Every error of the execution, part by part, read from the parts themselves."""
        prefix = layout.error_parts_prefix(self._prefix(execution))
        for part in self.error_parts(execution):
            with self.objects.open(f"{prefix}{part}.csv") as stream:
                reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8", newline=""))
                next(reader, None)
                for _, row_number, column, message in reader:
                    yield ErrorRow(int(row_number) if row_number else None, column or None, message)

    def error_text(self, execution: Execution) -> str:
        """`errors.txt` as the parts make it now (what SIF's error download serves)."""
        prefix = layout.error_parts_prefix(self._prefix(execution))
        keys = [f"{prefix}{p}.txt" for p in self.error_parts(execution)]
        return b"".join(_concatenate(self.objects, keys, drop_headers=False)).decode()

    # --- outputs ---------------------------------------------------------------------------------------

    def write_output(
        self, execution: Execution, frame: pd.DataFrame, *, part: str | None = None
    ) -> Execution:
        """A `data` pipeline's results as `output/result.csv` (header once). With `part`, the frame is stored
        as `output/<part>.csv` (one per month, say) and `result.csv` is rebuilt from every part in name
        order; all parts must have the same columns."""
        prefix = self._prefix(execution)
        result = layout.output_key(prefix)
        if part is None:
            self.objects.put_bytes(result, frame.to_csv(index=False).encode())
        else:
            if key_segment(part, "output part") == "result":
                raise ValueError("'result' names the combined output file, not a part")
            parts_prefix = layout.output_parts_prefix(prefix)
            self.objects.put_bytes(f"{parts_prefix}{part}.csv", frame.to_csv(index=False).encode())
            keys = [k for k in self.objects.list(parts_prefix) if k.endswith(".csv") and k != result]
            with self.objects.open(keys[0]) as first:
                header = first.readline()
            combined = _concatenate(self.objects, keys, drop_headers=True, prepend=header)
            self.objects.put_stream(result, stream_of(combined))
        if execution.output_key == result:
            return execution
        return self.update(execution, output_key=result)

    def _prefix(self, execution: Execution) -> str:
        return layout.execution_prefix(execution.tenant, execution.pipeline_key, execution.id)


def _error_rows(rows: Iterable[ErrorRow] | pd.DataFrame) -> list[ErrorRow]:
    if isinstance(rows, pd.DataFrame):
        return [
            ErrorRow(
                None if pd.isna(number) else int(number),
                None if pd.isna(column) else str(column),
                str(message),
            )
            for number, column, message in zip(
                rows["row_number"], rows["column"], rows["message"], strict=True
            )
        ]
    return list(rows)


def _concatenate(
    objects: ObjectStore, keys: list[str], *, drop_headers: bool, prepend: bytes = b""
) -> Iterator[bytes]:
    """`prepend`, then the objects' bytes one after another, each without its first line if `drop_headers`
    (our headers are one line: column names hold no newlines)."""
    if prepend:
        yield prepend
    for key in keys:
        with objects.open(key) as stream:
            if drop_headers:
                stream.readline()
            while chunk := stream.read(1024 * 1024):
                yield chunk
