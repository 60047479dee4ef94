"""The `sif` command line, run through Typer's CliRunner: exit codes, what it prints and where.

Each test gets its own catalog, an embedded SQLite store under `tmp_path` (`$SIF_HOME`), which `sif demo` and
`sif pipeline run --catalog` fill; the other commands must leave it alone."""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sif_api.cli import DEMO_TENANT, app
from sif_resources.catalog.platform import open_catalog
from sif_resources.catalog.service import Catalog
from sif_resources.domain.resources import ResourceType

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_NAMES = ["household-electricity", "fleet-fuel", "natural-gas"]

# household-electricity: each subregion's eGRID2020 total output rate (kg CO2e per MWh, AR5 GWP100; spec
# peers-and-factors.md §3.2) and the kWh of the readings whose ZIP codes map to it.
EGRID2020_CO2E = {
    "CAMX": "242.039",
    "NYCW": "370.985",
    "RFCE": "306.626",
    "ERCT": "370.661",
    "NWPP": "289.629",
}
READINGS_KWH = {
    "CAMX": ["412", "388", "365"],
    "NYCW": ["356", "331", "309"],
    "RFCE": ["648", "602", "571"],
    "ERCT": ["1034", "958", "1102"],
    "NWPP": ["921", "874", "702.5"],
}


def mwh(kwh: str) -> Decimal:
    """kWh / 1000, rounded to 10 places HALF_UP as the calculator rounds a division."""
    return Context(prec=100).divide(Decimal(kwh), Decimal(1000)).quantize(Decimal("1E-10"), ROUND_HALF_UP)


@pytest.fixture
def sif_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`$SIF_HOME` of the test: a fresh embedded catalog (the environment's database settings unset)."""
    home = tmp_path / ".sif"
    monkeypatch.setenv("SIF_HOME", str(home))
    for name in ("SIF_DATABASE_URL", "SIF_CATALOG_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def sif(sif_home: Path) -> CliRunner:
    # A wide terminal, so tables keep every column and numbers are never folded across lines.
    return CliRunner(env={"COLUMNS": "220", "NO_COLOR": "1"})


def demo_catalog() -> Catalog:
    """The catalog `$SIF_HOME` names, as the demo left it."""
    return open_catalog()


def demo_versions(catalog: Catalog) -> dict[tuple[str, str, str], int]:
    """(type, group, name) -> latest version of everything tenant `demo` holds, read from the store."""
    groups = [group.id for group in catalog.store.list_groups(DEMO_TENANT)]
    return {
        (kind.value, listed, record.name): record.version
        for kind in ResourceType
        for listed, record in catalog.store.list_latest(DEMO_TENANT, kind.value, groups)
    }


def copy_example(name: str, to: Path) -> Path:
    shutil.copytree(EXAMPLES / name, to / name)
    return to / name / "pipeline.yaml"


def test_demo_runs_every_example_and_prints_rows_audits_and_metric_totals(sif: CliRunner) -> None:
    result = sif.invoke(app, ["pipeline", "demo"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name in EXAMPLE_NAMES:
        assert f"{name}: audit of row 1" in out
        assert f"{name}: audit of row 2" in out
    # A computed number from each example, as shown (4 places) and as audited (every digit).
    household_1 = mwh("412") * Decimal(EGRID2020_CO2E["CAMX"])  # 412 kWh in CAMX, kg CO2e
    assert household_1 == Decimal("99.720068")
    assert household_1.quantize(Decimal("0.0001"), ROUND_HALF_UP) == Decimal("99.7201")
    assert "99.7201" in out and "co2e_kg = 99.720068" in out
    assert "156.92" in out  # fleet row 1: 62.5 L diesel x 2.51072
    assert "53.1145" in out  # natural gas under AR5, kg CO2e per mmBtu
    household_total = sum(
        (
            mwh(kwh) * Decimal(EGRID2020_CO2E[subregion])
            for subregion, kwhs in READINGS_KWH.items()
            for kwh in kwhs
        ),
        Decimal(0),
    )
    assert household_total == Decimal("3080.0160025")
    assert "Total co2e_kg → ghg:scope2:electricity: 3080.0160025  (15 of 15 rows)" in out
    assert "Total co2_kg → ghg:scope1:mobile: 3055.732144" in out
    assert "Total co2e_kg → ghg:scope1:stationary:" in out
    assert "US Government work, public domain" in out and "Open Government Licence v3.0" in out
    assert result.stderr == ""


def test_demo_imports_the_examples_into_the_catalog_and_reads_them_from_it(
    sif: CliRunner, sif_home: Path
) -> None:
    result = sif.invoke(app, ["pipeline", "demo"])
    assert result.exit_code == 0, result.output
    catalog_lines = [line for line in result.stdout.splitlines() if line.startswith("catalog ")]
    assert len(catalog_lines) == len(EXAMPLE_NAMES)
    for line in catalog_lines:
        assert line.startswith(f"catalog sqlite:///{sif_home / 'catalog.db'}   tenant demo   imported ")
    household = next(line for line in catalog_lines if "egrid2020:camx" in line)
    assert "activity egrid2020:camx v1" in household
    assert "calculation grid_kg_co2e v1" in household
    assert "referenceDataset zip_to_egrid_subregion v1" in household
    versions = demo_versions(demo_catalog())
    assert versions[("activity", "/demo/fleet", "beis2020:diesel")] == 1
    assert versions[("referenceDataset", "/demo/households", "zip_to_egrid_subregion")] == 1
    assert versions[("referenceDataset", "/demo/buildings", "gwp100")] == 1
    assert versions[("calculation", "/demo/buildings", "natural_gas_co2e_factor")] == 1
    # The stand-in for the platform's factor is not imported: the demo reads the library's.
    assert not any(name.startswith("epa:stationary") for _, _, name in versions)
    catalog = demo_catalog()
    gwp100 = catalog.get(DEMO_TENANT, ResourceType.REFERENCE_DATASET, name="gwp100", group="/demo/buildings")
    assert catalog.dataset_rows(DEMO_TENANT, gwp100) == (
        ["set", "co2", "ch4", "n2o"],
        [["AR4", "1", "25", "298"], ["AR5", "1", "28", "265"]],
    )
    groups = {group.id for group in catalog.store.list_groups(DEMO_TENANT)}
    assert groups == {"/", "/demo", "/demo/buildings", "/demo/fleet", "/demo/households"}


def test_running_the_demo_twice_writes_nothing_new(sif: CliRunner) -> None:
    first = sif.invoke(app, ["pipeline", "demo"])
    assert first.exit_code == 0, first.output
    catalog = demo_catalog()
    versions = demo_versions(catalog)
    groups = catalog.store.list_groups(DEMO_TENANT)
    assert versions and set(versions.values()) == {1}
    second = sif.invoke(app, ["pipeline", "demo"])
    assert second.exit_code == 0, second.output
    catalog = demo_catalog()
    assert demo_versions(catalog) == versions
    assert catalog.store.list_groups(DEMO_TENANT) == groups
    for kind, group, name in versions:
        record_id = catalog.store.find_by_name(DEMO_TENANT, kind, group, name)
        assert record_id is not None
        assert catalog.store.version(DEMO_TENANT, kind, record_id, 2) is None
    assert [line for line in second.stdout.splitlines() if "nothing new to import" in line] != []
    assert "imported" not in second.stdout
    # Everything but the import summary prints as before.
    assert [line for line in first.stdout.splitlines() if not line.startswith("catalog ")] == [
        line for line in second.stdout.splitlines() if not line.startswith("catalog ")
    ]


def test_the_demo_reads_natural_gas_factors_from_the_platform_library(sif: CliRunner, tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    pipeline = copy_example("natural-gas", examples)
    # Spoil the file's stand-in: the demo must not read it, a run from the file alone does.
    stand_in = pipeline.parent / "epa-stationary-natural-gas.csv"
    stand_in.write_text(stand_in.read_text().replace(",53.06,", ",99,"))
    result = sif.invoke(app, ["pipeline", "demo", "--examples", str(examples)])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("catalog "))
    assert "read activity epa:stationary_combustion:natural_gas v1 (tenant platform)" in line
    assert "kg_co2e_per_mmbtu = 53.1145" in result.stdout  # AR5, from the library's per-gas factors
    assert "co2e_kg = 6639.3125" in result.stdout  # 125 mmBtu x 53.1145
    assert (
        "activity epa:stationary_combustion:natural_gas / kg per mmBtu / co2  (tenant platform, group /, v1)"
        in result.stdout
    )
    alone = sif.invoke(app, ["pipeline", "run", str(pipeline), "--audit"])
    assert alone.exit_code == 0, alone.output
    assert "kg_co2e_per_mmbtu = 99.0545" in alone.stdout  # 99 + 0.028 + 0.0265: the stand-in


def test_pipeline_run_with_catalog_imports_the_file_and_reads_the_catalog(sif: CliRunner) -> None:
    pipeline = EXAMPLES / "natural-gas" / "pipeline.yaml"
    result = sif.invoke(app, ["pipeline", "run", str(pipeline), "--catalog", "--tenant", "acme"])
    assert result.exit_code == 0, result.output
    assert "tenant acme   imported " in result.stdout
    assert "epa:stationary_combustion:natural_gas v1 (tenant platform)" in result.stdout
    assert "Total co2e_kg → ghg:scope1:stationary: 116250.4648375  (15 of 15 rows)" in result.stdout
    catalog = demo_catalog()
    assert catalog.find("acme", ResourceType.CALCULATION, "/demo/buildings", "therms_to_mmbtu") is not None
    again = sif.invoke(app, ["pipeline", "run", str(pipeline), "--catalog", "--tenant", "acme"])
    assert "tenant acme   nothing new to import (" in again.stdout


def test_pipeline_run_without_catalog_writes_no_catalog(sif: CliRunner, sif_home: Path) -> None:
    result = sif.invoke(app, ["pipeline", "run", str(EXAMPLES / "fleet-fuel" / "pipeline.yaml")])
    assert result.exit_code == 0, result.output
    assert "catalog " not in result.stdout
    assert not sif_home.exists()


def test_demo_reads_the_examples_folder_given(sif: CliRunner, tmp_path: Path) -> None:
    copy_example("natural-gas", tmp_path)
    result = sif.invoke(app, ["pipeline", "demo", "--examples", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "natural-gas" in result.stdout and "fleet-fuel" not in result.stdout


def test_demo_without_examples_exits_2(sif: CliRunner, tmp_path: Path) -> None:
    result = sif.invoke(app, ["pipeline", "demo", "--examples", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: examples: no */pipeline.yaml in this folder\n"


def test_eval_prints_the_value_its_kind_and_the_audit(sif: CliRunner) -> None:
    result = sif.invoke(app, ["eval", "IF(:kwh>100, :kwh*0.4, 0)", "-p", "kwh=250"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["value", "100"] in lines
    assert ["kind", "number"] in lines
    assert ":kwh → 250" in result.stdout


def test_eval_types_parameters_and_keeps_text_as_text(sif: CliRunner) -> None:
    result = sif.invoke(
        app, ["eval", "CONCAT(:a, '/', :b, '/', :zip)", "-p", "a=true", "-p", "b=x", "-t", "zip=07102"]
    )
    assert result.exit_code == 0, result.output
    assert ["value", "true/x/07102"] in [line.split() for line in result.stdout.splitlines()]


def test_eval_with_a_pipeline_files_resources(sif: CliRunner) -> None:
    pipeline = EXAMPLES / "natural-gas" / "pipeline.yaml"
    result = sif.invoke(app, ["eval", "#natural_gas_co2e_factor('AR5')", "--resources", str(pipeline)])
    assert result.exit_code == 0, result.output
    assert ["value", "53.1145"] in [line.split() for line in result.stdout.splitlines()]
    assert "dataset gwp100: set=AR5 → ch4" in result.stdout


def test_eval_of_a_bad_formula_exits_1_with_one_line_naming_the_syntax_error(sif: CliRunner) -> None:
    result = sif.invoke(app, ["eval", "IF(:kwh>100, :kwh*0.4, 0", "-p", "kwh=250"])
    assert result.exit_code == 1
    assert result.stderr == "syntax error: Line 1:24 missing ')' at '<EOF>'\n"
    assert result.stdout == ""


def test_eval_of_a_failing_formula_exits_1_with_the_evaluation_error(sif: CliRunner) -> None:
    result = sif.invoke(app, ["eval", ":kwh / 0", "-p", "kwh=1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("evaluation error: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pipeline_run_of_each_example_exits_0_and_writes_every_digit(
    sif: CliRunner, name: str, tmp_path: Path
) -> None:
    output = tmp_path / "out.csv"
    result = sif.invoke(
        app, ["pipeline", "run", str(EXAMPLES / name / "pipeline.yaml"), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert name in result.stdout
    lines = output.read_text().splitlines()
    assert lines[0].startswith("time,")
    assert len(lines) == 16


def test_pipeline_run_writes_exact_values(sif: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    pipeline = EXAMPLES / "household-electricity" / "pipeline.yaml"
    result = sif.invoke(app, ["pipeline", "run", str(pipeline), "--output", str(output), "--audit"])
    assert result.exit_code == 0, result.output
    # Row 1: 412 kWh in CAMX -> 0.412 MWh x the kg CO2e per MWh of CO2, CH4, N2O and the total.
    camx = [Decimal(rate) for rate in ("241.165", "0.3937", "0.4808", "242.039")]
    row_1 = [mwh("412") * rate for rate in camx]
    assert row_1 == [Decimal("99.35998"), Decimal("0.1622044"), Decimal("0.1980896"), Decimal("99.720068")]
    assert "1706659200000,H-001,CAMX,egrid2020:camx,99.35998,0.1622044,0.1980896,99.720068\n" in (
        output.read_text()
    )
    assert "household-electricity: audit of row 15" in result.stdout


def test_pipeline_run_with_failing_rows_prints_each_and_exits_1(sif: CliRunner, tmp_path: Path) -> None:
    pipeline = copy_example("natural-gas", tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,site,therms,gwp\n2024-01-31,A,100,AR5\n2024-01-31,B,x1,AR5\n2024-01-31,C,50,AR9\n")
    result = sif.invoke(app, ["pipeline", "run", str(pipeline), "--input", str(bad)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith("Row 2: Failed processing row {date=2024-01-31, site=B, therms=x1, gwp=AR5}")
    assert errors[1].startswith("Row 3 column kg_co2e_per_mmbtu: Right side of ")
    assert errors[2].startswith("Row 3 column co2e_kg: ")
    assert errors[-1] == "1 row failed, 2 cells failed"
    assert "Total co2e_kg → ghg:scope1:stationary: 531.145  (1 of 3 rows)" in result.stdout


def test_pipeline_run_of_a_csv_missing_a_column_exits_2_naming_the_header(
    sif: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,site\n2024-01-31,A\n")
    pipeline = EXAMPLES / "natural-gas" / "pipeline.yaml"
    result = sif.invoke(app, ["pipeline", "run", str(pipeline), "--input", str(bad)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {bad}:1: header: missing columns 'therms', 'gwp'; the header has 'date', 'site'\n"
    )


def test_validate_accepts_each_example(sif: CliRunner) -> None:
    for name in EXAMPLE_NAMES:
        result = sif.invoke(app, ["pipeline", "validate", str(EXAMPLES / name / "pipeline.yaml")])
        assert result.exit_code == 0, result.output


def test_validate_reports_each_syntax_error_with_its_transform(sif: CliRunner, tmp_path: Path) -> None:
    pipeline = copy_example("natural-gas", tmp_path)
    text = pipeline.read_text()
    text = text.replace("UPPERCASE(COALESCE(:gwp, 'AR5'))", "UPPERCASE(COALESCE(:gwp, 'AR5')")
    pipeline.write_text(text.replace('":therms * 0.1"', '":therms * * 0.1"'))
    result = sif.invoke(app, ["pipeline", "validate", str(pipeline)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert (
        errors[0] == f"error: {pipeline}: transformer.transforms[2].formula: Line 1:31 missing ')' at '<EOF>'"
    )
    assert errors[1].startswith(f"error: {pipeline}: resources.calculations[0].formula: Line 1:10 ")
    assert len(errors) == 2


def test_a_yaml_with_an_unknown_key_exits_2_with_the_field_path(sif: CliRunner, tmp_path: Path) -> None:
    pipeline = copy_example("natural-gas", tmp_path)
    pipeline.write_text(pipeline.read_text().replace('formula: ":site"', 'formula: ":site"\n      formla: x'))
    for command in (["pipeline", "run"], ["pipeline", "validate"]):
        result = sif.invoke(app, [*command, str(pipeline)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {pipeline}:")
        assert ": transformer.transforms[1].formla: unknown key; allowed here: index, formula, outputs\n" in (
            result.stderr
        )
        assert "Traceback" not in result.output


def test_a_yaml_with_a_transform_missing_its_output_exits_2(sif: CliRunner, tmp_path: Path) -> None:
    pipeline = copy_example("natural-gas", tmp_path)
    pipeline.write_text(
        pipeline.read_text().replace("outputs: [{index: 0, key: mmbtu, type: number}]", "outputs: []")
    )
    result = sif.invoke(app, ["pipeline", "run", str(pipeline)])
    assert result.exit_code == 2
    assert "transformer.transforms[3].outputs: exactly one output is required, got 0" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_missing_pipeline_file_exits_2(sif: CliRunner, tmp_path: Path) -> None:
    result = sif.invoke(app, ["pipeline", "run", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: file: no such file\n"
