"""Versioned catalog resources in the SQL catalog: appending a version, and the queries that read versions.

What belongs here: the statements behind `SqlCatalogStore.add_version` (advancing `resources.latest_version`
conditionally, reserving the name in each group, indexing tags, inserting the version), run on a connection
whose transaction the store owns, and the conversions between version rows and `VersionRecord`. What does
not: transactions (`sql.py`) and the rules that produce a version (`sif_resources.domain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from sif_resources.catalog.sql_schema import name_reservations, resource_tags, resource_versions, resources
from sif_resources.catalog.store import (
    AlreadyExistsError,
    ConcurrentUpdateError,
    NotFoundError,
    VersionRecord,
)
from sif_resources.domain.tags import expand_tag_value, tag_value_key


def append_version(connection: Connection, record: VersionRecord, expected_latest: int | None) -> None:
    """Append `record` after `expected_latest` (None: create the resource), with its name and tag indexes."""
    wanted = 1 if expected_latest is None else expected_latest + 1
    if record.version != wanted:
        raise ValueError(
            f"Version {record.version} of '{record.id}' cannot follow version {expected_latest or 0}."
        )
    if expected_latest is None:
        _create_resource(connection, record)
    else:
        _advance_resource(connection, record, expected_latest)
    _reserve_name(connection, record)
    _index_tags(connection, record)
    try:
        connection.execute(sa.insert(resource_versions).values(_version_values(record)))
    except IntegrityError as error:
        raise _concurrent(record) from error


def memberships(
    tenant_id: str, resource_type: str, groups: list[str], tags: Mapping[str, str]
) -> sa.Subquery:
    """(id, rank): resources in any of `groups` with every tag, and the position of their first group."""
    rank = sa.case(
        {group: position for position, group in enumerate(groups)}, value=name_reservations.c.group_id
    )
    query = sa.select(name_reservations.c.resource_id.label("id"), sa.func.min(rank).label("rank")).where(
        name_reservations.c.tenant_id == tenant_id,
        name_reservations.c.resource_type == resource_type,
        name_reservations.c.group_id.in_(groups),
    )
    for key, value in tags.items():
        query = query.where(
            sa.exists().where(
                resource_tags.c.tenant_id == tenant_id,
                resource_tags.c.resource_type == resource_type,
                resource_tags.c.resource_id == name_reservations.c.resource_id,
                resource_tags.c.tag_key == key.lower(),
                resource_tags.c.value_key == tag_value_key(value),
            )
        )
    return query.group_by(name_reservations.c.resource_id).subquery("members")


def _create_resource(connection: Connection, record: VersionRecord) -> None:
    try:
        connection.execute(
            sa.insert(resources).values(
                tenant_id=record.tenant_id, resource_type=record.resource_type, id=record.id, latest_version=1
            )
        )
    except IntegrityError as error:
        raise AlreadyExistsError(f"Resource '{record.id}' already exists.") from error


def _advance_resource(connection: Connection, record: VersionRecord, expected_latest: int) -> None:
    key = (
        resources.c.tenant_id == record.tenant_id,
        resources.c.resource_type == record.resource_type,
        resources.c.id == record.id,
    )
    advanced = connection.execute(
        sa.update(resources)
        .where(*key, resources.c.latest_version == expected_latest)
        .values(latest_version=record.version)
    )
    if advanced.rowcount == 1:
        return
    if connection.execute(sa.select(resources.c.id).where(*key)).first() is None:
        raise NotFoundError(f"Resource '{record.id}' not found.")
    raise _concurrent(record)


def _concurrent(record: VersionRecord) -> ConcurrentUpdateError:
    return ConcurrentUpdateError(
        f"Resource '{record.id}' was updated concurrently: version {record.version} exists already."
    )


def _reserve_name(connection: Connection, record: VersionRecord) -> None:
    """Hold the record's name in each of its groups for it alone, releasing what its previous version held."""
    name_key = record.name.lower()
    groups = list(dict.fromkeys(record.groups))
    in_use = AlreadyExistsError(f"Name '{record.name}' already in use.")
    clash = sa.select(name_reservations.c.resource_id).where(
        name_reservations.c.tenant_id == record.tenant_id,
        name_reservations.c.resource_type == record.resource_type,
        name_reservations.c.group_id.in_(groups),
        name_reservations.c.name_key == name_key,
        name_reservations.c.resource_id != record.id,
    )
    if groups and connection.execute(clash.limit(1)).first() is not None:
        raise in_use
    connection.execute(
        sa.delete(name_reservations).where(
            name_reservations.c.tenant_id == record.tenant_id,
            name_reservations.c.resource_type == record.resource_type,
            name_reservations.c.resource_id == record.id,
        )
    )
    if not groups:
        return
    reservations = [
        {
            "tenant_id": record.tenant_id,
            "resource_type": record.resource_type,
            "group_id": group,
            "name_key": name_key,
            "resource_id": record.id,
        }
        for group in groups
    ]
    try:
        connection.execute(sa.insert(name_reservations), reservations)
    except IntegrityError as error:
        raise in_use from error


def _index_tags(connection: Connection, record: VersionRecord) -> None:
    """Index the record's tags under every prefix of their values, lower-cased, replacing the old ones."""
    connection.execute(
        sa.delete(resource_tags).where(
            resource_tags.c.tenant_id == record.tenant_id,
            resource_tags.c.resource_type == record.resource_type,
            resource_tags.c.resource_id == record.id,
        )
    )
    indexed = {
        (key.lower(), prefix.lower())
        for key, value in record.tags.items()
        for prefix in expand_tag_value(value)
    }
    if indexed:
        connection.execute(
            sa.insert(resource_tags),
            [
                {
                    "tenant_id": record.tenant_id,
                    "resource_type": record.resource_type,
                    "resource_id": record.id,
                    "tag_key": key,
                    "value_key": value,
                }
                for key, value in sorted(indexed)
            ],
        )


def versions_of(tenant_id: str, resource_type: str, resource_id: str) -> sa.Select[Any]:
    return sa.select(resource_versions).where(
        resource_versions.c.tenant_id == tenant_id,
        resource_versions.c.resource_type == resource_type,
        resource_versions.c.id == resource_id,
    )


def _version_values(record: VersionRecord) -> dict[str, Any]:
    return {
        "tenant_id": record.tenant_id,
        "resource_type": record.resource_type,
        "id": record.id,
        "version": record.version,
        "name": record.name,
        "name_key": record.name.lower(),
        "group_ids": list(record.groups),
        "state": record.state,
        "activation_time": record.activation_time,
        "tags": dict(record.tags),
        "document": dict(record.document),
    }


def version_record(row: Row[Any]) -> VersionRecord:
    return VersionRecord(
        tenant_id=row.tenant_id,
        resource_type=row.resource_type,
        id=row.id,
        version=row.version,
        name=row.name,
        groups=tuple(row.group_ids),
        state=row.state,
        activation_time=row.activation_time,
        tags=row.tags,
        document=row.document,
    )
