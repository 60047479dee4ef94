"""Execution fixtures: `objects` is an empty object store of each backend (a local folder; S3 on the moto
server, marked `aws`), `executions` an `ExecutionStore` over it with a clock that ticks a second per call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sif_resources.executions.store import ExecutionStore
from sif_resources.objects import ObjectStore
from tests.sif_resources.catalog.moto_dynamodb import stop_moto_server
from tests.sif_resources.object_stores import OBJECT_STORES

START = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def _stop_moto() -> Iterator[None]:
    yield
    stop_moto_server()


@pytest.fixture(params=OBJECT_STORES)
def objects(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    factory: Callable[[Path], AbstractContextManager[ObjectStore]] = request.param
    with factory(tmp_path) as fresh:
        yield fresh


class TickingClock:
    """A clock for records: starts at START and moves one second per reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def executions(objects: ObjectStore) -> ExecutionStore:
    return ExecutionStore(objects, clock=TickingClock())
