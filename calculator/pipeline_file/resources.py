"""Filling an `InMemoryResolver` with a pipeline file's activities, datasets and calculations.

Here: reading the CSV files that resources name (relative to the pipeline file), turning activities CSV
rows into activity -> impact -> component -> value (`activities_from`, also used to import them into a
catalog), and checking inline dataset rows; a resource without a `group` goes into the pipeline's group, and
one with a `tenant` is filed under that tenant.

Not here: validating the resource specs themselves (`specs`, `rules`), reading CSV text (`tables`),
resolving references while formulas run (`calculator.resolver`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import pandas as pd

from calculator.pipeline_file.document import Locator
from calculator.pipeline_file.problems import Loc, PipelineFileError, fail
from calculator.pipeline_file.specs import PipelineFileSpec
from calculator.pipeline_file.tables import CsvTable, SourceNote, read_csv, source_note
from calculator.resolver import InMemoryResolver

Impacts = dict[str, dict[str, Decimal | str | float]]


def load_resources(where: Locator, spec: PipelineFileSpec, resolver: InMemoryResolver) -> list[SourceNote]:
    """Add every resource of `spec` to `resolver`; return the notes of the CSV files read on the way."""
    notes = [*_load_activities(where, spec, resolver), *_load_datasets(where, spec, resolver)]
    for calculation in spec.resources.calculations:
        parameters = [p.model_dump() for p in calculation.parameters]
        group = calculation.group or spec.group
        resolver.add_calculation(
            calculation.name,
            calculation.formula,
            parameters,
            group=group,
            version=calculation.version,
            tenant=calculation.tenant,
        )
    return notes


def _referenced(where: Locator, loc: Loc, name: str) -> CsvTable:
    target = where.path.parent / name
    if not target.is_file():
        raise PipelineFileError([where.problem(loc, f"no such file {str(target)!r}")])
    return read_csv(target)


def _load_activities(where: Locator, spec: PipelineFileSpec, resolver: InMemoryResolver) -> list[SourceNote]:
    notes = []
    for i, activity in enumerate(spec.resources.activities):
        group = activity.group or spec.group
        if activity.file is not None:
            table = _referenced(where, ("resources", "activities", i, "file"), activity.file)
            activities = activities_from(table)
            notes.append(source_note(table))
        else:
            assert activity.name is not None and activity.impacts is not None
            activities = {activity.name: {i: dict(c) for i, c in activity.impacts.items()}}
        for name, impacts in activities.items():
            resolver.add_impact_activity(
                name, impacts, group=group, version=activity.version, tenant=activity.tenant
            )
    return notes


def activities_from(table: CsvTable) -> dict[str, Impacts]:
    """`activity,impact,<component>...` rows -> activity -> impact -> component -> value."""
    frame = table.frame
    if "activity" not in frame.columns or "impact" not in frame.columns or len(frame.columns) < 3:
        why = "an activities CSV needs the columns activity, impact and at least one component column"
        fail(table.path, "header", why, table.header_line)
    components = [c for c in frame.columns if c not in ("activity", "impact")]
    out: dict[str, Impacts] = {}
    for row, record in enumerate(frame.to_dict("records")):
        for column in ("activity", "impact"):
            if not record[column].strip():
                table.fail(row, f" column {column}", "empty")
        impact = out.setdefault(record["activity"], {}).setdefault(record["impact"], {})
        for component in components:
            text = record[component].strip()
            if text:
                impact[component] = _decimal(text) or table.fail(
                    row, f" column {component}", f"{text!r} is not a number"
                )
    return out


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _load_datasets(where: Locator, spec: PipelineFileSpec, resolver: InMemoryResolver) -> list[SourceNote]:
    notes = []
    for i, dataset in enumerate(spec.resources.datasets):
        if dataset.rows is not None:
            frame = _frame_of_rows(where, ("resources", "datasets", i, "rows"), dataset.rows)
        else:
            assert dataset.file is not None
            table = _referenced(where, ("resources", "datasets", i, "file"), dataset.file)
            frame = table.frame
            notes.append(source_note(table))
        group = dataset.group or spec.group
        resolver.add_dataset(dataset.name, frame, group=group, version=dataset.version, tenant=dataset.tenant)
    return notes


def _frame_of_rows(where: Locator, loc: Loc, rows: Sequence[dict[str, str]]) -> pd.DataFrame:
    columns = list(rows[0]) if rows else []
    for r, row in enumerate(rows):
        if list(row) != columns:
            why = f"columns {list(row)} differ from the first row's {columns}"
            raise PipelineFileError([where.problem((*loc, r), why)])
    return pd.DataFrame([list(row.values()) for row in rows], columns=columns, dtype=object)
