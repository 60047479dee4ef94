"""DynamoDB transactions of the catalog store: conditional actions and what a cancellation means.

What belongs here: building the conditional actions of a `TransactWriteItems` call, each paired with the
store error its failed condition stands for, and mapping a cancelled transaction's reasons back to that
error. What does not: which actions a store operation needs (`dynamodb.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sif_resources.catalog.dynamodb_batches import Item
from sif_resources.catalog.store import ConcurrentUpdateError, StoreError

MAX_ACTIONS = 100


@dataclass(frozen=True)
class Action:
    """One action of a transaction and the error its failed condition means (None: it has no condition)."""

    request: Item
    on_condition_failed: StoreError | None = None


def put(
    table_name: str, item: Item, condition: str | None = None, failed: StoreError | None = None, **values: Any
) -> Action:
    """Put `item`; `condition` may use `:name` placeholders given as keyword arguments (attribute values)."""
    request: Item = {"TableName": table_name, "Item": item}
    _add_condition(request, condition, values)
    return Action({"Put": request}, failed)


def put_new(table_name: str, item: Item, exists: StoreError) -> Action:
    """Put an item whose key must be free."""
    return put(table_name, item, "attribute_not_exists(pk)", exists)


def delete(
    table_name: str, key: Item, condition: str | None = None, failed: StoreError | None = None, **values: Any
) -> Action:
    """Delete the item with this key (when `condition` holds)."""
    request: Item = {"TableName": table_name, "Key": key}
    _add_condition(request, condition, values)
    return Action({"Delete": request}, failed)


def require(table_name: str, key: Item, missing: StoreError) -> Action:
    """Check that the item with this key exists."""
    check = {"TableName": table_name, "Key": key, "ConditionExpression": "attribute_exists(pk)"}
    return Action({"ConditionCheck": check}, missing)


def update_existing(table_name: str, key: Item, attributes: Item, missing: StoreError) -> Action:
    """Set these attributes of an item that must exist, leaving its others as they are."""
    update = {
        "TableName": table_name,
        "Key": key,
        "UpdateExpression": "SET " + ", ".join(f"#a{n} = :v{n}" for n in range(len(attributes))),
        "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeNames": {f"#a{n}": name for n, name in enumerate(attributes)},
        "ExpressionAttributeValues": {f":v{n}": value for n, value in enumerate(attributes.values())},
    }
    return Action({"Update": update}, missing)


def transact(client: Any, actions: Sequence[Action]) -> None:
    """Apply every action or none; a cancellation raises the store error it stands for."""
    if len(actions) > MAX_ACTIONS:
        raise StoreError(f"A catalog write may change at most {MAX_ACTIONS} records in DynamoDB.")
    try:
        client.transact_write_items(TransactItems=[action.request for action in actions])
    except ClientError as error:
        if error.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        raise cancellation_error(error, actions) from error


def cancellation_error(error: ClientError, actions: Sequence[Action]) -> StoreError:
    """The error of the first action whose condition failed; else a conflict with another transaction
    (ConcurrentUpdateError, worth retrying); else a StoreError naming DynamoDB's reasons."""
    codes = [reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])]
    for action, code in zip(actions, codes, strict=False):
        if code == "ConditionalCheckFailed" and action.on_condition_failed is not None:
            return action.on_condition_failed
    if "TransactionConflict" in codes:
        return ConcurrentUpdateError("Another write to the same records was in progress; retry.")
    return StoreError(f"The catalog table refused the write ({', '.join(codes) or 'no reason given'}).")


def _add_condition(request: Item, condition: str | None, values: dict[str, Any]) -> None:
    if condition is None:
        return
    request["ConditionExpression"] = condition
    if values:
        request["ExpressionAttributeValues"] = {f":{name}": value for name, value in values.items()}
