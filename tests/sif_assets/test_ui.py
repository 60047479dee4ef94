"""The Dagster UI (`make ui`) on a persistent instance: what the CLI materialised is what the UI shows.

Under a temporary `$SIF_HOME` (Dagster's instance at `$SIF_HOME/dagster`, as `sif` and `make ui` set it up)
the test lands the household-electricity example for tenant `acme` and materialises two tenant x month
partitions, then starts `dagster-webserver -w workspace.yaml` on that instance and checks, through its GraphQL
endpoint and through headless Chromium, that the asset graph, the materialised partitions, the checks and the
runs are visible. The asset-graph screenshot is kept at `.sif/screenshots/asset-graph.png`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.headless_chromium import chromium_or_skip, dump_dom, read_png, screenshot

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SIF_HOME") or PROJECT_ROOT / ".sif").resolve() / "screenshots"
EXAMPLE = PROJECT_ROOT / "examples" / "household-electricity"
TENANT = "acme"
PARTITIONS = ("2024-01|acme", "2024-02|acme")
PIPELINE = "household_electricity"
GROUP = f"pipeline_{PIPELINE}"
# The asset-group page: the pipeline's lineage graph (references -> inputs -> activities -> its metric).
GRAPH_PATH = f"/locations/sif/asset-groups/{GROUP}"
ASSET_KEYS = {
    ("pipelines", PIPELINE, "references"),
    ("pipelines", PIPELINE, "inputs"),
    ("pipelines", PIPELINE, "activities"),
    ("metrics", "ghg__scope2__electricity"),
    ("metrics", "ghg__total"),
}
START_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class Demo:
    sif_home: Path
    dagster_home: Path
    run_ids: tuple[str, ...]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """Land the example and materialise `PARTITIONS` into a persistent instance under `tmp_path`."""
    from calculator.pipeline_file import load_pipeline_file
    from sif_api import runs
    from sif_resources.catalog.pipeline_files import import_pipeline_resources
    from sif_resources.executions.landing import land_file
    from sif_resources.pipelines.sources import definition_from_pipeline_file
    from sif_resources.services import forget_services, services_for

    sif_home = tmp_path / "sif"
    for name in ("SIF_DATABASE_URL", "SIF_CATALOG_BACKEND", "SIF_OBJECT_STORE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIF_HOME", str(sif_home))
    # dagster_home() writes os.environ["DAGSTER_HOME"] itself; set it here first so monkeypatch restores it.
    monkeypatch.setenv("DAGSTER_HOME", str(sif_home / "dagster"))
    dagster_home = runs.dagster_home()
    assert (dagster_home / "dagster.yaml").read_bytes() == (PROJECT_ROOT / "dagster.yaml").read_bytes()
    try:
        services = services_for()
        pipeline_file = load_pipeline_file(EXAMPLE / "pipeline.yaml")
        import_pipeline_resources(services.catalog, TENANT, pipeline_file)
        pipeline = definition_from_pipeline_file(pipeline_file, non_negative=["co2e_kg"])
        assert pipeline.key == PIPELINE
        landed = land_file(
            pipeline,
            tenant=TENANT,
            group=pipeline.group,
            source=EXAMPLE / "readings.csv",
            object_store=services.object_store,
            executions=services.executions,
        )
        assert {p.split("|")[0] for p in PARTITIONS} <= set(landed.months)
        with runs.instance() as instance:
            assert Path(instance.root_directory).resolve() == dagster_home
            assert not instance.is_ephemeral
            runs.register_tenants(instance, [TENANT])
            outcomes = runs.run_partitions(
                runs.definitions(), instance, runs.pipeline_selection(PIPELINE), list(PARTITIONS)
            )
        assert all(o.success and not o.failed_checks for o in outcomes), outcomes
        yield Demo(sif_home, dagster_home, tuple(o.run_id for o in outcomes))
    finally:
        forget_services()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Webserver:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            payload: dict[str, Any] = json.load(response)
        assert not payload.get("errors"), payload["errors"]
        data: dict[str, Any] = payload["data"]
        return data


@pytest.fixture
def webserver(demo: Demo, tmp_path: Path) -> Iterator[Webserver]:
    """`dagster-webserver -w workspace.yaml` on the demo's instance; its process group is stopped after."""
    executable = Path(sys.executable).with_name("dagster-webserver")
    port = _free_port()
    log = tmp_path / "webserver.log"
    env = {**os.environ, "SIF_HOME": str(demo.sif_home), "DAGSTER_HOME": str(demo.dagster_home)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(executable), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the code server goes with it
        )
    server = Webserver(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        _stop(process)


def _wait_until_serving(server: Webserver) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"dagster-webserver exited {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/server_info", timeout=5) as response:
                info = json.load(response)
            if info.get("dagster_version"):
                break
        except (OSError, urllib.error.URLError, ValueError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"dagster-webserver did not answer in {START_TIMEOUT_S:.0f}s:\n{server.log_tail()}")
        time.sleep(0.5)
    # The code location loads in its own server; wait until its assets are there (or it failed to load).
    while True:
        nodes = server.graphql(WORKSPACE_QUERY)
        errors = [
            entry["locationOrLoadError"]["message"]
            for entry in nodes["workspaceOrError"]["locationEntries"]
            if (entry.get("locationOrLoadError") or {}).get("__typename") == "PythonError"
        ]
        assert not errors, errors
        if nodes["assetNodes"]:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"the code location did not load in {START_TIMEOUT_S:.0f}s:\n{server.log_tail()}")
        time.sleep(0.5)


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The server is gone; make sure nothing it started outlives it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return


WORKSPACE_QUERY = """
{
  workspaceOrError {
    ... on Workspace {
      locationEntries { name locationOrLoadError { __typename ... on PythonError { message } } }
    }
  }
  assetNodes { assetKey { path } groupName }
}
"""

ASSET_QUERY = """
query Asset($key: AssetKeyInput!) {
  assetNodeOrError(assetKey: $key) {
    ... on AssetNode {
      partitionStats { numMaterialized numFailed }
      partitionKeysByDimension { name partitionKeys }
      assetMaterializations(limit: 10) { partition runId }
      assetChecksOrError {
        ... on AssetChecks { checks { name executionForLatestMaterialization { status } } }
      }
    }
  }
}
"""

RUNS_QUERY = """
{
  runsOrError {
    ... on Runs { results { runId status tags { key value } } }
  }
}
"""


@pytest.fixture
def chromium() -> str:
    """Checked first, before the costly set-up: skip (fail under `CI=true`) without Chromium."""
    return chromium_or_skip()


def test_the_ui_shows_the_materialised_demo(
    chromium: str, demo: Demo, webserver: Webserver, tmp_path: Path
) -> None:
    # GraphQL: the graph's assets, the partitions, the checks and the runs of the CLI's instance.
    nodes = webserver.graphql(WORKSPACE_QUERY)["assetNodes"]
    keys = {tuple(node["assetKey"]["path"]) for node in nodes}
    assert keys >= ASSET_KEYS, sorted(keys)
    groups = {tuple(node["assetKey"]["path"]): node["groupName"] for node in nodes}
    assert groups[("pipelines", PIPELINE, "activities")] == GROUP

    for path in (["pipelines", PIPELINE, "inputs"], ["pipelines", PIPELINE, "activities"]):
        asset = webserver.graphql(ASSET_QUERY, {"key": {"path": path}})["assetNodeOrError"]
        assert asset["partitionStats"]["numMaterialized"] == len(PARTITIONS), (path, asset["partitionStats"])
        assert asset["partitionStats"]["numFailed"] == 0
        dimensions = {d["name"]: d["partitionKeys"] for d in asset["partitionKeysByDimension"]}
        assert TENANT in dimensions["tenant"]
        materialized = {(m["partition"], m["runId"]) for m in asset["assetMaterializations"]}
        assert materialized == set(zip(PARTITIONS, demo.run_ids, strict=True)), materialized
        checks = asset["assetChecksOrError"]["checks"]
        assert checks, path
        statuses = {c["name"]: c["executionForLatestMaterialization"]["status"] for c in checks}
        assert set(statuses.values()) == {"SUCCEEDED"}, statuses

    listed = webserver.graphql(RUNS_QUERY)["runsOrError"]["results"]
    by_id = {run["runId"]: run for run in listed}
    for run_id, partition in zip(demo.run_ids, PARTITIONS, strict=True):
        assert by_id[run_id]["status"] == "SUCCESS"
        assert {"key": "dagster/partition", "value": partition} in by_id[run_id]["tags"]

    # The first visit shows a "Join the Dagster community" dialog over the graph; dismiss it as "Skip" does.
    assert webserver.graphql("mutation { setNuxSeen }")["setNuxSeen"] is True

    # Chromium: the asset-group page renders the graph, with links to each asset, its checks and the last run.
    url = webserver.url + GRAPH_PATH
    profile = tmp_path / "chromium-profile"
    dom = dump_dom(chromium, profile, url)
    for step in ("references", "inputs", "activities"):
        assert f'href="/assets/pipelines/{PIPELINE}/{step}' in dom, f"{PIPELINE}/{step} is not on the page"
    assert "ghg__scope2__electricity" in dom
    assert any(f'href="/runs/{run_id}' in dom for run_id in demo.run_ids), "no link to the demo's runs"
    assert "Passed" in dom  # the asset checks' summary on the nodes
    assert "Join the Dagster community" not in dom

    shot = screenshot(chromium, profile, url, tmp_path / "asset-graph.png")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOTS / "asset-graph.png")
    image = read_png(shot)
    assert (image.width, image.height) == (1600, 1000)
    # The graph canvas (right of the navigation, below the toolbar): a light background, not greyed by a
    # dialog, with the nodes' text and borders on it.
    canvas = image.colours((260, 170, image.width, image.height))
    sampled = sum(canvas.values())
    background, count = canvas.most_common(1)[0]
    assert min(background[:3]) >= 235, f"the canvas is {background}, not light (a dialog over it?)"
    assert count < 0.97 * sampled, "the canvas is nearly all one colour: no graph drawn"
    assert len(canvas) > 100, f"only {len(canvas)} colours on the canvas"
    dark = sum(n for colour, n in canvas.items() if max(colour[:3]) < 110)
    assert dark > 200, f"only {dark} dark (text) pixels on the canvas: no asset names drawn"
