"""Metric values (SIF §9.9): how a metric's day values follow from pipeline outputs, other metrics and the
group hierarchy, and how days roll up into weeks, months, quarters and years; and pipeline aggregates
(§9.8), the aggregated activities a pipeline's `aggregate` outputs ask for.

What belongs here: pure computations over frames of exact decimals (`aggregation.py`). What does not:
reading activity sums or stored metric values (the stores), deciding which metrics to run and in what order
(`sif_resources.pipelines.definition.link_metrics` / `metric_order`), Dagster.
"""

from sif_resources.metrics.aggregation import (
    AGGREGATE_COLUMNS,
    AggregateSpec,
    daily_metric_values,
    month_days,
    period_start,
    pipeline_aggregates,
    postgres_avg,
    rollup_window,
    rollups,
)

__all__ = [
    "AGGREGATE_COLUMNS",
    "AggregateSpec",
    "daily_metric_values",
    "month_days",
    "period_start",
    "pipeline_aggregates",
    "postgres_avg",
    "rollup_window",
    "rollups",
]
