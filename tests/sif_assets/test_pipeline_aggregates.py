"""Pipeline aggregation (SIF §9.8) through Dagster: outputs marked `aggregate` are summed per group and day
over the month's latest activities and stored as aggregated activities beside the raw ones."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest
import yaml

from sif_assets.factories.pipeline_assets import build_pipeline_assets
from sif_assets.factories.pipeline_steps import aggregated_key
from sif_resources.dagster_resources import build_resources
from sif_resources.pipelines.sources import definition_from_file
from tests.sif_assets.conftest import Platform, write_csv

pytestmark = pytest.mark.slow


def test_aggregated_outputs_are_summed_per_day_over_latest_activities(
    platform: Platform, tmp_path: Path
) -> None:
    spec = {
        "name": "meters",
        "group": "/",
        "type": "activities",
        "transformer": {
            "parameters": [
                {"index": 0, "key": "date", "type": "string"},
                {"index": 1, "key": "meter", "type": "string"},
                {"index": 2, "key": "kwh", "type": "number"},
            ],
            "transforms": [
                {
                    "index": 0,
                    "formula": "AS_TIMESTAMP(:date,'yyyy-MM-dd')",
                    "outputs": [{"index": 0, "key": "time", "type": "timestamp", "aggregate": "groupBy"}],
                },
                {
                    "index": 1,
                    "formula": ":meter",
                    "outputs": [{"index": 0, "key": "meter", "type": "string", "includeAsUnique": True}],
                },
                {
                    "index": 2,
                    "formula": ":kwh",
                    "outputs": [{"index": 0, "key": "kwh", "type": "number", "aggregate": "sum"}],
                },
            ],
        },
    }
    file = tmp_path / "meters.yaml"
    file.write_text(yaml.safe_dump(spec, sort_keys=False))
    pipeline = definition_from_file(file)
    platform.tenant("acme")
    rows = ["2024-03-01,M1,1.5", "2024-03-01,M2,2.25", "2024-03-02,M1,4", "2024-03-01,M1,10"]
    platform.land_definition(pipeline, "acme", write_csv(tmp_path / "in.csv", "date,meter,kwh", rows))
    result = dg.materialize(
        build_pipeline_assets(pipeline),
        instance=platform.instance,
        resources=build_resources(),
        partition_key="2024-03|acme",
        selection=[
            dg.AssetKey(["pipelines", pipeline.key, "inputs"]),
            dg.AssetKey(["pipelines", pipeline.key, "activities"]),
        ],
    )
    assert result.success
    aggregated = platform.services.activity_store.latest_activities("acme", aggregated_key(pipeline.key))
    by_day = {
        str(d)[:10]: Decimal(str(v)) for d, v in zip(aggregated["date"], aggregated["kwh"], strict=True)
    }
    # M1's second 2024-03-01 row restates the first (same identity): 10 + 2.25, not 1.5 + 2.25 + 10.
    assert by_day == {"2024-03-01": Decimal("12.25"), "2024-03-02": Decimal("4")}
    raw = platform.services.activity_store.latest_activities("acme", pipeline.key)
    assert len(raw) == 3 and not any("kwh" in json.dumps(k) for k in raw["unique_keys"])
