"""Reference-dataset rows in the DynamoDB catalog table: batches of rows, key indexes and LOOKUP reads.

What belongs here: storing one dataset version's rows, building the key index of a column on first lookup
and answering a batch of lookup keys. What does not: resources and versions (`dynamodb.py`).

Rows are kept in *generations*. `put_dataset_rows` writes the rows of a new generation as batch items (many
rows per item, each item well under DynamoDB's 400 KB limit), then makes that generation current with one
conditional write of the version's manifest, then deletes the previous generation. A failed call therefore
changes nothing a reader sees; a crash after the switch leaves only unreachable items of the old generation.

The key index of a column maps each normalised key (`calculator.resolver.lookup_key`) to the first row, in
file order, having that key, copied into the index item. It is built from the current generation the first
time that column is looked up (one pass over the batches), and recorded in the manifest. A lookup is then
per-key reads batched: DynamoDB has no joins, so the distinct keys of a call are read with BatchGetItem,
100 keys per request — 30 requests for 3,000 keys, never one request per key.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from calculator.resolver import lookup_key
from sif_resources.catalog import dynamodb_keys as keys
from sif_resources.catalog.dynamodb_batches import Item, batch_get, batch_write, query_all
from sif_resources.catalog.dynamodb_codec import text
from sif_resources.catalog.store import ConcurrentUpdateError, NotFoundError, StoreError

log = logging.getLogger(__name__)

# Rows are grouped into items of at most this much JSON, leaving room for keys and attribute names.
BATCH_BYTES = 300_000
_ROW_LIMIT = 380_000

Row = Sequence[str | None]


@dataclass(frozen=True)
class _Manifest:
    """Which generation of rows is current, its headers and the columns already indexed."""

    generation: str
    headers: tuple[str, ...]
    indexed: frozenset[str]


class DynamoDatasetRows:
    """The dataset-row half of `DynamoCatalogStore`, over the same client and table."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    # --- writing --------------------------------------------------------------------------------------
    def put(
        self, tenant_id: str, dataset_id: str, version: int, headers: Sequence[str], rows: Sequence[Row]
    ) -> None:
        """Store a generation of rows and make it current; the previous one is deleted afterwards."""
        batches = _split_into_batches(rows)
        previous = self._manifest(tenant_id, dataset_id, version)
        generation = uuid.uuid4().hex
        batch_pk = keys.batches_pk(tenant_id, dataset_id, version, generation)
        puts = [
            {"PutRequest": {"Item": {**keys.key(batch_pk, keys.batch_sk(position)), "rows": text(payload)}}}
            for position, payload in enumerate(batches)
        ]
        try:
            batch_write(self._client, self._table, puts)
            self._switch_generation(tenant_id, dataset_id, version, headers, generation, previous)
        except BaseException:
            self._delete_quietly(batch_pk, [request["PutRequest"]["Item"] for request in puts])
            raise
        if previous is not None:
            self._delete_generation(tenant_id, dataset_id, version, previous)

    def _switch_generation(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        headers: Sequence[str],
        generation: str,
        previous: _Manifest | None,
    ) -> None:
        condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(pk)"}
        if previous is not None:
            condition = {
                "ConditionExpression": "#generation = :previous",
                "ExpressionAttributeNames": {"#generation": "generation"},
                "ExpressionAttributeValues": {":previous": text(previous.generation)},
            }
        item = {
            **keys.key(keys.dataset_pk(tenant_id, dataset_id, version), keys.MANIFEST_SK),
            "generation": text(generation),
            "headers": {"L": [text(header) for header in headers]},
        }
        try:
            self._client.put_item(TableName=self._table, Item=item, **condition)
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            raise ConcurrentUpdateError(
                f"The rows of dataset '{dataset_id}' version {version} were replaced concurrently."
            ) from error

    def _delete_generation(self, tenant_id: str, dataset_id: str, version: int, manifest: _Manifest) -> None:
        """Delete an unreachable generation: its batches and its key indexes (failures only logged)."""
        partitions = [keys.batches_pk(tenant_id, dataset_id, version, manifest.generation)] + [
            keys.key_index_pk(tenant_id, dataset_id, version, manifest.generation, column)
            for column in sorted(manifest.indexed)
        ]
        for partition in partitions:
            try:
                items = list(
                    query_all(
                        self._client,
                        TableName=self._table,
                        KeyConditionExpression="pk = :pk",
                        ExpressionAttributeValues={":pk": text(partition)},
                        ProjectionExpression="pk, sk",
                    )
                )
            except ClientError:
                log.warning("Could not list %s for deletion; its items stay unreachable.", partition)
                continue
            self._delete_quietly(partition, items)

    def _delete_quietly(self, partition: str, items: Sequence[Item]) -> None:
        deletes = [{"DeleteRequest": {"Key": {"pk": item["pk"], "sk": item["sk"]}}} for item in items]
        try:
            batch_write(self._client, self._table, deletes)
        except (ClientError, StoreError):
            log.warning("Could not delete the items of %s; they stay unreachable.", partition)

    # --- reading --------------------------------------------------------------------------------------
    def lookup(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        key_column: str,
        output_column: str,
        lookup_keys: Sequence[str],
    ) -> list[str | None]:
        """The output text of the first row with each normalised key (None for a miss or an empty key);
        NotFoundError when no rows are stored for the version or a column is not among its headers."""
        manifest = self._manifest(tenant_id, dataset_id, version)
        if manifest is None:
            raise NotFoundError(f"No rows stored for reference dataset '{dataset_id}' version {version}.")
        for column in (key_column, output_column):
            if column not in manifest.headers:
                raise NotFoundError(
                    f"Requested column '{column}' not found in dataset '{dataset_id}' (version {version})"
                )
        if key_column not in manifest.indexed:
            self._build_key_index(tenant_id, dataset_id, version, manifest, key_column)
        index_pk = keys.key_index_pk(tenant_id, dataset_id, version, manifest.generation, key_column)
        wanted = {keys.lookup_sk(form): form for form in dict.fromkeys(lookup_keys) if form}
        found = batch_get(
            self._client,
            self._table,
            [keys.key(index_pk, sort_key) for sort_key in wanted],
            projection="sk, #row",
            names={"#row": "row"},
        )
        output = manifest.headers.index(output_column)
        answers: dict[str, str | None] = {}
        for item in found:
            row = json.loads(item["row"]["S"])
            answers[wanted[item["sk"]["S"]]] = row[output] if output < len(row) else None
        return [answers.get(form) if form else None for form in lookup_keys]

    def read(self, tenant_id: str, dataset_id: str, version: int) -> tuple[list[str], list[list[str | None]]]:
        """The headers and rows of the current generation, in file order; NotFoundError when none."""
        manifest = self._manifest(tenant_id, dataset_id, version)
        if manifest is None:
            raise NotFoundError(f"No rows stored for reference dataset '{dataset_id}' version {version}.")
        rows = self._rows(tenant_id, dataset_id, version, manifest)
        return list(manifest.headers), [list(row) for row in rows]

    def _build_key_index(
        self, tenant_id: str, dataset_id: str, version: int, manifest: _Manifest, key_column: str
    ) -> None:
        """Index the first row of every normalised key of a column, then record the column as indexed."""
        column = manifest.headers.index(key_column)
        first_rows: dict[str, Row] = {}
        for row in self._rows(tenant_id, dataset_id, version, manifest):
            form = lookup_key(row[column]) if column < len(row) else ""
            if form and form not in first_rows:
                first_rows[form] = row
        index_pk = keys.key_index_pk(tenant_id, dataset_id, version, manifest.generation, key_column)
        batch_write(
            self._client,
            self._table,
            [
                {
                    "PutRequest": {
                        "Item": {**keys.key(index_pk, keys.lookup_sk(form)), "row": text(_json(list(row)))}
                    }
                }
                for form, row in first_rows.items()
            ],
        )
        try:
            self._client.update_item(
                TableName=self._table,
                Key=keys.key(keys.dataset_pk(tenant_id, dataset_id, version), keys.MANIFEST_SK),
                UpdateExpression="ADD #indexed :column",
                ConditionExpression="#generation = :generation",
                ExpressionAttributeNames={"#indexed": "indexed", "#generation": "generation"},
                ExpressionAttributeValues={
                    ":column": {"SS": [key_column]},
                    ":generation": text(manifest.generation),
                },
            )
        except ClientError as error:
            # The rows were replaced meanwhile: this index still answers the current call, and the next
            # call indexes the new generation.
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def _rows(self, tenant_id: str, dataset_id: str, version: int, manifest: _Manifest) -> list[Row]:
        """Every row of the current generation, in file order."""
        rows: list[Row] = []
        for item in query_all(
            self._client,
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :batch)",
            ExpressionAttributeValues={
                ":pk": text(keys.batches_pk(tenant_id, dataset_id, version, manifest.generation)),
                ":batch": text(keys.BATCH_PREFIX),
            },
        ):
            rows.extend(json.loads(item["rows"]["S"]))
        return rows

    def _manifest(self, tenant_id: str, dataset_id: str, version: int) -> _Manifest | None:
        item = self._client.get_item(
            TableName=self._table,
            Key=keys.key(keys.dataset_pk(tenant_id, dataset_id, version), keys.MANIFEST_SK),
            ConsistentRead=True,
        ).get("Item")
        if item is None:
            return None
        return _Manifest(
            generation=item["generation"]["S"],
            headers=tuple(header["S"] for header in item["headers"]["L"]),
            indexed=frozenset(item.get("indexed", {}).get("SS", [])),
        )


def _split_into_batches(rows: Sequence[Row]) -> list[str]:
    """The rows as JSON arrays of at most BATCH_BYTES each (a row too big for any item is refused)."""
    batches: list[str] = []
    current: list[str] = []
    size = 0
    for row in rows:
        encoded = _json(list(row))
        row_bytes = len(encoded.encode()) + 1  # and its separating comma
        if row_bytes > _ROW_LIMIT:
            raise StoreError("A dataset row is larger than a DynamoDB item can hold (400 KB).")
        if current and size + row_bytes > BATCH_BYTES:
            batches.append("[" + ",".join(current) + "]")
            current, size = [], 0
        current.append(encoded)
        size += row_bytes
    if current:
        batches.append("[" + ",".join(current) + "]")
    return batches


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
