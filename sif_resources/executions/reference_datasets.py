"""Result handling of `referenceDatasets` pipelines (SIF §9.7): an uploaded CSV becomes a dataset version.

What belongs here: `load_reference_dataset` — the transformer evaluated once on a single empty row for its
constant outputs (`name`, `description`, `tag_<k>`), the uploaded file's first line taken as
`datasetHeaders`, the dataset created in the execution's group or, when one with that name exists there,
updated to a new version, and the execution closed `success` or `failed` with a message saying why. What
does not: `data`/`impacts` pipelines (`results.py`), dataset storage and header rules (`sif_resources.catalog`
and `sif_resources.domain.reference_datasets`), Dagster.

SIF uploads the file through the dataset's two-step upload and polls until indexing ends; here the rows are
stored with the version in one catalog transaction, so the dataset is ready (`status: success`) when this
returns and a failure leaves no version behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from calculator.evaluator import EvaluationContext
from calculator.resolver import Resolver
from calculator.transformer import run_transformer
from sif_resources.catalog.datasets import store_dataset_rows
from sif_resources.catalog.service import Catalog, parse_inline_csv
from sif_resources.catalog.store import atomically
from sif_resources.domain.catalog_errors import CatalogError
from sif_resources.domain.resources import CatalogResource
from sif_resources.executions.model import ErrorRow, Execution
from sif_resources.executions.results import output_texts
from sif_resources.executions.store import ExecutionStore
from sif_resources.pipelines.definition import PipelineDefinition

#: the error part a failed load writes (`errors/dataset.csv|txt`)
DATASET_ERRORS_PART = "dataset"
TAG_PREFIX = "tag_"


class _Failed(Exception):
    """The load cannot go on; the message is the execution's status message."""


@dataclass(frozen=True)
class DatasetLoad:
    """What a load did: the execution after it, and the dataset version written (None when it failed or
    the execution had already finished)."""

    execution: Execution
    dataset: CatalogResource[Any] | None

    @property
    def created(self) -> bool:
        """Whether the load created the dataset (version 1) rather than adding a version."""
        return self.dataset is not None and self.dataset.version == 1


def load_reference_dataset(
    pipeline: PipelineDefinition,
    execution: Execution,
    *,
    catalog: Catalog,
    executions: ExecutionStore,
    raw_csv: bytes,
    tenant: str | None = None,
    group: str | None = None,
    pipeline_tags: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
) -> DatasetLoad:
    """Create or update the dataset a `referenceDatasets` pipeline names, from the execution's uploaded CSV.

    `tenant` and `group` default to the execution's (tenant, group context). Tags: `pipeline_tags` (the
    catalog pipeline's tags; `PipelineDefinition` does not carry them), then the execution's tags, then
    `pipelineId`/`executionId`, then the `tag_<k>` outputs as `<k>` (later ones win). The evaluated outputs
    are also written as the execution's `output/result.csv`. Any problem — a formula error, an empty `name`,
    a file that is not UTF-8 CSV or has no header, a header the catalog refuses — leaves the catalog as it
    was and the execution `failed` with the reason as status message and error line. An execution already
    finished is returned unchanged (a re-run does not load its file twice)."""
    if pipeline.type != "referenceDatasets":
        raise ValueError(f"load_reference_dataset handles referenceDatasets pipelines, not {pipeline.type!r}")
    tenant = tenant or execution.tenant
    group = group or execution.group_context_id
    execution = executions.get(tenant, execution.pipeline_key, execution.id)
    if execution.finished:
        return DatasetLoad(execution, None)
    if execution.status == "waiting":
        execution = executions.update(execution, status="in_progress")
    try:
        outputs = _constant_outputs(
            pipeline, EvaluationContext(group=group, tenant=tenant, resolver=resolver)
        )
        name = outputs.get("name")
        if not name:
            raise _Failed("reference dataset not loaded: the pipeline's 'name' output is empty")
        headers, rows = _read_csv(raw_csv, name)
        tags = {
            **(pipeline_tags or {}),
            **execution.tags,
            "pipelineId": pipeline.key,
            "executionId": execution.id,
            **{k[len(TAG_PREFIX) :]: v for k, v in outputs.items() if k.startswith(TAG_PREFIX) and v},
        }
        body = {
            "name": name,
            "description": outputs.get("description"),
            "tags": tags,
            "datasetHeaders": headers,
        }
        try:
            group_id = catalog.require_group(tenant, group).id
            with atomically(catalog.store):
                dataset, _ = store_dataset_rows(
                    catalog,
                    tenant,
                    group_id,
                    body,
                    headers,
                    rows,
                    where=f"execution {execution.id} input file",
                )
        except CatalogError as error:
            raise _Failed(f"reference dataset '{name}' not loaded: {error.message}") from error
    except _Failed as failure:
        message = str(failure)
        executions.record_errors(execution, [ErrorRow(None, None, message)], part=DATASET_ERRORS_PART)
        failed = executions.update(execution, status="failed", status_message=message, error_count=1)
        return DatasetLoad(failed, None)
    frame = pd.DataFrame([outputs], columns=list(outputs), dtype=object)
    execution = executions.write_output(execution, frame)
    return DatasetLoad(executions.update(execution, status="success", status_message=None), dataset)


def _constant_outputs(pipeline: PipelineDefinition, context: EvaluationContext) -> dict[str, str | None]:
    """The transformer over one empty row: output key -> SIF text (None when null); a failed formula
    fails the load with the calculator's message."""
    result = run_transformer(pipeline.transformer, pd.DataFrame(index=range(1)), context=context)
    problems = [*result.row_errors.values(), *(c.message for c in result.cell_errors)]
    if problems:
        raise _Failed("reference dataset not loaded: " + "; ".join(problems))
    return {key: output_texts(column, result.failed_cells[key])[0] for key, column in result.outputs.items()}


def _read_csv(raw_csv: bytes, name: str) -> tuple[list[str], list[list[str | None]]]:
    try:
        text = raw_csv.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Failed(
            f"reference dataset '{name}' not loaded: the file is not UTF-8 text ({error.reason})"
        ) from error
    if not text.strip():
        raise _Failed(f"reference dataset '{name}' not loaded: the file is empty, line 1 must be its header")
    try:
        return parse_inline_csv(text)
    except CatalogError as error:
        raise _Failed(f"reference dataset '{name}' not loaded: {error.message}") from error
