"""A slice is written whole or not at all: a write failing part-way, and a writer process killed with its
transaction open, leave the previous slice exactly as it was, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from benchmarks.activity_store import generate_slice
from sif_resources.activities import sql_writes
from sif_resources.activities.model import ActivitySlice
from sif_resources.activities.sql_store import SqlActivityStore
from sif_resources.pipelines.definition import MetricInput
from tests.sif_resources.activities.sql_store_support import (
    ENGINES,
    MONTH,
    PIPELINE,
    TENANT,
    EngineFactory,
    activity_slice,
    metric_slice,
    row,
)
from tests.sif_resources.catalog.conftest import POSTGRES_URL

WRITER = Path(__file__).with_name("sql_store_killed_writer.py")
ROOT = Path(__file__).resolve().parents[3]
#: Rows of the slice the killed writer had loaded when it was killed.
KILLED_ROWS = 300_000
#: Bounds on waiting for the child, only there so a broken child fails the test instead of hanging it.
CHILD_READY_TIMEOUT_S = 600
BACKEND_GONE_TIMEOUT_S = 60


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    factory: EngineFactory = request.param
    with factory(tmp_path) as fresh:
        yield fresh


def previous_slice() -> ActivitySlice:
    return activity_slice(
        [row(f"prev-{n}", day=1 + n % 28, number=n + 1, co2e=f"{n}.25") for n in range(50)]
        + [row("prev-old", number=99, latest=False, co2e="9")],
        daily=[("/acme/site1", f"2024-01-{d:02d}", "co2e", f"{d}.5") for d in range(1, 29)],
        errors=[("exec-1", 51, "co2e", "not a number")],
        factor_versions={"impact:platform:gas": {"name": "gas", "version": 1}},
    )


def snapshot(store: SqlActivityStore) -> dict[str, Any]:
    """Everything a reader can see of the slice."""
    latest = store.latest_activities(TENANT, PIPELINE)
    return {
        "latest": latest.drop(columns=["computed_at"]).values.tolist(),
        "daily": store.daily_sums(TENANT, [MetricInput(PIPELINE, "co2e")], MONTH).values.tolist(),
        "errors": store.errors(TENANT, PIPELINE, MONTH).values.tolist(),
        "runs": store.runs(TENANT, PIPELINE).drop(columns=["computed_at"]).values.tolist(),
        "counts": store.slice_counts(TENANT, PIPELINE, MONTH),
        "history": store.activity_history(TENANT, PIPELINE, "prev-3")
        .drop(columns=["computed_at"])
        .values.tolist(),
    }


def restatement(**changes: Any) -> ActivitySlice:
    return activity_slice(
        [row("prev-0", co2e="100"), row("new-1", day=2, co2e="7")],
        run_id="run-2",
        daily=changes.get("daily", [("/acme/site1", "2024-01-02", "co2e", "107")]),
    )


# ------------------------------------------------------------------------------------ failures part-way


def test_a_failure_after_the_history_rows_leaves_the_previous_slice(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqlActivityStore(engine)
    store.write_activity_slice(previous_slice())
    before = snapshot(store)
    reached: list[str] = []

    def broken(*_args: Any) -> None:
        reached.append("daily")  # history appended and the run made current by now
        raise RuntimeError("disk full")

    monkeypatch.setattr(sql_writes, "replace_daily", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        store.write_activity_slice(restatement())

    assert reached == ["daily"]
    assert snapshot(store) == before
    assert store.activity_history(TENANT, PIPELINE, "new-1").empty


def test_a_constraint_violated_in_a_later_table_leaves_the_previous_slice(engine: Engine) -> None:
    store = SqlActivityStore(engine)
    store.write_activity_slice(previous_slice())
    before = snapshot(store)
    twice = [("/acme/site1", "2024-01-02", "co2e", "1"), ("/acme/site1", "2024-01-02", "co2e", "2")]

    with pytest.raises(IntegrityError):  # the daily sums' key, checked by the database
        store.write_activity_slice(restatement(daily=twice))

    assert snapshot(store) == before


def test_a_failed_metric_write_leaves_the_previous_values(engine: Engine) -> None:
    store = SqlActivityStore(engine)
    store.write_metric_slice(
        metric_slice([("/g", "day", "2024-01-01", "1", "0"), ("/g", "month", "2024-01-01", "1", "0")])
    )
    before = (
        store.metric_values(TENANT, "ghg:scope1", "day"),
        store.metric_values(TENANT, "ghg:scope1", "month"),
    )

    duplicated = metric_slice(
        [("/g", "day", "2024-01-02", "5", "0"), ("/g", "month", "2024-01-01", "5", "0")] * 2, run_id="run-2"
    )
    with pytest.raises(IntegrityError):  # after history was appended and the old values deleted
        store.write_metric_slice(duplicated)

    after = (
        store.metric_values(TENANT, "ghg:scope1", "day"),
        store.metric_values(TENANT, "ghg:scope1", "month"),
    )
    for old, new in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(old, new)
    assert len(store.metric_history(TENANT, "ghg:scope1")) == 2


# ------------------------------------------------------------------------------------------ the kill test


@pytest.mark.slow
def test_killing_the_writer_with_its_transaction_open_leaves_the_previous_slice(engine: Engine) -> None:
    store = SqlActivityStore(engine)
    store.write_activity_slice(previous_slice())
    before = snapshot(store)
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        with engine.connect() as connection:
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        url = POSTGRES_URL
    else:
        schema, url = "-", engine.url.render_as_string(hide_password=False)

    child = subprocess.Popen(
        [sys.executable, str(WRITER), url, schema, str(KILLED_ROWS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        backend = _wait_until_ready(child)
        # The write is complete but not committed: nothing of it is visible yet.
        assert snapshot(store) == before
        if postgres:
            assert _backend_state(engine, backend) == "idle in transaction"
        else:  # more rows than the page cache holds: uncommitted pages sit in the log readers recover
            assert Path(f"{engine.url.database}-wal").stat().st_size > 10_000_000
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        child.stderr.close()
    if postgres:
        _wait_until_gone(engine, backend)  # the server has rolled the transaction back

    assert snapshot(store) == before
    for activity in _killed_activity_ids():
        assert store.activity_history(TENANT, PIPELINE, activity).empty
    # The database is whole and writable: the next write takes the lock the dead writer held.
    store.write_activity_slice(restatement())
    assert store.latest_activities(TENANT, PIPELINE)["co2e"].tolist() == ["7", "100"]  # by date
    assert store.daily_sums(TENANT, [MetricInput(PIPELINE, "co2e")], MONTH)["value"].tolist() == [
        Decimal("107")
    ]


def _killed_activity_ids() -> list[str]:
    """The first, a middle and the last activity of the killed writer's slice."""
    ids = generate_slice(KILLED_ROWS, seed=7).rows["activity_id"]
    return [ids.iloc[0], ids.iloc[KILLED_ROWS // 2], ids.iloc[-1]]


def _wait_until_ready(child: subprocess.Popen[str]) -> int:
    """The backend pid the child reports once its write is done and uncommitted."""
    lines: queue.Queue[str] = queue.Queue()
    assert child.stdout is not None
    reader = threading.Thread(target=lambda: lines.put(child.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        line = lines.get(timeout=CHILD_READY_TIMEOUT_S)
    except queue.Empty:
        pytest.fail("the writer never reported its write done")
    if not line.startswith("READY"):
        child.kill()
        _, errors = child.communicate()
        pytest.fail(f"the writer failed: {line!r} {errors}")
    return int(line.split()[1])


def _backend_state(engine: Engine, backend: int) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend}
        ).scalar_one_or_none()


def _wait_until_gone(engine: Engine, backend: int) -> None:
    for _ in range(int(BACKEND_GONE_TIMEOUT_S / 0.05)):
        if _backend_state(engine, backend) is None:
            return
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_sleep(0.05)"))
    pytest.fail(f"backend {backend} still runs after its client was killed")
