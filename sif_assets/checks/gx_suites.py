"""Run a Great Expectations 1.x suite over a pandas frame and report it as a Dagster check result.

What belongs here: one ephemeral GX context per process (GX is slow to import and to set up, so it is
imported on first use and kept) with one pandas data source whose batch definition every validation reuses,
passing its frame as a batch parameter (adding and deleting a data source per frame rewrote the context's
configuration each time), validating a frame against a list of expectations, and turning the
validation into an `AssetCheckResult` whose metadata names every failed expectation with a few of the
offending values. What does not: which expectations a pipeline needs (`pipeline_checks.py`).
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Sequence
from typing import Any

import dagster as dg
import pandas as pd

_names = itertools.count()
#: Validations share one batch definition: one at a time.
_validating = threading.Lock()


@functools.cache
def _context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Progress bars would land in every run's compute log.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


@functools.cache
def _frames() -> Any:
    """The batch definition of the one pandas data source: a whole dataframe given at validation."""
    source = _context().data_sources.add_pandas("sif_frames")
    return source.add_dataframe_asset("frame").add_batch_definition_whole_dataframe("whole")


def expectations() -> Any:
    """The `great_expectations.expectations` module (imported on first use)."""
    import great_expectations.expectations as gxe

    return gxe


def validate_frame(
    frame: pd.DataFrame, suite_name: str, expectations_: Sequence[Any]
) -> list[dict[str, Any]]:
    """Validate `frame`; one dict per expectation: `expectation`, `column`, `success`, `unexpected_count`,
    `examples` (up to five offending values)."""
    import great_expectations as gx

    n = next(_names)
    with _validating:
        batch = _frames().get_batch(batch_parameters={"dataframe": frame})
        suite = gx.ExpectationSuite(name=f"{suite_name}_{n}")
        for expectation in expectations_:
            suite.add_expectation(expectation)
        result = batch.validate(suite, result_format="SUMMARY")
        del batch
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        details = item.result or {}
        kwargs = dict(config.kwargs) if config is not None else {}
        outcomes.append(
            {
                "expectation": config.type if config is not None else "?",
                "column": kwargs.get("column") or kwargs.get("column_list") or kwargs.get("column_A"),
                "success": bool(item.success),
                "unexpected_count": int(details.get("unexpected_count") or 0),
                "examples": [str(v) for v in (details.get("partial_unexpected_list") or [])[:5]],
                "observed": str(details.get("observed_value", "")),
            }
        )
    return outcomes


def check_result(
    check_name: str,
    outcomes: Sequence[dict[str, Any]],
    *,
    asset_key: dg.AssetKey,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
    extra: dict[str, Any] | None = None,
) -> dg.AssetCheckResult:
    """A check result: passed when every expectation passed; the description says why not."""
    failed = [o for o in outcomes if not o["success"]]
    reasons = [
        f"{o['expectation']} on {o['column']}: "
        + (f"{o['unexpected_count']} unexpected" if o["unexpected_count"] else "not met")
        + (f", e.g. {', '.join(o['examples'])}" if o["examples"] else "")
        + (f" (observed {o['observed']})" if o["observed"] and not o["examples"] else "")
        for o in failed
    ]
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=check_name,
        passed=not failed,
        severity=severity,
        description="; ".join(reasons) if reasons else "all expectations met",
        metadata={
            "expectations": len(outcomes),
            "failed": dg.MetadataValue.json(failed) if failed else dg.MetadataValue.int(0),
            **(extra or {}),
        },
    )
