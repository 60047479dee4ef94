"""The Dagster resources of the platform, built in one place (`build_resources`), because
`Definitions.merge` rejects a resource key defined twice (guide T3).

What belongs here: `SifResource`, which hands assets the platform's stores (`services.PlatformServices`) for
settings read from the environment when a run starts, never at import; and `build_resources`, the dict every
`Definitions` of the code location uses. IO managers live in `io_managers/`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import dagster as dg

from sif_resources.services import PlatformServices, services_for
from sif_resources.settings import Settings


class SifResource(dg.ConfigurableResource):
    """The platform's stores. Empty fields take their value from the environment (`SIF_HOME`,
    `SIF_DATABASE_URL`, `SIF_OBJECT_STORE_URL`); set them only to point a code location elsewhere."""

    home: str = ""
    database_url: str = ""
    object_store_url: str = ""

    def settings(self) -> Settings:
        settings = Settings.from_environment()
        overrides: dict[str, Any] = {}
        if self.home:
            overrides["home"] = type(settings.home)(self.home)
        if self.database_url:
            overrides["database_url"] = self.database_url
        if self.object_store_url and "object_store_url" in {f.name for f in dataclasses.fields(settings)}:
            overrides["object_store_url"] = self.object_store_url
        return dataclasses.replace(settings, **overrides) if overrides else settings

    def services(self) -> PlatformServices:
        return services_for(self.settings())


def build_resources() -> dict[str, Any]:
    """Every resource the code location's assets, checks and sensors use."""
    from sif_resources.io_managers.sql import ActivityStoreIOManager

    sif = SifResource()
    return {"sif": sif, "activity_io_manager": ActivityStoreIOManager(sif=sif)}
