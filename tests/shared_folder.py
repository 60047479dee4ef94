"""Where the read-only `shared/` folder is: beside the checkout (as in CI), or `$SIF_SHARED`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(os.environ.get("SIF_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CALCULATOR_CORPUS = SHARED / "conformance" / "calculator" / "cases.jsonl"


def corpus_records() -> list[dict[str, Any]]:
    """Every record of the calculator corpus (none when it is missing; see `require`)."""
    if not CALCULATOR_CORPUS.is_file():
        return []
    lines = CALCULATOR_CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def require(path: Path) -> None:
    """Fail when `CI=true` and a shared file is missing; skip otherwise."""
    if path.is_file():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing; CI runs with ../shared beside the checkout", pytrace=False)
    pytest.skip(f"{path} is missing")
