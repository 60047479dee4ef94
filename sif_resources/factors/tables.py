"""What the columns of each shipped table mean: rows -> impact activities (`library` numbers their versions).

Naming scheme, `<publisher>:<table>:<item>` (SIF's recommended `<provider>:<dataset>:<item>`), all lower
case: `epa:stationary_combustion:natural_gas`, `epa:egrid_subregion:rfce`,
`uk_gov:conversion_factors:uk_grid_electricity`. The item is the file's `key` column. The edition is never
part of the name: editions are versions of one activity.

Impacts are named `<unit of the value> per <unit of activity>` (`kg per mmBtu`, `kg per scf`,
`mmBtu per short ton`) and every component in one impact is in that unit. Component keys:

* `co2`, `ch4`, `n2o`: mass of that gas (EPA's g/mmBtu become kg/mmBtu, exactly; the published figure is
  kept in the component's description);
* `<gas>_co2e_<set>`: the CO2e contribution of that gas as a source published it (eGRID, BEIS);
* `co2e_<set>` (`co2e_ar5`): kg CO2e under that IPCC GWP100 set; computed from the gas masses for EPA
  tables, as published for eGRID (AR5) and BEIS (AR4), which give no gas masses to recompute from;
* `heat_content`: mmBtu (HHV) per physical unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from sif_resources.factors.files import FactorFile
from sif_resources.factors.gwp import GWP_PACKAGE, GWP_PACKAGE_LICENCE, GWP_PACKAGE_VERSION, co2e, exact
from sif_resources.factors.model import Component, FactorSource, Impact, ImpactActivityVersion

GwpSets = Mapping[str, Mapping[str, Decimal]]
TableBuilder = Callable[
    [FactorFile, Sequence[Mapping[str, str]], FactorSource, GwpSets], list[ImpactActivityVersion]
]

EGRID_GWP_BASIS = "AR5"
UK_GWP_BASIS = "AR4"


def epa_stationary_combustion(
    file: FactorFile, rows: Sequence[Mapping[str, str]], source: FactorSource, gwps: GwpSets
) -> list[ImpactActivityVersion]:
    """EPA Hub Table 1 rows: per-gas factors per mmBtu, and per physical unit where the file has them."""
    out = []
    for row in rows:
        impacts = [
            _gas_masses_impact(
                "per_mmbtu",
                "mmBtu",
                file.required_decimal(row, "co2_kg_per_mmbtu"),
                file.decimal(row, "ch4_g_per_mmbtu"),
                file.decimal(row, "n2o_g_per_mmbtu"),
                gwps,
            )
        ]
        if "heat_content" in row:
            unit = row["physical_unit"]
            heat = Component(
                "heat_content",
                file.required_decimal(row, "heat_content"),
                f"mmBtu/{unit} (HHV)",
                type="conversion",
                label="heat content",
            )
            impacts.append(Impact("heat_content", f"mmBtu per {unit}", (heat,), {"unit": f"mmBtu/{unit}"}))
            co2_per_unit = file.decimal(row, "co2_kg_per_unit")
            if co2_per_unit is not None:
                ch4, n2o = file.decimal(row, "ch4_g_per_unit"), file.decimal(row, "n2o_g_per_unit")
                impacts.append(_gas_masses_impact(f"per_{_slug(unit)}", unit, co2_per_unit, ch4, n2o, gwps))
        attributes = {"category": row["category"]}
        if row.get("source_table", "").startswith("40cfr98"):
            attributes["source_table"] = "40 CFR 98 Subpart C Table C-1 (CO2 only)"
        if row["category"].startswith("Biomass"):
            attributes["biogenic_co2"] = "CO2 is biogenic: report it outside the scopes"
        out.append(
            _activity(
                f"epa:stationary_combustion:{row['key']}",
                f"{row['fuel']} ({row['category']}), stationary combustion",
                source,
                impacts,
                {"provider": "US EPA", "dataset": "stationary_combustion", "item": row["key"]},
                attributes | _gwp_attributes(gwps),
            )
        )
    return out


def egrid_subregions(
    file: FactorFile, rows: Sequence[Mapping[str, str]], source: FactorSource, gwps: GwpSets
) -> list[ImpactActivityVersion]:
    """eGRID subregion output rates per MWh; the gas columns are AR5 CO2e contributions, not masses."""
    basis = EGRID_GWP_BASIS.lower()
    out = []
    for row in rows:
        components = (
            _mass("co2", "CO2", file.required_decimal(row, "co2_kg_per_mwh"), "MWh"),
            _contribution("ch4", file.required_decimal(row, "ch4_co2e_kg_per_mwh"), "MWh", EGRID_GWP_BASIS),
            _contribution("n2o", file.required_decimal(row, "n2o_co2e_kg_per_mwh"), "MWh", EGRID_GWP_BASIS),
            _total(file.required_decimal(row, "co2e_kg_per_mwh"), "MWh", EGRID_GWP_BASIS, "as published"),
        )
        out.append(
            _activity(
                f"epa:egrid_subregion:{row['key']}",
                f"Electricity generated in eGRID subregion {row['subregion']} (total output rate)",
                source,
                [Impact("per_mwh", "kg per MWh", components, {"unit": "kg/MWh"})],
                {"provider": "US EPA", "dataset": "egrid_subregion", "item": row["key"]},
                {"gwp": f"{EGRID_GWP_BASIS} GWP100 as published ({basis} components only)"},
            )
        )
    return out


def uk_conversion_factors(
    file: FactorFile, rows: Sequence[Mapping[str, str]], source: FactorSource, gwps: GwpSets
) -> list[ImpactActivityVersion]:
    """UK flat-file rows, one impact per unit of the same activity (natural gas per kWh and per m³)."""
    by_key: dict[str, list[Mapping[str, str]]] = {}
    for row in rows:
        by_key.setdefault(row["key"], []).append(row)
    out = []
    for key, unit_rows in by_key.items():
        impacts = []
        for row in unit_rows:
            unit = row["unit"]
            components = []
            co2 = file.decimal(row, "co2_kg")
            if co2 is not None:
                components.append(_mass("co2", "CO2", co2, unit))
            for gas in ("ch4", "n2o"):
                contribution = file.decimal(row, f"{gas}_co2e_kg")
                if contribution is not None:
                    components.append(_contribution(gas, contribution, unit, UK_GWP_BASIS))
            components.append(
                _total(file.required_decimal(row, "co2e_kg"), unit, UK_GWP_BASIS, "as published")
            )
            impacts.append(
                Impact(f"per_{_slug(unit)}", f"kg per {unit}", tuple(components), {"unit": f"kg/{unit}"})
            )
        first = unit_rows[0]
        out.append(
            _activity(
                f"uk_gov:conversion_factors:{key}",
                first["activity"],
                source,
                impacts,
                {"provider": "UK BEIS/DESNZ", "dataset": "conversion_factors", "item": key},
                {"scope": first["scope"], "gwp": f"{UK_GWP_BASIS} GWP100 as published (basis unconfirmed)"},
            )
        )
    return out


def _gas_masses_impact(
    key: str, per: str, co2_kg: Decimal, ch4_g: Decimal | None, n2o_g: Decimal | None, gwps: GwpSets
) -> Impact:
    """kg of each gas per `per` and, when CH4 and N2O are both published, kg CO2e under each GWP set."""
    components = [_mass("co2", "CO2", co2_kg, per)]
    masses = {"CO2": co2_kg}
    for gas, grams in (("CH4", ch4_g), ("N2O", n2o_g)):
        if grams is not None:
            masses[gas] = exact(grams.scaleb(-3))
            description = f"published as {grams} g {gas}/{per}"
            components.append(_mass(gas.lower(), gas, masses[gas], per, description))
    if len(masses) == 3:
        components.extend(
            _total(co2e(masses, gwp), per, name, f"computed from CO2, CH4, N2O with {name} GWP100")
            for name, gwp in gwps.items()
        )
    return Impact(key, f"kg per {per}", tuple(components), {"unit": f"kg/{per}"})


def _mass(key: str, gas: str, kg: Decimal, per: str, description: str = "") -> Component:
    return Component(key, kg, f"kg {gas}/{per}", label=gas, description=description)


def _contribution(gas: str, kg_co2e: Decimal, per: str, basis: str) -> Component:
    return Component(
        f"{gas}_co2e_{basis.lower()}",
        kg_co2e,
        f"kg CO2e/{per} ({basis} GWP100)",
        label=f"{gas.upper()} as CO2e",
        description=f"CO2e contribution of {gas.upper()}, not its mass",
    )


def _total(kg_co2e: Decimal, per: str, basis: str, how: str) -> Component:
    return Component(
        f"co2e_{basis.lower()}",
        kg_co2e,
        f"kg CO2e/{per} ({basis} GWP100)",
        type="co2e",
        label=f"CO2e ({basis})",
        description=how,
    )


def _activity(
    name: str,
    description: str,
    source: FactorSource,
    impacts: Sequence[Impact],
    tags: Mapping[str, str],
    attributes: Mapping[str, str],
) -> ImpactActivityVersion:
    """An unnumbered version (0) carrying the edition's provenance in its attributes and tags."""
    return ImpactActivityVersion(
        name=name,
        version=0,
        active_at=source.active_at,
        description=description,
        source=source,
        impacts=tuple(impacts),
        tags={**tags, "edition": source.edition},
        attributes={
            "source": source.source,
            "licence": source.licence,
            "edition": f"{source.name} {source.edition}",
            "file": f"sif_resources/data/factors/{source.file}",
            "unit": "; ".join(impact.name for impact in impacts),
            **attributes,
        },
    )


def _gwp_attributes(gwps: GwpSets) -> dict[str, str]:
    if not gwps:
        return {}
    return {
        "gwp": f"{', '.join(gwps)} GWP100 from {GWP_PACKAGE} {GWP_PACKAGE_VERSION} ({GWP_PACKAGE_LICENCE})"
    }


def _slug(unit: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", unit.lower().replace("³", "3")).strip("_")
