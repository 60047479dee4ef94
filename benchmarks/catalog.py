"""Benchmark: the load test's reference dataset through the SQL catalog store, on PostgreSQL and SQLite.

    python benchmarks/catalog.py [--rows 1000000] [--postgres-url postgresql+psycopg2://postgres@127.0.0.1/test]

Generates the load test's 1,000,000-row reference dataset and its input file (seeded;
`../shared/benchmarks/sif-load-test.md`), stores the dataset with `put_dataset_rows` (PostgreSQL in a fresh
schema, dropped afterwards; SQLite in a temporary file), builds the key index of `row_number` with a first,
one-key lookup, then resolves every input row's `reference_row_number` in one `lookup_dataset` call and
checks each answer against the file. Prints `key: value` lines: dataset_load_s, key_index_build_s,
lookup_1m_keys_s, each with an `_sqlite` twin. Targets: load <= 20 s, lookup <= 2 s.

Then, on PostgreSQL, the calculator's path through `CatalogResolver` and `calculator.evaluate_batch`:
`lookup_1m_via_resolver_s` evaluates `LOOKUP(:key,...)` over the same keys against the stored dataset (a
real dataset resource whose rows are the ones above; the key index exists already), and `impact_1m_refs_s`
evaluates `IMPACT(:activity,'kg per mmBtu','co2',group='/')` over as many rows spread over 20 stored impact
activities. Both check every answer. Target: each <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path: import from the project root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import numpy as np  # noqa: E402

from benchmarks.loadtest import generate_dataset, generate_inputs  # noqa: E402
from calculator import EvaluationContext, Kind, evaluate_batch, to_column  # noqa: E402
from calculator.columns import Column  # noqa: E402
from sif_resources.catalog.engine import create_catalog_engine  # noqa: E402
from sif_resources.catalog.migrate import fresh_postgres_schema, upgrade_database  # noqa: E402
from sif_resources.catalog.records import version_record  # noqa: E402
from sif_resources.catalog.resolver import CatalogResolver  # noqa: E402
from sif_resources.catalog.sql import SqlCatalogStore  # noqa: E402
from sif_resources.catalog.store import GroupRecord, TenantRecord  # noqa: E402
from sif_resources.domain.impact_activities import ImpactActivityCreate  # noqa: E402
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate  # noqa: E402
from sif_resources.domain.resources import new_resource  # noqa: E402

TENANT = "loadtest"
DATASET = "load_test_single_pipeline_gas_to_gwp"
POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
ACTIVITIES = 20
WHEN = datetime(2024, 1, 1, tzinfo=UTC)


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
    with fresh_postgres_schema(args.postgres_url) as engine:
        store = SqlCatalogStore(engine)
        dataset_id = create_catalog(store, headers)
        failures += measure(store, headers, rows, keys, expected, suffix="", dataset_id=dataset_id)
        failures += measure_lookup_via_resolver(store, keys, expected)
        failures += measure_impacts_via_resolver(store, args.rows)
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
    dataset_id: str = DATASET,
) -> int:
    """Load, index and look up on one store; print the timings; the number of wrong answers."""
    started = time.perf_counter()
    store.put_dataset_rows(TENANT, dataset_id, 1, headers, rows)
    print(f"dataset_load{suffix}_s: {time.perf_counter() - started:.2f}")

    started = time.perf_counter()
    store.lookup_dataset(TENANT, dataset_id, 1, "row_number", "value", keys[:1])
    print(f"key_index_build{suffix}_s: {time.perf_counter() - started:.2f}")

    started = time.perf_counter()
    answers = store.lookup_dataset(TENANT, dataset_id, 1, "row_number", "value", keys)
    print(f"lookup_1m_keys{suffix}_s: {time.perf_counter() - started:.2f}")

    wrong = sum(answer != want for answer, want in zip(answers, expected, strict=True))
    print(f"wrong_answers{suffix}: {wrong}")
    return wrong


def activity_name(index: int) -> str:
    return f"bench:activity_{index:02d}"


def activity_co2(index: int) -> Decimal:
    return Decimal(50) + Decimal(index) / 100


def create_catalog(store: SqlCatalogStore, headers: list[str]) -> str:
    """The tenant, its root group, the dataset resource (rows come later) and the 20 impact activities,
    created through the domain layer; the id of the dataset."""
    store.create_tenant(TenantRecord(TENANT, TENANT, WHEN))
    store.put_group(GroupRecord(TENANT, "/", "/", "bench", WHEN), create=True)
    body = ReferenceDatasetCreate.parse_body(
        {"name": DATASET, "datasetHeaders": headers, "data": ",".join(headers) + "\n"}
    )
    dataset = new_resource(body, group_id="/", created_by="bench", created_at=WHEN)
    store.add_version(version_record(TENANT, dataset), expected_latest=None)
    for index in range(ACTIVITIES):
        co2 = activity_co2(index)
        activity = ImpactActivityCreate.parse_body(
            {
                "name": activity_name(index),
                "impacts": {
                    "per mmbtu": {
                        "name": "kg per mmBtu",
                        "components": {
                            "co2": {"key": "co2", "value": float(co2), "type": "pollutant"},
                            "ch4": {"key": "ch4", "value": 0.001, "type": "pollutant"},
                        },
                    }
                },
            }
        )
        resource = new_resource(activity, group_id="/", created_by="bench", created_at=WHEN)
        store.add_version(version_record(TENANT, resource), expected_latest=None)
    return dataset.id


def measure_lookup_via_resolver(store: SqlCatalogStore, keys: list[str], expected: list[str]) -> int:
    """LOOKUP over every key through `CatalogResolver` (the key index exists); the number of wrong answers."""
    formula = f"LOOKUP(:key,'{DATASET}','row_number','value',group='/')"
    column = to_column(np.asarray(keys, dtype=object))
    started = time.perf_counter()
    result = evaluate_batch(
        formula,
        {"key": column},
        context=EvaluationContext(group="/", resolver=CatalogResolver(store, TENANT)),
    )
    print(f"lookup_1m_via_resolver_s: {time.perf_counter() - started:.2f}")
    return _wrong(result.result, result.errors, [Decimal(text) for text in expected], "lookup_via_resolver")


def measure_impacts_via_resolver(store: SqlCatalogStore, rows: int) -> int:
    """IMPACT over `rows` rows naming the 20 stored activities in turn; the number of wrong answers."""
    indexes = np.arange(rows) % ACTIVITIES
    names = np.array([activity_name(index) for index in range(ACTIVITIES)], dtype=object)[indexes]
    column = to_column(names)
    formula = "IMPACT(:activity,'kg per mmBtu','co2',group='/')"
    started = time.perf_counter()
    result = evaluate_batch(
        formula,
        {"activity": column},
        context=EvaluationContext(group="/", resolver=CatalogResolver(store, TENANT)),
    )
    print(f"impact_1m_refs_s: {time.perf_counter() - started:.2f}")
    co2 = [activity_co2(index) for index in range(ACTIVITIES)]
    return _wrong(result.result, result.errors, [co2[index] for index in indexes], "impact_refs")


def _wrong(result: Column, errors: np.ndarray, expected: list[Decimal], name: str) -> int:
    failed = sum(error is not None for error in errors)
    kinds = result.kinds
    values = result.values
    wrong = sum(
        kind != Kind.NUMBER or value != want
        for kind, value, want in zip(kinds, values, expected, strict=True)
    )
    print(f"wrong_answers_{name}: {max(wrong, failed)}")
    return max(wrong, failed)


if __name__ == "__main__":
    sys.exit(main())
