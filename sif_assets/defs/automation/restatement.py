"""Restatement: observe which catalog versions each partition used, and re-materialise what changed.

`observe_references_job` observes every `references/<pipeline>` source (a new factor, dataset or calculation
version changes the data version of exactly the tenant x month partitions that read the old one);
`references_schedule` runs it hourly, and `sif factors publish`/the demo run it at once. The
`restatement_sensor` evaluates the activities' and metrics' automation condition
(`factories/automation.py`), which requests every stale partition, closed months included (trap T7), as
backfills. Dagster's default automation sensor is stopped in OSS (trap T8), so this one is declared RUNNING.
"""

from __future__ import annotations

import dagster as dg

from sif_assets.keys import ACTIVITIES, METRICS, REFERENCES, RESULTS, layer_selection

observe_references_job = dg.define_asset_job(
    "observe_references_job",
    selection=layer_selection(REFERENCES, include_sources=True),
    description="Observe the catalog versions every pipeline partition read (restatement detection).",
)

references_schedule = dg.ScheduleDefinition(
    name="references_schedule",
    job=observe_references_job,
    cron_schedule="15 * * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Hourly: notice new factor, dataset and calculation versions.",
)

restatement_sensor = dg.AutomationConditionSensorDefinition(
    "restatement_sensor",
    target=layer_selection(ACTIVITIES, RESULTS, METRICS),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    run_tags={"sif/restatement": "true"},
    description="Re-materialise every partition whose landed rows or catalog versions changed.",
)
