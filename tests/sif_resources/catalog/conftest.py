"""Catalog store fixtures: `store` yields a fresh, empty store of every backend in `BACKENDS`, one per test.

A backend is a factory: given the test's `tmp_path`, a context manager that yields an empty store and cleans
up after it. Adding a backend to the contract tests is one more `pytest.param(factory, id=..., marks=...)` in
`BACKENDS`; the DynamoDB backend (`moto_dynamodb.dynamodb_store`, a fresh table on a moto server) is marked
`aws`. `sql_engine` yields a migrated, empty SQL database of each SQL backend for SQL-only tests.

PostgreSQL is the server at 127.0.0.1:5432 (user `postgres`, database `test`; `SIF_TEST_POSTGRES_URL`
overrides); each test gets its own schema, dropped afterwards. When it is unreachable its tests skip, or fail
when `CI=true`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from sif_resources.catalog.engine import create_catalog_engine
from sif_resources.catalog.migrate import fresh_postgres_schema, upgrade_database
from sif_resources.catalog.sql import SqlCatalogStore
from sif_resources.catalog.store import CatalogStore
from tests.sif_resources.catalog.moto_dynamodb import dynamodb_store, stop_moto_server

POSTGRES_URL = os.environ.get("SIF_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")

BackendFactory = Callable[[Path], AbstractContextManager[CatalogStore]]


@contextmanager
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file database in `tmp_path`."""
    engine = create_catalog_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    try:
        upgrade_database(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_engine(_tmp_path: Path) -> Iterator[Engine]:
    """A migrated, fresh PostgreSQL schema (first on the search path), dropped on exit."""
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except OperationalError as error:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is unreachable at {POSTGRES_URL}: {error}")
        pytest.skip(f"PostgreSQL is unreachable at {POSTGRES_URL}")
    admin.dispose()
    with fresh_postgres_schema(POSTGRES_URL) as engine:
        yield engine


@contextmanager
def sqlite_store(tmp_path: Path) -> Iterator[CatalogStore]:
    with sqlite_engine(tmp_path) as engine:
        yield SqlCatalogStore(engine)


@contextmanager
def postgres_store(tmp_path: Path) -> Iterator[CatalogStore]:
    with postgres_engine(tmp_path) as engine:
        yield SqlCatalogStore(engine)


BACKENDS: list[object] = [
    pytest.param(sqlite_store, id="sqlite"),
    pytest.param(postgres_store, id="postgres", marks=pytest.mark.postgres),
    pytest.param(dynamodb_store, id="dynamodb", marks=pytest.mark.aws),
]

SQL_ENGINES: list[object] = [
    pytest.param(sqlite_engine, id="sqlite"),
    pytest.param(postgres_engine, id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session", autouse=True)
def moto_server() -> Iterator[None]:
    """Stops the moto server at the end of the session if a DynamoDB test started it."""
    yield
    stop_moto_server()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CatalogStore]:
    """A fresh, empty catalog store of one backend."""
    factory: BackendFactory = request.param
    with factory(tmp_path) as fresh:
        yield fresh


@pytest.fixture(params=SQL_ENGINES)
def sql_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty SQL catalog database of one SQL backend."""
    factory: Callable[[Path], AbstractContextManager[Engine]] = request.param
    with factory(tmp_path) as engine:
        yield engine
