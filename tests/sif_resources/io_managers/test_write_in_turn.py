"""`write_in_turn`, how the SQL IO manager writes a stream of slices: in order and each once; an activity
slice is written while the next is computed, a metric slice before the next is computed; a failure keeps
what was written before it and stops the stream."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pytest

from sif_resources.activities.model import ERROR_COLUMNS, ActivitySlice, MetricSlice, empty_frame
from sif_resources.io_managers.sql import write_in_turn

WHEN = datetime(2024, 2, 1, tzinfo=UTC)


def _activities(month: str) -> ActivitySlice:
    return ActivitySlice(
        tenant="acme",
        pipeline_key="p",
        month=month,
        run_id="r",
        computed_at=WHEN,
        rows=pd.DataFrame(),
        daily=pd.DataFrame(),
        errors=empty_frame(ERROR_COLUMNS),
        input_rows=0,
    )


def _metric(month: str) -> MetricSlice:
    return MetricSlice("acme", "m", month, "r", WHEN, pd.DataFrame())


class _Log:
    """What happened, in order, from both threads."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.lock = threading.Lock()

    def add(self, event: str) -> None:
        with self.lock:
            self.events.append(event)


def test_activity_slices_are_written_while_the_next_is_computed() -> None:
    log = _Log()
    first_written = threading.Event()
    second_computing = threading.Event()

    def slices() -> Iterator[Any]:
        log.add("computed 01")
        yield _activities("2024-01")
        second_computing.set()
        assert first_written.wait(5), "the first slice was not written while the second was computed"
        log.add("computed 02")
        yield _activities("2024-02")

    def write(item: Any) -> dict[str, Any]:
        if item.month == "2024-01":
            assert second_computing.wait(5)
            first_written.set()
        log.add(f"written {item.month[-2:]}")
        return {"month": item.month}

    assert write_in_turn(slices(), write) == [{"month": "2024-01"}, {"month": "2024-02"}]
    assert log.events == ["computed 01", "written 01", "computed 02", "written 02"]


def test_a_metric_slice_is_written_before_the_next_is_computed() -> None:
    log = _Log()

    def slices() -> Iterator[Any]:
        for month in ("2024-01", "2024-02", "2024-03"):
            log.add(f"computed {month[-2:]}")
            yield _metric(month)

    def write(item: Any) -> dict[str, Any]:
        log.add(f"written {item.month[-2:]}")
        return {"month": item.month}

    assert [w["month"] for w in write_in_turn(slices(), write)] == ["2024-01", "2024-02", "2024-03"]
    assert log.events == [
        "computed 01",
        "written 01",
        "computed 02",
        "written 02",
        "computed 03",
        "written 03",
    ]


def test_a_failed_write_stops_the_stream_and_keeps_what_was_written() -> None:
    written: list[str] = []

    def write(item: Any) -> dict[str, Any]:
        if item.month == "2024-02":
            raise RuntimeError("disk full")
        written.append(item.month)
        return {}

    months = ("2024-01", "2024-02", "2024-03", "2024-04")
    with pytest.raises(RuntimeError, match="disk full"):
        write_in_turn((_activities(m) for m in months), write)
    assert written == ["2024-01"]  # the slice computed meanwhile is not written


def test_a_failed_computation_waits_for_the_write_in_progress() -> None:
    written: list[str] = []

    def slices() -> Iterator[Any]:
        yield _activities("2024-01")
        raise ValueError("bad row")

    def write(item: Any) -> dict[str, Any]:
        threading.Event().wait(0.2)
        written.append(item.month)
        return {}

    with pytest.raises(ValueError, match="bad row"):
        write_in_turn(slices(), write)
    assert written == ["2024-01"]
