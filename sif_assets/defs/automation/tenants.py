"""Tenant onboarding: every catalog tenant (but the factor-library tenant `platform`) becomes a partition of
the `tenant` dimension. A tenant created with `sif tenant create` or the API appears within a minute."""

# No `from __future__ import annotations`: Dagster reads context and resource annotations at run time.

import dagster as dg

from sif_assets.partitions import TENANT, check_tenant_id, tenant_partitions
from sif_resources.catalog.service import PLATFORM_TENANT
from sif_resources.dagster_resources import SifResource


@dg.sensor(
    name="tenant_onboarding_sensor",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Add new catalog tenants as `tenant` partitions.",
)
def tenant_onboarding_sensor(context: dg.SensorEvaluationContext, sif: SifResource) -> dg.SensorResult:
    known = set(context.instance.get_dynamic_partitions(TENANT))
    found = [t.id for t in sif.services().catalog.list_tenants() if t.id != PLATFORM_TENANT]
    new = []
    for tenant in found:
        if tenant in known:
            continue
        try:
            new.append(check_tenant_id(tenant))
        except ValueError as error:
            context.log.warning(str(error))
    if not new:
        return dg.SensorResult(skip_reason=f"no new tenants ({len(known)} known)")
    return dg.SensorResult(dynamic_partitions_requests=[tenant_partitions.build_add_request(sorted(new))])
