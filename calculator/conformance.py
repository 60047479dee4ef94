"""Run a formula corpus (spec/calculator.md §0 format) and report every difference.

    python -m calculator.conformance FILE.jsonl [--verbose]

Each record's context becomes an `InMemoryResolver`; the formula is evaluated with audits and compared
with the expectation: kind, value (by decimal value for numbers), string form, error kind and message,
the audit map and the resource lists. Ends with the line `N passed, M failed`; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from calculator.batch import Outcome, evaluate
from calculator.columns import Column, strings
from calculator.errors import ErrorKind
from calculator.evaluator import EvaluationContext
from calculator.resolver import InMemoryResolver
from calculator.values import Kind, number_text

_KIND_NAMES = {
    Kind.NUMBER: "number",
    Kind.STRING: "string",
    Kind.BOOLEAN: "boolean",
    Kind.NULL: "null",
    Kind.NOVALUE: "null",
    Kind.LIST: "list",
    Kind.JSON: "json",
}


def resolver_for(context: dict[str, Any]) -> InMemoryResolver:
    """The catalog a record's context describes."""
    default_group = context.get("group", "/")
    resolver = InMemoryResolver(existing_groups=set(context.get("existingGroups", [])))
    if "caml" in context:
        resolver.product_matches = context["caml"]

    def scope(row: dict[str, Any]) -> tuple[Any, ...]:
        return (
            row.get("tenant"),
            row.get("group", default_group),
            str(row["version"]),
            row.get("versionAsAt"),
        )

    impacts: dict[tuple[Any, ...], dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in context.get("impacts", []):
        impacts[(*scope(row), row["activity"])][row["impact"]][row["component"]] = row["value"]
    for (tenant, group, version, as_at, name), by_impact in impacts.items():
        resolver.add_impact_activity(
            name, by_impact, group=group, tenant=tenant, version=version, version_as_at=as_at
        )
    datasets: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in context.get("datasets", []):
        datasets[(*scope(row), row["name"])].append(
            {row["keyColumn"]: row["key"], row["outputColumn"]: row["value"]}
        )
    for (tenant, group, version, as_at, name), rows in datasets.items():
        frame = pd.DataFrame(rows).astype(object).where(pd.DataFrame(rows).notna(), None)
        resolver.add_dataset(name, frame, group=group, tenant=tenant, version=version, version_as_at=as_at)
    for row in context.get("calculations", []):
        tenant, group, version, as_at = scope(row)
        resolver.add_calculation(
            row["name"],
            row["formula"],
            row.get("parameters", []),
            group=group,
            tenant=tenant,
            version=version,
            version_as_at=as_at,
            outputs=row.get("outputs", []),
        )
    return resolver


def run_case(record: dict[str, Any]) -> list[str]:
    """Evaluate one record; return the differences from its expectation (empty when it passes)."""
    context = record.get("context", {})
    evaluation_context = EvaluationContext(group=context.get("group", "/"), resolver=resolver_for(context))
    outcome = evaluate(
        record["expression"],
        record.get("parameters", {}),
        context=evaluation_context,
        refs=context.get("refs", {}),
        audit=True,
    )
    return compare(record["expect"], outcome)


def compare(expect: dict[str, Any], outcome: Outcome) -> list[str]:
    problems: list[str] = []
    if expect["type"] == "error":
        error = outcome.error
        if error is None:
            return [
                f"expected {expect.get('errorKind')} error {expect.get('message')!r}, got {_show(outcome)}"
            ]
        if expect.get("errorKind") and error.kind != ErrorKind(expect["errorKind"]):
            problems.append(
                f"error kind: expected {expect['errorKind']}, got {error.kind.value} ({error.describe()})"
            )
        if "message" in expect and expect["message"] != error.message:
            problems.append(f"message: expected {expect['message']!r}, got {error.message!r}")
        if (
            "javaException" in expect
            and error.java_exception
            and expect["javaException"] != error.java_exception
        ):
            problems.append(f"exception: expected {expect['javaException']}, got {error.java_exception}")
        return problems
    if outcome.error is not None:
        return [f"expected {expect['type']} {expect.get('value')!r}, got error {outcome.error.describe()!r}"]
    if _KIND_NAMES[outcome.kind] != expect["type"]:
        return [f"type: expected {expect['type']} {expect.get('value')!r}, got {_show(outcome)}"]
    if expect.get("javaNull") and outcome.kind != Kind.NOVALUE:
        problems.append("expected no value at all (Java null), got a null value")
    if not _same_value(expect, outcome.kind, outcome.value):
        problems.append(f"value: expected {expect.get('value')!r}, got {_show(outcome)}")
    if "asString" in expect and expect["asString"] != outcome.text:
        problems.append(f"string form: expected {expect['asString']!r}, got {outcome.text!r}")
    if "assignToGroup" in expect and expect["assignToGroup"] != outcome.assigned_group:
        problems.append(
            f"assigned group: expected {expect['assignToGroup']!r}, got {outcome.assigned_group!r}"
        )
    audit = outcome.audit.as_dict() if outcome.audit is not None else {}
    if "evaluated" in expect and expect["evaluated"] != audit.get("evaluated", {}):
        problems.append(f"audit: expected {expect['evaluated']!r}, got {audit.get('evaluated')!r}")
    for name in ("activities", "referenceDatasets", "calculations"):
        if name in expect and expect[name] != audit.get(name, []):
            problems.append(f"{name}: expected {expect[name]!r}, got {audit.get(name, [])!r}")
    return problems


def _same_value(expect: dict[str, Any], kind: Kind, value: Any) -> bool:
    wanted: Any = expect.get("value")
    if kind == Kind.NUMBER:
        return Decimal(str(wanted)) == value
    if kind == Kind.LIST:
        if len(wanted) != len(value):
            return False
        return all(
            _KIND_NAMES[Kind(k)] == item["type"] and _same_value(item, Kind(k), v)
            for (k, v), item in zip(value, wanted, strict=True)
        )
    if kind in (Kind.NULL, Kind.NOVALUE):
        return wanted is None
    return bool(wanted == value)


def _show(outcome: Outcome) -> str:
    if outcome.error is not None:
        return f"{outcome.error.kind.value} error {outcome.error.describe()!r}"
    if outcome.kind == Kind.NUMBER:
        return f"number {number_text(outcome.value)}"
    return f"{_KIND_NAMES[outcome.kind]} {strings(Column.of([(outcome.kind, outcome.value)]))[0]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a .jsonl file of formula cases")
    parser.add_argument(
        "--skip-commented-out", action="store_true", help="skip records whose status is commented-out"
    )
    args = parser.parse_args(argv)
    passed = failed = 0
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("status") == "commented-out" and args.skip_commented_out:
            continue
        try:
            problems = run_case(record)
        except Exception as error:  # a crash is a failure of this case, reported, not a stop
            problems = [f"crashed: {type(error).__name__}: {error}"]
        if problems:
            failed += 1
            print(f"FAIL {record['id']}: {record['expression']!r}")
            for problem in problems:
                print(f"    {problem}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
