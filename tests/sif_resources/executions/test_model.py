"""The execution record: the §9.3 status machine, ids that sort by creation, and its stored and SIF forms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sif_resources.domain.ids import is_valid_id
from sif_resources.executions.model import (
    STATUSES,
    Execution,
    IllegalTransitionError,
    check_transition,
    new_execution_id,
)

LEGAL = [
    ("waiting", "in_progress"),
    ("waiting", "failed"),
    ("in_progress", "calculating_metrics"),
    ("in_progress", "success"),
    ("in_progress", "failed"),
    ("calculating_metrics", "success"),
    ("calculating_metrics", "failed"),
    ("calculating_metrics", "in_progress"),
]


@pytest.mark.parametrize(("current", "new"), LEGAL)
def test_legal_transitions(current: str, new: str) -> None:
    check_transition(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [(c, n) for c in STATUSES for n in STATUSES if c != n and (c, n) not in LEGAL],
)
def test_every_other_transition_is_refused(current: str, new: str) -> None:
    with pytest.raises(IllegalTransitionError, match=f"an execution cannot go from {current} to {new}"):
        check_transition(current, new)


def test_transition_messages() -> None:
    with pytest.raises(IllegalTransitionError) as final:
        check_transition("success", "in_progress")
    assert str(final.value) == (
        "an execution cannot go from success to in_progress (from success: none, it is final)"
    )
    with pytest.raises(IllegalTransitionError) as waiting:
        check_transition("waiting", "success")
    assert str(waiting.value) == (
        "an execution cannot go from waiting to success (from waiting: failed, in_progress)"
    )
    with pytest.raises(IllegalTransitionError) as data:
        check_transition("in_progress", "calculating_metrics", "data")
    assert str(data.value) == (
        "a data pipeline's execution never calculates metrics (only activities pipelines do)"
    )
    with pytest.raises(IllegalTransitionError, match="unknown execution status 'done'"):
        check_transition("waiting", "done")
    for status in STATUSES:
        check_transition(status, status)  # field updates keep the status


def test_ids_are_lower_case_ulids_in_creation_order() -> None:
    at = datetime(2024, 1, 1, tzinfo=UTC)
    same_millisecond = [new_execution_id(at) for _ in range(50)]
    assert all(is_valid_id(i) and i == i.lower() for i in same_millisecond)
    assert same_millisecond == sorted(same_millisecond)
    assert len(set(same_millisecond)) == 50
    later = new_execution_id(datetime(2024, 1, 2, tzinfo=UTC))
    assert later > same_millisecond[-1]


def _execution() -> Execution:
    at = datetime(2024, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)
    return Execution(
        id=new_execution_id(at),
        tenant="acme",
        pipeline_key="gas",
        pipeline_version=3,
        group_context_id="/acme/eu",
        created_at=at,
        created_by="ann",
        updated_at=at,
        updated_by="ann",
        status="failed",
        status_message="boom",
        tags={"source": "erp"},
        months=("2024-01", "2024-02"),
        run_ids=("r1",),
        input_raw_key="executions/acme/gas/x/input/raw",
    )


def test_json_round_trip() -> None:
    execution = _execution()
    data = execution.to_json()
    assert data["created_at"] == "2024-03-01T12:00:00.123Z"
    assert data["months"] == ["2024-01", "2024-02"]
    assert Execution.from_json(data) == execution
    assert Execution.from_json({**data, "added_later": 1}) == execution


def test_sif_form() -> None:
    execution = _execution()
    assert execution.to_sif() == {
        "id": execution.id,
        "pipelineId": "gas",
        "pipelineVersion": 3,
        "actionType": "create",
        "status": "failed",
        "statusMessage": "boom",
        "groupContextId": "/acme/eu",
        "triggerMetricAggregations": False,
        "tags": {"source": "erp"},
        "createdBy": "ann",
        "createdAt": "2024-03-01T12:00:00.123Z",
        "updatedBy": "ann",
        "updatedAt": "2024-03-01T12:00:00.123Z",
    }
    assert execution.finished
