"""Where executions and landed rows live in the object store: the one place that spells out their keys.

What belongs here: key builders. An execution keeps SIF's per-execution files (§9.15) under
`executions/<tenant>/<pipeline_key>/<execution_id>/`; landed rows are parquet parts under
`landing/<tenant>/<pipeline_key>/<YYYY-MM>/`, one `<execution_id>.json` manifest per execution and month
committing that execution's parts. What does not: reading or writing them (`store.py`, `landing.py`).
"""

from __future__ import annotations

from sif_resources.objects import key_segment

EXECUTIONS = "executions"
LANDING = "landing"
EXECUTION_FILE = "execution.json"
#: the landing's own error parts sort before the parts runs write (named after months or runs)
LANDING_ERRORS_PART = "landing"


def pipeline_executions_prefix(tenant: str, pipeline_key: str) -> str:
    return f"{EXECUTIONS}/{key_segment(tenant, 'tenant')}/{key_segment(pipeline_key, 'pipeline key')}/"


def execution_prefix(tenant: str, pipeline_key: str, execution_id: str) -> str:
    return pipeline_executions_prefix(tenant, pipeline_key) + f"{key_segment(execution_id, 'execution id')}/"


def execution_record_key(tenant: str, pipeline_key: str, execution_id: str) -> str:
    return execution_prefix(tenant, pipeline_key, execution_id) + EXECUTION_FILE


def input_raw_key(prefix: str) -> str:
    return prefix + "input/raw"


def input_archived_key(prefix: str) -> str:
    return prefix + "input/archived"


def errors_text_key(prefix: str) -> str:
    return prefix + "errors.txt"


def errors_csv_key(prefix: str) -> str:
    return prefix + "errors.csv"


def error_parts_prefix(prefix: str) -> str:
    """Per-part error files (`<part>.csv` and `<part>.txt`) that `errors.csv`/`errors.txt` concatenate."""
    return prefix + "errors/"


def output_key(prefix: str) -> str:
    return prefix + "output/result.csv"


def output_parts_prefix(prefix: str) -> str:
    return prefix + "output/"


def pipeline_landing_prefix(tenant: str, pipeline_key: str) -> str:
    return f"{LANDING}/{key_segment(tenant, 'tenant')}/{key_segment(pipeline_key, 'pipeline key')}/"


def month_landing_prefix(tenant: str, pipeline_key: str, month: str) -> str:
    return pipeline_landing_prefix(tenant, pipeline_key) + f"{key_segment(month, 'month')}/"


def landing_part_key(tenant: str, pipeline_key: str, month: str, execution_id: str, chunk: int) -> str:
    return month_landing_prefix(tenant, pipeline_key, month) + f"{execution_id}-{chunk:05d}.parquet"


def landing_manifest_key(tenant: str, pipeline_key: str, month: str, execution_id: str) -> str:
    return month_landing_prefix(tenant, pipeline_key, month) + f"{execution_id}.json"
