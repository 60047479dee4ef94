"""The shipped factor library: exact CO2e per GWP set, editions as versions, files that carry provenance.

Values are read the way pipelines read them, through `IMPACT()` formulas over the calculator's in-memory
resolver; GWPs in expectations come straight from the `globalwarmingpotentials` package.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import globalwarmingpotentials
import pytest

from calculator import EvaluationContext, InMemoryResolver, evaluate
from sif_resources.factors.files import DATA_DIR, NOT_PUBLISHED, FactorFileError, read_factor_file
from sif_resources.factors.library import (
    EDITIONS,
    ImpactActivityVersion,
    factor_sources,
    gwp_set,
    load_library,
    to_in_memory,
    version_as_at,
)

NATURAL_GAS = "epa:stationary_combustion:natural_gas"
COAL_EDITIONS = {  # kg CO2/mmBtu: (2011 edition, 2024 Hub)
    "anthracite": ("103.54", "103.69"),
    "bituminous": ("93.40", "93.28"),
    "sub_bituminous": ("97.02", "97.17"),
    "lignite": ("96.36", "97.72"),
}


@pytest.fixture(scope="module")
def library() -> list[ImpactActivityVersion]:
    return load_library()


@pytest.fixture(scope="module")
def resolver(library: list[ImpactActivityVersion]) -> InMemoryResolver:
    resolver = InMemoryResolver()
    to_in_memory(resolver, library=library)
    return resolver


def _impact(formula: str, resolver: InMemoryResolver) -> Decimal:
    outcome = evaluate(formula, context=EvaluationContext(group="/", resolver=resolver))
    assert outcome.error is None, outcome.error
    assert isinstance(outcome.value, Decimal)
    return outcome.value


def _error(formula: str, resolver: InMemoryResolver) -> str:
    outcome = evaluate(formula, context=EvaluationContext(group="/", resolver=resolver))
    assert outcome.error is not None, outcome.value
    return outcome.error.message


def _package_gwp(report: str, gas: str) -> Decimal:
    return Decimal(str(globalwarmingpotentials.data[f"{report}GWP100"][gas]))


def _versions(library: list[ImpactActivityVersion], name: str) -> list[ImpactActivityVersion]:
    return [a for a in library if a.name == name]


# --- CO2e under a chosen GWP set ---------------------------------------------------------------------------


def test_natural_gas_under_ar5_is_53_1145_kg_co2e_per_mmbtu(resolver: InMemoryResolver) -> None:
    formula = f"IMPACT('{NATURAL_GAS}','kg per mmBtu','co2e_ar5')"
    assert _impact(formula, resolver) == Decimal("53.1145")


@pytest.mark.parametrize("report", ["AR4", "AR5", "AR6"])
def test_natural_gas_co2e_is_the_per_gas_factors_weighted_by_the_packages_gwps(
    report: str, resolver: InMemoryResolver
) -> None:
    expected = (
        Decimal("53.06")
        + Decimal("0.0010") * _package_gwp(report, "CH4")
        + Decimal("0.00010") * _package_gwp(report, "N2O")
    )
    formula = f"IMPACT('{NATURAL_GAS}','kg per mmBtu','co2e_{report.lower()}')"
    assert _impact(formula, resolver) == expected


def test_per_gas_components_are_kg_of_each_gas_with_the_published_grams_kept(
    library: list[ImpactActivityVersion], resolver: InMemoryResolver
) -> None:
    assert _impact(f"IMPACT('{NATURAL_GAS}','kg per mmBtu','co2')", resolver) == Decimal("53.06")
    assert _impact(f"IMPACT('{NATURAL_GAS}','kg per mmBtu','ch4')", resolver) == Decimal("0.001")
    assert _impact(f"IMPACT('{NATURAL_GAS}','kg per mmBtu','n2o')", resolver) == Decimal("0.0001")
    ch4 = _versions(library, NATURAL_GAS)[0].impact("kg per mmBtu").component("ch4")
    assert (ch4.unit, ch4.description) == ("kg CH4/mmBtu", "published as 1.0 g CH4/mmBtu")


def test_per_physical_unit_factors_and_heat_content_are_impacts_of_their_own(
    resolver: InMemoryResolver,
) -> None:
    per_scf = Decimal("0.05444") + Decimal("0.00000103") * 28 + Decimal("0.00000010") * 265
    assert _impact(f"IMPACT('{NATURAL_GAS}','kg per scf','co2e_ar5')", resolver) == per_scf
    assert _impact(f"IMPACT('{NATURAL_GAS}','mmBtu per scf','heat_content')", resolver) == Decimal("0.001026")
    coal = "epa:stationary_combustion:bituminous"
    assert _impact(f"IMPACT('{coal}','kg per short ton','co2')", resolver) == Decimal("2325")


def test_gwp_set_reads_the_package_and_adds_co2() -> None:
    ar5 = gwp_set("AR5")
    assert (ar5["CO2"], ar5["CH4"], ar5["N2O"]) == (1, 28, 265)
    assert gwp_set("ar6")["CH4"] == Decimal("27.9")
    assert gwp_set("SAR")["N2O"] == 310
    with pytest.raises(ValueError, match="unknown GWP set 'AR7'"):
        gwp_set("AR7")


def test_only_the_chosen_gwp_sets_are_computed() -> None:
    (gas,) = (a for a in load_library(gwp_sets=("AR6",)) if a.name == NATURAL_GAS)
    keys = [c.key for c in gas.impact("kg per mmBtu").components]
    assert keys == ["co2", "ch4", "n2o", "co2e_ar6"]
    assert "AR6 GWP100 from globalwarmingpotentials 0.13.2" in gas.attributes["gwp"]


def test_petroleum_rows_without_published_ch4_and_n2o_have_no_co2e(resolver: InMemoryResolver) -> None:
    diesel = "epa:stationary_combustion:distillate_fuel_oil_no_2"
    assert _impact(f"IMPACT('{diesel}','kg per mmBtu','co2')", resolver) == Decimal("73.96")
    assert _impact(f"IMPACT('{diesel}','mmBtu per gallon','heat_content')", resolver) == Decimal("0.138")
    message = _error(f"IMPACT('{diesel}','kg per mmBtu','co2e_ar5')", resolver)
    assert message == "Referenced activity impact component 'co2e_ar5' not found."


# --- editions as versions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("coal", "values"), COAL_EDITIONS.items())
def test_the_2011_coal_edition_is_version_1_and_the_2024_hub_version_2(
    coal: str, values: tuple[str, str], resolver: InMemoryResolver
) -> None:
    name = f"epa:stationary_combustion:{coal}"
    old, new = (Decimal(v) for v in values)
    assert _impact(f"IMPACT('{name}','kg per mmBtu','co2',version=1)", resolver) == old
    assert _impact(f"IMPACT('{name}','kg per mmBtu','co2',version=2)", resolver) == new
    assert _impact(f"IMPACT('{name}','kg per mmBtu','co2')", resolver) == new


def test_the_older_coal_edition_gets_co2e_from_the_same_gwp_set(resolver: InMemoryResolver) -> None:
    formula = "IMPACT('epa:stationary_combustion:lignite','kg per mmBtu','co2e_ar5',version=1)"
    assert _impact(formula, resolver) == Decimal("96.36") + Decimal("0.011") * 28 + Decimal("0.0016") * 265


def test_version_as_at_picks_the_edition_that_was_active_at_the_date(
    library: list[ImpactActivityVersion],
) -> None:
    name = "epa:stationary_combustion:anthracite"
    at = {d: version_as_at(library, name, datetime(*d, tzinfo=UTC)) for d in [(2011, 1, 1), (2015, 6, 1)]}
    assert at[(2011, 1, 1)] is None
    assert at[(2015, 6, 1)] is not None and at[(2015, 6, 1)].version == 1
    latest = version_as_at(library, name, datetime(2024, 6, 1, tzinfo=UTC))
    assert latest is not None and (latest.version, latest.source.edition) == (2, "2024")
    assert [a.active_at.year for a in _versions(library, name)] == [2011, 2024]


def test_activities_with_one_edition_are_version_1(library: list[ImpactActivityVersion]) -> None:
    assert [a.version for a in _versions(library, NATURAL_GAS)] == [1]
    assert _versions(library, NATURAL_GAS)[0].source.edition == "2024"


# --- eGRID and UK conversion factors ----------------------------------------------------------------------


def test_egrid_subregions_carry_ar5_totals_and_gas_contributions_in_kg_per_mwh(
    library: list[ImpactActivityVersion], resolver: InMemoryResolver
) -> None:
    egrid = [a for a in library if a.name.startswith("epa:egrid_subregion:")]
    assert len(egrid) == 16
    rfce = "IMPACT('epa:egrid_subregion:rfce','kg per MWh','co2e_ar5')"
    assert _impact(rfce, resolver) == Decimal("306.626")
    for activity in egrid:
        impact = activity.impact("kg per MWh")
        assert [c.key for c in impact.components] == ["co2", "ch4_co2e_ar5", "n2o_co2e_ar5", "co2e_ar5"]
        assert impact.component("co2e_ar5").unit == "kg CO2e/MWh (AR5 GWP100)"
        assert impact.component("co2").unit == "kg CO2/MWh"
        values = impact.values()
        # the source rounded each column on its own: its total is off the sum by up to 0.15 kg/MWh
        gases = values["co2"] + values["ch4_co2e_ar5"] + values["n2o_co2e_ar5"]
        assert abs(values["co2e_ar5"] - gases) <= Decimal("0.15"), activity.name


def test_uk_factors_keep_both_editions_as_versions(resolver: InMemoryResolver) -> None:
    gas = "uk_gov:conversion_factors:natural_gas"
    grid = "uk_gov:conversion_factors:uk_grid_electricity"
    assert _impact(f"IMPACT('{gas}','kg per kWh (Gross CV)','co2e_ar4',version=1)", resolver) == Decimal(
        "0.18385"
    )
    assert _impact(f"IMPACT('{gas}','kg per kWh (Gross CV)','co2e_ar4')", resolver) == Decimal("0.18387")
    assert _impact(f"IMPACT('{gas}','kg per m³','co2e_ar4')", resolver) == Decimal("2.02266")
    assert _impact(f"IMPACT('{grid}','kg per kWh','co2e_ar4',version=1)", resolver) == Decimal("0.2556")
    assert _impact(f"IMPACT('{grid}','kg per kWh','co2e_ar4',version=2)", resolver) == Decimal("0.23314")


def test_uk_gas_contributions_add_up_to_the_published_total(library: list[ImpactActivityVersion]) -> None:
    uk = [a for a in library if a.name.startswith("uk_gov:")]
    assert len(uk) == 17  # 15 activities, two of them with a 2019 and a 2020 version
    for activity in uk:
        for impact in activity.impacts:
            values = impact.values()
            assert (
                impact.component("co2e_ar4").unit
                == f"kg CO2e/{impact.name.removeprefix('kg per ')} (AR4 GWP100)"
            )
            if "co2" in values:
                parts = values["co2"] + values["ch4_co2e_ar4"] + values["n2o_co2e_ar4"]
                assert parts == values["co2e_ar4"], (activity.name, impact.name)
    water = next(a for a in uk if a.name.endswith(":water_supply"))
    assert water.impact("kg per m³").values() == {"co2e_ar4": Decimal("0.344")}
    assert water.attributes["scope"] == "3"


# --- provenance and naming ---------------------------------------------------------------------------------


def test_every_activity_names_its_source_licence_edition_and_units(
    library: list[ImpactActivityVersion],
) -> None:
    for activity in library:
        assert re.fullmatch(r"(epa|uk_gov):[a-z_]+:[a-z0-9_]+", activity.name), activity.name
        for attribute in ("source", "licence", "edition", "file", "unit"):
            assert activity.attributes[attribute], (activity.name, attribute)
        assert activity.tags["edition"] == activity.source.edition
        impact_names = [i.name for i in activity.impacts]
        assert len(set(impact_names)) == len(impact_names)
        for impact in activity.impacts:
            assert impact.attributes["unit"] and impact.components
            keys = [c.key for c in impact.components]
            assert len(set(keys)) == len(keys)
            assert all(c.unit for c in impact.components), (activity.name, impact.name)


def test_the_library_loads_under_a_platform_tenant_read_with_the_tenant_option(
    library: list[ImpactActivityVersion],
) -> None:
    resolver = InMemoryResolver()
    to_in_memory(resolver, tenant="platform", library=library)
    formula = f"IMPACT('{NATURAL_GAS}','kg per mmBtu','co2e_ar5'"
    assert _impact(f"{formula},tenant='platform')", resolver) == Decimal("53.1145")
    assert _error(f"{formula})", resolver) == f"Activity with name '{NATURAL_GAS}' not found."


# --- the files ---------------------------------------------------------------------------------------------

FILES = sorted(DATA_DIR.glob("*.csv"))
TEXT_COLUMNS = {
    "key",
    "fuel",
    "category",
    "source_table",
    "physical_unit",
    "subregion",
    "activity",
    "scope",
    "unit",
}


def test_every_shipped_file_is_an_edition_of_the_library() -> None:
    assert {p.name for p in FILES} == {e.file for e in EDITIONS}
    assert {s.file for s in factor_sources()} == {p.name for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_opens_with_source_and_licence_lines_and_has_no_missing_value(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert lines[0].startswith("# source: ")
    assert any(line.startswith("# licence: ") for line in header)
    assert any(line.startswith("# unit: ") for line in header)
    rows = list(csv.DictReader(lines[len(header) :]))
    assert rows
    for row in rows:
        assert None not in row and all(value and value.strip() for value in row.values()), row
        for column, value in row.items():
            if column not in TEXT_COLUMNS:
                assert value == NOT_PUBLISHED or Decimal(value).is_finite(), (column, value)
    keys = [(row["key"], row.get("year"), row.get("unit")) for row in rows]
    assert len(set(keys)) == len(keys)


def test_a_file_without_a_licence_line_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text("# source: somewhere\nkey,value\na,1\n", encoding="utf-8")
    with pytest.raises(FactorFileError, match="no '# licence:' line"):
        read_factor_file("f.csv", tmp_path)


def test_a_file_with_an_empty_cell_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text("# source: s\n# licence: l\nkey,value\na,\n", encoding="utf-8")
    with pytest.raises(FactorFileError, match=r"f\.csv:4: every cell needs a value"):
        read_factor_file("f.csv", tmp_path)
