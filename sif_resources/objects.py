"""Files the platform keeps — uploads, landed parts, error and output files — behind one small interface.

What belongs here: the `ObjectStore` protocol (flat `/`-separated keys, whole-object writes that readers
never see half-done), its two backends — `LocalObjectStore` (a folder; the embedded default) and
`S3ObjectStore` (a bucket and prefix over boto3) — and `open_object_store`, which picks one from
`Settings.objects_url`. What does not: what the keys mean (`sif_resources.executions` lays out executions
and the landing area).

Keys are relative paths of non-empty segments without `.`/`..` or backslashes, so a tenant or pipeline name
can never reach outside the store's folder or prefix.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol, cast
from urllib.parse import urlparse

from sif_resources.settings import Settings

#: Uploads above this size go to S3 in parts of this size (boto3's managed transfer).
MULTIPART_BYTES = 64 * 1024 * 1024
_COPY_BUFFER = 1024 * 1024
#: Where `LocalObjectStore` writes before the atomic rename (same filesystem as the objects).
_LOCAL_TEMP = ".tmp"


class ObjectStoreError(Exception):
    """A key that is not allowed, or a store that cannot be opened."""


class ObjectNotFoundError(ObjectStoreError, KeyError):
    """No object under the key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"no object at {self.key!r}"


class UploadTooLargeError(ObjectStoreError):
    """A stream was longer than the caller allowed; nothing was stored."""

    def __init__(self, key: str, limit: int) -> None:
        super().__init__(f"{key!r} is larger than the limit of {limit} bytes")
        self.key = key
        self.limit = limit


class ObjectStore(Protocol):
    """Whole objects under string keys. Writes replace an object at once: a reader sees the old bytes or
    the new ones, never a mix."""

    def put_bytes(self, key: str, data: bytes) -> None: ...

    def put_file(self, key: str, path: Path) -> None:
        """Store a local file (large files go up in parts)."""
        ...

    def put_stream(self, key: str, stream: IO[bytes], *, max_bytes: int | None = None) -> int:
        """Store what `stream` yields; the number of bytes. More than `max_bytes` raises
        `UploadTooLargeError` and stores nothing."""
        ...

    def get_bytes(self, key: str) -> bytes: ...

    def open(self, key: str) -> BinaryIO:
        """A streaming, line-iterable binary reader (close it, or use `with`)."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def list(self, prefix: str = "") -> list[str]:
        """Keys that start with `prefix`, sorted."""
        ...

    def copy(self, source: str, target: str) -> None: ...

    def delete(self, key: str) -> None:
        """Remove the object; a missing key is not an error."""
        ...

    def url(self, key: str, *, expires_in: int = 300) -> str:
        """Where a client can fetch the object: a `file://` URI, or a pre-signed S3 GET URL."""
        ...


def check_key(key: str) -> str:
    """The key, if it is a safe relative path; else ObjectStoreError."""
    parts = key.split("/")
    if not key or key.startswith("/") or "\\" in key or any(p in ("", ".", "..") for p in parts):
        raise ObjectStoreError(f"{key!r} is not a valid object key (relative path, no empty, . or .. parts)")
    if parts[0] == _LOCAL_TEMP:
        raise ObjectStoreError(f"{key!r} is not a valid object key ({_LOCAL_TEMP}/ is reserved)")
    return key


def key_segment(value: str, what: str) -> str:
    """`value` if it can be one segment of a key (a tenant, a pipeline key); else ObjectStoreError."""
    if not value or "/" in value or "\\" in value or value in (".", "..") or value == _LOCAL_TEMP:
        raise ObjectStoreError(f"{what} {value!r} cannot name a folder of the object store")
    return value


class _LimitedReader(io.RawIOBase):
    """Reads `stream`, failing once more than `limit` bytes came through (uploads of unknown length)."""

    def __init__(self, stream: IO[bytes], key: str, limit: int | None) -> None:
        self._stream = stream
        self._key = key
        self._limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        size = len(data)
        self.count += size
        if self._limit is not None and self.count > self._limit:
            raise UploadTooLargeError(self._key, self._limit)
        buffer[:size] = data
        return size


class LocalObjectStore:
    """Objects as files under `root`; each write goes to a temporary file first and is renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def _temporary(self) -> Path:
        folder = self.root / _LOCAL_TEMP
        folder.mkdir(parents=True, exist_ok=True)
        return folder / uuid.uuid4().hex

    def _commit(self, temporary: Path, key: str) -> None:
        target = self._path(key)
        for attempt in range(3):
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(temporary, target)  # atomic on one filesystem: readers see old or new, never half
                return
            except FileNotFoundError:
                # a concurrent delete removed the (then empty) folder between mkdir and rename
                if attempt == 2:
                    raise

    def put_bytes(self, key: str, data: bytes) -> None:
        self.put_stream(key, io.BytesIO(data))

    def put_file(self, key: str, path: Path) -> None:
        with path.open("rb") as stream:
            self.put_stream(key, stream)

    def put_stream(self, key: str, stream: IO[bytes], *, max_bytes: int | None = None) -> int:
        check_key(key)
        temporary = self._temporary()
        reader = _LimitedReader(stream, key, max_bytes)
        try:
            with temporary.open("wb") as out:
                shutil.copyfileobj(reader, out, _COPY_BUFFER)
            self._commit(temporary, key)
        finally:
            temporary.unlink(missing_ok=True)
        return reader.count

    def get_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFoundError(key) from None

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFoundError(key) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFoundError(key)
        return path.stat().st_size

    def list(self, prefix: str = "") -> list[str]:
        # walk only the folder the prefix names, not the whole store
        folder_part = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = self._path(folder_part) if folder_part else self.root
        if not start.is_dir():
            return []
        keys: list[str] = []
        for directory, folders, files in os.walk(start):
            relative = Path(directory).relative_to(self.root).as_posix()
            if relative == ".":
                folders[:] = [f for f in folders if f != _LOCAL_TEMP]
                relative = ""
            for name in files:
                key = f"{relative}/{name}" if relative else name
                if key.startswith(prefix):
                    keys.append(key)
        return sorted(keys)

    def copy(self, source: str, target: str) -> None:
        with self.open(source) as stream:
            self.put_stream(target, stream)

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        # drop folders the delete emptied, so listings and the tree stay small
        parent = path.parent
        while parent != self.root and parent.is_relative_to(self.root):
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def url(self, key: str, *, expires_in: int = 300) -> str:
        return self._path(key).resolve().as_uri()


class _StreamingBodyReader(io.RawIOBase):
    """botocore's StreamingBody as a raw stream, so that `io.BufferedReader` gives lines and `with`."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._body.close()
        super().close()


class S3ObjectStore:
    """Objects in an S3 bucket under `prefix` (`prefix/key`), through a boto3 S3 client. `list_page_size`
    caps the keys per `list_objects_v2` page (S3's own cap is 1000)."""

    def __init__(self, bucket: str, prefix: str, client: Any, *, list_page_size: int | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client
        self.list_page_size = list_page_size

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _transfer_config(self) -> Any:
        from boto3.s3.transfer import TransferConfig

        return TransferConfig(multipart_threshold=MULTIPART_BYTES, multipart_chunksize=MULTIPART_BYTES)

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def put_file(self, key: str, path: Path) -> None:
        self.client.upload_file(str(path), self.bucket, self._key(key), Config=self._transfer_config())

    def put_stream(self, key: str, stream: IO[bytes], *, max_bytes: int | None = None) -> int:
        reader = _LimitedReader(stream, key, max_bytes)
        # upload_fileobj aborts its multipart upload when reading fails, so a refused stream leaves nothing
        self.client.upload_fileobj(
            io.BufferedReader(reader, _COPY_BUFFER),
            self.bucket,
            self._key(key),
            Config=self._transfer_config(),
        )
        return reader.count

    def get_bytes(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def open(self, key: str) -> BinaryIO:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.NoSuchKey:
            raise ObjectNotFoundError(key) from None
        return cast(BinaryIO, io.BufferedReader(_StreamingBodyReader(response["Body"]), _COPY_BUFFER))

    def _head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            return cast(dict[str, Any], self.client.head_object(Bucket=self.bucket, Key=self._key(key)))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise ObjectNotFoundError(key)
        return int(head["ContentLength"])

    def list(self, prefix: str = "") -> list[str]:
        if prefix:
            check_key(prefix.rstrip("/"))
        base = f"{self.prefix}/" if self.prefix else ""
        keys: list[str] = []
        paging = {"PageSize": self.list_page_size} if self.list_page_size else {}
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=base + prefix, PaginationConfig=paging):
            keys.extend(item["Key"][len(base) :] for item in page.get("Contents", ()))
        return sorted(keys)

    def copy(self, source: str, target: str) -> None:
        # the managed copy switches to a multipart copy above 5 GB, where CopyObject stops
        self.client.copy(
            {"Bucket": self.bucket, "Key": self._key(source)},
            self.bucket,
            self._key(target),
            Config=self._transfer_config(),
        )

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def url(self, key: str, *, expires_in: int = 300) -> str:
        return cast(
            str,
            self.client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": self._key(key)}, ExpiresIn=expires_in
            ),
        )


def open_object_store(settings: Settings) -> ObjectStore:
    """The store `settings.objects_url` names: `file://<folder>` (relative folders are relative to the
    working directory) or `s3://bucket/prefix` (boto3's credential chain; `SIF_AWS_ENDPOINT_URL` points it at
    a local stand-in)."""
    url = settings.objects_url
    parsed = urlparse(url)
    if parsed.scheme == "file":
        # file://relative/path parses "relative" as the host; keep it as the first folder
        return LocalObjectStore(Path(parsed.netloc + parsed.path) if parsed.netloc else Path(parsed.path))
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ObjectStoreError(f"SIF_OBJECT_STORE_URL {url!r} names no bucket (s3://bucket/prefix)")
        return S3ObjectStore(parsed.netloc, parsed.path.strip("/"), _s3_client(settings.aws_endpoint_url))
    raise ObjectStoreError(f"SIF_OBJECT_STORE_URL {url!r} must start with file:// or s3://")


def _s3_client(endpoint_url: str | None) -> Any:
    import boto3
    from botocore.config import Config

    # local stand-ins (moto, MinIO) serve buckets by path, not by host name
    config = Config(s3={"addressing_style": "path"}) if endpoint_url else None
    return boto3.client("s3", endpoint_url=endpoint_url, config=config)


class _ChunksReader(io.RawIOBase):
    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def stream_of(chunks: Iterable[bytes]) -> IO[bytes]:
    """A binary reader over byte chunks produced on demand: `put_stream(key, stream_of(...))` writes an
    object assembled from pieces (say, other objects) without holding it in memory."""
    return io.BufferedReader(_ChunksReader(chunks), _COPY_BUFFER)
