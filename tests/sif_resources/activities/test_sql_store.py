"""The SQL activity and metric store on SQLite and PostgreSQL: slice replacement and history, latest-view
semantics, exact decimals, metric day replacement and roll-up upserts, read filters."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from sif_resources.activities.sql_store import SqlActivityStore
from sif_resources.pipelines.definition import MetricInput
from tests.sif_resources.activities.sql_store_support import (
    ENGINES,
    MONTH,
    PIPELINE,
    T2,
    TENANT,
    EngineFactory,
    activity_slice,
    metric_slice,
    open_store,
    row,
)

CO2E = [MetricInput(PIPELINE, "co2e")]


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlActivityStore]:
    factory: EngineFactory = request.param
    with open_store(factory, tmp_path) as fresh:
        yield fresh


def latest_ids(store: SqlActivityStore, **filters: object) -> list[str]:
    return store.latest_activities(TENANT, PIPELINE, **filters)["activity_id"].tolist()  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- activity slices


def test_a_slice_reads_back_as_its_latest_view(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice(
            [
                row("b", day=7, keys=["m2"], number=2, co2e="2.50", fuel="gas"),
                row("a", day=5, number=1, co2e="1.25", fuel="gas"),
            ]
        )
    )

    latest = store.latest_activities(TENANT, PIPELINE)

    assert list(latest.columns) == [
        "activity_id", "group_id", "date", "unique_keys", "execution_id", "row_number", "run_id",
        "computed_at", "co2e", "fuel",
    ]  # fmt: skip
    assert latest["activity_id"].tolist() == ["a", "b"]  # by date
    assert latest["co2e"].tolist() == ["1.25", "2.50"]
    assert latest.iloc[1]["date"] == "2024-01-07T00:00:00.000Z"
    assert latest.iloc[1]["unique_keys"] == '["m2"]'
    assert latest.iloc[1]["row_number"] == 2
    assert set(latest["run_id"]) == {"run-1"}
    assert latest.iloc[0]["computed_at"].isoformat() == "2024-02-01T09:00:00+00:00"


def test_a_second_write_replaces_latest_daily_and_errors_while_history_grows(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice(
            [row("a", co2e="1.0"), row("b", co2e="2.0")],
            daily=[("/acme/site1", "2024-01-05", "co2e", "3.0")],
            errors=[("exec-1", 3, "co2e", "bad number"), ("exec-1", 4, None, "unreadable row")],
            factor_versions={"impact:platform:gas": {"name": "gas", "version": 1}},
        )
    )
    store.write_activity_slice(
        activity_slice(
            [row("a", co2e="1.5", execution="exec-2"), row("c", day=9, co2e="4.0", execution="exec-2")],
            run_id="run-2",
            computed_at=T2,
            daily=[
                ("/acme/site1", "2024-01-05", "co2e", "1.5"),
                ("/acme/site1", "2024-01-09", "co2e", "4.0"),
            ],
            factor_versions={"impact:platform:gas": {"name": "gas", "version": 2}},
            input_rows=7,
        )
    )

    latest = store.latest_activities(TENANT, PIPELINE)
    assert latest[["activity_id", "co2e", "run_id"]].values.tolist() == [
        ["a", "1.5", "run-2"],
        ["c", "4.0", "run-2"],
    ]
    sums = store.daily_sums(TENANT, CO2E, MONTH)
    assert sums.values.tolist() == [
        ["/acme/site1", "2024-01-05", Decimal("1.5")],
        ["/acme/site1", "2024-01-09", Decimal("4.0")],
    ]
    assert store.errors(TENANT, PIPELINE, MONTH).empty
    history = store.activity_history(TENANT, PIPELINE, "a")
    assert history["co2e"].tolist() == ["1.0", "1.5"]  # oldest first
    assert history["run_id"].tolist() == ["run-1", "run-2"]
    assert [v["impact:platform:gas"]["version"] for v in history["factor_versions"]] == [1, 2]
    assert store.activity_history(TENANT, PIPELINE, "b")["run_id"].tolist() == ["run-1"]
    runs = store.runs(TENANT, PIPELINE, MONTH)
    assert runs[["run_id", "rows", "latest_rows", "errors", "is_current"]].values.tolist() == [
        ["run-1", 2, 2, 2, False],
        ["run-2", 2, 2, 0, True],
    ]
    assert runs["factor_versions"].iloc[0] == {"impact:platform:gas": {"name": "gas", "version": 1}}
    assert store.slice_counts(TENANT, PIPELINE, MONTH) == {
        "latest_rows": 2,
        "history_rows": 4,
        "errors": 0,
        "input_rows": 7,
        "rows": 2,
        "run_id": "run-2",
    }
    assert store.last_factor_versions(TENANT, PIPELINE) == {
        MONTH: {"impact:platform:gas": {"name": "gas", "version": 2}}
    }


def test_errors_are_stored_per_slice_with_their_run(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice([row("a", co2e="1")], errors=[("exec-1", 3, "co2e", "Row '3' column 'co2e' ...")])
    )

    errors = store.errors(TENANT, PIPELINE, MONTH)

    assert errors.values.tolist() == [["exec-1", 3, "co2e", "Row '3' column 'co2e' ...", "run-1"]]
    assert store.slice_counts(TENANT, PIPELINE, MONTH)["errors"] == 1


def test_deleted_and_superseded_versions_stay_in_history_only(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice(
            [
                row("a", number=1, latest=False, co2e="1.0"),
                row("a", number=2, co2e="1.1"),
                row("b", number=3, latest=False, co2e="5.0"),
                row("b", execution="exec-2", number=1, action="delete", co2e=None),
            ]
        )
    )

    assert latest_ids(store) == ["a"]
    assert store.latest_activities(TENANT, PIPELINE)["co2e"].tolist() == ["1.1"]
    history = store.activity_history(TENANT, PIPELINE, "b")
    assert history[["action", "is_latest", "co2e"]].values.tolist() == [
        ["create", False, "5.0"],
        ["delete", True, None],
    ]
    assert store.slice_counts(TENANT, PIPELINE, MONTH)["latest_rows"] == 1


def test_a_slice_naming_one_activity_latest_twice_is_refused(store: SqlActivityStore) -> None:
    with pytest.raises(ValueError, match="'a' has more than one latest version"):
        store.write_activity_slice(activity_slice([row("a", co2e="1"), row("a", number=2, co2e="2")]))

    assert store.runs(TENANT, PIPELINE).empty


def test_slices_of_other_months_pipelines_and_tenants_are_left_alone(store: SqlActivityStore) -> None:
    store.write_activity_slice(activity_slice([row("jan", co2e="1")]))
    store.write_activity_slice(activity_slice([row("feb", month="2024-02", co2e="2")], month="2024-02"))
    store.write_activity_slice(activity_slice([row("other", co2e="3")], pipeline_key="electricity"))
    store.write_activity_slice(activity_slice([row("theirs", co2e="4")], tenant="globex"))

    store.write_activity_slice(activity_slice([row("jan2", co2e="5")], run_id="run-2"))

    assert latest_ids(store) == ["jan2", "feb"]
    assert store.latest_activities(TENANT, "electricity")["activity_id"].tolist() == ["other"]
    assert store.latest_activities("globex", PIPELINE)["activity_id"].tolist() == ["theirs"]
    assert store.activity_history(TENANT, PIPELINE, "theirs").empty  # another tenant's activity


def test_a_dagster_partition_key_names_the_same_month(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice([row("a", co2e="1")], month="2024-01-01", daily=[("/g", "2024-01-05", "co2e", "1")])
    )

    assert latest_ids(store, months=["2024-01"]) == ["a"]
    assert store.slice_counts(TENANT, PIPELINE, "2024-01")["latest_rows"] == 1
    assert store.daily_sums(TENANT, CO2E, "2024-01-01")["value"].tolist() == [Decimal("1")]
    assert store.runs(TENANT, PIPELINE)["month"].tolist() == ["2024-01"]


def test_an_empty_slice_replaces_the_previous_one(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice([row("a", co2e="1")], daily=[("/g", "2024-01-05", "co2e", "1")])
    )

    store.write_activity_slice(activity_slice([], run_id="run-2"))

    assert latest_ids(store) == []
    assert store.daily_sums(TENANT, CO2E, MONTH).empty
    assert store.slice_counts(TENANT, PIPELINE, MONTH)["history_rows"] == 1


def test_write_activity_slices_keeps_the_slices_written_before_a_failure(store: SqlActivityStore) -> None:
    good = activity_slice([row("jan", co2e="1")])
    bad = activity_slice(
        [row("feb", month="2024-02", co2e="2")], month="2024-02", daily=[("/g", "x", "co2e", 0.5)]
    )

    with pytest.raises(ValueError, match="not an exact decimal"):
        store.write_activity_slices([good, bad])

    assert latest_ids(store) == ["jan"]
    assert store.runs(TENANT, PIPELINE)["month"].tolist() == ["2024-01"]


def test_concurrent_writers_of_one_slice_leave_one_of_them_whole(store: SqlActivityStore) -> None:
    slices = [
        activity_slice([row(f"{run}-{n}", co2e=str(n)) for n in range(200)], run_id=run)
        for run in ("r1", "r2")
    ]
    failures: list[BaseException] = []

    def write(index: int) -> None:
        try:
            store.write_activity_slice(slices[index])
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    latest = store.latest_activities(TENANT, PIPELINE)
    winner = store.slice_counts(TENANT, PIPELINE, MONTH)["run_id"]
    assert set(latest["run_id"]) == {winner}
    assert sorted(latest["activity_id"]) == sorted(f"{winner}-{n}" for n in range(200))


# --------------------------------------------------------------------------------------------------- reads


def test_latest_activities_filter_by_month_date_group_and_unique_keys(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice(
            [
                row("a", day=3, keys=["m1", "north"], co2e="1"),
                row("b", day=10, keys=["m2", "north"], group="/acme/site2", co2e="2"),
                row("c", day=31, keys=["m1", "south"], co2e="3"),
            ]
        )
    )
    store.write_activity_slice(
        activity_slice([row("d", day=1, month="2024-02", keys=["m1", "north"], co2e="4")], month="2024-02")
    )

    assert latest_ids(store) == ["a", "b", "c", "d"]
    assert latest_ids(store, months=["2024-02"]) == ["d"]
    assert latest_ids(store, date_from="2024-01-10") == ["b", "c", "d"]
    assert latest_ids(store, date_to="2024-01-31") == ["a", "b", "c"]  # a date covers its whole day
    assert latest_ids(store, date_from="2024-01-04", date_to="2024-02-01") == ["b", "c", "d"]
    assert latest_ids(store, date_to="2024-01-10T00:00:00Z") == ["a", "b"]
    assert latest_ids(store, date_to="2024-01-09T23:59:59.999Z") == ["a"]
    assert latest_ids(store, group="/acme/site2") == ["b"]
    assert latest_ids(store, group=["/acme/site1"], months=["2024-01"]) == ["a", "c"]
    assert latest_ids(store, unique_keys=["m1"]) == ["a", "c", "d"]
    assert latest_ids(store, unique_keys=[None, "north"]) == ["a", "b", "d"]
    assert latest_ids(store, unique_keys=["m1", "south"]) == ["c"]


def test_outputs_are_the_union_over_rows_and_never_shadow_row_columns(store: SqlActivityStore) -> None:
    shadowing = row("b", day=2)
    shadowing["values"] = json.dumps({"fuel": "coal", "date": "x"})  # an output named like a row column
    store.write_activity_slice(activity_slice([row("a", day=1, co2e="1"), shadowing]))

    latest = store.latest_activities(TENANT, PIPELINE)

    assert latest[["co2e", "fuel", "date__output"]].values.tolist() == [
        ["1", None, None],
        [None, "coal", "x"],
    ]
    assert latest["date"].tolist() == ["2024-01-01T00:00:00.000Z", "2024-01-02T00:00:00.000Z"]


def test_outputs_that_are_not_text_come_back_as_written(store: SqlActivityStore) -> None:
    numeric = row("a")
    numeric["values"] = '{"co2e": 1.10, "ok": true, "n": null}'
    store.write_activity_slice(activity_slice([numeric, row("b", day=6, co2e="2")]))

    latest = store.latest_activities(TENANT, PIPELINE)

    assert latest[["co2e", "ok", "n"]].values.tolist() == [["1.10", True, None], ["2", None, None]]


def test_reads_of_nothing_are_empty_frames_with_their_columns(store: SqlActivityStore) -> None:
    assert list(store.latest_activities(TENANT, PIPELINE).columns)[:3] == ["activity_id", "group_id", "date"]
    assert store.activity_history(TENANT, PIPELINE, "nope").empty
    assert list(store.daily_sums(TENANT, CO2E, MONTH).columns) == ["group_id", "day", "value"]
    assert list(store.metric_values(TENANT, "m", "day").columns) == [
        "group_id", "date", "group_value", "sub_groups_value", "hierarchy_value",
    ]  # fmt: skip
    assert store.slice_counts(TENANT, PIPELINE, MONTH) == {
        "latest_rows": 0, "history_rows": 0, "errors": 0, "input_rows": 0, "rows": 0, "run_id": None,
    }  # fmt: skip
    assert store.runs(TENANT, PIPELINE).empty
    assert store.last_factor_versions(TENANT, PIPELINE) == {}


# ------------------------------------------------------------------------------------------- exact decimals


def test_daily_sums_are_exact_over_many_outputs(store: SqlActivityStore) -> None:
    # 400 outputs feed one metric: each group and day sums 400 values of 13 decimals, which floats cannot.
    outputs = [f"o{n}" for n in range(400)]
    daily = [
        (group, f"2024-01-{day:02d}", output, f"{n * 7919 % 100_000}.{(n * 104_729 + day) % 10**13:013d}")
        for n, output in enumerate(outputs)
        for group in ("/acme/site1", "/acme/site2")
        for day in (1, 2, 3)
    ]
    store.write_activity_slice(activity_slice([], daily=daily))

    sums = store.daily_sums(TENANT, [MetricInput(PIPELINE, o) for o in outputs], MONTH)

    with localcontext() as exact:
        exact.prec = 100
        expected: dict[tuple[str, str], Decimal] = {}
        for group, day, _, value in daily:
            expected[(group, day)] = expected.get((group, day), Decimal(0)) + Decimal(value)
    assert {(g, d): v for g, d, v in sums.itertuples(index=False)} == expected
    assert all(isinstance(v, Decimal) for v in sums["value"])
    floats = sum(
        float(value) for group, day, _, value in daily if (group, day) == ("/acme/site1", "2024-01-01")
    )
    assert Decimal(repr(floats)) != expected[("/acme/site1", "2024-01-01")]  # the test would catch floats


def test_daily_sums_add_every_feeding_pipeline_output_per_group_and_day(store: SqlActivityStore) -> None:
    store.write_activity_slice(
        activity_slice(
            [],
            daily=[
                ("/g1", "2024-01-01", "co2e", "0.1"),
                ("/g1", "2024-01-01", "ch4", "0.2"),
                ("/g1", "2024-01-02", "co2e", "1"),
                ("/g2", "2024-01-01", "co2e", "10.000"),
            ],
        )
    )
    store.write_activity_slice(
        activity_slice([], pipeline_key="electricity", daily=[("/g1", "2024-01-01", "kwh_co2e", "0.30")])
    )
    store.write_activity_slice(
        activity_slice([], month="2024-02", daily=[("/g1", "2024-02-01", "co2e", "9")])
    )

    inputs = [
        MetricInput(PIPELINE, "co2e"),
        MetricInput(PIPELINE, "ch4"),
        MetricInput("electricity", "kwh_co2e"),
    ]
    sums = store.daily_sums(TENANT, inputs, MONTH)

    assert sums.values.tolist() == [
        ["/g1", "2024-01-01", Decimal("0.60")],
        ["/g1", "2024-01-02", Decimal("1")],
        ["/g2", "2024-01-01", Decimal("10.000")],
    ]
    assert str(sums["value"].iloc[2]) == "10.000"  # the scale written is the scale read
    assert store.daily_sums(TENANT, [], MONTH).empty


def test_floats_and_non_numbers_are_refused_as_values(store: SqlActivityStore) -> None:
    for bad in (0.1, "1,5", "NaN", None):
        with pytest.raises(ValueError):
            store.write_activity_slice(activity_slice([], daily=[("/g", "2024-01-01", "co2e", bad)]))
    with pytest.raises(ValueError, match="not an exact decimal"):
        store.write_metric_slice(metric_slice([("/g", "day", "2024-01-01", 1.5, "0")]))

    assert store.runs(TENANT, PIPELINE).empty
    assert store.metric_history(TENANT, "ghg:scope1").empty


# -------------------------------------------------------------------------------------------------- metrics


def test_metric_values_carry_exact_group_subgroup_and_hierarchy_values(store: SqlActivityStore) -> None:
    store.write_metric_slice(
        metric_slice(
            [
                ("/usa", "year", "2024-01-01", "0", "356.77"),
                ("/usa/company1", "year", "2024-01-01", "310.97", "0"),
                ("/usa/company1", "day", "2024-01-02", "0.1000000000001", "0.2"),
            ]
        )
    )

    years = store.metric_values(TENANT, "ghg:scope1", "year", date_from="2024-01-01")

    assert years.values.tolist() == [
        ["/usa", "2024-01-01", Decimal("0"), Decimal("356.77"), Decimal("356.77")],
        ["/usa/company1", "2024-01-01", Decimal("310.97"), Decimal("0"), Decimal("310.97")],
    ]
    days = store.metric_values(TENANT, "ghg:scope1", "day")
    assert days["hierarchy_value"].tolist() == [Decimal("0.3000000000001")]


def test_a_metric_slice_replaces_its_month_of_days_and_upserts_its_periods(store: SqlActivityStore) -> None:
    store.write_metric_slice(
        metric_slice(
            [("/g", "day", "2024-02-01", "7", "0"), ("/g", "month", "2024-02-01", "7", "0")], month="2024-02"
        )
    )
    store.write_metric_slice(
        metric_slice(
            [
                ("/g", "day", "2024-01-01", "1", "0"),
                ("/g", "day", "2024-01-08", "2", "0"),
                ("/h", "day", "2024-01-08", "5", "1"),
                ("/g", "week", "2024-01-01", "1", "0"),
                ("/g", "week", "2024-01-08", "2", "0"),
                ("/g", "month", "2024-01-01", "3", "0"),
                ("/g", "quarter", "2024-01-01", "3", "0"),
                ("/g", "year", "2024-01-01", "3", "0"),
            ]
        )
    )

    store.write_metric_slice(
        metric_slice(
            [
                ("/g", "day", "2024-01-08", "4", "0"),
                ("/g", "week", "2024-01-08", "4", "0"),
                ("/g", "month", "2024-01-01", "4", "0"),
                ("/g", "quarter", "2024-01-01", "4", "0"),
                ("/g", "year", "2024-01-01", "11", "0"),
            ],
            run_id="run-2",
        )
    )

    days = store.metric_days(TENANT, "ghg:scope1", "2024-01-01", "2024-02-29")
    assert days.values.tolist() == [
        ["/g", "2024-01-08", Decimal("4"), Decimal("0")],  # /g's Jan 1 and /h's Jan 8 are gone with the month
        ["/g", "2024-02-01", Decimal("7"), Decimal("0")],  # another month's days stay
    ]
    weeks = store.metric_values(TENANT, "ghg:scope1", "week")
    assert weeks[["date", "group_value"]].values.tolist() == [
        ["2024-01-01", Decimal("1")],  # not in the new slice: kept
        ["2024-01-08", Decimal("4")],
    ]
    months = store.metric_values(TENANT, "ghg:scope1", "month")
    assert months[["date", "group_value"]].values.tolist() == [
        ["2024-01-01", Decimal("4")],
        ["2024-02-01", Decimal("7")],
    ]
    assert store.metric_values(TENANT, "ghg:scope1", "year")["group_value"].tolist() == [Decimal("11")]
    history = store.metric_history(TENANT, "ghg:scope1")
    assert len(history) == 2 + 8 + 5
    assert history["run_id"].tolist()[-5:] == ["run-2"] * 5


def test_metric_reads_filter_by_dates_and_groups(store: SqlActivityStore) -> None:
    store.write_metric_slice(
        metric_slice(
            [
                ("/a", "day", "2024-01-01", "1", "0"),
                ("/b", "day", "2024-01-15", "2", "0"),
                ("/a", "day", "2024-01-31", "3", "0"),
            ]
        )
    )
    store.write_metric_slice(metric_slice([("/a", "day", "2024-01-01", "9", "0")], metric="other"))
    store.write_metric_slice(metric_slice([("/a", "day", "2024-01-01", "8", "0")], tenant="globex"))

    def dates(**filters: object) -> list[str]:
        return store.metric_values(TENANT, "ghg:scope1", "day", **filters)["date"].tolist()  # type: ignore[arg-type]

    assert dates() == ["2024-01-01", "2024-01-15", "2024-01-31"]
    assert dates(date_from="2024-01-15") == ["2024-01-15", "2024-01-31"]
    assert dates(date_to="2024-01-15") == ["2024-01-01", "2024-01-15"]
    assert dates(groups=["/a"]) == ["2024-01-01", "2024-01-31"]
    assert dates(date_to="2024-01-31T12:00:00") == ["2024-01-01", "2024-01-15", "2024-01-31"]
    days = store.metric_days(TENANT, "ghg:scope1", "2024-01-02", "2024-02-31")  # lenient month ends
    assert days[["group_id", "day"]].values.tolist() == [["/b", "2024-01-15"], ["/a", "2024-01-31"]]


def test_a_metric_slice_with_days_outside_its_month_is_refused(store: SqlActivityStore) -> None:
    with pytest.raises(ValueError, match="outside the slice's month"):
        store.write_metric_slice(metric_slice([("/g", "day", "2024-02-01", "1", "0")]))
    with pytest.raises(ValueError, match="unknown time units"):
        store.write_metric_slice(metric_slice([("/g", "decade", "2020-01-01", "1", "0")]))
