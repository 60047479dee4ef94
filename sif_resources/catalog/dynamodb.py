"""The catalog store on DynamoDB: one table, single-table design, as SIF keeps its own catalog (§13.3).

What belongs here: `DynamoCatalogStore`, the `CatalogStore` contract as DynamoDB requests, and opening it
from the environment. What does not: key spelling and the table definition (`dynamodb_keys.py`), attribute
encoding (`dynamodb_codec.py`), request paging and batching (`dynamodb_batches.py`) and dataset rows
(`dynamodb_datasets.py`).

Key layout (`pk`, `sk`; `{x}` is a caller's value with `%` and `#` escaped, `<n>` zero-padded):

| item                          | pk                                    | sk                    |
|-------------------------------|---------------------------------------|-----------------------|
| tenant                        | `TENANTS`                             | `T#{tenant}`          |
| group                         | `T#{tenant}#GROUPS`                   | `G#{group}`           |
| group creation counter        | `T#{tenant}#GROUPS`                   | `SEQ`                 |
| user                          | `T#{tenant}#USERS`                    | `U#{email}`           |
| resource latest pointer       | `T#{tenant}#R#{type}#{id}`            | `LATEST`              |
| resource version              | `T#{tenant}#R#{type}#{id}`            | `V#<version>`         |
| name reservation in a group   | `T#{tenant}#R#{type}#G#{group}`       | `N#{lower-case name}` |
| membership of a group         | `T#{tenant}#R#{type}#G#{group}`       | `I#{id}`              |
| dataset version manifest      | `T#{tenant}#DS#{dataset}#V#{version}` | `MANIFEST`            |
| dataset row batch             | manifest pk + `#GEN#{generation}`     | `B#<batch>`           |
| dataset key index entry       | batch pk + `#K#{column}`              | `K#{key}` / `H#{sha}` |

One local secondary index, `by_activation` (pk, `asat` = `<UTC activation time>#<version>`, all attributes),
holds only version items: `version_as_at` is one strongly consistent Query, newest first, `Limit=1`. No
global secondary index is needed, so every read is strongly consistent. (An LSI caps each partition key's
items at 10 GB; the largest partitions are one group's memberships and one dataset generation's rows.)

`add_version` is one `TransactWriteItems`: the latest pointer (absent for a create, else still at
`expected_latest`), the version item (new), per group a name reservation (absent or already this
resource's) and a membership (latest version, groups and tag terms), and deletes for the reservations and
memberships the previous version held and this one does not. Cancellation reasons map to the contract's
errors, the first failed condition in that order deciding. A transaction holds at most 100 actions, so a
resource may belong to at most 49 groups here (fewer in the one append that also leaves many groups).

`list_latest` queries each group's memberships in id order, from the page's `after` id, until `limit` entries
are found, then reads their versions with BatchGetItem (100 a request). Tag filters are FilterExpressions on
the memberships' tag terms: DynamoDB still reads, and bills, the memberships they drop. `lookup_dataset` is
per-key reads batched (BatchGetItem on the key index, 100 keys a request), as DynamoDB has no joins; see
`dynamodb_datasets.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import boto3

from sif_resources.catalog import dynamodb_codec as codec
from sif_resources.catalog import dynamodb_keys as keys
from sif_resources.catalog import dynamodb_transactions as tx
from sif_resources.catalog.dynamodb_batches import Item, batch_get, query_all
from sif_resources.catalog.dynamodb_datasets import DynamoDatasetRows
from sif_resources.catalog.dynamodb_journal import JournalingClient
from sif_resources.catalog.store import (
    AlreadyExistsError,
    ConcurrentUpdateError,
    GroupRecord,
    NotFoundError,
    StoreError,
    TenantRecord,
    UserRecord,
    VersionRecord,
)

ROOT_GROUP = "/"
# The pointer and the version, then a reservation and a membership per group, in one transaction.
MAX_GROUPS_PER_RESOURCE = (tx.MAX_ACTIONS - 2) // 2


class DynamoCatalogStore:
    """`CatalogStore` on one DynamoDB table made by `create_table` (key layout in the module docstring)."""

    def __init__(self, client_or_resource: Any, table_name: str) -> None:
        self._client = _low_level_client(client_or_resource)
        self._table = table_name
        self._datasets = DynamoDatasetRows(self._client, table_name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Keep all the writes of the block or none: a block that fails is undone item by item
        (`dynamodb_journal`: compensation, not isolation)."""
        if isinstance(self._client, JournalingClient):
            yield
            return
        plain = self._client
        journal = JournalingClient(plain, self._table)
        self._client = self._datasets._client = journal
        try:
            yield
        except BaseException:
            journal.undo()
            raise
        finally:
            self._client = self._datasets._client = plain

    @classmethod
    def from_settings(cls, environ: Mapping[str, str] | None = None) -> DynamoCatalogStore:
        """Open the table named by `SIF_DYNAMODB_TABLE`, at `SIF_AWS_ENDPOINT_URL` when set (e.g. a local
        emulator); region and credentials come from the standard AWS chain, never from code."""
        environ = os.environ if environ is None else environ
        table_name = environ.get("SIF_DYNAMODB_TABLE")
        if not table_name:
            raise StoreError("SIF_DYNAMODB_TABLE is not set: it names the catalog's DynamoDB table.")
        client = boto3.client("dynamodb", endpoint_url=environ.get("SIF_AWS_ENDPOINT_URL") or None)
        return cls(client, table_name)

    # --- tenants, groups, users -----------------------------------------------------------------------
    def create_tenant(self, tenant: TenantRecord) -> None:
        exists = AlreadyExistsError(f"Tenant '{tenant.id}' already exists.")
        tx.transact(self._client, [tx.put_new(self._table, codec.tenant_item(tenant), exists)])

    def list_tenants(self) -> list[TenantRecord]:
        return [codec.read_tenant(item) for item in self._partition(keys.TENANTS_PK, "T#")]

    def put_group(self, group: GroupRecord, *, create: bool) -> None:
        group_key = keys.key(keys.groups_pk(group.tenant_id), keys.group_sk(group.id))
        actions = [self._tenant_exists(group.tenant_id)]
        if create:
            parent = _parent_group(group.id)
            if parent is not None and parent != ROOT_GROUP:
                parent_key = keys.key(keys.groups_pk(group.tenant_id), keys.group_sk(parent))
                actions.append(
                    tx.require(self._table, parent_key, NotFoundError(f"Group '{parent}' not found."))
                )
            number = codec.number(self._next_group_number(group.tenant_id))
            item = {**group_key, **codec.group_attributes(group), "seq": number}
            exists = AlreadyExistsError(f"Group '{group.id}' already exists.")
            actions.append(tx.put_new(self._table, item, exists))
        else:
            missing = NotFoundError(f"Group '{group.id}' not found.")
            actions.append(tx.update_existing(self._table, group_key, codec.group_attributes(group), missing))
        tx.transact(self._client, actions)

    def get_group(self, tenant_id: str, group_id: str) -> GroupRecord | None:
        item = self._get(keys.groups_pk(tenant_id), keys.group_sk(group_id))
        return None if item is None else codec.read_group(item)

    def list_groups(self, tenant_id: str) -> list[GroupRecord]:
        items = self._partition(keys.groups_pk(tenant_id), keys.GROUP_PREFIX)
        return [codec.read_group(item) for item in sorted(items, key=lambda item: int(item["seq"]["N"]))]

    def delete_group(self, tenant_id: str, group_id: str) -> None:
        group_key = keys.key(keys.groups_pk(tenant_id), keys.group_sk(group_id))
        missing = NotFoundError(f"Group '{group_id}' not found.")
        tx.transact(self._client, [tx.delete(self._table, group_key, "attribute_exists(pk)", missing)])

    def put_user(self, user: UserRecord, *, create: bool) -> None:
        item = codec.user_item(user)
        if create:
            exists = AlreadyExistsError(f"User '{user.email}' already exists.")
            actions = [self._tenant_exists(user.tenant_id), tx.put_new(self._table, item, exists)]
        else:
            missing = NotFoundError(f"User '{user.email}' not found.")
            actions = [tx.put(self._table, item, "attribute_exists(pk)", missing)]
        tx.transact(self._client, actions)

    def get_user(self, tenant_id: str, email: str) -> UserRecord | None:
        item = self._get(keys.users_pk(tenant_id), keys.user_sk(email))
        return None if item is None else codec.read_user(item)

    def list_users(self, tenant_id: str, group_id: str | None = None) -> list[UserRecord]:
        granted: dict[str, Any] = {}
        if group_id is not None:
            granted = {
                "FilterExpression": "attribute_exists(#grants.#group)",
                "ExpressionAttributeNames": {"#grants": "grants", "#group": group_id},
            }
        items = self._partition(keys.users_pk(tenant_id), keys.USER_PREFIX, **granted)
        return [codec.read_user(item) for item in items]

    # --- versioned resources --------------------------------------------------------------------------
    def add_version(self, record: VersionRecord, *, expected_latest: int | None) -> None:
        wanted = 1 if expected_latest is None else expected_latest + 1
        if record.version != wanted:
            raise ValueError(
                f"Version {record.version} of '{record.id}' cannot follow version {expected_latest or 0}."
            )
        groups = list(dict.fromkeys(record.groups))
        if len(groups) > MAX_GROUPS_PER_RESOURCE:
            raise StoreError(f"A resource can belong to at most {MAX_GROUPS_PER_RESOURCE} groups here.")
        pointer = self._get(
            keys.resource_pk(record.tenant_id, record.resource_type, record.id), keys.LATEST_SK
        )
        concurrent = ConcurrentUpdateError(
            f"Resource '{record.id}' was updated concurrently: version {record.version} exists already."
        )
        latest_pointer = codec.latest_pointer_item(record)
        if expected_latest is None:
            exists = AlreadyExistsError(f"Resource '{record.id}' already exists.")
            if pointer is not None:
                raise exists
            advance = tx.put_new(self._table, latest_pointer, exists)
            previous_name, previous_groups = record.name, []
        else:
            if pointer is None:
                raise NotFoundError(f"Resource '{record.id}' not found.")
            if int(pointer["latest_version"]["N"]) != expected_latest:
                raise concurrent
            condition = "latest_version = :expected"
            advance = tx.put(
                self._table, latest_pointer, condition, concurrent, expected=codec.number(expected_latest)
            )
            previous_name = pointer["name"]["S"]
            previous_groups = [group["S"] for group in pointer["groups"]["L"]]
        actions = [advance, tx.put_new(self._table, codec.version_item(record), concurrent)]
        actions += self._group_entries(record, groups)
        actions += self._released_entries(record, groups, previous_name, previous_groups, concurrent)
        tx.transact(self._client, actions)

    def _group_entries(self, record: VersionRecord, groups: list[str]) -> list[tx.Action]:
        """Per group: the name reservation (free, or this resource's already) and the membership."""
        in_use = AlreadyExistsError(f"Name '{record.name}' already in use.")
        free_or_ours = "attribute_not_exists(pk) OR resource_id = :id"
        actions: list[tx.Action] = []
        for group in groups:
            reservation = codec.name_item(record, group)
            actions.append(tx.put(self._table, reservation, free_or_ours, in_use, id=codec.text(record.id)))
            actions.append(tx.put(self._table, codec.membership_item(record, group)))
        return actions

    def _released_entries(
        self,
        record: VersionRecord,
        groups: list[str],
        previous_name: str,
        previous_groups: list[str],
        concurrent: ConcurrentUpdateError,
    ) -> list[tx.Action]:
        """Deletes of the reservations and memberships the previous version held and this one does not."""
        actions: list[tx.Action] = []
        renamed = previous_name.lower() != record.name.lower()
        for group in dict.fromkeys(previous_groups):
            partition = keys.group_members_pk(record.tenant_id, record.resource_type, group)
            if group not in groups or renamed:
                reservation = keys.key(partition, keys.name_sk(previous_name))
                ours = "resource_id = :id"
                actions.append(
                    tx.delete(self._table, reservation, ours, concurrent, id=codec.text(record.id))
                )
            if group not in groups:
                actions.append(tx.delete(self._table, keys.key(partition, keys.member_sk(record.id))))
        return actions

    def latest(self, tenant_id: str, resource_type: str, resource_id: str) -> VersionRecord | None:
        return self._newest_version(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :version)",
            ExpressionAttributeValues={
                ":pk": codec.text(keys.resource_pk(tenant_id, resource_type, resource_id)),
                ":version": codec.text(keys.VERSION_PREFIX),
            },
        )

    def version(
        self, tenant_id: str, resource_type: str, resource_id: str, version: int
    ) -> VersionRecord | None:
        item = self._get(keys.resource_pk(tenant_id, resource_type, resource_id), keys.version_sk(version))
        return None if item is None else codec.read_version(item)

    def versions(self, tenant_id: str, resource_type: str, resource_id: str) -> list[VersionRecord]:
        pk = keys.resource_pk(tenant_id, resource_type, resource_id)
        items = self._partition(pk, keys.VERSION_PREFIX, ScanIndexForward=False)
        return [codec.read_version(item) for item in items]

    def version_as_at(
        self, tenant_id: str, resource_type: str, resource_id: str, at: datetime
    ) -> VersionRecord | None:
        return self._newest_version(
            IndexName=keys.ASAT_INDEX,
            KeyConditionExpression="pk = :pk AND #asat <= :at",
            ExpressionAttributeNames={"#asat": keys.ASAT},
            ExpressionAttributeValues={
                ":pk": codec.text(keys.resource_pk(tenant_id, resource_type, resource_id)),
                ":at": codec.text(keys.activation_upper_bound(at)),
            },
        )

    def find_by_name(self, tenant_id: str, resource_type: str, group_id: str, name: str) -> str | None:
        item = self._get(keys.group_members_pk(tenant_id, resource_type, group_id), keys.name_sk(name))
        return None if item is None else item["resource_id"]["S"]

    def list_latest(
        self,
        tenant_id: str,
        resource_type: str,
        group_ids: Sequence[str],
        *,
        tags: Mapping[str, str] | None = None,
        after: tuple[str, str] | None = None,
        limit: int | None = None,
    ) -> list[tuple[str, VersionRecord]]:
        groups = list(dict.fromkeys(group_ids))
        if not groups or limit == 0:
            return []
        rank = {group: position for position, group in enumerate(groups)}
        first, after_id = 0, None
        if after is not None:
            if after[0] not in rank:
                raise ValueError(f"Group '{after[0]}' is not one of the listed groups.")
            first, after_id = rank[after[0]], after[1]
        listed: list[tuple[str, str, int]] = []  # (group, id, version)
        for group in groups[first:]:
            start = after_id if group == groups[first] else None
            for member in self._members(tenant_id, resource_type, group, tags or {}, start):
                member_groups = [entry["S"] for entry in member["groups"]["L"]]
                if any(rank.get(other, len(groups)) < rank[group] for other in member_groups):
                    continue  # listed under an earlier group
                listed.append((group, member["id"]["S"], int(member["version"]["N"])))
                if limit is not None and len(listed) >= limit:
                    break
            if limit is not None and len(listed) >= limit:
                break
        return self._listed_versions(tenant_id, resource_type, listed)

    def _members(
        self, tenant_id: str, resource_type: str, group: str, tags: Mapping[str, str], after_id: str | None
    ) -> Iterator[Item]:
        """A group's membership items in id order (after `after_id`), carrying every tag filter's term."""
        partition = keys.group_members_pk(tenant_id, resource_type, group)
        values: dict[str, Any] = {":pk": codec.text(partition)}
        if after_id is None:
            values[":prefix"] = codec.text(keys.MEMBER_PREFIX)
            condition = "pk = :pk AND begins_with(sk, :prefix)"
        else:
            # Strictly after the id, up to the end of the `I#` prefix (`$` follows `#`).
            values[":from"] = codec.text(keys.member_sk(after_id) + "\x00")
            values[":to"] = codec.text(keys.MEMBER_PREFIX[:-1] + "$")
            condition = "pk = :pk AND sk BETWEEN :from AND :to"
        request: dict[str, Any] = {"KeyConditionExpression": condition, "ExpressionAttributeValues": values}
        if tags:
            terms = codec.tag_terms_wanted(tags)
            values.update({f":t{n}": codec.text(term) for n, term in enumerate(terms)})
            request["FilterExpression"] = " AND ".join(
                f"contains(tag_terms, :t{n})" for n in range(len(terms))
            )
        yield from query_all(self._client, TableName=self._table, **request)

    def _listed_versions(
        self, tenant_id: str, resource_type: str, listed: list[tuple[str, str, int]]
    ) -> list[tuple[str, VersionRecord]]:
        wanted = [
            keys.key(keys.resource_pk(tenant_id, resource_type, resource_id), keys.version_sk(version))
            for _, resource_id, version in listed
        ]
        records = {
            (record.id, record.version): record
            for record in map(codec.read_version, batch_get(self._client, self._table, wanted))
        }
        return [(group, records[(resource_id, version)]) for group, resource_id, version in listed]

    # --- reference dataset rows -----------------------------------------------------------------------
    def put_dataset_rows(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        headers: Sequence[str],
        rows: Sequence[Sequence[str | None]],
    ) -> None:
        self._datasets.put(tenant_id, dataset_id, version, headers, rows)

    def dataset_rows(
        self, tenant_id: str, dataset_id: str, version: int
    ) -> tuple[list[str], list[list[str | None]]]:
        return self._datasets.read(tenant_id, dataset_id, version)

    def lookup_dataset(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        key_column: str,
        output_column: str,
        keys: Sequence[str],
    ) -> list[str | None]:
        """Per-key reads batched (BatchGetItem, 100 keys a request): DynamoDB has no joins."""
        return self._datasets.lookup(tenant_id, dataset_id, version, key_column, output_column, keys)

    # --- helpers --------------------------------------------------------------------------------------
    def _get(self, pk: str, sk: str) -> Item | None:
        response = self._client.get_item(TableName=self._table, Key=keys.key(pk, sk), ConsistentRead=True)
        item: Item | None = response.get("Item")
        return item

    def _partition(self, pk: str, prefix: str, **request: Any) -> list[Item]:
        """Every item of a partition whose sort key starts with `prefix`, in sort-key order."""
        values = {":pk": codec.text(pk), ":prefix": codec.text(prefix)}
        values.update(request.pop("ExpressionAttributeValues", {}))
        return list(
            query_all(
                self._client,
                TableName=self._table,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues=values,
                **request,
            )
        )

    def _newest_version(self, **request: Any) -> VersionRecord | None:
        response = self._client.query(
            TableName=self._table, ScanIndexForward=False, Limit=1, ConsistentRead=True, **request
        )
        return codec.read_version(response["Items"][0]) if response["Items"] else None

    def _tenant_exists(self, tenant_id: str) -> tx.Action:
        tenant_key = keys.key(keys.TENANTS_PK, keys.tenant_sk(tenant_id))
        return tx.require(self._table, tenant_key, NotFoundError(f"Tenant '{tenant_id}' not found."))

    def _next_group_number(self, tenant_id: str) -> int:
        """A tenant-wide increasing number that orders groups by creation (gaps are harmless)."""
        response = self._client.update_item(
            TableName=self._table,
            Key=keys.key(keys.groups_pk(tenant_id), keys.GROUP_SEQUENCE_SK),
            UpdateExpression="ADD #next :one",
            ExpressionAttributeNames={"#next": "next"},
            ExpressionAttributeValues={":one": codec.number(1)},
            ReturnValues="UPDATED_NEW",
        )
        return int(response["Attributes"]["next"]["N"])


def _parent_group(group_id: str) -> str | None:
    if group_id == ROOT_GROUP:
        return None
    return group_id.rstrip("/").rsplit("/", 1)[0] or ROOT_GROUP


def _low_level_client(client_or_resource: Any) -> Any:
    """The client to send low-level attribute values with. A boto3 resource's own client converts Python
    values to attribute values and back, so a plain client is made for the same region, endpoint and
    configuration (credentials from the standard AWS chain, as for every client of the platform)."""
    resource_client = getattr(getattr(client_or_resource, "meta", None), "client", None)
    if resource_client is None:
        return client_or_resource
    meta = resource_client.meta
    return boto3.client(
        "dynamodb", region_name=meta.region_name, endpoint_url=meta.endpoint_url, config=meta.config
    )
