"""The platform's stores, opened once per process from `Settings`: catalog, activity store, object store,
landing area and executions.

What belongs here: `PlatformServices`, which opens each store lazily on first use (so a code server that
only lists definitions never touches a database) and `services_for`, which caches one instance per settings
value per process. What does not: the stores themselves, or Dagster resources (`dagster_resources.py` wraps
this for assets).
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

from sif_resources.catalog.engine import create_catalog_engine
from sif_resources.catalog.migrate import upgrade_database
from sif_resources.catalog.platform import open_catalog
from sif_resources.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from sif_resources.activities.sql_store import SqlActivityStore
    from sif_resources.catalog.service import Catalog
    from sif_resources.executions.landing import LandingArea
    from sif_resources.executions.store import ExecutionStore
    from sif_resources.objects import ObjectStore


class PlatformServices:
    """Every store the platform runs on, for one `Settings`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    @functools.cached_property
    def engine(self) -> Engine:
        """The SQL database of activities and metric values (the catalog's database for the SQL catalog)."""
        engine = create_catalog_engine(self.settings.database_url)
        upgrade_database(engine)
        return engine

    @functools.cached_property
    def catalog(self) -> Catalog:
        return open_catalog(self.settings)

    @functools.cached_property
    def activity_store(self) -> SqlActivityStore:
        from sif_resources.activities.sql_store import SqlActivityStore

        return SqlActivityStore(self.engine)

    @functools.cached_property
    def object_store(self) -> ObjectStore:
        from sif_resources.objects import open_object_store

        return open_object_store(self.settings)

    @functools.cached_property
    def landing(self) -> LandingArea:
        from sif_resources.executions.landing import LandingArea

        return LandingArea(self.object_store)

    @functools.cached_property
    def executions(self) -> ExecutionStore:
        from sif_resources.executions.store import ExecutionStore

        return ExecutionStore(self.object_store)


_services: dict[Settings, PlatformServices] = {}
_services_lock = threading.Lock()


def services_for(settings: Settings | None = None) -> PlatformServices:
    """The process's services for `settings` (default: from the environment)."""
    settings = settings or Settings.from_environment()
    with _services_lock:
        if settings not in _services:
            _services[settings] = PlatformServices(settings)
        return _services[settings]


def forget_services() -> None:
    """Drop cached services (tests that switch databases call this), disposing their engines."""
    with _services_lock:
        for services in _services.values():
            if "engine" in services.__dict__:
                services.engine.dispose()
        _services.clear()
