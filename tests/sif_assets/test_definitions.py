"""The code location loads, validates, and has the shape the UI and automation rely on."""

from __future__ import annotations

import dagster as dg
import pytest

from sif_api import runs
from sif_assets.partitions import check_tenant_id, partition_key, split_key, split_keys, tenant_month

PIPELINES = ("fleet_fuel", "household_electricity", "natural_gas")
METRICS = (
    "ghg__scope1",
    "ghg__scope1__mobile",
    "ghg__scope1__stationary",
    "ghg__scope2__electricity",
    "ghg__total",
)


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return runs.definitions()


def test_definitions_are_loadable(defs: dg.Definitions) -> None:
    dg.Definitions.validate_loadable(defs)


def test_every_pipeline_has_its_chain_and_every_metric_an_asset(defs: dg.Definitions) -> None:
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    expected = {f"pipelines/{p}/{step}" for p in PIPELINES for step in ("references", "inputs", "activities")}
    expected |= {f"metrics/{m}" for m in METRICS}
    assert keys == expected


def test_chains_are_wired_pipeline_to_metric_to_metric(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(dg.AssetKey.from_user_string(key)).parent_keys}

    assert parents("pipelines/natural_gas/activities") == {
        "pipelines/natural_gas/inputs",
        "pipelines/natural_gas/references",
    }
    assert parents("metrics/ghg__scope1__stationary") == {"pipelines/natural_gas/activities"}
    assert parents("metrics/ghg__scope1") == {
        "metrics/ghg__scope1__stationary",
        "metrics/ghg__scope1__mobile",
    }
    assert parents("metrics/ghg__total") == {"metrics/ghg__scope1", "metrics/ghg__scope2__electricity"}


def test_pipeline_assets_are_described_for_the_ui(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    node = graph.get(dg.AssetKey(["pipelines", "household_electricity", "activities"]))
    assert node.group_name == "pipeline_household_electricity"
    assert node.partitions_def == tenant_month
    assert node.code_version  # the transformer's fingerprint: a formula change makes partitions stale
    metadata = node.metadata
    assert metadata["sif/pipeline"] == "household-electricity"
    assert "#grid_kg_co2e" in metadata["formulas"].value
    assert metadata["sif/metric_links"].value == {"ghg:scope2:electricity": ["co2e_kg"]}
    checks = {c.name for c in graph.get_check_keys_for_assets({node.key})}  # type: ignore[attr-defined]
    assert checks == {"rows_accounted_for", "unique_activity_keys", "non_negative_outputs"}


def test_automation_schedules_and_sensors_are_declared_running(defs: dg.Definitions) -> None:
    sensors = {s.name: s for s in defs.sensors or []}
    assert {
        "landing_sensor",
        "tenant_onboarding_sensor",
        "restatement_sensor",
        "execution_failure_sensor",
    } <= set(sensors)
    assert all(s.default_status == dg.DefaultSensorStatus.RUNNING for s in sensors.values())
    schedules = {s.name: s for s in defs.schedules or []}
    assert schedules["monthly_close_schedule"].cron_schedule == "0 3 2 * *"
    assert schedules["references_schedule"].cron_schedule == "15 * * * *"


def test_partition_keys_round_trip_and_tenants_must_be_slugs() -> None:
    assert partition_key("acme", "2024-03") == "2024-03|acme"
    assert split_key("2024-03|acme") == ("acme", "2024-03")
    assert split_keys(["2024-02|globex", "2024-01|acme", "2024-03|acme"]) == [
        ("acme", "2024-01"),
        ("acme", "2024-03"),
        ("globex", "2024-02"),
    ]
    for bad in ("Acme", "a|b", "a,b", "", "-x"):
        with pytest.raises(ValueError, match="cannot be a partition key"):
            check_tenant_id(bad)
    with pytest.raises(ValueError, match="YYYY-MM"):
        partition_key("acme", "2024-13")
