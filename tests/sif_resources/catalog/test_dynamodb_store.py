"""The DynamoDB catalog store against moto in server mode: every method and error of `CatalogStore`, plus
what is particular to DynamoDB (transactions under concurrency, batched dataset reads, replaced rows)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import boto3
import pytest

from sif_resources.catalog.dynamodb import DynamoCatalogStore
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
from tests.sif_resources.catalog.moto_dynamodb import fresh_table, moto_server

pytestmark = pytest.mark.aws

TENANT = "acme"
ACTIVITY = "activity"
T0 = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture
def table() -> Iterator[tuple[Any, str]]:
    with fresh_table() as made:
        yield made


@pytest.fixture
def store(table: tuple[Any, str]) -> DynamoCatalogStore:
    client, table_name = table
    made = DynamoCatalogStore(client, table_name)
    made.create_tenant(TenantRecord(TENANT, "Acme", T0))
    return made


def group(group_id: str, **changes: Any) -> GroupRecord:
    return replace(
        GroupRecord(TENANT, group_id, group_id.rsplit("/", 1)[-1] or "root", "admin@acme.com", T0), **changes
    )


def user(email: str, grants: dict[str, str], **changes: Any) -> UserRecord:
    return replace(
        UserRecord(TENANT, email, "active", next(iter(grants), "/"), grants, "admin@acme.com", T0), **changes
    )


def resource(
    resource_id: str,
    version: int = 1,
    *,
    name: str = "Electricity",
    groups: tuple[str, ...] = ("/a",),
    tags: dict[str, str] | None = None,
    activation_time: datetime = T0,
    resource_type: str = ACTIVITY,
) -> VersionRecord:
    document = {
        "id": resource_id,
        "name": name,
        "version": version,
        "groups": list(groups),
        "tags": dict(tags or {}),
        "impacts": {"co2e": {"components": {"co2": {"key": "co2", "value": 53.06, "type": "pollutant"}}}},
        "attributes": {"unit": "kWh", "note": "né à Zürich", "count": 3, "nested": [1, 2.5, None, True]},
    }
    return VersionRecord(
        TENANT,
        resource_type,
        resource_id,
        version,
        name,
        groups,
        "enabled",
        activation_time,
        tags or {},
        document,
    )


def append(store: DynamoCatalogStore, record: VersionRecord) -> None:
    store.add_version(record, expected_latest=None if record.version == 1 else record.version - 1)


def listed(pairs: list[tuple[str, VersionRecord]]) -> list[tuple[str, str, int]]:
    return [(group_id, record.id, record.version) for group_id, record in pairs]


# --- tenants ----------------------------------------------------------------------------------------------
def test_tenants_are_listed_by_id(store: DynamoCatalogStore) -> None:
    store.create_tenant(TenantRecord("beta", "Beta", T0 + timedelta(days=1)))
    store.create_tenant(TenantRecord("aardvark", "Aardvark", T0 + timedelta(days=2)))

    assert store.list_tenants() == [
        TenantRecord("aardvark", "Aardvark", T0 + timedelta(days=2)),
        TenantRecord(TENANT, "Acme", T0),
        TenantRecord("beta", "Beta", T0 + timedelta(days=1)),
    ]


def test_a_taken_tenant_id_already_exists(store: DynamoCatalogStore) -> None:
    with pytest.raises(AlreadyExistsError, match=re.escape("Tenant 'acme' already exists.")):
        store.create_tenant(TenantRecord(TENANT, "Another", T0))
    assert store.list_tenants() == [TenantRecord(TENANT, "Acme", T0)]


# --- groups -------------------------------------------------------------------------------------------------
def test_a_group_keeps_every_field(store: DynamoCatalogStore) -> None:
    full = group(
        "/a",
        description="Alpha",
        state="disabled",
        configuration={"preferredGroup": "/a", "limits": {"rows": 100, "ratio": 0.25}, "flags": [True, None]},
        tags={"region": "EU/France"},
        updated_by="someone@acme.com",
        updated_at=datetime(2024, 2, 3, 4, 5, 6, 7000, tzinfo=timezone(timedelta(hours=2))),
    )
    store.put_group(full, create=True)

    assert store.get_group(TENANT, "/a") == full
    assert store.get_group(TENANT, "/b") is None
    assert store.get_group("other", "/a") is None


def test_groups_are_listed_in_creation_order(store: DynamoCatalogStore) -> None:
    for group_id in ("/", "/zeta", "/alpha", "/zeta/child", "/beta"):
        store.put_group(group(group_id), create=True)

    assert [g.id for g in store.list_groups(TENANT)] == ["/", "/zeta", "/alpha", "/zeta/child", "/beta"]


def test_replacing_a_group_keeps_its_place_in_the_creation_order(store: DynamoCatalogStore) -> None:
    store.put_group(group("/b"), create=True)
    store.put_group(group("/a"), create=True)
    store.put_group(group("/b", description="changed", tags={"k": "v"}), create=False)

    assert [(g.id, g.description) for g in store.list_groups(TENANT)] == [("/b", "changed"), ("/a", None)]
    assert store.get_group(TENANT, "/b") == group("/b", description="changed", tags={"k": "v"})


def test_creating_an_existing_group_already_exists(store: DynamoCatalogStore) -> None:
    store.put_group(group("/a"), create=True)

    with pytest.raises(AlreadyExistsError, match=re.escape("Group '/a' already exists.")):
        store.put_group(group("/a", description="again"), create=True)
    assert store.get_group(TENANT, "/a") == group("/a")


def test_a_new_group_needs_its_parent_unless_the_parent_is_root(store: DynamoCatalogStore) -> None:
    store.put_group(group("/a"), create=True)
    with pytest.raises(NotFoundError, match=re.escape("Group '/a/b' not found.")):
        store.put_group(group("/a/b/c"), create=True)
    store.put_group(group("/a/b"), create=True)
    store.put_group(group("/a/b/c"), create=True)

    assert [g.id for g in store.list_groups(TENANT)] == ["/a", "/a/b", "/a/b/c"]


def test_a_group_needs_its_tenant(store: DynamoCatalogStore) -> None:
    with pytest.raises(NotFoundError, match=re.escape("Tenant 'nobody' not found.")):
        store.put_group(replace(group("/a"), tenant_id="nobody"), create=True)
    assert store.list_groups("nobody") == []


def test_replacing_a_missing_group_is_not_found(store: DynamoCatalogStore) -> None:
    with pytest.raises(NotFoundError, match=re.escape("Group '/a' not found.")):
        store.put_group(group("/a"), create=False)
    assert store.get_group(TENANT, "/a") is None


def test_a_deleted_group_is_gone_and_cannot_be_deleted_again(store: DynamoCatalogStore) -> None:
    store.put_group(group("/a"), create=True)
    store.put_group(group("/b"), create=True)
    store.delete_group(TENANT, "/a")

    assert store.get_group(TENANT, "/a") is None
    assert [g.id for g in store.list_groups(TENANT)] == ["/b"]
    with pytest.raises(NotFoundError, match=re.escape("Group '/a' not found.")):
        store.delete_group(TENANT, "/a")


# --- users --------------------------------------------------------------------------------------------------
def test_a_user_keeps_every_field(store: DynamoCatalogStore) -> None:
    full = user(
        "ann@acme.com",
        {"/a": "admin", "/a/b": "reader"},
        tags={"team": "ops"},
        updated_by="admin@acme.com",
        updated_at=T0 + timedelta(hours=1),
    )
    store.put_user(full, create=True)

    assert store.get_user(TENANT, "ann@acme.com") == full
    assert store.get_user(TENANT, "bob@acme.com") is None


def test_users_are_listed_by_email_and_filtered_by_grant(store: DynamoCatalogStore) -> None:
    store.put_user(user("carl@acme.com", {"/a": "reader"}), create=True)
    store.put_user(user("ann@acme.com", {"/a/b": "admin"}), create=True)
    store.put_user(user("bob@acme.com", {"/a": "admin", "/a/b": "contributor"}), create=True)

    assert [u.email for u in store.list_users(TENANT)] == ["ann@acme.com", "bob@acme.com", "carl@acme.com"]
    assert [u.email for u in store.list_users(TENANT, "/a")] == ["bob@acme.com", "carl@acme.com"]
    assert [u.email for u in store.list_users(TENANT, "/a/b")] == ["ann@acme.com", "bob@acme.com"]
    assert store.list_users(TENANT, "/c") == []


def test_replacing_a_user_replaces_their_grants(store: DynamoCatalogStore) -> None:
    store.put_user(user("ann@acme.com", {"/a": "admin", "/b": "reader"}), create=True)
    store.put_user(user("ann@acme.com", {"/b": "contributor"}, state="disabled"), create=False)

    assert store.get_user(TENANT, "ann@acme.com") == user(
        "ann@acme.com", {"/b": "contributor"}, state="disabled"
    )
    assert store.list_users(TENANT, "/a") == []


def test_user_creation_and_replacement_errors(store: DynamoCatalogStore) -> None:
    store.put_user(user("ann@acme.com", {"/a": "admin"}), create=True)

    with pytest.raises(AlreadyExistsError, match=re.escape("User 'ann@acme.com' already exists.")):
        store.put_user(user("ann@acme.com", {"/b": "admin"}), create=True)
    with pytest.raises(NotFoundError, match=re.escape("User 'bob@acme.com' not found.")):
        store.put_user(user("bob@acme.com", {"/a": "admin"}), create=False)
    with pytest.raises(NotFoundError, match=re.escape("Tenant 'nobody' not found.")):
        store.put_user(replace(user("bob@acme.com", {"/a": "admin"}), tenant_id="nobody"), create=True)
    assert store.list_users(TENANT) == [user("ann@acme.com", {"/a": "admin"})]


# --- versions -----------------------------------------------------------------------------------------------
def test_versions_are_read_back_exactly(store: DynamoCatalogStore) -> None:
    first = resource("r1", tags={"type": "Material/Metal"})
    second = resource("r1", 2, name="Power", activation_time=T0 + timedelta(days=1))
    append(store, first)
    append(store, second)

    assert store.latest(TENANT, ACTIVITY, "r1") == second
    assert store.version(TENANT, ACTIVITY, "r1", 1) == first
    assert store.version(TENANT, ACTIVITY, "r1", 3) is None
    assert store.versions(TENANT, ACTIVITY, "r1") == [second, first]
    assert store.latest(TENANT, ACTIVITY, "missing") is None
    assert store.versions(TENANT, ACTIVITY, "missing") == []
    assert store.latest(TENANT, "calculation", "r1") is None


def test_creating_an_existing_resource_id_already_exists(store: DynamoCatalogStore) -> None:
    append(store, resource("r1"))

    with pytest.raises(AlreadyExistsError, match=re.escape("Resource 'r1' already exists.")):
        store.add_version(resource("r1", name="Other"), expected_latest=None)
    assert store.versions(TENANT, ACTIVITY, "r1") == [resource("r1")]


def test_a_version_number_must_follow_the_expected_latest(store: DynamoCatalogStore) -> None:
    with pytest.raises(ValueError, match="cannot follow"):
        store.add_version(resource("r1", 2), expected_latest=None)
    append(store, resource("r1"))
    with pytest.raises(ValueError, match="cannot follow"):
        store.add_version(resource("r1", 3), expected_latest=1)
    assert store.versions(TENANT, ACTIVITY, "r1") == [resource("r1")]


def test_appending_to_a_missing_resource_is_not_found(store: DynamoCatalogStore) -> None:
    with pytest.raises(NotFoundError, match=re.escape("Resource 'r1' not found.")):
        store.add_version(resource("r1", 2), expected_latest=1)
    assert store.latest(TENANT, ACTIVITY, "r1") is None


def test_a_stale_expected_latest_is_a_concurrent_update(store: DynamoCatalogStore) -> None:
    append(store, resource("r1"))
    append(store, resource("r1", 2))

    with pytest.raises(ConcurrentUpdateError, match="Resource 'r1' was updated concurrently"):
        store.add_version(resource("r1", 2, name="Late"), expected_latest=1)
    assert store.versions(TENANT, ACTIVITY, "r1") == [resource("r1", 2), resource("r1")]


def test_two_writers_appending_the_same_version_one_wins(store: DynamoCatalogStore) -> None:
    append(store, resource("r1"))
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def write(name: str) -> None:
        barrier.wait()
        try:
            store.add_version(resource("r1", 2, name=name), expected_latest=1)
            outcomes[name] = "won"
        except ConcurrentUpdateError:
            outcomes[name] = "lost"

    threads = [threading.Thread(target=write, args=(name,)) for name in ("Left", "Right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["lost", "won"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    assert store.versions(TENANT, ACTIVITY, "r1") == [resource("r1", 2, name=winner), resource("r1")]
    assert store.find_by_name(TENANT, ACTIVITY, "/a", winner) == "r1"
    assert store.find_by_name(TENANT, ACTIVITY, "/a", "Electricity") is None
    loser = next(name for name in outcomes if name != winner)
    assert store.find_by_name(TENANT, ACTIVITY, "/a", loser) is None


def test_many_concurrent_appends_keep_versions_gapless(store: DynamoCatalogStore) -> None:
    append(store, resource("r1"))

    def keep_appending(worker: int) -> None:
        appended = 0
        while appended < 3:
            latest = store.latest(TENANT, ACTIVITY, "r1")
            assert latest is not None
            try:
                store.add_version(resource("r1", latest.version + 1), expected_latest=latest.version)
                appended += 1
            except ConcurrentUpdateError:
                continue

    threads = [threading.Thread(target=keep_appending, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [record.version for record in store.versions(TENANT, ACTIVITY, "r1")] == list(range(13, 0, -1))


# --- names --------------------------------------------------------------------------------------------------
def test_a_name_is_unique_per_group_and_type_case_insensitively(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", name="Electricity"))

    with pytest.raises(AlreadyExistsError, match=re.escape("Name 'ELECTRICITY' already in use.")):
        append(store, resource("r2", name="ELECTRICITY", groups=("/b", "/a")))
    assert store.latest(TENANT, ACTIVITY, "r2") is None
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "electricity") is None

    append(store, resource("r2", name="electricity", groups=("/b",)))
    append(store, resource("c1", name="Electricity", resource_type="calculation"))
    assert store.find_by_name(TENANT, ACTIVITY, "/a", "eLeCtRiCiTy") == "r1"
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "ELECTRICITY") == "r2"
    assert store.find_by_name(TENANT, "calculation", "/a", "electricity") == "c1"
    assert store.find_by_name(TENANT, ACTIVITY, "/a/child", "electricity") is None


def test_a_resource_keeps_its_own_name_across_versions(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", name="Electricity"))
    append(store, resource("r1", 2, name="ELECTRICITY"))

    assert store.find_by_name(TENANT, ACTIVITY, "/a", "electricity") == "r1"


def test_renaming_releases_the_old_name(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", name="Electricity", groups=("/a", "/b")))
    append(store, resource("r1", 2, name="Power", groups=("/a", "/b")))

    assert store.find_by_name(TENANT, ACTIVITY, "/a", "Electricity") is None
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "power") == "r1"
    append(store, resource("r2", name="Electricity", groups=("/b",)))
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "electricity") == "r2"


def test_granting_a_group_reserves_the_name_there(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", name="Electricity", groups=("/a",)))
    append(store, resource("r2", name="Electricity", groups=("/b",)))

    with pytest.raises(AlreadyExistsError, match=re.escape("Name 'Electricity' already in use.")):
        store.add_version(resource("r1", 2, groups=("/a", "/b")), expected_latest=1)
    assert store.versions(TENANT, ACTIVITY, "r1") == [resource("r1")]
    append(store, resource("r1", 2, groups=("/a", "/c")))
    assert store.find_by_name(TENANT, ACTIVITY, "/c", "electricity") == "r1"


def test_revoking_a_group_releases_the_name_and_the_listing_there(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", groups=("/a", "/b")))
    append(store, resource("r1", 2, groups=("/a",)))

    assert store.find_by_name(TENANT, ACTIVITY, "/b", "electricity") is None
    assert store.list_latest(TENANT, ACTIVITY, ["/b"]) == []
    append(store, resource("r2", groups=("/b",)))
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "electricity") == "r2"


# --- versionAsAt --------------------------------------------------------------------------------------------
def test_version_as_at_picks_the_latest_activation_at_or_before(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", activation_time=T0))
    append(store, resource("r1", 2, activation_time=T0 + timedelta(days=10)))
    append(store, resource("r1", 3, activation_time=T0 + timedelta(days=5)))
    append(store, resource("r1", 4, activation_time=T0 + timedelta(days=5)))

    def as_at(at: datetime) -> int | None:
        found = store.version_as_at(TENANT, ACTIVITY, "r1", at)
        return None if found is None else found.version

    assert as_at(T0 - timedelta(microseconds=1)) is None
    assert as_at(T0) == 1
    assert as_at(T0 + timedelta(days=4)) == 1
    assert as_at(T0 + timedelta(days=5)) == 4  # the higher version on ties
    assert as_at(T0 + timedelta(days=9, hours=23)) == 4
    assert as_at(T0 + timedelta(days=30)) == 2
    # the same instant in another zone, and a naive datetime taken as UTC
    assert as_at(datetime(2024, 1, 6, 1, 0, tzinfo=timezone(timedelta(hours=1)))) == 4
    assert as_at(datetime(2024, 1, 5, 23, 59)) == 1
    assert store.version_as_at(TENANT, ACTIVITY, "r1", T0 + timedelta(days=5)) == resource(
        "r1", 4, activation_time=T0 + timedelta(days=5)
    )
    assert store.version_as_at(TENANT, ACTIVITY, "missing", T0) is None


# --- listing ------------------------------------------------------------------------------------------------
def test_list_latest_orders_by_group_position_then_id_and_lists_each_resource_once(
    store: DynamoCatalogStore,
) -> None:
    append(store, resource("r3", name="c", groups=("/a",)))
    append(store, resource("r1", name="a", groups=("/b",)))
    append(store, resource("r2", name="b", groups=("/b", "/a")))
    append(store, resource("r2", 2, name="b", groups=("/b", "/a")))
    append(store, resource("r0", name="z", groups=("/c",)))
    append(store, resource("x1", name="a", groups=("/a",), resource_type="calculation"))

    assert listed(store.list_latest(TENANT, ACTIVITY, ["/a", "/b"])) == [
        ("/a", "r2", 2),
        ("/a", "r3", 1),
        ("/b", "r1", 1),
    ]
    assert listed(store.list_latest(TENANT, ACTIVITY, ["/b", "/a", "/b"])) == [
        ("/b", "r1", 1),
        ("/b", "r2", 2),
        ("/a", "r3", 1),
    ]
    assert store.list_latest(TENANT, ACTIVITY, ["/a"])[0] == (
        "/a",
        resource("r2", 2, name="b", groups=("/b", "/a")),
    )
    assert store.list_latest(TENANT, ACTIVITY, []) == []
    assert store.list_latest(TENANT, ACTIVITY, ["/nothing"]) == []


def test_list_latest_pages_with_after_and_limit(store: DynamoCatalogStore) -> None:
    for number in range(5):
        append(store, resource(f"a{number}", name=f"a{number}", groups=("/a",)))
    for number in range(3):
        append(store, resource(f"b{number}", name=f"b{number}", groups=("/b", "/a")))
    groups = ["/b", "/a"]

    pages: list[list[tuple[str, str, int]]] = []
    after: tuple[str, str] | None = None
    while True:
        page = listed(store.list_latest(TENANT, ACTIVITY, groups, after=after, limit=3))
        if not page:
            break
        pages.append(page)
        after = (page[-1][0], page[-1][1])

    assert pages == [
        [("/b", "b0", 1), ("/b", "b1", 1), ("/b", "b2", 1)],
        [("/a", "a0", 1), ("/a", "a1", 1), ("/a", "a2", 1)],
        [("/a", "a3", 1), ("/a", "a4", 1)],
    ]
    assert listed(store.list_latest(TENANT, ACTIVITY, groups, after=("/a", "a1"))) == [
        ("/a", "a2", 1),
        ("/a", "a3", 1),
        ("/a", "a4", 1),
    ]
    assert listed(store.list_latest(TENANT, ACTIVITY, groups, after=("/b", "b05"))) == [
        ("/b", "b1", 1),
        ("/b", "b2", 1),
        ("/a", "a0", 1),
        ("/a", "a1", 1),
        ("/a", "a2", 1),
        ("/a", "a3", 1),
        ("/a", "a4", 1),
    ]
    assert store.list_latest(TENANT, ACTIVITY, groups, limit=0) == []
    with pytest.raises(ValueError, match=re.escape("Group '/c' is not one of the listed groups.")):
        store.list_latest(TENANT, ACTIVITY, groups, after=("/c", "x"))


def test_list_latest_tag_filters_are_hierarchical_case_insensitive_and_all_required(
    store: DynamoCatalogStore,
) -> None:
    append(store, resource("r1", name="steel", tags={"type": "Material/Metal/Steel", "source": "EPA"}))
    append(store, resource("r2", name="wood", tags={"Type": "Material/Wood"}))
    append(store, resource("r3", name="metalwork", tags={"type": "Material/Metalwork"}))
    append(store, resource("r4", name="none"))

    def ids(tags: dict[str, str]) -> list[str]:
        return [record.id for _, record in store.list_latest(TENANT, ACTIVITY, ["/a"], tags=tags)]

    assert ids({"type": "material"}) == ["r1", "r2", "r3"]
    assert ids({"TYPE": "MATERIAL/metal"}) == ["r1"]
    assert ids({"type": "Material/Metal/Steel"}) == ["r1"]
    assert ids({"type": "Material/Metal/Steel/Stainless"}) == []
    assert ids({"type": "Metal"}) == []
    assert ids({"type": "material", "source": "epa"}) == ["r1"]
    assert ids({"type": "material/wood", "source": "epa"}) == []
    assert ids({}) == ["r1", "r2", "r3", "r4"]


def test_list_latest_filters_on_the_latest_tags(store: DynamoCatalogStore) -> None:
    append(store, resource("r1", tags={"type": "Material"}))
    append(store, resource("r1", 2, tags={"type": "Energy"}))

    assert store.list_latest(TENANT, ACTIVITY, ["/a"], tags={"type": "material"}) == []
    assert listed(store.list_latest(TENANT, ACTIVITY, ["/a"], tags={"type": "energy"})) == [("/a", "r1", 2)]


def test_list_latest_tag_filter_with_limit_fills_the_page(store: DynamoCatalogStore) -> None:
    for number in range(20):
        tags = {"kind": "even"} if number % 2 == 0 else {"kind": "odd"}
        append(store, resource(f"r{number:02d}", name=f"n{number}", tags=tags))

    page = store.list_latest(TENANT, ACTIVITY, ["/a"], tags={"kind": "odd"}, limit=4)

    assert [record.id for _, record in page] == ["r01", "r03", "r05", "r07"]


# --- dataset rows -------------------------------------------------------------------------------------------
HEADERS = ["Fuel", "Unit", "Factor"]
ROWS: list[list[str | None]] = [
    ["Natural Gas", "m3", "2.02"],
    ["natural-gas", "kWh", "0.18"],  # same key form as the first row: the first row wins
    ["Diesel", "litre", "2.68"],
    [None, "x", "0"],
    ["Coal (Anthracite)", "kg", None],
]


def test_lookup_returns_the_first_row_of_each_key_form(store: DynamoCatalogStore) -> None:
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, ROWS)

    assert store.lookup_dataset(
        TENANT,
        "ds1",
        1,
        "Fuel",
        "Factor",
        ["natural gas", "diesel", "petrol", "", "coal anthracite", "diesel"],
    ) == ["2.02", "2.68", None, None, None, "2.68"]
    assert store.lookup_dataset(TENANT, "ds1", 1, "Unit", "Fuel", ["kwh", "litre", "x"]) == [
        "natural-gas",
        "Diesel",
        None,
    ]
    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", []) == []


def test_lookup_of_a_missing_dataset_version_or_column_is_not_found(store: DynamoCatalogStore) -> None:
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, ROWS)

    with pytest.raises(
        NotFoundError, match=re.escape("No rows stored for reference dataset 'ds1' version 2.")
    ):
        store.lookup_dataset(TENANT, "ds1", 2, "Fuel", "Factor", ["diesel"])
    with pytest.raises(NotFoundError, match="Requested column 'Price' not found in dataset 'ds1'"):
        store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Price", ["diesel"])
    with pytest.raises(NotFoundError, match="Requested column 'fuel' not found in dataset 'ds1'"):
        store.lookup_dataset(TENANT, "ds1", 1, "fuel", "Factor", ["diesel"])


def test_versions_of_a_dataset_keep_their_own_rows(store: DynamoCatalogStore) -> None:
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, ROWS)
    store.put_dataset_rows(TENANT, "ds1", 2, HEADERS, [["Diesel", "litre", "2.70"]])

    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", ["diesel"]) == ["2.68"]
    assert store.lookup_dataset(TENANT, "ds1", 2, "Fuel", "Factor", ["diesel", "natural gas"]) == [
        "2.70",
        None,
    ]


def test_replacing_rows_replaces_answers_and_drops_the_old_items(
    store: DynamoCatalogStore, table: tuple[Any, str]
) -> None:
    client, table_name = table
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, ROWS)
    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", ["diesel"]) == ["2.68"]
    before = _item_count(client, table_name)

    store.put_dataset_rows(TENANT, "ds1", 1, ["Fuel", "Factor"], [["Petrol", "2.31"], ["Diesel", "2.70"]])

    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", ["diesel", "petrol", "natural gas"]) == [
        "2.70",
        "2.31",
        None,
    ]
    with pytest.raises(NotFoundError, match="Requested column 'Unit'"):
        store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Unit", ["diesel"])
    # the old generation's batch and its 3 key index entries are gone; the new one has a batch and 2 keys
    assert _item_count(client, table_name) == before - 1 - 3 + 1 + 2


def test_thousands_of_keys_resolve_in_batches_of_one_hundred(
    store: DynamoCatalogStore, table: tuple[Any, str]
) -> None:
    rows = [[f"Product {number}", "kg", f"{number}.5"] for number in range(4000)]
    rows.append(["PRODUCT 7", "kg", "shadowed"])
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, rows)
    keys = [f"product {number}" for number in range(0, 4500, 2)] + ["product 7"] * 3
    calls = _count_calls(table[0], "BatchGetItem", "GetItem", "Query")

    answers = store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", keys)

    expected = [f"{number}.5" if number < 4000 else None for number in range(0, 4500, 2)] + ["7.5"] * 3
    assert answers == expected
    distinct = len(set(keys))
    assert calls["BatchGetItem"] == -(-distinct // 100)  # 2,250 distinct keys: 23 requests
    assert calls["GetItem"] == 1  # the manifest
    calls.clear()
    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", ["product 3999"]) == ["3999.5"]
    assert calls == {"GetItem": 1, "BatchGetItem": 1}  # the index is built once


def test_rows_span_several_items_in_file_order(store: DynamoCatalogStore, table: tuple[Any, str]) -> None:
    filler = "x" * 2_000
    rows = [[f"key {number % 300}", filler, str(number)] for number in range(600)]
    store.put_dataset_rows(TENANT, "ds1", 1, ["Key", "Filler", "Row"], rows)

    assert store.lookup_dataset(TENANT, "ds1", 1, "Key", "Row", ["key 0", "key 299", "key 150"]) == [
        "0",
        "299",
        "150",
    ]
    client, table_name = table
    pages = client.get_paginator("scan").paginate(
        TableName=table_name,
        FilterExpression="attribute_exists(#rows)",
        ExpressionAttributeNames={"#rows": "rows"},
    )
    batches = [item for page in pages for item in page["Items"]]
    assert len(batches) == 5  # 1.2 MB of rows at most 300 KB per item


def test_a_key_longer_than_a_sort_key_is_still_found(store: DynamoCatalogStore) -> None:
    long_key = " ".join(["word"] * 400)
    store.put_dataset_rows(TENANT, "ds1", 1, ["Key", "Value"], [[long_key.upper(), "long"], ["short", "s"]])

    assert store.lookup_dataset(
        TENANT, "ds1", 1, "Key", "Value", [long_key, "short", long_key + " more"]
    ) == [
        "long",
        "s",
        None,
    ]


def test_a_dataset_without_rows_has_no_matches(store: DynamoCatalogStore) -> None:
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, [])

    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", ["diesel"]) == [None]


def test_a_row_too_large_for_an_item_is_refused_and_nothing_changes(store: DynamoCatalogStore) -> None:
    store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, ROWS)

    with pytest.raises(StoreError, match="larger than a DynamoDB item can hold"):
        store.put_dataset_rows(TENANT, "ds1", 1, HEADERS, [["big", "x" * 400_000, "1"]])
    assert store.lookup_dataset(TENANT, "ds1", 1, "Fuel", "Factor", ["diesel"]) == ["2.68"]


# --- opening the store ----------------------------------------------------------------------------------
def test_from_settings_opens_the_named_table_at_the_endpoint(
    store: DynamoCatalogStore, table: tuple[Any, str]
) -> None:
    _, table_name = table
    opened = DynamoCatalogStore.from_settings(
        {"SIF_DYNAMODB_TABLE": table_name, "SIF_AWS_ENDPOINT_URL": moto_server().endpoint_url}
    )

    assert opened.list_tenants() == [TenantRecord(TENANT, "Acme", T0)]
    with pytest.raises(StoreError, match="SIF_DYNAMODB_TABLE is not set"):
        DynamoCatalogStore.from_settings({})


def test_a_boto3_resource_works_as_well_as_a_client(table: tuple[Any, str]) -> None:
    _, table_name = table
    resource_ = boto3.resource("dynamodb", endpoint_url=moto_server().endpoint_url, region_name="us-east-1")
    opened = DynamoCatalogStore(resource_, table_name)
    opened.create_tenant(TenantRecord("t1", "T1", T0))

    assert opened.list_tenants() == [TenantRecord("t1", "T1", T0)]


# --- helpers ------------------------------------------------------------------------------------------------
def _item_count(client: Any, table_name: str) -> int:
    return sum(page["Count"] for page in client.get_paginator("scan").paginate(TableName=table_name))


def _count_calls(client: Any, *operations: str) -> dict[str, int]:
    """Counts of the client's requests per operation from now on (only the named operations)."""
    counts: dict[str, int] = {}

    def count(model: Any, **_: Any) -> None:
        if model.name in operations:
            counts[model.name] = counts.get(model.name, 0) + 1

    client.meta.events.register("before-call.dynamodb", count)
    return counts
