"""The catalog commands of `sif` on a fresh `$SIF_HOME`: what they print, store and refuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sif_api.cli import app
from sif_resources.catalog.platform import open_catalog


@pytest.fixture
def sif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose catalog is a new embedded SQLite store under `tmp_path`."""
    monkeypatch.setenv("SIF_HOME", str(tmp_path / ".sif"))
    for name in ("SIF_DATABASE_URL", "SIF_CATALOG_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_a_fresh_install_lists_the_factor_library(sif: CliRunner) -> None:
    result = sif.invoke(app, ["factors", "list", "--source", "Hub"])
    assert result.exit_code == 0, result.output
    assert "epa:stationary_combustion:natural_gas" in result.stdout
    assert "US EPA GHG Emission Factors Hub 2024" in result.stdout
    assert "egrid" not in result.stdout


def test_factors_show_prints_components_with_units_and_values(sif: CliRunner) -> None:
    result = sif.invoke(app, ["factors", "show", "epa:stationary_combustion:natural_gas"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "co2e_ar5" in line and "53.1145" in line)
    assert "kg CO2e/mmBtu (AR5 GWP100)" in line


def test_tenants_groups_and_users_are_managed_from_the_command_line(sif: CliRunner) -> None:
    for command in (
        ["tenant", "create", "acme", "--name", "Acme Corp"],
        ["group", "create", "acme", "/", "USA"],
        ["group", "create", "acme", "/usa", "West"],
        ["user", "add", "acme", "Bob@Example.com", "/usa", "admin"],
        ["user", "grant", "acme", "bob@example.com", "/usa/west", "reader"],
        ["user", "revoke", "acme", "bob@example.com", "/usa"],
    ):
        result = sif.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
    assert "Acme Corp" in sif.invoke(app, ["tenant", "list"]).stdout
    assert "/usa/west" in sif.invoke(app, ["group", "list", "acme"]).stdout
    users = sif.invoke(app, ["user", "list", "acme"]).stdout
    assert "bob@example.com" in users and "/usa/west reader" in users and "/usa admin" not in users


def test_errors_are_one_line_and_exit_non_zero(sif: CliRunner) -> None:
    sif.invoke(app, ["tenant", "create", "acme"])
    cases = {
        ("tenant", "create", "acme"): "error: tenant create: tenant 'acme': Tenant 'acme' already exists.\n",
        (
            "group",
            "create",
            "acme",
            "/nope",
            "x",
        ): "error: group create: group '/nope' of tenant 'acme': not found\n",
        ("user", "add", "acme", "not-an-email", "/", "reader"): "error: user add: email: must be an e-mail",
        ("factors", "show", "nothing"): "error: factors show: activity 'nothing' in group '/': not found\n",
    }
    for command, message in cases.items():
        result = sif.invoke(app, list(command))
        assert result.exit_code == 1, command
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.output


def test_an_unusable_store_is_reported_with_exit_2(sif: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIF_CATALOG_BACKEND", "oracle")
    result = sif.invoke(app, ["tenant", "list"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: tenant list: the catalog store cannot be used: SIF_CATALOG_BACKEND"
    )


def test_db_upgrade_is_idempotent(sif: CliRunner) -> None:
    first = sif.invoke(app, ["db", "upgrade"])
    second = sif.invoke(app, ["db", "upgrade"])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert "is up to date" in second.stdout and "loaded" not in second.stdout


def test_dataset_load_makes_versions_and_names_a_bad_line(sif: CliRunner, tmp_path: Path) -> None:
    sif.invoke(app, ["tenant", "create", "acme"])
    rows = tmp_path / "zips.csv"
    rows.write_text("zip,subregion\n98101,NWPP\n98102,NWPP\n", encoding="utf-8")
    first = sif.invoke(app, ["dataset", "load", "acme", "/", "zips", str(rows)])
    second = sif.invoke(app, ["dataset", "load", "acme", "/", "zips", str(rows)])
    assert first.exit_code == 0, first.output
    assert "zips version 1" in first.stdout and "zips version 2" in second.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("zip,subregion\n98101,NWPP\n98102\n", encoding="utf-8")
    failed = sif.invoke(app, ["dataset", "load", "acme", "/", "zips", str(bad)])
    assert failed.exit_code == 1
    assert f"error: dataset load: {bad}: line 3 has 1 values but the header has 2" in failed.stderr


def test_import_twice_changes_nothing_and_export_round_trips(sif: CliRunner, tmp_path: Path) -> None:
    sif.invoke(app, ["tenant", "create", "acme"])
    source = tmp_path / "catalog.yaml"
    source.write_text(
        "type: group\ngroup: /usa\n---\n"
        "type: activity\ngroup: /usa\nname: grid\nimpacts:\n  co2e:\n    name: co2e\n    components:\n"
        "      co2: {key: co2, value: 0.4, type: pollutant}\n---\n"
        "type: referenceDataset\ngroup: /usa\nname: zips\ndatasetHeaders: [zip, subregion]\n"
        'data: "zip,subregion\\n98101,NWPP\\n"\n',
        encoding="utf-8",
    )
    first = sif.invoke(app, ["catalog", "import", "acme", str(source)])
    second = sif.invoke(app, ["catalog", "import", "acme", str(source)])
    assert first.exit_code == 0, first.output
    assert "3 created, 0 updated, 0 unchanged" in first.stdout
    assert "0 created, 0 updated, 3 unchanged" in second.stdout
    exported = tmp_path / "exported"
    assert sif.invoke(app, ["catalog", "export", "acme", str(exported)]).exit_code == 0
    assert sorted(p.name for p in exported.rglob("*") if p.is_file()) == [
        "activities.yaml",
        "groups.yaml",
        "referenceDatasets.yaml",
        "usa--zips.csv",
    ]
    sif.invoke(app, ["tenant", "create", "copy"])
    copied = sif.invoke(app, ["catalog", "import", "copy", str(exported)])
    assert "3 created, 0 updated, 0 unchanged" in copied.stdout
    again = sif.invoke(app, ["catalog", "import", "acme", str(exported)])
    assert "0 created, 0 updated, 3 unchanged" in again.stdout


def test_catalog_share_grants_and_revokes_a_resource(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIF_HOME", str(tmp_path / ".sif"))
    runner = CliRunner()
    for command in (
        ["tenant", "create", "acme"],
        ["group", "create", "acme", "/", "EU"],
        ["group", "create", "acme", "/", "US"],
    ):
        assert runner.invoke(app, command).exit_code == 0
    data = tmp_path / "zips.csv"
    data.write_text("zip,subregion\n94105,CAMX\n")
    assert runner.invoke(app, ["dataset", "load", "acme", "/us", "zips", str(data)]).exit_code == 0
    catalog = open_catalog()
    dataset = catalog.find("acme", "referenceDataset", "/us", "zips")
    assert dataset is not None

    shared = runner.invoke(app, ["catalog", "share", "acme", "referenceDataset", dataset.id, "/eu"])
    revoked = runner.invoke(
        app, ["catalog", "share", "acme", "referenceDataset", dataset.id, "/eu", "--revoke"]
    )
    unknown = runner.invoke(app, ["catalog", "share", "acme", "referenceDataset", dataset.id, "/asia"])

    assert shared.exit_code == 0 and "version 2 belongs to /us, /eu" in shared.output
    assert revoked.exit_code == 0 and "version 3 belongs to /us" in revoked.output
    assert unknown.exit_code == 1 and "group '/asia' of tenant 'acme': not found" in unknown.output


def test_tenant_share_sets_shows_and_clears_the_sharing_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIF_HOME", str(tmp_path / ".sif"))
    runner = CliRunner()
    assert runner.invoke(app, ["tenant", "create", "acme"]).exit_code == 0

    published = runner.invoke(app, ["tenant", "share", "acme", "--publish", "/", "--read", "beta:/shared"])
    shown = runner.invoke(app, ["tenant", "share", "acme"])
    bad = runner.invoke(app, ["tenant", "share", "acme", "--read", "beta"])
    cleared = runner.invoke(app, ["tenant", "share", "acme", "--clear"])

    assert published.exit_code == 0 and "acme publishes /; reads beta:/shared" in published.output
    assert shown.output == published.output
    assert bad.exit_code == 1 and "outgoingTenantPaths[1]: must look like <tenantId>:<groupId>" in bad.output
    assert "acme publishes nothing; reads nothing" in cleared.output


def test_the_demo_catalog_imports_into_a_fresh_tenant_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIF_HOME", str(tmp_path / ".sif"))
    runner = CliRunner()
    demo_catalog = Path(__file__).resolve().parents[2] / "examples" / "catalog"
    assert runner.invoke(app, ["tenant", "create", "acme"]).exit_code == 0

    first = runner.invoke(app, ["catalog", "import", "acme", str(demo_catalog)])
    second = runner.invoke(app, ["catalog", "import", "acme", str(demo_catalog)])

    assert first.exit_code == 0 and "0 updated, 0 unchanged" in first.output
    assert second.exit_code == 0 and "0 created, 0 updated" in second.output
