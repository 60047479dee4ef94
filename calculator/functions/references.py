"""Kernels of the functions that reach outside the row: REF, LOOKUP, IMPACT, ASSIGN_TO_GROUP and CAML.

Catalog reads go through the batch resolver: every distinct request of the batch in one call, so a
million LOOKUPs against one dataset are one indexed join, not a million queries.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from calculator import ast, fixedpoint
from calculator.columns import Column, strings
from calculator.errors import EvaluationError
from calculator.evaluator import Evaluation
from calculator.functions.support import (
    cast_option,
    factorize_rows,
    map_distinct,
    no_null_literal,
    option_strings,
    reject,
)
from calculator.resolver import Resolver, ResourceRef
from calculator.texts import simple_decimals
from calculator.values import Kind, retype_text

_REFERENCE_OPTIONS = ("group", "tenant", "versionasat")


def ref(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    ok = no_null_literal(ev, rows, args)
    names = strings(args[0])
    out = Column.empty(len(rows))
    out.kinds[:] = Kind.NULL
    for name in pd.unique(names[ok]):
        column = ev.refs.get(name)
        if column is not None:
            hit = ok & (names == name)
            out.put(hit, column.take(rows[hit]))
    return out


def resolver_of(ev: Evaluation) -> Resolver:
    if ev.context.resolver is None:
        raise EvaluationError("No resolver is configured for catalog references.")
    return ev.context.resolver


def resource_refs(
    ev: Evaluation, rows: np.ndarray, names: np.ndarray, options: dict[str, Column], exclusive: bool
) -> tuple[np.ndarray, list[ResourceRef], np.ndarray]:
    """Which resource each row asks for: codes into a list of distinct refs, and the mask of valid rows.

    `group` defaults to the execution's group; `group`, `tenant` and `versionAsAt` must be strings;
    `version` may be anything (its string form is used).
    """
    ok = np.ones(len(rows), dtype=bool)
    for name in _REFERENCE_OPTIONS:
        ok &= cast_option(ev, rows, options, name, Kind.STRING)
    if exclusive and "version" in options and "versionasat" in options:
        ok &= reject(
            ev,
            rows,
            ok,
            EvaluationError(
                "Version and VersionAsAt are mutually exclusive parameters, specify one or the other."
            ),
        )
    groups = option_strings(options, "group", len(rows), default=ev.context.group)
    tenants = option_strings(options, "tenant", len(rows))
    versions = option_strings(options, "version", len(rows))
    as_at = option_strings(options, "versionasat", len(rows))
    codes, distinct = factorize_rows(names, groups, tenants, versions, as_at)
    return codes, [ResourceRef(*key) for key in distinct], ok


def audit_record(ref: ResourceRef, version: str, **fields: str) -> dict[str, str]:
    record = dict(fields)
    record["group"] = ref.group
    if ref.tenant is not None:
        record["tenant"] = ref.tenant
    record["version"] = version
    return record


def lookup(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    ok = no_null_literal(ev, rows, args)
    values, names, key_columns, output_columns = (strings(a) for a in args)
    ref_codes, refs, valid = resource_refs(ev, rows, names, options, exclusive=True)
    ok &= valid
    out = Column.empty(len(rows))
    resolver = resolver_of(ev)
    live = np.flatnonzero(ok)
    codes, requests = factorize_rows(ref_codes[live], key_columns[live], output_columns[live])
    for code, (ref_code, key_column, output_column) in enumerate(requests):
        positions = live if len(requests) == 1 else live[codes == code]
        dataset = refs[ref_code]
        answer = resolver.lookup(dataset, key_column, output_column, values[positions])
        if isinstance(answer, EvaluationError):
            ev.fail(rows[positions], answer)
            continue
        typed = _retyped(answer.rows, answer.texts)
        if len(requests) == 1 and len(positions) == len(rows):
            out = typed
        else:
            out.put(positions, typed)
        if ev.audit is not None:
            records = np.empty(len(positions), dtype=object)
            records[:] = [
                audit_record(
                    dataset,
                    answer.version,
                    value=value,
                    name=dataset.name,
                    keyColumn=key_column,
                    outputColumn=output_column,
                )
                for value in values[positions]
            ]
            ev.audit.resource("referenceDatasets", rows[positions], records)
    return out


def _retyped(rows: np.ndarray, texts: np.ndarray) -> Column:
    """Looked-up text re-typed (spec §5) once per distinct text; a miss (-1) is a null value."""
    codes, distinct_rows = pd.factorize(rows)
    found = distinct_rows >= 0
    uniques = np.empty(len(distinct_rows), dtype=object)
    uniques[found] = texts[distinct_rows[found]]
    kinds = np.full(len(uniques), Kind.NULL, dtype=np.int8)
    values = np.empty(len(uniques), dtype=object)
    plain = simple_decimals(uniques) & found  # at most 16 digits: exact, no rounding needed
    if plain.all():
        fixed = fixedpoint.parse(uniques)
        if fixed is not None:
            return Column.numbers(fixed.take(codes))
    kinds[plain] = Kind.NUMBER
    values[plain] = [Decimal(t) for t in uniques[plain]]
    for i in np.flatnonzero(~plain & found):
        text = uniques[i]
        kinds[i], values[i] = retype_text(
            None if text is None or (isinstance(text, float) and np.isnan(text)) else text
        )
    return Column(kinds[codes], values[codes])


def impact(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    ok = no_null_literal(ev, rows, args)
    activities, impact_names, components = (strings(a) for a in args)
    ref_codes, refs, valid = resource_refs(ev, rows, activities, options, exclusive=True)
    ok &= valid
    out = Column.empty(len(rows))
    live = np.flatnonzero(ok)
    codes, keys = factorize_rows(ref_codes[live], impact_names[live], components[live])
    requests = [(refs[ref_code], impact_name, component) for ref_code, impact_name, component in keys]
    answers = resolver_of(ev).impacts(requests) if requests else []
    for code, ((ref, impact_name, component), answer) in enumerate(zip(requests, answers, strict=True)):
        positions = live if len(requests) == 1 else live[codes == code]
        if isinstance(answer, EvaluationError):
            ev.fail(rows[positions], answer)
            continue
        if len(requests) == 1 and len(positions) == len(rows):
            out = Column.constant(Kind.NUMBER, answer.value, len(rows))
        else:
            out.kinds[positions] = Kind.NUMBER
            out.values[positions] = answer.value
        if ev.audit is not None:
            record = audit_record(
                ref, answer.version, activity=ref.name, impact=impact_name, component=component
            )
            ev.audit.resource("activities", rows[positions], record)
    return out


def assign_to_group(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    ok = no_null_literal(ev, rows, args)
    groups = np.array([g.lower() for g in strings(args[0])], dtype=object)
    context = ev.context.group
    distinct = list(dict.fromkeys(groups[ok]))
    exists = dict(zip(distinct, resolver_of(ev).groups_exist(distinct), strict=True)) if distinct else {}

    def check(group: str) -> tuple[Kind, str]:
        if not exists[group]:
            raise EvaluationError(f"Group passed to ASSIGN_TO_GROUP {group} does not exist.")
        if not _is_same_or_child(group, context):
            raise EvaluationError(
                f"The group passed to ASSIGN_TO_GROUP ({group}) must be the same as or be a child of the "
                f"group context of execution ({context})"
            )
        return Kind.STRING, group

    out = Column.empty(len(rows))
    out.put(ok, map_distinct(ev, rows[ok], check, groups[ok]))
    assigned = ok & ~ev.failed[rows]
    ev.assigned_group[rows[assigned]] = groups[assigned]
    return out


def _java_split_path(path: str) -> list[str]:
    """`String.split("/")`: trailing empty pieces are dropped, so "/" has no segments."""
    pieces = path.split("/")
    while pieces and pieces[-1] == "":
        pieces.pop()
    return pieces


def _is_same_or_child(group: str, context: str) -> bool:
    candidate = _java_split_path(group)
    required = _java_split_path(context)
    return len(candidate) >= len(required) and candidate[: len(required)] == required


def caml(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    ok = reject(ev, rows, args[0].is_null(), EvaluationError("CaML input value is not specified"))
    texts = strings(args[0])
    distinct = list(dict.fromkeys(texts[ok]))
    matches = dict(zip(distinct, resolver_of(ev).match_products(distinct), strict=True)) if distinct else {}

    def products(text: str) -> tuple[Kind, str]:
        found = matches[text]
        if isinstance(found, EvaluationError):
            raise found
        return Kind.JSON, gson_dumps(found[:5])

    out = Column.empty(len(rows))
    out.put(ok, map_distinct(ev, rows[ok], products, texts[ok]))
    return out


_GSON_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "=": "\\u003d", "'": "\\u0027"}


def gson_dumps(value: Any) -> str:
    """JSON text as Gson's default `toJson` writes it: compact, HTML-safe escaping."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escape in _GSON_HTML_SAFE.items():
        text = text.replace(char, escape)
    return text
