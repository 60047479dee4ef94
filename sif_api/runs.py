"""The one module of `sif_api` that talks to Dagster: the local instance, the code location's definitions,
and launching, observing and backfilling runs in-process.

What belongs here: `DAGSTER_HOME` set-up (`$SIF_HOME/dagster`, with the project's `dagster.yaml`, so that
`make ui` shows the runs the CLI made), registering tenants as partitions, materialising a pipeline for a set
of tenant x month partitions (one run per partition, or one single-run range per tenant), observing the
`references/*` sources and evaluating the automation conditions the way the daemon's sensor would, then
running what they request. What does not: what the assets do (`sif_assets`), printing (`sif_api.rendering`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg

from sif_assets.keys import EXECUTION_TAG, METRICS, REFERENCES, TENANT_TAG, activities_key, inputs_key
from sif_assets.partitions import TENANT, check_tenant_id, partition_key, split_key
from sif_resources.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_FILE = "dagster.yaml"
#: Runs log to the instance (the UI shows them); the terminal gets the CLI's own progress instead.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
#: Where `sif restate` keeps its automation cursor (what the daemon keeps in its own storage).
AUTOMATION_CURSOR_FILE = "sif_automation_cursor.json"


def dagster_home(settings: Settings | None = None) -> Path:
    """`$DAGSTER_HOME`, defaulting to `$SIF_HOME/dagster`, with the project's instance file in it."""
    settings = settings or Settings.from_environment()
    home = Path(os.environ.get("DAGSTER_HOME") or (settings.home / "dagster")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    template = PROJECT_ROOT / INSTANCE_FILE
    target = home / INSTANCE_FILE
    if template.exists() and (not target.exists() or target.read_bytes() != template.read_bytes()):
        shutil.copyfile(template, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def instance(settings: Settings | None = None) -> dg.DagsterInstance:
    dagster_home(settings)
    return dg.DagsterInstance.get()


def definitions() -> dg.Definitions:
    from sif_assets.definitions import defs

    return defs()


def platform_definitions(dagster: dg.DagsterInstance | None = None) -> dg.Definitions:
    """The definitions a code server on the local instance serves: with the state of its state-backed
    components (the catalog pipelines' snapshot, `sif pipelines refresh`)."""
    from sif_api.catalog_state import definitions_with_state

    return definitions_with_state(dagster or instance())


def register_tenants(dagster: dg.DagsterInstance, tenants: Iterable[str]) -> list[str]:
    """Add tenants (slugs) as `tenant` partitions; returns those that were new."""
    known = set(dagster.get_dynamic_partitions(TENANT))
    new = sorted({check_tenant_id(t) for t in tenants} - known)
    if new:
        dagster.add_dynamic_partitions(TENANT, new)
    return new


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    partitions: tuple[str, ...]
    success: bool
    failure: str = ""
    failed_checks: tuple[str, ...] = ()


def _assets(defs: dg.Definitions) -> list[Any]:
    return list(defs.assets or [])


def pipeline_selection(pipeline_key: str) -> dg.AssetSelection:
    """A pipeline's inputs and activities (or results) and every metric downstream of them."""
    from sif_assets.factories.pipeline_assets import PIPELINES, step_key

    known = PIPELINES.get(pipeline_key)
    step = step_key(known) if known is not None else activities_key(pipeline_key)
    base = dg.AssetSelection.assets(inputs_key(pipeline_key), step)
    return base | base.downstream()


def run_partitions(
    defs: dg.Definitions,
    dagster: dg.DagsterInstance,
    selection: dg.AssetSelection,
    keys: Sequence[str],
    *,
    tags: dict[str, str] | None = None,
    single_run: bool = False,
    on_done: Callable[[RunOutcome], None] | None = None,
) -> list[RunOutcome]:
    """Materialise `selection` for tenant x month `keys`: one run per key, or (single_run) one run per tenant
    covering its months as a range (a single-run backfill)."""
    assets = _assets(defs)
    outcomes = []
    batches: list[tuple[str, ...]]
    if single_run:
        by_tenant: dict[str, list[str]] = {}
        for key in keys:
            tenant, _month = split_key(key)
            by_tenant.setdefault(tenant, []).append(key)
        batches = [tuple(sorted(v, key=lambda k: split_key(k)[1])) for v in by_tenant.values()]
    else:
        batches = [(k,) for k in keys]
    for batch in batches:
        tenant = split_key(batch[0])[0]
        run_tags = {TENANT_TAG: tenant, **(tags or {})}
        partition: str | None = batch[0]
        if len(batch) > 1:
            run_tags["dagster/asset_partition_range_start"] = batch[0]
            run_tags["dagster/asset_partition_range_end"] = batch[-1]
            partition = None
        result = dg.materialize(
            assets,
            instance=dagster,
            selection=selection,
            partition_key=partition,
            resources=defs.resources,
            tags=run_tags,
            raise_on_error=False,
            run_config=QUIET,
        )
        failed_checks = tuple(
            f"{e.asset_key.to_user_string()}:{e.check_name}: {e.description or ''}"
            for e in result.get_asset_check_evaluations()
            if not e.passed
        )
        failure = ""
        if not result.success:
            failures = [ev for ev in result.all_events if ev.event_type_value == "STEP_FAILURE"]
            failure = "; ".join(f"{ev.step_key}: {_error_message(ev)}" for ev in failures)
        outcome = RunOutcome(result.run_id, batch, result.success, failure, failed_checks)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    return outcomes


def _error_message(event: Any) -> str:
    data = event.event_specific_data
    error = getattr(data, "error", None)
    return error.message.strip() if error is not None else ""


def observe_references(defs: dg.Definitions, dagster: dg.DagsterInstance) -> bool:
    """Observe every `references/*` source now (what `references_schedule` does hourly)."""
    job = defs.resolve_job_def("observe_references_job")
    return job.execute_in_process(instance=dagster, raise_on_error=False, run_config=QUIET).success


def requested_by_automation(
    defs: dg.Definitions, dagster: dg.DagsterInstance, cursor: Any = None
) -> tuple[dict[str, list[str]], Any]:
    """Evaluate the automation conditions once (as `restatement_sensor` does): asset key -> requested
    partition keys, and the cursor to pass next time (the first evaluation only sets a baseline)."""
    result = dg.evaluate_automation_conditions(defs=defs, instance=dagster, cursor=cursor)
    requested: dict[str, list[str]] = {}
    for item in result.results:
        keys = [str(k.partition_key) for k in item.true_subset.expensively_compute_asset_partitions()]
        if keys:
            requested[item.key.to_user_string()] = sorted(keys)
    return requested, result.cursor


def _cursor_path(dagster: dg.DagsterInstance) -> Path:
    return Path(dagster.root_directory) / AUTOMATION_CURSOR_FILE


def load_cursor(dagster: dg.DagsterInstance) -> Any:
    """The automation cursor `sif restate` saved last, or None (the next evaluation sets a baseline)."""
    from dagster_shared.serdes import deserialize_value

    path = _cursor_path(dagster)
    return deserialize_value(path.read_text()) if path.exists() else None


def save_cursor(dagster: dg.DagsterInstance, cursor: Any) -> None:
    from dagster_shared.serdes import serialize_value

    _cursor_path(dagster).write_text(serialize_value(cursor))


def ensure_automation_baseline(defs: dg.Definitions, dagster: dg.DagsterInstance) -> None:
    """Evaluate the automation once if it never was, so later changes are seen as changes."""
    if load_cursor(dagster) is None:
        _requested, cursor = requested_by_automation(defs, dagster)
        save_cursor(dagster, cursor)


def restate(
    defs: dg.Definitions,
    dagster: dg.DagsterInstance,
    requested: dict[str, list[str]],
    *,
    on_done: Callable[[RunOutcome], None] | None = None,
) -> list[RunOutcome]:
    """Run what the automation requested: per partition, the requested activities and every metric
    downstream (one run per tenant, months as a range)."""
    partitions: dict[str, set[str]] = {}
    for asset, keys in requested.items():
        for key in keys:
            partitions.setdefault(key, set()).add(asset)
    outcomes: list[RunOutcome] = []
    by_assets: dict[frozenset[str], list[str]] = {}
    for key, wanted in partitions.items():
        by_assets.setdefault(frozenset(wanted), []).append(key)
    for names, keys in by_assets.items():
        selection = dg.AssetSelection.assets(*[dg.AssetKey.from_user_string(a) for a in names])
        outcomes += run_partitions(
            defs,
            dagster,
            selection | selection.downstream(),
            sorted(keys),
            tags={"sif/restatement": "true"},
            on_done=on_done,
        )
    return outcomes


def keys_between(tenants: Sequence[str], first_month: str, last_month: str) -> list[str]:
    """Tenant x month keys for every month from `first_month` to `last_month` (inclusive)."""
    start = datetime.strptime(first_month, "%Y-%m").replace(tzinfo=UTC)
    end = datetime.strptime(last_month, "%Y-%m").replace(tzinfo=UTC)
    if end < start:
        raise ValueError(f"--to {last_month} is before --from {first_month}")
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [partition_key(t, m) for t in tenants for m in months]


__all__ = [
    "EXECUTION_TAG",
    "METRICS",
    "REFERENCES",
    "RunOutcome",
    "dagster_home",
    "definitions",
    "instance",
    "keys_between",
    "observe_references",
    "partition_key",
    "pipeline_selection",
    "register_tenants",
    "requested_by_automation",
    "restate",
    "run_partitions",
]
