"""Files dropped in the landing inbox start executions: `inbox/<tenant>/<pipeline>/<file>.csv` (or
`inbox/<tenant>/<pipeline>/<group>/.../<file>.csv` for rows of another group than the pipeline's) in the
object store (`$SIF_HOME/objects` locally, S3 in production).

Each tick claims every new file (moves it to `inbox-claimed/`, so a crash cannot land it twice), lands it as a
new execution (streamed by month; a refused file fails its execution with the reason), and requests one run
per tenant x month the file touched, keyed `<execution>:<month>` so each runs once. The tenant becomes a
partition in the same tick if it is new. `execution_failure_sensor` fails the execution of a run that fails.
"""

# No `from __future__ import annotations`: Dagster reads context and resource annotations at run time.

from typing import Any

import dagster as dg

from sif_assets.factories.pipeline_assets import PIPELINES, step_key
from sif_assets.keys import (
    ACTIVITIES,
    EXECUTION_TAG,
    INPUTS,
    METRICS,
    PIPELINE_TAG,
    RESULTS,
    TENANT_TAG,
    inputs_key,
    layer_selection,
)
from sif_assets.partitions import TENANT, check_tenant_id, partition_key, tenant_partitions
from sif_resources.dagster_resources import SifResource
from sif_resources.executions.landing import LandingError, land_file

INBOX = "inbox/"
CLAIMED = "inbox-claimed/"
LAUNCHED_BY = "sif/launched_by"


def downstream_of(graph: Any, keys: list[dg.AssetKey]) -> list[dg.AssetKey]:
    """`keys` and every asset below them (a pipeline's metrics, chained metrics included)."""
    found = list(keys)
    seen = set(keys)
    for key in found:
        for child in graph.get(key).child_keys:
            if child not in seen:
                seen.add(child)
                found.append(child)
    return found


@dg.sensor(
    name="landing_sensor",
    target=layer_selection(INPUTS, ACTIVITIES, RESULTS, METRICS),
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Land files dropped in the inbox as executions and run every tenant x month they touch.",
)
def landing_sensor(context: dg.SensorEvaluationContext, sif: SifResource) -> dg.SensorResult:
    services = sif.services()
    objects = services.object_store
    known_tenants = set(context.instance.get_dynamic_partitions(TENANT))
    catalog_tenants = {t.id for t in services.catalog.list_tenants()}
    new_tenants: set[str] = set()
    requests: list[dg.RunRequest] = []
    skipped: list[str] = []
    graph = context.repository_def.asset_graph if context.repository_def is not None else None
    for key in objects.list(INBOX):
        segments = key[len(INBOX) :].split("/")
        if len(segments) < 3:
            skipped.append(f"{key}: expected inbox/<tenant>/<pipeline>/<file>")
            continue
        tenant, pipeline_key, *group_path, name = segments
        pipeline = PIPELINES.get(pipeline_key)
        if pipeline is None or tenant not in catalog_tenants:
            skipped.append(f"{key}: unknown {'pipeline' if pipeline is None else 'tenant'}")
            continue
        claimed = CLAIMED + key[len(INBOX) :]
        objects.copy(key, claimed)
        objects.delete(key)
        group = "/" + "/".join(group_path) if group_path else pipeline.group
        try:
            with objects.open(claimed) as stream:
                landed = land_file(
                    pipeline,
                    tenant=tenant,
                    group=group,
                    source=stream,
                    file_name=name,
                    object_store=objects,
                    executions=services.executions,
                    created_by="landing_sensor",
                    tags={LAUNCHED_BY: "sensor"},
                )
        except LandingError as error:
            context.log.warning(f"{key}: {error}")
            objects.delete(claimed)
            continue
        objects.delete(claimed)
        if tenant not in known_tenants:
            new_tenants.add(check_tenant_id(tenant))
        selection = [inputs_key(pipeline.key), step_key(pipeline)]
        if graph is not None:
            selection = downstream_of(graph, selection)
        execution = landed.execution
        for month in sorted(landed.months):
            requests.append(
                dg.RunRequest(
                    run_key=f"{execution.id}:{month}",
                    partition_key=partition_key(tenant, month),
                    asset_selection=selection,
                    tags={EXECUTION_TAG: execution.id, TENANT_TAG: tenant, PIPELINE_TAG: pipeline.key},
                )
            )
    for problem in skipped:
        context.log.warning(f"left in the inbox: {problem}")
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[tenant_partitions.build_add_request(sorted(new_tenants))]
        if new_tenants
        else [],
        skip_reason=None if requests else f"no new files ({len(skipped)} left in the inbox)",
    )


@dg.run_failure_sensor(
    name="execution_failure_sensor",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Fail the execution whose run failed, with the run's error.",
)
def execution_failure_sensor(context: dg.RunFailureSensorContext, sif: SifResource) -> None:
    tags = context.dagster_run.tags
    execution_id = tags.get(EXECUTION_TAG)
    pipeline_key = tags.get(PIPELINE_TAG)
    tenant = tags.get(TENANT_TAG)
    if not (execution_id and pipeline_key and tenant):
        return
    executions = sif.services().executions
    execution = executions.get(tenant, pipeline_key, execution_id)
    if execution.finished:
        return
    message = context.failure_event.message or "run failed"
    executions.update(
        execution, status="failed", status_message=f"run {context.dagster_run.run_id} failed: {message}"
    )
