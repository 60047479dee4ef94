"""The object store contract, run against a local folder and against S3 (moto in server mode), plus what
only one backend does (atomic renames, pre-signed URLs, multipart uploads) and opening a store from
settings."""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from sif_resources import objects as objects_module
from sif_resources.objects import (
    LocalObjectStore,
    ObjectNotFoundError,
    ObjectStore,
    ObjectStoreError,
    S3ObjectStore,
    UploadTooLargeError,
    key_segment,
    open_object_store,
)
from sif_resources.settings import DEFAULT_MAX_UPLOAD_BYTES, Settings
from tests.sif_resources.catalog.moto_dynamodb import moto_server, stop_moto_server
from tests.sif_resources.object_stores import OBJECT_STORES, fresh_bucket


@pytest.fixture(scope="module", autouse=True)
def _stop_moto() -> Iterator[None]:
    yield
    stop_moto_server()


@pytest.fixture(params=OBJECT_STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    factory: Callable[[Path], AbstractContextManager[ObjectStore]] = request.param
    with factory(tmp_path) as fresh:
        yield fresh


# --- the contract -------------------------------------------------------------------------------------------


def test_bytes_round_trip_and_overwrite(store: ObjectStore) -> None:
    store.put_bytes("a/b/c.txt", b"first")
    assert store.get_bytes("a/b/c.txt") == b"first"
    store.put_bytes("a/b/c.txt", b"second")
    assert store.get_bytes("a/b/c.txt") == b"second"
    assert store.size("a/b/c.txt") == 6
    assert store.exists("a/b/c.txt")
    assert not store.exists("a/b/d.txt")


def test_put_file_and_stream(store: ObjectStore, tmp_path: Path) -> None:
    source = tmp_path / "upload.csv"
    source.write_bytes(b"x,y\n1,2\n")
    store.put_file("in/file.csv", source)
    assert store.get_bytes("in/file.csv") == b"x,y\n1,2\n"
    assert store.put_stream("in/stream.csv", io.BytesIO(b"12345")) == 5
    assert store.get_bytes("in/stream.csv") == b"12345"


def test_a_stream_over_the_limit_stores_nothing(store: ObjectStore) -> None:
    assert store.put_stream("in/ok", io.BytesIO(b"1234"), max_bytes=4) == 4
    with pytest.raises(UploadTooLargeError, match=r"'in/big' is larger than the limit of 4 bytes"):
        store.put_stream("in/big", io.BytesIO(b"12345"), max_bytes=4)
    assert not store.exists("in/big")
    assert store.list() == ["in/ok"]


def test_open_streams_lines(store: ObjectStore) -> None:
    store.put_bytes("lines.txt", b"one\ntwo\nthree")
    with store.open("lines.txt") as stream:
        assert list(stream) == [b"one\n", b"two\n", b"three"]
    with store.open("lines.txt") as stream:
        assert stream.read(3) == b"one"
        assert stream.read() == b"\ntwo\nthree"


def test_missing_objects(store: ObjectStore) -> None:
    for read in (store.get_bytes, store.open, store.size):
        with pytest.raises(ObjectNotFoundError, match="no object at 'nope/x'"):
            read("nope/x")
    store.delete("nope/x")  # not an error


def test_list_by_prefix_sorted(store: ObjectStore) -> None:
    for key in ("t/p/2024-02/b", "t/p/2024-01/a", "t/q/x", "t/p/2024-01/c", "u/z"):
        store.put_bytes(key, b"")
    assert store.list("t/p/") == ["t/p/2024-01/a", "t/p/2024-01/c", "t/p/2024-02/b"]
    assert store.list("t/p/2024-0") == ["t/p/2024-01/a", "t/p/2024-01/c", "t/p/2024-02/b"]
    assert store.list("t/") == ["t/p/2024-01/a", "t/p/2024-01/c", "t/p/2024-02/b", "t/q/x"]
    assert store.list("t") == ["t/p/2024-01/a", "t/p/2024-01/c", "t/p/2024-02/b", "t/q/x"]
    assert store.list() == ["t/p/2024-01/a", "t/p/2024-01/c", "t/p/2024-02/b", "t/q/x", "u/z"]
    assert store.list("missing/") == []


def test_copy_and_delete(store: ObjectStore) -> None:
    store.put_bytes("input/raw", b"data")
    store.copy("input/raw", "input/archived")
    store.delete("input/raw")
    assert store.get_bytes("input/archived") == b"data"
    assert store.list() == ["input/archived"]


def test_url_fetches_the_object(store: ObjectStore) -> None:
    store.put_bytes("out/result.csv", b"a,b\n")
    with urllib.request.urlopen(store.url("out/result.csv", expires_in=60)) as response:
        assert response.read() == b"a,b\n"


@pytest.mark.parametrize("key", ["", "/abs", "a//b", "a/../b", "./a", "a\\b", "a/", ".tmp/x"])
def test_unsafe_keys_are_refused(store: ObjectStore, key: str) -> None:
    with pytest.raises(ObjectStoreError, match="is not a valid object key"):
        store.put_bytes(key, b"")


def test_key_segments() -> None:
    assert key_segment("acme", "tenant") == "acme"
    with pytest.raises(ObjectStoreError, match=r"tenant 'a/b' cannot name a folder of the object store"):
        key_segment("a/b", "tenant")
    with pytest.raises(ObjectStoreError, match=r"pipeline '\.\.' cannot name a folder"):
        key_segment("..", "pipeline")


# --- one backend --------------------------------------------------------------------------------------------


def test_local_writes_leave_no_temporary_files_and_deletes_prune_folders(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "objects")
    store.put_bytes("a/b/c", b"1")
    assert sorted(
        p.relative_to(tmp_path / "objects").as_posix() for p in (tmp_path / "objects").rglob("*")
    ) == [
        ".tmp",
        "a",
        "a/b",
        "a/b/c",
    ]
    assert store.list() == ["a/b/c"]
    store.delete("a/b/c")
    assert not (tmp_path / "objects" / "a").exists()
    assert store.url("x/y").startswith("file:///")


def test_local_failed_write_keeps_the_old_object(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put_bytes("k", b"old")
    with pytest.raises(UploadTooLargeError):
        store.put_stream("k", io.BytesIO(b"new and too long"), max_bytes=3)
    assert store.get_bytes("k") == b"old"
    assert list((tmp_path / ".tmp").iterdir()) == []


@pytest.mark.aws
def test_s3_multipart_upload_and_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 5 MiB is the smallest part S3 accepts; 11 MiB makes three parts
    monkeypatch.setattr(objects_module, "MULTIPART_BYTES", 5 * 1024 * 1024)
    data = bytes(range(256)) * (11 * 4096)
    source = tmp_path / "big.bin"
    source.write_bytes(data)
    with fresh_bucket() as (client, bucket):
        store = S3ObjectStore(bucket, "p", client)
        store.put_file("big/file", source)
        assert store.get_bytes("big/file") == data
        head = client.head_object(Bucket=bucket, Key="p/big/file")
        assert head["ETag"].strip('"').endswith("-3")  # a multipart upload's ETag counts its parts
        store.copy("big/file", "big/copy")
        assert store.size("big/copy") == len(data)
        with pytest.raises(UploadTooLargeError):
            store.put_stream("big/refused", io.BytesIO(data), max_bytes=6 * 1024 * 1024)
        assert not store.exists("big/refused")
        assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


@pytest.mark.aws
def test_s3_lists_past_one_page() -> None:
    with fresh_bucket() as (client, bucket):
        store = S3ObjectStore(bucket, "", client, list_page_size=3)
        keys = [f"k/{i:04d}" for i in range(8)]
        for key in keys:
            client.put_object(Bucket=bucket, Key=key, Body=b"")
        paging = {"PageSize": 3}
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig=paging)
        assert len(list(pages)) == 3
        assert store.list("k/") == keys


# --- from settings ------------------------------------------------------------------------------------------


def test_settings_default_and_environment() -> None:
    default = Settings.from_environment({})
    assert default == Settings(Path(".sif"), "sqlite:///.sif/catalog.db")
    assert default.objects_url == "file://.sif/objects"
    assert default.max_upload_bytes == DEFAULT_MAX_UPLOAD_BYTES == 5 * 1024**3
    configured = Settings.from_environment(
        {
            "SIF_OBJECT_STORE_URL": "s3://bucket/prefix",
            "SIF_AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "SIF_MAX_UPLOAD_BYTES": "1024",
        }
    )
    assert configured.objects_url == "s3://bucket/prefix"
    assert configured.aws_endpoint_url == "http://127.0.0.1:5000"
    assert configured.max_upload_bytes == 1024
    with pytest.raises(
        ValueError, match="SIF_MAX_UPLOAD_BYTES must be a positive whole number of bytes, not '5G'"
    ):
        Settings.from_environment({"SIF_MAX_UPLOAD_BYTES": "5G"})


def test_open_local_store_from_settings(tmp_path: Path) -> None:
    store = open_object_store(Settings.from_environment({"SIF_HOME": str(tmp_path / "home")}))
    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "home" / "objects"
    relative = open_object_store(Settings(Path(".sif"), "sqlite://", object_store_url="file://data/objects"))
    assert isinstance(relative, LocalObjectStore) and relative.root == Path("data/objects")


def test_unknown_object_store_url() -> None:
    with pytest.raises(
        ObjectStoreError, match=r"SIF_OBJECT_STORE_URL 'gs://b' must start with file:// or s3://"
    ):
        open_object_store(Settings(Path(".sif"), "sqlite://", object_store_url="gs://b"))


@pytest.mark.aws
def test_open_s3_store_from_settings() -> None:
    with fresh_bucket() as (client, bucket):
        settings = Settings.from_environment(
            {
                "SIF_OBJECT_STORE_URL": f"s3://{bucket}/sif/files",
                "SIF_AWS_ENDPOINT_URL": moto_server().endpoint_url,
            }
        )
        store = open_object_store(settings)
        assert isinstance(store, S3ObjectStore)
        store.put_bytes("hello.txt", b"hi")
        assert client.get_object(Bucket=bucket, Key="sif/files/hello.txt")["Body"].read() == b"hi"
