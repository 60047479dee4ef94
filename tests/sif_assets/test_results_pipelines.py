"""`data` and `impacts` pipelines through Dagster (SIF §9.7): `results/<p>` writes each execution's
`output/result.csv` and errors, an impacts pipeline creates the impact activities its rows describe, and
nothing reaches the activity store."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from sif_assets.factories.pipeline_assets import build_pipeline_assets
from sif_resources.dagster_resources import build_resources
from sif_resources.domain.resources import ResourceType
from sif_resources.executions.layout import execution_prefix, output_key
from sif_resources.pipelines.sources import definition_from_file
from tests.sif_assets.conftest import Platform, write_csv

pytestmark = pytest.mark.slow

DATA_PIPELINE = """
name: meter-doubler
group: /
type: {type}
transformer:
  parameters:
    - {{index: 0, key: date, type: string}}
    - {{index: 1, key: meter, type: string}}
    - {{index: 2, key: kwh, type: number}}
  transforms:
{transforms}
"""

DATA_TRANSFORMS = """    - {index: 0, formula: "AS_TIMESTAMP(:date,'yyyy-MM-dd')", outputs: [{index: 0, key: time, type: timestamp}]}
    - {index: 1, formula: ":meter", outputs: [{index: 0, key: meter, type: string}]}
    - {index: 2, formula: ":kwh * 2 / :kwh", outputs: [{index: 0, key: ratio, type: number}]}"""

IMPACT_TRANSFORMS = """    - {index: 0, formula: "AS_TIMESTAMP(:date,'yyyy-MM-dd')", outputs: [{index: 0, key: time, type: timestamp}]}
    - {index: 1, formula: "CONCAT('meter:', :meter)", outputs: [{index: 0, key: "activity:name", type: string}]}
    - {index: 2, formula: "'kg'", outputs: [{index: 0, key: "impact:co2e:name", type: string}]}
    - {index: 3, formula: "'co2e'", outputs: [{index: 0, key: "impact:co2e:component:co2e:key", type: string}]}
    - {index: 4, formula: "'pollutant'", outputs: [{index: 0, key: "impact:co2e:component:co2e:type", type: string}]}
    - {index: 5, formula: ":kwh * 0.5", outputs: [{index: 0, key: "impact:co2e:component:co2e:value", type: number}]}"""


def materialize(platform: Platform, file: Path, key: str) -> dg.ExecuteInProcessResult:
    pipeline = definition_from_file(file)
    assets = build_pipeline_assets(pipeline)
    return dg.materialize(
        assets,
        instance=platform.instance,
        resources=build_resources(),
        partition_key=key,
        selection=[dg.AssetKey(["inputs", pipeline.key]), dg.AssetKey(["results", pipeline.key])],
        raise_on_error=False,
    )


def test_a_data_pipeline_writes_result_files_not_activities(platform: Platform, tmp_path: Path) -> None:
    file = tmp_path / "data.yaml"
    file.write_text(DATA_PIPELINE.format(type="data", transforms=DATA_TRANSFORMS))
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
    file = tmp_path / "impacts.yaml"
    file.write_text(DATA_PIPELINE.format(type="impacts", transforms=IMPACT_TRANSFORMS))
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
