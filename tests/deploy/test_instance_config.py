"""The instance and workspace files (root `dagster.yaml`/`workspace.yaml`, `deploy/ecs/`,
`deploy/local-postgres/`) checked against Dagster's own schemas, without any service running.

What belongs here: schema validation of each file, of each pluggable class block against that class's
`config_type()`, the PostgreSQL driver the storage blocks resolve to (trap T2), that the run-queue rules are
the same everywhere, that the Dockerfile copies files that exist, and `dagster definitions validate` from the
project root (trap T1). Tests that open PostgreSQL are in `test_postgres_instance.py`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from dagster._config import process_config
from dagster._core.instance.config import dagster_instance_config
from dagster._core.storage.config import pg_config
from dagster._core.workspace.config_schema import ensure_workspace_config
from dagster._serdes import ConfigurableClass, class_from_code_pointer
from dagster_aws.ecs import EcsRunLauncher
from dagster_postgres.utils import pg_url_from_config
from sqlalchemy.engine import make_url

from sif_assets.keys import TENANT_TAG
from sif_assets.partitions import TENANT

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTANCE_FOLDERS = {"root": ROOT, "ecs": DEPLOY / "ecs", "local-postgres": DEPLOY / "local-postgres"}
POSTGRES_FOLDERS = ["ecs", "local-postgres"]

#: Stand-ins for the variables ECS sets, so that `{env: ...}` references resolve.
FAKE_ENVIRONMENT = {
    "DAGSTER_PG_HOST": "aurora.example.internal",
    "DAGSTER_PG_PORT": "5432",
    "DAGSTER_PG_USER": "dagster",
    "DAGSTER_PG_PASSWORD": "not-a-secret",
    "DAGSTER_PG_DB": "dagster",
    "SIF_LOG_BUCKET": "sif-logs",
}


def instance_yaml(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((INSTANCE_FOLDERS[name] / "dagster.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture
def fake_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAKE_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("name", list(INSTANCE_FOLDERS))
def test_instance_file_passes_dagsters_schema(name: str) -> None:
    config, custom_class = dagster_instance_config(str(INSTANCE_FOLDERS[name]))
    assert custom_class is None
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["telemetry"] == {"enabled": False}


def test_root_instance_is_the_local_one() -> None:
    """T1: CLI commands run from the root read ./dagster.yaml, so it must not point at Aurora or ECS."""
    root = instance_yaml("root")
    assert not {"storage", "run_storage", "event_log_storage", "schedule_storage"} & root.keys()
    assert "run_launcher" not in root
    assert "compute_logs" not in root


CLASS_BLOCKS = [
    (name, section)
    for name in INSTANCE_FOLDERS
    for section in ("run_coordinator", "run_launcher", "compute_logs")
    if section in instance_yaml(name)
]


@pytest.mark.usefixtures("fake_environment")
@pytest.mark.parametrize(("name", "section"), CLASS_BLOCKS, ids=[f"{n}-{s}" for n, s in CLASS_BLOCKS])
def test_class_block_passes_its_class_schema(name: str, section: str) -> None:
    block = instance_yaml(name)[section]
    cls = class_from_code_pointer(block["module"], block["class"])
    assert issubclass(cls, ConfigurableClass)
    result = process_config(cls.config_type(), block.get("config") or {})
    assert result.success, [error.message for error in result.errors or []]


@pytest.mark.usefixtures("fake_environment")
def test_ecs_run_launcher_config() -> None:
    block = instance_yaml("ecs")["run_launcher"]
    assert (block["module"], block["class"]) == ("dagster_aws.ecs", "EcsRunLauncher")
    result = process_config(EcsRunLauncher.config_type(), block["config"])
    assert result.success, [error.message for error in result.errors or []]
    config = result.value
    assert config is not None
    assert config["use_current_ecs_task_config"] is True
    assert config["propagate_tags"]["allow_list"] == [TENANT_TAG]
    assert {"cpu", "memory"} <= config["run_resources"].keys()
    # Runs inherit the daemon's secrets; the launcher must not list every `dagster`-tagged secret.
    assert config["secrets_tag"] is None
    assert "secrets" not in config


@pytest.mark.usefixtures("fake_environment")
@pytest.mark.parametrize("name", POSTGRES_FOLDERS)
def test_postgres_storage_uses_psycopg2(name: str) -> None:
    """T2: the URL Dagster builds must name psycopg2, the driver dagster-postgres installs."""
    result = process_config(pg_config(), instance_yaml(name)["storage"]["postgres"])
    assert result.success, [error.message for error in result.errors or []]
    assert result.value is not None
    url = make_url(pg_url_from_config(result.value))
    assert url.get_dialect().driver == "psycopg2"
    assert (url.host, url.port, url.username, url.password, url.database) == (
        "aurora.example.internal",
        5432,
        "dagster",
        "not-a-secret",
        "dagster",
    )


def test_production_storage_requires_tls_and_holds_no_secret() -> None:
    text = (DEPLOY / "ecs" / "dagster.yaml").read_text()
    db = instance_yaml("ecs")["storage"]["postgres"]["postgres_db"]
    assert db["params"] == {"sslmode": "require"}
    for field in ("hostname", "port", "username", "password", "db_name"):
        assert isinstance(db[field], dict) and db[field].keys() == {"env"}, field
    assert not re.search(r"arn:aws:|AKIA[0-9A-Z]{16}", text)


def tag_limits(name: str) -> list[dict[str, Any]]:
    limits = instance_yaml(name)["concurrency"]["runs"]["tag_concurrency_limits"]
    assert isinstance(limits, list)
    return limits


@pytest.mark.parametrize("name", ["ecs", "local-postgres"])
def test_run_queue_rules_match_the_root_instance(name: str) -> None:
    assert tag_limits(name) == tag_limits("root")
    assert instance_yaml(name)["run_coordinator"] == instance_yaml("root")["run_coordinator"]


def test_local_postgres_queue_is_the_root_queue() -> None:
    assert instance_yaml("local-postgres")["concurrency"] == instance_yaml("root")["concurrency"]


def test_run_queue_limits_one_run_per_tenant() -> None:
    """The keys limited are the tags runs carry: Dagster's partition tag and the platform's tenant tag."""
    per_tenant = {
        rule["key"]: rule["limit"]
        for rule in tag_limits("root")
        if rule.get("value") == {"applyLimitPerUniqueValue": True}
    }
    assert per_tenant == {f"dagster/partition/{TENANT}": 1, TENANT_TAG: 1}
    assert any(rule["key"] == "dagster/backfill" for rule in tag_limits("root"))


@pytest.mark.parametrize("path", [ROOT / "workspace.yaml", DEPLOY / "ecs" / "workspace.yaml"])
def test_workspace_file_passes_dagsters_schema(path: Path) -> None:
    config = ensure_workspace_config(yaml.safe_load(path.read_text()), str(path))
    locations: list[dict[str, dict[str, Any]]] = config["load_from"]  # type: ignore[assignment]
    assert [target["location_name"] for location in locations for target in location.values()] == ["sif"]


def test_production_workspace_points_at_the_code_server() -> None:
    config = yaml.safe_load((DEPLOY / "ecs" / "workspace.yaml").read_text())
    server = config["load_from"][0]["grpc_server"]
    assert server["host"].startswith("sif-code.")
    assert server["port"] == 4000


def test_dockerfile_copies_files_that_exist() -> None:
    dockerfile = (DEPLOY / "docker" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "DAGSTER_HOME=/opt/dagster/dagster_home" in dockerfile
    assert "pip install -c constraints.txt" in dockerfile
    sources = [
        source
        for line in re.findall(r"^COPY (.+)$", dockerfile, re.MULTILINE)
        for source in line.split()[:-1]
        if not source.startswith("--")
    ]
    assert "deploy/ecs/dagster.yaml" in sources and "deploy/ecs/workspace.yaml" in sources
    missing = [source for source in sources if not (ROOT / source).exists()]
    assert not missing


@pytest.mark.slow
def test_definitions_validate_from_the_project_root() -> None:
    """T1: with no DAGSTER_HOME the CLI reads ./dagster.yaml (the local instance) and loads workspace.yaml."""
    environ = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    dagster = Path(sys.executable).with_name("dagster")
    completed = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    assert "All code locations passed validation" in output
