"""The `CatalogStore` contract, run against every backend of `conftest.BACKENDS` (an empty store per test).

Every method and every error of `sif_resources.catalog.store` is specified here once; a backend is correct
when this suite passes on it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from calculator.resolver import lookup_key
from sif_resources.catalog import sql_datasets
from sif_resources.catalog.store import (
    AlreadyExistsError,
    CatalogStore,
    ConcurrentUpdateError,
    GroupRecord,
    NotFoundError,
    TenantRecord,
    UserRecord,
    VersionRecord,
)

T0 = datetime(2024, 1, 1, tzinfo=UTC)
TENANT = "acme"
ACTIVITY = "activity"


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def add_tenant(store: CatalogStore, tenant_id: str = TENANT) -> TenantRecord:
    tenant = TenantRecord(tenant_id, tenant_id.title(), T0)
    store.create_tenant(tenant)
    return tenant


def group(group_id: str, tenant_id: str = TENANT, **fields: Any) -> GroupRecord:
    name = group_id.rsplit("/", 1)[-1] or "/"
    return GroupRecord(tenant_id, group_id, name, "admin@example.com", T0, **fields)


def user(
    email: str, grants: dict[str, str], tenant_id: str = TENANT, state: str = "active", **fields: Any
) -> UserRecord:
    default_group = next(iter(grants), "/")
    return UserRecord(tenant_id, email, state, default_group, grants, "admin@example.com", T0, **fields)


def resource(
    resource_id: str = "r01",
    *,
    name: str = "Electricity",
    groups: Sequence[str] = ("/",),
    tags: dict[str, str] | None = None,
    activation_time: datetime = T0,
    resource_type: str = ACTIVITY,
    tenant_id: str = TENANT,
    version: int = 1,
    state: str = "enabled",
) -> VersionRecord:
    return with_document(
        VersionRecord(
            tenant_id, resource_type, resource_id, version, name, tuple(groups), state, activation_time,
            tags or {}, {},
        )
    )  # fmt: skip


def with_document(record: VersionRecord) -> VersionRecord:
    """The record with the JSON document an API would serve for it."""
    document = {
        "id": record.id,
        "name": record.name,
        "version": record.version,
        "state": record.state,
        "groups": list(record.groups),
        "tags": dict(record.tags),
        "activeAt": record.activation_time.isoformat(),
        "attributes": {"source": {"nested": [1, 2.5, None, "text"]}},
    }
    return replace(record, document=document)


def create(store: CatalogStore, resource_id: str = "r01", **fields: Any) -> VersionRecord:
    record = resource(resource_id, **fields)
    store.add_version(record, expected_latest=None)
    return record


def next_version(previous: VersionRecord, **changes: Any) -> VersionRecord:
    if "groups" in changes:
        changes["groups"] = tuple(changes["groups"])
    return with_document(replace(previous, version=previous.version + 1, **changes))


def update(store: CatalogStore, previous: VersionRecord, **changes: Any) -> VersionRecord:
    record = next_version(previous, **changes)
    store.add_version(record, expected_latest=previous.version)
    return record


def listed(pairs: list[tuple[str, VersionRecord]]) -> list[tuple[str, str]]:
    return [(group_id, record.id) for group_id, record in pairs]


# --- tenants ----------------------------------------------------------------------------------------------
def test_created_tenants_are_listed(store: CatalogStore) -> None:
    acme = add_tenant(store, "acme")
    zeta = add_tenant(store, "zeta")

    assert sorted(store.list_tenants(), key=lambda tenant: tenant.id) == [acme, zeta]


def test_tenant_id_in_use_is_already_exists(store: CatalogStore) -> None:
    add_tenant(store)

    with pytest.raises(AlreadyExistsError):
        store.create_tenant(TenantRecord(TENANT, "Another", at(1)))
    assert store.list_tenants() == [TenantRecord(TENANT, "Acme", T0)]


# --- groups -----------------------------------------------------------------------------------------------
def test_group_is_read_back_as_stored(store: CatalogStore) -> None:
    add_tenant(store)
    stored = group(
        "/",
        description="Everyone",
        configuration={"preferredGroup": "/", "pipelineProcessor": {"chunkSize": 2}},
        tags={"region": "EU/West"},
        updated_by="someone@example.com",
        updated_at=at(2),
    )
    store.put_group(stored, create=True)

    assert store.get_group(TENANT, "/") == stored
    assert store.get_group(TENANT, "/missing") is None
    assert store.get_group("other", "/") is None


def test_groups_are_listed_in_creation_order(store: CatalogStore) -> None:
    add_tenant(store)
    add_tenant(store, "zeta")
    for group_id in ("/", "/zulu", "/alpha", "/zulu/child", "/beta"):
        store.put_group(group(group_id), create=True)
    store.put_group(group("/", tenant_id="zeta"), create=True)

    assert [g.id for g in store.list_groups(TENANT)] == ["/", "/zulu", "/alpha", "/zulu/child", "/beta"]
    assert [g.id for g in store.list_groups("zeta")] == ["/"]


def test_group_id_in_use_is_already_exists(store: CatalogStore) -> None:
    add_tenant(store)
    store.put_group(group("/a"), create=True)

    with pytest.raises(AlreadyExistsError):
        store.put_group(group("/a", description="again"), create=True)
    assert store.get_group(TENANT, "/a") == group("/a")


def test_new_group_needs_its_parent_except_below_the_root(store: CatalogStore) -> None:
    add_tenant(store)
    store.put_group(group("/a"), create=True)

    with pytest.raises(NotFoundError):
        store.put_group(group("/b/c"), create=True)
    store.put_group(group("/a/c"), create=True)
    assert [g.id for g in store.list_groups(TENANT)] == ["/a", "/a/c"]


def test_group_of_an_unknown_tenant_is_not_found(store: CatalogStore) -> None:
    with pytest.raises(NotFoundError):
        store.put_group(group("/"), create=True)


def test_replaced_group_takes_the_new_fields_and_keeps_its_place(store: CatalogStore) -> None:
    add_tenant(store)
    for group_id in ("/a", "/b"):
        store.put_group(group(group_id), create=True)
    changed = group("/a", description="new", state="disabled", tags={"k": "v"}, updated_at=at(3))

    store.put_group(changed, create=False)

    assert store.list_groups(TENANT) == [changed, group("/b")]


def test_replacing_or_deleting_a_missing_group_is_not_found(store: CatalogStore) -> None:
    add_tenant(store)

    with pytest.raises(NotFoundError):
        store.put_group(group("/a"), create=False)
    with pytest.raises(NotFoundError):
        store.delete_group(TENANT, "/a")


def test_deleted_group_is_gone_and_its_id_free_again(store: CatalogStore) -> None:
    add_tenant(store)
    for group_id in ("/a", "/b"):
        store.put_group(group(group_id), create=True)

    store.delete_group(TENANT, "/a")

    assert store.get_group(TENANT, "/a") is None
    assert [g.id for g in store.list_groups(TENANT)] == ["/b"]
    store.put_group(group("/a"), create=True)
    assert [g.id for g in store.list_groups(TENANT)] == ["/b", "/a"]


# --- users ------------------------------------------------------------------------------------------------
def test_user_is_read_back_with_its_grants(store: CatalogStore) -> None:
    add_tenant(store)
    stored = user("ann@example.com", {"/": "reader", "/a": "admin"}, tags={"team": "ops"}, updated_at=at(1))
    store.put_user(stored, create=True)

    assert store.get_user(TENANT, "ann@example.com") == stored
    assert store.get_user(TENANT, "bob@example.com") is None
    assert store.get_user("other", "ann@example.com") is None


def test_users_are_listed_by_email_and_filtered_by_grant(store: CatalogStore) -> None:
    add_tenant(store)
    add_tenant(store, "zeta")
    carl = user("carl@example.com", {"/a": "reader"})
    ann = user("ann@example.com", {"/": "admin", "/a": "contributor"})
    bob = user("bob@example.com", {"/": "reader"})
    for record in (carl, ann, bob, user("ann@example.com", {"/a": "admin"}, tenant_id="zeta")):
        store.put_user(record, create=True)

    assert store.list_users(TENANT) == [ann, bob, carl]
    assert store.list_users(TENANT, "/a") == [ann, carl]
    assert store.list_users(TENANT, "/b") == []


def test_user_email_in_use_is_already_exists_and_changes_nothing(store: CatalogStore) -> None:
    add_tenant(store)
    ann = user("ann@example.com", {"/": "reader"})
    store.put_user(ann, create=True)

    with pytest.raises(AlreadyExistsError):
        store.put_user(user("ann@example.com", {"/": "admin", "/a": "admin"}), create=True)
    assert store.list_users(TENANT) == [ann]
    assert store.list_users(TENANT, "/a") == []


def test_replaced_user_has_exactly_the_new_grants(store: CatalogStore) -> None:
    add_tenant(store)
    store.put_user(user("ann@example.com", {"/": "reader", "/a": "admin"}), create=True)
    changed = user("ann@example.com", {"/b": "contributor"}, state="disabled", updated_by="root@example.com")

    store.put_user(changed, create=False)

    assert store.get_user(TENANT, "ann@example.com") == changed
    assert store.list_users(TENANT, "/a") == []
    assert store.list_users(TENANT, "/b") == [changed]


def test_user_writes_that_refer_to_nothing_are_not_found(store: CatalogStore) -> None:
    with pytest.raises(NotFoundError):
        store.put_user(user("ann@example.com", {"/": "reader"}), create=True)
    add_tenant(store)
    with pytest.raises(NotFoundError):
        store.put_user(user("ann@example.com", {"/": "reader"}), create=False)
    assert store.list_users(TENANT) == []


# --- versions ---------------------------------------------------------------------------------------------
def test_created_resource_is_its_latest_and_only_version(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, tags={"scope": "1"})

    assert store.latest(TENANT, ACTIVITY, "r01") == first
    assert store.version(TENANT, ACTIVITY, "r01", 1) == first
    assert store.versions(TENANT, ACTIVITY, "r01") == [first]


def test_appended_versions_are_kept_and_listed_newest_first(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store)
    second = update(store, first, state="frozen", tags={"a": "b"})
    third = update(store, second, name="Power", activation_time=at(5))

    assert store.latest(TENANT, ACTIVITY, "r01") == third
    assert store.version(TENANT, ACTIVITY, "r01", 2) == second
    assert store.versions(TENANT, ACTIVITY, "r01") == [third, second, first]


def test_missing_resources_and_versions_read_as_none(store: CatalogStore) -> None:
    add_tenant(store)
    create(store)

    assert store.latest(TENANT, ACTIVITY, "r02") is None
    assert store.latest(TENANT, "calculation", "r01") is None
    assert store.latest("other", ACTIVITY, "r01") is None
    assert store.version(TENANT, ACTIVITY, "r01", 2) is None
    assert store.versions(TENANT, ACTIVITY, "r02") == []
    assert store.version_as_at(TENANT, ACTIVITY, "r02", at(1)) is None


def test_resource_id_in_use_is_already_exists(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store)

    with pytest.raises(AlreadyExistsError):
        create(store, name="Other name")
    assert store.versions(TENANT, ACTIVITY, "r01") == [first]


def test_the_same_id_may_exist_once_per_type_and_tenant(store: CatalogStore) -> None:
    add_tenant(store)
    add_tenant(store, "zeta")
    activity = create(store)
    calculation = create(store, resource_type="calculation")
    remote = create(store, tenant_id="zeta")

    assert store.latest(TENANT, ACTIVITY, "r01") == activity
    assert store.latest(TENANT, "calculation", "r01") == calculation
    assert store.latest("zeta", ACTIVITY, "r01") == remote


def test_versions_must_follow_the_expected_latest_without_gaps(store: CatalogStore) -> None:
    add_tenant(store)
    with pytest.raises(ValueError):
        store.add_version(resource(version=2), expected_latest=None)
    first = create(store)

    with pytest.raises(ValueError):
        store.add_version(replace(next_version(first), version=3), expected_latest=1)
    with pytest.raises(ValueError):
        store.add_version(first, expected_latest=1)
    assert store.versions(TENANT, ACTIVITY, "r01") == [first]


def test_appending_after_a_stale_latest_is_a_concurrent_update(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store)
    second = update(store, first, state="frozen")

    with pytest.raises(ConcurrentUpdateError):
        store.add_version(next_version(first, state="disabled"), expected_latest=1)
    with pytest.raises(ConcurrentUpdateError):
        store.add_version(replace(next_version(second), version=2), expected_latest=1)
    assert store.versions(TENANT, ACTIVITY, "r01") == [second, first]


def test_appending_to_a_missing_resource_is_not_found(store: CatalogStore) -> None:
    add_tenant(store)

    with pytest.raises(NotFoundError):
        store.add_version(resource(version=2), expected_latest=1)
    assert store.latest(TENANT, ACTIVITY, "r01") is None


def test_concurrent_appends_of_the_same_version_let_exactly_one_win(store: CatalogStore) -> None:
    add_tenant(store)
    latest = create(store)
    writers, rounds = 4, 5

    for _ in range(rounds):
        candidates = [next_version(latest, tags={"writer": str(i)}) for i in range(writers)]
        outcomes = _race(
            [lambda c=c, v=latest.version: store.add_version(c, expected_latest=v) for c in candidates]
        )

        assert sorted(type(outcome).__name__ for outcome in outcomes) == [
            *["ConcurrentUpdateError"] * (writers - 1),
            "NoneType",
        ]
        latest = candidates[outcomes.index(None)]
        assert store.latest(TENANT, ACTIVITY, "r01") == latest

    stored = store.versions(TENANT, ACTIVITY, "r01")
    assert [record.version for record in stored] == list(range(rounds + 1, 0, -1))
    assert stored[0] == latest


def test_concurrent_creations_of_one_name_in_one_group_let_exactly_one_win(store: CatalogStore) -> None:
    add_tenant(store)
    writers = 4
    candidates = [resource(f"r{i:02}", name="Shared", groups=("/a",)) for i in range(writers)]

    outcomes = _race([lambda c=c: store.add_version(c, expected_latest=None) for c in candidates])

    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        *["AlreadyExistsError"] * (writers - 1),
        "NoneType",
    ]
    winner = candidates[outcomes.index(None)]
    assert store.find_by_name(TENANT, ACTIVITY, "/a", "shared") == winner.id
    assert [c.id for c in candidates if store.latest(TENANT, ACTIVITY, c.id) is not None] == [winner.id]


def _race(writes: list[Callable[[], None]]) -> list[Exception | None]:
    """Run the writes in threads released at the same instant; each one's exception, or None."""
    barrier = threading.Barrier(len(writes))

    def run(write: Callable[[], None]) -> Exception | None:
        barrier.wait()
        try:
            write()
        except (ConcurrentUpdateError, AlreadyExistsError) as error:
            return error
        return None

    with ThreadPoolExecutor(len(writes)) as pool:
        return list(pool.map(run, writes))


def test_version_as_at_is_the_latest_activation_not_after_the_instant(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, activation_time=at(10))
    second = update(store, first, activation_time=at(20))
    third = update(store, second, activation_time=at(15))

    def as_at(instant: datetime) -> int | None:
        found = store.version_as_at(TENANT, ACTIVITY, "r01", instant)
        return None if found is None else found.version

    assert as_at(at(9)) is None
    assert as_at(at(10)) == 1
    assert as_at(at(14)) == 1
    assert as_at(at(15)) == 3
    assert as_at(at(19)) == 3
    assert as_at(at(25)) == 2
    assert store.version_as_at(TENANT, ACTIVITY, "r01", at(15)) == third
    assert as_at(datetime(2024, 1, 11, 1, 0, tzinfo=timezone(timedelta(hours=2)))) is None  # 23:00 UTC
    assert as_at(datetime(2024, 1, 11, 3, 0, tzinfo=timezone(timedelta(hours=2)))) == 1


def test_version_as_at_prefers_the_higher_version_on_equal_activation_times(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, activation_time=at(10))
    second = update(store, first, activation_time=at(10))
    update(store, second, activation_time=at(30))

    assert store.version_as_at(TENANT, ACTIVITY, "r01", at(10)) == second
    assert store.version_as_at(TENANT, ACTIVITY, "r01", at(29)) == second


# --- names ------------------------------------------------------------------------------------------------
def test_name_is_found_case_insensitively_in_exactly_its_groups(store: CatalogStore) -> None:
    add_tenant(store)
    create(store, name="Natural Gas", groups=("/a", "/b"))

    assert store.find_by_name(TENANT, ACTIVITY, "/a", "natural GAS") == "r01"
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "Natural Gas") == "r01"
    assert store.find_by_name(TENANT, ACTIVITY, "/", "Natural Gas") is None
    assert store.find_by_name(TENANT, ACTIVITY, "/a/c", "Natural Gas") is None
    assert store.find_by_name(TENANT, "calculation", "/a", "Natural Gas") is None
    assert store.find_by_name("other", ACTIVITY, "/a", "Natural Gas") is None


def test_name_in_use_in_a_group_is_already_exists_whatever_its_case(store: CatalogStore) -> None:
    add_tenant(store)
    create(store, name="Natural Gas", groups=("/a",))

    with pytest.raises(AlreadyExistsError, match=r"^Name 'NATURAL gas' already in use\.$"):
        create(store, "r02", name="NATURAL gas", groups=("/b", "/a"))
    assert store.latest(TENANT, ACTIVITY, "r02") is None
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "natural gas") is None


def test_a_name_may_repeat_in_other_groups_types_and_tenants(store: CatalogStore) -> None:
    add_tenant(store)
    add_tenant(store, "zeta")
    create(store, name="Gas", groups=("/a",))
    create(store, "r02", name="Gas", groups=("/b",))
    create(store, "r03", name="Gas", groups=("/a",), resource_type="calculation")
    create(store, "r04", name="Gas", groups=("/a",), tenant_id="zeta")

    assert store.find_by_name(TENANT, ACTIVITY, "/b", "gas") == "r02"
    assert store.find_by_name(TENANT, "calculation", "/a", "gas") == "r03"
    assert store.find_by_name("zeta", ACTIVITY, "/a", "gas") == "r04"


def test_a_resource_keeps_its_own_name_across_versions(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, name="Gas", groups=("/a",))

    update(store, first, name="GAS", groups=("/a", "/b"))

    assert store.find_by_name(TENANT, ACTIVITY, "/a", "gas") == "r01"
    assert store.find_by_name(TENANT, ACTIVITY, "/b", "gas") == "r01"


def test_renaming_releases_the_old_name(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, name="Gas", groups=("/a",))

    update(store, first, name="Coal")
    create(store, "r02", name="gas", groups=("/a",))

    assert store.find_by_name(TENANT, ACTIVITY, "/a", "Gas") == "r02"
    assert store.find_by_name(TENANT, ACTIVITY, "/a", "coal") == "r01"


def test_granting_a_group_reserves_the_name_there_and_revoking_releases_it(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, name="Gas", groups=("/a",))
    create(store, "r02", name="Gas", groups=("/c",))
    granted = update(store, first, groups=("/a", "/b"))

    with pytest.raises(AlreadyExistsError):
        create(store, "r03", name="gas", groups=("/b",))
    with pytest.raises(AlreadyExistsError):
        update(store, granted, groups=("/a", "/b", "/c"))
    update(store, granted, groups=("/a",))
    create(store, "r03", name="gas", groups=("/b",))

    assert store.find_by_name(TENANT, ACTIVITY, "/b", "Gas") == "r03"


def test_a_write_refused_for_its_name_leaves_nothing_behind(store: CatalogStore) -> None:
    add_tenant(store)
    first = create(store, name="Gas", groups=("/a",), tags={"fuel": "fossil/gas"})
    create(store, "r02", name="Coal", groups=("/b",))

    with pytest.raises(AlreadyExistsError):
        update(store, first, name="Coal", groups=("/a", "/b"), tags={"fuel": "fossil/coal"})

    assert store.versions(TENANT, ACTIVITY, "r01") == [first]
    assert store.find_by_name(TENANT, ACTIVITY, "/a", "Gas") == "r01"
    assert store.find_by_name(TENANT, ACTIVITY, "/a", "Coal") is None
    assert listed(store.list_latest(TENANT, ACTIVITY, ["/a", "/b"], tags={"fuel": "fossil/gas"})) == [
        ("/a", "r01")
    ]
    assert store.list_latest(TENANT, ACTIVITY, ["/a"], tags={"fuel": "fossil/coal"}) == []
    update(store, first, name="Gas 2")


# --- listings ---------------------------------------------------------------------------------------------
@pytest.fixture
def catalogue(store: CatalogStore) -> CatalogStore:
    """r01 in /b; r02 in /a and /b; r03 in /a; r04 in /c; a calculation in /a; another tenant's r05 in /a."""
    add_tenant(store)
    add_tenant(store, "zeta")
    create(store, "r03", name="Three", groups=("/a",), tags={"Material": "Metals"})
    create(store, "r01", name="One", groups=("/b",), tags={"Material": "Metal/Steel"})
    create(store, "r02", name="Two", groups=("/a", "/b"), tags={"material": "metal/Aluminium", "Scope": "1"})
    create(store, "r04", name="Four", groups=("/c",))
    create(store, "r09", name="Calc", groups=("/a",), resource_type="calculation")
    create(store, "r05", name="Five", groups=("/a",), tenant_id="zeta")
    return store


def test_listing_orders_by_group_position_then_id_and_lists_each_resource_once(
    catalogue: CatalogStore,
) -> None:
    assert listed(catalogue.list_latest(TENANT, ACTIVITY, ["/a", "/b"])) == [
        ("/a", "r02"),
        ("/a", "r03"),
        ("/b", "r01"),
    ]
    assert listed(catalogue.list_latest(TENANT, ACTIVITY, ["/b", "/a", "/x"])) == [
        ("/b", "r01"),
        ("/b", "r02"),
        ("/a", "r03"),
    ]
    assert catalogue.list_latest(TENANT, ACTIVITY, []) == []
    assert catalogue.list_latest(TENANT, ACTIVITY, ["/x"]) == []


def test_listing_returns_latest_versions(catalogue: CatalogStore) -> None:
    first = catalogue.latest(TENANT, ACTIVITY, "r03")
    assert first is not None
    second = update(catalogue, first, name="Three v2")

    assert catalogue.list_latest(TENANT, ACTIVITY, ["/a"])[1] == ("/a", second)


def test_listing_pages_resume_after_the_last_pair(catalogue: CatalogStore) -> None:
    groups = ["/a", "/b", "/c"]

    first_page = listed(catalogue.list_latest(TENANT, ACTIVITY, groups, limit=2))
    second_page = listed(catalogue.list_latest(TENANT, ACTIVITY, groups, after=first_page[-1], limit=2))
    last_page = listed(catalogue.list_latest(TENANT, ACTIVITY, groups, after=second_page[-1], limit=2))

    assert first_page == [("/a", "r02"), ("/a", "r03")]
    assert second_page == [("/b", "r01"), ("/c", "r04")]
    assert last_page == []
    assert listed(catalogue.list_latest(TENANT, ACTIVITY, groups, after=("/a", "r025"))) == [
        ("/a", "r03"),
        ("/b", "r01"),
        ("/c", "r04"),
    ]


def test_tag_filters_match_hierarchical_values_case_insensitively(catalogue: CatalogStore) -> None:
    def matching(tags: dict[str, str]) -> list[str]:
        return [r.id for _, r in catalogue.list_latest(TENANT, ACTIVITY, ["/a", "/b", "/c"], tags=tags)]

    assert matching({"MATERIAL": "metal"}) == ["r02", "r01"]
    assert matching({"material": "Metal/STEEL"}) == ["r01"]
    assert matching({"material": "metals"}) == ["r03"]
    assert matching({"material": "steel"}) == []
    assert matching({"material": "metal", "scope": "1"}) == ["r02"]
    assert matching({"material": "metal", "scope": "2"}) == []
    assert matching({"unknown": "metal"}) == []


def test_tag_filters_read_the_latest_version_only(catalogue: CatalogStore) -> None:
    first = catalogue.latest(TENANT, ACTIVITY, "r01")
    assert first is not None
    update(catalogue, first, tags={"Material": "Wood"})

    assert [r.id for _, r in catalogue.list_latest(TENANT, ACTIVITY, ["/b"], tags={"material": "metal"})] == [
        "r02"
    ]
    assert [r.id for _, r in catalogue.list_latest(TENANT, ACTIVITY, ["/b"], tags={"material": "wood"})] == [
        "r01"
    ]


def test_a_revoked_group_no_longer_lists_the_resource(catalogue: CatalogStore) -> None:
    shared = catalogue.latest(TENANT, ACTIVITY, "r02")
    assert shared is not None
    update(catalogue, shared, groups=("/a",))

    assert listed(catalogue.list_latest(TENANT, ACTIVITY, ["/b"])) == [("/b", "r01")]


# --- dataset rows -----------------------------------------------------------------------------------------
HEADERS = ["code", "fuel", "factor"]
ROWS: list[list[str | None]] = [
    ["A1", "Natural Gas", "0.5"],
    ["A2", "natural-gas", "0.6"],
    ["A3", "Diesel", None],
    ["A4", "", "0.9"],
    [" a1 ", "Fuel oil (No. 2)", "1.0"],
    ["A6", "Gasolina É", "2.0"],
]


def test_lookup_answers_from_the_first_row_with_the_key_form(store: CatalogStore) -> None:
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)

    assert store.lookup_dataset(TENANT, "d1", 1, "fuel", "factor", ["natural gas", "diesel", "petrol"]) == [
        "0.5",
        None,
        None,
    ]
    assert store.lookup_dataset(TENANT, "d1", 1, "code", "fuel", ["a1", "a4", "a6"]) == [
        "Natural Gas",
        "",
        "Gasolina É",
    ]


def test_lookup_keys_are_matched_in_their_normalised_form(store: CatalogStore) -> None:
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)

    answers = store.lookup_dataset(
        TENANT,
        "d1",
        1,
        "fuel",
        "code",
        [lookup_key("FUEL OIL (no. 2)"), "gasolina é", "", "natural gas", "Natural Gas", "gas"],
    )

    assert answers == [" a1 ", "A6", None, "A1", None, None]


def test_lookups_are_per_tenant_dataset_and_version(store: CatalogStore) -> None:
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)
    store.put_dataset_rows(TENANT, "d1", 2, HEADERS, [["A1", "Natural Gas", "0.7"]])
    store.put_dataset_rows(TENANT, "d2", 1, HEADERS, [["A1", "Natural Gas", "0.8"]])
    store.put_dataset_rows("zeta", "d1", 1, HEADERS, [["A1", "Natural Gas", "0.9"]])

    def factor(tenant_id: str, dataset_id: str, version: int) -> str | None:
        return store.lookup_dataset(tenant_id, dataset_id, version, "code", "factor", ["a1"])[0]

    assert [
        factor(TENANT, "d1", 1),
        factor(TENANT, "d1", 2),
        factor(TENANT, "d2", 1),
        factor("zeta", "d1", 1),
    ] == [
        "0.5",
        "0.7",
        "0.8",
        "0.9",
    ]


def test_storing_rows_again_replaces_them_and_their_key_index(store: CatalogStore) -> None:
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)
    assert store.lookup_dataset(TENANT, "d1", 1, "fuel", "factor", ["diesel", "coal"]) == [None, None]

    store.put_dataset_rows(TENANT, "d1", 1, ["fuel", "factor"], [["Coal", "3.0"], ["Diesel", "2.5"]])

    assert store.lookup_dataset(TENANT, "d1", 1, "fuel", "factor", ["diesel", "coal", "natural gas"]) == [
        "2.5",
        "3.0",
        None,
    ]


def test_lookup_of_unstored_rows_or_unknown_columns_is_not_found(store: CatalogStore) -> None:
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)

    with pytest.raises(NotFoundError):
        store.lookup_dataset(TENANT, "d1", 2, "code", "factor", ["a1"])
    with pytest.raises(NotFoundError):
        store.lookup_dataset(TENANT, "d1", 1, "code", "missing", ["a1"])
    with pytest.raises(NotFoundError):
        store.lookup_dataset(TENANT, "d1", 1, "missing", "factor", ["a1"])


def test_an_empty_batch_and_a_dataset_without_rows_answer_nothing(store: CatalogStore) -> None:
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, [])

    assert store.lookup_dataset(TENANT, "d1", 1, "code", "factor", []) == []
    assert store.lookup_dataset(TENANT, "d1", 1, "code", "factor", ["a1"]) == [None]


def test_a_batch_of_50000_keys_is_answered_in_one_call(store: CatalogStore) -> None:
    rows: list[list[str | None]] = [[f"K{n}", f"{n * 2}"] for n in range(1, 30_001)]
    store.put_dataset_rows(TENANT, "big", 1, ["key", "value"], rows)
    keys = [f"k{n}" for n in range(50_000, 0, -1)]

    answers = store.lookup_dataset(TENANT, "big", 1, "key", "value", keys)

    assert answers == [f"{n * 2}" if n <= 30_000 else None for n in range(50_000, 0, -1)]


def test_a_failed_load_keeps_the_rows_stored_before(
    store: CatalogStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql_datasets, "LOAD_CHUNK_ROWS", 100)
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)

    with pytest.raises(RuntimeError, match="source broke"):
        store.put_dataset_rows(TENANT, "d1", 1, HEADERS, BrokenRows(fail_at=250))
    with pytest.raises(RuntimeError, match="source broke"):
        store.put_dataset_rows(TENANT, "d1", 2, HEADERS, BrokenRows(fail_at=250))

    assert store.lookup_dataset(TENANT, "d1", 1, "code", "factor", ["a1", "k1"]) == ["0.5", None]
    with pytest.raises(NotFoundError):
        store.lookup_dataset(TENANT, "d1", 2, "code", "factor", ["k1"])


class BrokenRows(Sequence[Sequence[str | None]]):
    """Rows read from a source that fails part-way through."""

    def __init__(self, fail_at: int) -> None:
        self.fail_at = fail_at

    def __len__(self) -> int:
        return self.fail_at * 2

    def __getitem__(self, index: Any) -> Any:
        if index >= self.fail_at:
            raise RuntimeError("source broke")
        return [f"K{index}", "fuel", "1"]

    def __iter__(self) -> Iterator[Sequence[str | None]]:
        return (self[index] for index in range(len(self)))


# --- transactions -------------------------------------------------------------------------------------------
def test_a_failed_transaction_keeps_none_of_its_writes(store: CatalogStore) -> None:
    add_tenant(store)
    store.add_version(resource("r00", name="Kept"), expected_latest=None)
    store.put_dataset_rows(TENANT, "r00", 1, ["k", "v"], [["a", "1"]])

    with pytest.raises(RuntimeError, match="stop"), store.transaction():
        store.put_group(group("/eu"), create=True)
        store.add_version(resource("r01", groups=("/eu",)), expected_latest=None)
        store.add_version(resource("r00", name="Renamed", version=2), expected_latest=1)
        store.put_dataset_rows(TENANT, "r00", 1, ["k", "v"], [["b", "2"]])
        raise RuntimeError("stop")

    assert store.get_group(TENANT, "/eu") is None
    assert store.latest(TENANT, ACTIVITY, "r01") is None
    latest = store.latest(TENANT, ACTIVITY, "r00")
    assert latest is not None and (latest.version, latest.name) == (1, "Kept")
    assert store.find_by_name(TENANT, ACTIVITY, "/", "renamed") is None
    assert store.dataset_rows(TENANT, "r00", 1) == (["k", "v"], [["a", "1"]])


def test_a_transaction_that_ends_keeps_every_write_and_inner_blocks_join_it(store: CatalogStore) -> None:
    add_tenant(store)

    with store.transaction():
        store.put_group(group("/eu"), create=True)
        with store.transaction():
            store.add_version(resource("r01", groups=("/eu",)), expected_latest=None)

    assert store.get_group(TENANT, "/eu") is not None
    assert store.find_by_name(TENANT, ACTIVITY, "/eu", "electricity") == "r01"
