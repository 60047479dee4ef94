"""Metric assets (SIF §9.9): one `metrics/<metric>` asset per metric, tenant x month.

A metric's month is computed from the daily sums its pipelines' activities steps stored (exact decimals) and
the day values of the metrics that feed it, for every group of the tenant up to `/` (`groupValue`,
`subGroupsValue`); the week, month, quarter and year periods touching the month are then rolled up from every
stored day of those periods. Each metric depends on its pipelines' activities and its input metrics, so one
run computes a chain in order, and a restated month flows on to its metrics through the same automation
condition.
"""

# No `from __future__ import annotations`: Dagster reads context and resource annotations at run time.

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import dagster as dg
import pandas as pd

from sif_assets.factories.automation import restate_when_upstream_changes
from sif_assets.keys import METRICS, METRICS_GROUP, OWNERS, activities_key, layer_tags, metric_key
from sif_assets.partitions import split_keys, tenant_month
from sif_resources.activities.model import METRIC_COLUMNS, MetricSlice
from sif_resources.activities.stream import SliceStream
from sif_resources.dagster_resources import SifResource
from sif_resources.metrics.aggregation import daily_metric_values, month_days, rollup_window, rollups
from sif_resources.pipelines.definition import MetricDefinition, asset_slug
from sif_resources.services import PlatformServices


def build_metric_assets(metrics: Mapping[str, MetricDefinition]) -> list[dg.AssetsDefinition]:
    return [metric_asset(metric) for metric in metrics.values()]


def metric_asset(metric: MetricDefinition) -> dg.AssetsDefinition:
    deps = [activities_key(i.pipeline_key) for i in metric.input_pipelines] + [
        metric_key(asset_slug(m)) for m in metric.input_metrics
    ]
    feeds = ", ".join(f"{i.pipeline_key}.{i.output}" for i in metric.input_pipelines) or "-"

    @dg.asset(
        key=metric_key(metric.key),
        partitions_def=tenant_month,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=list(dict.fromkeys(deps)),
        io_manager_key="activity_io_manager",
        group_name=METRICS_GROUP,
        tags=layer_tags(METRICS),
        kinds={"sql"},
        owners=OWNERS,
        description=f"Metric `{metric.name}`: daily sums rolled to week, month, quarter and year, up the "
        f"group hierarchy. {metric.summary}",
        metadata={
            "sif/metric": metric.name,
            "input_pipelines": feeds,
            "input_metrics": ", ".join(metric.input_metrics) or "-",
            "output_metrics": ", ".join(metric.output_metrics) or "-",
        },
        automation_condition=restate_when_upstream_changes(),
    )
    def metric_values(context: dg.AssetExecutionContext, sif: SifResource) -> Any:
        services = sif.services()
        pairs = split_keys(context.partition_keys)
        return SliceStream(lambda: metric_slices(services, metric, pairs, run_id=context.run_id))

    return metric_values


def metric_slices(
    services: PlatformServices, metric: MetricDefinition, pairs: Sequence[tuple[str, str]], *, run_id: str
) -> Iterator[MetricSlice]:
    store = services.activity_store
    groups_of: dict[str, list[str]] = {}
    for tenant, month in pairs:
        if tenant not in groups_of:
            groups_of[tenant] = [g.id for g in services.catalog.list_groups(tenant)]
        first, last = month_days(month)
        own = store.daily_sums(tenant, metric.input_pipelines, month)
        fed = [store.metric_days(tenant, name, first, last) for name in metric.input_metrics]
        fed_days = (
            pd.concat(fed, ignore_index=True)[["group_id", "day", "group_value"]]
            if fed and any(len(f) for f in fed)
            else pd.DataFrame({"group_id": [], "day": [], "group_value": []}, dtype=object)
        )
        day_values = daily_metric_values(
            groups=groups_of[tenant], own_daily=own, input_metric_days=fed_days, days=(first, last)
        )
        start, end = rollup_window(month)
        stored = store.metric_days(tenant, metric.name, start, end)
        month_prefix = f"{month}-"
        others = stored[~stored["day"].astype(str).str.startswith(month_prefix)] if len(stored) else stored
        window = _as_day_values(others, day_values)
        # Zero rows for every group overwrite periods whose values were all restated away.
        periods = rollups(window, month, groups=groups_of[tenant])
        values = pd.concat([day_values, periods], ignore_index=True)[list(METRIC_COLUMNS)]
        yield MetricSlice(tenant, metric.name, month, run_id, datetime.now(UTC), values)


def _as_day_values(stored: pd.DataFrame, computed: pd.DataFrame) -> pd.DataFrame:
    """Stored day rows (as `metric_days` returns them) and the month's computed ones, in one frame."""
    if not len(stored):
        return computed
    renamed = stored.rename(columns={"day": "date"}).assign(time_unit="day")
    return pd.concat([renamed[list(METRIC_COLUMNS)], computed[list(METRIC_COLUMNS)]], ignore_index=True)
