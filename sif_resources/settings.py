"""Platform settings read from the environment, once, into a frozen value.

What belongs here: the names of the environment variables that switch a store between its embedded default
and a real service, and their defaults. What does not: opening the stores (each store's own module does that
from a `Settings`) and secrets — credentials come from the environment (the database URL, the AWS chain),
never from code.

- `SIF_HOME`: where tools keep their state (default `.sif` in the working directory).
- `SIF_DATABASE_URL`: the catalog database (default `sqlite:///$SIF_HOME/catalog.db`; PostgreSQL as
  `postgresql+psycopg2://user@host:5432/database`).
- `SIF_CATALOG_BACKEND`: `sql` (default: the database above) or `dynamodb` (the table named by
  `SIF_DYNAMODB_TABLE`, see `catalog/dynamodb.py`).
- `SIF_OBJECT_STORE_URL`: where files live — uploads, landed parts, error and output files (default
  `file://$SIF_HOME/objects`; S3 as `s3://bucket/prefix`, see `objects.py`).
- `SIF_AWS_ENDPOINT_URL`: a local stand-in for AWS (moto, LocalStack, MinIO) for DynamoDB and S3.
- `SIF_MAX_UPLOAD_BYTES`: the largest input file accepted (default 5 GiB).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_HOME = ".sif"
CATALOG_FILE = "catalog.db"
OBJECTS_FOLDER = "objects"
DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024**3


@dataclass(frozen=True)
class Settings:
    """Where the platform keeps its state: the home folder and the catalog database."""

    home: Path
    database_url: str
    catalog_backend: str = "sql"
    #: None means the default, `file://<home>/objects` (see `objects_url`).
    object_store_url: str | None = None
    aws_endpoint_url: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the `SIF_*` variables above (from `os.environ` unless `environ` is given)."""
        environ = os.environ if environ is None else environ
        home = Path(environ.get("SIF_HOME") or DEFAULT_HOME)
        database_url = environ.get("SIF_DATABASE_URL") or f"sqlite:///{home / CATALOG_FILE}"
        backend = (environ.get("SIF_CATALOG_BACKEND") or "sql").strip().lower()
        return cls(
            home=home,
            database_url=database_url,
            catalog_backend=backend,
            object_store_url=environ.get("SIF_OBJECT_STORE_URL") or None,
            aws_endpoint_url=environ.get("SIF_AWS_ENDPOINT_URL") or None,
            max_upload_bytes=_positive_int(environ, "SIF_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
        )

    @property
    def objects_url(self) -> str:
        """The object store's URL: `SIF_OBJECT_STORE_URL`, else `file://<home>/objects`."""
        return self.object_store_url or f"file://{self.home / OBJECTS_FOLDER}"

    def catalog_location(self, environ: Mapping[str, str] | None = None) -> str:
        """Where the catalog is, for messages: the database URL (password hidden), or the DynamoDB table."""
        if self.catalog_backend == "dynamodb":
            environ = os.environ if environ is None else environ
            table = environ.get("SIF_DYNAMODB_TABLE") or "(SIF_DYNAMODB_TABLE not set)"
            endpoint = environ.get("SIF_AWS_ENDPOINT_URL")
            return f"DynamoDB table {table}" + (f" at {endpoint}" if endpoint else "")
        try:
            return make_url(self.database_url).render_as_string(hide_password=True)
        except ArgumentError:
            return self.database_url


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    text = (environ.get(name) or "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive whole number of bytes, not {text!r}")
    return value
