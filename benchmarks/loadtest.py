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
        values = self.dataset["value"].to_numpy(dtype=object)
        picked = values[self.inputs["reference_row_number"].astype(int).to_numpy() - 1]
        total = sum(Decimal(t) * Decimal(v) for t, v in zip(self.inputs["therms"], picked, strict=True))
        return FACTOR * total


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


def generate_inputs(rows: int, dataset_rows: int, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    start = np.datetime64("2024-01-01T00:00:00")
    seconds = rng.integers(0, 366 * 24 * 3600, size=rows)
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
    definitions = json.loads(DEFINITIONS.read_text())
    resolver = InMemoryResolver()
    for activity in definitions["impacts"]:
        impacts = {
            name: {key: component["value"] for key, component in impact["components"].items()}
            for name, impact in activity["impacts"].items()
        }
        resolver.add_impact_activity(activity["name"], impacts, group="/")
    dataset = generate_dataset(dataset_rows, seed)
    for spec in definitions["referenceDatasets"]:
        resolver.add_dataset(spec["name"], dataset, group="/")
    for calculation in definitions["calculations"]:
        resolver.add_calculation(
            calculation["name"],
            calculation["formula"],
            calculation["parameters"],
            group="/",
            outputs=calculation.get("outputs", []),
        )
    pipeline = definitions["pipelines"][0]
    transformer = Transformer.from_dict(pipeline["transformer"])
    context = EvaluationContext(group=PIPELINE_GROUP, resolver=resolver)
    return LoadTest(transformer, context, resolver, dataset, generate_inputs(input_rows, dataset_rows, seed))
