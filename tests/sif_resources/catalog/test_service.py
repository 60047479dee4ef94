"""The catalog use cases over every store backend: tenants, groups, users, resources, datasets, the
factor library, the resolver and import/export — and the messages of what they refuse."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import yaml

from calculator import evaluate
from calculator.evaluator import EvaluationContext
from sif_resources.catalog.datasets import load_dataset
from sif_resources.catalog.documents import resource_from_record
from sif_resources.catalog.platform import ensure_factor_library
from sif_resources.catalog.records import version_record
from sif_resources.catalog.service import PLATFORM_TENANT, Catalog
from sif_resources.catalog.store import CatalogStore
from sif_resources.catalog.transfer import export_catalog, import_catalog
from sif_resources.domain.catalog_errors import (
    CatalogError,
    ConflictError,
    InvalidRequestError,
    ResourceNotFoundError,
)
from sif_resources.domain.resources import ResourceType
from sif_resources.domain.tenant_sharing import TenantPath
from sif_resources.factors.library import load_library

START = datetime(2024, 3, 1, tzinfo=UTC)

ACTIVITY = {
    "name": "grid:electricity",
    "tags": {"scope": "2"},
    "attributes": {"unit": "kWh"},
    "impacts": {
        "co2e": {
            "name": "co2e",
            "components": {"co2": {"key": "co2", "value": 0.4, "type": "pollutant", "label": "CO2"}},
        }
    },
}
CALCULATION = {
    "name": "kwh_to_co2",
    "summary": "kWh to kg CO2",
    "formula": ":kwh*0.4",
    "parameters": [{"index": 0, "key": "kwh", "description": "energy", "type": "number"}],
    "outputs": [{"name": "co2", "description": "kg", "type": "number"}],
}
DATASET = {"name": "zips", "datasetHeaders": ["zip", "subregion"], "data": "zip,subregion\n98101,NWPP\n"}
METRIC = {"name": "ghg:scope2", "summary": "scope 2", "aggregationType": "sum"}
PIPELINE = {
    "name": "electricity",
    "type": "activities",
    "transformer": {
        "parameters": [
            {"index": 0, "key": "reading_date", "type": "string"},
            {"index": 1, "key": "kwh", "type": "number"},
        ],
        "transforms": [
            {
                "index": 0,
                "formula": "AS_TIMESTAMP(:reading_date,'yyyy-MM-dd')",
                "outputs": [{"index": 0, "key": "time", "type": "timestamp"}],
            },
            {
                "index": 1,
                "formula": ":kwh*0.4",
                "outputs": [
                    {
                        "index": 0,
                        "key": "co2",
                        "type": "number",
                        "metrics": ["ghg:scope2"],
                    }
                ],
            },
        ],
    },
}
BODIES: dict[ResourceType, dict[str, Any]] = {
    ResourceType.IMPACT_ACTIVITY: ACTIVITY,
    ResourceType.REFERENCE_DATASET: DATASET,
    ResourceType.CALCULATION: CALCULATION,
    ResourceType.METRIC: METRIC,
    ResourceType.PIPELINE: PIPELINE,
}


@pytest.fixture
def catalog(store: CatalogStore) -> Catalog:
    """A catalog with tenant `acme` and its group `/usa`, on a clock that ticks a second per reading."""
    ticks = count()
    fresh = Catalog(store, actor="tester", clock=lambda: START + timedelta(seconds=next(ticks)))
    fresh.create_tenant("acme")
    fresh.create_group("acme", "/", "USA")
    return fresh


def _all_kinds(catalog: Catalog) -> dict[ResourceType, Any]:
    return {kind: catalog.create("acme", "/usa", kind, body) for kind, body in BODIES.items()}


def test_stored_versions_read_back_as_the_resources_they_were(catalog: Catalog) -> None:
    for resource in _all_kinds(catalog).values():
        assert resource_from_record(version_record("acme", resource)) == resource
        assert catalog.get("acme", resource.resource_type, resource_id=resource.id) == resource


def test_creating_a_tenant_creates_its_root_group_and_a_second_time_conflicts(catalog: Catalog) -> None:
    assert [group.id for group in catalog.list_groups("acme")] == ["/", "/usa"]
    with pytest.raises(ConflictError, match="tenant 'acme': Tenant 'acme' already exists"):
        catalog.create_tenant("acme")
    with pytest.raises(InvalidRequestError, match="tenant id 'Acme!'"):
        catalog.create_tenant("Acme!")


def test_groups_need_an_existing_parent_and_a_valid_unique_name(catalog: Catalog) -> None:
    assert catalog.create_group("acme", "/USA", "West").id == "/usa/west"
    with pytest.raises(ResourceNotFoundError, match="group '/nope' of tenant 'acme': not found"):
        catalog.create_group("acme", "/nope", "x")
    with pytest.raises(ConflictError, match="Group '/usa/west' already exists"):
        catalog.create_group("acme", "/usa", "west")
    with pytest.raises(CatalogError, match="name: may contain only letters, digits and '-'"):
        catalog.create_group("acme", "/", "a b")
    with pytest.raises(ResourceNotFoundError, match="tenant 'nobody': not found"):
        catalog.list_groups("nobody")


def test_users_are_added_granted_and_revoked_per_group(catalog: Catalog) -> None:
    catalog.create_group("acme", "/usa", "west")
    catalog.add_user("acme", "Bob@Example.com", "/usa", "admin")
    catalog.grant_role("acme", "bob@example.com", "/usa/west", "reader")
    assert catalog.require_user("acme", "bob@example.com").grants == {"/usa": "admin", "/usa/west": "reader"}
    revoked = catalog.revoke_role("acme", "bob@example.com", "/usa")
    assert (revoked.grants, revoked.default_group) == ({"/usa/west": "reader"}, "/usa/west")
    assert [user.email for user in catalog.list_users("acme", "/usa/west")] == ["bob@example.com"]
    with pytest.raises(ConflictError, match=re.escape("User 'bob@example.com' already exists")):
        catalog.add_user("acme", "bob@example.com", "/", "reader")
    with pytest.raises(CatalogError, match="role: must be one of admin, contributor, reader"):
        catalog.grant_role("acme", "bob@example.com", "/", "owner")
    with pytest.raises(ResourceNotFoundError, match="has no role on group '/usa'"):
        catalog.revoke_role("acme", "bob@example.com", "/usa")


def test_a_name_in_use_in_the_group_is_a_conflict(catalog: Catalog) -> None:
    catalog.create("acme", "/usa", "activity", ACTIVITY)
    with pytest.raises(ConflictError, match="Name 'GRID:electricity' already in use"):
        catalog.create("acme", "/usa", "activity", {**ACTIVITY, "name": "GRID:electricity"})
    with pytest.raises(ResourceNotFoundError, match="group '/europe' of tenant 'acme': not found"):
        catalog.create("acme", "/europe", "activity", ACTIVITY)


def test_updates_make_versions_read_by_number_and_as_at(catalog: Catalog) -> None:
    first = catalog.create("acme", "/usa", "activity", ACTIVITY)
    second = catalog.update(
        "acme", "activity", first.id, {"attributes": {"unit": None}, "description": "grid"}
    )
    assert (second.version, second.attributes, second.payload.description) == (2, {}, "grid")
    assert catalog.get("acme", "activity", name="grid:electricity", group="/USA").version == 2
    assert catalog.get("acme", "activity", resource_id=first.id, version=1) == first
    assert catalog.get("acme", "activity", resource_id=first.id, version_as_at=first.created_at).version == 1
    with pytest.raises(ResourceNotFoundError, match="version 7 not found"):
        catalog.get("acme", "activity", resource_id=first.id, version=7)


def test_listing_follows_groups_tags_and_pages(catalog: Catalog) -> None:
    catalog.create_group("acme", "/usa", "west")
    catalog.create("acme", "/", "activity", {**ACTIVITY, "name": "root", "tags": {"scope": "1"}})
    catalog.create("acme", "/usa", "activity", ACTIVITY)
    catalog.create("acme", "/usa/west", "activity", {**ACTIVITY, "name": "west"})
    names = lambda page: [entry.resource.name for entry in page.items]  # noqa: E731
    assert names(catalog.list_resources("acme", "activity", "/usa")) == ["grid:electricity"]
    assert names(catalog.list_resources("acme", "activity", "/usa", include_parent_groups=True)) == [
        "root",
        "grid:electricity",
    ]
    assert names(
        catalog.list_resources("acme", "activity", "/", include_child_groups=True, tags={"scope": "2"})
    ) == [
        "grid:electricity",
        "west",
    ]
    first = catalog.list_resources("acme", "activity", "/", include_child_groups=True, count=2)
    rest = catalog.list_resources(
        "acme", "activity", "/", include_child_groups=True, from_token=first.last_evaluated_token
    )
    assert (names(first), names(rest)) == (["root", "grid:electricity"], ["west"])


def test_pipelines_and_metrics_are_validated_by_their_rules(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="Metric 'ghg:scope2' not found"):
        catalog.create("acme", "/usa", "pipeline", PIPELINE)
    catalog.create("acme", "/usa", "metric", METRIC)
    with pytest.raises(CatalogError, match="These parent metrics \\[missing\\] do not exist"):
        catalog.create("acme", "/usa", "metric", {**METRIC, "name": "child", "outputMetrics": ["missing"]})
    with pytest.raises(CatalogError, match="Only sum aggregation type is supported"):
        catalog.create("acme", "/usa", "metric", {**METRIC, "name": "other", "aggregationType": "max"})
    pipeline = catalog.create("acme", "/usa", "pipeline", PIPELINE)
    assert pipeline.payload.aggregated_outputs == {"co2": "number"}
    with pytest.raises(CatalogError, match="Only 1 timestamp field can be aggregated"):
        broken = {
            **PIPELINE,
            "name": "broken",
            "transformer": {
                **PIPELINE["transformer"],
                "transforms": [
                    {**PIPELINE["transformer"]["transforms"][0]},
                    {
                        **PIPELINE["transformer"]["transforms"][1],
                        "outputs": [{"index": 0, "key": "co2", "type": "number", "aggregate": "sum"}],
                    },
                ],
            },
        }
        catalog.create("acme", "/usa", "pipeline", broken)


def test_a_dataset_file_becomes_a_new_version_per_upload(catalog: Catalog, tmp_path: Path) -> None:
    rows = tmp_path / "zips.csv"
    rows.write_text("zip,subregion\n" + "".join(f"{98000 + i},R{i}\n" for i in range(25)), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    first, _ = load_dataset(catalog, "acme", "/usa", "zips", rows, progress=lambda d, t: seen.append((d, t)))
    second, written = load_dataset(catalog, "acme", "/usa", "zips", rows)
    assert (first.version, second.version, written) == (1, 2, True)
    assert seen[-1] == (rows.stat().st_size, rows.stat().st_size)
    assert catalog.dataset_rows("acme", second)[1][24] == ["98024", "R24"]
    assert second.payload.status.value == "success"


def test_a_bad_csv_line_is_named_and_nothing_is_written(catalog: Catalog, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("zip,subregion\n98101,NWPP\n", encoding="utf-8")
    load_dataset(catalog, "acme", "/usa", "zips", good)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("zip,subregion\n98101,NWPP\n98102\n", encoding="utf-8")
    with pytest.raises(
        InvalidRequestError, match=re.escape("ragged.csv: line 3 has 1 values but the header has 2")
    ):
        load_dataset(catalog, "acme", "/usa", "zips", ragged)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("postcode,subregion\n98101,NWPP\n", encoding="utf-8")
    with pytest.raises(InvalidRequestError, match="line 1 column 1 'postcode' is not in datasetHeaders"):
        load_dataset(catalog, "acme", "/usa", "zips", renamed)
    assert catalog.get("acme", "referenceDataset", name="zips", group="/usa").version == 1


def test_the_factor_library_loads_once_and_tenants_read_it_through_the_resolver(catalog: Catalog) -> None:
    library = [a for a in load_library() if a.name.startswith("epa:stationary_combustion:")]
    assert ensure_factor_library(catalog, library) == len(library)
    assert ensure_factor_library(catalog, library) == 0
    formula = (
        "IMPACT('epa:stationary_combustion:natural_gas','kg per mmBtu','co2e_ar5',"
        "group='/',tenant='platform')"
    )
    outcome = evaluate(formula, {}, context=EvaluationContext(group="/", resolver=catalog.resolver("acme")))
    assert (outcome.error, outcome.value) == (None, Decimal("53.1145"))
    coal = next(a for a in library if a.version == 2)
    stored = catalog.get(PLATFORM_TENANT, "activity", name=coal.name, group="/", version_as_at="2015-01-01")
    assert stored.version == 1


def test_importing_twice_changes_nothing_and_export_imports_back(catalog: Catalog, tmp_path: Path) -> None:
    source = tmp_path / "catalog"
    source.mkdir()
    (source / "zips.csv").write_text("zip,subregion\n98101,NWPP\n", encoding="utf-8")
    (source / "catalog.yaml").write_text(
        "type: group\ngroup: /usa/west\n---\n"
        "type: referenceDataset\ngroup: /usa/west\nname: zips\n"
        "datasetHeaders: [zip, subregion]\nfile: zips.csv\n"
        "---\ntype: calculation\ngroup: /usa\n" + _yaml(CALCULATION),
        encoding="utf-8",
    )
    first = import_catalog(catalog, "acme", source)
    second = import_catalog(catalog, "acme", source)
    assert (len(first.created), first.updated, second.created, second.updated) == (3, [], [], [])
    assert len(second.unchanged) == 3
    exported = tmp_path / "exported"
    export_catalog(catalog, "acme", exported)
    catalog.create_tenant("copy")
    copied = import_catalog(catalog, "copy", exported)
    assert [kind for kind, _, _ in copied.created] == ["group", "group", "referenceDataset", "calculation"]
    assert import_catalog(catalog, "acme", exported).updated == []
    changed = (source / "catalog.yaml").read_text().replace(":kwh*0.4", ":kwh*0.5")
    (source / "catalog.yaml").write_text(changed)
    assert [name for _, _, name in import_catalog(catalog, "acme", source).updated] == ["kwh_to_co2"]


def test_an_import_with_an_invalid_document_writes_nothing(catalog: Catalog, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "type: activity\ngroup: /usa\n" + _yaml(ACTIVITY) + "---\ntype: calculation\ngroup: /usa\nname: x\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InvalidRequestError, match=re.escape("bad.yaml document 2: body must have required property")
    ):
        import_catalog(catalog, "acme", bad)
    assert catalog.list_resources("acme", "activity", "/usa").items == ()


def _yaml(body: dict[str, Any]) -> str:
    return yaml.safe_dump(body, sort_keys=False)


def test_sharing_a_resource_with_another_group_makes_its_name_resolve_there(catalog: Catalog) -> None:
    catalog.create_group("acme", "/", "EU")
    activity = catalog.create("acme", "/usa", "activity", ACTIVITY)

    shared = catalog.share("acme", "activity", activity.id, "/EU")
    again = catalog.share("acme", "activity", activity.id, "/eu")

    assert (shared.version, shared.groups) == (2, ("/usa", "/eu"))
    assert again == shared  # already a member: no new version
    found = catalog.find("acme", "activity", "/eu", ACTIVITY["name"])
    assert found is not None and found.id == activity.id
    with pytest.raises(ResourceNotFoundError, match="group '/asia' of tenant 'acme': not found"):
        catalog.share("acme", "activity", activity.id, "/asia")


def test_sharing_needs_the_name_free_in_the_target_group(catalog: Catalog) -> None:
    catalog.create_group("acme", "/", "EU")
    catalog.create("acme", "/eu", "activity", ACTIVITY)
    activity = catalog.create("acme", "/usa", "activity", ACTIVITY)

    with pytest.raises(ConflictError, match="already in use"):
        catalog.share("acme", "activity", activity.id, "/eu")
    assert catalog.get("acme", "activity", resource_id=activity.id).version == 1


def test_revoking_a_share_frees_the_name_and_never_removes_the_owner(catalog: Catalog) -> None:
    catalog.create_group("acme", "/", "EU")
    activity = catalog.create("acme", "/usa", "activity", ACTIVITY)
    catalog.share("acme", "activity", activity.id, "/eu")

    revoked = catalog.unshare("acme", "activity", activity.id, "/eu")
    owner_kept = catalog.unshare("acme", "activity", activity.id, "/usa")

    assert (revoked.version, revoked.groups) == (3, ("/usa",))
    assert owner_kept == revoked
    assert catalog.find("acme", "activity", "/eu", ACTIVITY["name"]) is None
    assert catalog.create("acme", "/eu", "activity", ACTIVITY).groups == ("/eu",)


def test_sharing_a_dataset_keeps_its_rows(catalog: Catalog) -> None:
    catalog.create_group("acme", "/", "EU")
    dataset = catalog.create("acme", "/usa", "referenceDataset", DATASET)

    shared = catalog.share("acme", "referenceDataset", dataset.id, "/eu")

    assert catalog.dataset_rows("acme", shared) == catalog.dataset_rows("acme", dataset)


def test_an_import_that_fails_while_writing_leaves_nothing_behind(catalog: Catalog, tmp_path: Path) -> None:
    broken_metric = {**METRIC, "outputMetrics": ["ghg:missing"]}  # only found out when it is written
    documents = tmp_path / "catalog.yaml"
    documents.write_text(
        "type: group\ngroup: /usa/west\n---\n"
        + "type: activity\ngroup: /usa\n"
        + _yaml(ACTIVITY)
        + "---\ntype: referenceDataset\ngroup: /usa\n"
        + _yaml(DATASET)
        + "---\ntype: metric\ngroup: /usa\n"
        + _yaml(broken_metric),
        encoding="utf-8",
    )

    with pytest.raises(CatalogError, match="ghg:missing"):
        import_catalog(catalog, "acme", documents)

    assert catalog.list_resources("acme", "activity", "/usa").items == ()
    assert catalog.list_resources("acme", "referenceDataset", "/usa").items == ()
    assert [group.id for group in catalog.list_groups("acme")] == ["/", "/usa"]


def test_tenants_read_each_other_only_where_both_sides_share(catalog: Catalog) -> None:
    catalog.create_tenant("beta")
    catalog.create_group("acme", "/", "shared")
    catalog.create("acme", "/shared", "activity", ACTIVITY)
    formula = "IMPACT('grid:electricity','co2e','co2',group='/shared',tenant='acme')"

    def read_from_beta() -> Any:
        return evaluate(formula, context=EvaluationContext(group="/", resolver=catalog.resolver("beta")))

    nobody_agreed = read_from_beta()
    catalog.set_sharing("beta", read=["acme:/shared"])
    only_beta_agreed = read_from_beta()
    published = catalog.set_sharing("acme", publish=["/shared"])
    both_agreed = read_from_beta()

    assert nobody_agreed.error is not None and only_beta_agreed.error is not None
    assert published.externally_shared_group_ids == frozenset({"/shared"})
    assert both_agreed.error is None and both_agreed.value == Decimal("0.4")
    assert catalog.sharing("beta").outgoing_tenant_paths == frozenset({TenantPath("acme", "/shared")})


def test_sharing_settings_are_validated_and_can_be_cleared(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="outgoingTenantPaths"):
        catalog.set_sharing("acme", read=["no-group-here"])
    catalog.set_sharing("acme", publish=["/usa"])

    cleared = catalog.set_sharing("acme", publish=[])

    assert cleared.externally_shared_group_ids == frozenset()
