"""Benchmark: writing a large activity slice through the SQL activity store, on PostgreSQL and SQLite.

    python benchmarks/activity_store.py [--rows 1000000] [--repeat 3] [--postgres-url URL] [--no-sqlite]

Generates one tenant x pipeline x month slice of `--rows` activity rows (seeded; every row its own activity,
all of them latest) with its exact daily sums, and writes it with `SqlActivityStore.write_activity_slice`
into a fresh PostgreSQL schema (dropped afterwards): into empty tables, then `--repeat` - 1 more times as
restatements that replace the latest view. Checks the stored counts and that the daily sums read back equal
the generated ones exactly. Prints `key: value` lines: cores, rows, history_latest_1m_rows_s (the best write
of history plus latest view, one transaction each; every write is listed in history_latest_writes_s),
rows_per_s (rows per second of the best write), latest_read_1m_rows_s (reading the latest view back),
daily_sums_read_s; with `_sqlite` twins unless `--no-sqlite`.

`generate_slice` is also the large slice of the store's kill test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path: import from the project root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sif_resources.activities.model import ERROR_COLUMNS, ActivitySlice, empty_frame  # noqa: E402
from sif_resources.activities.sql_store import SqlActivityStore  # noqa: E402
from sif_resources.catalog.engine import create_catalog_engine  # noqa: E402
from sif_resources.catalog.migrate import fresh_postgres_schema, upgrade_database  # noqa: E402
from sif_resources.pipelines.definition import MetricInput  # noqa: E402

POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
TENANT = "bench"
PIPELINE = "household_gas"
MONTH = "2024-01"
GROUPS = 20
#: Values carry six decimals: generated as integer millionths, so expected sums are exact integer arithmetic.
SCALE = 10**6


def generate_slice(
    rows: int,
    seed: int = 42,
    *,
    tenant: str = TENANT,
    pipeline_key: str = PIPELINE,
    month: str = MONTH,
    run_id: str = "run-1",
) -> ActivitySlice:
    """A slice of `rows` distinct activities over the 31 days of `month` (`YYYY-MM`) in 20 groups, each with a
    `co2e` value of six decimals and a `therms` integer, and its exact daily `co2e` sums."""
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, GROUPS, rows)
    days = rng.integers(1, 29, rows)
    millionths = rng.integers(0, 1000 * SCALE, rows)
    therms = rng.integers(1, 10_000, rows)
    ids = rng.integers(0, 2**63 - 1, rows)
    group_names = np.array([f"/bench/site{g:02d}" for g in range(GROUPS)], dtype=object)
    day_names = np.array([f"{month}-{d:02d}" for d in range(32)], dtype=object)
    co2e = [f"{v // SCALE}.{v % SCALE:06d}" for v in millionths.tolist()]
    frame = pd.DataFrame(
        {
            "activity_id": [f"{seed:04x}{i:016x}{n:08x}" for n, i in enumerate(ids.tolist())],
            "group_id": group_names[groups],
            "date": [f"{d}T00:00:00.000Z" for d in day_names[days].tolist()],
            "unique_keys": [f'["meter-{n}"]' for n in range(rows)],
            "execution_id": "exec-1",
            "row_number": np.arange(1, rows + 1),
            "action": "create",
            "is_latest": True,
            "values": [
                f'{{"co2e":"{c}","therms":"{t}"}}' for c, t in zip(co2e, therms.tolist(), strict=True)
            ],
        }
    )
    sums = pd.DataFrame({"group_id": group_names[groups], "day": day_names[days], "value": millionths})
    daily = sums.groupby(["group_id", "day"], as_index=False)["value"].sum()
    daily["value"] = [f"{v // SCALE}.{v % SCALE:06d}" for v in daily["value"].tolist()]
    daily["output"] = "co2e"
    return ActivitySlice(
        tenant=tenant,
        pipeline_key=pipeline_key,
        month=month,
        run_id=run_id,
        computed_at=datetime(2024, 2, 1, tzinfo=UTC),
        rows=frame,
        daily=daily[["group_id", "day", "output", "value"]],
        errors=empty_frame(ERROR_COLUMNS),
        input_rows=rows,
        factor_versions={"impact:platform:natural_gas": 3},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="writes of the slice (the first into empty tables)"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--postgres-url", default=os.environ.get("SIF_TEST_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    print(f"load_average_1m: {os.getloadavg()[0]:.2f}")  # other work on the machine skews every figure
    print(f"rows: {args.rows}")
    started = time.perf_counter()
    piece = generate_slice(args.rows, args.seed)
    print(f"generate_s: {time.perf_counter() - started:.2f}")

    failures = 0
    with fresh_postgres_schema(args.postgres_url, prefix="bench") as engine:
        failures += measure(SqlActivityStore(engine), piece, args.repeat, suffix="")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            engine = create_catalog_engine(f"sqlite:///{folder}/catalog.db")
            upgrade_database(engine)
            failures += measure(SqlActivityStore(engine), piece, args.repeat, suffix="_sqlite")
            engine.dispose()
    print(f"load_average_1m_after: {os.getloadavg()[0]:.2f}")
    print(f"failures: {failures}")
    return 1 if failures else 0


def measure(store: SqlActivityStore, piece: ActivitySlice, repeat: int, suffix: str) -> int:
    """Write the slice `repeat` times and read it back; print the timings; the number of failed checks."""
    writes: list[float] = []
    for number in range(1, max(repeat, 1) + 1):
        run = ActivitySlice(**{**piece.__dict__, "run_id": f"run-{number}"})
        started = time.perf_counter()
        store.write_activity_slice(run)
        writes.append(time.perf_counter() - started)
    print(f"history_latest_writes{suffix}_s: {' '.join(f'{w:.2f}' for w in writes)}")
    print(f"history_latest_1m_rows{suffix}_s: {min(writes):.2f}")
    print(f"rows_per_s{suffix}: {len(piece.rows) / min(writes):.0f}")

    started = time.perf_counter()
    latest = store.latest_activities(piece.tenant, piece.pipeline_key, months=[piece.month])
    print(f"latest_read_1m_rows{suffix}_s: {time.perf_counter() - started:.2f}")
    started = time.perf_counter()
    sums = store.daily_sums(piece.tenant, [MetricInput(piece.pipeline_key, "co2e")], piece.month)
    print(f"daily_sums_read{suffix}_s: {time.perf_counter() - started:.2f}")

    failures = 0
    counts = store.slice_counts(piece.tenant, piece.pipeline_key, piece.month)
    if len(latest) != len(piece.rows) or counts["history_rows"] != len(writes) * len(piece.rows):
        print(f"wrong_counts{suffix}: {len(latest)} {counts}")
        failures += 1
    daily = piece.daily[["group_id", "day", "value"]]
    expected = {(g, d): str(v) for g, d, v in daily.itertuples(index=False)}
    read = {(g, d): str(v) for g, d, v in sums.itertuples(index=False)}
    if read != expected:
        print(f"wrong_daily_sums{suffix}: {len(set(read.items()) ^ set(expected.items()))}")
        failures += 1
    return failures


if __name__ == "__main__":
    sys.exit(main())
