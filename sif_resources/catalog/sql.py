"""The catalog store on a SQL database (SQLAlchemy Core): SQLite embedded, PostgreSQL in production.

What belongs here: `SqlCatalogStore`, the `CatalogStore` contract as SQL statements and transactions, the same
on both databases. What does not: the tables (`sql_schema.py`, created by the migrations), dataset rows and
lookups (`sql_datasets.py`), and opening a store from settings (`connect.py`).

Every write is one transaction. On SQLite it begins with `BEGIN IMMEDIATE`, so writers queue for the database
lock instead of failing when a reader upgrades; on PostgreSQL the row and unique-index locks order them.
Appending a version advances `resources.latest_version` with a conditional UPDATE, so of two writers that read
the same latest version only one can append the next.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sif_resources.catalog import sql_datasets
from sif_resources.catalog.sql_records import group_record, group_values, user_record, user_values
from sif_resources.catalog.sql_schema import (
    name_reservations,
    resource_versions,
    resources,
    tenant_groups,
    tenant_users,
    tenants,
    user_grants,
)
from sif_resources.catalog.sql_versions import append_version, memberships, version_record, versions_of
from sif_resources.catalog.store import (
    AlreadyExistsError,
    GroupRecord,
    NotFoundError,
    TenantRecord,
    UserRecord,
    VersionRecord,
)

ROOT_GROUP = "/"


class SqlCatalogStore:
    """`CatalogStore` on an engine whose database is migrated to head (`migrate.upgrade_database`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._local = threading.local()  # the connection of this thread's open `transaction()`, if any

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Make every call inside the block one atomic unit: all its writes are kept, or none of them.

        Calls inside use the block's connection (each write within a savepoint, so a refused write rolls back
        only itself until the block ends); an exception leaving the block rolls everything back.
        """
        if self._active() is not None:
            yield
            return
        with self._begin_writing() as connection:
            self._local.connection = connection
            try:
                yield
            finally:
                self._local.connection = None

    # --- tenants, groups, users -----------------------------------------------------------------------
    def create_tenant(self, tenant: TenantRecord) -> None:
        try:
            with self._writing() as connection:
                connection.execute(
                    sa.insert(tenants).values(id=tenant.id, name=tenant.name, created_at=tenant.created_at)
                )
        except IntegrityError as error:
            raise AlreadyExistsError(f"Tenant '{tenant.id}' already exists.") from error

    def list_tenants(self) -> list[TenantRecord]:
        with self._reading() as connection:
            rows = connection.execute(sa.select(tenants).order_by(tenants.c.id)).all()
        return [TenantRecord(row.id, row.name, row.created_at) for row in rows]

    def put_group(self, group: GroupRecord, *, create: bool) -> None:
        values = group_values(group)
        try:
            with self._writing() as connection:
                _require_tenant(connection, group.tenant_id)
                if create:
                    parent = _parent_group(group.id)
                    if parent not in (None, ROOT_GROUP) and not _group_exists(
                        connection, group.tenant_id, parent
                    ):
                        raise NotFoundError(f"Group '{parent}' not found.")
                    connection.execute(sa.insert(tenant_groups).values(values))
                    return
                updated = connection.execute(
                    sa.update(tenant_groups).where(*_group_key(group.tenant_id, group.id)).values(values)
                )
                if updated.rowcount == 0:
                    raise NotFoundError(f"Group '{group.id}' not found.")
        except IntegrityError as error:
            raise AlreadyExistsError(f"Group '{group.id}' already exists.") from error

    def get_group(self, tenant_id: str, group_id: str) -> GroupRecord | None:
        with self._reading() as connection:
            row = connection.execute(
                sa.select(tenant_groups).where(*_group_key(tenant_id, group_id))
            ).one_or_none()
        return None if row is None else group_record(row)

    def list_groups(self, tenant_id: str) -> list[GroupRecord]:
        query = (
            sa.select(tenant_groups)
            .where(tenant_groups.c.tenant_id == tenant_id)
            .order_by(tenant_groups.c.position)
        )
        with self._reading() as connection:
            return [group_record(row) for row in connection.execute(query)]

    def delete_group(self, tenant_id: str, group_id: str) -> None:
        with self._writing() as connection:
            deleted = connection.execute(sa.delete(tenant_groups).where(*_group_key(tenant_id, group_id)))
            if deleted.rowcount == 0:
                raise NotFoundError(f"Group '{group_id}' not found.")

    def put_user(self, user: UserRecord, *, create: bool) -> None:
        values = user_values(user)
        key = (tenant_users.c.tenant_id == user.tenant_id, tenant_users.c.email == user.email)
        try:
            with self._writing() as connection:
                if create:
                    _require_tenant(connection, user.tenant_id)
                    connection.execute(sa.insert(tenant_users).values(values))
                else:
                    updated = connection.execute(sa.update(tenant_users).where(*key).values(values))
                    if updated.rowcount == 0:
                        raise NotFoundError(f"User '{user.email}' not found.")
                    connection.execute(
                        sa.delete(user_grants).where(
                            user_grants.c.tenant_id == user.tenant_id, user_grants.c.email == user.email
                        )
                    )
                grants = [
                    {"tenant_id": user.tenant_id, "email": user.email, "group_id": group, "role": role}
                    for group, role in user.grants.items()
                ]
                if grants:
                    connection.execute(sa.insert(user_grants), grants)
        except IntegrityError as error:
            raise AlreadyExistsError(f"User '{user.email}' already exists.") from error

    def get_user(self, tenant_id: str, email: str) -> UserRecord | None:
        found = self._users(tenant_id, tenant_users.c.email == email)
        return found[0] if found else None

    def list_users(self, tenant_id: str, group_id: str | None = None) -> list[UserRecord]:
        if group_id is None:
            return self._users(tenant_id)
        grant = user_grants.alias("grant_on_group")
        granted = sa.exists().where(
            grant.c.tenant_id == tenant_users.c.tenant_id,
            grant.c.email == tenant_users.c.email,
            grant.c.group_id == group_id,
        )
        return self._users(tenant_id, granted)

    # --- versioned resources --------------------------------------------------------------------------
    def add_version(self, record: VersionRecord, *, expected_latest: int | None) -> None:
        with self._writing() as connection:
            append_version(connection, record, expected_latest)

    def latest(self, tenant_id: str, resource_type: str, resource_id: str) -> VersionRecord | None:
        query = versions_of(tenant_id, resource_type, resource_id).order_by(
            resource_versions.c.version.desc()
        )
        return self._first_version(query.limit(1))

    def version(
        self, tenant_id: str, resource_type: str, resource_id: str, version: int
    ) -> VersionRecord | None:
        query = versions_of(tenant_id, resource_type, resource_id).where(
            resource_versions.c.version == version
        )
        return self._first_version(query)

    def versions(self, tenant_id: str, resource_type: str, resource_id: str) -> list[VersionRecord]:
        query = versions_of(tenant_id, resource_type, resource_id).order_by(
            resource_versions.c.version.desc()
        )
        with self._reading() as connection:
            return [version_record(row) for row in connection.execute(query)]

    def version_as_at(
        self, tenant_id: str, resource_type: str, resource_id: str, at: datetime
    ) -> VersionRecord | None:
        query = (
            versions_of(tenant_id, resource_type, resource_id)
            .where(resource_versions.c.activation_time <= at)
            .order_by(resource_versions.c.activation_time.desc(), resource_versions.c.version.desc())
            .limit(1)
        )
        return self._first_version(query)

    def find_by_name(self, tenant_id: str, resource_type: str, group_id: str, name: str) -> str | None:
        query = sa.select(name_reservations.c.resource_id).where(
            name_reservations.c.tenant_id == tenant_id,
            name_reservations.c.resource_type == resource_type,
            name_reservations.c.group_id == group_id,
            name_reservations.c.name_key == name.lower(),
        )
        with self._reading() as connection:
            return connection.execute(query).scalar_one_or_none()

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
        members = memberships(tenant_id, resource_type, groups, tags or {})
        member_id = self._bytewise(members.c.id)
        query = (
            sa.select(members.c.rank, resource_versions)
            .join(
                resources,
                sa.and_(
                    resources.c.tenant_id == tenant_id,
                    resources.c.resource_type == resource_type,
                    resources.c.id == members.c.id,
                ),
            )
            .join(
                resource_versions,
                sa.and_(
                    resource_versions.c.tenant_id == tenant_id,
                    resource_versions.c.resource_type == resource_type,
                    resource_versions.c.id == members.c.id,
                    resource_versions.c.version == resources.c.latest_version,
                ),
            )
            .order_by(members.c.rank, member_id)
        )
        if after is not None:
            after_group, after_id = after
            if after_group not in groups:
                raise ValueError(f"Group '{after_group}' is not one of the listed groups.")
            rank = groups.index(after_group)
            query = query.where(
                sa.or_(members.c.rank > rank, sa.and_(members.c.rank == rank, member_id > after_id))
            )
        if limit is not None:
            query = query.limit(limit)
        with self._reading() as connection:
            return [(groups[row.rank], version_record(row)) for row in connection.execute(query)]

    # --- reference dataset rows -----------------------------------------------------------------------
    def put_dataset_rows(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        headers: Sequence[str],
        rows: Sequence[Sequence[str | None]],
    ) -> None:
        with self._writing() as connection:
            sql_datasets.replace_rows(connection, tenant_id, dataset_id, version, headers, rows)

    def lookup_dataset(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        key_column: str,
        output_column: str,
        keys: Sequence[str],
    ) -> list[str | None]:
        with self._reading() as connection:
            table_id, key_index, output_index = sql_datasets.find_columns(
                connection, tenant_id, dataset_id, version, key_column, output_column
            )
            built = sql_datasets.has_key_index(connection, table_id, key_index)
        if not built:
            self._build_key_index(table_id, key_index)
        with self._scratch() as connection:
            return sql_datasets.lookup(connection, table_id, key_index, output_index, keys)

    def dataset_rows(
        self, tenant_id: str, dataset_id: str, version: int
    ) -> tuple[list[str], list[list[str | None]]]:
        with self._reading() as connection:
            return sql_datasets.read_rows(connection, tenant_id, dataset_id, version)

    def dataset_columns(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        columns: Sequence[str] | None = None,
        *,
        max_rows: int | None = None,
    ) -> dict[str, pa.Array] | None:
        """The texts of `columns` (None: every column) of a stored dataset version by name, each an Arrow
        string array in file order (null for a null cell); None when it holds more than `max_rows` rows
        (counted first, nothing else read). What `CatalogResolver` reads to answer large LOOKUP batches in
        memory."""
        with self._reading() as connection:
            return sql_datasets.read_columns(connection, tenant_id, dataset_id, version, columns, max_rows)

    # --- helpers --------------------------------------------------------------------------------------
    def _active(self) -> Connection | None:
        return getattr(self._local, "connection", None)

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        active = self._active()
        if active is not None:
            yield active
            return
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def _scratch(self) -> Iterator[Connection]:
        """A connection for a read that fills temporary tables (a transaction of its own when alone)."""
        active = self._active()
        if active is not None:
            yield active
            return
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        active = self._active()
        if active is not None:
            with active.begin_nested():
                yield active
            return
        with self._begin_writing() as connection:
            yield connection

    @contextmanager
    def _begin_writing(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection

    def _build_key_index(self, table_id: int, key_index: int) -> None:
        try:
            with self._writing() as connection:
                if not sql_datasets.has_key_index(connection, table_id, key_index):
                    sql_datasets.build_key_index(connection, table_id, key_index)
        except IntegrityError:
            return  # another lookup built it first

    def _bytewise(self, column: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
        """Compare ids byte by byte on PostgreSQL too (as SQLite does), whatever the database collation."""
        return column.collate("C") if self._postgres else column

    def _first_version(self, query: sa.Select[Any]) -> VersionRecord | None:
        with self._reading() as connection:
            row = connection.execute(query).first()
        return None if row is None else version_record(row)

    def _users(self, tenant_id: str, *conditions: sa.ColumnElement[bool]) -> list[UserRecord]:
        users_query = (
            sa.select(tenant_users)
            .where(tenant_users.c.tenant_id == tenant_id, *conditions)
            .order_by(tenant_users.c.email)
        )
        grants_query = (
            sa.select(user_grants)
            .join(
                tenant_users,
                sa.and_(
                    tenant_users.c.tenant_id == user_grants.c.tenant_id,
                    tenant_users.c.email == user_grants.c.email,
                ),
            )
            .where(user_grants.c.tenant_id == tenant_id, *conditions)
            .order_by(user_grants.c.email, user_grants.c.group_id)
        )
        with self._reading() as connection:
            users = connection.execute(users_query).all()
            grants: dict[str, dict[str, str]] = {}
            for grant in connection.execute(grants_query):
                grants.setdefault(grant.email, {})[grant.group_id] = grant.role
        return [user_record(row, grants.get(row.email, {})) for row in users]


def _require_tenant(connection: Connection, tenant_id: str) -> None:
    if connection.execute(sa.select(tenants.c.id).where(tenants.c.id == tenant_id)).first() is None:
        raise NotFoundError(f"Tenant '{tenant_id}' not found.")


def _parent_group(group_id: str) -> str | None:
    if group_id == ROOT_GROUP:
        return None
    return group_id.rstrip("/").rsplit("/", 1)[0] or ROOT_GROUP


def _group_key(tenant_id: str, group_id: str) -> tuple[sa.ColumnElement[bool], ...]:
    return (tenant_groups.c.tenant_id == tenant_id, tenant_groups.c.id == group_id)


def _group_exists(connection: Connection, tenant_id: str, group_id: str) -> bool:
    return (
        connection.execute(sa.select(tenant_groups.c.id).where(*_group_key(tenant_id, group_id))).first()
        is not None
    )
