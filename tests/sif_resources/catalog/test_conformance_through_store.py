"""The calculator's conformance records that use references, resolved through `CatalogResolver` over a real
store (every backend of the `store` fixture) instead of the in-memory resolver.

Each record of the shared corpus (spec/calculator.md §0) whose context has `impacts`, `datasets`,
`calculations` or `existingGroups` gets its catalog built in a fresh store through the domain layer, as the
API would build it:

* tenants: the executing tenant, plus every tenant a context row names; reads with `tenant=` are allowed by
  sharing settings derived from those rows (the remote tenant publishes the row's group, the executing tenant
  lists `<tenant>:<group>` in its outgoing paths);
* groups: the execution group, `existingGroups` and every row's group, with their ancestors;
* one impact activity, dataset or calculation per (tenant, group, name), with the record's version numbers:
  a version N needs versions 1..N, so the versions the record does not describe are created as real updates
  with *different* content (picking the wrong version fails the record instead of passing by accident);
* a row with `versionAsAt` gives its version that instant as `activeAt`; every other version is activated at
  creation (`WHEN`, after every corpus instant), so a `versionAsAt=` read selects exactly the version whose
  row carries that text, as the corpus says.

The formula is then evaluated as `calculator.conformance.run_case` does, with a `CatalogResolver` in place of
the `InMemoryResolver`, and compared with the expectation by `calculator.conformance.compare`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from calculator import EvaluationContext, evaluate
from calculator.conformance import compare
from sif_resources.catalog.records import version_record
from sif_resources.catalog.resolver import CatalogResolver
from sif_resources.catalog.store import CatalogStore, GroupRecord, TenantRecord
from sif_resources.domain.calculations import CalculationCreate, CalculationUpdate
from sif_resources.domain.impact_activities import ImpactActivityCreate, ImpactActivityUpdate
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate, ReferenceDatasetUpdate
from sif_resources.domain.resources import CatalogCreateBody, CatalogResource, CatalogUpdateBody, new_resource
from sif_resources.domain.tenant_sharing import TenantPath, TenantSharing
from sif_resources.domain.timestamps import format_timestamp, parse_instant
from sif_resources.domain.versions import apply_update
from tests.shared_folder import CALCULATOR_CORPUS, corpus_records, require

TENANT = "conformance"
WHEN = datetime(2024, 1, 1, tzinfo=UTC)
REFERENCE_KEYS = ("impacts", "datasets", "calculations", "existingGroups")


def _reference_records() -> list[dict[str, Any]]:
    return [r for r in corpus_records() if any(key in r.get("context", {}) for key in REFERENCE_KEYS)]


RECORDS = _reference_records()


# --- versionAsAt texts -----
@dataclass
class _Edition:
    """One version of a resource as a record describes it: its rows and its `versionAsAt`, if any."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    version_as_at: str | None = None


def _scoped(
    context: Mapping[str, Any], key: str, name_field: str
) -> dict[tuple[str, str, str], dict[int, _Edition]]:
    """Context rows grouped by (tenant, group, name), then by version."""
    default_group = context.get("group", "/")
    resources: dict[tuple[str, str, str], dict[int, _Edition]] = defaultdict(dict)
    for row in context.get(key, []):
        scope = (row.get("tenant") or TENANT, row.get("group", default_group), row[name_field])
        edition = resources[scope].setdefault(int(row["version"]), _Edition())
        edition.rows.append(row)
        if "versionAsAt" in row:
            edition.version_as_at = row["versionAsAt"]
    return resources


def _number(text: str) -> int | float:
    value = json.loads(text)
    assert isinstance(value, int | float) and not isinstance(value, bool), f"not a number: {text!r}"
    return value


def _activity_definition(name: str, edition: _Edition | None, version: int) -> dict[str, Any]:
    if edition is None:  # a version the record does not describe: content that no record reads
        return {
            "name": name,
            "impacts": {
                "filler": {
                    "name": "filler",
                    "components": {"filler": {"key": "filler", "value": version, "type": "filler"}},
                }
            },
        }
    impacts: dict[str, dict[str, Any]] = {}
    for row in edition.rows:
        impact = impacts.setdefault(row["impact"].lower(), {"name": row["impact"], "components": {}})
        impact["components"][row["component"].lower()] = {
            "key": row["component"],
            "value": _number(row["value"]),
            "type": "pollutant",
        }
    return {"name": name, "impacts": impacts}


def _calculation_definition(name: str, edition: _Edition | None, version: int) -> dict[str, Any]:
    if edition is None:
        return {
            "name": name,
            "summary": "filler",
            "formula": f"'filler version {version}'",
            "outputs": [{"name": "out", "description": "filler", "type": "string"}],
        }
    (row,) = edition.rows
    return {
        "name": name,
        "summary": name,
        "formula": row["formula"],
        "parameters": [
            {**parameter, "description": parameter["key"]} for parameter in row.get("parameters", [])
        ],
        "outputs": [{"description": output["name"], **output} for output in row.get("outputs", [])],
    }


def _dataset_table(edition: _Edition | None, version: int) -> tuple[list[str], list[list[str | None]]]:
    if edition is None:
        return ["filler"], [[f"filler version {version}"]]
    headers = list(
        dict.fromkeys(column for row in edition.rows for column in (row["keyColumn"], row["outputColumn"]))
    )
    table: list[list[str | None]] = []
    for row in edition.rows:
        cells: list[str | None] = [None] * len(headers)
        cells[headers.index(row["keyColumn"])] = row["key"]
        cells[headers.index(row["outputColumn"])] = row["value"]
        table.append(cells)
    return headers, table


def _csv(headers: list[str], table: list[list[str | None]]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([headers, *table])
    return text.getvalue()


def _replacing_patch(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The update body that deep-merges `current` into `wanted`: keys only `current` has are nulled."""
    patch: dict[str, Any] = {key: None for key in current if key not in wanted}
    for key, value in wanted.items():
        before = current.get(key)
        if isinstance(value, Mapping) and isinstance(before, Mapping):
            patch[key] = _replacing_patch(before, value)
        else:
            patch[key] = value
    return patch


@dataclass
class _Builder:
    store: CatalogStore
    groups: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add_group(self, tenant: str, group: str) -> None:
        """The group and its ancestors. Ids are lower-cased but not validated as group names: the corpus
        mentions `/not_test`, whose `_` the groups API would reject (the store does not check names)."""
        segments = group.lower().strip("/").split("/")
        self.groups[tenant].update(
            ["/", *("/" + "/".join(segments[:depth]) for depth in range(1, len(segments) + 1) if segments[0])]
        )

    def write_groups(self) -> None:
        for tenant, groups in self.groups.items():
            self.store.create_tenant(TenantRecord(tenant, tenant, WHEN))
            for group in sorted(groups, key=lambda g: (g.count("/") if g != "/" else 0, g)):
                name = group.rsplit("/", 1)[-1] or "/"
                self.store.put_group(GroupRecord(tenant, group, name, "tester", WHEN), create=True)

    def versions(
        self,
        tenant: str,
        group: str,
        editions: Mapping[int, _Edition],
        definition: Any,
        create_model: type[CatalogCreateBody],
        update_model: type[CatalogUpdateBody],
        write_rows: Any = None,
    ) -> None:
        """Versions 1..N of one resource; `definition(edition or None, version)` is each version's body."""
        resource: CatalogResource[Any] | None = None
        for version in range(1, max(editions) + 1):
            edition = editions.get(version)
            body = definition(edition, version)
            moment = WHEN + timedelta(seconds=version)
            if edition is not None and edition.version_as_at is not None:
                active_at = parse_instant(edition.version_as_at)
                assert active_at < WHEN, "a versionAsAt instant must precede the creation of every version"
                body["activeAt"] = format_timestamp(active_at)
            if resource is None:
                resource = new_resource(
                    create_model.parse_body(body), group_id=group, created_by="tester", created_at=moment
                )
                self.store.add_version(version_record(tenant, resource), expected_latest=None)
            else:
                patch = _replacing_patch(resource.definition_document(), body)
                if "activeAt" in body:
                    patch["activeAt"] = body["activeAt"]
                if "data" in body:
                    patch["data"] = body["data"]
                resource = apply_update(
                    resource, update_model.parse_body(patch), updated_by="tester", updated_at=moment
                )
                self.store.add_version(version_record(tenant, resource), expected_latest=version - 1)
            assert resource.version == version
            if write_rows is not None:
                write_rows(tenant, resource, edition, version)


def _build_catalog(store: CatalogStore, context: Mapping[str, Any]) -> CatalogResolver:
    """The record's catalog in `store`, and a resolver of the executing tenant allowed to read it."""
    builder = _Builder(store)
    execution_group = context.get("group", "/")
    builder.add_group(TENANT, execution_group)
    for group in context.get("existingGroups", []):
        builder.add_group(TENANT, group)
    kinds = {
        "impacts": _scoped(context, "impacts", "activity"),
        "datasets": _scoped(context, "datasets", "name"),
        "calculations": _scoped(context, "calculations", "name"),
    }
    shared: set[TenantPath] = set()
    for resources in kinds.values():
        for tenant, group, _name in resources:
            builder.add_group(tenant, group)
            if tenant != TENANT:
                shared.add(TenantPath(tenant, group.lower()))
    builder.write_groups()

    for (tenant, group, name), editions in kinds["impacts"].items():
        builder.versions(
            tenant,
            group,
            editions,
            lambda edition, version, name=name: _activity_definition(name, edition, version),
            ImpactActivityCreate,
            ImpactActivityUpdate,
        )
    for (tenant, group, name), editions in kinds["calculations"].items():
        builder.versions(
            tenant,
            group,
            editions,
            lambda edition, version, name=name: _calculation_definition(name, edition, version),
            CalculationCreate,
            CalculationUpdate,
        )

    def dataset_body(name: str, edition: _Edition | None, version: int) -> dict[str, Any]:
        headers, table = _dataset_table(edition, version)
        return {"name": name, "datasetHeaders": headers, "data": _csv(headers, table)}

    def dataset_rows(
        tenant: str, resource: CatalogResource[Any], edition: _Edition | None, version: int
    ) -> None:
        headers, table = _dataset_table(edition, version)
        store.put_dataset_rows(tenant, resource.id, resource.version, headers, table)

    for (tenant, group, name), editions in kinds["datasets"].items():
        builder.versions(
            tenant,
            group,
            editions,
            lambda edition, version, name=name: dataset_body(name, edition, version),
            ReferenceDatasetCreate,
            ReferenceDatasetUpdate,
            dataset_rows,
        )

    sharing = TenantSharing(outgoing_tenant_paths=frozenset(shared))
    remote: dict[str, set[str]] = defaultdict(set)
    for path in shared:
        remote[path.tenant_id].add(path.group_id)
    remote_sharing = {
        tenant: TenantSharing(externally_shared_group_ids=frozenset(groups))
        for tenant, groups in remote.items()
    }
    return CatalogResolver(store, TENANT, sharing=sharing, remote_sharing=remote_sharing)


def _ids(records: Iterable[dict[str, Any]]) -> list[str]:
    return [record["id"] for record in records]


# --- the tests -----
def test_corpus_has_records_that_use_references() -> None:
    require(CALCULATOR_CORPUS)
    assert RECORDS, f"{CALCULATOR_CORPUS} holds no record whose context has any of {REFERENCE_KEYS}"


@pytest.mark.parametrize("record", RECORDS, ids=_ids(RECORDS))
def test_record_evaluates_through_the_store_as_sif_does(store: CatalogStore, record: dict[str, Any]) -> None:
    context = record.get("context", {})
    resolver = _build_catalog(store, context)

    outcome = evaluate(
        record["expression"],
        record.get("parameters", {}),
        context=EvaluationContext(group=context.get("group", "/"), resolver=resolver),
        refs=context.get("refs", {}),
        audit=True,
    )

    assert compare(record["expect"], outcome) == []
