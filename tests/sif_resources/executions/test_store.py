"""`ExecutionStore` on a local folder and on S3: records and their layout, listing order, the status machine
on update, error parts and their combined files, and output files."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd
import pytest

from sif_resources.executions.model import ErrorRow, Execution, IllegalTransitionError
from sif_resources.executions.store import ExecutionNotFoundError, ExecutionStore
from sif_resources.objects import ObjectStore, ObjectStoreError


def _create(executions: ExecutionStore, pipeline: str = "gas", **options: Any) -> Execution:
    return executions.create(
        tenant="acme", pipeline_key=pipeline, pipeline_version=2, group_context_id="/acme", **options
    )


def test_create_lays_out_the_execution(executions: ExecutionStore, objects: ObjectStore) -> None:
    execution = _create(executions, created_by="ann", tags={"source": "erp"}, input_file_name="bills.csv")
    prefix = f"executions/acme/gas/{execution.id}/"
    assert objects.list() == [prefix + "execution.json"]
    assert execution.status == "waiting"
    assert execution.created_by == execution.updated_by == "ann"
    assert (execution.input_raw_key, execution.input_archived_key) == (
        prefix + "input/raw",
        prefix + "input/archived",
    )
    assert (execution.errors_text_key, execution.errors_csv_key) == (
        prefix + "errors.txt",
        prefix + "errors.csv",
    )
    assert execution.output_key is None
    stored = json.loads(objects.get_bytes(prefix + "execution.json"))
    assert stored["status"] == "waiting" and stored["tags"] == {"source": "erp"}
    assert executions.get("acme", "gas", execution.id) == execution
    assert executions.get("acme", "gas", execution.id.upper()) == execution


def test_create_refuses_an_unknown_action_type(executions: ExecutionStore) -> None:
    with pytest.raises(ValueError, match="actionType must be one of create, delete, not 'upsert'"):
        _create(executions, action_type="upsert")


def test_unsafe_names_never_reach_the_store(executions: ExecutionStore) -> None:
    with pytest.raises(ObjectStoreError, match=r"pipeline key '\.\.' cannot name a folder"):
        _create(executions, pipeline="..")


def test_get_a_missing_execution(executions: ExecutionStore) -> None:
    with pytest.raises(ExecutionNotFoundError) as missing:
        executions.get("acme", "gas", "01hzzzzzzzzzzzzzzzzzzzzzzz")
    assert str(missing.value) == (
        "execution '01hzzzzzzzzzzzzzzzzzzzzzzz' of pipeline 'gas' (tenant 'acme') does not exist"
    )


def test_list_is_newest_first_per_pipeline(executions: ExecutionStore) -> None:
    created = [_create(executions) for _ in range(4)]
    other = _create(executions, pipeline="electricity")
    executions.record_errors(created[0], [ErrorRow(1, None, "x")])  # files beside records are not records
    listed = executions.list("acme", "gas")
    assert [e.id for e in listed] == [e.id for e in reversed(created)]
    assert [e.id for e in executions.list("acme", "gas", limit=2)] == [created[3].id, created[2].id]
    assert [e.id for e in executions.list("acme", "electricity")] == [other.id]
    assert executions.list("other", "gas") == []


def test_update_follows_the_status_machine(executions: ExecutionStore) -> None:
    execution = _create(executions)
    running = executions.update(execution, status="in_progress", months=["2024-01"], updated_by="runner")
    assert running.status == "in_progress" and running.months == ("2024-01",)
    assert running.updated_by == "runner" and running.updated_at > execution.updated_at
    metrics = executions.update(running, status="calculating_metrics", activity_count=10)
    done = executions.update(metrics, status="success")
    assert executions.get("acme", "gas", execution.id) == done
    assert done.activity_count == 10
    with pytest.raises(IllegalTransitionError, match="cannot go from success to failed"):
        executions.update(done, status="failed")
    assert executions.get("acme", "gas", execution.id).status == "success"
    # a stale copy is checked against the stored status, not its own
    with pytest.raises(IllegalTransitionError, match="cannot go from success to in_progress"):
        executions.update(execution, status="in_progress")


def test_update_refuses_unknown_and_fixed_fields(executions: ExecutionStore) -> None:
    execution = _create(executions)
    with pytest.raises(TypeError, match=r"Execution has no field\(s\) colour"):
        executions.update(execution, colour="red")
    with pytest.raises(ValueError, match="an execution's tenant cannot change"):
        executions.update(execution, tenant="other")


def test_data_pipelines_never_calculate_metrics(executions: ExecutionStore) -> None:
    execution = executions.update(_create(executions, pipeline_type="data"), status="in_progress")
    with pytest.raises(IllegalTransitionError, match="a data pipeline's execution never calculates metrics"):
        executions.update(execution, status="calculating_metrics")


def test_runs_are_recorded_once(executions: ExecutionStore) -> None:
    execution = _create(executions)
    executions.add_run(execution, "run-1")
    executions.add_run(execution, "run-2")
    assert executions.add_run(execution, "run-1").run_ids == ("run-1", "run-2")


def test_errors_from_several_parts(executions: ExecutionStore, objects: ObjectStore) -> None:
    execution = _create(executions)
    assert (
        executions.record_errors(
            execution,
            [
                ErrorRow(3, "time", "Row '3' column 'time' failed"),
                ErrorRow(None, None, 'a "quoted", message'),
            ],
        )
        == 2
    )
    frame = pd.DataFrame({"row_number": [7], "column": ["co2e"], "message": ["bad, really\nbad"]})
    executions.record_errors(execution, frame, part="month-2024-02")
    executions.record_errors(execution, [ErrorRow(9, None, "january")], part="month-2024-01")
    expected = [
        ErrorRow(3, "time", "Row '3' column 'time' failed"),
        ErrorRow(None, None, 'a "quoted", message'),
        ErrorRow(9, None, "january"),
        ErrorRow(7, "co2e", "bad, really\nbad"),
    ]
    assert list(executions.error_rows(execution)) == expected
    text = "Row '3' column 'time' failed\na \"quoted\", message\njanuary\nbad, really\nbad\n"
    assert executions.error_text(execution) == text
    assert objects.get_bytes(execution.errors_text_key or "").decode() == text
    table = list(csv.reader(io.StringIO(objects.get_bytes(execution.errors_csv_key or "").decode())))
    assert table == [
        ["execution_id", "row_number", "column", "message"],
        [execution.id, "3", "time", "Row '3' column 'time' failed"],
        [execution.id, "", "", 'a "quoted", message'],
        [execution.id, "9", "", "january"],
        [execution.id, "7", "co2e", "bad, really\nbad"],
    ]


def test_rewriting_a_part_replaces_its_errors(executions: ExecutionStore) -> None:
    execution = _create(executions)
    executions.record_errors(execution, [ErrorRow(1, None, "first run")], part="month-2024-01")
    executions.record_errors(execution, [ErrorRow(1, None, "second run")], part="month-2024-01")
    assert executions.error_text(execution) == "second run\n"


def test_uncombined_parts_are_read_anyway(executions: ExecutionStore, objects: ObjectStore) -> None:
    execution = _create(executions)
    executions.record_errors(execution, [ErrorRow(1, None, "a")], part="landing-00000", combine=False)
    executions.record_errors(execution, [ErrorRow(2, None, "b")], part="landing-00001", combine=False)
    assert not objects.exists(execution.errors_text_key or "")
    assert executions.error_text(execution) == "a\nb\n"
    executions.combine_errors(execution)
    assert objects.get_bytes(execution.errors_text_key or "") == b"a\nb\n"
    executions.clear_errors(execution)
    assert executions.error_parts(execution) == []
    assert not objects.exists(execution.errors_csv_key or "")


def test_write_output(executions: ExecutionStore, objects: ObjectStore) -> None:
    execution = _create(executions, pipeline_type="data")
    written = executions.write_output(execution, pd.DataFrame({"a": ["1", "2"], "b": ["x", None]}))
    assert written.output_key == f"executions/acme/gas/{execution.id}/output/result.csv"
    assert executions.get("acme", "gas", execution.id).output_key == written.output_key
    assert objects.get_bytes(written.output_key or "") == b"a,b\n1,x\n2,\n"


def test_write_output_in_parts(executions: ExecutionStore, objects: ObjectStore) -> None:
    execution = _create(executions, pipeline_type="data")
    executions.write_output(execution, pd.DataFrame({"a": ["2"]}), part="2024-02")
    written = executions.write_output(execution, pd.DataFrame({"a": ["1", "1b"]}), part="2024-01")
    assert objects.get_bytes(written.output_key or "") == b"a\n1\n1b\n2\n"
    with pytest.raises(ValueError, match="'result' names the combined output file"):
        executions.write_output(execution, pd.DataFrame({"a": ["1"]}), part="result")
