"""A pipeline file's resources in the catalog: its activities, datasets and calculations as import documents.

What belongs here: `pipeline_documents`, which turns the resources a pipeline file carries (see
`calculator.pipeline_file`) into the documents `transfer.import_documents` reads — a `group` document for each
group on the way to where they live, one `activity` per activity (an activities CSV gives one per distinct
`activity`), a `referenceDataset` with its rows, a `calculation` — and `import_pipeline_resources`, which
creates the tenant when it is missing and imports them. Importing goes through the same code as
`sif catalog import`, so it is idempotent: a second import of an unchanged file writes nothing.

Resources marked `tenant:` in the file are stand-ins for another tenant's (e.g. the `platform` factor library)
and are not imported: a run against the catalog reads the owner's. A resource's `version:` in the file only
matters to runs from the file alone; the catalog numbers its versions itself. A CSV's `# source:` and
`# licence:` lines become an activity's attributes and, when it has no description, a dataset's description.
What does not belong here: reading and validating pipeline files, the import itself (`transfer.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd

from calculator.pipeline_file import PipelineFile, activities_from, read_csv
from calculator.pipeline_file.tables import SourceNote, source_note
from sif_resources.catalog.service import Catalog
from sif_resources.catalog.transfer import GROUP, CatalogDocument, TransferReport, import_documents
from sif_resources.domain.groups import is_root, normalize_group_id, parent_of
from sif_resources.domain.resources import ResourceType


def import_pipeline_resources(
    catalog: Catalog, tenant_id: str, pipeline: PipelineFile, *, tenant_name: str | None = None
) -> TransferReport:
    """Import the file's resources (and the groups they need) into the tenant, creating it if missing."""
    if all(tenant.id != tenant_id for tenant in catalog.list_tenants()):
        catalog.create_tenant(tenant_id, tenant_name)
    return import_documents(catalog, tenant_id, pipeline_documents(pipeline))


def pipeline_documents(pipeline: PipelineFile) -> list[CatalogDocument]:
    """The file's own resources (not the `tenant:` stand-ins) and their groups, as import documents."""
    spec = pipeline.spec
    resources = spec.resources
    where = f"{pipeline.path}: resources"
    documents: list[CatalogDocument] = []
    for i, activity in enumerate(resources.activities):
        if activity.tenant is not None:
            continue
        group = _group(activity.group or spec.group)
        if activity.file is not None:
            table = read_csv(pipeline.path.parent / activity.file)
            note: SourceNote | None = source_note(table)
            found = activities_from(table)
        else:
            assert activity.name is not None and activity.impacts is not None
            note, found = None, {activity.name: {k: dict(v) for k, v in activity.impacts.items()}}
        for name, impacts in found.items():
            body = _activity_body(name, activity.description, impacts, note)
            documents.append(
                CatalogDocument(f"{where}.activities[{i}]", ResourceType.IMPACT_ACTIVITY.value, group, body)
            )
    for i, dataset in enumerate(resources.datasets):
        if dataset.tenant is not None:
            continue
        description = dataset.description
        if dataset.file is not None:
            table = read_csv(pipeline.path.parent / dataset.file)
            frame = table.frame
            description = description or source_note(table).source
        else:
            assert dataset.rows is not None
            columns = list(dataset.rows[0]) if dataset.rows else []
            frame = pd.DataFrame([list(row.values()) for row in dataset.rows], columns=columns, dtype=object)
        headers, rows = _rows(frame)
        body = _without_none({"name": dataset.name, "description": description, "datasetHeaders": headers})
        documents.append(
            CatalogDocument(
                f"{where}.datasets[{i}]",
                ResourceType.REFERENCE_DATASET.value,
                _group(dataset.group or spec.group),
                body,
                (headers, rows),
            )
        )
    for i, calculation in enumerate(resources.calculations):
        if calculation.tenant is not None:
            continue
        summary = calculation.description or calculation.name
        body = {
            "name": calculation.name,
            "summary": summary,
            "formula": calculation.formula,
            "parameters": [
                _without_none(
                    {
                        "index": p.index,
                        "key": p.key,
                        "label": p.label,
                        "description": p.description or p.label or p.key,
                        "type": p.type,
                    }
                )
                for p in calculation.parameters
            ],
            "outputs": [{"name": calculation.name, "description": summary, "type": calculation.type}],
        }
        if calculation.description:
            body["description"] = calculation.description
        group = _group(calculation.group or spec.group)
        documents.append(
            CatalogDocument(f"{where}.calculations[{i}]", ResourceType.CALCULATION.value, group, body)
        )
    groups = {_group(spec.group), *(document.group for document in documents)}
    return [*_group_documents(pipeline, groups), *documents]


def _group(path: str) -> str:
    return normalize_group_id(path, field="group")


def _group_documents(pipeline: PipelineFile, groups: set[str]) -> list[CatalogDocument]:
    """A `group` document for every group of `groups` and each of their parents, root excluded."""
    wanted: set[str] = set()
    for group in groups:
        current: str | None = group
        while current is not None and not is_root(current):
            wanted.add(current)
            current = parent_of(current)
    return [
        CatalogDocument(f"{pipeline.path}: group", GROUP, group, {"name": group.rsplit("/", 1)[-1]})
        for group in sorted(wanted)
    ]


def _activity_body(
    name: str, description: str | None, impacts: Mapping[str, Mapping[str, Any]], note: SourceNote | None
) -> dict[str, Any]:
    attributes = {} if note is None else _without_none({"source": note.source, "licence": note.licence})
    body: dict[str, Any] = {
        "name": name,
        "impacts": {
            impact: {
                "name": impact,
                "components": {
                    key: {"key": key, "value": _number(value), "type": _component_type(key)}
                    for key, value in components.items()
                },
            }
            for impact, components in impacts.items()
        },
    }
    if description:
        body["description"] = description
    if attributes:
        body["attributes"] = attributes
    return body


def _component_type(key: str) -> str:
    """A per-gas factor is a `pollutant`; a total in CO2e (`co2e`, `co2e_ar5`) is `co2e`."""
    return "co2e" if key.lower().startswith("co2e") else "pollutant"


def _number(value: Any) -> int | float:
    """A JSON number whose shortest text is the file's text (0.0001 stays 0.0001)."""
    exact = Decimal(str(value))
    return int(exact) if exact == exact.to_integral_value() and abs(exact) < 2**53 else float(exact)


def _rows(frame: pd.DataFrame) -> tuple[list[str], list[list[str | None]]]:
    headers = [str(column) for column in frame.columns]
    rows = [[None if cell is None else str(cell) for cell in row] for row in frame.itertuples(index=False)]
    return headers, rows


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
