"""Monthly close: on the 2nd of each month, recompute every metric of every tenant for the month just
closed (one run per tenant, `build_schedule_from_partitioned_job`), so late activity and roll-ups settle."""

from __future__ import annotations

import dagster as dg

from sif_assets.keys import METRICS
from sif_assets.partitions import tenant_month

monthly_close_job = dg.define_asset_job(
    "monthly_close_job",
    selection=dg.AssetSelection.key_prefixes(METRICS),
    partitions_def=tenant_month,
    description="Recompute every metric (day values and their week, month, quarter and year roll-ups).",
)

monthly_close_schedule = dg.build_schedule_from_partitioned_job(
    monthly_close_job,
    hour_of_day=3,
    day_of_month=2,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="One run per tenant for the month just closed.",
)
