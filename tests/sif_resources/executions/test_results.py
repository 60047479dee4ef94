"""Result handling of data, impacts and referenceDatasets pipelines (SIF §9.7), end to end: files landed on a
local folder, real formulas, a real SQLite catalog; exact result files, errors, catalog resources and final
statuses."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from calculator.transformer import Transformer
from sif_resources.activities.compute import InputPart
from sif_resources.catalog.engine import create_catalog_engine
from sif_resources.catalog.migrate import upgrade_database
from sif_resources.catalog.service import Catalog
from sif_resources.catalog.sql import SqlCatalogStore
from sif_resources.domain.resources import ResourceType
from sif_resources.executions.landing import ROW_NUMBER, LandingArea, land_file
from sif_resources.executions.model import CALCULATION_ERRORS_MESSAGE, ErrorRow, Execution
from sif_resources.executions.reference_datasets import load_reference_dataset
from sif_resources.executions.results import (
    ResultsSlice,
    compute_results,
    create_impact_activities,
    create_impacts,
    impact_activities_from_outputs,
    write_data_results,
)
from sif_resources.executions.store import ExecutionStore
from sif_resources.objects import LocalObjectStore
from sif_resources.pipelines.definition import PipelineDefinition

TENANT = "acme"
GROUP = "/acme"
MONTH = "2024-03"  # landing puts every row of a pipeline without a timestamp time in its creation month
START = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def _transform(index: int, formula: str, key: str, type_: str = "string") -> dict[str, Any]:
    return {"index": index, "formula": formula, "outputs": [{"index": 0, "key": key, "type": type_}]}


def _pipeline(key: str, kind: str, transformer: dict[str, Any]) -> PipelineDefinition:
    return PipelineDefinition(
        key=key,
        name=key,
        type=kind,  # type: ignore[arg-type]
        group=GROUP,
        version=2,
        transformer=Transformer.from_dict(transformer),
        transformer_json=transformer,
        tenant=TENANT,
    )


DATA = _pipeline(
    "sites",
    "data",
    {
        "parameters": [{"key": "site", "type": "string", "label": "Site"}, {"key": "kwh", "type": "number"}],
        "transforms": [
            _transform(0, "UPPERCASE(:site)", "site"),
            _transform(1, ":kwh * 0.4", "co2e", "number"),
            _transform(2, "100 / :kwh", "per_100", "number"),
        ],
    },
)

IMPACT_KEYS = [
    (":name", "activity:name"),
    ("CONCAT('Grid factors for ', :name)", "activity:description"),
    ("'eGRID 2022'", "activity:attribute:source"),
    (":provider", "activity:tag:provider"),
    ("'kg per kWh'", "impact:co2e:name"),
    ("'kg/kWh'", "impact:co2e:attribute:unit"),
    ("'co2'", "impact:co2e:component:co2:key"),
    ("'pollutant'", "impact:co2e:component:co2:type"),
    (":co2", "impact:co2e:component:co2:value"),
    ("'ch4'", "impact:co2e:component:ch4:key"),
    ("'pollutant'", "impact:co2e:component:ch4:type"),
    (":ch4", "impact:co2e:component:ch4:value"),
    ("'ignored'", "note"),
]
IMPACTS = _pipeline(
    "grid_factors",
    "impacts",
    {
        "parameters": [
            {"key": "name", "type": "string"},
            {"key": "provider", "type": "string"},
            {"key": "co2", "type": "number"},
            {"key": "ch4", "type": "number"},
        ],
        "transforms": [
            _transform(i, formula, key, "number" if key.endswith(":value") else "string")
            for i, (formula, key) in enumerate(IMPACT_KEYS)
        ],
    },
)

DATASET = _pipeline(
    "zip_map",
    "referenceDatasets",
    {
        "parameters": [],
        "transforms": [
            _transform(0, "'zip_to_subregion'", "name"),
            _transform(1, "CONCAT('eGRID subregion', ' by ZIP')", "description"),
            _transform(2, "'EPA'", "tag_source"),
        ],
    },
)


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def objects(tmp_path: Path) -> LocalObjectStore:
    return LocalObjectStore(tmp_path / "objects")


@pytest.fixture
def store(objects: LocalObjectStore) -> ExecutionStore:
    return ExecutionStore(objects, clock=_Clock())


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    """A migrated SQLite catalog with tenant `acme` and its group `/acme`."""
    engine = create_catalog_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    upgrade_database(engine)
    fresh = Catalog(SqlCatalogStore(engine), actor="tester")
    fresh.create_tenant(TENANT)
    fresh.create_group(TENANT, "/", "acme")
    yield fresh
    engine.dispose()


def _land(
    pipeline: PipelineDefinition, text: str, objects: LocalObjectStore, store: ExecutionStore
) -> Execution:
    result = land_file(
        pipeline,
        tenant=TENANT,
        group=GROUP,
        source=io.BytesIO(text.encode()),
        object_store=objects,
        executions=store,
        file_name="upload.csv",
    )
    assert result.execution.months == (MONTH,)
    return result.execution


def _parts(pipeline: PipelineDefinition, objects: LocalObjectStore, store: ExecutionStore) -> list[InputPart]:
    """The month's landed rows as the assets read them (`sif_assets...input_parts`)."""
    parts = []
    for landed, frame in LandingArea(objects).iter_parts(TENANT, pipeline.key, MONTH):
        execution = store.get(TENANT, pipeline.key, landed.execution_id)
        rows = frame.drop(columns=[ROW_NUMBER])
        parts.append(
            InputPart(
                landed.execution_id, execution.group_context_id, "create", rows, frame[ROW_NUMBER].to_numpy()
            )
        )
    return parts


def _compute(pipeline: PipelineDefinition, objects: LocalObjectStore, store: ExecutionStore) -> ResultsSlice:
    parts = _parts(pipeline, objects, store)
    return compute_results(pipeline, parts, tenant=TENANT, resolver=None, default_group="/")


def _output(objects: LocalObjectStore, execution: Execution) -> str:
    assert execution.output_key is not None
    return objects.get_bytes(execution.output_key).decode()


# --- data -------------------------------------------------------------------------------------------------
def test_data_results_are_written_per_execution_and_close_it(
    objects: LocalObjectStore, store: ExecutionStore
) -> None:
    clean = _land(DATA, "Site,kwh\nnorth,10\nsouth,2.5\n", objects, store)
    broken = _land(DATA, "Site,kwh\neast,0\nwest,abc\ncentral,4\n", objects, store)

    results = _compute(DATA, objects, store)

    assert list(results.executions) == [clean.id, broken.id]
    frame = results.executions[broken.id].frame
    assert list(frame.columns) == ["site", "co2e", "per_100"]
    assert frame.index.name == "row_number"
    # row 2 fails as a whole (nothing emitted); row 1's failed value is empty, its other values are kept
    assert frame.reset_index().values.tolist() == [[1, "EAST", "0", None], [3, "CENTRAL", "1.6", "25"]]
    assert results.executions[clean.id].errors.empty
    assert results.errors.values.tolist() == [
        [
            broken.id,
            1,
            "per_100",
            "Row 'east-0' column 'per_100' encountered error evaluating formula `100 / :kwh` - / by zero",
        ],
        [
            broken.id,
            2,
            None,
            "Failed processing row {site=west, kwh=abc}, err: Character a is neither a decimal digit number, "
            'decimal point, nor "e" notation exponential mark.',
        ],
    ]

    closed = {e.id: e for e in write_data_results(store, results, MONTH, run_id="run-1")}

    assert _output(objects, closed[clean.id]) == "site,co2e,per_100\nNORTH,4,10\nSOUTH,1,40\n"
    assert _output(objects, closed[broken.id]) == "site,co2e,per_100\nEAST,0,\nCENTRAL,1.6,25\n"
    assert (closed[clean.id].status, closed[clean.id].status_message) == ("success", None)
    assert (closed[broken.id].status, closed[broken.id].status_message) == (
        "failed",
        CALCULATION_ERRORS_MESSAGE,
    )
    assert (closed[broken.id].error_count, closed[broken.id].activity_count) == (2, 1)
    assert closed[broken.id].run_ids == ("run-1",)
    assert store.error_text(closed[broken.id]) == (
        "Row 'east-0' column 'per_100' encountered error evaluating formula `100 / :kwh` - / by zero\n"
        "Failed processing row {site=west, kwh=abc}, err: Character a is neither a decimal digit number, "
        'decimal point, nor "e" notation exponential mark.\n'
    )
    assert store.error_parts(closed[broken.id]) == [f"month-{MONTH}"]


def test_a_rerun_of_the_month_leaves_finished_executions_as_they_were(
    objects: LocalObjectStore, store: ExecutionStore
) -> None:
    execution = _land(DATA, "Site,kwh\nnorth,10\n", objects, store)
    first = write_data_results(store, _compute(DATA, objects, store), MONTH)
    later = _land(DATA, "Site,kwh\nsouth,0\n", objects, store)

    again = {e.id: e for e in write_data_results(store, _compute(DATA, objects, store), MONTH)}

    assert again[execution.id] == first[0]
    assert again[later.id].status == "failed"
    assert _output(objects, again[later.id]) == "site,co2e,per_100\nSOUTH,0,\n"


def test_results_of_parts_evaluated_in_several_batches_go_back_to_their_execution() -> None:
    def part(execution: str, group: str, header: str, rows: list[list[str]], first: int) -> InputPart:
        frame = pd.DataFrame(rows, columns=[header, "kwh"], dtype=object)
        numbers = np.arange(first, first + len(rows), dtype=np.int64)
        return InputPart(execution, group, "create", frame, numbers)

    parts = [
        part("e1", "/a", "Site", [["n", "1"], ["s", "0"]], 1),
        part("e2", "", "site", [["w", "2"]], 1),  # another group (the default) and the key as header
        part("e1", "/a", "Site", [["e", "x"]], 3),  # the same execution's next chunk
    ]

    results = compute_results(DATA, parts, tenant=TENANT, resolver=None, default_group="/")

    assert {e: (r.group, r.input_rows) for e, r in results.executions.items()} == {
        "e1": ("/a", 3),
        "e2": ("/", 1),
    }
    assert results.executions["e1"].frame.reset_index().values.tolist() == [
        [1, "N", "0.4", "100"],
        [2, "S", "0", None],
    ]
    assert results.executions["e2"].frame.reset_index().values.tolist() == [[1, "W", "0.8", "50"]]
    assert results.errors[["execution_id", "row_number", "column"]].values.tolist() == [
        ["e1", 2, "per_100"],
        ["e1", 3, None],
    ]


def test_compute_results_refuses_other_pipeline_types() -> None:
    with pytest.raises(ValueError, match="data and impacts pipelines, not 'referenceDatasets'"):
        compute_results(DATASET, [], tenant=TENANT, resolver=None, default_group="/")


# --- impacts ----------------------------------------------------------------------------------------------
IMPACT_FILE = (
    "name,provider,co2,ch4\n"
    "epa:grid:east,US EPA,0.4,0.01\n"
    "epa:grid:west,US EPA,0.25,\n"
    "epa:grid:east,Other,0.5,0.02\n"
    "epa:grid:north,US EPA,1,0\n"
    "epa:grid:south,US EPA,x,0\n"
)


def test_impacts_pipeline_creates_impact_activities_and_fails_only_the_refused_rows(
    objects: LocalObjectStore, store: ExecutionStore, catalog: Catalog
) -> None:
    catalog.create(TENANT, GROUP, ResourceType.IMPACT_ACTIVITY, {"name": "EPA:grid:north"})
    execution = _land(IMPACTS, IMPACT_FILE, objects, store)

    results = create_impact_activities(catalog, store, _compute(IMPACTS, objects, store))
    (closed,) = write_data_results(store, results, MONTH)

    east = catalog.get(TENANT, ResourceType.IMPACT_ACTIVITY, name="epa:grid:east", group=GROUP)
    assert east.version == 1
    assert east.tags == {"provider": "US EPA"}
    assert east.attributes == {"source": "eGRID 2022"}
    assert east.definition_document() == {
        "name": "epa:grid:east",
        "description": "Grid factors for epa:grid:east",
        "attributes": {"source": "eGRID 2022"},
        "tags": {"provider": "US EPA"},
        "impacts": {
            "co2e": {
                "name": "kg per kWh",
                "attributes": {"unit": "kg/kWh"},
                "components": {
                    "co2": {"key": "co2", "value": 0.4, "type": "pollutant"},
                    "ch4": {"key": "ch4", "value": 0.01, "type": "pollutant"},
                },
            }
        },
    }
    west = catalog.get(TENANT, ResourceType.IMPACT_ACTIVITY, name="epa:grid:west", group=GROUP)
    # ch4 has no value in this row: the component is dropped
    assert west.definition_document()["impacts"]["co2e"]["components"] == {
        "co2": {"key": "co2", "value": 0.25, "type": "pollutant"}
    }
    # the second east row and the existing north activity are refused; north keeps its empty version 1
    north = catalog.get(TENANT, ResourceType.IMPACT_ACTIVITY, name="epa:grid:north", group=GROUP)
    assert (north.version, north.definition_document().get("impacts")) == (1, {})
    listed = catalog.list_resources(TENANT, ResourceType.IMPACT_ACTIVITY, GROUP)
    assert sorted(e.resource.name for e in listed.items) == [
        "EPA:grid:north",
        "epa:grid:east",
        "epa:grid:west",
    ]

    assert (closed.id, closed.status, closed.status_message) == (
        execution.id,
        "failed",
        CALCULATION_ERRORS_MESSAGE,
    )
    assert list(store.error_rows(closed)) == [
        ErrorRow(
            3,
            None,
            "row 3: impact activity 'epa:grid:east' was not created: Name 'epa:grid:east' already in use in "
            "group '/acme'.",
        ),
        ErrorRow(
            4,
            None,
            "row 4: impact activity 'epa:grid:north' was not created: Name 'epa:grid:north' already in use "
            "in group '/acme'.",
        ),
        ErrorRow(
            5,
            None,
            "Failed processing row {name=epa:grid:south, provider=US EPA, co2=x, ch4=0}, err: Character x is "
            'neither a decimal digit number, decimal point, nor "e" notation exponential mark.',
        ),
    ]
    # a re-run of the month neither creates the rows again nor touches the closed execution
    rerun = create_impact_activities(catalog, store, _compute(IMPACTS, objects, store))
    assert rerun.executions[execution.id].errors.values.tolist() == [
        [execution.id, 5, None, list(store.error_rows(closed))[2].message]
    ]
    assert write_data_results(store, rerun, MONTH) == [closed]
    assert _output(objects, closed).splitlines()[1] == (
        "epa:grid:east,Grid factors for epa:grid:east,eGRID 2022,US EPA,kg per kWh,kg/kWh,co2,pollutant,0.4,"
        "ch4,pollutant,0.01,ignored"
    )


def test_impact_bodies_read_sif_output_keys() -> None:
    frame = pd.DataFrame(
        {
            "activity:name": ["a:one", "a:two"],
            "activity:attribute:source:url": ["https://x", None],
            "impact:GHG:name": ["per unit", "per unit"],
            "impact:GHG:attribute:unit": ["", "kg"],
            "impact:GHG:component:CO2:key": ["co2", "co2"],
            "impact:GHG:component:CO2:type": ["pollutant", "pollutant"],
            "impact:GHG:component:CO2:value": ["12", "1E-7"],
            "impact:GHG:component:N2O:key": ["n2o", "n2o"],
            "impact:GHG:component:N2O:value": ["abc", np.nan],
            "impact:GHG:component:CO2:label": ["ignored", "ignored"],
            "activity": ["ignored", "ignored"],
        },
        index=pd.Index([7, 9], name="row_number"),
        dtype=object,
    )

    assert impact_activities_from_outputs(frame) == [
        (
            7,
            {
                "name": "a:one",
                "attributes": {"source:url": "https://x"},
                "impacts": {
                    "GHG": {
                        "name": "per unit",
                        "components": {
                            "CO2": {"key": "co2", "type": "pollutant", "value": 12},
                            "N2O": {"key": "n2o", "value": "abc"},
                        },
                    }
                },
            },
        ),
        (
            9,
            {
                "name": "a:two",
                "impacts": {
                    "GHG": {
                        "name": "per unit",
                        "attributes": {"unit": "kg"},
                        "components": {"CO2": {"key": "co2", "type": "pollutant", "value": 1e-7}},
                    }
                },
            },
        ),
    ]


def test_create_impacts_reports_each_row_and_goes_on(catalog: Catalog) -> None:
    component = {"key": "co2", "type": "pollutant", "value": 2}
    bodies: list[tuple[int, dict[str, Any]]] = [
        (1, {"name": "f:one", "impacts": {"i": {"name": "i", "components": {"co2": component}}}}),
        (2, {"name": "F:ONE"}),
        (3, {"name": "f:two", "impacts": {"i": {"components": {"co2": {**component, "value": "abc"}}}}}),
        (4, {"description": "no name"}),
        (5, {"name": "f:three"}),
    ]

    outcomes = create_impacts(catalog, TENANT, GROUP, bodies, batch_size=2)

    assert outcomes == [
        (1, None),
        (2, "row 2: impact activity 'F:ONE' was not created: Name 'F:ONE' already in use in group '/acme'."),
        (
            3,
            "row 3: impact activity 'f:two' was not created: body/impacts/i must have required property "
            "'name', body/impacts/i/components/co2/value must be number",
        ),
        (4, "row 4: impact activity was not created: body must have required property 'name'"),
        (5, None),
    ]
    listed = catalog.list_resources(TENANT, ResourceType.IMPACT_ACTIVITY, GROUP)
    assert sorted(e.resource.name for e in listed.items) == ["f:one", "f:three"]


# --- referenceDatasets ------------------------------------------------------------------------------------
def _dataset_execution(store: ExecutionStore) -> Execution:
    return store.create(
        tenant=TENANT,
        pipeline_key=DATASET.key,
        pipeline_version=DATASET.version,
        group_context_id=GROUP,
        pipeline_type="referenceDatasets",
        tags={"team": "energy", "source": "upload"},
    )


def test_reference_dataset_pipeline_creates_then_updates_the_dataset(
    objects: LocalObjectStore, store: ExecutionStore, catalog: Catalog
) -> None:
    first = _dataset_execution(store)
    created = load_reference_dataset(
        DATASET,
        first,
        catalog=catalog,
        executions=store,
        tenant=TENANT,
        group=GROUP,
        raw_csv=b"\xef\xbb\xbfzip,subregion\n98101,NWPP\n10001,NYCW\n",
        pipeline_tags={"owner": "platform"},
    )

    assert created.created
    assert (created.execution.status, created.execution.status_message) == ("success", None)
    dataset = catalog.get(TENANT, ResourceType.REFERENCE_DATASET, name="zip_to_subregion", group=GROUP)
    assert created.dataset is not None and created.dataset.id == dataset.id
    assert dataset.version == 1
    assert dataset.definition_document() == {
        "name": "zip_to_subregion",
        "description": "eGRID subregion by ZIP",
        "datasetHeaders": ["zip", "subregion"],
        "tags": {
            "owner": "platform",
            "team": "energy",
            "source": "EPA",
            "pipelineId": "zip_map",
            "executionId": first.id,
        },
    }
    assert dataset.payload.status.value == "success"
    assert catalog.dataset_rows(TENANT, dataset) == (
        ["zip", "subregion"],
        [["98101", "NWPP"], ["10001", "NYCW"]],
    )
    assert _output(objects, created.execution) == (
        "name,description,tag_source\nzip_to_subregion,eGRID subregion by ZIP,EPA\n"
    )

    second = _dataset_execution(store)
    updated = load_reference_dataset(
        DATASET, second, catalog=catalog, executions=store, raw_csv=b"subregion,zip\nCAMX,94105\n"
    )

    assert not updated.created
    assert updated.execution.status == "success"
    latest = catalog.get(TENANT, ResourceType.REFERENCE_DATASET, name="zip_to_subregion", group=GROUP)
    assert (latest.id, latest.version) == (dataset.id, 2)
    assert latest.payload.dataset_headers == ("subregion", "zip")
    assert latest.tags == {
        "team": "energy",
        "source": "EPA",
        "pipelineId": "zip_map",
        "executionId": second.id,
    }
    assert catalog.dataset_rows(TENANT, latest) == (["subregion", "zip"], [["CAMX", "94105"]])
    assert catalog.dataset_rows(TENANT, dataset) == (
        ["zip", "subregion"],
        [["98101", "NWPP"], ["10001", "NYCW"]],
    )

    # a re-run of a finished execution loads nothing
    again = load_reference_dataset(DATASET, second, catalog=catalog, executions=store, raw_csv=b"x\n1\n")
    assert (again.dataset, again.execution) == (None, store.get(TENANT, DATASET.key, second.id))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"",
            "reference dataset 'zip_to_subregion' not loaded: the file is empty, line 1 must be its header",
        ),
        (
            b"zip,\xff\n",
            "reference dataset 'zip_to_subregion' not loaded: the file is not UTF-8 text "
            "(invalid start byte)",
        ),
        (
            b"zip,zip\n1,2\n",
            "reference dataset 'zip_to_subregion' not loaded: "
            "body/datasetHeaders must NOT have duplicate items",
        ),
    ],
)
def test_a_file_the_dataset_cannot_take_fails_the_execution(
    store: ExecutionStore, catalog: Catalog, raw: bytes, message: str
) -> None:
    loaded = load_reference_dataset(
        DATASET, _dataset_execution(store), catalog=catalog, executions=store, raw_csv=raw
    )

    assert loaded.dataset is None
    assert (loaded.execution.status, loaded.execution.status_message) == ("failed", message)
    assert list(store.error_rows(loaded.execution)) == [ErrorRow(None, None, message)]
    assert catalog.find(TENANT, ResourceType.REFERENCE_DATASET, GROUP, "zip_to_subregion") is None


def test_a_formula_error_fails_the_dataset_execution(store: ExecutionStore, catalog: Catalog) -> None:
    broken = _pipeline(
        "zip_map",
        "referenceDatasets",
        {
            "parameters": [],
            "transforms": [_transform(0, "'zips'", "name"), _transform(1, "1 / 0", "description")],
        },
    )

    loaded = load_reference_dataset(
        broken, _dataset_execution(store), catalog=catalog, executions=store, raw_csv=b"zip\n1\n"
    )

    assert loaded.execution.status == "failed"
    assert loaded.execution.status_message == (
        "reference dataset not loaded: Row '1' column 'description' encountered error evaluating formula "
        "`1 / 0` - / by zero"
    )
