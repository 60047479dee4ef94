"""Metric day values over the group tree and their calendar roll-ups (SIF §9.9), exact to the digit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sif_resources.activities.model import METRIC_COLUMNS
from sif_resources.domain.groups import children_of
from sif_resources.metrics import daily_metric_values, month_days, period_start, rollup_window, rollups

GROUPS = ["/", "/usa", "/usa/company1", "/usa/company2", "/uk", "/uk/branch", "/uk/branch/shop"]


def own(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(g, d, Decimal(v)) for g, d, v in rows], columns=["group_id", "day", "value"], dtype=object
    )


def inputs(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(g, d, Decimal(v)) for g, d, v in rows], columns=["group_id", "day", "group_value"], dtype=object
    )


def days_of(month: str) -> tuple[date, date]:
    return month_days(month)


def table(frame: pd.DataFrame) -> dict[tuple[str, str, str], tuple[str, str]]:
    return {(g, u, d): (gv, sv) for g, u, d, gv, sv in frame[list(METRIC_COLUMNS)].itertuples(index=False)}


# --- day values -------------------------------------------------------------------------------------------
def test_sif_worked_example() -> None:
    """Bills in /usa/company1 (310.97 for 2021) and /usa/company2 (45.80): the year query shows
    company1 310.97 / 0 and /usa 0 / 356.77 (SIF §9.9)."""
    own_daily = own(
        ("/usa/company1", "2021-03-01", "100.50"),
        ("/usa/company1", "2021-07-15", "210.47"),
        ("/usa/company2", "2021-07-15", "45.80"),
    )
    day_values = pd.concat(
        [
            daily_metric_values(
                groups=GROUPS, own_daily=own_daily, input_metric_days=inputs(), days=days_of(f"2021-{m:02}")
            )
            for m in range(1, 13)
        ],
        ignore_index=True,
    )
    assert table(day_values)[("/usa", "day", "2021-07-15")] == ("0", "256.27")
    year = {k: v for k, v in table(rollups(day_values, "2021-07")).items() if k[1] == "year"}
    assert year == {
        ("/", "year", "2021-01-01"): ("0", "356.77"),
        ("/usa", "year", "2021-01-01"): ("0", "356.77"),
        ("/usa/company1", "year", "2021-01-01"): ("310.97", "0"),
        ("/usa/company2", "year", "2021-01-01"): ("45.8", "0"),
    }


def test_day_rows_cover_every_ancestor_and_sum_children() -> None:
    result = daily_metric_values(
        groups=GROUPS,
        own_daily=own(
            ("/uk/branch/shop", "2024-01-05", "1.5"),
            ("/uk/branch/shop", "2024-01-05", "2.25"),  # two linked outputs on one day
            ("/uk", "2024-01-05", "10"),
            ("/usa/company1", "2024-01-06", "-3"),
        ),
        input_metric_days=inputs(),
        days=days_of("2024-01"),
    )
    assert list(result.columns) == list(METRIC_COLUMNS)
    assert table(result) == {
        ("/", "day", "2024-01-05"): ("0", "13.75"),
        ("/", "day", "2024-01-06"): ("0", "-3"),
        ("/uk", "day", "2024-01-05"): ("10", "3.75"),
        ("/uk/branch", "day", "2024-01-05"): ("0", "3.75"),  # only child values
        ("/uk/branch/shop", "day", "2024-01-05"): ("3.75", "0"),
        ("/usa", "day", "2024-01-06"): ("0", "-3"),
        ("/usa/company1", "day", "2024-01-06"): ("-3", "0"),
    }


def test_input_metrics_contribute_their_group_value_at_the_same_group() -> None:
    result = daily_metric_values(
        groups=GROUPS,
        own_daily=own(("/usa/company1", "2024-01-05", "1")),
        input_metric_days=inputs(
            ("/usa/company1", "2024-01-05", "0.5"),
            ("/usa", "2024-01-05", "7"),  # an input metric's own value at /usa
            ("/uk", "2024-01-09", "2"),  # a group and day with nothing but input-metric values
        ),
        days=days_of("2024-01"),
    )
    assert table(result) == {
        ("/", "day", "2024-01-05"): ("0", "8.5"),
        ("/", "day", "2024-01-09"): ("0", "2"),
        ("/uk", "day", "2024-01-09"): ("2", "0"),
        ("/usa", "day", "2024-01-05"): ("7", "1.5"),
        ("/usa/company1", "day", "2024-01-05"): ("1.5", "0"),
    }


def test_values_outside_the_days_are_ignored_and_text_values_are_read_exactly() -> None:
    frame = pd.DataFrame(
        [("/usa", "2024-01-31", "0.1"), ("/usa", "2024-02-01", "5"), ("/usa", date(2024, 1, 31), "0.2")],
        columns=["group_id", "day", "value"],
    )
    result = daily_metric_values(
        groups=GROUPS, own_daily=frame, input_metric_days=inputs(), days=days_of("2024-01")
    )
    assert table(result) == {
        ("/", "day", "2024-01-31"): ("0", "0.3"),
        ("/usa", "day", "2024-01-31"): ("0.3", "0"),
    }


def test_no_values_give_an_empty_frame() -> None:
    empty = pd.DataFrame(columns=["group_id", "day", "value"])
    result = daily_metric_values(
        groups=GROUPS, own_daily=empty, input_metric_days=inputs(), days=days_of("2024-01")
    )
    assert result.empty and list(result.columns) == list(METRIC_COLUMNS)


def test_unknown_groups_and_inexact_values_are_refused() -> None:
    with pytest.raises(ValueError, match=r"'/USA', which is not a group of the tenant"):
        daily_metric_values(
            groups=GROUPS,
            own_daily=own(("/USA", "2024-01-05", "1")),
            input_metric_days=inputs(),
            days=days_of("2024-01"),
        )
    floats = pd.DataFrame([("/usa", "2024-01-05", 0.1)], columns=["group_id", "day", "value"])
    with pytest.raises(TypeError, match="exact"):
        daily_metric_values(
            groups=GROUPS, own_daily=floats, input_metric_days=inputs(), days=days_of("2024-01")
        )


# --- calendar -----------------------------------------------------------------------------------------------
def test_calendar_helpers() -> None:
    assert month_days("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_days("2023-12") == (date(2023, 12, 1), date(2023, 12, 31))
    assert period_start(date(2024, 3, 1), "week") == date(2024, 2, 26)  # a Friday -> Monday
    assert period_start(date(2024, 8, 19), "quarter") == date(2024, 7, 1)
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_days("2024-1")


@pytest.mark.parametrize(
    ("month", "window"),
    [
        ("2024-03", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2021-01", (date(2020, 12, 28), date(2021, 12, 31))),  # 1 Jan 2021 is a Friday
        ("2024-01", (date(2024, 1, 1), date(2024, 12, 31))),  # 1 Jan 2024 is a Monday
        ("2024-12", (date(2024, 1, 1), date(2025, 1, 5))),  # 31 Dec 2024 is a Tuesday
    ],
)
def test_rollup_window(month: str, window: tuple[date, date]) -> None:
    assert rollup_window(month) == window


# --- roll-ups -----------------------------------------------------------------------------------------------
def days_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(g, "day", d, gv, sv) for g, d, gv, sv in rows], columns=list(METRIC_COLUMNS), dtype=object
    )


def test_weeks_crossing_the_month_count_days_of_both_months() -> None:
    values = days_frame(
        [
            ("/usa", "2024-02-26", "1", "10"),  # Monday of the week holding 1 March
            ("/usa", "2024-03-01", "2", "20"),
            ("/usa", "2024-03-31", "4", "40"),  # Sunday: the week of 25 March
            ("/usa", "2024-04-01", "8", "80"),  # next quarter: only the year sees it
        ]
    )
    # weeks without day values (4, 11 and 18 March) get no rows unless their group is asked for
    assert table(rollups(values, "2024-03")) == {
        ("/usa", "week", "2024-02-26"): ("3", "30"),
        ("/usa", "week", "2024-03-25"): ("4", "40"),
        ("/usa", "month", "2024-03-01"): ("6", "60"),
        ("/usa", "quarter", "2024-01-01"): ("7", "70"),
        ("/usa", "year", "2024-01-01"): ("15", "150"),
    }


def test_weeks_crossing_the_year_belong_to_their_monday() -> None:
    values = days_frame(
        [
            ("/uk", "2024-12-30", "1", "0"),
            ("/uk", "2025-01-02", "2", "0"),  # same ISO week, next year
            ("/uk", "2024-01-01", "4", "0"),
        ]
    )
    december = table(rollups(values, "2024-12"))
    assert december[("/uk", "week", "2024-12-30")] == ("3", "0")
    assert december[("/uk", "year", "2024-01-01")] == ("5", "0")
    assert december[("/uk", "quarter", "2024-10-01")] == ("1", "0")
    assert ("/uk", "month", "2024-12-01") in december
    january = table(rollups(values, "2025-01"))
    assert january[("/uk", "week", "2024-12-30")] == ("3", "0")
    assert january[("/uk", "year", "2025-01-01")] == ("2", "0")
    assert january[("/uk", "month", "2025-01-01")] == ("2", "0")


def test_quarters_sum_their_three_months() -> None:
    values = days_frame(
        [("/", "2024-04-30", "1.1", "0"), ("/", "2024-05-15", "2.2", "0.01"), ("/", "2024-06-30", "3.3", "0")]
    )
    result = table(rollups(values, "2024-05"))
    assert result[("/", "quarter", "2024-04-01")] == ("6.6", "0.01")
    assert result[("/", "month", "2024-05-01")] == ("2.2", "0.01")


def test_groups_asked_for_get_zero_rows_for_every_period() -> None:
    result = table(rollups(days_frame([]), "2024-02", groups=["/gone"]))
    assert result[("/gone", "month", "2024-02-01")] == ("0", "0")
    assert sorted(d for g, u, d in result if u == "week") == [
        "2024-01-29",
        "2024-02-05",
        "2024-02-12",
        "2024-02-19",
        "2024-02-26",
    ]


def test_other_time_units_and_days_outside_the_window_are_ignored() -> None:
    values = pd.concat(
        [
            days_frame([("/", "2024-02-10", "1", "0"), ("/", "2023-12-31", "100", "0")]),
            pd.DataFrame([("/", "month", "2024-02-01", "50", "0")], columns=list(METRIC_COLUMNS)),
        ],
        ignore_index=True,
    )
    result = table(rollups(values, "2024-02"))
    assert result[("/", "month", "2024-02-01")] == ("1", "0")
    assert result[("/", "year", "2024-01-01")] == ("1", "0")


# --- properties ---------------------------------------------------------------------------------------------
_MONTHS = st.sampled_from(["2020-12", "2021-01", "2024-02", "2024-03", "2024-12", "2025-06"])
_AMOUNT = st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@st.composite
def _day_values(draw: Any, month: str) -> list[tuple[str, str, str, str]]:
    start, end = rollup_window(month)
    span = (end - start).days
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(["/", "/a", "/a/b"]), st.integers(-10, span + 10), _AMOUNT, _AMOUNT),
            max_size=30,
        )
    )
    return [(g, (start + timedelta(days=offset)).isoformat(), str(gv), str(sv)) for g, offset, gv, sv in rows]


@given(st.data(), _MONTHS)
def test_rollups_are_sums_over_any_partition_of_the_days(data: st.DataObject, month: str) -> None:
    rows = data.draw(_day_values(month))
    split = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    whole = table(rollups(days_frame(rows), month))
    halves = [
        table(rollups(days_frame([r for r, left in zip(rows, split, strict=True) if left == side]), month))
        for side in (True, False)
    ]
    for key in {*whole, *halves[0], *halves[1]}:
        expected = [sum((Decimal(h.get(key, ("0", "0"))[i]) for h in halves), Decimal(0)) for i in range(2)]
        assert [Decimal(v) for v in whole.get(key, ("0", "0"))] == expected

    # and each period is the plain sum of the days it holds
    start, end = rollup_window(month)
    for (group, unit, first), (gv, sv) in whole.items():
        held = [
            r
            for r in rows
            if r[0] == group
            and start <= date.fromisoformat(r[1]) <= end
            and period_start(date.fromisoformat(r[1]), unit) == date.fromisoformat(first)  # type: ignore[arg-type]
        ]
        assert Decimal(gv) == sum((Decimal(r[2]) for r in held), Decimal(0))
        assert Decimal(sv) == sum((Decimal(r[3]) for r in held), Decimal(0))


@given(
    st.lists(
        st.tuples(st.sampled_from(GROUPS), st.integers(1, 3), _AMOUNT),
        max_size=20,
    ),
    st.lists(st.tuples(st.sampled_from(GROUPS), st.integers(1, 3), _AMOUNT), max_size=5),
)
def test_sub_groups_value_is_the_children_hierarchy_values(
    own_rows: list[tuple[str, int, Decimal]], input_rows: list[tuple[str, int, Decimal]]
) -> None:
    def frame(rows: list[tuple[str, int, Decimal]], column: str) -> pd.DataFrame:
        return pd.DataFrame(
            [(g, f"2024-01-0{d}", v) for g, d, v in rows], columns=["group_id", "day", column], dtype=object
        )

    result = daily_metric_values(
        groups=GROUPS,
        own_daily=frame(own_rows, "value"),
        input_metric_days=frame(input_rows, "group_value"),
        days=(date(2024, 1, 1), date(2024, 1, 31)),
    )
    values = {(g, d): (Decimal(gv), Decimal(sv)) for g, _, d, gv, sv in table_rows(result)}
    for (group, day), (group_value, sub_groups_value) in values.items():
        own_total = sum(
            (v for g, d, v in [*own_rows, *input_rows] if g == group and f"2024-01-0{d}" == day), Decimal(0)
        )
        assert group_value == own_total
        children = children_of(group, [g for g, _ in values])
        assert sub_groups_value == sum(
            (sum(values[c, day]) for c in children if (c, day) in values), Decimal(0)
        )
    total = sum((v for _, _, v in [*own_rows, *input_rows]), Decimal(0))
    root_days = [sum(v) for (g, _), v in values.items() if g == "/"]
    assert sum(root_days, Decimal(0)) == total


def table_rows(frame: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    return [tuple(r) for r in frame[list(METRIC_COLUMNS)].itertuples(index=False)]
