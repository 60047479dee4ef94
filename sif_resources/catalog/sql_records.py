"""Rows of the SQL catalog's tenant, group and user tables to and from the store's records."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from sif_resources.catalog.store import GroupRecord, UserRecord


def group_values(group: GroupRecord) -> dict[str, Any]:
    return {
        "tenant_id": group.tenant_id,
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "state": group.state,
        "configuration": dict(group.configuration),
        "tags": dict(group.tags),
        "created_by": group.created_by,
        "created_at": group.created_at,
        "updated_by": group.updated_by,
        "updated_at": group.updated_at,
    }


def group_record(row: Row[Any]) -> GroupRecord:
    return GroupRecord(
        tenant_id=row.tenant_id,
        id=row.id,
        name=row.name,
        created_by=row.created_by,
        created_at=row.created_at,
        description=row.description,
        state=row.state,
        configuration=row.configuration,
        tags=row.tags,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def user_values(user: UserRecord) -> dict[str, Any]:
    return {
        "tenant_id": user.tenant_id,
        "email": user.email,
        "state": user.state,
        "default_group": user.default_group,
        "tags": dict(user.tags),
        "created_by": user.created_by,
        "created_at": user.created_at,
        "updated_by": user.updated_by,
        "updated_at": user.updated_at,
    }


def user_record(row: Row[Any], grants: dict[str, str]) -> UserRecord:
    return UserRecord(
        tenant_id=row.tenant_id,
        email=row.email,
        state=row.state,
        default_group=row.default_group,
        grants=grants,
        created_by=row.created_by,
        created_at=row.created_at,
        tags=row.tags,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )
