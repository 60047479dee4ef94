"""The calculator's resolver over the catalog store: IMPACT, LOOKUP, `#calculation` and ASSIGN_TO_GROUP.

One `CatalogResolver` serves one execution (SIF §7.5): the first time a name is resolved the version it
resolved to is pinned, and every later batch of the execution reuses it, so an execution sees one consistent
version of each factor, dataset and calculation even if they change mid-run. Requests arrive batched
(`calculator.resolver.Resolver`): every distinct name is read once, and a dataset answers a whole batch of
keys with one store query — or, for a batch of many keys against a dataset not much larger (a month of a
million-row file looking up a million-row dataset), from the dataset's key and output columns read once into
memory, with the same first-row-per-key-form rule as the store's key index, and kept for the execution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator.errors import EvaluationError
from calculator.resolver import (
    CalculationDefinition,
    CalculationParameter,
    ImpactValue,
    LookupAnswer,
    ResourceRef,
    lookup_key,
    lookup_keys,
)
from calculator.texts import canonical_integers, integer_values, lower_case_words
from sif_resources.catalog.store import CatalogStore, VersionRecord
from sif_resources.domain.tenant_sharing import TenantSharing, may_read_remote
from sif_resources.domain.timestamps import InvalidTimestampError, parse_instant

ACTIVITY = "activity"
REFERENCE_DATASET = "referenceDataset"
CALCULATION = "calculation"
#: Until an execution has asked a dataset this many distinct keys (summed over its batches), LOOKUPs are
#: answered by the store's key index.
IN_MEMORY_MIN_KEYS = 10_000
#: Then the dataset's columns are read once when it has at most this many rows per key asked...
IN_MEMORY_ROWS_PER_KEY = 16
#: ... and at most this many rows in all (the memory of the columns read).
IN_MEMORY_MAX_ROWS = 5_000_000
#: Every column is read at once when rows x columns stays under this; else the key and output columns only.
IN_MEMORY_MAX_CELLS = 20_000_000


@dataclass
class CatalogResolver:
    """Batched, version-aware reads of one tenant's catalog for one execution.

    `remote_sharing` gives, per other tenant id, that tenant's sharing settings; reads with `tenant=` are
    allowed only when both sides' settings allow them (SIF §2.8).
    """

    store: CatalogStore
    tenant_id: str
    sharing: TenantSharing = field(default_factory=TenantSharing)
    remote_sharing: Mapping[str, TenantSharing] = field(default_factory=dict)
    _pinned: dict[tuple[Any, ...], VersionRecord | EvaluationError] = field(default_factory=dict)
    #: Datasets read into memory for large LOOKUP batches, per (tenant, id, version, key column).
    _tables: dict[tuple[str, str, int, str], _KeyedColumns] = field(default_factory=dict)
    #: Per (tenant, id, version, key column): the largest row limit under which it was found too big.
    _too_big: dict[tuple[str, str, int, str], int] = field(default_factory=dict)
    #: Per (tenant, id, version, key column): distinct keys asked so far, batch after batch.
    _asked: dict[tuple[str, str, int, str], int] = field(default_factory=dict)

    # --- resolving names to versions ------------------------------------------------------------------
    def _resolve(self, resource_type: str, ref: ResourceRef, missing: str) -> VersionRecord | EvaluationError:
        key = (resource_type, ref)
        if key not in self._pinned:
            self._pinned[key] = self._read(resource_type, ref, missing)
        return self._pinned[key]

    def _read(self, resource_type: str, ref: ResourceRef, missing: str) -> VersionRecord | EvaluationError:
        tenant = ref.tenant or self.tenant_id
        group = ref.group.lower()  # group ids are lower-cased paths; SIF lower-cases `x-groupcontextid`
        if tenant != self.tenant_id:
            remote = self.remote_sharing.get(tenant)
            if remote is None or not may_read_remote(self.sharing, remote, tenant, group, "GET"):
                return EvaluationError(
                    f"Tenant '{tenant}' group '{ref.group}' is not shared with this tenant."
                )
        resource_id = self.store.find_by_name(tenant, resource_type, group, ref.name)
        if resource_id is None:
            return EvaluationError(missing)
        if ref.version_as_at is not None:
            try:
                at: datetime = parse_instant(ref.version_as_at)
            except InvalidTimestampError:
                return EvaluationError(f"Invalid versionAsAt '{ref.version_as_at}'.")
            found = self.store.version_as_at(tenant, resource_type, resource_id, at)
        elif ref.version is not None:
            found = self.store.version(tenant, resource_type, resource_id, _version_number(ref.version))
        else:
            found = self.store.latest(tenant, resource_type, resource_id)
        return found if found is not None else EvaluationError(missing)

    def versions_read(self) -> list[VersionRecord]:
        """The versions this execution has resolved so far, each once, in the order first read."""
        read: dict[tuple[str, str, str, int], VersionRecord] = {}
        for found in self._pinned.values():
            if isinstance(found, VersionRecord):
                read.setdefault((found.tenant_id, found.resource_type, found.id, found.version), found)
        return list(read.values())

    # --- the calculator's Resolver protocol --------------------------------------------------------------
    def impacts(
        self, requests: Sequence[tuple[ResourceRef, str, str]]
    ) -> list[ImpactValue | EvaluationError]:
        out: list[ImpactValue | EvaluationError] = []
        for ref, impact_name, component_key in requests:
            found = self._resolve(ACTIVITY, ref, f"Activity with name '{ref.name}' not found.")
            if isinstance(found, EvaluationError):
                out.append(found)
                continue
            impact = next(
                (i for i in found.document.get("impacts", {}).values() if i.get("name") == impact_name), None
            )
            if impact is None:
                out.append(EvaluationError(f"Referenced activity impact '{impact_name}' not found."))
                continue
            component = next(
                (c for c in impact.get("components", {}).values() if c.get("key") == component_key), None
            )
            if component is None:
                out.append(
                    EvaluationError(f"Referenced activity impact component '{component_key}' not found.")
                )
                continue
            out.append(ImpactValue(_exact(component["value"]), str(found.version)))
        return out

    def lookup(
        self, dataset: ResourceRef, key_column: str, output_column: str, keys: np.ndarray
    ) -> LookupAnswer | EvaluationError:
        missing = (
            f"Reference dataset for specified versionAsAt '{dataset.version_as_at}' not found."
            if dataset.version_as_at is not None
            else f"Reference dataset for name '{dataset.name}' not found."
        )
        found = self._resolve(REFERENCE_DATASET, dataset, missing)
        if isinstance(found, EvaluationError):
            return found
        headers = found.document.get("datasetHeaders", [])
        if key_column not in headers or output_column not in headers:
            return EvaluationError(
                f"Requested column '{output_column}' or '{key_column}' not found in dataset "
                f"'{found.id}' (version {found.version})"
            )
        table = self._tables.get((found.tenant_id, found.id, found.version, key_column))
        if table is None:  # not in memory (yet): the number of distinct key forms decides
            distinct, codes = _distinct_lookup_keys(keys)
            table = self._in_memory(found, key_column, output_column, len(distinct))
            if table is None:
                return self._answer_from_store(found, key_column, output_column, keys, (distinct, codes))
        elif not table.has(output_column) and self._in_memory(found, key_column, output_column, 0) is None:
            return self._answer_from_store(found, key_column, output_column, keys)
        rows, texts = table.answers(output_column, keys)
        return LookupAnswer(rows, texts, str(found.version))

    def _answer_from_store(
        self,
        found: VersionRecord,
        key_column: str,
        output_column: str,
        keys: np.ndarray,
        forms: tuple[list[str], np.ndarray] | None = None,
    ) -> LookupAnswer:
        """The store's key index answers the distinct key forms (`forms`: computed already)."""
        distinct, codes = forms if forms is not None else _distinct_lookup_keys(keys)
        answers = np.empty(len(distinct), dtype=object)
        answers[:] = self.store.lookup_dataset(
            found.tenant_id, found.id, found.version, key_column, output_column, distinct
        )
        found_rows, texts = _distinct_texts(answers)
        found_rows[np.array([key == "" for key in distinct], dtype=bool)] = -1  # no words match nothing
        return LookupAnswer(found_rows[codes], texts, str(found.version))

    def _in_memory(
        self, found: VersionRecord, key_column: str, output_column: str, keys: int
    ) -> _KeyedColumns | None:
        """The dataset's key column and output columns in memory once the keys asked of it in this
        execution (this batch's `keys` distinct keys and every earlier batch's) make that the cheaper way:
        read then — every column when the dataset is small enough, so that LOOKUPs of other columns need no
        second read — and kept for the execution. None when the store cannot read columns, few keys were
        asked, or the dataset is too large for them."""
        name = (found.tenant_id, found.id, found.version, key_column)
        table = self._tables.get(name)
        if table is not None:
            if not table.has(output_column):
                columns = self._columns(found, [output_column], None)
                if columns is None:  # a store that refuses without a limit: ask it key by key
                    return None
                table.add(columns)
            return table
        asked = self._asked[name] = self._asked.get(name, 0) + keys
        if asked < IN_MEMORY_MIN_KEYS or not callable(getattr(self.store, "dataset_columns", None)):
            return None
        limit = min(IN_MEMORY_MAX_ROWS, IN_MEMORY_ROWS_PER_KEY * asked)
        if limit <= self._too_big.get(name, 0):
            return None
        width = len(found.document.get("datasetHeaders") or ()) or 1
        every = limit * width <= IN_MEMORY_MAX_CELLS
        columns = self._columns(found, None if every else [key_column, output_column], limit)
        if columns is None:
            self._too_big[name] = limit
            return None
        table = _KeyedColumns(columns[key_column])
        table.add(columns)
        self._tables[name] = table
        return table

    def _columns(
        self, found: VersionRecord, columns: list[str] | None, max_rows: int | None
    ) -> dict[str, pa.Array] | None:
        read = self.store.dataset_columns  # type: ignore[attr-defined]
        result: dict[str, pa.Array] | None = read(
            found.tenant_id, found.id, found.version, columns, max_rows=max_rows
        )
        return result

    def calculations(self, requests: Sequence[ResourceRef]) -> list[CalculationDefinition | EvaluationError]:
        out: list[CalculationDefinition | EvaluationError] = []
        for ref in requests:
            found = self._resolve(CALCULATION, ref, f"Calculation with name '{ref.name}' not found.")
            if isinstance(found, EvaluationError):
                out.append(found)
                continue
            document = found.document
            parameters = tuple(
                CalculationParameter(int(p["index"]), p["key"], p.get("type", "string"))
                for p in document.get("parameters", [])
            )
            out.append(
                CalculationDefinition(
                    found.name,
                    document["formula"],
                    parameters,
                    str(found.version),
                    tuple(document.get("outputs", [])),
                )
            )
        return out

    def groups_exist(self, groups: Sequence[str]) -> list[bool]:
        return [self.store.get_group(self.tenant_id, group) is not None for group in groups]

    def match_products(self, texts: Sequence[str]) -> list[list[dict[str, Any]] | EvaluationError]:
        # No product-matching model is configured on this platform yet.
        return [EvaluationError("CaML feature is not enabled for this tenant.") for _ in texts]


class _KeyedColumns:
    """A dataset's rows in memory for LOOKUP, answering as the store's key index does: each non-empty key
    form (`calculator.resolver.lookup_key`) finds the first row, in file order, whose key column has it.
    As `calculator.resolver.InMemoryResolver` does, a key column of canonical integers (row numbers,
    codes) is indexed as int64, and raw keys that are canonical integers skip normalisation: such texts
    are their own key form. Output columns stay Arrow arrays until a LOOKUP first reads them, then become
    each row's index into the column's distinct texts."""

    def __init__(self, key_texts: pa.Array) -> None:
        texts = np.asarray(key_texts.to_numpy(zero_copy_only=False), dtype=object)
        self._integers = bool(len(texts)) and bool(canonical_integers(texts).all())
        forms = integer_values(texts) if self._integers else lookup_keys(texts)
        first = ~pd.Series(forms).duplicated().to_numpy()  # the first row of each form wins
        if not self._integers:
            first &= forms != ""  # no words match nothing
        self._index = pd.Index(forms[first])
        self._rows = np.flatnonzero(first)
        self._arrow: dict[str, pa.Array] = {}
        self._encoded: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def has(self, column: str) -> bool:
        return column in self._arrow or column in self._encoded

    def add(self, columns: Mapping[str, pa.Array]) -> None:
        """Keep output columns (their texts in file order, by name)."""
        self._arrow.update((name, texts) for name, texts in columns.items() if not self.has(name))

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The dataset row each raw key finds (-1 for none)."""
        found = np.full(len(keys), -1, dtype=np.int64)
        if self._integers:
            direct = canonical_integers(keys)
            found[direct] = self._index.get_indexer(integer_values(keys[direct]))
            others = np.flatnonzero(~direct)
            if len(others):
                forms = lookup_keys(keys[others])
                numeric = canonical_integers(forms)
                found[others[numeric]] = self._index.get_indexer(integer_values(forms[numeric]))
        else:
            found[:] = self._index.get_indexer(lookup_keys(keys))
        hit = found >= 0
        found[hit] = self._rows[found[hit]]
        return found

    def answers(self, column: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each raw key, the index of its output text among the column's distinct texts (-1 for a miss
        or a null cell), and those distinct texts."""
        if column not in self._encoded:
            encoded = self._arrow.pop(column).dictionary_encode()
            indices = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
            self._encoded[column] = (indices, encoded.dictionary.to_numpy(zero_copy_only=False))
        indices, texts = self._encoded[column]
        if keys.dtype.kind in "iu":  # integers stand for their decimal text
            keys = keys.astype(str)
        rows = self.rows(np.asarray(keys, dtype=object))
        out = np.full(len(rows), -1, dtype=np.int64)
        hit = rows >= 0
        out[hit] = indices[rows[hit]]
        return out, texts


def _distinct_texts(answers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each answer's index among the distinct texts (-1 for None), and those texts: the evaluator re-types
    each distinct text once."""
    codes, uniques = pd.factorize(pd.Series(answers, dtype=object))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _distinct_lookup_keys(keys: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The distinct `lookup_key` forms of a column of keys, and each row's index into them.

    Each distinct text is normalised once; an ASCII letters-and-digits text is one word, so its form is
    just its lower case (the common case of codes and numbers, without the word-splitting regex).
    """
    if keys.dtype.kind in "iu" and (keys.dtype.kind == "u" or not (keys < 0).any()):
        # Non-negative integers stand for their decimal text, which is already one word in lookup form.
        integer_codes, integers = pd.factorize(keys)
        return integers.astype(str).tolist(), integer_codes
    if keys.dtype.kind in "iu":
        keys = keys.astype(str).astype(object)
    codes, texts = pd.factorize(pd.Series(keys, dtype=object), use_na_sentinel=False)
    texts = np.asarray(texts, dtype=object)
    plain = lower_case_words(texts)
    if plain.all():  # distinct texts that are already distinct forms
        return texts.tolist(), codes
    forms = texts.copy()
    forms[~plain] = [
        text.lower() if isinstance(text, str) and text.isascii() and text.isalnum() else lookup_key(text)
        for text in texts[~plain]
    ]
    form_codes, distinct = pd.factorize(pd.Series(forms, dtype=object), use_na_sentinel=False)
    return distinct.tolist(), form_codes[codes]


def _exact(value: Any) -> Decimal:
    """A stored JSON number as the exact decimal of its shortest text."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _version_number(text: str) -> int:
    try:
        return int(Decimal(text))
    except (ArithmeticError, ValueError):
        return -1
