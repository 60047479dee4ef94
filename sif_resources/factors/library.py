"""The platform's emission-factor library: the shipped public tables as versioned impact activities.

What belongs here: which files are shipped and as which edition, numbering editions into versions, and
handing the library to a resolver. Column meanings and the naming scheme live in `tables`, the file format
in `files`, GWP sets in `gwp`, the dataclasses in `model`.

The library belongs to a platform-level tenant that every tenant can read; the stores will load it from
`load_library()`. Until they exist, `to_in_memory` puts it into the calculator's `InMemoryResolver`, so
`IMPACT('epa:stationary_combustion:natural_gas','kg per mmBtu','co2e_ar5')` gives 53.1145 today.

Versions: every activity's editions are numbered 1, 2, ... in `active_at` order, so the 2011 EPA coal rows
are version 1 (active 2011-11-07) and the 2024 Hub rows version 2 (active 2024-01-01); activities with a
single edition are version 1. "Latest" is the highest version; `versionAsAt` picks the version with the
greatest `active_at` at or before the date (`version_as_at`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from calculator.resolver import InMemoryResolver
from sif_resources.factors import tables
from sif_resources.factors.files import read_factor_file
from sif_resources.factors.gwp import gwp_set, gwp_set_names
from sif_resources.factors.model import Component, FactorSource, Impact, ImpactActivityVersion

__all__ = [
    "DEFAULT_GWP_SETS",
    "EDITIONS",
    "Component",
    "Edition",
    "FactorSource",
    "Impact",
    "ImpactActivityVersion",
    "factor_sources",
    "gwp_set",
    "gwp_set_names",
    "load_library",
    "to_in_memory",
    "version_as_at",
]

DEFAULT_GWP_SETS = ("AR4", "AR5", "AR6")


@dataclass(frozen=True)
class Edition:
    """A shipped file (or, with `year`, the rows of one year in it) and how to read it."""

    name: str
    edition: str
    active_at: datetime
    file: str
    build: tables.TableBuilder
    year: str | None = None


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


# `active_at` is the publication date where the source states one, else 1 January of the edition year.
EDITIONS: tuple[Edition, ...] = (
    Edition(
        "US EPA Emission Factors for Greenhouse Gas Inventories",
        "2011",
        _utc(2011, 11, 7),
        "epa-ghg-hub-2011-coal.csv",
        tables.epa_stationary_combustion,
    ),
    Edition(
        "US EPA GHG Emission Factors Hub",
        "2024",
        _utc(2024, 1, 1),
        "epa-ghg-hub-2024-stationary-combustion.csv",
        tables.epa_stationary_combustion,
    ),
    Edition(
        "US EPA eGRID",
        "eGRID2020",
        _utc(2023, 2, 1),
        "egrid2020-subregion-rates.csv",
        tables.egrid_subregions,
    ),
    Edition(
        "UK Government GHG Conversion Factors (BEIS)",
        "2019",
        _utc(2019, 1, 1),
        "uk-beis-2019-2020.csv",
        tables.uk_conversion_factors,
        year="2019",
    ),
    Edition(
        "UK Government GHG Conversion Factors (BEIS)",
        "2020",
        _utc(2020, 5, 28),
        "uk-beis-2019-2020.csv",
        tables.uk_conversion_factors,
        year="2020",
    ),
)


def factor_sources() -> tuple[FactorSource, ...]:
    """Every shipped edition with the source, licence and unit lines of its file."""
    return tuple(_source(edition) for edition in EDITIONS)


def load_library(gwp_sets: Iterable[str] = DEFAULT_GWP_SETS) -> list[ImpactActivityVersion]:
    """All shipped impact activity versions, sorted by name then version.

    `gwp_sets` (any of `gwp_set_names()`) decides which `co2e_<set>` components are computed from per-gas
    values; eGRID and BEIS keep the single CO2e basis their source published.
    """
    gwps = {name.upper(): gwp_set(name) for name in gwp_sets}
    unnumbered: list[ImpactActivityVersion] = []
    for edition in sorted(EDITIONS, key=lambda e: e.active_at):
        file = read_factor_file(edition.file)
        rows = [r for r in file.rows if edition.year is None or r["year"] == edition.year]
        unnumbered.extend(edition.build(file, rows, _source(edition), gwps))
    seen: dict[str, int] = {}
    numbered = []
    for activity in unnumbered:
        seen[activity.name] = seen.get(activity.name, 0) + 1
        numbered.append(replace(activity, version=seen[activity.name]))
    return sorted(numbered, key=lambda a: (a.name, a.version))


def version_as_at(
    library: Sequence[ImpactActivityVersion], name: str, at: datetime
) -> ImpactActivityVersion | None:
    """SIF's `versionAsAt`: the version of `name` with the greatest `active_at` at or before `at`."""
    candidates = [a for a in library if a.name == name and a.active_at <= at]
    return max(candidates, key=lambda a: (a.active_at, a.version), default=None)


def to_in_memory(
    resolver: InMemoryResolver,
    group: str = "/",
    tenant: str | None = None,
    *,
    library: Sequence[ImpactActivityVersion] | None = None,
) -> list[ImpactActivityVersion]:
    """Add the library (default: `load_library()`) to `resolver` as impact activities of `group`/`tenant`.

    `tenant=None` makes the library the executing tenant's own, so formulas need no `tenant=` option.
    Each version is added by number only: the in-memory resolver matches `versionAsAt` texts exactly
    instead of by date, so as-at selection is left to the catalog store (`version_as_at` is the rule).
    """
    activities = load_library() if library is None else list(library)
    for activity in activities:
        resolver.add_impact_activity(
            activity.name,
            {impact.name: impact.values() for impact in activity.impacts},
            group=group,
            version=activity.version,
            tenant=tenant,
        )
    return activities


def _source(edition: Edition) -> FactorSource:
    file = read_factor_file(edition.file)
    notes = tuple(f"{key}: {line}" for key in ("unit", "note") for line in file.header.get(key, ()))
    return FactorSource(
        name=edition.name,
        edition=edition.edition,
        active_at=edition.active_at,
        file=edition.file,
        source=file.header_text("source"),
        licence=file.header_text("licence"),
        notes=notes,
    )
