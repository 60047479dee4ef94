"""Undo for a block of DynamoDB writes: what `DynamoCatalogStore.transaction()` is made of.

DynamoDB's own transactions stop at 100 actions, far fewer than an import writes. Inside a block, every write
goes through a `JournalingClient`, which first remembers (one consistent read per key, on its first touch) the
item each write will change; if the block fails, `undo` puts every remembered item back, newest first, or
deletes it where there was none. This is compensation, not isolation: readers can see the block's writes
before it ends, and a concurrent writer to the same items between the write and the undo would be overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Item = dict[str, Any]
_WRITES = ("Put", "Update", "Delete")


def _key(item_or_key: Mapping[str, Any]) -> Item:
    return {"pk": item_or_key["pk"], "sk": item_or_key["sk"]}


class JournalingClient:
    """A DynamoDB client that remembers, before each write, the items the write will change."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name
        self._before: dict[tuple[str, str], Item | None] = {}
        self._touched: list[Item] = []

    def __getattr__(self, name: str) -> Any:  # reads and anything else pass straight through
        return getattr(self._client, name)

    def _remember(self, keys: Iterable[Item]) -> None:
        for key in keys:
            identity = (key["pk"]["S"], key["sk"]["S"])
            if identity in self._before:
                continue
            found = self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
            self._before[identity] = found
            self._touched.append(key)

    def transact_write_items(self, **request: Any) -> Any:
        keys = []
        for action in request["TransactItems"]:
            for kind in _WRITES:
                if kind in action:
                    body = action[kind]
                    keys.append(_key(body["Item"] if kind == "Put" else body["Key"]))
        self._remember(keys)
        return self._client.transact_write_items(**request)

    def put_item(self, **request: Any) -> Any:
        self._remember([_key(request["Item"])])
        return self._client.put_item(**request)

    def update_item(self, **request: Any) -> Any:
        self._remember([_key(request["Key"])])
        return self._client.update_item(**request)

    def delete_item(self, **request: Any) -> Any:
        self._remember([_key(request["Key"])])
        return self._client.delete_item(**request)

    def batch_write_item(self, **request: Any) -> Any:
        keys = []
        for writes in request["RequestItems"].values():
            for write in writes:
                if "PutRequest" in write:
                    keys.append(_key(write["PutRequest"]["Item"]))
                else:
                    keys.append(_key(write["DeleteRequest"]["Key"]))
        self._remember(keys)
        return self._client.batch_write_item(**request)

    def undo(self) -> None:
        """Put back every item the block changed, newest first (deleting the ones it created)."""
        for key in reversed(self._touched):
            before = self._before[(key["pk"]["S"], key["sk"]["S"])]
            if before is None:
                self._client.delete_item(TableName=self._table, Key=key)
            else:
                self._client.put_item(TableName=self._table, Item=before)
