"""Large LOOKUP batches answered from a dataset's columns read into memory (`CatalogResolver`), and the SQL
store's `dataset_columns` behind it: the answers are exactly those of the store's key index — first row of
each key form, case and punctuation folded, empty forms and null cells answering nothing — on every backend,
and a dataset much larger than the batch is never read whole."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sqlalchemy.engine import Engine

from calculator import EvaluationContext, evaluate_batch
from sif_resources.catalog import resolver as resolver_module
from sif_resources.catalog.resolver import CatalogResolver
from sif_resources.catalog.sql import SqlCatalogStore
from sif_resources.catalog.store import CatalogStore, NotFoundError
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate
from tests.sif_resources.catalog.test_resolver import TENANT, _create, _setup

HEADERS = ["code", "label", "factor"]
#: Keys that collide after normalisation, differ only in case, have no words, or meet null cells.
ROWS: list[list[str | None]] = [
    ["A-1", "first a1", "1.5"],
    ["a 1", "second a1 loses", "9"],
    ["B2", None, "2.25"],
    ["", "empty key", "0"],
    ["!!", "no words", "0"],
    ["Tab\there", 'tab\\slash "quoted"', "3"],
    ["Café", "accented", "4"],
    ["c3", "c3 label", None],
    ["B2", "second b2 loses", "5"],
]
KEYS = ["a 1", "A-1", "b2", "B2", "", "!!", "tab here", "café", "CAFÉ", "c3", "missing", "a-1"]


def _dataset(store: CatalogStore, rows: list[list[str | None]] = ROWS) -> Any:
    body = ReferenceDatasetCreate.parse_body(
        {"name": "codes", "datasetHeaders": HEADERS, "data": ",".join(HEADERS) + "\n"}
    )
    resource = _create(store, body, "/")
    store.put_dataset_rows(TENANT, resource.id, resource.version, HEADERS, rows)
    return resource


def _answers(store: CatalogStore, column: str) -> list[Any]:
    result = evaluate_batch(
        f"LOOKUP(:key,'codes','code','{column}',group='/')",
        {"key": np.array(KEYS, dtype=object)},
        context=EvaluationContext(group="/", resolver=CatalogResolver(store, TENANT)),
    )
    assert list(result.errors) == [None] * len(KEYS)
    return [(int(kind), value) for kind, value in zip(result.kinds, result.values, strict=True)]


@pytest.mark.parametrize("escapes", [True, False], ids=["escaped-cells", "plain-cells"])
def test_in_memory_answers_equal_the_store_index(
    store: CatalogStore, monkeypatch: pytest.MonkeyPatch, escapes: bool
) -> None:
    _setup(store)
    # Without the row holding a tab, a backslash and quotes, PostgreSQL takes the COPY and Arrow path.
    _dataset(store, ROWS if escapes else [[None, None, None] if "\t" in str(r[0]) else r for r in ROWS])
    indexed = {column: _answers(store, column) for column in ("label", "factor")}

    monkeypatch.setattr(resolver_module, "IN_MEMORY_MIN_KEYS", 1)
    in_memory = {column: _answers(store, column) for column in ("label", "factor")}

    assert in_memory == indexed
    assert [value for _kind, value in indexed["label"]] == [
        "first a1",
        "first a1",
        None,
        None,
        None,
        None,
        'tab\\slash "quoted"' if escapes else None,
        "accented",
        "accented",
        "c3 label",
        None,
        "first a1",
    ]


@pytest.mark.parametrize(
    ("max_cells", "expected"),
    [(10**9, [None]), (1, [("code", "label"), ("factor",)])],
    ids=["every-column-at-once", "columns-as-asked"],
)
def test_a_large_batch_reads_the_columns_once_per_execution(
    sql_engine: Engine, monkeypatch: pytest.MonkeyPatch, max_cells: int, expected: list[Any]
) -> None:
    store = SqlCatalogStore(sql_engine)
    _setup(store)
    _dataset(store)
    monkeypatch.setattr(resolver_module, "IN_MEMORY_MIN_KEYS", 1)
    monkeypatch.setattr(resolver_module, "IN_MEMORY_MAX_CELLS", max_cells)
    reads: list[tuple[str, ...] | None] = []
    original = store.dataset_columns

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(None if args[3] is None else tuple(args[3]))
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "dataset_columns", counted)
    resolver = CatalogResolver(store, TENANT)
    answers = []
    for column in ("label", "factor", "label"):
        result = evaluate_batch(
            f"LOOKUP(:key,'codes','code','{column}',group='/')",
            {"key": np.array(KEYS, dtype=object)},
            context=EvaluationContext(group="/", resolver=resolver),
        )
        answers.append(list(result.values))

    assert reads == expected
    assert answers[0] == answers[2] and answers[0][:2] == ["first a1", "first a1"]
    assert [str(v) if v is not None else None for v in answers[1][:4]] == ["1.5", "1.5", "2.25", "2.25"]


def test_a_dataset_much_larger_than_the_keys_asked_is_asked_key_by_key(
    sql_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqlCatalogStore(sql_engine)
    _setup(store)
    _dataset(store)
    monkeypatch.setattr(resolver_module, "IN_MEMORY_MIN_KEYS", 1)
    monkeypatch.setattr(resolver_module, "IN_MEMORY_ROWS_PER_KEY", 2)  # 9 rows: at least 5 keys asked
    answered: list[Any] = []
    original = store.dataset_columns

    def counted(*args: Any, **kwargs: Any) -> Any:
        answered.append(_lists(original(*args, **kwargs)))
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "dataset_columns", counted)
    resolver = CatalogResolver(store, TENANT)
    for keys in (["A-1", "b2"], ["c3", "A-1"], ["b2", "c3", "café"]):
        result = evaluate_batch(
            "LOOKUP(:key,'codes','code','label',group='/')",
            {"key": np.array(keys, dtype=object)},
            context=EvaluationContext(group="/", resolver=resolver),
        )
        expected = {"A-1": "first a1", "b2": None, "c3": "c3 label", "café": "accented"}
        assert list(result.values) == [expected[key] for key in keys]

    # 2 keys asked: refused (9 rows > 2 x 2); 4 keys: refused again (9 > 8); 7 keys: read whole
    assert [read if read is None else sorted(read) for read in answered] == [None, None, sorted(HEADERS)]


def _lists(columns: dict[str, Any] | None) -> dict[str, list[Any]] | None:
    return None if columns is None else {name: array.to_pylist() for name, array in columns.items()}


def test_dataset_columns_are_the_stored_texts_in_file_order(sql_engine: Engine) -> None:
    store = SqlCatalogStore(sql_engine)
    store.put_dataset_rows(TENANT, "d1", 1, HEADERS, ROWS)

    assert _lists(store.dataset_columns(TENANT, "d1", 1, ["factor", "code"])) == {
        "factor": [row[2] for row in ROWS],
        "code": [row[0] for row in ROWS],
    }
    assert _lists(store.dataset_columns(TENANT, "d1", 1)) == {
        name: [row[i] for row in ROWS] for i, name in enumerate(HEADERS)
    }
    assert _lists(store.dataset_columns(TENANT, "d1", 1, ["label"], max_rows=len(ROWS))) == {
        "label": [r[1] for r in ROWS]
    }
    assert store.dataset_columns(TENANT, "d1", 1, ["label"], max_rows=len(ROWS) - 1) is None
    with pytest.raises(NotFoundError):
        store.dataset_columns(TENANT, "d1", 1, ["nope"])
    with pytest.raises(NotFoundError):
        store.dataset_columns(TENANT, "d1", 2, ["code"])


def test_dataset_columns_of_plain_rows_and_short_rows(sql_engine: Engine) -> None:
    store = SqlCatalogStore(sql_engine)
    plain = [[str(n), f"label {n}", f"{n}.5"] for n in range(1, 2001)]
    store.put_dataset_rows(TENANT, "plain", 1, HEADERS, plain)
    store.put_dataset_rows(TENANT, "short", 1, HEADERS, [["k1", "v1"], ["k2", "v2", "f2"]])

    assert _lists(store.dataset_columns(TENANT, "plain", 1, ["code", "factor"])) == {
        "code": [row[0] for row in plain],
        "factor": [row[2] for row in plain],
    }
    assert _lists(store.dataset_columns(TENANT, "short", 1, ["factor", "label"])) == {
        "factor": [None, "f2"],
        "label": ["v1", "v2"],
    }


def test_integer_keys_answer_as_the_store_index(store: CatalogStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _setup(store)
    rows: list[list[str | None]] = [[str(n), f"label {n}", f"{n}.5"] for n in (7, 12, 0, 12, 123456789)]
    _dataset(store, rows)
    keys = np.array(
        ["12", " 12", "012", "12.0", "", "0", "7 ", "x7", "123456789", "99999999999999999999", "-7", "7"],
        dtype=object,
    )

    def answers() -> list[Any]:
        result = evaluate_batch(
            "LOOKUP(:key,'codes','code','label',group='/')",
            {"key": keys},
            context=EvaluationContext(group="/", resolver=CatalogResolver(store, TENANT)),
        )
        return list(result.values)

    indexed = answers()
    monkeypatch.setattr(resolver_module, "IN_MEMORY_MIN_KEYS", 1)
    assert answers() == indexed
    assert indexed[:3] == ["label 12", "label 12", None] and indexed[-2:] == ["label 7", "label 7"]
