"""Paged and batched DynamoDB requests: whole queries, BatchGetItem and BatchWriteItem with their retries.

What belongs here: the request loops DynamoDB imposes on a client (following `LastEvaluatedKey`, 100 keys
per BatchGetItem, 25 writes per BatchWriteItem, resubmitting what the service left unprocessed). What does
not: what the items mean.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

from sif_resources.catalog.store import StoreError

Item = dict[str, Any]

GET_BATCH = 100
WRITE_BATCH = 25
_ATTEMPTS = 10


def query_all(client: Any, **request: Any) -> Iterator[Item]:
    """Every item a Query returns, page after page, with strongly consistent reads."""
    for page in client.get_paginator("query").paginate(ConsistentRead=True, **request):
        yield from page["Items"]


def batch_get(
    client: Any,
    table_name: str,
    item_keys: Sequence[Item],
    *,
    projection: str | None = None,
    names: dict[str, str] | None = None,
) -> list[Item]:
    """The items (in no particular order) with these keys, 100 keys per strongly consistent request."""
    found: list[Item] = []
    for start in range(0, len(item_keys), GET_BATCH):
        request: dict[str, Any] = {"Keys": list(item_keys[start : start + GET_BATCH]), "ConsistentRead": True}
        if projection is not None:
            request["ProjectionExpression"] = projection
        if names:
            request["ExpressionAttributeNames"] = names
        pending: dict[str, Any] = {table_name: request}
        for attempt in range(_ATTEMPTS):
            response = client.batch_get_item(RequestItems=pending)
            found.extend(response["Responses"].get(table_name, []))
            pending = response.get("UnprocessedKeys") or {}
            if not pending:
                break
            _back_off(attempt)
        else:
            raise StoreError("The catalog table kept throttling a batched read; try again later.")
    return found


def batch_write(client: Any, table_name: str, requests: Sequence[Item]) -> None:
    """Apply `PutRequest`/`DeleteRequest`s, 25 per request (not atomic as a whole: callers make the
    result visible with one conditional write afterwards)."""
    for start in range(0, len(requests), WRITE_BATCH):
        pending: dict[str, Any] = {table_name: list(requests[start : start + WRITE_BATCH])}
        for attempt in range(_ATTEMPTS):
            response = client.batch_write_item(RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                break
            _back_off(attempt)
        else:
            raise StoreError("The catalog table kept throttling a batched write; try again later.")


def _back_off(attempt: int) -> None:
    time.sleep(min(0.05 * 2**attempt, 2.0))
