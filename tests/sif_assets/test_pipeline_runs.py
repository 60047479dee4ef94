"""Materialising pipelines through Dagster: exact activities and metrics, SIF's identity and latest-value
rules across executions (§9.6), deletions, row errors on the execution, and a blocking check that stops the
metrics downstream.

Expected values come from running the same pipeline file without the platform (`PipelineFile.run`, the
calculator over the file's own resources) — the platform must store exactly what the calculator computes,
and metrics must be the exact sums of what is stored.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from calculator.pipeline_file import load_pipeline_file
from tests.sif_assets.conftest import EXAMPLES, Platform, write_csv

pytestmark = pytest.mark.slow

READINGS = EXAMPLES / "household-electricity" / "readings.csv"
HEADER = "Reading date,Household,ZIP code,kWh"


def expected_co2e(month: str) -> dict[str, Decimal]:
    """household -> co2e_kg of the example readings of `month`, from the file-only calculator."""
    pipeline = load_pipeline_file(EXAMPLES / "household-electricity" / "pipeline.yaml")
    rows = pipeline.read_input()
    result = pipeline.run(rows, audit=False)
    frame = result.frame()
    mask = rows["Reading date"].str.startswith(month)
    return {h: Decimal(v) for h, v in zip(frame["household"][mask], frame["co2e_kg"][mask], strict=True)}


def latest_co2e(platform: Platform, tenant: str, month: str) -> dict[str, Decimal | None]:
    frame = platform.services.activity_store.latest_activities(
        tenant, "household_electricity", months=[month]
    )
    keys = [json.loads(k)[0] if isinstance(k, str) else k[0] for k in frame["unique_keys"]]
    return {k: None if v is None else Decimal(str(v)) for k, v in zip(keys, frame["co2e_kg"], strict=True)}


def metric(platform: Platform, tenant: str, name: str, unit: str, group: str) -> pd.DataFrame:
    return platform.services.activity_store.metric_values(tenant, name, unit, groups=[group])


def test_household_electricity_activities_and_metrics_are_exact(platform: Platform) -> None:
    platform.tenant("acme", "household_electricity")
    landed = platform.land("household_electricity", "acme", READINGS)
    assert dict(landed.months) == {"2024-01": 5, "2024-02": 5, "2024-03": 5}
    outcomes = platform.materialize(
        "household_electricity", ["2024-01|acme", "2024-02|acme"], single_run=True
    )
    assert [o.success for o in outcomes] == [True] and not outcomes[0].failed_checks
    [event] = platform.instance.fetch_materializations(
        dg.AssetKey(["pipelines", "household_electricity", "activities"]), limit=1
    ).records
    metadata = event.asset_materialization.metadata  # type: ignore[union-attr]
    assert metadata["factor_versions"].value["referenceDataset zip_to_egrid_subregion"] == "v1"
    assert metadata["activities"].value == 10

    for month in ("2024-01", "2024-02"):
        expected = expected_co2e(month)
        assert latest_co2e(platform, "acme", month) == expected
        total = sum(expected.values(), Decimal(0))
        leaf = metric(platform, "acme", "ghg:scope2:electricity", "month", "/demo/households")
        row = leaf[leaf["date"].astype(str) == f"{month}-01"].iloc[0]
        assert (Decimal(str(row["group_value"])), Decimal(str(row["sub_groups_value"]))) == (total, 0)
        root = metric(platform, "acme", "ghg:total", "month", "/")
        top = root[root["date"].astype(str) == f"{month}-01"].iloc[0]
        assert Decimal(str(top["group_value"])) == 0 and Decimal(str(top["hierarchy_value"])) == total
    # March was landed but not calculated: the execution waits for it.
    execution = platform.services.executions.get("acme", "household_electricity", landed.execution.id)
    assert execution.status == "in_progress"
    platform.materialize("household_electricity", ["2024-03|acme"])
    execution = platform.services.executions.get("acme", "household_electricity", landed.execution.id)
    assert (execution.status, execution.activity_count, execution.error_count) == ("success", 15, 0)
    year = metric(platform, "acme", "ghg:scope2:electricity", "year", "/")
    quarter = metric(platform, "acme", "ghg:scope2:electricity", "quarter", "/")
    first_quarter = sum(
        (sum(expected_co2e(m).values(), Decimal(0)) for m in ("2024-01", "2024-02", "2024-03")), Decimal(0)
    )
    assert Decimal(str(year.iloc[0]["hierarchy_value"])) == first_quarter
    assert Decimal(str(quarter.iloc[0]["hierarchy_value"])) == first_quarter


def test_a_reupload_restates_its_activities_and_a_delete_removes_them(
    platform: Platform, tmp_path: Path
) -> None:
    platform.tenant("acme", "household_electricity")
    platform.land("household_electricity", "acme", READINGS)
    platform.materialize("household_electricity", ["2024-01|acme"])
    before = latest_co2e(platform, "acme", "2024-01")

    # A corrected bill for H-001 (same household and date: the same activity, SIF §9.6).
    corrected = write_csv(tmp_path / "fix.csv", HEADER, ["2024-01-31,H-001,94105,824"])
    platform.land("household_electricity", "acme", corrected)
    platform.materialize("household_electricity", ["2024-01|acme"])
    after = latest_co2e(platform, "acme", "2024-01")
    assert set(after) == set(before)
    assert after["H-001"] == before["H-001"] * 2  # 824 kWh is twice 412, and the rate is the same
    assert {k: v for k, v in after.items() if k != "H-001"} == {
        k: v for k, v in before.items() if k != "H-001"
    }
    frame = platform.services.activity_store.latest_activities(
        "acme", "household_electricity", months=["2024-01"]
    )
    h001 = frame[frame["unique_keys"].astype(str).str.contains("H-001")].iloc[0]
    history = platform.services.activity_store.activity_history(
        "acme", "household_electricity", h001["activity_id"]
    )
    assert [Decimal(str(v)) for v in history["co2e_kg"]] == [before["H-001"], before["H-001"], after["H-001"]]
    assert list(history["is_latest"].astype(bool)) == [True, False, True]  # each run's winner, oldest first

    # Deleting H-002's reading removes it from the latest view and from the metric.
    deletion = write_csv(tmp_path / "delete.csv", HEADER, ["2024-01-31,H-002,10001,356"])
    platform.land("household_electricity", "acme", deletion, action="delete")
    platform.materialize("household_electricity", ["2024-01|acme"])
    remaining = latest_co2e(platform, "acme", "2024-01")
    assert "H-002" not in remaining and len(remaining) == 4
    root = metric(platform, "acme", "ghg:total", "month", "/")
    assert Decimal(str(root.iloc[0]["hierarchy_value"])) == sum(remaining.values(), Decimal(0))


def test_row_errors_fail_the_execution_with_sif_lines_and_keep_the_valid_rows(
    platform: Platform, tmp_path: Path
) -> None:
    platform.tenant("acme", "household_electricity")
    bad = write_csv(
        tmp_path / "bad.csv",
        HEADER,
        ["2024-01-31,H-001,94105,412", "2024-01-31,H-009,99999,100", "2024-01-31,H-010,10001,lots"],
    )
    landed = platform.land("household_electricity", "acme", bad)
    platform.materialize("household_electricity", ["2024-01|acme"])
    execution = platform.services.executions.get("acme", "household_electricity", landed.execution.id)
    assert execution.status == "failed"
    assert execution.status_message == (
        "error when performing calculation, review the pipeline execution error log for further info"
    )
    lines = platform.services.executions.error_text(execution).splitlines()
    assert any("H-010" in line and "lots" in line for line in lines), lines
    # The unknown ZIP finds no subregion, so every output that needs one fails (SIF's row id: its values).
    assert "Row '2024-01-31-H-009-99999-100' column 'factor_activity' encountered error" in lines[1]
    assert len(lines) == 6
    # H-001 is stored with its value, H-009 with its failed outputs empty; H-010 never became an activity.
    stored = latest_co2e(platform, "acme", "2024-01")
    assert stored["H-009"] is None and set(stored) == {"H-001", "H-009"}
    assert stored["H-001"] == expected_co2e("2024-01")["H-001"]


def test_a_failing_blocking_check_stops_the_metrics(platform: Platform, tmp_path: Path) -> None:
    platform.tenant("acme", "household_electricity")
    negative = write_csv(tmp_path / "negative.csv", HEADER, ["2024-01-31,H-001,94105,-412"])
    platform.land("household_electricity", "acme", negative)
    [outcome] = platform.materialize("household_electricity", ["2024-01|acme"])
    assert not outcome.success
    assert any("non_negative_outputs" in c and "co2e_kg" in c for c in outcome.failed_checks), outcome
    events = platform.instance.fetch_materializations(
        dg.AssetKey(["metrics", "ghg__scope2__electricity"]), limit=10
    ).records
    assert events == []
