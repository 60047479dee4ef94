"""Catalog records as DynamoDB attribute values, and back.

What belongs here: the attributes each item carries besides its key, in the low-level client's typed form
(`{"S": ...}`), and reading them back into the store's records. What does not: keys (`dynamodb_keys.py`)
and any request to DynamoDB. Free-form JSON (a version's document, a group's configuration) is stored as
JSON text so that numbers come back as the ints and floats they were, not as DynamoDB's decimals.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sif_resources.catalog import dynamodb_keys as keys
from sif_resources.catalog.store import GroupRecord, TenantRecord, UserRecord, VersionRecord
from sif_resources.domain.tags import expand_tag_value, tag_value_key

Item = dict[str, Any]


# --- attribute values --------------------------------------------------------------------------------
def text(value: str) -> dict[str, str]:
    return {"S": value}


def number(value: int) -> dict[str, str]:
    return {"N": str(value)}


def string_map(values: Mapping[str, str]) -> dict[str, Any]:
    return {"M": {name: {"S": value} for name, value in values.items()}}


def read_string_map(value: dict[str, Any]) -> dict[str, str]:
    return {name: entry["S"] for name, entry in value["M"].items()}


def _instant(value: datetime | None) -> dict[str, Any]:
    return {"NULL": True} if value is None else {"S": value.isoformat()}


def _read_instant(value: dict[str, Any]) -> datetime | None:
    return None if "NULL" in value else datetime.fromisoformat(value["S"])


def _optional_text(value: str | None) -> dict[str, Any]:
    return {"NULL": True} if value is None else {"S": value}


def _read_optional_text(value: dict[str, Any]) -> str | None:
    return None if "NULL" in value else value["S"]


# --- tenants, groups, users ---------------------------------------------------------------------------
def tenant_item(tenant: TenantRecord) -> Item:
    return {
        **keys.key(keys.TENANTS_PK, keys.tenant_sk(tenant.id)),
        "id": text(tenant.id),
        "name": text(tenant.name),
        "created_at": _instant(tenant.created_at),
    }


def read_tenant(item: Item) -> TenantRecord:
    created_at = _read_instant(item["created_at"])
    assert created_at is not None
    return TenantRecord(id=item["id"]["S"], name=item["name"]["S"], created_at=created_at)


def group_attributes(group: GroupRecord) -> Item:
    """Every attribute of a group item except its key and its creation sequence number."""
    return {
        "tenant_id": text(group.tenant_id),
        "id": text(group.id),
        "name": text(group.name),
        "created_by": text(group.created_by),
        "created_at": _instant(group.created_at),
        "description": _optional_text(group.description),
        "state": text(group.state),
        "configuration": text(json.dumps(dict(group.configuration))),
        "tags": string_map(group.tags),
        "updated_by": _optional_text(group.updated_by),
        "updated_at": _instant(group.updated_at),
    }


def read_group(item: Item) -> GroupRecord:
    created_at = _read_instant(item["created_at"])
    assert created_at is not None
    return GroupRecord(
        tenant_id=item["tenant_id"]["S"],
        id=item["id"]["S"],
        name=item["name"]["S"],
        created_by=item["created_by"]["S"],
        created_at=created_at,
        description=_read_optional_text(item["description"]),
        state=item["state"]["S"],
        configuration=json.loads(item["configuration"]["S"]),
        tags=read_string_map(item["tags"]),
        updated_by=_read_optional_text(item["updated_by"]),
        updated_at=_read_instant(item["updated_at"]),
    )


def user_item(user: UserRecord) -> Item:
    return {
        **keys.key(keys.users_pk(user.tenant_id), keys.user_sk(user.email)),
        "tenant_id": text(user.tenant_id),
        "email": text(user.email),
        "state": text(user.state),
        "default_group": text(user.default_group),
        "grants": string_map(user.grants),
        "created_by": text(user.created_by),
        "created_at": _instant(user.created_at),
        "tags": string_map(user.tags),
        "updated_by": _optional_text(user.updated_by),
        "updated_at": _instant(user.updated_at),
    }


def read_user(item: Item) -> UserRecord:
    created_at = _read_instant(item["created_at"])
    assert created_at is not None
    return UserRecord(
        tenant_id=item["tenant_id"]["S"],
        email=item["email"]["S"],
        state=item["state"]["S"],
        default_group=item["default_group"]["S"],
        grants=read_string_map(item["grants"]),
        created_by=item["created_by"]["S"],
        created_at=created_at,
        tags=read_string_map(item["tags"]),
        updated_by=_read_optional_text(item["updated_by"]),
        updated_at=_read_instant(item["updated_at"]),
    )


# --- versions -----------------------------------------------------------------------------------------
def version_item(record: VersionRecord) -> Item:
    """One immutable version, with the `asat` sort key of the activation-time index."""
    return {
        **keys.key(
            keys.resource_pk(record.tenant_id, record.resource_type, record.id),
            keys.version_sk(record.version),
        ),
        keys.ASAT: text(keys.activation_sk(record.activation_time, record.version)),
        "tenant_id": text(record.tenant_id),
        "resource_type": text(record.resource_type),
        "id": text(record.id),
        "version": number(record.version),
        "name": text(record.name),
        "groups": {"L": [text(group) for group in record.groups]},
        "state": text(record.state),
        "activation_time": _instant(record.activation_time),
        "tags": string_map(record.tags),
        "document": text(json.dumps(dict(record.document))),
    }


def read_version(item: Item) -> VersionRecord:
    activation_time = _read_instant(item["activation_time"])
    assert activation_time is not None
    return VersionRecord(
        tenant_id=item["tenant_id"]["S"],
        resource_type=item["resource_type"]["S"],
        id=item["id"]["S"],
        version=int(item["version"]["N"]),
        name=item["name"]["S"],
        groups=tuple(group["S"] for group in item["groups"]["L"]),
        state=item["state"]["S"],
        activation_time=activation_time,
        tags=read_string_map(item["tags"]),
        document=json.loads(item["document"]["S"]),
    )


def latest_pointer_item(record: VersionRecord) -> Item:
    """The resource's latest version number, name and groups (what the next append must release)."""
    return {
        **keys.key(keys.resource_pk(record.tenant_id, record.resource_type, record.id), keys.LATEST_SK),
        "latest_version": number(record.version),
        "name": text(record.name),
        "groups": {"L": [text(group) for group in record.groups]},
    }


def tag_terms(tags: Mapping[str, str]) -> list[str]:
    """`key=value` for every value a tag matches as a filter, lower-cased: `Material/Metal/Steel` gives
    `material`, `material/metal` and `material/metal/steel`."""
    return sorted(
        {_tag_term(name, prefix) for name, value in tags.items() for prefix in expand_tag_value(value)}
    )


def tag_terms_wanted(filters: Mapping[str, str]) -> list[str]:
    """The term each tag filter needs a resource to carry (see `tag_terms`)."""
    return sorted({_tag_term(name, tag_value_key(value)) for name, value in filters.items()})


def _tag_term(name: str, value: str) -> str:
    # `=` in a key is escaped so that a key and a value can never run together into another pair.
    return f"{name.lower().replace('%', '%25').replace('=', '%3D')}={value.lower()}"


def membership_item(record: VersionRecord, group_id: str) -> Item:
    """A resource's listing entry in one group: the latest version, its groups and its tag terms."""
    item: Item = {
        **keys.key(
            keys.group_members_pk(record.tenant_id, record.resource_type, group_id), keys.member_sk(record.id)
        ),
        "id": text(record.id),
        "version": number(record.version),
        "groups": {"L": [text(group) for group in record.groups]},
    }
    terms = tag_terms(record.tags)
    if terms:  # DynamoDB sets cannot be empty
        item["tag_terms"] = {"SS": terms}
    return item


def name_item(record: VersionRecord, group_id: str) -> Item:
    """The reservation of the resource's name in one group."""
    return {
        **keys.key(
            keys.group_members_pk(record.tenant_id, record.resource_type, group_id), keys.name_sk(record.name)
        ),
        "resource_id": text(record.id),
    }
