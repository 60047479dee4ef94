"""Pipeline files: the examples load and compute numbers checked by hand; bad files fail with clear errors."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from calculator.pipeline_file import PipelineFile, PipelineFileError, load_pipeline_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_NAMES = ["household-electricity", "fleet-fuel", "natural-gas"]

# eGRID2020 subregion total output rates in kg CO2e per MWh under AR5 GWP100, as given in
# the project spec peers-and-factors.md §3.2 (from aws-samples/aws-sif-carbon-accounting-portal
# scripts/impacts.json): the published total, then the CO2e of CO2, CH4 and N2O.
EGRID2020_COMPONENTS = ("co2e", "co2", "ch4", "n2o")
EGRID2020 = {
    "AKGD": ("487.008", "484.291", "1.1558", "1.4424"),
    "CAMX": ("242.039", "241.165", "0.3937", "0.4808"),
    "ERCT": ("370.661", "369.021", "0.6858", "0.9616"),
    "FRCC": ("379.354", "377.808", "0.6731", "0.8414"),
    "MROE": ("722.243", "717.644", "1.8797", "2.6444"),
    "MROW": ("454.977", "451.682", "1.3590", "1.8030"),
    "NEWE": ("246.749", "244.653", "0.9144", "1.0818"),
    "NWPP": ("289.629", "287.849", "0.7366", "0.9616"),
    "NYCW": ("370.985", "370.474", "0.2413", "0.2404"),
    "NYUP": ("106.152", "105.724", "0.1905", "0.2404"),
    "RFCE": ("306.626", "305.171", "0.6223", "0.8414"),
    "RFCW": ("477.425", "474.517", "1.2066", "1.6828"),
    "RMPA": ("528.993", "525.650", "1.3844", "1.9232"),
    "SRMW": ("705.200", "699.908", "2.1718", "3.0050"),
    "SRSO": ("406.618", "404.562", "0.8509", "1.2020"),
    "US": ("388.737", "386.596", "0.9017", "1.2020"),
}


def egrid_kg(kwh: str, subregion: str, component: str) -> Decimal:
    """kWh / 1000 x the subregion's rate, by the calculator's rules: / to 10 places HALF_UP, x exact."""
    mwh = Context(prec=100).divide(Decimal(kwh), Decimal(1000)).quantize(Decimal("1E-10"), ROUND_HALF_UP)
    return mwh * Decimal(EGRID2020[subregion][EGRID2020_COMPONENTS.index(component)])


def outputs_of(name: str) -> tuple[PipelineFile, pd.DataFrame]:
    pipeline = load_pipeline_file(EXAMPLES / name / "pipeline.yaml")
    result = pipeline.run()
    assert result.cell_errors == []
    assert result.row_errors == {}
    return pipeline, result.frame()


def number(frame: pd.DataFrame, column: str, row: int) -> Decimal:
    return Decimal(frame[column].iloc[row])


# --- the examples -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_runs_every_row_over_three_months_of_2024(name: str) -> None:
    pipeline, frame = outputs_of(name)
    rows = pipeline.read_input()
    assert 10 <= len(rows) <= 20
    first = pipeline.transformer.transforms[0]
    assert first.formula == "AS_TIMESTAMP(:date,'yyyy-MM-dd')"
    assert first.output.type == "timestamp"
    months = {pd.Timestamp(int(ms), unit="ms").strftime("%Y-%m") for ms in frame[first.output.key]}
    assert months == {"2024-01", "2024-02", "2024-03"}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_data_file_names_its_source_and_licence(name: str) -> None:
    pipeline = load_pipeline_file(EXAMPLES / name / "pipeline.yaml")
    assert pipeline.sources
    for note in pipeline.sources:
        assert note.source and note.licence, note.file


def test_household_electricity_rates_are_the_16_egrid2020_rows() -> None:
    text = (EXAMPLES / "household-electricity" / "egrid2020-subregion-rates.csv").read_text()
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert {row["impact"] for row in rows} == {"kg CO2e per MWh"}
    in_file = {row["activity"]: tuple(Decimal(row[c]) for c in EGRID2020_COMPONENTS) for row in rows}
    expected = {
        f"egrid2020:{name.lower()}": tuple(Decimal(v) for v in values) for name, values in EGRID2020.items()
    }
    assert len(rows) == len(in_file) == 16
    assert in_file == expected
    # The published total is not the sum of the gases' CO2e; they differ by at most 0.133 (MROW).
    gaps = {name: total - (co2 + ch4 + n2o) for name, (total, co2, ch4, n2o) in in_file.items()}
    assert max(abs(gap) for gap in gaps.values()) == gaps["egrid2020:mrow"] == Decimal("0.1330")


def test_household_electricity_turns_kwh_into_kg_co2e_with_the_zip_codes_egrid2020_rates() -> None:
    pipeline, frame = outputs_of("household-electricity")
    # Row 1: 412 kWh at ZIP 94105 -> CAMX; 0.412 MWh x CAMX's kg CO2e per MWh for each component.
    assert (frame["subregion"].iloc[0], frame["factor_activity"].iloc[0]) == ("CAMX", "egrid2020:camx")
    co2 = egrid_kg("412", "CAMX", "co2")
    ch4 = egrid_kg("412", "CAMX", "ch4")
    n2o = egrid_kg("412", "CAMX", "n2o")
    co2e = egrid_kg("412", "CAMX", "co2e")
    assert number(frame, "co2_kg", 0) == co2 == Decimal("0.412") * Decimal("241.165") == Decimal("99.35998")
    assert number(frame, "ch4_co2e_kg", 0) == ch4 == Decimal("0.1622044")
    assert number(frame, "n2o_co2e_kg", 0) == n2o == Decimal("0.1980896")
    assert number(frame, "co2e_kg", 0) == co2e == Decimal("99.720068")
    # The total comes from the published total rate, not from adding the gases (0.0005 kg/MWh apart).
    assert co2 + ch4 + n2o - co2e == Decimal("0.412") * Decimal("0.0005") == Decimal("0.000206")
    # Row 3: the ZIP code keeps its leading zero (07102 -> RFCE); 648 kWh.
    assert frame["subregion"].iloc[2] == "RFCE"
    assert number(frame, "co2_kg", 2) == egrid_kg("648", "RFCE", "co2") == Decimal("197.750808")
    assert number(frame, "co2e_kg", 2) == egrid_kg("648", "RFCE", "co2e") == Decimal("198.693648")
    # Row 15: a fractional reading, 702.5 kWh at ZIP 98101 -> NWPP.
    assert frame["subregion"].iloc[14] == "NWPP"
    assert number(frame, "co2e_kg", 14) == egrid_kg("702.5", "NWPP", "co2e") == Decimal("203.4643725")
    assert number(frame, "n2o_co2e_kg", 14) == egrid_kg("702.5", "NWPP", "n2o") == Decimal("0.675524")
    # The audit of row 1's total names the eGRID activity and component, and the kWh -> MWh step.
    audits = pipeline.run(audit=True).audits
    assert audits is not None
    total = audits[0][7]
    assert [(a["activity"], a["component"]) for a in total["activities"]] == [("egrid2020:camx", "co2e")]
    assert total["evaluated"]["set :mwh = 412 / 1000"] == "0.412"
    assert total["calculations"][0]["function"] == "grid_kg_co2e"


def test_fleet_fuel_uses_beis_factors_per_litre_and_epa_factors_per_us_gallon() -> None:
    _, frame = outputs_of("fleet-fuel")
    # Row 1: 62.5 L of diesel in the UK -> BEIS 2020 diesel 2.51072 kg CO2 per litre.
    assert (frame["fuel"].iloc[0], frame["factor_set"].iloc[0]) == ("diesel", "beis2020")
    assert number(frame, "co2_kg", 0) == Decimal("62.5") * Decimal("2.51072") == Decimal("156.92")
    # Row 3: 41.2 US gallons of diesel -> EPA 10.21 kg CO2 per gallon; 3.785411784 litres per gallon.
    assert number(frame, "co2_kg", 2) == Decimal("41.2") * Decimal("10.21") == Decimal("420.652")
    assert number(frame, "litres", 2) == Decimal("41.2") * Decimal("3.785411784") == Decimal("155.9589655008")
    # Row 4: "Gasoline" is petrol; in gallons that is EPA motor gasoline, 8.78 kg CO2 per gallon.
    assert frame["fuel"].iloc[3] == "petrol"
    assert number(frame, "co2_kg", 3) == Decimal("14.8") * Decimal("8.78") == Decimal("129.944")
    # Row 15: "Unleaded" in litres -> BEIS 2020 petrol 2.15532 kg CO2 per litre.
    assert number(frame, "co2_kg", 14) == Decimal("36.9") * Decimal("2.15532") == Decimal("79.531308")


def test_natural_gas_factor_under_ar5_is_53_1145_kg_co2e_per_mmbtu() -> None:
    _, frame = outputs_of("natural-gas")
    ar5 = Decimal("53.06") + Decimal("0.001") * 28 + Decimal("0.0001") * 265
    ar4 = Decimal("53.06") + Decimal("0.001") * 25 + Decimal("0.0001") * 298
    assert ar5 == Decimal("53.1145")
    assert ar4 == Decimal("53.1148")
    # Row 1: 1250 therms, AR5 -> 125 mmBtu x 53.1145.
    assert frame["kg_co2e_per_mmbtu"].iloc[0] == "53.1145"
    assert number(frame, "mmbtu", 0) == Decimal("125")
    assert number(frame, "co2e_kg", 0) == 125 * ar5 == Decimal("6639.3125")
    # Row 3: 980 therms, AR4 -> 98 mmBtu x 53.1148.
    assert frame["kg_co2e_per_mmbtu"].iloc[2] == "53.1148"
    assert number(frame, "co2e_kg", 2) == 98 * ar4 == Decimal("5205.2504")
    # Row 4: no GWP set given -> AR5; 312.5 therms.
    assert frame["gwp_set"].iloc[3] == "AR5"
    assert number(frame, "co2e_kg", 3) == Decimal("31.25") * ar5 == Decimal("1659.828125")


def test_audit_names_every_resource_a_row_used() -> None:
    pipeline = load_pipeline_file(EXAMPLES / "natural-gas" / "pipeline.yaml")
    audits = pipeline.run().audits
    assert audits is not None
    factor = audits[0][4]
    assert factor["result"] == "53.1145"
    assert {a["component"] for a in factor["activities"]} == {"co2", "ch4", "n2o"}
    # The per-gas factors are the platform library's (a stand-in in the file, marked `tenant: platform`).
    assert {(a["tenant"], a["group"]) for a in factor["activities"]} == {("platform", "/")}
    assert {d["outputColumn"] for d in factor["referenceDatasets"]} == {"co2", "ch4", "n2o"}
    assert factor["calculations"][0]["function"] == "natural_gas_co2e_factor"


# --- a small file built in each test ----------------------------------------------------------------------
def small_pipeline() -> dict[str, Any]:
    """A pipeline with inline resources: kWh x a region's factor, the region looked up by ZIP code."""
    return {
        "name": "small",
        "group": "/t",
        "input": "in.csv",
        "transformer": {
            "parameters": [
                {"index": 0, "key": "date", "type": "string"},
                {"index": 1, "key": "zip", "label": "ZIP", "type": "string"},
                {"index": 2, "key": "kwh", "type": "number"},
            ],
            "transforms": [
                {
                    "index": 0,
                    "formula": "AS_TIMESTAMP(:date,'yyyy-MM-dd')",
                    "outputs": [{"index": 0, "key": "time", "type": "timestamp"}],
                },
                {
                    "index": 1,
                    "formula": "LOOKUP(:zip, 'zips', 'zip', 'region')",
                    "outputs": [{"index": 0, "key": "region", "type": "string"}],
                },
                {
                    "index": 2,
                    "formula": "#per_kwh(:kwh, REF('region'))",
                    "outputs": [{"index": 0, "key": "co2e", "type": "number", "metrics": ["m"]}],
                },
            ],
        },
        "resources": {
            "datasets": [{"name": "zips", "rows": [{"zip": "07102", "region": "east"}]}],
            "activities": [{"name": "grid:east", "impacts": {"kg per kWh": {"co2e": "0.5"}}}],
            "calculations": [
                {
                    "name": "per_kwh",
                    "formula": ":kwh * IMPACT(CONCAT('grid:', :region), 'kg per kWh', 'co2e')",
                    "parameters": [
                        {"index": 0, "key": "kwh", "type": "number"},
                        {"index": 1, "key": "region", "type": "string"},
                    ],
                }
            ],
        },
    }


def write(
    folder: Path, document: dict[str, Any] | str, rows: str = "date,ZIP,kwh\n2024-01-02,07102,10\n"
) -> Path:
    path = folder / "pipeline.yaml"
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document, sort_keys=False))
    (folder / "in.csv").write_text(rows)
    return path


def problems(path: Path) -> str:
    with pytest.raises(PipelineFileError) as error:
        load_pipeline_file(path).run()
    return str(error.value)


def test_inline_resources_and_label_headers_run(tmp_path: Path) -> None:
    result = load_pipeline_file(write(tmp_path, small_pipeline())).run()
    assert result.frame()["co2e"].tolist() == ["5"]
    assert result.frame()["region"].tolist() == ["east"]


def test_unknown_key_is_rejected_with_its_path_and_the_keys_allowed_there(tmp_path: Path) -> None:
    document = small_pipeline()
    document["transformer"]["transforms"][1]["formla"] = "1"
    message = problems(write(tmp_path, document))
    assert "transformer.transforms[1].formla: unknown key; allowed here: index, formula, outputs" in message
    assert message.startswith(f"{tmp_path / 'pipeline.yaml'}:")


def test_a_transform_needs_exactly_one_output(tmp_path: Path) -> None:
    document = small_pipeline()
    document["transformer"]["transforms"][1]["outputs"].append({"index": 1, "key": "x", "type": "string"})
    assert "transformer.transforms[1].outputs: exactly one output is required, got 2" in problems(
        write(tmp_path, document)
    )
    del document["transformer"]["transforms"][2]["outputs"]
    assert "transformer.transforms[2].outputs: required" in problems(write(tmp_path, document))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["transformer"]["transforms"][2].update(index=5),
            "transformer.transforms: transform indexes must be 0..2 with no gaps or repeats, got [0, 1, 5]",
        ),
        (
            lambda d: d["transformer"]["transforms"][0]["outputs"][0].update(type="number"),
            "transformer.transforms[0].outputs[0].type: "
            "the first output of an activities pipeline must be a timestamp",
        ),
        (
            lambda d: d["transformer"]["transforms"][2]["outputs"][0].update(key="region"),
            "transformer.transforms[2].outputs[0].key: duplicate 'region', also at transformer.transforms[1]",
        ),
        (
            lambda d: d["transformer"]["transforms"][1]["outputs"][0].update(type="text"),
            "transformer.transforms[1].outputs[0].type: input should be 'string', 'number', 'boolean' or "
            "'timestamp' (got 'text')",
        ),
        (lambda d: d.update(group="t"), "group: must start with '/' (got 't')"),
        (
            lambda d: d["transformer"].update(parameters=[]),
            "transformer.parameters: at least one is required",
        ),
        (
            lambda d: d["resources"]["activities"][0].pop("impacts"),
            "resources.activities[0]: give either `file`, or `name` with `impacts`",
        ),
        (
            lambda d: d["resources"]["datasets"][0].update(file="zips.csv"),
            "resources.datasets[0]: give exactly one of `file` and `rows`",
        ),
    ],
)
def test_broken_rules_name_the_field_and_the_reason(tmp_path: Path, change: Any, expected: str) -> None:
    document = small_pipeline()
    change(document)
    assert expected in problems(write(tmp_path, document))


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = problems(write(tmp_path, "name: [small\ngroup: /t\n"))
    assert message.startswith(f"{tmp_path / 'pipeline.yaml'}:2: YAML syntax at column")


def test_a_missing_pipeline_file_is_named(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: file: no such file"


def test_a_missing_dataset_file_names_the_field_that_references_it(tmp_path: Path) -> None:
    document = small_pipeline()
    document["resources"]["datasets"] = [{"name": "zips", "file": "zips.csv"}]
    message = problems(write(tmp_path, document))
    assert "resources.datasets[0].file: no such file" in message
    assert "zips.csv" in message


def test_input_without_a_declared_column_names_the_header_line(tmp_path: Path) -> None:
    path = write(tmp_path, small_pipeline(), rows="date,kwh\n2024-01-02,10\n")
    assert problems(path) == (
        f"{tmp_path / 'in.csv'}:1: header: missing column 'zip' (or 'ZIP'); the header has 'date', 'kwh'"
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("date,ZIP,kwh\n2024-01-02,07102,10,4\n", "in.csv:2: row 1: expected 3 fields, saw 4"),
        (
            "date,ZIP,kwh\n2024-01-02,07102,10\n2024-01-03,07102\n",
            "in.csv:3: row 2: expected 3 fields, saw 2",
        ),
        ('date,ZIP,kwh\n2024-01-02,"07102,10\n', "in.csv:2: row 1: malformed CSV: unexpected end of data"),
        ("", "in.csv:1: header: the file has no header line"),
    ],
)
def test_a_malformed_input_csv_names_the_line(tmp_path: Path, rows: str, expected: str) -> None:
    assert problems(write(tmp_path, small_pipeline(), rows=rows)).endswith(expected)


def test_a_non_number_in_an_activities_csv_names_row_and_column(tmp_path: Path) -> None:
    document = small_pipeline()
    document["resources"]["activities"] = [{"file": "factors.csv"}]
    (tmp_path / "factors.csv").write_text(
        "# source: made up\n# licence: none\n"
        "activity,impact,co2e\ngrid:east,kg per kWh,0.5\ngrid:west,kg per kWh,O.4\n"
    )
    message = problems(write(tmp_path, document))
    assert message == f"{tmp_path / 'factors.csv'}:5: row 2 column co2e: 'O.4' is not a number"
