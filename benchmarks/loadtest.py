"""The SIF load test (../shared/benchmarks/sif-load-test.md): its resources and its seeded data.

Shared by the calculator benchmark and tests. Data is generated, never committed: a reference dataset of N
rows (`row_number, unique_id, gas_type, value`) and an input file of M rows (`date,
reference_row_number, therms`), from `numpy.random.default_rng(seed)`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from calculator import EvaluationContext, InMemoryResolver
from calculator.transformer import Transformer

SHARED = Path(os.environ.get("SIF_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DEFINITIONS = SHARED / "benchmarks" / "sif-load-test.json"
PIPELINE_GROUP = "/loadtestsinglepipeline"
#: Each row's output is 3 x (therms x 0.1) x 51.9 x value x 0.001.
FACTOR = Decimal("0.01557")


@dataclass
class LoadTest:
    transformer: Transformer
    context: EvaluationContext
    resolver: InMemoryResolver
    dataset: pd.DataFrame
    inputs: pd.DataFrame

    def expected_total(self) -> Decimal:
        """0.01557 x sum(therms x value), straight from the files."""
        return closed_form_total(self.dataset, self.inputs)


def definitions() -> dict[str, Any]:
    """The load test's resources as SIF's test posts them (`sif-load-test.json`)."""
    loaded: dict[str, Any] = json.loads(DEFINITIONS.read_text())
    return loaded


def closed_form_total(dataset: pd.DataFrame, inputs: pd.DataFrame) -> Decimal:
    """0.01557 x sum(therms x value) over the input rows, each `value` picked by `reference_row_number`
    (1-based) from the dataset: exact, in integers scaled by the decimals the texts actually carry (int64
    when the sum cannot overflow it, Python integers otherwise)."""
    therms, therms_scale = _scaled_integers(inputs["therms"])
    values, values_scale = _scaled_integers(dataset["value"])
    picked = values[inputs["reference_row_number"].astype(np.int64).to_numpy() - 1]
    bound = max(int(np.abs(therms).max(initial=0)), 1) * max(int(np.abs(picked).max(initial=0)), 1)
    if bound * max(len(therms), 1) < 2**63:
        total = int((therms * picked).sum(dtype=np.int64))
    else:
        total = sum(int(t) * int(v) for t, v in zip(therms.tolist(), picked.tolist(), strict=True))
    return FACTOR * Decimal(total).scaleb(-(therms_scale + values_scale))


def _scaled_integers(texts: pd.Series) -> tuple[np.ndarray, int]:
    """Plain decimal texts (`12.34`, `-7`) as integers of a common scale (object array of Python ints when
    int64 cannot hold them), and that scale."""
    parts = texts.astype(str).str.partition(".")
    scale = int(parts[2].str.len().max() or 0)
    digits = parts[0] + parts[2].str.pad(scale, side="right", fillchar="0")
    if int(digits.str.len().max() or 0) <= 18:
        return digits.astype(np.int64).to_numpy(), scale
    return np.array([int(d) for d in digits], dtype=object), scale


def generate_dataset(rows: int, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    letters = np.array(list("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
    ids = letters[rng.integers(0, len(letters), size=(rows, 26))].view("<U26").ravel()
    ids = pd.Series(ids, dtype="str")
    values = np.round(rng.random(rows), 6)
    return pd.DataFrame(
        {
            "row_number": np.arange(1, rows + 1).astype(str),
            "unique_id": ids,
            "gas_type": "natural_gas",
            "value": [f"{v:.6f}" for v in values],
        },
        dtype="str",
    )


def generate_inputs(
    rows: int, dataset_rows: int, seed: int = 42, *, distinct_times: bool = False
) -> pd.DataFrame:
    """The input file's rows. With `distinct_times`, no two rows share a date (up to 31,622,400 rows): the
    pipeline has no unique keys, so rows of the same second are one activity (SIF §9.6) and the platform
    keeps only the last; without it, times are drawn independently (the calculator sees every row anyway)."""
    rng = np.random.default_rng(seed + 1)
    start = np.datetime64("2024-01-01T00:00:00")
    seconds_in_year = 366 * 24 * 3600
    if distinct_times:
        seconds = rng.choice(seconds_in_year, size=rows, replace=False)
    else:
        seconds = rng.integers(0, seconds_in_year, size=rows)
    stamps = pd.to_datetime(start + seconds.astype("timedelta64[s]"))
    dates = stamps.strftime("%-m/%-d/%Y %H:%M:%S")
    therms = np.round(rng.uniform(1, 1000, size=rows), 2)
    return pd.DataFrame(
        {
            "date": np.asarray(dates, dtype=object),
            "reference_row_number": rng.integers(1, dataset_rows + 1, size=rows).astype(str),
            "therms": [f"{t:.2f}" for t in therms],
        },
        dtype="str",
    )


def build(input_rows: int, dataset_rows: int, seed: int = 42) -> LoadTest:
    resources = definitions()
    resolver = InMemoryResolver()
    for activity in resources["impacts"]:
        impacts = {
            name: {key: component["value"] for key, component in impact["components"].items()}
            for name, impact in activity["impacts"].items()
        }
        resolver.add_impact_activity(activity["name"], impacts, group="/")
    dataset = generate_dataset(dataset_rows, seed)
    for spec in resources["referenceDatasets"]:
        resolver.add_dataset(spec["name"], dataset, group="/")
    for calculation in resources["calculations"]:
        resolver.add_calculation(
            calculation["name"],
            calculation["formula"],
            calculation["parameters"],
            group="/",
            outputs=calculation.get("outputs", []),
        )
    pipeline = resources["pipelines"][0]
    transformer = Transformer.from_dict(pipeline["transformer"])
    context = EvaluationContext(group=PIPELINE_GROUP, resolver=resolver)
    return LoadTest(transformer, context, resolver, dataset, generate_inputs(input_rows, dataset_rows, seed))
