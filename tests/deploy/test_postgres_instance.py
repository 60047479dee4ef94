"""Dagster's OWN storage on PostgreSQL: an instance built from `deploy/local-postgres/dagster.yaml` (the
production storage block without TLS) runs a real pipeline partition, and its runs, events and dynamic
partitions land in PostgreSQL.

What belongs here: tests that open a Dagster instance on the PostgreSQL server (fixture `dagster_database` in
`conftest.py`, a database per test). The platform's own stores (catalog, activities, objects) stay embedded
under `SIF_HOME` in `tmp_path`, so only Dagster's storage is under test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from dagster._core.storage.dagster_run import DagsterRunStatus
from dagster_postgres import (
    DagsterPostgresStorage,
    PostgresEventLogStorage,
    PostgresRunStorage,
    PostgresScheduleStorage,
)
from sqlalchemy.engine import URL

from calculator.pipeline_file import load_pipeline_file
from sif_assets.factories.metric_assets import build_metric_assets
from sif_assets.factories.pipeline_assets import build_pipeline_assets
from sif_assets.keys import ACTIVITIES, INPUTS, METRICS, activities_key, inputs_key, layer_selection
from sif_assets.partitions import TENANT, partition_key
from sif_resources.catalog.pipeline_files import import_pipeline_resources
from sif_resources.dagster_resources import build_resources
from sif_resources.executions.landing import land_file
from sif_resources.pipelines.definition import MetricDefinition, link_metrics
from sif_resources.pipelines.sources import definition_from_pipeline_file
from sif_resources.services import forget_services, services_for

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "household-electricity"
TENANT_ID = "acme"
MONTH = "2024-01"


@pytest.fixture
def instance(
    dagster_database: URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dg.DagsterInstance]:
    """A DAGSTER_HOME holding deploy/local-postgres/dagster.yaml, its DAGSTER_PG_* pointing at the fresh
    database; SIF_HOME in `tmp_path` with the embedded catalog, activity and object stores."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "local-postgres" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DAGSTER_PG_HOST", dagster_database.host or "127.0.0.1")
    monkeypatch.setenv("DAGSTER_PG_PORT", str(dagster_database.port or 5432))
    monkeypatch.setenv("DAGSTER_PG_USER", dagster_database.username or "postgres")
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", dagster_database.password or "")
    monkeypatch.setenv("DAGSTER_PG_DB", dagster_database.database or "")
    monkeypatch.setenv("SIF_HOME", str(tmp_path / "sif"))
    for name in ("SIF_DATABASE_URL", "SIF_OBJECT_STORE_URL", "SIF_CATALOG_BACKEND", "SIF_AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    forget_services()
    fresh = dg.DagsterInstance.get()
    try:
        yield fresh
    finally:
        fresh.dispose()
        forget_services()


def test_instance_storage_is_postgres(instance: dg.DagsterInstance, dagster_database: URL) -> None:
    storage = instance.get_ref().storage_data
    assert storage is not None and storage.class_name == DagsterPostgresStorage.__name__
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    engine = sa.create_engine(dagster_database)
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert {"runs", "run_tags", "event_logs", "dynamic_partitions", "jobs", "job_ticks"} <= tables
    engine = sa.create_engine(dagster_database)
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert {"runs", "run_tags", "event_logs", "dynamic_partitions", "jobs", "job_ticks"} <= tables


def test_pipeline_partition_run_is_stored_in_postgres(
    instance: dg.DagsterInstance, dagster_database: URL, tmp_path: Path
) -> None:
    services = services_for()
    pipeline_file = load_pipeline_file(EXAMPLE / "pipeline.yaml")
    import_pipeline_resources(services.catalog, TENANT_ID, pipeline_file)
    pipeline = definition_from_pipeline_file(pipeline_file, non_negative=["co2e_kg"])
    landed = land_file(
        pipeline,
        tenant=TENANT_ID,
        group=pipeline.group,
        source=EXAMPLE / "readings.csv",
        object_store=services.object_store,
        executions=services.executions,
    )
    assert MONTH in landed.months
    electricity = MetricDefinition("ghg:scope2:electricity", output_metrics=("ghg:total",))
    metrics = link_metrics([pipeline], [electricity])

    instance.add_dynamic_partitions(TENANT, [TENANT_ID])
    key = partition_key(TENANT_ID, MONTH)
    result = dg.materialize(
        [*build_pipeline_assets(pipeline), *build_metric_assets(metrics)],
        instance=instance,
        resources=build_resources(),
        partition_key=key,
        selection=layer_selection(INPUTS, ACTIVITIES, METRICS),
    )
    assert result.success
    materialized = {event.asset_key for event in result.get_asset_materialization_events() if event.asset_key}
    assert {inputs_key(pipeline.key), activities_key(pipeline.key)} <= materialized

    # The platform's stores stayed embedded under SIF_HOME; only Dagster's storage is PostgreSQL.
    assert (tmp_path / "sif" / "catalog.db").exists()
    assert not services.activity_store.latest_activities(TENANT_ID, pipeline.key).empty

    # Through the instance: the run, its tags, its materialisations and the tenant partition.
    run = instance.get_run_by_id(result.run_id)
    assert run is not None and run.status == DagsterRunStatus.SUCCESS
    assert run.tags[f"dagster/partition/{TENANT}"] == TENANT_ID
    assert instance.get_dynamic_partitions(TENANT) == [TENANT_ID]
    for asset_key in (inputs_key(pipeline.key), activities_key(pipeline.key)):
        records = instance.fetch_materializations(asset_key, limit=10).records
        assert [record.run_id for record in records] == [result.run_id]
        assert records[0].partition_key == key

    # Directly in PostgreSQL, in Dagster's own tables.
    engine = sa.create_engine(dagster_database)
    try:
        with engine.connect() as connection:
            status = connection.execute(
                sa.text("SELECT status FROM runs WHERE run_id = :run_id"), {"run_id": result.run_id}
            ).scalar_one()
            tenant_tag = connection.execute(
                sa.text("SELECT value FROM run_tags WHERE run_id = :run_id AND key = :key"),
                {"run_id": result.run_id, "key": f"dagster/partition/{TENANT}"},
            ).scalar_one()
            stored = connection.execute(
                sa.text(
                    "SELECT asset_key, partition FROM event_logs"
                    " WHERE run_id = :run_id AND dagster_event_type = 'ASSET_MATERIALIZATION'"
                ),
                {"run_id": result.run_id},
            ).all()
            partitions = (
                connection.execute(
                    sa.text("SELECT partition FROM dynamic_partitions WHERE partitions_def_name = :name"),
                    {"name": TENANT},
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert status == "SUCCESS"
    assert tenant_tag == TENANT_ID
    assert {(row.asset_key, row.partition) for row in stored} == {
        (asset_key.to_string(), key) for asset_key in materialized
    }
    assert partitions == [TENANT_ID]
