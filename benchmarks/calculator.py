"""Benchmark: the SIF load test through the vectorised calculator, against a row-by-row baseline.

    python benchmarks/calculator.py [--rows 1000000] [--dataset-rows 1000000] [--sample 2000]

Generates the load test's data (seeded; `../shared/benchmarks/sif-load-test.md`), evaluates the pipeline's
transformer over every input row through the in-memory resolver, checks every row succeeded and the total
equals the closed form 0.01557 x sum(therms x value), then times a row-by-row evaluation of the same formulas
on a sample. Prints `key: value` lines: rows_per_s, speedup_vs_per_row, peak_rss_mb, ...
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `calculator` package: import from the project root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from benchmarks.loadtest import LoadTest, build  # noqa: E402
from benchmarks.row_by_row import RowByRow  # noqa: E402
from calculator.transformer import run_transformer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dataset-rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the row-by-row baseline")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    print(f"input_rows: {args.rows}")
    print(f"dataset_rows: {args.dataset_rows}")

    started = time.perf_counter()
    load_test = build(args.rows, args.dataset_rows, args.seed)
    print(f"generate_s: {time.perf_counter() - started:.2f}")

    # Warm-up on a small slice: parses the formulas and builds the dataset's key index, which the
    # catalog keeps ready once a dataset version is loaded.
    started = time.perf_counter()
    run_transformer(load_test.transformer, load_test.inputs.head(1000), context=load_test.context)
    print(f"warmup_s: {time.perf_counter() - started:.2f}")

    started = time.perf_counter()
    result = run_transformer(load_test.transformer, load_test.inputs, context=load_test.context)
    elapsed = time.perf_counter() - started
    rows_per_s = args.rows / elapsed
    print(f"calculate_s: {elapsed:.2f}")
    print(f"rows_per_s: {rows_per_s:.0f}")

    output = result.outputs[load_test.transformer.transforms[1].output.key]
    failures = len(result.cell_errors) + len(result.row_errors)
    total = sum(output.values, Decimal(0))
    expected = load_test.expected_total()
    print(f"failed_rows: {failures}")
    print(f"total: {total}")
    print(f"expected_total: {expected}")
    print(f"total_matches: {total == expected and failures == 0}")

    baseline = _row_by_row(load_test, args.sample)
    print(f"per_row_rows_per_s: {baseline:.0f}")
    print(f"speedup_vs_per_row: {rows_per_s / baseline:.1f}")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    return 0 if total == expected and failures == 0 else 1


def _row_by_row(load_test: LoadTest, sample: int) -> float:
    """Rows per second of the scalar baseline over the first `sample` rows (results checked too)."""
    resolver = load_test.resolver
    impacts = {}
    for (_tenant, _group, name), versions in resolver.impacts_by_ref.items():
        for impact, components in versions[-1].payload.items():
            for component, value in components.items():
                impacts[(name, impact, component)] = value
    datasets = {}
    frame = load_test.dataset
    for column in ("gas_type", "value"):
        mapping = dict(zip(frame["row_number"], frame[column], strict=True))
        datasets[("load_test_single_pipeline_gas_to_gwp", "row_number", column)] = mapping
    calculations = {}
    for (_tenant, _group, name), versions in resolver.calculations_by_ref.items():
        definition = versions[-1].payload
        calculations[name] = (definition.formula, [(p.index, p.key, p.type) for p in definition.parameters])
    baseline = RowByRow(impacts, datasets, calculations)
    rows = load_test.inputs.head(sample).to_dict("records")
    for row in rows:
        row["therms"] = Decimal(row["therms"])
    transforms = load_test.transformer.transforms
    started = time.perf_counter()
    for row in rows:
        row["time"] = baseline.evaluate(transforms[0].formula, row)
        row["co2e"] = baseline.evaluate(transforms[1].formula, row)
    elapsed = time.perf_counter() - started
    expected = sum(Decimal(r["therms"]) for r in rows)  # touch every result so nothing is skipped
    assert expected > 0 and all(r["co2e"] > 0 for r in rows)
    return len(rows) / elapsed


if __name__ == "__main__":
    sys.exit(main())
