"""The execution record (SIF §9.1) and its status machine (§9.3): pure values, no storage.

What belongs here: `Execution` (one upload of one file to one pipeline, from creation to its final status,
with what landing and the runs it started counted), `ErrorRow` (one line of its error files), the legal
status transitions and new execution ids (lower-case ULIDs that sort by creation, also within one
millisecond). What does not: persisting executions (`store.py`), their object keys (`layout.py`), landing
files (`landing.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal, cast

from ulid import ULID

ActionType = Literal["create", "delete"]
Status = Literal["waiting", "in_progress", "calculating_metrics", "success", "failed"]
ACTION_TYPES: tuple[str, ...] = ("create", "delete")
STATUSES: tuple[str, ...] = ("waiting", "in_progress", "calculating_metrics", "success", "failed")
TERMINAL_STATUSES: frozenset[str] = frozenset({"success", "failed"})

#: §9.3. `calculating_metrics` -> `in_progress` is the output-connector case (results still publishing).
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "waiting": frozenset({"in_progress", "failed"}),
    "in_progress": frozenset({"calculating_metrics", "success", "failed"}),
    "calculating_metrics": frozenset({"in_progress", "success", "failed"}),
    "success": frozenset(),
    "failed": frozenset(),
}

#: SIF's final status message when any row or column failed (valid rows are still stored).
CALCULATION_ERRORS_MESSAGE = (
    "error when performing calculation, review the pipeline execution error log for further info"
)


class IllegalTransitionError(ValueError):
    """A status change §9.3 does not allow."""


def check_transition(current: str, new: str, pipeline_type: str = "activities") -> None:
    """Raise IllegalTransitionError unless an execution may go from `current` to `new`; staying in the
    same status is always allowed (other fields change)."""
    if new not in STATUSES:
        expected = ", ".join(STATUSES)
        raise IllegalTransitionError(f"unknown execution status {new!r}; expected one of {expected}")
    if new == current:
        return
    if new == "calculating_metrics" and pipeline_type != "activities":
        raise IllegalTransitionError(
            f"a {pipeline_type} pipeline's execution never calculates metrics (only activities pipelines do)"
        )
    if new not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, frozenset()))) or "none, it is final"
        raise IllegalTransitionError(
            f"an execution cannot go from {current} to {new} (from {current}: {allowed})"
        )


_id_lock = threading.Lock()
_last_id = 0


def new_execution_id(at: datetime | None = None) -> str:
    """A lower-case ULID. Ids made by this process increase strictly, so that sorting by id is creation
    order even for executions created within one millisecond (ULID randomness alone would not be)."""
    global _last_id
    with _id_lock:
        candidate = int(ULID() if at is None else ULID.from_datetime(at))
        if (candidate >> 80) == (_last_id >> 80) and candidate <= _last_id:
            candidate = _last_id + 1  # same millisecond: the next value keeps the order
        _last_id = max(_last_id, candidate)
        return str(ULID.from_int(candidate)).lower()


@dataclass(frozen=True)
class ErrorRow:
    """One error of an execution: the 1-based data row of the input file (None for a file-level error), the
    output or column it concerns (None for a whole-row error) and SIF's message."""

    row_number: int | None
    column: str | None
    message: str


@dataclass(frozen=True)
class Execution:
    """One execution of one pipeline version for one tenant (SIF §9.1), plus what this platform tracks:
    the input file and its rows, the months it touched, counts, the runs it started and its file keys."""

    id: str
    tenant: str
    pipeline_key: str
    pipeline_version: int
    group_context_id: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    pipeline_type: str = "activities"
    action_type: str = "create"
    status: str = "waiting"
    status_message: str | None = None
    trigger_metric_aggregations: bool = False
    tags: Mapping[str, str] = field(default_factory=dict)
    input_file_name: str | None = None
    #: data rows in the input file (header excluded)
    input_rows: int = 0
    #: `YYYY-MM` months the landed rows fall in, sorted
    months: tuple[str, ...] = ()
    rows_landed: int = 0
    #: rows refused at landing (their time did not evaluate); each has an error line
    rows_rejected: int = 0
    activity_count: int = 0
    error_count: int = 0
    run_ids: tuple[str, ...] = ()
    input_raw_key: str | None = None
    input_archived_key: str | None = None
    errors_text_key: str | None = None
    errors_csv_key: str | None = None
    output_key: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL_STATUSES

    def to_json(self) -> dict[str, Any]:
        """The stored form: field names as here, times as ISO 8601 UTC, tuples as lists."""
        data = asdict(self)
        data["created_at"] = _iso(self.created_at)
        data["updated_at"] = _iso(self.updated_at)
        data["tags"] = dict(self.tags)
        data["months"] = list(self.months)
        data["run_ids"] = list(self.run_ids)
        return data

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Execution:
        known = {f.name for f in fields(Execution)}
        values = {k: v for k, v in data.items() if k in known}  # newer writers may add fields
        values["created_at"] = _parse_time(cast(str, values["created_at"]))
        values["updated_at"] = _parse_time(cast(str, values["updated_at"]))
        values["months"] = tuple(values.get("months") or ())
        values["run_ids"] = tuple(values.get("run_ids") or ())
        values["tags"] = dict(values.get("tags") or {})
        return Execution(**values)

    def to_sif(self) -> dict[str, Any]:
        """The execution as SIF's REST API shows it (§9.1 field names)."""
        body: dict[str, Any] = {
            "id": self.id,
            "pipelineId": self.pipeline_key,
            "pipelineVersion": self.pipeline_version,
            "actionType": self.action_type,
            "status": self.status,
            "groupContextId": self.group_context_id,
            "triggerMetricAggregations": self.trigger_metric_aggregations,
            "tags": dict(self.tags),
            "createdBy": self.created_by,
            "createdAt": _iso(self.created_at),
            "updatedBy": self.updated_by,
            "updatedAt": _iso(self.updated_at),
        }
        if self.status_message is not None:
            body["statusMessage"] = self.status_message
        return body


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
