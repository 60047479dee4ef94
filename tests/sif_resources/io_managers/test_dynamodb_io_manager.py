"""`DynamoServingIOManager` against moto in server mode: outputs and inputs built with Dagster's context
builders over tenant x month partitions (the IO-manager contract, guide §2.16), and one real materialisation.
"""

# No `from __future__ import annotations`: Dagster checks the asset context annotation as a class.
import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal

import dagster as dg
import pandas as pd
import pytest

from sif_resources.activities.model import ACTIVITY_COLUMNS, METRIC_COLUMNS, ActivitySlice, MetricSlice
from sif_resources.io_managers.dynamodb import DynamoServingIOManager, serving_store
from tests.sif_resources.catalog.moto_dynamodb import moto_server, stop_moto_server

pytestmark = pytest.mark.aws

TENANT_MONTH = dg.MultiPartitionsDefinition(
    {
        "tenant": dg.DynamicPartitionsDefinition(name="tenant"),
        "month": dg.MonthlyPartitionsDefinition(start_date="2020-01", fmt="%Y-%m"),
    }
)
ACTIVITIES = dg.AssetKey(["activities", "electricity"])
METRICS = dg.AssetKey(["metrics", "scope1"])
COMPUTED_AT = datetime(2024, 4, 1, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def _stop_moto() -> Iterator[None]:
    yield
    stop_moto_server()


@pytest.fixture
def io_manager() -> Iterator[DynamoServingIOManager]:
    """An IO manager on a fresh serving table of the moto server, deleted afterwards."""
    server = moto_server()
    manager = DynamoServingIOManager(
        table_name=f"serving-{uuid.uuid4().hex[:12]}",
        endpoint_url=server.endpoint_url,
        region_name="us-east-1",
    )
    manager.store().ensure_table()
    try:
        yield manager
    finally:
        server.client().delete_table(TableName=manager.table_name)


@pytest.fixture
def instance() -> dg.DagsterInstance:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("tenant", ["acme", "globex"])
    return instance


def activities(tenant: str, month: str, count: int, run_id: str = "run-1") -> ActivitySlice:
    rows = pd.DataFrame(
        [
            {
                "activity_id": f"{tenant}-{month}-{i}",
                "group_id": f"/{tenant}",
                "date": f"{month}-01T00:00:00.000Z",
                "unique_keys": json.dumps([str(i)]),
                "execution_id": "exec-1",
                "row_number": i + 1,
                "action": "create",
                "is_latest": True,
                "values": json.dumps({"kwh": f"{i}.25"}),
            }
            for i in range(count)
        ],
        columns=list(ACTIVITY_COLUMNS),
    )
    return ActivitySlice(
        tenant=tenant,
        pipeline_key="electricity",
        month=month,
        run_id=run_id,
        computed_at=COMPUTED_AT,
        rows=rows,
        daily=pd.DataFrame(),
        errors=pd.DataFrame(),
        input_rows=count,
    )


def metric_values(tenant: str, month: str, value: str) -> MetricSlice:
    frame = pd.DataFrame(
        [
            {"group_id": f"/{tenant}", "time_unit": "day", "date": f"{month}-02", "group_value": value},
            {"group_id": f"/{tenant}", "time_unit": "month", "date": f"{month}-01", "group_value": value},
        ],
        columns=list(METRIC_COLUMNS),
    ).assign(sub_groups_value="0")
    return MetricSlice(
        tenant=tenant, metric="scope1", month=month, run_id="run-1", computed_at=COMPUTED_AT, values=frame
    )


def output_context(
    instance: dg.DagsterInstance, asset_key: dg.AssetKey, partition_key: str | None = None, **kwargs: object
) -> dg.OutputContext:
    return dg.build_output_context(
        asset_key=asset_key,
        partition_key=partition_key,
        asset_partitions_def=TENANT_MONTH,
        instance=instance,
        **kwargs,  # type: ignore[arg-type]
    )


def input_context(
    instance: dg.DagsterInstance, asset_key: dg.AssetKey, partition_key: str | None = None, **kwargs: object
) -> dg.InputContext:
    return dg.build_input_context(
        asset_key=asset_key,
        partition_key=partition_key,
        asset_partitions_def=TENANT_MONTH,
        instance=instance,
        **kwargs,  # type: ignore[arg-type]
    )


def full_range() -> dg.PartitionKeyRange:
    return dg.PartitionKeyRange("2024-01|acme", "2024-02|globex")


# --- outputs -------------------------------------------------------------------------------------------
def test_one_slice_is_written_with_its_row_count(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    context = output_context(instance, ACTIVITIES, "2024-03|acme")

    io_manager.handle_output(context, activities("acme", "2024-03", 30))

    assert len(io_manager.store().latest_activities("acme", "electricity", "2024-03")) == 30
    metadata = context.get_logged_metadata()
    assert metadata["rows_written"] == dg.IntMetadataValue(30)
    assert metadata["slices"] == dg.IntMetadataValue(1)
    assert metadata["rows_by_slice"] == dg.MetadataValue.json({"2024-03|acme": 30})


def test_a_single_run_backfill_writes_every_slice(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    context = output_context(instance, ACTIVITIES, asset_partition_key_range=full_range())
    assert len(context.asset_partition_keys) == 4
    slices = [
        activities(t, m, n)
        for n, (t, m) in enumerate(
            [("acme", "2024-01"), ("acme", "2024-02"), ("globex", "2024-01"), ("globex", "2024-02")], start=1
        )
    ]

    io_manager.handle_output(context, iter(slices))  # any iterable, e.g. a generator

    store = io_manager.store()
    assert [len(store.latest_activities(s.tenant, "electricity", s.month)) for s in slices] == [1, 2, 3, 4]
    metadata = context.get_logged_metadata()
    assert metadata["rows_written"] == dg.IntMetadataValue(10)
    assert metadata["rows_by_slice"] == dg.MetadataValue.json(
        {"2024-01|acme": 1, "2024-02|acme": 2, "2024-01|globex": 3, "2024-02|globex": 4}
    )


def test_slices_are_written_one_at_a_time(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    """A `SliceStream` computes each slice on demand: the previous one is stored before the next exists."""
    store = io_manager.store()
    produced: list[str] = []

    def stream() -> Iterator[ActivitySlice]:
        for month in ("2024-01", "2024-02"):
            if produced:
                assert store.activity_marker("acme", "electricity", produced[-1]) is not None
            produced.append(month)
            yield activities("acme", month, 2)

    context = output_context(instance, ACTIVITIES, asset_partition_key_range=full_range())
    io_manager.handle_output(context, stream())

    assert produced == ["2024-01", "2024-02"]


def test_the_endpoint_defaults_to_the_platform_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIF_AWS_ENDPOINT_URL", moto_server().endpoint_url)
    store = serving_store(f"serving-{uuid.uuid4().hex[:12]}", region_name="us-east-1")
    store.ensure_table()
    try:
        assert store.latest_activities("acme", "electricity", "2024-03").empty
    finally:
        moto_server().client().delete_table(TableName=store.table_name)


def test_metric_slices_are_written(io_manager: DynamoServingIOManager, instance: dg.DagsterInstance) -> None:
    io_manager.handle_output(
        output_context(instance, METRICS, "2024-03|acme"), metric_values("acme", "2024-03", "1.50")
    )

    frame = io_manager.store().metric_values("acme", "scope1", "month", "2024-03-01", "2024-03-31")
    assert list(frame["group_value"]) == [Decimal("1.5")]


def test_a_slice_outside_the_partitions_is_refused(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    context = output_context(instance, ACTIVITIES, "2024-03|acme")
    with pytest.raises(ValueError, match=r"2024-03\|globex"):
        io_manager.handle_output(
            context, [activities("acme", "2024-03", 1), activities("globex", "2024-03", 1)]
        )
    with pytest.raises(ValueError, match="two slices"):
        io_manager.handle_output(
            context, [activities("acme", "2024-03", 1), activities("acme", "2024-03", 2)]
        )


@pytest.mark.parametrize("obj", [None, "2024-03|acme", pd.DataFrame(), [activities("acme", "2024-03", 1), 3]])
def test_other_outputs_are_refused(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance, obj: object
) -> None:
    with pytest.raises(TypeError, match="ActivitySlice or MetricSlice"):
        io_manager.handle_output(output_context(instance, ACTIVITIES, "2024-03|acme"), obj)


# --- inputs --------------------------------------------------------------------------------------------
def write_all(manager: DynamoServingIOManager, slices: Sequence[ActivitySlice | MetricSlice]) -> None:
    store = manager.store()
    for item in slices:
        if isinstance(item, ActivitySlice):
            store.put_activity_slice(item)
        else:
            store.put_metric_slice(item)


def test_activities_of_a_partition_range_load_as_one_frame(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    write_all(
        io_manager,
        [
            activities("acme", "2024-01", 2),
            activities("globex", "2024-02", 3),
            activities("acme", "2024-05", 9),
        ],
    )

    frame = io_manager.load_input(input_context(instance, ACTIVITIES, asset_partition_key_range=full_range()))

    assert list(frame.columns) == ["tenant", "month", *ACTIVITY_COLUMNS]
    assert list(zip(frame["tenant"], frame["month"], frame["activity_id"], strict=True)) == [
        ("acme", "2024-01", "acme-2024-01-0"),
        ("acme", "2024-01", "acme-2024-01-1"),
        ("globex", "2024-02", "globex-2024-02-0"),
        ("globex", "2024-02", "globex-2024-02-1"),
        ("globex", "2024-02", "globex-2024-02-2"),
    ]


def test_an_unwritten_partition_loads_empty(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    frame = io_manager.load_input(input_context(instance, ACTIVITIES, "2024-03|globex"))
    assert frame.empty
    assert list(frame.columns) == ["tenant", "month", *ACTIVITY_COLUMNS]


def test_metric_values_load_with_tenant_and_month(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    write_all(
        io_manager,
        [
            metric_values("acme", "2024-01", "0.1"),
            metric_values("globex", "2024-02", "12345678901234567890.5"),
        ],
    )

    frame = io_manager.load_input(input_context(instance, METRICS, asset_partition_key_range=full_range()))

    assert list(frame.columns) == ["tenant", "month", *METRIC_COLUMNS]
    assert list(
        zip(frame["tenant"], frame["time_unit"], frame["date"], frame["group_value"], strict=True)
    ) == [
        ("acme", "day", "2024-01-02", Decimal("0.1")),
        ("acme", "month", "2024-01-01", Decimal("0.1")),
        ("globex", "day", "2024-02-02", Decimal("12345678901234567890.5")),
        ("globex", "month", "2024-02-01", Decimal("12345678901234567890.5")),
    ]


def test_inputs_must_be_served_tenant_month_assets(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    with pytest.raises(ValueError, match="keyed"):
        io_manager.load_input(input_context(instance, dg.AssetKey(["inputs", "electricity"]), "2024-03|acme"))
    monthly = dg.MonthlyPartitionsDefinition(start_date="2020-01", fmt="%Y-%m")
    context = dg.build_input_context(
        asset_key=ACTIVITIES, partition_key="2024-03", asset_partitions_def=monthly
    )
    with pytest.raises(ValueError, match="tenant x month"):
        io_manager.load_input(context)
    with pytest.raises(ValueError, match="not partitioned"):
        io_manager.load_input(dg.build_input_context(asset_key=ACTIVITIES))


# --- a real run ----------------------------------------------------------------------------------------
def test_materialise_and_load_through_the_io_manager(
    io_manager: DynamoServingIOManager, instance: dg.DagsterInstance
) -> None:
    @dg.asset(key=ACTIVITIES, partitions_def=TENANT_MONTH, io_manager_key="serving")
    def electricity(context: dg.AssetExecutionContext) -> ActivitySlice:
        keys = TENANT_MONTH.get_partition_key_from_str(context.partition_key).keys_by_dimension
        return activities(keys["tenant"], keys["month"], 27, run_id=context.run.run_id)

    @dg.asset(
        partitions_def=TENANT_MONTH, ins={"latest": dg.AssetIn(key=ACTIVITIES)}, io_manager_key="memory"
    )
    def activity_count(latest: pd.DataFrame) -> int:
        return len(latest)

    result = dg.materialize(
        [electricity, activity_count],
        partition_key="2024-03|globex",
        instance=instance,
        resources={"serving": io_manager, "memory": dg.InMemoryIOManager()},
    )

    assert result.success
    assert result.output_for_node("activity_count") == 27
    (materialisation,) = [
        event.materialization
        for event in result.get_asset_materialization_events()
        if event.materialization.asset_key == ACTIVITIES
    ]
    assert materialisation.metadata["rows_written"] == dg.IntMetadataValue(27)
    marker = io_manager.store().activity_marker("globex", "electricity", "2024-03")
    assert marker is not None and marker.run_id == result.run_id and marker.rows == 27
