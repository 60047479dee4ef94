"""The shapes of the shipped factor library: plain frozen dataclasses, no I/O.

They mirror SIF's impact activity (`spec/SIF.md` §4.1): an activity holds impacts, an impact holds
components. What is ours: every component states its unit, and every activity version names the edition
(`FactorSource`) it came from, so a value can always be traced back to a line of a shipped file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class FactorSource:
    """One edition of a published factor table, as shipped under `sif_resources/data/factors/`.

    `source` and `licence` are the file's `# source:` and `# licence:` lines; `notes` its `# unit:` and
    `# note:` lines. `active_at` is the edition's publication date where the source gives one, else
    1 January of the edition year.
    """

    name: str
    edition: str
    active_at: datetime
    file: str
    source: str
    licence: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    """One factor value: `key` is what `IMPACT()` asks for, `unit` says what the number means."""

    key: str
    value: Decimal
    unit: str
    type: str = "pollutant"
    label: str = ""
    description: str = ""


@dataclass(frozen=True)
class Impact:
    """A named set of components sharing one unit basis.

    `key` is the map key of SIF's `impacts` object; `name` is what `IMPACT()` matches (case-sensitive).
    """

    key: str
    name: str
    components: tuple[Component, ...]
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)

    def component(self, key: str) -> Component:
        """The component with this key; KeyError if the impact has none."""
        for component in self.components:
            if component.key == key:
                return component
        raise KeyError(f"impact {self.name!r} has no component {key!r}")

    def values(self) -> dict[str, Decimal]:
        """Component key -> value, the shape the calculator's resolver stores."""
        return {c.key: c.value for c in self.components}


@dataclass(frozen=True)
class ImpactActivityVersion:
    """One immutable version of an impact activity of the platform library.

    Versions of the same `name` are the editions of its table in publication order, so `version=1` is the
    oldest edition and `versionAsAt` (latest `active_at` at or before a date) picks the edition that
    was current then.
    """

    name: str
    version: int
    active_at: datetime
    description: str
    source: FactorSource
    impacts: tuple[Impact, ...]
    tags: Mapping[str, str] = field(default_factory=dict, hash=False)
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)

    def impact(self, name: str) -> Impact:
        """The impact whose `name` (not key) is `name`, as `IMPACT()` looks it up."""
        for impact in self.impacts:
            if impact.name == name:
                return impact
        raise KeyError(f"activity {self.name!r} has no impact named {name!r}")

    def value(self, impact: str, component: str) -> Decimal:
        """Shorthand for `impact(impact).component(component).value`."""
        return self.impact(impact).component(component).value
