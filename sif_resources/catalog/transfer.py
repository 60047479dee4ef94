"""Catalog import and export: YAML/JSON documents, one resource per document.

A document is `{type, group, ...the SIF create body}`; `type` is `group`, `activity`, `referenceDataset`,
`calculation`, `metric` or `pipeline`. A `group` document names a group by its path (`group: /usa/west`,
optional `description`). A dataset takes its rows from `file:` (a CSV path relative to the document's file)
or inline `data:`. A file holds one document, a YAML stream of them (`---`) or a JSON list.

Importing is idempotent: every document is read and validated before anything is written, then each is
compared with the latest stored version and only a difference writes a new version. Export writes the
latest version of everything a tenant owns, in the same format, so an export imports back unchanged.
What does not belong here: the rules of each type (`sif_resources.domain`), storage.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from sif_resources.catalog.datasets import read_dataset_file, store_dataset_rows
from sif_resources.catalog.service import Catalog, Rows, parse_inline_csv
from sif_resources.catalog.store import atomically
from sif_resources.domain.catalog_errors import CatalogError, InvalidRequestError
from sif_resources.domain.groups import depth_of, is_root, normalize_group_id, parent_of
from sif_resources.domain.resources import ResourceType, new_resource
from sif_resources.domain.timestamps import format_timestamp
from sif_resources.domain.versions import DEFINITION_MODELS

GROUP = "group"
#: Import order: what a later type may refer to comes first.
TYPE_ORDER = (
    ResourceType.IMPACT_ACTIVITY,
    ResourceType.REFERENCE_DATASET,
    ResourceType.CALCULATION,
    ResourceType.METRIC,
    ResourceType.PIPELINE,
)
SUFFIXES = (".yaml", ".yml", ".json")
EXPORT_FILES: dict[str, str] = {
    GROUP: "groups.yaml",
    ResourceType.IMPACT_ACTIVITY.value: "activities.yaml",
    ResourceType.REFERENCE_DATASET.value: "referenceDatasets.yaml",
    ResourceType.CALCULATION.value: "calculations.yaml",
    ResourceType.METRIC.value: "metrics.yaml",
    ResourceType.PIPELINE.value: "pipelines.yaml",
}


@dataclass(frozen=True)
class CatalogDocument:
    """One document of an import: where it came from, its type, group and create body."""

    where: str
    type: str
    group: str
    body: dict[str, Any]
    rows: tuple[list[str], Rows] | None = None


@dataclass
class TransferReport:
    """What an import or export did: (type, group, name) per outcome."""

    created: list[tuple[str, str, str]] = field(default_factory=list)
    updated: list[tuple[str, str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------------------------
def read_documents(path: Path) -> list[CatalogDocument]:
    """Every document of a file, or of the `*.yaml|*.yml|*.json` files under a folder (sorted by path)."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        if not files:
            raise InvalidRequestError(f"{path}: no .yaml, .yml or .json files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise InvalidRequestError(f"{path}: no such file or folder")
    return [document for file in files for document in _read_file(file)]


def _read_file(file: Path) -> list[CatalogDocument]:
    try:
        text = file.read_text(encoding="utf-8")
        if file.suffix.lower() == ".json":
            loaded = json.loads(text)
            raw = loaded if isinstance(loaded, list) else [loaded]
        else:
            raw = [document for document in yaml.safe_load_all(text) if document is not None]
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidRequestError(f"{file}: cannot be read ({error})") from error
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        raise InvalidRequestError(
            f"{file}: is not valid {file.suffix.lstrip('.').upper()}: {error}"
        ) from error
    return [_document(file, f"{file} document {n}", item) for n, item in enumerate(raw, start=1)]


def _document(file: Path, where: str, item: Any) -> CatalogDocument:
    if not isinstance(item, Mapping):
        raise InvalidRequestError(f"{where}: must be a mapping with type, group and the resource's fields")
    body = dict(item)
    kind = body.pop("type", None)
    group = body.pop("group", None)
    known = [GROUP, *(t.value for t in TYPE_ORDER)]
    if kind not in known:
        raise InvalidRequestError(f"{where}: type: must be one of {', '.join(known)}, got {kind!r}")
    if not isinstance(group, str):
        raise InvalidRequestError(f"{where}: group: required, the group path such as /usa")
    try:
        group_id = normalize_group_id(group, field="group")
    except CatalogError as error:
        raise InvalidRequestError(f"{where}: {error.message}") from error
    rows = None
    if kind == ResourceType.REFERENCE_DATASET.value:
        rows = _dataset_rows(file, where, body)
    return CatalogDocument(where, kind, group_id, body, rows)


def _dataset_rows(file: Path, where: str, body: dict[str, Any]) -> tuple[list[str], Rows]:
    csv_file = body.pop("file", None)
    data = body.pop("data", None)
    if (csv_file is None) == (data is None):
        raise InvalidRequestError(f"{where}: a referenceDataset needs exactly one of file (a CSV) or data")
    if csv_file is not None:
        return read_dataset_file(file.parent / str(csv_file))
    try:
        return parse_inline_csv(str(data))
    except CatalogError as error:
        raise InvalidRequestError(f"{where}: {error.message}") from error


# --- importing --------------------------------------------------------------------------------------------
def import_catalog(catalog: Catalog, tenant_id: str, path: Path) -> TransferReport:
    """Create or update the tenant's groups and resources from the documents at `path`."""
    catalog.require_tenant(tenant_id)
    return import_documents(catalog, tenant_id, read_documents(path))


def import_documents(catalog: Catalog, tenant_id: str, documents: list[CatalogDocument]) -> TransferReport:
    """Create or update the tenant's groups and resources from documents read (or built) beforehand: all
    are checked before anything is written, and only a difference from the latest version writes one."""
    catalog.require_tenant(tenant_id)
    _check(catalog, tenant_id, documents)
    report = TransferReport()
    groups = sorted((d for d in documents if d.type == GROUP), key=lambda d: depth_of(d.group))
    with atomically(catalog.store):  # a failure while writing undoes the whole import (SQL stores)
        for document in groups:
            _import_group(catalog, tenant_id, document, report)
        for kind in TYPE_ORDER:
            for document in _ordered([d for d in documents if d.type == kind.value]):
                try:
                    outcome = _import_resource(catalog, tenant_id, kind, document)
                except CatalogError as error:
                    raise type(error)(f"{document.where}: {error.message}") from error
                getattr(report, outcome).append((kind.value, document.group, document.body["name"]))
    return report


def _check(catalog: Catalog, tenant_id: str, documents: list[CatalogDocument]) -> None:
    """Every body valid, every group known, no name twice — before anything is written."""
    existing = {group.id for group in catalog.store.list_groups(tenant_id)}
    imported = {d.group for d in documents if d.type == GROUP}
    for document in documents:
        needed = parent_of(document.group) if document.type == GROUP else document.group
        if needed is not None and needed not in existing | imported:
            raise InvalidRequestError(
                f"{document.where}: group '{needed}' of tenant '{tenant_id}' not found (add a "
                "`type: group` document or create it first)"
            )
        if document.type == GROUP:
            continue
        try:
            definition = DEFINITION_MODELS[ResourceType(document.type)].parse_body(document.body)
            definition.validate_definition()
        except CatalogError as error:
            raise type(error)(f"{document.where}: {error.message}") from error
    names = Counter(
        (d.type, d.group, str(d.body.get("name", "")).lower()) for d in documents if d.type != GROUP
    )
    for (kind, group, name), seen in names.items():
        if seen > 1:
            raise InvalidRequestError(
                f"{kind} '{name}' in group '{group}' appears {seen} times in the import"
            )


def _import_group(
    catalog: Catalog, tenant_id: str, document: CatalogDocument, report: TransferReport
) -> None:
    where = (GROUP, document.group, document.group)
    if catalog.store.get_group(tenant_id, document.group) is not None or is_root(document.group):
        report.unchanged.append(where)
        return
    parent = parent_of(document.group) or "/"
    name = str(document.body.get("name") or document.group.rsplit("/", 1)[-1])
    catalog.create_group(tenant_id, parent, name, description=document.body.get("description"))
    report.created.append(where)


def _ordered(documents: list[CatalogDocument]) -> Iterable[CatalogDocument]:
    """Metrics after the metrics they feed (`outputMetrics`), so that those exist when checked."""
    pending = list(documents)
    done: set[str] = set()
    while pending:
        names = {str(d.body.get("name")) for d in pending}
        ready = [d for d in pending if not (set(d.body.get("outputMetrics") or ()) & (names - done))]
        chosen = ready[0] if ready else pending[0]
        pending.remove(chosen)
        done.add(str(chosen.body.get("name")))
        yield chosen


def _import_resource(catalog: Catalog, tenant_id: str, kind: ResourceType, document: CatalogDocument) -> str:
    if document.rows is not None:
        headers, rows = document.rows
        current = catalog.find(tenant_id, kind, document.group, document.body["name"])
        _, written = store_dataset_rows(
            catalog,
            tenant_id,
            document.group,
            document.body,
            headers,
            rows,
            where=document.where,
            only_if_changed=True,
        )
        return "unchanged" if not written else "created" if current is None else "updated"
    current = catalog.find(tenant_id, kind, document.group, document.body["name"])
    if current is None:
        catalog.create(tenant_id, document.group, kind, document.body)
        return "created"
    definition = DEFINITION_MODELS[kind].parse_body(document.body)
    now = catalog.clock()
    fresh = new_resource(definition, group_id=document.group, created_by=catalog.actor, created_at=now)
    if fresh.definition_document() == current.definition_document() and fresh.active_at == current.active_at:
        return "unchanged"
    successor = replace(
        current,
        name=fresh.name,
        version=current.version + 1,
        tags=fresh.tags,
        attributes=fresh.attributes,
        active_at=fresh.active_at,
        updated_by=catalog.actor,
        updated_at=now,
        payload=definition.to_payload(current.payload),
    )
    catalog.check_links(tenant_id, successor)
    catalog.save(tenant_id, successor, current.version)
    return "updated"


# --- exporting --------------------------------------------------------------------------------------------
def export_catalog(catalog: Catalog, tenant_id: str, directory: Path) -> TransferReport:
    """Write the latest version of every group and resource the tenant owns under `directory`."""
    catalog.require_tenant(tenant_id)
    groups = catalog.store.list_groups(tenant_id)
    by_file: dict[str, list[dict[str, Any]]] = {}
    report = TransferReport()
    for group in groups:
        if not is_root(group.id):
            document = {"type": GROUP, "group": group.id, "name": group.name}
            if group.description:
                document["description"] = group.description
            by_file.setdefault(EXPORT_FILES[GROUP], []).append(document)
            report.created.append((GROUP, group.id, group.id))
    directory.mkdir(parents=True, exist_ok=True)
    for kind in TYPE_ORDER:
        for group in groups:
            for listed, record in catalog.store.list_latest(tenant_id, kind.value, [group.id]):
                resource = catalog.get(tenant_id, kind, resource_id=record.id)
                if resource.owner_group != listed:
                    continue
                document = {"type": kind.value, "group": listed, **resource.definition_document()}
                if resource.active_at is not None:
                    document["activeAt"] = format_timestamp(resource.active_at)
                if kind is ResourceType.REFERENCE_DATASET:
                    document["file"] = _write_rows(catalog, tenant_id, resource, directory, report)
                by_file.setdefault(EXPORT_FILES[kind.value], []).append(document)
                report.created.append((kind.value, listed, resource.name))
    for name, documents in by_file.items():
        target = directory / name
        target.write_text(
            yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        report.files.append(target)
    return report


def _write_rows(
    catalog: Catalog, tenant_id: str, resource: Any, directory: Path, report: TransferReport
) -> str:
    headers, rows = catalog.dataset_rows(tenant_id, resource)
    slug = f"{resource.owner_group.strip('/').replace('/', '.') or 'root'}--{resource.name}"
    relative = f"datasets/{''.join(c if c.isalnum() or c in '-_.' else '_' for c in slug)}.csv"
    target = directory / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    report.files.append(target)
    return relative
