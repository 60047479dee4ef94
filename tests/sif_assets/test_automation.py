"""Sensors, schedules and automation conditions, evaluated through their build contexts over ticks.

- Tenant onboarding: catalog tenants become `tenant` partitions (not the library tenant `platform`).
- Landing: a file dropped in the inbox becomes an execution and one run request per month it touches, run
  once (run keys); the inbox is emptied.
- Monthly close: one run per tenant for the month just closed.
- Restatement: after a new dataset version is observed, the automation condition requests every month that
  read the old version — closed months included (trap T7) — and nothing of the pipelines that did not.
"""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg
import pytest

from sif_api import runs
from sif_assets.defs.automation.landing import landing_sensor
from sif_assets.defs.automation.monthly_close import monthly_close_schedule
from sif_assets.defs.automation.tenants import tenant_onboarding_sensor
from sif_resources.dagster_resources import SifResource
from sif_resources.domain.resources import ResourceType
from tests.sif_assets.conftest import EXAMPLES, Platform

pytestmark = pytest.mark.slow


def test_tenant_onboarding_adds_catalog_tenants_as_partitions(platform: Platform) -> None:
    platform.services.catalog.create_tenant("acme")
    platform.services.catalog.create_tenant("globex")
    context = dg.build_sensor_context(instance=platform.instance, resources={"sif": SifResource()})
    result = tenant_onboarding_sensor(context)
    assert isinstance(result, dg.SensorResult)
    [request] = result.dynamic_partitions_requests or []
    assert request.partitions_def_name == "tenant" and list(request.partition_keys) == ["acme", "globex"]
    platform.instance.add_dynamic_partitions("tenant", ["acme", "globex"])
    again = tenant_onboarding_sensor(
        dg.build_sensor_context(instance=platform.instance, resources={"sif": SifResource()})
    )
    assert isinstance(again, dg.SensorResult) and not again.dynamic_partitions_requests


def test_a_file_in_the_inbox_lands_once_and_requests_a_run_per_month(platform: Platform) -> None:
    platform.tenant("acme", "household_electricity")
    objects = platform.services.object_store
    objects.put_file(
        "inbox/acme/household_electricity/readings.csv", EXAMPLES / "household-electricity" / "readings.csv"
    )
    context = dg.build_sensor_context(
        instance=platform.instance, resources={"sif": SifResource()}, definitions=platform.defs
    )
    with dg.partition_loading_context(dynamic_partitions_store=platform.instance):
        result = landing_sensor(context)
    assert isinstance(result, dg.SensorResult)
    requests = result.run_requests or []
    [execution] = platform.services.executions.list("acme", "household_electricity")
    assert [r.run_key for r in requests] == [f"{execution.id}:2024-0{m}" for m in (1, 2, 3)]
    assert [r.partition_key for r in requests] == ["2024-01|acme", "2024-02|acme", "2024-03|acme"]
    selected = {k.to_user_string() for k in requests[0].asset_selection or []}
    assert selected == {
        "pipelines/household_electricity/inputs",
        "pipelines/household_electricity/activities",
        "metrics/ghg__scope2__electricity",
        "metrics/ghg__total",
    }
    assert requests[0].tags["sif/execution"] == execution.id
    assert (execution.status, execution.rows_landed, execution.input_file_name) == (
        "in_progress",
        15,
        "readings.csv",
    )
    assert objects.list("inbox/") == [] and objects.list("inbox-claimed/") == []
    with dg.partition_loading_context(dynamic_partitions_store=platform.instance):
        second = landing_sensor(context)
    assert isinstance(second, dg.SensorResult) and not second.run_requests


def test_monthly_close_requests_each_tenant_for_the_month_just_closed(platform: Platform) -> None:
    platform.instance.add_dynamic_partitions("tenant", ["acme", "globex"])
    context = dg.build_schedule_context(
        instance=platform.instance,
        scheduled_execution_time=datetime(2024, 5, 2, 3, 0, tzinfo=UTC),
        repository_def=platform.defs.get_repository_def(),
    )
    result = monthly_close_schedule.evaluate_tick(context)
    assert sorted(r.partition_key for r in result.run_requests or []) == ["2024-04|acme", "2024-04|globex"]


def test_a_new_dataset_version_restates_every_month_that_read_the_old_one(platform: Platform) -> None:
    platform.tenant("acme", "household_electricity", "natural_gas")
    platform.land("household_electricity", "acme", EXAMPLES / "household-electricity" / "readings.csv")
    platform.land("natural_gas", "acme", EXAMPLES / "natural-gas" / "gas-bills.csv")
    keys = ["2024-01|acme", "2024-02|acme"]
    platform.materialize("household_electricity", keys, single_run=True)
    platform.materialize("natural_gas", keys, single_run=True)
    _baseline, cursor = runs.requested_by_automation(platform.defs, platform.instance)
    # The runs recorded the versions they read, so observing the same versions changes nothing.
    runs.observe_references(platform.defs, platform.instance)
    quiet, cursor = runs.requested_by_automation(platform.defs, platform.instance, cursor=cursor)
    assert quiet == {}

    catalog = platform.services.catalog
    kind = ResourceType.REFERENCE_DATASET
    dataset = catalog.get("acme", kind, name="zip_to_egrid_subregion", group="/demo/households")
    headers, rows = catalog.dataset_rows("acme", dataset)
    text = ",".join(headers) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    catalog.update("acme", kind, dataset.id, {"data": text.replace("07102,RFCE", "07102,NYCW")})
    runs.observe_references(platform.defs, platform.instance)
    requested, cursor = runs.requested_by_automation(platform.defs, platform.instance, cursor=cursor)
    assert requested["pipelines/household_electricity/activities"] == keys  # January is a closed month too
    assert not any("natural_gas" in asset for asset in requested)

    months = ["2024-01", "2024-02"]
    before = platform.services.activity_store.latest_activities(
        "acme", "household_electricity", months=months
    )
    outcomes = runs.restate(platform.defs, platform.instance, requested)
    assert all(o.success for o in outcomes)
    after = platform.services.activity_store.latest_activities("acme", "household_electricity", months=months)
    changed = after.merge(before, on="activity_id")
    changed = changed[changed["co2e_kg_x"] != changed["co2e_kg_y"]]
    assert list(changed["unique_keys_x"].astype(str).str.contains("H-003")) == [True, True]
    settled, _cursor = runs.requested_by_automation(platform.defs, platform.instance, cursor=cursor)
    assert "pipelines/household_electricity/activities" not in settled
