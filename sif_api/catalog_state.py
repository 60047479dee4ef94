"""The catalog's pipelines in the code location: refreshing the state of the state-backed components
(`sif pipelines refresh`) and loading the definitions with that state.

Dagster 1.13 refreshes a `StateBackedComponent` with `dg utils refresh-defs-state` (dagster-dg-cli, not in
our venv). That command loads the project's `ComponentTree`, picks its `StateBackedComponent`s and awaits
each one's `refresh_state(project_root)` with the instance's `defs_state_storage` in context; `refresh_state`
calls `write_state_to_path` and, for `VERSIONED_STATE_STORAGE`, uploads the file under a new version and
records it as the latest in the instance's run storage. `refresh_defs_state` below does the same on the
`sif` instance (`$SIF_HOME/dagster`, the one `make ui` serves), so each `$SIF_HOME` keeps the snapshot of its
own catalog. A code server picks the latest snapshot up when it (re)loads: reload the location in the UI or
restart the code server. Nothing here reads the catalog itself: the components do, in `write_state_to_path`.

What does not belong here: what the snapshot holds and how it becomes assets
(`sif_assets.components.catalog_pipelines`), printing beyond the command's few lines.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import typer
from botocore.exceptions import BotoCoreError, ClientError

# Private, but the hooks Dagster's own code server and `dg` use: the state storage in context, and a fresh
# load context that reads the latest state versions.
from dagster._core.definitions.definitions_load_context import DefinitionsLoadContext, DefinitionsLoadType
from dagster._core.storage.defs_state.base import set_defs_state_storage
from rich.markup import escape
from sqlalchemy.exc import SQLAlchemyError

from sif_api import runs
from sif_api.rendering import error_console, out_console
from sif_resources.catalog.store import StoreError
from sif_resources.domain.catalog_errors import CatalogError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

pipelines_app = typer.Typer(
    help="Catalog pipelines in the Dagster code location (snapshots of the catalog).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add `sif pipelines ...` to the `sif` app."""
    app.add_typer(pipelines_app, name="pipelines")


@dataclass(frozen=True)
class RefreshedState:
    """One state-backed component's new state: its key, version and content (JSON, when it is JSON)."""

    key: str
    version: str
    state: Any


def state_backed_components(keys: Iterable[str] | None = None) -> dict[str, dg.StateBackedComponent]:
    """The project's state-backed components by state key (one per key, as `dg` picks them)."""
    tree = dg.ComponentTree.for_project(PROJECT_ROOT)
    abstract: type[Any] = dg.StateBackedComponent  # get_all_components wants a concrete type for mypy
    found: dict[str, dg.StateBackedComponent] = {}
    for component in tree.get_all_components(of_type=abstract):
        found.setdefault(component.defs_state_config.key, component)
    if keys is None:
        return found
    wanted = set(keys)
    missing = wanted - set(found)
    if missing:
        raise KeyError(
            f"no state-backed component has key {', '.join(sorted(missing))}; known: {sorted(found)}"
        )
    return {key: found[key] for key in found if key in wanted}


@contextmanager
def state_in_context(dagster: dg.DagsterInstance) -> Iterator[None]:
    """The instance's state storage in context, and a load context pinned to its latest state versions."""
    with set_defs_state_storage(dagster.defs_state_storage):
        fresh = DefinitionsLoadContext(load_type=DefinitionsLoadType.INITIALIZATION)
        with DefinitionsLoadContext.scoped(fresh):
            yield


def refresh_defs_state(
    dagster: dg.DagsterInstance, keys: Iterable[str] | None = None
) -> list[RefreshedState]:
    """Refresh every state-backed component (or those with `keys`) into `dagster`'s state storage, as
    `dg utils refresh-defs-state` does; returns each one's new version and state."""
    components = state_backed_components(keys)
    refreshed = []
    with set_defs_state_storage(dagster.defs_state_storage):
        for key, component in components.items():
            version = asyncio.run(component.refresh_state(PROJECT_ROOT))
            refreshed.append(RefreshedState(key, version, read_state(dagster, component)))
    return refreshed


def read_state(dagster: dg.DagsterInstance, component: dg.StateBackedComponent) -> Any:
    """The component's latest state in `dagster` (parsed when JSON), or None if it has none."""
    config = component.defs_state_config
    with (
        state_in_context(dagster),
        DefinitionsLoadContext.get().state_path(config, dagster.defs_state_storage, PROJECT_ROOT) as path,
    ):
        if path is None:
            return None
        text = path.read_text()
    try:
        return json.loads(text)
    except ValueError:
        return text


def definitions_with_state(dagster: dg.DagsterInstance) -> dg.Definitions:
    """The code location's definitions with the latest state in `dagster` (catalog pipelines included),
    as a code server on that instance loads them. `runs.definitions()` alone has no state to read."""
    with state_in_context(dagster):
        return runs.definitions()


# --- sif pipelines refresh ----------------------------------------------------------------------------------
@pipelines_app.command("refresh")
def refresh() -> None:
    """Snapshot every tenant's enabled catalog pipelines and metrics for the code location.

    The code location never reads the catalog when it loads; it builds `<tenant>__<pipeline>` asset chains
    from the last snapshot in the Dagster instance ($SIF_HOME/dagster). Reload the location afterwards
    (UI: Deployment > Reload, or restart the code server) to see the changes."""
    dagster = runs.instance()
    try:
        refreshed = refresh_defs_state(dagster)
    except (CatalogError, StoreError, SQLAlchemyError, BotoCoreError, ClientError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        error_console().print(f"error: pipelines refresh: the catalog cannot be read: {reason}", markup=False)
        raise typer.Exit(2) from None
    console = out_console()
    for state in refreshed:
        console.print(f"[green]refreshed[/] {escape(state.key)} (version {escape(state.version)})")
        if isinstance(state.state, dict) and "tenants" in state.state:
            for line in snapshot_lines(state.state):
                console.print(f"  {escape(line)}")
    console.print("Reload the code location `sif` (or restart its code server) to load them.")


def snapshot_lines(snapshot: dict[str, Any]) -> list[str]:
    """One line per tenant of a catalog snapshot: its pipelines (as asset names) and metrics."""
    from sif_resources.pipelines.sources import catalog_pipeline_key

    lines = []
    for entry in snapshot["tenants"]:
        names = [catalog_pipeline_key(entry["tenant"], p["name"]) for p in entry["pipelines"]]
        lines.append(
            f"{entry['tenant']}: {len(names)} pipelines ({', '.join(names) or '-'}), "
            f"{len(entry['metrics'])} metrics"
        )
    return lines or ["no tenants"]
