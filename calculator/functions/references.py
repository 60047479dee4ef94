"""Kernels of the functions that reach outside the row: REF, LOOKUP, IMPACT, ASSIGN_TO_GROUP and CAML.

Catalog reads go through the batch resolver: every distinct request of the batch in one call, so a
million LOOKUPs against one dataset are one indexed join, not a million queries.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from calculator import ast
from calculator.columns import Column, strings
from calculator.errors import EvaluationError
from calculator.evaluator import Evaluation
from calculator.functions.support import cast_option, map_distinct, no_null_literal, option_strings, reject
from calculator.resolver import ResourceRef, Resolver
from calculator.values import Kind, retype_text

_REFERENCE_OPTIONS = ("group", "tenant", "versionasat")


def ref(ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]) -> Column:
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
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's (name, group, tenant, version, versionAsAt) request, and the mask of valid rows."""
    ok = np.ones(len(rows), dtype=bool)
    for name in _REFERENCE_OPTIONS:
        ok &= cast_option(ev, rows, options, name, Kind.STRING)
    if exclusive and "version" in options and "versionasat" in options:
        ok &= reject(
            ev,
            rows,
            ok,
            EvaluationError("Version and VersionAsAt are mutually exclusive parameters, specify one or the other."),
        )
    groups = option_strings(options, "group", len(rows)).copy()
    groups[np.equal(groups, None)] = ev.context.group
    tenants = option_strings(options, "tenant", len(rows))
    versions = option_strings(options, "version", len(rows))
    as_at = option_strings(options, "versionasat", len(rows))
    refs = np.empty(len(rows), dtype=object)
    cache: dict[tuple[Any, ...], ResourceRef] = {}
    for i in np.flatnonzero(ok):
        key = (names[i], groups[i], tenants[i], versions[i], as_at[i])
        found = cache.get(key)
        if found is None:
            found = cache[key] = ResourceRef(*key)
        refs[i] = found
    return refs, ok


def _audit_record(ref: ResourceRef, version: str, **fields: str) -> dict[str, str]:
    record = dict(fields)
    record["group"] = ref.group
    if ref.tenant is not None:
        record["tenant"] = ref.tenant
    record["version"] = version
    return record


def lookup(ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]) -> Column:
    ok = no_null_literal(ev, rows, args)
    values, names, key_columns, output_columns = (strings(a) for a in args)
    refs, valid = resource_refs(ev, rows, names, options, exclusive=True)
    ok &= valid
    out = Column.empty(len(rows))
    resolver = resolver_of(ev)
    frame = pd.DataFrame({"ref": refs, "key": key_columns, "output": output_columns})[ok]
    for (dataset, key_column, output_column), group in frame.groupby(["ref", "key", "output"], sort=False):
        positions = group.index.to_numpy()
        answer = resolver.lookup(dataset, key_column, output_column, values[positions])
        if isinstance(answer, EvaluationError):
            ev.fail(rows[positions], answer)
            continue
        codes, texts = pd.factorize(pd.Series(answer.values, dtype=object), use_na_sentinel=False)
        typed = [retype_text(None if t is None or (isinstance(t, float) and np.isnan(t)) else t) for t in texts]
        kinds = np.array([k for k, _ in typed], dtype=np.int8)
        typed_values = np.empty(len(typed), dtype=object)
        typed_values[:] = [v for _, v in typed]
        out.kinds[positions] = kinds[codes]
        out.values[positions] = typed_values[codes]
        if ev.audit is not None:
            records = np.empty(len(positions), dtype=object)
            records[:] = [
                _audit_record(
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


def impact(ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]) -> Column:
    ok = no_null_literal(ev, rows, args)
    activities, impact_names, components = (strings(a) for a in args)
    refs, valid = resource_refs(ev, rows, activities, options, exclusive=True)
    ok &= valid
    out = Column.empty(len(rows))
    positions = np.flatnonzero(ok)
    keys = list(zip(refs[positions], impact_names[positions], components[positions], strict=True))
    distinct = list(dict.fromkeys(keys))
    answers = dict(zip(distinct, resolver_of(ev).impacts(distinct), strict=True))
    for position, key in zip(positions, keys, strict=True):
        answer = answers[key]
        if isinstance(answer, EvaluationError):
            ev.fail(rows[[position]], answer)
            continue
        out.kinds[position] = Kind.NUMBER
        out.values[position] = answer.value
    if ev.audit is not None:
        for position, (ref, impact_name, component) in zip(positions, keys, strict=True):
            answer = answers[(ref, impact_name, component)]
            if not isinstance(answer, EvaluationError):
                record = _audit_record(ref, answer.version, activity=ref.name, impact=impact_name, component=component)
                ev.audit.resource("activities", rows[[position]], record)
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
                f"The group passed to ASSIGN_TO_GROUP ({group}) must be the same as or be a child of the group "
                f"context of execution ({context})"
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


def caml(ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]) -> Column:
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
