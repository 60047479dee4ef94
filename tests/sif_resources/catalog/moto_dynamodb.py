"""DynamoDB for tests: moto in server mode (a real HTTP endpoint on a free local port) and fresh tables on it.

One server per test session, started on first use and stopped by the session fixture `moto_server`
(conftest.py). Starting it sets dummy AWS credentials and the region in the environment, so boto3 never
looks for real ones; stopping it restores the environment. Each store gets its own table, deleted after use.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from sif_resources.catalog.dynamodb import DynamoCatalogStore
from sif_resources.catalog.dynamodb_keys import create_table

DUMMY_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass
class MotoServer:
    """A running moto server and what it replaced in the environment."""

    server: ThreadedMotoServer
    endpoint_url: str
    saved_environment: dict[str, str | None]

    def client(self) -> Any:
        """A boto3 DynamoDB client talking to this server."""
        return boto3.client("dynamodb", endpoint_url=self.endpoint_url, region_name="us-east-1")


_running: MotoServer | None = None


def moto_server() -> MotoServer:
    """The session's moto server, started on first call."""
    global _running
    if _running is None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
        saved = {name: os.environ.get(name) for name in DUMMY_ENVIRONMENT}
        os.environ.update(DUMMY_ENVIRONMENT)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        _running = MotoServer(server, f"http://{host}:{port}", saved)
    return _running


def stop_moto_server() -> None:
    """Stop the server if it was started, and restore the environment."""
    global _running
    if _running is None:
        return
    _running.server.stop()
    for name, value in _running.saved_environment.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _running = None


@contextmanager
def fresh_table() -> Iterator[tuple[Any, str]]:
    """(client, table name) of a new catalog table on the moto server, deleted on exit."""
    client = moto_server().client()
    table_name = f"catalog-{uuid.uuid4().hex[:12]}"
    create_table(client, table_name)
    try:
        yield client, table_name
    finally:
        client.delete_table(TableName=table_name)


@contextmanager
def dynamodb_store(_tmp_path: Path) -> Iterator[DynamoCatalogStore]:
    """A `DynamoCatalogStore` on a fresh table (the contract suite's backend factory)."""
    with fresh_table() as (client, table_name):
        yield DynamoCatalogStore(client, table_name)
