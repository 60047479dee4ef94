"""The audit trail of an evaluation: what each row's result used, recorded column-wise.

SIF returns, per evaluation, an `evaluated` map (node text -> string form of its result; later entries
overwrite earlier ones) and lists of the activities, reference datasets and calculations it read, in
evaluation order (spec/calculator.md §13). Kernels record whole columns at once; `rows()` assembles the
per-row records only when someone asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

RESOURCE_LISTS = ("activities", "referenceDatasets", "calculations")


@dataclass
class RowAudit:
    """The audit of one evaluation. `evaluated` is None when nothing was audited (SIF sends no map)."""

    evaluated: dict[str, str] | None = None
    activities: list[dict[str, str]] = field(default_factory=list)
    referenceDatasets: list[dict[str, str]] = field(default_factory=list)
    calculations: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"evaluated": self.evaluated or {}}
        for name in RESOURCE_LISTS:
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out


@dataclass
class AuditLog:
    """Events in evaluation order. Each covers some rows: `(list, rows, keys, values)`.

    For `evaluated` events `keys` is a str or an object array of per-row keys and `values` the string
    forms; for resource lists `values` holds one dict per row (or one shared dict) and `keys` is unused.
    """

    events: list[tuple[str, np.ndarray, Any, Any]] = field(default_factory=list)

    def evaluated(self, rows: np.ndarray, key: str | np.ndarray, values: np.ndarray) -> None:
        if len(rows):
            self.events.append(("evaluated", rows, key, values))

    def resource(self, list_name: str, rows: np.ndarray, records: dict[str, str] | np.ndarray) -> None:
        if len(rows):
            self.events.append((list_name, rows, None, records))

    def extend_mapped(self, other: AuditLog, row_map: np.ndarray) -> None:
        """Append a child evaluation's events, its local rows translated through `row_map`."""
        for list_name, rows, key, values in other.events:
            self.events.append((list_name, row_map[rows], key, values))

    def rows(self, count: int) -> list[RowAudit]:
        audits = [RowAudit() for _ in range(count)]
        for list_name, rows, key, values in self.events:
            shared_key = isinstance(key, str)
            shared_value = isinstance(values, dict)
            for i, row in enumerate(rows):
                audit = audits[row]
                if list_name == "evaluated":
                    if audit.evaluated is None:
                        audit.evaluated = {}
                    audit.evaluated[key if shared_key else key[i]] = values[i]
                else:
                    getattr(audit, list_name).append(dict(values if shared_value else values[i]))
        return audits
