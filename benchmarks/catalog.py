"""Benchmark: the load test's reference dataset through the SQL catalog store, on PostgreSQL and SQLite.

    python benchmarks/catalog.py [--rows 1000000] [--postgres-url postgresql+psycopg2://postgres@127.0.0.1/test]

Generates the load test's 1,000,000-row reference dataset and its input file (seeded;
`../shared/benchmarks/sif-load-test.md`), stores the dataset with `put_dataset_rows` (PostgreSQL in a fresh
schema, dropped afterwards; SQLite in a temporary file), builds the key index of `row_number` with a first,
one-key lookup, then resolves every input row's `reference_row_number` in one `lookup_dataset` call and
checks each answer against the file. Prints `key: value` lines: dataset_load_s, key_index_build_s,
lookup_1m_keys_s, each with an `_sqlite` twin. Targets: load <= 20 s, lookup <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path: import from the project root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from benchmarks.loadtest import generate_dataset, generate_inputs  # noqa: E402
from sif_resources.catalog.engine import create_catalog_engine  # noqa: E402
from sif_resources.catalog.migrate import upgrade_database  # noqa: E402
from sif_resources.catalog.sql import SqlCatalogStore  # noqa: E402

TENANT = "loadtest"
DATASET = "load_test_single_pipeline_gas_to_gwp"
POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="dataset rows, and lookup keys")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--postgres-url", default=os.environ.get("SIF_TEST_POSTGRES_URL", POSTGRES_URL))
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    print(f"dataset_rows: {args.rows}")

    started = time.perf_counter()
    dataset = generate_dataset(args.rows, args.seed)
    headers = list(dataset.columns)
    rows = dataset.to_numpy().tolist()
    keys = generate_inputs(args.rows, args.rows, args.seed)["reference_row_number"].tolist()
    values = dataset["value"].to_numpy()
    expected = values[[int(key) - 1 for key in keys]].tolist()
    print(f"lookup_keys: {len(keys)}")
    print(f"distinct_lookup_keys: {len(set(keys))}")
    print(f"generate_s: {time.perf_counter() - started:.2f}")

    failures = 0
    with postgres_schema(args.postgres_url) as engine:
        failures += measure(SqlCatalogStore(engine), headers, rows, keys, expected, suffix="")
    with tempfile.TemporaryDirectory() as folder:
        engine = create_catalog_engine(f"sqlite:///{folder}/catalog.db")
        upgrade_database(engine)
        failures += measure(SqlCatalogStore(engine), headers, rows, keys, expected, suffix="_sqlite")
        engine.dispose()
    return 1 if failures else 0


def measure(
    store: SqlCatalogStore,
    headers: list[str],
    rows: list[list[str | None]],
    keys: list[str],
    expected: list[str],
    suffix: str,
) -> int:
    """Load, index and look up on one store; print the timings; the number of wrong answers."""
    started = time.perf_counter()
    store.put_dataset_rows(TENANT, DATASET, 1, headers, rows)
    print(f"dataset_load{suffix}_s: {time.perf_counter() - started:.2f}")

    started = time.perf_counter()
    store.lookup_dataset(TENANT, DATASET, 1, "row_number", "value", keys[:1])
    print(f"key_index_build{suffix}_s: {time.perf_counter() - started:.2f}")

    started = time.perf_counter()
    answers = store.lookup_dataset(TENANT, DATASET, 1, "row_number", "value", keys)
    print(f"lookup_1m_keys{suffix}_s: {time.perf_counter() - started:.2f}")

    wrong = sum(answer != want for answer, want in zip(answers, expected, strict=True))
    print(f"wrong_answers{suffix}: {wrong}")
    return wrong


@contextmanager
def postgres_schema(url: str) -> Iterator[Engine]:
    """A migrated engine on a fresh schema of the database at `url`, dropped on exit."""
    admin = sa.create_engine(url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = create_catalog_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade_database(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
