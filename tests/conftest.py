"""Test-wide settings: tools keep their state under $SIF_HOME (default `.sif/`), like the platform."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

SIF_HOME = Path(os.environ.get("SIF_HOME", ".sif"))

set_hypothesis_home_dir(str(SIF_HOME / "hypothesis"))
settings.register_profile("sif", deadline=None)
settings.load_profile("sif")
