"""How formulas reach the catalog: the batched resolver protocol and an in-memory implementation.

IMPACT, LOOKUP, `#calculation`, ASSIGN_TO_GROUP and CAML never fetch row by row: the evaluator collects
every distinct request of a batch and makes one call per kind. The platform's catalog implements the same
protocol with indexed, version-aware queries; `InMemoryResolver` serves tests, the demo and benchmarks.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
import pandas as pd

from calculator.errors import EvaluationError
from calculator.texts import canonical_integers, integer_values, lower_case_words


@dataclass(frozen=True)
class ResourceRef:
    """Which version of a named resource: `group`/`tenant` default to the execution's own."""

    name: str
    group: str
    tenant: str | None = None
    version: str | None = None
    version_as_at: str | None = None


@dataclass(frozen=True)
class ImpactValue:
    value: Decimal
    version: str


@dataclass(frozen=True)
class LookupAnswer:
    """For each requested key, an index into `texts` (-1 for a miss); and the dataset version used.

    `texts` holds the output column's distinct texts, so the evaluator re-types each distinct value
    once instead of once per key.
    """

    rows: np.ndarray
    texts: np.ndarray
    version: str

    @property
    def values(self) -> np.ndarray:
        """Output text per key, None for a miss."""
        out = np.empty(len(self.rows), dtype=object)
        hit = self.rows >= 0
        out[hit] = self.texts[self.rows[hit]]
        return out


@dataclass(frozen=True)
class CalculationParameter:
    index: int
    key: str
    type: str


@dataclass(frozen=True)
class CalculationDefinition:
    name: str
    formula: str
    parameters: tuple[CalculationParameter, ...]
    version: str
    outputs: tuple[dict[str, Any], ...] = field(default=(), compare=False)


class Resolver(Protocol):
    """Batched access to catalog resources. Failures are returned as EvaluationError, never raised."""

    def impacts(
        self, requests: Sequence[tuple[ResourceRef, str, str]]
    ) -> list[ImpactValue | EvaluationError]:
        """Component values for distinct (activity, impact name, component key) requests."""
        ...

    def lookup(
        self, dataset: ResourceRef, key_column: str, output_column: str, keys: np.ndarray
    ) -> LookupAnswer | EvaluationError:
        """One dataset version, many keys (an object array of str) in one call."""
        ...

    def calculations(
        self, requests: Sequence[ResourceRef]
    ) -> list[CalculationDefinition | EvaluationError]: ...

    def groups_exist(self, groups: Sequence[str]) -> list[bool]: ...

    def match_products(self, texts: Sequence[str]) -> list[list[dict[str, Any]] | EvaluationError]:
        """CAML: the top product matches per text. Fails with a clear message when no model is configured."""
        ...


# Words as Unicode's word-break rules (UAX #29, Lucene's StandardTokenizer) see them, approximately:
# letters, digits and underscores in any script, joined across `.` and `'` inside a word and `,`
# inside a number ("12.0", "can't", "1,000" stay whole; "co2-e" is two words).
_WORD = re.compile(r"\w+(?:[.'\u2019]\w+|,\d+)*")


def lookup_key(text: str | None) -> str:
    """How LOOKUP compares keys: SIF's Lucene index is case-insensitive and token based.

    An empty result (no words) never matches anything.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return " ".join(_WORD.findall(text.lower()))


def lookup_keys(texts: np.ndarray) -> np.ndarray:
    """`lookup_key` over a column, once per distinct text; a text of ASCII lower-case letters and digits
    only is one word already in key form, so it skips the word-splitting regex."""
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=False)
    normalised = np.empty(len(uniques), dtype=object)
    normalised[:] = uniques
    needed = np.flatnonzero(~lower_case_words(normalised)) if len(normalised) else np.empty(0, np.int64)
    if len(needed):
        normalised[needed] = [lookup_key(t) for t in normalised[needed].tolist()]
    return normalised[codes]


@dataclass
class _Versioned:
    """One version of an in-memory resource."""

    version: str
    payload: Any
    version_as_at: str | None = None


@dataclass
class InMemoryResolver:
    """A resolver over Python data: versioned impacts, datasets and calculations per (tenant, group)."""

    impacts_by_ref: dict[tuple[str | None, str, str], list[_Versioned]] = field(default_factory=dict)
    datasets_by_ref: dict[tuple[str | None, str, str], list[_Versioned]] = field(default_factory=dict)
    calculations_by_ref: dict[tuple[str | None, str, str], list[_Versioned]] = field(default_factory=dict)
    existing_groups: set[str] = field(default_factory=set)
    product_matches: dict[str, list[dict[str, Any]]] | None = None

    # --- building -------------------------------------------------------------------------------------
    def add_impact_activity(
        self,
        name: str,
        impacts: Mapping[str, Mapping[str, Decimal | str | float]],
        *,
        group: str,
        version: str | int = 1,
        tenant: str | None = None,
        version_as_at: str | None = None,
    ) -> None:
        """Add a version of an impact activity: impact name -> component key -> value."""
        exact = {i: {c: Decimal(str(v)) for c, v in comps.items()} for i, comps in impacts.items()}
        self._add(self.impacts_by_ref, (tenant, group, name), str(version), exact, version_as_at)

    def add_dataset(
        self,
        name: str,
        frame: pd.DataFrame,
        *,
        group: str,
        version: str | int = 1,
        tenant: str | None = None,
        version_as_at: str | None = None,
    ) -> None:
        """Add a version of a reference dataset (all columns text; row order is the index order)."""
        self._add(
            self.datasets_by_ref, (tenant, group, name), str(version), _DatasetIndex(frame), version_as_at
        )

    def add_calculation(
        self,
        name: str,
        formula: str,
        parameters: Sequence[dict[str, Any]],
        *,
        group: str,
        version: str | int = 1,
        tenant: str | None = None,
        version_as_at: str | None = None,
        outputs: Sequence[dict[str, Any]] = (),
    ) -> None:
        params = tuple(
            CalculationParameter(int(p["index"]), p["key"], p.get("type", "string")) for p in parameters
        )
        definition = CalculationDefinition(name, formula, params, str(version), tuple(outputs))
        self._add(self.calculations_by_ref, (tenant, group, name), str(version), definition, version_as_at)

    @staticmethod
    def _add(
        store: dict[tuple[str | None, str, str], list[_Versioned]],
        key: tuple[str | None, str, str],
        version: str,
        payload: Any,
        version_as_at: str | None,
    ) -> None:
        versions = store.setdefault(key, [])
        versions[:] = [v for v in versions if not (v.version == version and v.version_as_at == version_as_at)]
        versions.append(_Versioned(version, payload, version_as_at))

    # --- resolving ------------------------------------------------------------------------------------
    @staticmethod
    def _pick(versions: list[_Versioned] | None, ref: ResourceRef) -> _Versioned | None:
        if not versions:
            return None
        if ref.version_as_at is not None:
            matches = [v for v in versions if v.version_as_at == ref.version_as_at]
        elif ref.version is not None:
            matches = [v for v in versions if v.version == ref.version and v.version_as_at is None]
        else:
            matches = [v for v in versions if v.version_as_at is None]
        if not matches:
            return None
        return max(matches, key=lambda v: _version_order(v.version))

    def impacts(
        self, requests: Sequence[tuple[ResourceRef, str, str]]
    ) -> list[ImpactValue | EvaluationError]:
        out: list[ImpactValue | EvaluationError] = []
        for ref, impact, component in requests:
            found = self._pick(self.impacts_by_ref.get((ref.tenant, ref.group, ref.name)), ref)
            if found is None:
                out.append(EvaluationError(f"Activity with name '{ref.name}' not found."))
            elif impact not in found.payload:
                out.append(EvaluationError(f"Referenced activity impact '{impact}' not found."))
            elif component not in found.payload[impact]:
                out.append(EvaluationError(f"Referenced activity impact component '{component}' not found."))
            else:
                out.append(ImpactValue(found.payload[impact][component], found.version))
        return out

    def lookup(
        self, dataset: ResourceRef, key_column: str, output_column: str, keys: np.ndarray
    ) -> LookupAnswer | EvaluationError:
        versions = self.datasets_by_ref.get((dataset.tenant, dataset.group, dataset.name))
        found = self._pick(versions, dataset)
        if found is None:
            if dataset.version_as_at is not None and versions:
                return EvaluationError(
                    f"Reference dataset for specified versionAsAt '{dataset.version_as_at}' not found."
                )
            return EvaluationError(f"Reference dataset for name '{dataset.name}' not found.")
        index: _DatasetIndex = found.payload
        if key_column not in index.frame.columns or output_column not in index.frame.columns:
            return EvaluationError(
                f"Requested column '{output_column}' or '{key_column}' not found in dataset "
                f"'{dataset.name}' (version {found.version})"
            )
        codes, distinct = index.column(output_column)
        rows = index.positions(key_column, keys)
        return LookupAnswer(np.where(rows >= 0, codes[np.maximum(rows, 0)], -1), distinct, found.version)

    def calculations(self, requests: Sequence[ResourceRef]) -> list[CalculationDefinition | EvaluationError]:
        out: list[CalculationDefinition | EvaluationError] = []
        for ref in requests:
            found = self._pick(self.calculations_by_ref.get((ref.tenant, ref.group, ref.name)), ref)
            if found is None:
                out.append(EvaluationError(f"Calculation with name '{ref.name}' not found."))
            else:
                out.append(found.payload)
        return out

    def groups_exist(self, groups: Sequence[str]) -> list[bool]:
        return [g in self.existing_groups for g in groups]

    def match_products(self, texts: Sequence[str]) -> list[list[dict[str, Any]] | EvaluationError]:
        if self.product_matches is None:
            return [EvaluationError("CaML feature is not enabled for this tenant.") for _ in texts]
        return [self.product_matches.get(t, []) for t in texts]


def _version_order(version: str) -> tuple[int, str]:
    return (int(version), "") if version.isdigit() else (0, version)


class _DatasetIndex:
    """A dataset version with a hash index per key column, built on first use.

    Keys that are all canonical integers (row numbers, codes) are indexed as int64, which hashes an
    order of magnitude faster than text; the answer is the same because such keys are already in
    `lookup_key` form.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._indexes: dict[str, tuple[pd.Index, np.ndarray, bool]] = {}
        # The positions of the last key array asked for (held weakly): LOOKUPs of several output
        # columns with the same keys join once.
        self._last: tuple[weakref.ref[np.ndarray], str, np.ndarray] | None = None
        self._columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _index(self, key_column: str) -> tuple[pd.Index, np.ndarray, bool]:
        if key_column not in self._indexes:
            keys = self.frame[key_column].to_numpy(dtype=object)
            integers = bool(len(keys)) and bool(canonical_integers(keys).all())
            normalised = integer_values(keys) if integers else lookup_keys(keys)
            # The first row in index order wins when keys repeat.
            first_rows = np.flatnonzero(~pd.Series(normalised).duplicated().to_numpy())
            self._indexes[key_column] = (pd.Index(normalised[first_rows]), first_rows, integers)
        return self._indexes[key_column]

    def positions(self, key_column: str, keys: np.ndarray) -> np.ndarray:
        """Dataset row of each key (-1 for a miss); repeated calls with the same key array are free."""
        last = self._last
        if last is not None and last[0]() is keys and last[1] == key_column:
            return last[2]
        index, first_rows, integers = self._index(key_column)
        if integers:
            found = np.full(len(keys), -1, dtype=np.int64)
            direct = canonical_integers(keys)
            found[direct] = index.get_indexer(integer_values(keys[direct]))
            others = np.flatnonzero(~direct)
            if len(others):
                normalised = lookup_keys(keys[others])
                numeric = canonical_integers(normalised)
                found[others[numeric]] = index.get_indexer(integer_values(normalised[numeric]))
        else:
            normalised = lookup_keys(keys)
            found = index.get_indexer(normalised)
            found[normalised == ""] = -1  # a key with no words matches nothing
        rows = np.where(found >= 0, first_rows[np.maximum(found, 0)], -1)
        self._last = (weakref.ref(keys), key_column, rows)
        return rows

    def column(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The column factorised: a code per dataset row and the distinct texts."""
        if name not in self._columns:
            codes, distinct = pd.factorize(pd.Series(self.frame[name], dtype=object), use_na_sentinel=False)
            self._columns[name] = (codes, np.asarray(distinct, dtype=object))
        return self._columns[name]
