"""Metric values (SIF §9.9): how a metric's day values follow from pipeline outputs, other metrics and the
group hierarchy, and how days roll up into weeks, months, quarters and years.

What belongs here: pure computations over frames of exact decimals (`aggregation.py`). What does not:
reading activity sums or stored metric values (the stores), deciding which metrics to run and in what order
(`sif_resources.pipelines.definition.link_metrics` / `metric_order`), Dagster.
"""

from sif_resources.metrics.aggregation import (
    daily_metric_values,
    month_days,
    period_start,
    rollup_window,
    rollups,
)

__all__ = ["daily_metric_values", "month_days", "period_start", "rollup_window", "rollups"]
