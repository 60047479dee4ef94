"""Test-wide settings: tools keep their state under $SIF_HOME (default `.sif/`), like the platform."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

SIF_HOME = Path(os.environ.get("SIF_HOME", ".sif"))

settings.register_profile("sif", database=DirectoryBasedExampleDatabase(SIF_HOME / "hypothesis"))
settings.load_profile("sif")
