"""The DynamoDB serving store against moto in server mode: slice replacement, idempotence, batching, retries
of unprocessed items, crash repair and exact metric decimals.

Crashes and throttling are injected with botocore event hooks on the store's own client, so the store's
real request sequence runs and only the service's answer to one call changes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from sif_resources.activities.dynamodb_serving import DynamoServingStore
from sif_resources.activities.model import ACTIVITY_COLUMNS, METRIC_COLUMNS, ActivitySlice, MetricSlice
from tests.sif_resources.catalog.moto_dynamodb import moto_server, stop_moto_server

pytestmark = pytest.mark.aws

COMPUTED_AT = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)


class Crash(Exception):
    """Stands for the process dying at the request it is raised from."""


@pytest.fixture(scope="session", autouse=True)
def _stop_moto() -> Iterator[None]:
    yield
    stop_moto_server()


@pytest.fixture
def store() -> Iterator[DynamoServingStore]:
    """A store on a fresh serving table, deleted afterwards."""
    client = moto_server().client()
    table = f"serving-{uuid.uuid4().hex[:12]}"
    serving = DynamoServingStore(client, table)
    serving.ensure_table()
    try:
        yield serving
    finally:
        client.delete_table(TableName=table)


def activity_slice(
    run_id: str,
    ids: Sequence[int],
    *,
    tenant: str = "acme",
    pipeline: str = "electricity",
    month: str = "2024-03",
) -> ActivitySlice:
    """A slice whose latest view is the activities `ids`, plus an old version and a deletion that are not."""
    latest = [
        {
            "activity_id": f"act-{i:05d}",
            "group_id": "/acme/site1",
            "date": f"{month}-05T00:00:00.000Z",
            "unique_keys": json.dumps([f"meter-{i}"]),
            "execution_id": f"exec-{run_id}",
            "row_number": n + 1,
            "action": "create",
            "is_latest": True,
            "values": json.dumps({"kwh": f"{i}.50", "co2e": f"{run_id}-{i}"}),
        }
        for n, i in enumerate(ids)
    ]
    hidden = [
        {**latest[0], "is_latest": False, "values": json.dumps({"kwh": "old"})} if latest else None,
        {
            **(latest[0] if latest else {}),
            "activity_id": "act-deleted",
            "action": "delete",
            "is_latest": True,
        },
    ]
    rows = pd.DataFrame([row for row in [*latest, *hidden] if row], columns=list(ACTIVITY_COLUMNS))
    return ActivitySlice(
        tenant=tenant,
        pipeline_key=pipeline,
        month=month,
        run_id=run_id,
        computed_at=COMPUTED_AT,
        rows=rows,
        daily=pd.DataFrame(),
        errors=pd.DataFrame(),
        input_rows=len(rows),
    )


def metric_slice(run_id: str, month: str, values: Sequence[tuple[str, str, str, Any, Any]]) -> MetricSlice:
    """A metric slice of (group, unit, date, group value, sub-groups value) rows."""
    frame = pd.DataFrame(
        [
            {"group_id": g, "time_unit": u, "date": d, "group_value": v, "sub_groups_value": s}
            for g, u, d, v, s in values
        ],
        columns=list(METRIC_COLUMNS),
    )
    return MetricSlice(
        tenant="acme", metric="scope1", month=month, run_id=run_id, computed_at=COMPUTED_AT, values=frame
    )


def ids_of(frame: pd.DataFrame) -> list[str]:
    return list(frame["activity_id"])


def stored_items(store: DynamoServingStore) -> list[dict[str, Any]]:
    """Every item of the table, markers included (a Scan: tests only)."""
    client = store._client
    return [
        item
        for page in client.get_paginator("scan").paginate(TableName=store.table_name)
        for item in page["Items"]
    ]


def activity_items(store: DynamoServingStore) -> list[dict[str, Any]]:
    return [item for item in stored_items(store) if item["pk"]["S"].startswith("A#")]


def crash_on(store: DynamoServingStore, operation: str) -> Callable[[], None]:
    """Make every `operation` request of the store's client fail before it is sent; returns the undo."""

    def fail(**_: Any) -> None:
        raise Crash(operation)

    event = f"before-call.dynamodb.{operation}"
    store._client.meta.events.register(event, fail)
    return lambda: store._client.meta.events.unregister(event, fail)


# --- activities ----------------------------------------------------------------------------------------
def test_ensure_table_is_idempotent(store: DynamoServingStore) -> None:
    store.ensure_table()
    assert store.latest_activities("acme", "electricity", "2024-03").empty


def test_latest_view_round_trips(store: DynamoServingStore) -> None:
    written = store.put_activity_slice(activity_slice("run-a", [1, 2, 3]))

    frame = store.latest_activities("acme", "electricity", "2024-03")
    assert written == 3
    assert list(frame.columns) == list(ACTIVITY_COLUMNS)
    assert ids_of(frame) == ["act-00001", "act-00002", "act-00003"]  # no old version, no deletion
    first = frame.iloc[0]
    assert first["row_number"] == 1 and first["is_latest"] and first["action"] == "create"
    assert json.loads(first["values"]) == {"kwh": "1.50", "co2e": "run-a-1"}  # SIF text, trailing zero kept
    assert json.loads(first["unique_keys"]) == ["meter-1"]
    marker = store.activity_marker("acme", "electricity", "2024-03")
    assert marker is not None
    assert (marker.run_id, marker.rows, marker.computed_at) == ("run-a", 3, COMPUTED_AT)
    assert all(item["run_id"]["S"] == "run-a" for item in activity_items(store))


def test_replacing_a_slice_drops_removed_items(store: DynamoServingStore) -> None:
    store.put_activity_slice(activity_slice("run-a", range(10)))
    store.put_activity_slice(activity_slice("run-b", range(5, 15)))

    frame = store.latest_activities("acme", "electricity", "2024-03")
    assert ids_of(frame) == [f"act-{i:05d}" for i in range(5, 15)]
    assert set(frame["execution_id"]) == {"exec-run-b"}
    assert len(activity_items(store)) == 10  # run A's items are gone, not merely hidden


def test_rewriting_a_slice_is_idempotent(store: DynamoServingStore) -> None:
    slice_a = activity_slice("run-a", range(30))
    store.put_activity_slice(slice_a)
    first = store.latest_activities("acme", "electricity", "2024-03")
    items = activity_items(store)

    store.put_activity_slice(slice_a)

    pd.testing.assert_frame_equal(store.latest_activities("acme", "electricity", "2024-03"), first)
    assert sorted(map(str, activity_items(store))) == sorted(map(str, items))


def test_rewrite_by_the_same_run_with_fewer_rows_drops_them(store: DynamoServingStore) -> None:
    store.put_activity_slice(activity_slice("run-a", range(8)))
    store.put_activity_slice(activity_slice("run-a", range(3)))  # e.g. a retried step that computed less

    assert ids_of(store.latest_activities("acme", "electricity", "2024-03")) == [
        f"act-{i:05d}" for i in range(3)
    ]
    assert len(activity_items(store)) == 3


@pytest.mark.parametrize("count", [26, 101, 260])
def test_slices_larger_than_one_batch(store: DynamoServingStore, count: int) -> None:
    store.put_activity_slice(activity_slice("run-a", range(count)))
    assert len(store.latest_activities("acme", "electricity", "2024-03")) == count

    store.put_activity_slice(activity_slice("run-b", range(count // 2, count + 30)))

    frame = store.latest_activities("acme", "electricity", "2024-03")
    assert ids_of(frame) == [f"act-{i:05d}" for i in range(count // 2, count + 30)]
    assert len(activity_items(store)) == len(frame)


def test_unprocessed_items_are_resubmitted(store: DynamoServingStore) -> None:
    """The service takes only part of the first three BatchWriteItem requests (as when throttling) and
    reports the rest as UnprocessedItems; the store resubmits them until all are written."""
    client = store._client
    withheld: list[list[Any]] = []
    requests: list[int] = []

    def take_part(params: dict[str, Any], **_: Any) -> None:
        (table, writes), *_ = params["RequestItems"].items()
        requests.append(len(writes))
        if len(requests) <= 3 and len(writes) > 1:
            keep = len(writes) // 2
            withheld.append(writes[keep:])
            params["RequestItems"] = {table: writes[:keep]}

    def report_unprocessed(parsed: dict[str, Any], **_: Any) -> None:
        if withheld:
            parsed["UnprocessedItems"] = {store.table_name: withheld.pop()}

    client.meta.events.register("before-parameter-build.dynamodb.BatchWriteItem", take_part)
    client.meta.events.register("after-call.dynamodb.BatchWriteItem", report_unprocessed)
    try:
        store.put_activity_slice(activity_slice("run-a", range(40)))
    finally:
        client.meta.events.unregister("before-parameter-build.dynamodb.BatchWriteItem", take_part)
        client.meta.events.unregister("after-call.dynamodb.BatchWriteItem", report_unprocessed)

    # 25 (13 left unprocessed), 13 (7 left), 7 (4 left), 4; then the second chunk of 15.
    assert requests == [25, 13, 7, 4, 15]
    assert len(store.latest_activities("acme", "electricity", "2024-03")) == 40


def test_a_write_that_crashes_before_its_marker_is_invisible_then_repaired(store: DynamoServingStore) -> None:
    store.put_activity_slice(activity_slice("run-a", range(30)))
    undo = crash_on(store, "PutItem")  # the marker is the write's only PutItem
    try:
        with pytest.raises(Crash):
            store.put_activity_slice(activity_slice("run-b", range(20, 60)))
    finally:
        undo()

    frame = store.latest_activities("acme", "electricity", "2024-03")
    assert ids_of(frame) == [f"act-{i:05d}" for i in range(30)]
    assert set(frame["execution_id"]) == {"exec-run-a"}
    assert len(activity_items(store)) == 70  # run B's items are there, but no reader sees them

    store.put_activity_slice(activity_slice("run-b", range(20, 60)))

    frame = store.latest_activities("acme", "electricity", "2024-03")
    assert ids_of(frame) == [f"act-{i:05d}" for i in range(20, 60)]
    assert set(frame["execution_id"]) == {"exec-run-b"}
    assert len(activity_items(store)) == 40


def test_a_crash_after_the_marker_leaves_garbage_the_next_write_removes(store: DynamoServingStore) -> None:
    store.put_activity_slice(activity_slice("run-a", range(10)))
    client = store._client
    calls: list[int] = []

    def die_at_cleanup(params: dict[str, Any], **_: Any) -> None:
        (writes,) = params["RequestItems"].values()
        if any("DeleteRequest" in write for write in writes):
            calls.append(len(writes))
            raise Crash("cleanup")

    client.meta.events.register("before-parameter-build.dynamodb.BatchWriteItem", die_at_cleanup)
    try:
        with pytest.raises(Crash):
            store.put_activity_slice(activity_slice("run-b", range(5)))
    finally:
        client.meta.events.unregister("before-parameter-build.dynamodb.BatchWriteItem", die_at_cleanup)

    assert calls == [10]
    assert ids_of(store.latest_activities("acme", "electricity", "2024-03")) == [
        f"act-{i:05d}" for i in range(5)
    ]
    store.put_activity_slice(activity_slice("run-c", range(5)))
    assert len(activity_items(store)) == 5


def test_a_read_racing_a_write_reads_again(store: DynamoServingStore) -> None:
    """Run B commits and deletes run A's items between the reader's marker read and its Query."""
    store.put_activity_slice(activity_slice("run-a", range(10)))
    writer = DynamoServingStore(moto_server().client(), store.table_name)
    queries: list[str] = []

    def write_first(params: dict[str, Any], **_: Any) -> None:
        queries.append(params["ExpressionAttributeValues"][":run"]["S"])
        if len(queries) == 1:
            writer.put_activity_slice(activity_slice("run-b", range(3)))

    store._client.meta.events.register("before-parameter-build.dynamodb.Query", write_first)
    frame = store.latest_activities("acme", "electricity", "2024-03")

    assert queries == ["R#run-a#", "R#run-b#"]
    assert ids_of(frame) == ["act-00000", "act-00001", "act-00002"]
    assert set(frame["execution_id"]) == {"exec-run-b"}


def test_slices_are_independent_and_listed_by_month(store: DynamoServingStore) -> None:
    for month in ("2024-01", "2024-02", "2024-03"):
        store.put_activity_slice(activity_slice(f"run-{month}", range(3), month=month))
    store.put_activity_slice(activity_slice("run-x", range(7), tenant="globex"))
    store.put_activity_slice(activity_slice("run-y", range(4), pipeline="gas"))

    store.put_activity_slice(activity_slice("run-z", [], month="2024-02"))  # an emptied month

    assert len(store.latest_activities("acme", "electricity", "2024-01")) == 3
    assert store.latest_activities("acme", "electricity", "2024-02").empty
    assert len(store.latest_activities("acme", "electricity", "2024-03")) == 3
    assert len(store.latest_activities("globex", "electricity", "2024-03")) == 7
    assert len(store.latest_activities("acme", "gas", "2024-03")) == 4
    assert store.latest_activities("acme", "electricity", "2023-12").empty
    slices = store.activity_slices("acme", "electricity")
    assert [(s.month, s.run_id, s.rows) for s in slices] == [
        ("2024-01", "run-2024-01", 3),
        ("2024-02", "run-z", 0),
        ("2024-03", "run-2024-03", 3),
    ]
    assert [s.month for s in store.activity_slices("acme", "electricity", "2024-02", "2024-03")] == [
        "2024-02",
        "2024-03",
    ]


def test_key_parts_cannot_forge_another_slice(store: DynamoServingStore) -> None:
    store.put_activity_slice(activity_slice("run#1", range(2), tenant="a#b", pipeline="c"))
    store.put_activity_slice(activity_slice("run#2", range(5), tenant="a", pipeline="b#c"))

    assert len(store.latest_activities("a#b", "c", "2024-03")) == 2
    assert len(store.latest_activities("a", "b#c", "2024-03")) == 5


def test_an_activity_id_twice_in_the_latest_view_is_refused(store: DynamoServingStore) -> None:
    slice_a = activity_slice("run-a", [1, 1])
    with pytest.raises(ValueError, match="repeats an activity_id"):
        store.put_activity_slice(slice_a)


# --- metric values -------------------------------------------------------------------------------------
EXACT = "12345678901234567890.123456789012345678"  # 38 significant digits: beyond any float


def test_metric_values_are_exact_decimals(store: DynamoServingStore) -> None:
    store.put_metric_slice(
        metric_slice(
            "run-a",
            "2024-03",
            [
                ("/acme", "day", "2024-03-01", EXACT, "0"),
                ("/acme", "day", "2024-03-02", "0.1", Decimal("0.2")),
                ("/acme", "day", "2024-03-03", "-3.5000", None),
                ("/acme", "month", "2024-03-01", "1E+2", 7),
            ],
        )
    )

    days = store.metric_values("acme", "scope1", "day", "2024-03-01", "2024-03-31")
    assert list(days.columns) == list(METRIC_COLUMNS)
    assert list(days["group_value"]) == [Decimal(EXACT), Decimal("0.1"), Decimal("-3.5")]
    assert all(type(value) is Decimal for value in days["group_value"])
    assert days["group_value"].iloc[0] + days["group_value"].iloc[1] == Decimal(EXACT) + Decimal("0.1")
    assert list(days["sub_groups_value"]) == [Decimal(0), Decimal("0.2"), None]
    month = store.metric_values("acme", "scope1", "month", "2024-01-01", "2024-12-31")
    assert (month["group_value"].iloc[0], month["sub_groups_value"].iloc[0]) == (Decimal(100), Decimal(7))


def test_floats_and_bad_metric_rows_are_refused(store: DynamoServingStore) -> None:
    with pytest.raises(TypeError, match="not float"):
        store.put_metric_slice(metric_slice("r", "2024-03", [("/acme", "day", "2024-03-01", 0.1, "0")]))
    with pytest.raises(ValueError, match="outside its month"):
        store.put_metric_slice(metric_slice("r", "2024-03", [("/acme", "day", "2024-04-01", "1", "0")]))
    with pytest.raises(ValueError, match="two day values"):
        store.put_metric_slice(
            metric_slice(
                "r", "2024-03", [("/a", "day", "2024-03-01", "1", "0"), ("/a", "day", "2024-03-01", "2", "0")]
            )
        )
    with pytest.raises(ValueError, match="unknown time unit"):
        store.put_metric_slice(metric_slice("r", "2024-03", [("/acme", "decade", "2020-01-01", "1", "0")]))
    assert store.metric_marker("acme", "scope1", "2024-03") is None


def january(run: str, groups: Sequence[str] = ("/acme", "/acme/site1"), days: int = 3) -> MetricSlice:
    """January's slice: day values 1..`days` of each group, and each group's first quarter (value 1)."""
    values = [
        (g, "day", f"2024-01-{d:02d}", f"{d}.{len(g)}", "0") for g in groups for d in range(1, days + 1)
    ]
    return metric_slice(run, "2024-01", values + [(g, "quarter", "2024-01-01", "1", "0") for g in groups])


def test_day_values_are_replaced_and_periods_upserted(store: DynamoServingStore) -> None:
    store.put_metric_slice(january("run-a"))
    store.put_metric_slice(
        metric_slice(
            "run-f",
            "2024-02",
            [("/acme", "day", "2024-02-01", "5", "0"), ("/acme", "quarter", "2024-01-01", "30", "0")],
        )
    )

    # January again, for one group and one day: its other days go; February's day stays; the quarter is
    # the last written (January's rewrite).
    store.put_metric_slice(
        metric_slice(
            "run-b",
            "2024-01",
            [("/acme", "day", "2024-01-02", "2.25", "0"), ("/acme", "quarter", "2024-01-01", "31", "0")],
        )
    )

    days = store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-02-29")
    assert list(zip(days["group_id"], days["date"], days["group_value"], strict=True)) == [
        ("/acme", "2024-01-02", Decimal("2.25")),
        ("/acme", "2024-02-01", Decimal(5)),
    ]
    quarter = store.metric_values("acme", "scope1", "quarter", "2024-01-01", "2024-01-01")
    assert list(zip(quarter["group_id"], quarter["group_value"], strict=True)) == [
        ("/acme", Decimal(31)),
        ("/acme/site1", Decimal(1)),  # upserted, not replaced: January's first slice wrote it
    ]
    stored_days = [i for i in stored_items(store) if i["pk"]["S"].endswith("#day")]
    assert len(stored_days) == 2
    marker = store.metric_marker("acme", "scope1", "2024-01")
    assert marker is not None and (marker.run_id, marker.rows) == ("run-b", 2)
    assert all("unswept" not in i for i in stored_items(store) if i["pk"]["S"].startswith("MS#"))


def test_metric_rewrite_is_idempotent(store: DynamoServingStore) -> None:
    store.put_metric_slice(january("run-a", days=20))
    before = store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31")
    items = len(stored_items(store))

    store.put_metric_slice(january("run-a", days=20))

    pd.testing.assert_frame_equal(
        store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31"), before
    )
    assert len(before) == 40
    assert len(stored_items(store)) == items


def test_a_metric_write_that_crashes_before_its_marker_is_invisible(store: DynamoServingStore) -> None:
    store.put_metric_slice(january("run-a", days=31))  # 62 day values and 2 quarter values
    store.put_metric_slice(metric_slice("run-f", "2024-02", [("/acme", "quarter", "2024-01-01", "99", "0")]))
    before_days = store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31")
    before_quarter = store.metric_values("acme", "scope1", "quarter", "2024-01-01", "2024-01-01")

    crashed = metric_slice(
        "run-b",
        "2024-01",
        [(g, "day", f"2024-01-{d:02d}", "7", "1") for g in ("/acme", "/acme/other") for d in range(1, 16)]
        + [
            ("/acme", "quarter", "2024-01-01", "-1", "0"),
            ("/acme/other", "quarter", "2024-01-01", "-2", "0"),
        ],
    )
    undo = crash_on(store, "PutItem")
    try:
        with pytest.raises(Crash):
            store.put_metric_slice(crashed)
    finally:
        undo()

    # Every value of run B is written but the marker still names run A (and February for the quarter).
    pd.testing.assert_frame_equal(
        store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31"), before_days
    )
    pd.testing.assert_frame_equal(
        store.metric_values("acme", "scope1", "quarter", "2024-01-01", "2024-01-01"), before_quarter
    )
    assert list(before_quarter["group_value"]) == [Decimal(99), Decimal(1)]

    store.put_metric_slice(crashed)

    days = store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31")
    assert set(days["group_id"]) == {"/acme", "/acme/other"} and len(days) == 30
    assert set(days["group_value"]) == {Decimal(7)}
    quarter = store.metric_values("acme", "scope1", "quarter", "2024-01-01", "2024-03-31")
    assert list(zip(quarter["group_id"], quarter["group_value"], strict=True)) == [
        ("/acme", Decimal(-1)),
        ("/acme/other", Decimal(-2)),
        ("/acme/site1", Decimal(1)),
    ]
    assert len([i for i in stored_items(store) if i["pk"]["S"].endswith("#day")]) == 30


def test_crashed_metric_values_of_new_groups_are_swept(store: DynamoServingStore) -> None:
    store.put_metric_slice(january("run-a", groups=["/acme"], days=2))
    undo = crash_on(store, "PutItem")
    try:
        with pytest.raises(Crash):
            store.put_metric_slice(january("run-b", groups=["/acme/new"], days=2))
    finally:
        undo()
    assert list(store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31")["group_id"]) == [
        "/acme",
        "/acme",
    ]

    store.put_metric_slice(january("run-c", groups=["/acme"], days=1))  # a later run that lacks /acme/new

    day_items = [i for i in stored_items(store) if i["pk"]["S"].endswith("#day")]
    assert [i["group_id"]["S"] for i in day_items] == ["/acme"]


def test_metric_reads_by_group_and_date_bounds(store: DynamoServingStore) -> None:
    store.put_metric_slice(january("run-a", groups=["/acme", "/acme/site1", "/acme/site2"], days=5))

    some = store.metric_values(
        "acme", "scope1", "day", "2024-01-02", datetime(2024, 1, 4), groups=["/acme/site2", "/acme"]
    )
    assert list(zip(some["group_id"], some["date"], strict=True)) == [
        ("/acme", "2024-01-02"),
        ("/acme", "2024-01-03"),
        ("/acme", "2024-01-04"),
        ("/acme/site2", "2024-01-02"),
        ("/acme/site2", "2024-01-03"),
        ("/acme/site2", "2024-01-04"),
    ]
    assert store.metric_values("acme", "scope1", "day", "2024-01-01", "2024-01-31", groups=["/nowhere"]).empty
    assert store.metric_values("globex", "scope1", "day", "2024-01-01", "2024-01-31").empty
    with pytest.raises(ValueError, match="Unknown time unit"):
        store.metric_values("acme", "scope1", "fortnight", "2024-01-01", "2024-01-31")


def test_metric_slice_values_are_the_periods_touching_the_month(store: DynamoServingStore) -> None:
    store.put_metric_slice(
        metric_slice(
            "run-a",
            "2024-03",
            [
                ("/acme", "day", "2024-03-01", "1", "0"),
                ("/acme", "week", "2024-02-26", "2", "0"),  # the week holding 1 March starts in February
                ("/acme", "month", "2024-03-01", "3", "0"),
                ("/acme", "quarter", "2024-01-01", "4", "0"),
                ("/acme", "year", "2024-01-01", "5", "0"),
            ],
        )
    )
    store.put_metric_slice(metric_slice("run-b", "2024-04", [("/acme", "day", "2024-04-01", "9", "0")]))

    march = store.metric_slice_values("acme", "scope1", "2024-03")

    assert list(zip(march["time_unit"], march["date"], march["group_value"], strict=True)) == [
        ("day", "2024-03-01", Decimal(1)),
        ("week", "2024-02-26", Decimal(2)),
        ("month", "2024-03-01", Decimal(3)),
        ("quarter", "2024-01-01", Decimal(4)),
        ("year", "2024-01-01", Decimal(5)),
    ]
