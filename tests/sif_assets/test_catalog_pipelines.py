"""Catalog pipelines in the code location: `CatalogPipelinesComponent` builds `<tenant>__<pipeline>` chains
from a snapshot of the catalog that `sif pipelines refresh` writes into the Dagster instance, never from the
database at load time; `MetricsComponent` builds their metrics with the YAML ones, one asset per name.

The catalog under a temporary `$SIF_HOME` holds tenant `acme` (pipeline `electricity` at version 2, feeding
its own metric `site:co2`, which feeds `ghg:total`; a disabled pipeline) and tenant `globex` (a pipeline of
the same name feeding the demo's `ghg:scope2:electricity`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from typer.testing import CliRunner

from sif_api import catalog_state, runs
from sif_api.cli import app
from sif_assets.components import catalog_pipelines
from sif_assets.components.catalog_pipelines import STATE_KEY, CatalogPipelinesComponent
from sif_assets.components.metrics import DECLARED_METRICS
from sif_assets.factories.pipeline_assets import PIPELINES
from sif_resources.executions.landing import land_file
from sif_resources.pipelines.sources import definition_from_catalog
from sif_resources.services import forget_services
from tests.sif_assets.conftest import Platform, write_csv

UNREACHABLE_DATABASE = "postgresql+psycopg2://nobody:secret@127.0.0.1:9/nothing?connect_timeout=2"


def transformer(factor: str, metric: str) -> dict[str, Any]:
    return {
        "parameters": [
            {"index": 0, "key": "reading_date", "type": "string"},
            {"index": 1, "key": "meter", "type": "string"},
            {"index": 2, "key": "kwh", "type": "number"},
        ],
        "transforms": [
            {
                "index": 0,
                "formula": "AS_TIMESTAMP(:reading_date,'yyyy-MM-dd')",
                "outputs": [{"index": 0, "key": "time", "type": "timestamp"}],
            },
            {
                "index": 1,
                "formula": ":meter",
                "outputs": [{"index": 0, "key": "meter", "type": "string", "includeAsUnique": True}],
            },
            {
                "index": 2,
                "formula": f":kwh*{factor}",
                "outputs": [{"index": 0, "key": "co2", "type": "number", "metrics": [metric]}],
            },
        ],
    }


def metric_body(name: str, *feeds: str) -> dict[str, Any]:
    return {"name": name, "summary": f"{name} (kg)", "aggregationType": "sum", "outputMetrics": list(feeds)}


@pytest.fixture(autouse=True)
def known_pipelines() -> Iterator[None]:
    """`PIPELINES` is per process: later tests must not see these tenants' pipelines."""
    before = dict(PIPELINES)
    yield
    PIPELINES.clear()
    PIPELINES.update(before)


@pytest.fixture
def catalog(platform: Platform) -> dict[str, Any]:
    """The two tenants' catalog resources; returns acme's pipeline (version 2)."""
    catalog = platform.services.catalog
    for tenant in ("acme", "globex"):
        catalog.create_tenant(tenant)
    catalog.create("acme", "/", "metric", metric_body("ghg:total"))
    catalog.create("acme", "/", "metric", metric_body("site:co2", "ghg:total"))
    created = catalog.create(
        "acme", "/", "pipeline", {"name": "electricity", "transformer": transformer("0.4", "site:co2")}
    )
    latest = catalog.update("acme", "pipeline", created.id, {"transformer": transformer("0.5", "site:co2")})
    retired = catalog.create(
        "acme", "/", "pipeline", {"name": "retired", "transformer": transformer("1", "site:co2")}
    )
    catalog.update("acme", "pipeline", retired.id, {"state": "disabled"})
    catalog.create("globex", "/", "metric", metric_body("ghg:scope2:electricity"))
    catalog.create(
        "globex",
        "/",
        "pipeline",
        {"name": "electricity", "transformer": transformer("0.3", "ghg:scope2:electricity")},
    )
    return latest.to_document()


@pytest.fixture
def messages() -> Iterator[list[str]]:
    """What the component logs."""
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    catalog_pipelines.log.addHandler(handler)
    level = catalog_pipelines.log.level
    catalog_pipelines.log.setLevel(logging.INFO)
    yield seen
    catalog_pipelines.log.removeHandler(handler)
    catalog_pipelines.log.setLevel(level)


def asset_keys(defs: dg.Definitions) -> set[str]:
    return {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}


def parents(defs: dg.Definitions, key: str) -> set[str]:
    node = defs.resolve_asset_graph().get(dg.AssetKey.from_user_string(key))
    return {k.to_user_string() for k in node.parent_keys}


CATALOG_CHAINS = {
    f"pipelines/{tenant}__electricity/{step}"
    for tenant in ("acme", "globex")
    for step in ("references", "inputs", "activities")
}


def test_without_a_snapshot_the_catalog_pipelines_are_not_built(
    platform: Platform, catalog: dict[str, Any], messages: list[str]
) -> None:
    defs = catalog_state.definitions_with_state(platform.instance)
    assert not asset_keys(defs) & CATALOG_CHAINS
    assert "metrics/site__co2" not in asset_keys(defs)
    assert any("no catalog snapshot yet; run `sif pipelines refresh`" in m for m in messages)
    # Outside an instance (the CLI's `runs.definitions()`) there is no state to read either.
    assert not asset_keys(platform.defs) & CATALOG_CHAINS


def test_refresh_snapshots_the_catalog_and_the_location_builds_it_without_the_database(
    platform: Platform, catalog: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    [refreshed] = catalog_state.refresh_defs_state(platform.instance)
    assert refreshed.key == STATE_KEY
    snapshot = refreshed.state
    assert [t["tenant"] for t in snapshot["tenants"]] == ["acme", "globex"]  # not the library tenant
    acme = snapshot["tenants"][0]
    assert [(p["name"], p["version"]) for p in acme["pipelines"]] == [("electricity", 2)]  # not `retired`
    assert sorted(m["name"] for m in acme["metrics"]) == ["ghg:total", "site:co2"]
    assert catalog_state.snapshot_lines(snapshot) == [
        "acme: 1 pipelines (acme__electricity), 2 metrics",
        "globex: 1 pipelines (globex__electricity), 1 metrics",
    ]

    # From here on the catalog's database cannot be reached, and the component may not even try.
    monkeypatch.setenv("SIF_DATABASE_URL", UNREACHABLE_DATABASE)
    forget_services()

    def no_catalog(*args: object) -> None:
        raise AssertionError("the catalog was read while loading definitions")

    monkeypatch.setattr(catalog_pipelines, "services_for", no_catalog)
    monkeypatch.setattr(catalog_pipelines, "catalog_snapshot", no_catalog)

    defs = catalog_state.definitions_with_state(platform.instance)
    dg.Definitions.validate_loadable(defs)
    keys = asset_keys(defs)
    assert keys >= CATALOG_CHAINS
    assert {"metrics/site__co2", "pipelines/household_electricity/activities", "metrics/ghg__total"} <= keys
    assert not {k for k in keys if "retired" in k}

    node = defs.resolve_asset_graph().get(dg.AssetKey(["pipelines", "acme__electricity", "activities"]))
    assert node.group_name == "pipeline_acme__electricity"
    metadata = node.metadata
    assert (metadata["sif/pipeline"], metadata["sif/pipeline_version"], metadata["sif/tenant"]) == (
        "electricity",
        2,
        "acme",
    )
    assert metadata["sif/source"] == f"catalog:acme/{catalog['id']}@v2"
    assert ":kwh*0.5" in metadata["formulas"].value and ":kwh*0.4" not in metadata["formulas"].value
    assert metadata["sif/metric_links"].value == {"site:co2": ["co2"]}
    assert node.code_version == definition_from_catalog("acme", catalog).formula_fingerprint
    assert defs.resolve_job_def("acme__electricity_job").name == "acme__electricity_job"

    # One metric asset per name, whoever feeds it: the catalog's own, and a YAML one fed by both.
    assert parents(defs, "metrics/site__co2") == {"pipelines/acme__electricity/activities"}
    assert "metrics/site__co2" in parents(defs, "metrics/ghg__total")
    assert parents(defs, "metrics/ghg__scope2__electricity") == {
        "pipelines/household_electricity/activities",
        "pipelines/globex__electricity/activities",
    }
    site = defs.resolve_asset_graph().get(dg.AssetKey(["metrics", "site__co2"]))
    assert site.metadata["output_metrics"] == "ghg:total"


def test_the_component_alone_builds_chains_and_hands_its_metrics_over(
    platform: Platform, catalog: dict[str, Any]
) -> None:
    catalog_state.refresh_defs_state(platform.instance, keys=[STATE_KEY])
    with catalog_state.state_in_context(platform.instance):
        defs = dg.component_defs(component=CatalogPipelinesComponent())
    keys = {
        key.to_user_string()
        for a in defs.assets or []
        for key in ([a.key] if isinstance(a, dg.SourceAsset) else a.keys)  # type: ignore[union-attr]
    }
    assert keys == CATALOG_CHAINS  # no metric assets: `MetricsComponent` builds those
    documents: Any = defs.metadata[DECLARED_METRICS].value
    declared = {m["name"]: m["outputMetrics"] for m in documents}
    assert declared == {"site:co2": ["ghg:total"], "ghg:total": [], "ghg:scope2:electricity": []}


def test_sif_pipelines_refresh_reports_the_snapshot(
    platform: Platform, catalog: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    result = CliRunner().invoke(app, ["pipelines", "refresh"])
    assert result.exit_code == 0, result.output
    assert f"refreshed {STATE_KEY}" in result.output
    assert "acme: 1 pipelines (acme__electricity), 2 metrics" in result.output
    with dg.DagsterInstance.get() as dagster:
        assert asset_keys(catalog_state.definitions_with_state(dagster)) >= CATALOG_CHAINS


def test_a_broken_catalog_store_is_one_error_line(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    monkeypatch.setenv("SIF_DATABASE_URL", UNREACHABLE_DATABASE)
    forget_services()
    result = CliRunner().invoke(app, ["pipelines", "refresh"])
    assert result.exit_code == 2
    assert result.output.startswith("error: pipelines refresh: the catalog cannot be read:")


@pytest.mark.slow
def test_a_catalog_pipeline_partition_materialises_end_to_end(
    platform: Platform, catalog: dict[str, Any], tmp_path: Path
) -> None:
    catalog_state.refresh_defs_state(platform.instance)
    defs = catalog_state.definitions_with_state(platform.instance)
    pipeline = definition_from_catalog("acme", catalog)
    readings = write_csv(
        tmp_path / "readings.csv",
        "reading_date,meter,kwh",
        ["2024-01-05,m1,100", "2024-01-20,m2,40.5", "2024-02-01,m1,7"],
    )
    runs.register_tenants(platform.instance, ["acme"])
    landed = land_file(
        pipeline,
        tenant="acme",
        group=pipeline.group,
        source=readings,
        object_store=platform.services.object_store,
        executions=platform.services.executions,
    )
    assert dict(landed.months) == {"2024-01": 2, "2024-02": 1}

    [outcome] = runs.run_partitions(
        defs, platform.instance, runs.pipeline_selection(pipeline.key), ["2024-01|acme"]
    )
    assert outcome.success, outcome.failure
    assert not outcome.failed_checks

    store = platform.services.activity_store
    frame = store.latest_activities("acme", "acme__electricity", months=["2024-01"])
    co2 = {str(d)[:10]: Decimal(str(v)) for d, v in zip(frame["date"], frame["co2"], strict=True)}
    assert co2 == {"2024-01-05": Decimal("50.0"), "2024-01-20": Decimal("20.25")}  # version 2: kWh x 0.5
    month = store.metric_values("acme", "site:co2", "month", groups=["/"])
    january = month[month["date"].astype(str) == "2024-01-01"].iloc[0]
    assert Decimal(str(january["group_value"])) == Decimal("70.25")
    materialized = {
        key.to_user_string()
        for key in (
            dg.AssetKey(["pipelines", "acme__electricity", "activities"]),
            dg.AssetKey(["metrics", "site__co2"]),
            dg.AssetKey(["metrics", "ghg__total"]),
        )
        if platform.instance.get_latest_materialization_event(key) is not None
    }
    assert materialized == {
        "pipelines/acme__electricity/activities",
        "metrics/site__co2",
        "metrics/ghg__total",
    }
