"""The checks of a pipeline's inputs and activities, as Great Expectations suites (SIF §9.3 and §9.6 rules
made visible in the UI).

Each slice is validated as it is produced, and only the outcomes are kept, so a run over a year of a big
tenant does not hold the year in memory. A rule known to hold — every column there, every typed value plain
ASCII text that matches, no two latest keys equal, the counts equal — gets GX's passing outcome without GX
(`Expectation.passed`): GX, seconds to import and tens of milliseconds a validation, runs only on data
that breaks a rule (and for `non_negative_outputs`), and reports it as it always has. Checks are declared
on the asset (`check_specs`) and blocking: an ERROR stops downstream assets (metrics) and says why.

- `input_columns` (ERROR): every landed part has the columns the pipeline's parameters name (label, else
  key) — parts landed for an older pipeline version may not.
- `input_types` (WARN): number and boolean parameters hold values of that type. A warning only: SIF turns
  such rows into row errors and stores the others (§9.3), and so do we.
- `rows_accounted_for` (ERROR): input rows = activity versions + rows that failed.
- `unique_activity_keys` (ERROR): no two latest activities share (group, date, unique keys).
- `non_negative_outputs` (ERROR, when the pipeline declares `non_negative` outputs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sif_assets.checks.gx_suites import check_result, expectations, validate_frame
from sif_resources.activities.model import ActivitySlice
from sif_resources.pipelines.definition import PipelineDefinition

_NUMBER = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
_BOOLEAN = r"^\s*(?i:true|false)\s*$"

INPUT_COLUMNS = "input_columns"
INPUT_TYPES = "input_types"
ROWS_ACCOUNTED_FOR = "rows_accounted_for"
UNIQUE_ACTIVITY_KEYS = "unique_activity_keys"
NON_NEGATIVE_OUTPUTS = "non_negative_outputs"


@dataclass(frozen=True)
class Expectation:
    """A GX expectation named without importing GX: its class, its `expectation_type`, what
    `validate_frame` reports as its column, and its arguments. It becomes a GX expectation only when GX has
    to validate; when the checks below know it is met, its outcome is GX's passing outcome (`passed`), so
    GX (seconds to import) is only loaded by a run whose data breaks a rule."""

    gx_class: str
    expectation_type: str
    column: Any
    arguments: tuple[tuple[str, Any], ...]

    @staticmethod
    def of(gx_class: str, expectation_type: str, reported: Any, **arguments: Any) -> Expectation:
        return Expectation(gx_class, expectation_type, reported, tuple(arguments.items()))

    def gx(self) -> Any:
        return getattr(expectations(), self.gx_class)(**dict(self.arguments))

    def passed(self) -> dict[str, Any]:
        """The outcome `validate_frame` reports when GX finds the expectation met."""
        return {
            "expectation": self.expectation_type,
            "column": list(self.column) if isinstance(self.column, list) else self.column,
            "success": True,
            "unexpected_count": 0,
            "examples": [],
            "observed": "",
        }


def column_exists(column: str) -> Expectation:
    return Expectation.of("ExpectColumnToExist", "expect_column_to_exist", column, column=column)


def values_match(column: str, regex: str) -> Expectation:
    return Expectation.of(
        "ExpectColumnValuesToMatchRegex",
        "expect_column_values_to_match_regex",
        column,
        column=column,
        regex=regex,
    )


def compound_unique(columns: list[str]) -> Expectation:
    return Expectation.of(
        "ExpectCompoundColumnsToBeUnique",
        "expect_compound_columns_to_be_unique",
        columns,
        column_list=columns,
    )


def pair_equal(column_a: str, column_b: str) -> Expectation:
    return Expectation.of(
        "ExpectColumnPairValuesToBeEqual",
        "expect_column_pair_values_to_be_equal",
        column_a,
        column_A=column_a,
        column_B=column_b,
    )


def _validate(frame: pd.DataFrame, suite: str, expected: Sequence[Expectation]) -> list[dict[str, Any]]:
    return validate_frame(frame, suite, [e.gx() for e in expected])


def input_check_specs(key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            INPUT_COLUMNS, asset=key, blocking=True, description="Landed columns match the parameters"
        ),
        dg.AssetCheckSpec(
            INPUT_TYPES, asset=key, blocking=True, description="Number/boolean parameters hold such values"
        ),
    ]


def _column(pipeline_parameter: Any, frame: pd.DataFrame) -> str:
    return (
        pipeline_parameter.key
        if pipeline_parameter.key in frame.columns
        else (pipeline_parameter.label or "")
    )


def validate_input_part(pipeline: PipelineDefinition, frame: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """GX outcomes of one landed part: (columns, types)."""
    columns = [
        column_exists(p.label if p.label and p.label in frame.columns else p.key)
        if (p.label and p.label in frame.columns) or p.key in frame.columns
        else column_exists(p.label or p.key)
        for p in pipeline.transformer.parameters
    ]
    typed = []
    for p in pipeline.transformer.parameters:
        name = _column(p, frame)
        if name not in frame.columns:
            continue
        if p.type == "number":
            typed.append(values_match(name, _NUMBER))
        elif p.type == "boolean":
            typed.append(values_match(name, _BOOLEAN))
    data = frame.drop(columns=["__row_number"], errors="ignore")
    column_outcomes = _column_outcomes(data, columns) if columns else []
    type_outcomes = _type_outcomes(data, typed) if typed and len(data) else []
    return column_outcomes, type_outcomes


def _type_outcomes(data: pd.DataFrame, typed: list[Expectation]) -> list[dict[str, Any]]:
    """The types suite over a part: GX's passing outcomes when every value is known to match, else GX.

    GX tests `column.astype(str).str.contains(regex)` with Python's `re`. On ASCII text without newline or
    vertical tab, `\\s`, `\\d` and `$` mean the same to RE2, so Arrow's regex kernel decides it exactly and
    in C; any other text, a null, or a value that does not match, and GX validates the part (a run over a
    10M-row file has hundreds of parts, and GX spends tens of milliseconds on each)."""
    if all(_all_match(data[e.column], dict(e.arguments)["regex"]) for e in typed):
        return [e.passed() for e in typed]
    return _validate(data, "input_types", typed)


def _all_match(column: pd.Series, regex: str) -> bool:
    """Whether every value is ASCII text without newline or vertical tab that `regex` finds a match in."""
    if not pd.api.types.is_string_dtype(column.dtype) or column.hasnans:
        return False
    try:
        texts = pa.array(column, type=pa.string())
        if not pc.all(pc.string_is_ascii(texts)).as_py():
            return False
        if pc.any(pc.match_substring_regex(texts, "[\\n\\x0b]")).as_py():
            return False
        return bool(pc.all(pc.match_substring_regex(texts, regex)).as_py())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return False


#: Outcomes of the columns suite by (the part's columns, the expected columns): they depend on nothing else,
#: and a run validates every part of every month, most of them with the same columns.
_COLUMN_OUTCOMES: dict[tuple[tuple[str, ...], tuple[str, ...]], list[dict[str, Any]]] = {}
_COLUMN_OUTCOMES_KEPT = 64


def _column_outcomes(data: pd.DataFrame, columns: list[Expectation]) -> list[dict[str, Any]]:
    """The columns suite over the part's (empty) frame: passing outcomes when every column is there, else
    GX, validated once per distinct pair of column lists."""
    if all(e.column in data.columns for e in columns):
        return [e.passed() for e in columns]
    key = (tuple(map(str, data.columns)), tuple(str(e.column) for e in columns))
    if key not in _COLUMN_OUTCOMES:
        if len(_COLUMN_OUTCOMES) >= _COLUMN_OUTCOMES_KEPT:
            _COLUMN_OUTCOMES.pop(next(iter(_COLUMN_OUTCOMES)))
        _COLUMN_OUTCOMES[key] = _validate(data.head(0), "input_columns", columns)
    return [dict(outcome) for outcome in _COLUMN_OUTCOMES[key]]


@dataclass
class InputOutcomes:
    """The input checks' outcomes, gathered part by part."""

    columns: list[dict[str, Any]] = field(default_factory=list)
    types: list[dict[str, Any]] = field(default_factory=list)
    parts: int = 0

    def add(self, pipeline: PipelineDefinition, where: str, frame: pd.DataFrame) -> None:
        columns, types = validate_input_part(pipeline, frame)
        self.columns += [{**o, "column": f"{where}: {o['column']}"} for o in columns]
        self.types += [{**o, "column": f"{where}: {o['column']}"} for o in types]
        self.parts += 1

    def results(self, key: dg.AssetKey) -> Iterator[dg.AssetCheckResult]:
        extra = {"parts": self.parts}
        yield check_result(INPUT_COLUMNS, self.columns, asset_key=key, extra=extra)
        warn = dg.AssetCheckSeverity.WARN
        yield check_result(INPUT_TYPES, self.types, asset_key=key, severity=warn, extra=extra)


@dataclass
class ActivitySummary:
    """What the checks keep of one written slice."""

    tenant: str
    month: str
    input_rows: int
    versions: int
    failed_rows: int
    latest: int
    errors: pd.DataFrame
    execution_ids: list[str]
    factor_versions: dict[str, Any]
    outcomes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def activity_summary(pipeline: PipelineDefinition, computed: ActivitySlice) -> ActivitySummary:
    """Validate one slice with GX and keep the outcomes (not the rows)."""
    rows = computed.rows
    errors = computed.errors
    reported = {(e, int(n)) for e, n in zip(errors["execution_id"], errors["row_number"], strict=True)}
    if reported:  # rows with an error that never became an activity version (no errors: nothing to look up)
        evaluated = set(zip(rows["execution_id"], rows["row_number"].astype(int), strict=True))
        reported -= evaluated
    failed = reported
    where = f"{computed.month}|{computed.tenant}"
    accounted = pair_equal("input_rows", "accounted")
    if computed.input_rows == len(rows) + len(failed):
        outcomes = {ROWS_ACCOUNTED_FOR: [accounted.passed()]}
    else:
        counts = pd.DataFrame({"input_rows": [computed.input_rows], "accounted": [len(rows) + len(failed)]})
        outcomes = {ROWS_ACCOUNTED_FOR: _validate(counts, ROWS_ACCOUNTED_FOR, [accounted])}
    # `computed.latest`, without copying the columns the checks do not read
    latest = rows["is_latest"].astype(bool) & (rows["action"] != "delete")
    keys = rows.loc[latest, ["group_id", "date", "unique_keys"]]
    outcomes[UNIQUE_ACTIVITY_KEYS] = _unique_key_outcomes(keys) if len(keys) else []
    if pipeline.non_negative and len(keys):
        values = pd.json_normalize(rows.loc[latest, "values"].map(_json))
        values = values.reindex(columns=list(pipeline.non_negative))
        numbers = values.apply(pd.to_numeric, errors="coerce")
        gxe = expectations()
        outcomes[NON_NEGATIVE_OUTPUTS] = validate_frame(
            numbers,
            NON_NEGATIVE_OUTPUTS,
            [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in pipeline.non_negative],
        )
    for name, found in outcomes.items():
        outcomes[name] = [{**o, "column": f"{where}: {o['column']}"} for o in found]
    return ActivitySummary(
        computed.tenant,
        computed.month,
        computed.input_rows,
        len(rows),
        len(failed),
        len(keys),
        errors,
        sorted(set(rows["execution_id"].unique().tolist()) | set(errors["execution_id"])),
        dict(computed.factor_versions),
        outcomes,
    )


def _unique_key_outcomes(keys: pd.DataFrame) -> list[dict[str, Any]]:
    """The unique keys suite: GX's passing outcome when no key column holds a null and no two rows are
    equal (pandas' `duplicated`, the test GX's pandas engine makes), else GX's validation. GX would first
    hash the whole frame to name its batch: over a second per month of a 10M-row file."""
    unique = compound_unique(list(keys.columns))
    if not keys.isna().to_numpy().any() and not keys.duplicated().any():
        return [unique.passed()]
    return _validate(keys, UNIQUE_ACTIVITY_KEYS, [unique])


def _json(text: str) -> dict[str, Any]:
    import json

    return json.loads(text) if isinstance(text, str) else {}


def activity_checks(
    pipeline: PipelineDefinition, key: dg.AssetKey
) -> tuple[Callable[[Sequence[ActivitySummary]], Iterator[dg.AssetCheckResult]], list[dg.AssetCheckSpec]]:
    """The activities asset's check specs, and the function turning slice summaries into their results."""
    names = [ROWS_ACCOUNTED_FOR, UNIQUE_ACTIVITY_KEYS] + (
        [NON_NEGATIVE_OUTPUTS] if pipeline.non_negative else []
    )
    descriptions = {
        ROWS_ACCOUNTED_FOR: "Every input row is an activity version or a row error",
        UNIQUE_ACTIVITY_KEYS: "No two latest activities share group, date and unique keys",
        NON_NEGATIVE_OUTPUTS: f"Outputs {', '.join(pipeline.non_negative)} are never negative",
    }
    specs = [dg.AssetCheckSpec(n, asset=key, blocking=True, description=descriptions[n]) for n in names]

    def results(summaries: Sequence[ActivitySummary]) -> Iterator[dg.AssetCheckResult]:
        extra = {
            "input_rows": sum(s.input_rows for s in summaries),
            "activity_versions": sum(s.versions for s in summaries),
            "failed_rows": sum(s.failed_rows for s in summaries),
            "latest_activities": sum(s.latest for s in summaries),
        }
        for name in names:
            found = [o for s in summaries for o in s.outcomes.get(name, [])]
            yield check_result(name, found, asset_key=key, extra=extra)

    return results, specs
