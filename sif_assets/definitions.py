"""The code location `sif`: every definition under `defs/` (autoloaded), plus the resources, built once in
`sif_resources.dagster_resources.build_resources` (guide T3). Loaded lazily by the CLI and code server."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from sif_resources.dagster_resources import build_resources


@dg.definitions
def defs() -> dg.Definitions:
    folder = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    return dg.Definitions.merge(folder, dg.Definitions(resources=build_resources()))
