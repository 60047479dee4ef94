"""`data` and `impacts` pipelines through Dagster (SIF §9.7): `results/<p>` writes each execution's
`output/result.csv` and errors, an impacts pipeline creates the impact activities its rows describe, and
nothing reaches the activity store."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
import yaml

from sif_assets.factories.pipeline_assets import build_pipeline_assets
from sif_resources.dagster_resources import build_resources
from sif_resources.domain.resources import ResourceType
from sif_resources.executions.layout import execution_prefix, output_key
from sif_resources.pipelines.sources import definition_from_file
from tests.sif_assets.conftest import Platform, write_csv

pytestmark = pytest.mark.slow

TIME = ("AS_TIMESTAMP(:date,'yyyy-MM-dd')", "time", "timestamp")
DATA_TRANSFORMS = [TIME, (":meter", "meter", "string"), (":kwh * 2 / :kwh", "ratio", "number")]
IMPACT_TRANSFORMS = [
    TIME,
    ("CONCAT('meter:', :meter)", "activity:name", "string"),
    ("'kg'", "impact:co2e:name", "string"),
    ("'co2e'", "impact:co2e:component:co2e:key", "string"),
    ("'pollutant'", "impact:co2e:component:co2e:type", "string"),
    (":kwh * 0.5", "impact:co2e:component:co2e:value", "number"),
]


def pipeline_file(path: Path, kind: str, transforms: list[tuple[str, str, str]]) -> Path:
    """A pipeline file of `kind` over (date, meter, kwh) with one transform per (formula, output, type)."""
    spec = {
        "name": "meter-doubler",
        "group": "/",
        "type": kind,
        "transformer": {
            "parameters": [
                {"index": i, "key": k, "type": t}
                for i, (k, t) in enumerate([("date", "string"), ("meter", "string"), ("kwh", "number")])
            ],
            "transforms": [
                {"index": i, "formula": f, "outputs": [{"index": 0, "key": k, "type": t}]}
                for i, (f, k, t) in enumerate(transforms)
            ],
        },
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def materialize(platform: Platform, file: Path, key: str) -> dg.ExecuteInProcessResult:
    pipeline = definition_from_file(file)
    assets = build_pipeline_assets(pipeline)
    return dg.materialize(
        assets,
        instance=platform.instance,
        resources=build_resources(),
        partition_key=key,
        selection=[
            dg.AssetKey(["pipelines", pipeline.key, "inputs"]),
            dg.AssetKey(["pipelines", pipeline.key, "results"]),
        ],
        raise_on_error=False,
    )


def test_a_data_pipeline_writes_result_files_not_activities(platform: Platform, tmp_path: Path) -> None:
    file = pipeline_file(tmp_path / "data.yaml", "data", DATA_TRANSFORMS)
    pipeline = definition_from_file(file)
    platform.tenant("acme")
    rows = write_csv(tmp_path / "in.csv", "date,meter,kwh", ["2024-03-01,M1,5", "2024-03-02,M2,0"])
    landed = platform.land_definition(pipeline, "acme", rows)
    result = materialize(platform, file, "2024-03|acme")
    assert result.success
    execution = platform.services.executions.get("acme", pipeline.key, landed.execution.id)
    assert execution.status == "failed"  # M2 divides by zero; M1's row is still in the result file
    prefix = execution_prefix("acme", pipeline.key, execution.id)
    text = platform.services.object_store.get_bytes(output_key(prefix)).decode()
    # Times are epoch milliseconds as SIF writes them; M2's failed ratio is an empty cell.
    assert text.splitlines() == ["time,meter,ratio", "1709251200000,M1,2", "1709337600000,M2,"]
    errors = platform.services.executions.error_text(execution).splitlines()
    assert len(errors) == 1 and "ratio" in errors[0], errors
    assert platform.services.activity_store.latest_activities("acme", pipeline.key).empty


def test_an_impacts_pipeline_creates_impact_activities(platform: Platform, tmp_path: Path) -> None:
    file = pipeline_file(tmp_path / "impacts.yaml", "impacts", IMPACT_TRANSFORMS)
    pipeline = definition_from_file(file)
    platform.tenant("acme")
    rows = write_csv(tmp_path / "in.csv", "date,meter,kwh", ["2024-03-01,M1,5", "2024-03-02,M2,7"])
    landed = platform.land_definition(pipeline, "acme", rows)
    assert materialize(platform, file, "2024-03|acme").success
    execution = platform.services.executions.get("acme", pipeline.key, landed.execution.id)
    assert execution.status == "success", execution.status_message
    activity = platform.services.catalog.get("acme", ResourceType.IMPACT_ACTIVITY, name="meter:M2", group="/")
    impacts = activity.to_document()["impacts"]
    component = impacts["co2e"]["components"]["co2e"]
    assert (impacts["co2e"]["name"], component["type"], component["value"]) == ("kg", "pollutant", 3.5)
