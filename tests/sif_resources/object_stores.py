"""Object stores for tests: a folder under the test's `tmp_path`, or a fresh bucket on the moto S3 server.

`OBJECT_STORES` lists both as `pytest.param`s of factories (`tmp_path` -> a context manager yielding an
empty store), the S3 one marked `aws`; contract tests parametrise a fixture over it. The moto server is the
one `tests/sif_resources/catalog/moto_dynamodb.py` runs (a real HTTP endpoint); a bucket is emptied and
deleted after its test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from sif_resources.objects import LocalObjectStore, ObjectStore, S3ObjectStore
from tests.sif_resources.catalog.moto_dynamodb import moto_server


def s3_client() -> Any:
    """A boto3 S3 client for the moto server (path-style addressing, as `open_object_store` configures)."""
    return boto3.client(
        "s3",
        endpoint_url=moto_server().endpoint_url,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
    )


@contextmanager
def fresh_bucket() -> Iterator[tuple[Any, str]]:
    """(client, bucket name) of a new bucket on the moto server, emptied and deleted on exit."""
    client = s3_client()
    bucket = f"sif-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    try:
        yield client, bucket
    finally:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", ()):
                client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


@contextmanager
def local_store(tmp_path: Path) -> Iterator[ObjectStore]:
    yield LocalObjectStore(tmp_path / "objects")


@contextmanager
def s3_store(_tmp_path: Path) -> Iterator[ObjectStore]:
    with fresh_bucket() as (client, bucket):
        yield S3ObjectStore(bucket, "sif/objects", client)


OBJECT_STORES: list[object] = [
    pytest.param(local_store, id="local"),
    pytest.param(s3_store, id="s3", marks=pytest.mark.aws),
]
