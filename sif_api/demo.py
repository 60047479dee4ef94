"""`sif demo`: the platform's whole story on the embedded default (SQLite, a local folder, no services).

1. Two tenants (`acme`, `globex`) with groups, the factor library, and the three example pipelines'
   catalog resources (eGRID subregion rates and a ZIP lookup; EPA and BEIS fuel factors; a GWP dataset and
   calculations reading the platform's EPA natural-gas factors).
2. Three months of activity files per pipeline and tenant are landed as executions (acme gets the example
   files; globex a variant with every quantity x1.5, written next to the demo's state), and every tenant x
   month is calculated through Dagster: inputs -> activities -> metrics, checks included.
3. A new version of a catalog resource is published: v2 of the `zip_to_egrid_subregion` dataset with a
   corrected mapping (the dataset's picks are illustrative; so is the correction). The `references/*`
   sources are observed, the automation condition requests exactly the partitions that read v1 — every
   month, not only the latest — and they are recalculated.
4. A table shows each metric per tenant and month before and after, and one household's activity history
   with the dataset version behind each value.

State goes to `$SIF_HOME` (`make demo` uses `.sif/demo`), Dagster's to `$SIF_HOME/dagster`; `make ui`
opens the same instance. A folder the demo made (it holds `.sif-demo`) is wiped first, so each run tells
the same story; the demo refuses to wipe any other non-empty folder.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from sif_api import runs
from sif_api.platform_cli import pipeline_named, run_pipeline_file
from sif_resources.domain.resources import ResourceType
from sif_resources.pipelines.definition import PipelineDefinition
from sif_resources.services import PlatformServices, forget_services, services_for
from sif_resources.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MARKER = ".sif-demo"
TENANTS = {"acme": "Acme Corp (demo)", "globex": "Globex (demo)"}
#: pipeline asset name -> (example folder, input file, quantity columns scaled for globex)
PIPELINES = {
    "household_electricity": ("household-electricity", "readings.csv", ("kWh",)),
    "fleet_fuel": ("fleet-fuel", "fuel-log.csv", ("quantity",)),
    "natural_gas": ("natural-gas", "gas-bills.csv", ("therms",)),
}
METRICS = ("ghg:scope2:electricity", "ghg:scope1:mobile", "ghg:scope1:stationary", "ghg:scope1", "ghg:total")
CORRECTED_DATASET = "zip_to_egrid_subregion"
CORRECTED_GROUP = "/demo/households"
CORRECTION = ("07102", "NYCW")
GLOBEX_SCALE = Decimal("1.5")


class DemoError(Exception):
    pass


def prepare_home(settings: Settings) -> None:
    """Wipe a previous demo's state; refuse a non-empty folder the demo did not make."""
    home = settings.home
    if home.exists() and any(home.iterdir()):
        if not (home / MARKER).exists():
            raise DemoError(
                f"{home} holds state the demo did not create; set SIF_HOME to an empty folder "
                "(make demo uses .sif/demo)"
            )
        forget_services()  # engines on the old files must not outlive them
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    (home / MARKER).write_text("created by `sif demo`; the next `sif demo` wipes this folder\n")


def input_file(services: PlatformServices, tenant: str, pipeline_key: str) -> Path:
    """The example file for acme; for globex, a copy with each quantity x1.5 (exact decimal text)."""
    folder, name, scaled = PIPELINES[pipeline_key]
    source = PROJECT_ROOT / "examples" / folder / name
    if tenant == "acme":
        return source
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    for column in scaled:
        frame[column] = [str((Decimal(v) * GLOBEX_SCALE).normalize()) if v else v for v in frame[column]]
    target = services.settings.home / "demo-inputs" / tenant / name
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(target, index=False)
    return target


def metric_totals(services: PlatformServices) -> dict[tuple[str, str, str], Decimal]:
    """(tenant, metric, month) -> hierarchy value at `/` (the tenant's total)."""
    totals: dict[tuple[str, str, str], Decimal] = {}
    for tenant in TENANTS:
        for metric in METRICS:
            frame = services.activity_store.metric_values(tenant, metric, "month", groups=["/"])
            for row in frame.itertuples(index=False):
                totals[tenant, metric, str(row.date)[:7]] = Decimal(str(row.hierarchy_value))
    return totals


def publish_correction(services: PlatformServices, tenant: str) -> int:
    """Version 2 of the ZIP -> eGRID subregion dataset, with one ZIP remapped; returns the new version."""
    catalog = services.catalog
    dataset = catalog.get(
        tenant, ResourceType.REFERENCE_DATASET, name=CORRECTED_DATASET, group=CORRECTED_GROUP
    )
    headers, rows = catalog.dataset_rows(tenant, dataset)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(headers)
    zip_code, subregion = CORRECTION
    for row in rows:
        writer.writerow([subregion if row[0] == zip_code and i == 1 else v for i, v in enumerate(row)])
    updated = catalog.update(
        tenant,
        ResourceType.REFERENCE_DATASET,
        dataset.id,
        {"data": text.getvalue(), "description": f"demo correction: ZIP {zip_code} -> {subregion}"},
    )
    return int(updated.version)


def run_demo(console: Console, say: Callable[[str], None] | None = None) -> bool:
    """The whole story; False when any run or execution failed."""
    say = say or (lambda text: console.print(text, highlight=False))
    settings = Settings.from_environment()
    prepare_home(settings)
    services = services_for(settings)
    catalog = services.catalog
    say(f"[bold]1. Tenants, groups and the factor library[/] (state in {settings.home})")
    for tenant, name in TENANTS.items():
        catalog.create_tenant(tenant, name)
    dagster = runs.instance(settings)
    defs = runs.platform_definitions(dagster)
    runs.register_tenants(dagster, TENANTS)
    pipelines: dict[str, PipelineDefinition] = {key: pipeline_named(key) for key in PIPELINES}
    ok = True
    say("[bold]2. Three months of activity per pipeline and tenant, landed and calculated[/]")
    for tenant in TENANTS:
        for key, pipeline in pipelines.items():
            file = input_file(services, tenant, key)
            execution_id, outcomes = run_pipeline_file(
                pipeline, file, tenant=tenant, group=pipeline.group, services=services
            )
            execution = services.executions.get(tenant, key, execution_id)
            ok &= all(o.success for o in outcomes) and execution.status == "success"
            say(f"   {tenant} {key}: execution {execution.status}, {execution.activity_count} activities")
    groups = sorted(g.id for g in catalog.list_groups("acme"))
    say(f"   groups of acme: {', '.join(groups)}")
    runs.observe_references(defs, dagster)
    runs.ensure_automation_baseline(defs, dagster)
    before = metric_totals(services)
    say("[bold]3. Publishing a corrected ZIP -> eGRID subregion mapping, then restating[/]")
    for tenant in TENANTS:
        version = publish_correction(services, tenant)
        say(f"   {tenant}: {CORRECTED_DATASET} v{version} (ZIP {CORRECTION[0]} -> {CORRECTION[1]})")
    runs.observe_references(defs, dagster)
    requested, cursor = runs.requested_by_automation(defs, dagster, cursor=runs.load_cursor(dagster))
    runs.save_cursor(dagster, cursor)
    for asset, keys in sorted(requested.items()):
        say(f"   automation requested {asset}: {', '.join(keys)}")
    if not requested:
        say("   [red]the automation requested nothing[/]")
        ok = False
    outcomes = runs.restate(defs, dagster, requested)
    ok &= all(o.success for o in outcomes)
    after = metric_totals(services)
    console.print(_comparison(before, after))
    console.print(_history(services))
    return ok


def _comparison(
    before: dict[tuple[str, str, str], Decimal], after: dict[tuple[str, str, str], Decimal]
) -> Table:
    table = Table(title="4. Metrics at / (kg CO2e), before and after the restatement")
    for column in ("tenant", "metric", "month", "before", "after", "change"):
        table.add_column(column, justify="right" if column in ("before", "after", "change") else "left")
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, Decimal(0)), after.get(key, Decimal(0))
        change = new - old
        table.add_row(*key, f"{old:,.3f}", f"{new:,.3f}", f"[yellow]{change:+,.3f}[/]" if change else "0")
    return table


def _history(services: PlatformServices) -> Table:
    """Every version of the corrected household's January activity, with the dataset version behind it."""
    store = services.activity_store
    latest = store.latest_activities("acme", "household_electricity", months=["2024-01"])
    table = Table(title="Activity history: acme, household H-003 (ZIP 07102), January 2024")
    for column in ("computed at", "run", "co2e_kg", "subregion", "versions read"):
        table.add_column(column)
    match = latest[latest["unique_keys"].astype(str).str.contains("H-003")]
    if not len(match):
        return table
    history = store.activity_history("acme", "household_electricity", str(match.iloc[0]["activity_id"]))
    for row in history.to_dict("records"):
        values = row.get("values")
        if isinstance(values, str):
            row = {**json.loads(values), **row}
        versions = row.get("factor_versions") or {}
        read = ", ".join(
            f"{v.get('name')} v{v.get('version')}" for v in versions.values() if isinstance(v, dict)
        )
        table.add_row(
            str(row.get("computed_at")),
            str(row.get("run_id"))[:8],
            str(row.get("co2e_kg")),
            str(row.get("subregion")),
            read,
        )
    return table
