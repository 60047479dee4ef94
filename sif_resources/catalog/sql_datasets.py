"""Reference-dataset rows in the SQL catalog: bulk loading, the per-column key index, batched lookups.

What belongs here: the statements behind `SqlCatalogStore.put_dataset_rows` and `lookup_dataset`, each run on
a connection whose transaction the store owns, and the one place that bulk-loads rows (COPY FROM STDIN on
PostgreSQL, chunked executemany on SQLite). What does not: resolving which dataset version a LOOKUP reads (the
catalog resolver) or normalising keys (`calculator.resolver.lookup_key`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from calculator.resolver import lookup_keys
from sif_resources.catalog.sql_schema import (
    dataset_key_columns,
    dataset_keys,
    dataset_rows,
    dataset_tables,
)
from sif_resources.catalog.store import NotFoundError

#: Rows sent per COPY or executemany call, which bounds the memory a load holds at once.
LOAD_CHUNK_ROWS = 100_000
#: Above this many distinct keys a lookup loads them into a temporary table and joins, below it uses IN (...).
KEYS_IN_CLAUSE_MAX = 500
#: PostgreSQL's memory for the hash join of a large batch, so that it does not spill to disk in batches.
LOOKUP_WORK_MEM = "128MB"

_encode_cells = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_lookup_batch = sa.table("lookup_batch", sa.column("key_form", sa.String))


def replace_rows(
    connection: Connection,
    tenant_id: str,
    dataset_id: str,
    version: int,
    headers: Sequence[str],
    rows: Iterable[Sequence[str | None]],
) -> None:
    """Drop what is stored for this dataset version and store `headers` and `rows` (numbered from 1)."""
    old = _table_id(connection, tenant_id, dataset_id, version)
    if old is not None:
        for table in (dataset_keys, dataset_key_columns, dataset_rows, dataset_tables):
            connection.execute(sa.delete(table).where(table.c.table_id == old))
    table_id = connection.execute(
        sa.insert(dataset_tables)
        .values(tenant_id=tenant_id, dataset_id=dataset_id, version=version, headers=list(headers))
        .returning(dataset_tables.c.table_id)
    ).scalar_one()
    cells = ((table_id, number, _encode_cells(list(row))) for number, row in enumerate(rows, start=1))
    bulk_insert(connection, dataset_rows.name, ("table_id", "row_number", "cells"), cells)


def find_columns(
    connection: Connection,
    tenant_id: str,
    dataset_id: str,
    version: int,
    key_column: str,
    output_column: str,
) -> tuple[int, int, int]:
    """(table id, key column index, output column index) of a stored dataset version, else NotFoundError."""
    found = connection.execute(
        sa.select(dataset_tables.c.table_id, dataset_tables.c.headers).where(
            dataset_tables.c.tenant_id == tenant_id,
            dataset_tables.c.dataset_id == dataset_id,
            dataset_tables.c.version == version,
        )
    ).one_or_none()
    if found is None:
        raise NotFoundError(f"No rows stored for reference dataset '{dataset_id}' version {version}.")
    headers = list(found.headers)
    for column in (key_column, output_column):
        if column not in headers:
            raise NotFoundError(
                f"Requested column '{column}' not found in dataset '{dataset_id}' (version {version})"
            )
    return found.table_id, headers.index(key_column), headers.index(output_column)


def read_rows(
    connection: Connection, tenant_id: str, dataset_id: str, version: int
) -> tuple[list[str], list[list[str | None]]]:
    """The headers and rows of a stored dataset version, in file order, else NotFoundError."""
    found = connection.execute(
        sa.select(dataset_tables.c.table_id, dataset_tables.c.headers).where(
            dataset_tables.c.tenant_id == tenant_id,
            dataset_tables.c.dataset_id == dataset_id,
            dataset_tables.c.version == version,
        )
    ).one_or_none()
    if found is None:
        raise NotFoundError(f"No rows stored for reference dataset '{dataset_id}' version {version}.")
    cells = connection.execute(
        sa.select(sa.cast(dataset_rows.c.cells, sa.Text))
        .where(dataset_rows.c.table_id == found.table_id)
        .order_by(dataset_rows.c.row_number)
    ).scalars()
    return list(found.headers), [json.loads(text) for text in cells]


def read_columns(
    connection: Connection,
    tenant_id: str,
    dataset_id: str,
    version: int,
    columns: Sequence[str] | None,
    max_rows: int | None = None,
) -> dict[str, pa.Array] | None:
    """The texts of `columns` (None: every column) of a stored dataset version by name, each an Arrow string
    array in file order (null for a null cell); None when the version holds more than `max_rows` rows.
    NotFoundError as `find_columns`.

    PostgreSQL streams the stored cells with COPY, wrapped as JSON lines that Arrow's JSON reader parses,
    so the server never parses JSON; cells holding a backslash (escapes) take the row-by-row path."""
    found = connection.execute(
        sa.select(dataset_tables.c.table_id, dataset_tables.c.headers).where(
            dataset_tables.c.tenant_id == tenant_id,
            dataset_tables.c.dataset_id == dataset_id,
            dataset_tables.c.version == version,
        )
    ).one_or_none()
    if found is None:
        raise NotFoundError(f"No rows stored for reference dataset '{dataset_id}' version {version}.")
    headers = list(found.headers)
    names = list(dict.fromkeys(headers if columns is None else columns))
    for column in names:
        if column not in headers:
            raise NotFoundError(
                f"Requested column '{column}' not found in dataset '{dataset_id}' (version {version})"
            )
    indexes = [headers.index(column) for column in names]
    table_id = int(found.table_id)
    mine = dataset_rows.c.table_id == table_id
    if max_rows is not None:  # rows are numbered 1..n: the largest number is the count, read off the index
        count = connection.execute(sa.select(sa.func.max(dataset_rows.c.row_number)).where(mine))
        if int(count.scalar_one() or 0) > max_rows:
            return None
    fast = None
    if connection.dialect.name == "postgresql":
        fast = _copied_columns(connection, table_id, indexes, len(headers))
    if fast is None:
        cells = connection.execute(
            sa.select(sa.cast(dataset_rows.c.cells, sa.Text)).where(mine).order_by(dataset_rows.c.row_number)
        ).scalars()
        rows = [json.loads(text) for text in cells]
        fast = [
            pa.array([row[index] if index < len(row) else None for row in rows], type=pa.string())
            for index in indexes
        ]
    return dict(zip(names, fast, strict=True))


def _copied_columns(
    connection: Connection, table_id: int, indexes: list[int], width: int
) -> list[pa.Array] | None:
    """`read_columns` through COPY and Arrow; None when a cell needs the exact path (escapes, short rows).
    Rows come in whatever order the server reads them (no sort on the server) and are put in file order
    here."""
    query = (
        "COPY (SELECT '{\"n\":' || row_number || ',\"c\":' || cells::text || '}' FROM dataset_rows "
        f"WHERE table_id = {table_id}) TO STDOUT"
    )
    sink = _Pieces()
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.copy_expert(query, sink)
    finally:
        cursor.close()
    data = b"".join(sink.pieces)
    del sink
    if not data:
        return [pa.array([], type=pa.string()) for _ in indexes]
    if b"\\" in data:  # COPY escaped something (a JSON escape, a control character): parse exactly
        return None
    schema = pa.schema([("n", pa.int64()), ("c", pa.list_(pa.string()))])
    try:
        table = pa_json.read_json(
            pa.py_buffer(data), parse_options=pa_json.ParseOptions(explicit_schema=schema)
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    del data
    cells = table["c"].combine_chunks()
    numbers = table["n"].to_numpy()
    del table
    lengths = pc.list_value_length(cells)
    if cells.null_count or pc.min(lengths).as_py() != width or pc.max(lengths).as_py() != width:
        return None
    order = None if bool((np.diff(numbers) > 0).all()) else pa.array(np.argsort(numbers, kind="stable"))
    columns = [pc.list_element(cells, index) for index in indexes]
    return [column if order is None else column.take(order) for column in columns]


class _Pieces:
    """A file-like sink for COPY TO: psycopg2 writes one row per call, appended as they come (`write` is
    the list's own `append`, so no Python frame runs per row)."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []
        self.write = self.pieces.append


def has_key_index(connection: Connection, table_id: int, column_index: int) -> bool:
    """Whether the key index of this column is built."""
    marker = sa.select(dataset_key_columns.c.table_id).where(
        dataset_key_columns.c.table_id == table_id, dataset_key_columns.c.column_index == column_index
    )
    return connection.execute(marker).first() is not None


def build_key_index(connection: Connection, table_id: int, column_index: int) -> None:
    """Index the first row of each non-empty key form of one column (IntegrityError if built concurrently)."""
    connection.execute(sa.insert(dataset_key_columns).values(table_id=table_id, column_index=column_index))
    stored = connection.execute(
        sa.select(
            dataset_rows.c.row_number,
            dataset_rows.c.cells[column_index].as_string(),
            sa.cast(dataset_rows.c.cells, sa.Text),
        )
        .where(dataset_rows.c.table_id == table_id)
        .order_by(dataset_rows.c.row_number)
    ).all()
    if not stored:
        return
    numbers, texts, cells = zip(*stored, strict=True)
    forms = pd.Index(lookup_keys(np.array(texts, dtype=object)))
    first = ~forms.duplicated(keep="first") & (forms != "")
    kept = zip(
        forms[first].tolist(),
        np.asarray(numbers)[first].tolist(),
        np.asarray(cells, dtype=object)[first].tolist(),
        strict=True,
    )
    bulk_insert(
        connection,
        dataset_keys.name,
        ("table_id", "column_index", "key_form", "row_number", "cells"),
        ((table_id, column_index, form, number, text) for form, number, text in kept),
    )
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("ANALYZE dataset_keys")  # lookups plan their joins on its statistics


def lookup(
    connection: Connection, table_id: int, key_index: int, output_index: int, keys: Sequence[str]
) -> list[str | None]:
    """The output text of the first row of each key form (None for a miss or an empty form), in one query."""
    distinct = dict.fromkeys(keys)
    distinct.pop("", None)
    query = sa.select(dataset_keys.c.key_form, dataset_keys.c.cells[output_index].as_string()).where(
        dataset_keys.c.table_id == table_id, dataset_keys.c.column_index == key_index
    )
    if not distinct:
        found: Sequence[Any] = []
    elif len(distinct) <= KEYS_IN_CLAUSE_MAX:
        found = connection.execute(query.where(dataset_keys.c.key_form.in_(list(distinct)))).all()
    else:
        _load_lookup_batch(connection, list(distinct))
        batch = _lookup_batch.join(dataset_keys, dataset_keys.c.key_form == _lookup_batch.c.key_form)
        found = _fetch_all(connection, query.select_from(batch))
        _drop_lookup_batch(connection)
    answers: dict[str, str | None] = dict(found)
    return list(map(answers.get, keys))


def _fetch_all(connection: Connection, query: sa.Select[Any]) -> list[Any]:
    # Up to a million rows: the DBAPI's plain tuples cost a fraction of result rows. The statement holds only
    # integers of ours, so it is rendered with literal values.
    statement = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
    result = connection.exec_driver_sql(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def bulk_insert(
    connection: Connection, table_name: str, columns: Sequence[str], values: Iterable[Sequence[Any]]
) -> None:
    """Insert many rows fast: COPY FROM STDIN on PostgreSQL, executemany in chunks elsewhere."""
    if connection.dialect.name == "postgresql":
        _copy(connection, table_name, columns, values)
        return
    names = _column_list(connection, columns)
    statement = f"INSERT INTO {table_name} ({names}) VALUES ({', '.join('?' * len(columns))})"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for chunk in _chunks(values):
            cursor.executemany(statement, chunk)
    finally:
        cursor.close()


def _copy(
    connection: Connection, table_name: str, columns: Sequence[str], values: Iterable[Sequence[Any]]
) -> None:
    for chunk in _chunks(values):
        copy_text(connection, table_name, columns, [_copy_text(chunk, len(columns))])


def copy_text(connection: Connection, table_name: str, columns: Sequence[str], texts: Iterable[str]) -> None:
    """One COPY FROM STDIN on PostgreSQL of rows already in COPY's text format (`copy_field`), for callers
    that render whole columns at once. `texts` is read lazily while the server loads what was sent, so
    rendering the next piece overlaps with loading the last."""
    statement = f"COPY {table_name} ({_column_list(connection, columns)}) FROM STDIN"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.copy_expert(statement, _TextPieces(texts))
    finally:
        cursor.close()


class _TextPieces:
    """A file-like reader over text pieces: psycopg2 sends whatever `read` returns, so one piece per call."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = (text for text in texts if text)  # an empty read ends the COPY

    def read(self, _size: int = -1) -> str:
        return next(self._texts, "")


def _column_list(connection: Connection, columns: Sequence[str]) -> str:
    # Quoted where SQL needs it: tables may name columns `values` or `column`.
    return ", ".join(map(connection.dialect.identifier_preparer.quote, columns))


def _copy_text(rows: list[Sequence[Any]], width: int) -> str:
    """Rows in COPY's text format: joined as they are when no value can hold a tab, newline or backslash."""
    text = "".join("\t".join(map(str, row)) + "\n" for row in rows)
    plain = text.count("\t") == len(rows) * (width - 1) and text.count("\n") == len(rows)
    if plain and "\\" not in text and "\r" not in text and all(None not in row for row in rows):
        return text
    return "".join("\t".join(map(copy_field, row)) + "\n" for row in rows)


def copy_field(value: Any) -> str:
    """One field in COPY's text format: `\\N` for null, backslash and control characters escaped."""
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _chunks(values: Iterable[Sequence[Any]]) -> Iterable[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in values:
        chunk.append(row)
        if len(chunk) == LOAD_CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load_lookup_batch(connection: Connection, keys: list[str]) -> None:
    # PostgreSQL drops the table at commit and hash-joins it once analysed. SQLite keeps temporary tables per
    # connection, hence the DELETE, and without the primary key would rescan the batch for every dataset key.
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("CREATE TEMPORARY TABLE lookup_batch (key_form text) ON COMMIT DROP")
        _copy(connection, "lookup_batch", ("key_form",), [(key,) for key in keys])
        connection.exec_driver_sql("ANALYZE lookup_batch")
        connection.exec_driver_sql(f"SET LOCAL work_mem = '{LOOKUP_WORK_MEM}'")
    else:
        connection.exec_driver_sql(
            "CREATE TEMPORARY TABLE IF NOT EXISTS lookup_batch (key_form TEXT PRIMARY KEY)"
        )
        connection.exec_driver_sql("DELETE FROM temp.lookup_batch")
        bulk_insert(connection, "lookup_batch", ("key_form",), [(key,) for key in keys])


def _drop_lookup_batch(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql("DELETE FROM temp.lookup_batch")


def _table_id(connection: Connection, tenant_id: str, dataset_id: str, version: int) -> int | None:
    return connection.execute(
        sa.select(dataset_tables.c.table_id).where(
            dataset_tables.c.tenant_id == tenant_id,
            dataset_tables.c.dataset_id == dataset_id,
            dataset_tables.c.version == version,
        )
    ).scalar_one_or_none()
