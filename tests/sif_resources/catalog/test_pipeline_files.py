"""A pipeline file's resources as catalog import documents: what is imported, what is left to the owner
tenant, and that importing the same file twice writes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from calculator.pipeline_file import load_pipeline_file
from calculator.resolver import ImpactValue, ResourceRef
from sif_resources.catalog.pipeline_files import import_pipeline_resources, pipeline_documents
from sif_resources.catalog.platform import ensure_factor_library
from sif_resources.catalog.service import PLATFORM_TENANT, Catalog
from sif_resources.domain.resources import ResourceType
from tests.sif_resources.catalog.conftest import sqlite_store

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NATURAL_GAS = EXAMPLES / "natural-gas" / "pipeline.yaml"


def test_documents_carry_groups_datasets_and_calculations_but_not_stand_ins() -> None:
    documents = pipeline_documents(load_pipeline_file(NATURAL_GAS))
    assert [(d.type, d.group, d.body.get("name")) for d in documents] == [
        ("group", "/demo", "demo"),
        ("group", "/demo/buildings", "buildings"),
        ("referenceDataset", "/demo/buildings", "gwp100"),
        ("calculation", "/demo/buildings", "therms_to_mmbtu"),
        ("calculation", "/demo/buildings", "natural_gas_co2e_factor"),
    ]
    dataset = documents[2]
    assert dataset.rows == (
        ["set", "co2", "ch4", "n2o"],
        [["AR4", "1", "25", "298"], ["AR5", "1", "28", "265"]],
    )
    assert dataset.body["description"].startswith("IPCC GWP100 values")


def test_activities_csv_rows_become_activities_with_their_source() -> None:
    documents = pipeline_documents(load_pipeline_file(EXAMPLES / "fleet-fuel" / "pipeline.yaml"))
    activities = {d.body["name"]: d.body for d in documents if d.type == "activity"}
    assert set(activities) == {
        "epa:mobile:diesel",
        "epa:mobile:motor_gasoline",
        "beis2020:diesel",
        "beis2020:petrol",
    }
    diesel = activities["beis2020:diesel"]
    components = diesel["impacts"]["kg per litre"]["components"]
    assert components["co2"] == {"key": "co2", "value": 2.51072, "type": "pollutant"}
    assert components["co2e"]["type"] == "co2e"
    assert diesel["attributes"]["licence"].startswith("Open Government Licence v3.0")


def test_importing_twice_writes_nothing_and_the_catalog_gives_the_golden_number(tmp_path: Path) -> None:
    pipeline = load_pipeline_file(NATURAL_GAS)
    with sqlite_store(tmp_path) as store:
        catalog = Catalog(store)
        ensure_factor_library(catalog)
        first = import_pipeline_resources(catalog, "demo", pipeline)
        assert len(first.created) == 5 and not first.updated
        second = import_pipeline_resources(catalog, "demo", pipeline)
        assert not second.created and not second.updated and len(second.unchanged) == 5
        calculation = catalog.get(
            "demo", ResourceType.CALCULATION, name="therms_to_mmbtu", group="/demo/buildings"
        )
        assert calculation.version == 1
        resolver = catalog.resolver("demo")
        result = pipeline.run(resolver=resolver)
        frame = result.frame()
        assert frame["kg_co2e_per_mmbtu"].iloc[0] == "53.1145"
        assert frame["kg_co2e_per_mmbtu"].iloc[2] == "53.1148"  # AR4
        read = {(r.tenant_id, r.resource_type, r.name) for r in resolver.versions_read()}
        assert (PLATFORM_TENANT, "activity", "epa:stationary_combustion:natural_gas") in read


def test_the_stand_in_holds_the_platform_librarys_values(tmp_path: Path) -> None:
    """Run from the file alone, natural gas computes what the catalog does: the stand-in is the library."""
    pipeline = load_pipeline_file(NATURAL_GAS)
    stand_in = next(a for a in pipeline.spec.resources.activities if a.tenant == PLATFORM_TENANT)
    assert stand_in.group == "/"
    with sqlite_store(tmp_path) as store:
        catalog = Catalog(store)
        ensure_factor_library(catalog)
        shipped = catalog.get(
            PLATFORM_TENANT,
            ResourceType.IMPACT_ACTIVITY,
            name="epa:stationary_combustion:natural_gas",
            group="/",
        )
    impact = next(i for i in shipped.payload.impacts.values() if i.name == "kg per mmBtu")
    components = {key: Decimal(str(c.value)) for key, c in impact.components.items()}
    assert components["co2e_ar5"] == Decimal("53.1145")
    ref = ResourceRef("epa:stationary_combustion:natural_gas", "/", PLATFORM_TENANT)
    gases = ("co2", "ch4", "n2o")
    from_file = pipeline.resolver.impacts([(ref, "kg per mmBtu", gas) for gas in gases])
    assert from_file == [ImpactValue(components[gas], "1") for gas in gases]
