"""The `sif` commands that run the platform: land a file and calculate it (`sif run`), backfill and restate
tenant x month ranges, and read what was calculated (`sif activities`, `sif metrics`, `sif executions`).

Here: option parsing, progress bars and tables. Runs go through `sif_api.runs` (the one module that talks
to Dagster), stores through `sif_resources.services`. Runs execute in this process against the local
instance (`$SIF_HOME/dagster`), so `make ui` shows them; with a daemon running, the landing sensor and
the restatement sensor do the same unattended.

Exit codes: 0 success, 1 rows or runs failed, 2 bad input (unknown pipeline, tenant or file; refused upload).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sif_api import runs
from sif_api.rendering import error_console, out_console
from sif_resources.activities.model import TIME_UNITS
from sif_resources.catalog.pipeline_files import import_pipeline_resources
from sif_resources.executions.landing import LandingError, land_file
from sif_resources.executions.model import Execution
from sif_resources.pipelines.definition import PipelineDefinition
from sif_resources.services import PlatformServices, services_for

TenantOption = Annotated[str, typer.Option("--tenant", "-t", help="The tenant (a catalog tenant id).")]


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("backfill")(backfill)
    app.command("restate")(restate)
    app.command("activities")(activities)
    app.command("metrics")(metrics)
    app.command("executions")(executions)


def _fail(message: str, code: int = 2) -> typer.Exit:
    error_console().print(f"error: {message}", markup=False)
    return typer.Exit(code)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out_console(),
        transient=False,
    )


def pipeline_named(key: str) -> PipelineDefinition:
    """The code location's pipeline `key` (its asset name, e.g. `household_electricity`)."""
    from sif_assets.factories.pipeline_assets import PIPELINES

    runs.platform_definitions()
    if key not in PIPELINES:
        known = ", ".join(sorted(PIPELINES)) or "none"
        raise _fail(f"unknown pipeline {key!r}; the code location has: {known}")
    return PIPELINES[key]


def prepare_tenant(services: PlatformServices, pipeline: PipelineDefinition, tenant: str) -> None:
    """The tenant must exist; a pipeline file's own resources (datasets, calculations, factors) are imported
    into it (unchanged ones are not written again), as `sif pipeline run --catalog` does."""
    if all(t.id != tenant for t in services.catalog.list_tenants()):
        raise _fail(f"tenant {tenant!r} does not exist (create it with `sif tenant create {tenant}`)")
    if pipeline.source.startswith("file:"):
        from calculator.pipeline_file import load_pipeline_file

        import_pipeline_resources(services.catalog, tenant, load_pipeline_file(pipeline.source[5:]))


def run_pipeline_file(
    pipeline: PipelineDefinition,
    file: Path,
    *,
    tenant: str,
    group: str | None,
    delete: bool = False,
    services: PlatformServices | None = None,
) -> tuple[str, list[runs.RunOutcome]]:
    """Land `file` as a new execution and run every tenant x month it touched; (execution id, outcomes)."""
    services = services or services_for()
    prepare_tenant(services, pipeline, tenant)
    dagster = runs.instance(services.settings)
    runs.register_tenants(dagster, [tenant])
    console = out_console()
    try:
        with console.status(f"Landing {file.name} ..."):
            landed = land_file(
                pipeline,
                tenant=tenant,
                group=group or pipeline.group,
                source=file,
                object_store=services.object_store,
                executions=services.executions,
                action_type="delete" if delete else "create",
                created_by="sif run",
                tags={"sif/launched_by": "cli"},
            )
    except LandingError as error:
        raise _fail(str(error)) from None
    execution = landed.execution
    months = ", ".join(f"{m} ({n} rows)" for m, n in sorted(landed.months.items())) or "none"
    console.print(
        f"execution [bold]{execution.id}[/]: {landed.rows_landed} rows landed, {landed.rows_rejected} "
        f"rejected; months {months}",
        highlight=False,
    )
    keys = [runs.partition_key(tenant, m) for m in sorted(landed.months)]
    defs = runs.platform_definitions(dagster)
    outcomes: list[runs.RunOutcome] = []
    with _progress() as progress:
        task = progress.add_task(f"Calculating {pipeline.key}", total=len(keys))
        outcomes = runs.run_partitions(
            defs,
            dagster,
            runs.pipeline_selection(pipeline.key),
            keys,
            tags={runs.EXECUTION_TAG: execution.id},
            on_done=lambda _outcome: progress.advance(task),
        )
    return execution.id, outcomes


def run_reference_dataset_pipeline(
    services: PlatformServices, name: str, file: Path, *, tenant: str, group: str | None
) -> bool:
    """A catalog `referenceDatasets` pipeline named `name`: one execution that creates or versions its
    dataset from `file` (SIF §9.7; no months, no Dagster run). False when the tenant has no such pipeline."""
    from sif_resources.executions.reference_datasets import load_reference_dataset
    from sif_resources.pipelines.sources import definition_from_catalog, reference_dataset_pipelines

    if all(t.id != tenant for t in services.catalog.list_tenants()):
        return False
    document = reference_dataset_pipelines(services.catalog, tenant).get(name)
    if document is None:
        return False
    pipeline = definition_from_catalog(tenant, document)
    execution = services.executions.create(
        tenant=tenant,
        pipeline_key=pipeline.key,
        pipeline_version=pipeline.version,
        group_context_id=group or pipeline.group,
        pipeline_type=pipeline.type,
        created_by="sif run",
        input_file_name=file.name,
    )
    loaded = load_reference_dataset(
        pipeline,
        execution,
        catalog=services.catalog,
        executions=services.executions,
        raw_csv=file.read_bytes(),
        pipeline_tags=document.get("tags") or {},
        resolver=services.catalog.resolver(tenant),
    )
    _print_executions([loaded.execution])
    if loaded.dataset is None:
        raise typer.Exit(1)
    out_console().print(
        f"dataset {escape(loaded.dataset.name)} "
        f"{'created' if loaded.created else 'updated'}: version {loaded.dataset.version}",
        highlight=False,
    )
    return True


def _report(outcomes: list[runs.RunOutcome]) -> bool:
    failed = False
    for outcome in outcomes:
        if not outcome.success:
            failed = True
            out_console().print(
                f"[red]run {outcome.run_id} failed[/] ({', '.join(outcome.partitions)}): "
                f"{escape(outcome.failure)}",
                highlight=False,
            )
        for check in outcome.failed_checks:
            out_console().print(f"[yellow]check failed[/]: {escape(check)}", highlight=False)
    return not failed


def run(
    pipeline_key: Annotated[
        str, typer.Argument(metavar="PIPELINE", help="Pipeline asset name, e.g. natural_gas.")
    ],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Input CSV (header = parameter labels or keys).")
    ],
    tenant: TenantOption,
    group: Annotated[
        str | None, typer.Option(help="Group the rows belong to (default: the pipeline's).")
    ] = None,
    delete: Annotated[
        bool, typer.Option(help="An actionType=delete execution: remove these rows' activities.")
    ] = False,
) -> None:
    """Start an execution: land FILE for PIPELINE in the tenant and calculate every month it touches (one
    run per tenant x month), then show the execution."""
    if not file.is_file():
        raise _fail(f"{file}: no such file")
    services = services_for()
    if run_reference_dataset_pipeline(services, pipeline_key, file, tenant=tenant, group=group):
        return
    pipeline = pipeline_named(pipeline_key)
    execution_id, outcomes = run_pipeline_file(
        pipeline, file, tenant=tenant, group=group, delete=delete, services=services
    )
    ok = _report(outcomes)
    execution = services.executions.get(tenant, pipeline.key, execution_id)
    _print_executions([execution])
    if execution.error_count:
        errors = services.executions.error_text(execution).splitlines()
        for line in errors[:10]:
            out_console().print(f"  [red]•[/] {escape(line)}", highlight=False)
        if len(errors) > 10:
            out_console().print(f"  ... {len(errors) - 10} more in {execution.errors_text_key}")
    if not ok or execution.status == "failed":
        raise typer.Exit(1)


def backfill(
    pipeline_key: Annotated[str, typer.Argument(metavar="PIPELINE")],
    tenant: Annotated[list[str], typer.Option("--tenant", "-t", help="Tenant(s) to backfill (repeatable).")],
    first: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    last: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    per_partition: Annotated[
        bool, typer.Option(help="One run per tenant x month instead of one single-run range per tenant.")
    ] = False,
) -> None:
    """Recalculate PIPELINE (and its metrics) for tenants over a month range, closed months included."""
    pipeline = pipeline_named(pipeline_key)
    try:
        keys = runs.keys_between(tenant, first, last)
    except ValueError as error:
        raise _fail(str(error)) from None
    dagster = runs.instance()
    runs.register_tenants(dagster, tenant)
    defs = runs.platform_definitions(dagster)
    with _progress() as progress:
        total = len(keys) if per_partition else len(set(tenant))
        task = progress.add_task(f"Backfilling {pipeline.key} ({len(keys)} partitions)", total=total)
        outcomes = runs.run_partitions(
            defs,
            dagster,
            runs.pipeline_selection(pipeline.key),
            keys,
            tags={"sif/backfill": f"{first}..{last}"},
            single_run=not per_partition,
            on_done=lambda _o: progress.advance(task),
        )
    if not _report(outcomes):
        raise typer.Exit(1)
    out_console().print(
        f"[green]ok[/] {len(keys)} partitions of {pipeline.key} recalculated", highlight=False
    )


def restate() -> None:
    """What the daemon's automation does, now: observe the catalog versions every partition read, and
    recalculate every tenant x month whose inputs or versions changed (closed months included)."""
    dagster = runs.instance()
    defs = runs.platform_definitions(dagster)
    with out_console().status("Observing catalog versions ..."):
        runs.observe_references(defs, dagster)
    requested, cursor = runs.requested_by_automation(defs, dagster, cursor=runs.load_cursor(dagster))
    runs.save_cursor(dagster, cursor)
    if not requested:
        out_console().print("nothing to restate")
        return
    for asset, keys in sorted(requested.items()):
        out_console().print(f"restating {asset}: {', '.join(keys)}", highlight=False)
    outcomes = runs.restate(defs, dagster, requested)
    if not _report(outcomes):
        raise typer.Exit(1)


def activities(
    pipeline_key: Annotated[str, typer.Argument(metavar="PIPELINE")],
    tenant: TenantOption,
    month: Annotated[str | None, typer.Option(help="Only this month (YYYY-MM).")] = None,
    history: Annotated[str | None, typer.Option(help="Show every version of this activity id.")] = None,
    aggregate: Annotated[
        bool, typer.Option(help="Show the pipeline's aggregated activities (SIF showAggregate=true).")
    ] = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
) -> None:
    """Latest activities of a pipeline (or one activity's history, with the factor versions behind each)."""
    store = services_for().activity_store
    if aggregate:
        from sif_assets.factories.pipeline_steps import aggregated_key

        pipeline_key = aggregated_key(pipeline_key)
    if history:
        frame = store.activity_history(tenant, pipeline_key, history)
        if "factor_versions" in frame:
            frame["factor_versions"] = frame["factor_versions"].map(_versions_text)
    else:
        frame = store.latest_activities(tenant, pipeline_key, months=[month] if month else None)
    out_console().print(_table(frame.head(limit), f"{pipeline_key} — {tenant}"))
    if len(frame) > limit:
        out_console().print(f"... {len(frame) - limit} more")


def _versions_text(value: object) -> str:
    if not isinstance(value, dict):
        return str(value)
    return ", ".join(
        f"{v.get('name')}@v{v.get('version')}" if isinstance(v, dict) else f"{k}@v{v}"
        for k, v in value.items()
    )


def metrics(
    name: Annotated[str, typer.Argument(metavar="METRIC", help="Metric name, e.g. ghg:total.")],
    tenant: TenantOption,
    time_unit: Annotated[str, typer.Option(help=f"One of {', '.join(TIME_UNITS)}.")] = "month",
    group: Annotated[str | None, typer.Option(help="Only this group (default: every group).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First period start, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last period start, YYYY-MM-DD.")] = None,
) -> None:
    """Metric values per group and period (groupValue, subGroupsValue, hierarchyValue)."""
    if time_unit not in TIME_UNITS:
        raise _fail(f"--time-unit must be one of {', '.join(TIME_UNITS)}, not {time_unit!r}")
    frame = services_for().activity_store.metric_values(
        tenant, name, time_unit, date_from=date_from, date_to=date_to, groups=[group] if group else None
    )
    out_console().print(_table(frame, f"{name} by {time_unit} — {tenant}"))


def executions(
    pipeline_key: Annotated[str, typer.Argument(metavar="PIPELINE")],
    tenant: TenantOption,
    limit: Annotated[int, typer.Option(help="Newest executions to show.")] = 20,
) -> None:
    """The pipeline's executions in the tenant, newest first."""
    _print_executions(services_for().executions.list(tenant, pipeline_key, limit=limit))


def _print_executions(found: list[Execution]) -> None:
    table = Table(title="executions")
    for column in (
        "id",
        "status",
        "action",
        "group",
        "file",
        "rows",
        "rejected",
        "activities",
        "errors",
        "months",
    ):
        table.add_column(column)
    colours = {"success": "green", "failed": "red"}
    for e in found:
        status = f"[{colours.get(e.status, 'yellow')}]{e.status}[/]"
        table.add_row(
            e.id,
            status,
            e.action_type,
            e.group_context_id,
            escape(e.input_file_name or ""),
            str(e.input_rows),
            str(e.rows_rejected),
            str(e.activity_count),
            str(e.error_count),
            ", ".join(e.months),
        )
    out_console().print(table)


def _table(frame: pd.DataFrame, title: str) -> Table:
    table = Table(title=escape(title))
    for column in frame.columns:
        table.add_column(escape(str(column)), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*[escape("" if value is None else str(value)) for value in row])
    return table
