"""Fixtures for the Dagster definitions: a platform with its own `$SIF_HOME` (SQLite catalog and activity
store, a local object store) per test, a temporary Dagster instance, and the code location's definitions.

`Platform` bundles them with the few actions tests repeat: create a tenant with a pipeline file's resources,
land a file as an execution, and materialise a pipeline's chain for some tenant x month partitions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from sif_api import runs
from sif_api.platform_cli import prepare_tenant
from sif_assets.factories.pipeline_assets import PIPELINES
from sif_resources.executions.landing import LandingResult, land_file
from sif_resources.pipelines.definition import PipelineDefinition
from sif_resources.services import PlatformServices, forget_services, services_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = PROJECT_ROOT / "examples"


@dataclass
class Platform:
    services: PlatformServices
    instance: dg.DagsterInstance
    defs: dg.Definitions

    def pipeline(self, key: str) -> PipelineDefinition:
        return PIPELINES[key]

    def tenant(self, tenant: str, *pipelines: str) -> None:
        """A catalog tenant (a `tenant` partition too) holding the pipelines' own resources."""
        if all(t.id != tenant for t in self.services.catalog.list_tenants()):
            self.services.catalog.create_tenant(tenant)
        for key in pipelines:
            prepare_tenant(self.services, self.pipeline(key), tenant)
        runs.register_tenants(self.instance, [tenant])

    def land(self, key: str, tenant: str, file: Path, *, action: str = "create") -> LandingResult:
        return self.land_definition(self.pipeline(key), tenant, file, action=action)

    def land_definition(
        self, pipeline: PipelineDefinition, tenant: str, file: Path, *, action: str = "create"
    ) -> LandingResult:
        runs.register_tenants(self.instance, [tenant])
        return land_file(
            pipeline,
            tenant=tenant,
            group=pipeline.group,
            source=file,
            object_store=self.services.object_store,
            executions=self.services.executions,
            action_type=action,
        )

    def materialize(self, key: str, keys: list[str], **options: object) -> list[runs.RunOutcome]:
        return runs.run_partitions(
            self.defs,
            self.instance,
            runs.pipeline_selection(key),
            keys,
            **options,  # type: ignore[arg-type]
        )


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    monkeypatch.setenv("SIF_HOME", str(tmp_path / "sif"))
    for name in ("SIF_DATABASE_URL", "SIF_OBJECT_STORE_URL", "SIF_CATALOG_BACKEND", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)
    defs = runs.definitions()
    with dg.instance_for_test() as instance:
        try:
            yield Platform(services_for(), instance, defs)
        finally:
            forget_services()


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n")
    return path
