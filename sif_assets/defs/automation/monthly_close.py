"""Monthly close: on the 2nd of each month, recompute every metric of every tenant for the month just
closed (one run per tenant), so late activity and roll-ups settle.

A hand-written schedule rather than `build_schedule_from_partitioned_job`: the month dimension includes the
current, still open month (`end_offset=1`), so the built schedule would pick that one instead of the month
that just closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import dagster as dg

from sif_assets.keys import METRICS, TENANT_TAG, layer_selection
from sif_assets.partitions import TENANT, partition_key, tenant_month

monthly_close_job = dg.define_asset_job(
    "monthly_close_job",
    selection=layer_selection(METRICS),
    partitions_def=tenant_month,
    description="Recompute every metric (day values and their week, month, quarter and year roll-ups).",
)


def closed_month(moment: datetime) -> str:
    """The month before `moment`'s month, `YYYY-MM`."""
    year, month = (moment.year - 1, 12) if moment.month == 1 else (moment.year, moment.month - 1)
    return f"{year:04d}-{month:02d}"


@dg.schedule(
    name="monthly_close_schedule",
    job=monthly_close_job,
    cron_schedule="0 3 2 * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="One run per tenant for the month just closed.",
)
def monthly_close_schedule(context: dg.ScheduleEvaluationContext) -> Iterator[dg.RunRequest]:
    month = closed_month(context.scheduled_execution_time)
    for tenant in context.instance.get_dynamic_partitions(TENANT):
        yield dg.RunRequest(
            run_key=f"close:{tenant}:{month}",
            partition_key=partition_key(tenant, month),
            tags={TENANT_TAG: tenant},
        )
