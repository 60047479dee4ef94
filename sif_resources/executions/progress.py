"""An execution's progress through the runs it started: one tenant x month run per month its file touched.

What belongs here: after a month of a pipeline is calculated, `record_month` stores each execution's errors
of that month (as error part `month-YYYY-MM`, replacing the part of an earlier run of the same month, so a
restatement does not repeat errors) and, once every month of an execution has been calculated, closes it:
`success`, or `failed` with SIF's message when any row or value failed (its valid rows are stored all the
same, §9.3). What does not: running anything (the Dagster assets call this), the files' layout
(`layout.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sif_resources.executions.model import CALCULATION_ERRORS_MESSAGE, Execution
from sif_resources.executions.store import ExecutionStore

MONTH_PART = "month-"


def record_month(
    executions: ExecutionStore,
    pipeline_key: str,
    tenant: str,
    month: str,
    execution_ids: Sequence[str],
    errors: pd.DataFrame,
    *,
    run_id: str | None = None,
    metrics_pending: bool = False,
) -> list[Execution]:
    """Store the month's errors of each execution that landed rows in it, and close the executions whose
    every month is now calculated. Returns the executions as updated."""
    updated = []
    for execution_id in dict.fromkeys(execution_ids):
        execution = executions.get(tenant, pipeline_key, execution_id)
        mine = errors[errors["execution_id"] == execution_id] if len(errors) else errors
        executions.record_errors(execution, mine, part=f"{MONTH_PART}{month}")
        if run_id is not None:
            execution = executions.add_run(execution, run_id)
        updated.append(_close_if_done(executions, execution, metrics_pending=metrics_pending))
    return updated


def _close_if_done(executions: ExecutionStore, execution: Execution, *, metrics_pending: bool) -> Execution:
    execution = executions.get(execution.tenant, execution.pipeline_key, execution.id)
    if execution.finished:
        return execution
    parts = set(executions.error_parts(execution))
    if not all(f"{MONTH_PART}{m}" in parts for m in execution.months):
        return execution
    errors = list(executions.error_rows(execution))
    failed_rows = {e.row_number for e in errors}
    activities = max(execution.rows_landed - len(failed_rows - {None}), 0)
    if metrics_pending and execution.status == "in_progress":
        execution = executions.update(execution, status="calculating_metrics")
    return executions.update(
        execution,
        status="failed" if errors else "success",
        status_message=CALCULATION_ERRORS_MESSAGE if errors else None,
        error_count=len(errors),
        activity_count=activities,
    )
