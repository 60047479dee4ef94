"""Automation conditions of pipeline and metric assets.

Restatement must reach closed months: `eager()` only looks at the latest time window (trap T7), so a new
factor version observed for March 2024 would never re-run March. `restate_when_upstream_changes` requests
every partition whose upstream was updated since it was last handled — whatever the month — once no upstream
is missing or running. Metric assets use the same condition, so a restated month flows on to its metrics.
"""

from __future__ import annotations

import dagster as dg


def restate_when_upstream_changes() -> dg.AutomationCondition:
    return (
        dg.AutomationCondition.any_deps_updated().since_last_handled()
        & ~dg.AutomationCondition.any_deps_missing()
        & ~dg.AutomationCondition.any_deps_in_progress()
        & ~dg.AutomationCondition.in_progress()
    ).with_label("restate when upstream changes")
