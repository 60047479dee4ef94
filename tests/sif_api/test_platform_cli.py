"""The platform commands of `sif` (run, backfill, restate, activities, metrics, executions, demo), run
through Typer's CliRunner against a temporary `$SIF_HOME` whose Dagster instance lives in
`$SIF_HOME/dagster`: exit codes, what they print, and what they leave in the stores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sif_api.cli import app
from sif_api.demo import DemoError, prepare_home
from sif_resources.services import forget_services, services_for
from sif_resources.settings import Settings

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
READINGS = EXAMPLES / "household-electricity" / "readings.csv"


@pytest.fixture
def sif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("SIF_HOME", str(tmp_path / "home"))
    for name in ("SIF_DATABASE_URL", "SIF_OBJECT_STORE_URL", "SIF_CATALOG_BACKEND", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"})
    finally:
        forget_services()


def test_run_lands_a_file_and_calculates_every_month(sif: CliRunner) -> None:
    assert sif.invoke(app, ["tenant", "create", "acme"]).exit_code == 0
    result = sif.invoke(app, ["run", "household_electricity", str(READINGS), "--tenant", "acme"])
    assert result.exit_code == 0, result.output
    assert (
        "15 rows landed, 0 rejected; months 2024-01 (5 rows), 2024-02 (5 rows), 2024-03 (5 rows)"
        in result.output
    )
    assert "success" in result.output
    [execution] = services_for().executions.list("acme", "household_electricity")
    assert (execution.status, execution.activity_count, len(execution.run_ids)) == ("success", 15, 3)

    metrics = sif.invoke(
        app, ["metrics", "ghg:total", "--tenant", "acme", "--time-unit", "quarter", "--group", "/"]
    )
    assert metrics.exit_code == 0, metrics.output
    quarter = services_for().activity_store.metric_values("acme", "ghg:total", "quarter", groups=["/"])
    total = Decimal(str(quarter.iloc[0]["hierarchy_value"]))
    assert total > 0 and str(total) in metrics.output

    activities = sif.invoke(
        app, ["activities", "household_electricity", "--tenant", "acme", "--month", "2024-02"]
    )
    assert activities.exit_code == 0 and "H-005" in activities.output
    listing = sif.invoke(app, ["executions", "household_electricity", "--tenant", "acme"])
    assert execution.id in listing.output

    backfill = sif.invoke(
        app, ["backfill", "household_electricity", "--tenant", "acme", "--from", "2024-01", "--to", "2024-03"]
    )
    assert backfill.exit_code == 0, backfill.output
    assert "3 partitions of household_electricity recalculated" in backfill.output
    again = services_for().activity_store.metric_values("acme", "ghg:total", "quarter", groups=["/"])
    assert Decimal(str(again.iloc[0]["hierarchy_value"])) == total  # recalculated, same inputs, same total
    nothing = sif.invoke(app, ["restate"])
    assert nothing.exit_code == 0, nothing.output


def test_bad_input_is_named_and_nothing_is_landed(sif: CliRunner, tmp_path: Path) -> None:
    unknown = sif.invoke(app, ["run", "no_such_pipeline", str(READINGS), "--tenant", "acme"])
    assert unknown.exit_code == 2
    assert (
        "unknown pipeline 'no_such_pipeline'; the code location has: fleet_fuel, household_electricity"
        in (unknown.output)
    )
    missing_tenant = sif.invoke(app, ["run", "household_electricity", str(READINGS), "--tenant", "nobody"])
    assert missing_tenant.exit_code == 2 and "tenant 'nobody' does not exist" in missing_tenant.output
    assert sif.invoke(app, ["tenant", "create", "acme"]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("Reading date,Household,kWh\n2024-01-31,H-001,5\n")
    refused = sif.invoke(app, ["run", "household_electricity", str(bad), "--tenant", "acme"])
    assert refused.exit_code == 2
    assert "ZIP code" in refused.output, refused.output
    objects = services_for().object_store
    assert objects.list("landing/") == []
    [execution] = services_for().executions.list("acme", "household_electricity")
    assert execution.status == "failed" and "ZIP code" in (execution.status_message or "")


def test_the_demo_tells_the_whole_story(sif: CliRunner) -> None:
    result = sif.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert (
        "automation requested pipelines/household_electricity/activities: 2024-01|acme, 2024-01|globex"
        in output
    )
    assert "automation requested pipelines/natural_gas/activities" not in output
    assert "Metrics at / (kg CO2e), before and after the restatement" in output
    # Only household H-003's ZIP was remapped, so only electricity (and the total) change.
    lines = [line for line in output.splitlines() if "│ ghg:scope1 " in line or "ghg:scope1:mobile" in line]
    assert lines and all(line.rstrip("│ ").endswith("0") for line in lines)


def test_the_demo_wipes_only_its_own_folder(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    settings = Settings.from_environment({"SIF_HOME": str(home)})
    prepare_home(settings)
    (home / "catalog.db").write_text("old state")
    prepare_home(settings)  # the demo made this folder: wiped, marker written again
    assert sorted(p.name for p in home.iterdir()) == [".sif-demo"]
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("precious")
    with pytest.raises(DemoError, match="holds state the demo did not create"):
        prepare_home(Settings.from_environment({"SIF_HOME": str(other)}))
    assert (other / "keep.txt").read_text() == "precious"


def test_run_loads_a_reference_dataset_pipeline_into_versions_of_its_dataset(
    sif: CliRunner, tmp_path: Path
) -> None:
    from sif_resources.domain.resources import ResourceType

    assert sif.invoke(app, ["tenant", "create", "acme"]).exit_code == 0
    transforms = [
        ("'zip_to_subregion'", "name"),
        ("'eGRID subregion by ZIP'", "description"),
        ("'EPA'", "tag_source"),
    ]
    services_for().catalog.create(
        "acme",
        "/",
        ResourceType.PIPELINE,
        {
            "name": "zip_loader",
            "type": "referenceDatasets",
            "transformer": {
                "parameters": [],
                "transforms": [
                    {"index": i, "formula": f, "outputs": [{"index": 0, "key": k, "type": "string"}]}
                    for i, (f, k) in enumerate(transforms)
                ],
            },
        },
    )
    first = tmp_path / "zips.csv"
    first.write_text("zip,subregion\n94105,CAMX\n")
    result = sif.invoke(app, ["run", "zip_loader", str(first), "--tenant", "acme"])
    assert result.exit_code == 0, result.output
    assert "dataset zip_to_subregion created: version 1" in result.output
    second = tmp_path / "zips2.csv"
    second.write_text("zip,subregion\n94105,CAMX\n10001,NYCW\n")
    result = sif.invoke(app, ["run", "zip_loader", str(second), "--tenant", "acme"])
    assert "dataset zip_to_subregion updated: version 2" in result.output, result.output
    catalog = services_for().catalog
    dataset = catalog.get("acme", ResourceType.REFERENCE_DATASET, name="zip_to_subregion", group="/")
    assert catalog.dataset_rows("acme", dataset)[1] == [["94105", "CAMX"], ["10001", "NYCW"]]
    assert dataset.to_document()["tags"]["source"] == "EPA"
