"""Landing files on a local folder and on S3 (moto server): rows split by the month of their time, exact
messages for files that cannot land (and nothing left behind), rejected rows, chunked streaming, and the
landing area runs read from."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from calculator.evaluator import EvaluationContext
from calculator.resolver import InMemoryResolver
from calculator.transformer import Transformer, run_transformer
from sif_resources.executions import landing as landing_module
from sif_resources.executions.landing import ROW_NUMBER, LandingArea, LandingError, LandingResult, land_file
from sif_resources.executions.model import CALCULATION_ERRORS_MESSAGE, ErrorRow
from sif_resources.executions.store import ExecutionStore
from sif_resources.objects import ObjectStore
from sif_resources.pipelines.definition import PipelineDefinition

TIME_FORMULA = "AS_TIMESTAMP(:date,'M/d/yyyy')"
TRANSFORMER: dict[str, Any] = {
    "parameters": [
        {"key": "date", "type": "string", "label": "Bill date"},
        {"key": "meter", "type": "string"},
        {"key": "therms", "type": "number"},
    ],
    "transforms": [
        {"index": 0, "formula": TIME_FORMULA, "outputs": [{"index": 0, "key": "time", "type": "timestamp"}]},
        {
            "index": 1,
            "formula": ":meter",
            "outputs": [{"index": 0, "key": "meter", "type": "string", "includeAsUnique": True}],
        },
        {"index": 2, "formula": ":therms*2", "outputs": [{"index": 0, "key": "co2e", "type": "number"}]},
    ],
}
HEADER = "Bill date,meter,therms\n"


def _pipeline(transformer: dict[str, Any] = TRANSFORMER, kind: str = "activities") -> PipelineDefinition:
    return PipelineDefinition(
        key="gas",
        name="gas",
        type=kind,  # type: ignore[arg-type]
        group="/acme",
        version=4,
        transformer=Transformer.from_dict(transformer),
        transformer_json=transformer,
    )


def _file(tmp_path: Path, text: str | bytes, name: str = "bills.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def _land(
    source: Path | io.BytesIO, objects: ObjectStore, executions: ExecutionStore, **options: Any
) -> LandingResult:
    pipeline = options.pop("pipeline", None) or _pipeline()
    return land_file(
        pipeline,
        tenant="acme",
        group="/acme",
        source=source,
        object_store=objects,
        executions=executions,
        max_bytes=options.pop("max_bytes", 10_000_000),
        **options,
    )


def _refused(
    source: Path | io.BytesIO, objects: ObjectStore, executions: ExecutionStore, **options: Any
) -> str:
    """Land a file that must be refused: the message, after checking the execution failed with it and
    nothing was landed."""
    with pytest.raises(LandingError) as refused:
        _land(source, objects, executions, **options)
    execution = refused.value.execution
    message = refused.value.message
    assert execution.status == "failed"
    assert execution.status_message == message
    assert executions.get("acme", "gas", execution.id) == execution
    assert objects.list("landing/") == []
    assert executions.error_text(execution) == message + "\n"
    assert list(executions.error_rows(execution)) == [ErrorRow(None, None, message)]
    return message


THREE_MONTHS = (
    HEADER
    + "1/5/2024,A,10\n"  # 1
    + "2/5/2024,B,20\n"  # 2
    + "1/31/2024,C,30\n"  # 3
    + "3/1/2024,D,40\n"  # 4
    + "2/29/2024,E,50\n"  # 5
)


def test_a_file_lands_by_month(tmp_path: Path, objects: ObjectStore, executions: ExecutionStore) -> None:
    source = _file(tmp_path, THREE_MONTHS)
    result = _land(source, objects, executions, chunk_rows=2, created_by="ann", tags={"batch": "q1"})
    assert result.months == {"2024-01": 2, "2024-02": 2, "2024-03": 1}
    assert (result.rows_landed, result.rows_rejected, result.chunks) == (5, 0, 3)
    execution = result.execution
    assert executions.get("acme", "gas", execution.id) == execution
    assert execution.status == "in_progress"
    assert (execution.pipeline_version, execution.pipeline_type, execution.group_context_id) == (
        4,
        "activities",
        "/acme",
    )
    assert (execution.created_by, execution.tags, execution.input_file_name) == (
        "ann",
        {"batch": "q1"},
        "bills.csv",
    )
    assert execution.months == ("2024-01", "2024-02", "2024-03")
    assert (execution.input_rows, execution.rows_landed, execution.rows_rejected, execution.error_count) == (
        5,
        5,
        0,
        0,
    )
    assert objects.get_bytes(execution.input_raw_key or "") == source.read_bytes()
    assert objects.get_bytes(execution.input_archived_key or "") == source.read_bytes()

    area = LandingArea(objects)
    assert area.months("acme", "gas") == ["2024-01", "2024-02", "2024-03"]
    january = area.parts("acme", "gas", "2024-01")
    assert [(p.chunk, p.rows, p.execution_id, p.action_type) for p in january] == [
        (0, 1, execution.id, "create"),
        (1, 1, execution.id, "create"),
    ]
    assert january[0].key == f"landing/acme/gas/2024-01/{execution.id}-00000.parquet"
    frame = pd.concat([area.read_part(p) for p in january], ignore_index=True)
    assert list(frame.columns) == ["Bill date", "meter", "therms", ROW_NUMBER]
    assert frame.to_dict("list") == {
        "Bill date": ["1/5/2024", "1/31/2024"],
        "meter": ["A", "C"],
        "therms": ["10", "30"],
        ROW_NUMBER: [1, 3],
    }
    february = [
        (part.chunk, frame[ROW_NUMBER].tolist()) for part, frame in area.iter_parts("acme", "gas", "2024-02")
    ]
    assert february == [(0, [2]), (2, [5])]
    march = [(p.chunk, area.read_part(p)[ROW_NUMBER].tolist()) for p in area.parts("acme", "gas", "2024-03")]
    assert march == [(1, [4])]
    assert {p.key for p in result.parts} == {
        p.key for month in result.months for p in area.parts("acme", "gas", month)
    }


def test_rows_whose_time_fails_are_rejected(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    source = _file(tmp_path, HEADER + "1/5/2024,A,10\n13/5/2024,B,20\n,C,30\n1/7/2024,D,x\n2/1/2024,E,1\n")
    result = _land(source, objects, executions, chunk_rows=2)
    assert result.months == {"2024-01": 1, "2024-02": 1}
    assert (result.rows_landed, result.rows_rejected) == (2, 3)
    execution = result.execution
    assert execution.status == "in_progress"
    assert (execution.input_rows, execution.rows_rejected, execution.error_count) == (5, 3, 3)
    assert list(executions.error_rows(execution)) == [
        ErrorRow(
            2,
            "time",
            f"Row '2' column 'time' encountered error evaluating formula `{TIME_FORMULA}` - Text '13/5/2024' "
            "could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13",
        ),
        ErrorRow(
            3,
            "time",
            f"Row '3' column 'time' encountered error evaluating formula `{TIME_FORMULA}` - Text '' could "
            "not be parsed at index 0",
        ),
        ErrorRow(
            4,
            None,
            "Failed processing row {Bill date=1/7/2024, meter=D, therms=x}, err: Character x is neither a "
            'decimal digit number, decimal point, nor "e" notation exponential mark.',
        ),
    ]
    assert objects.get_bytes(execution.errors_text_key or "").decode().count("\n") == 3
    landed = [LandingArea(objects).read_part(p) for m in result.months for p in result.parts if p.month == m]
    assert sorted(n for frame in landed for n in frame[ROW_NUMBER]) == [1, 5]


def test_times_that_are_not_timestamps(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    transformer = {
        "parameters": [{"key": "when", "type": "string"}],
        "transforms": [
            {
                "index": 0,
                "formula": "IF(:when=='ms',1704067200000,:when)",
                "outputs": [{"index": 0, "key": "time", "type": "timestamp"}],
            }
        ],
    }
    source = _file(tmp_path, 'when\nms\nyesterday\n\n""\n')
    result = _land(source, objects, executions, pipeline=_pipeline(transformer))
    assert result.months == {"2024-01": 1}
    formula = "IF(:when=='ms',1704067200000,:when)"
    assert [e.message for e in executions.error_rows(result.execution)] == [
        f"Row '2' column 'time' encountered error evaluating formula `{formula}` - the time 'yesterday' is "
        "not a timestamp (epoch milliseconds)",
        f"Row '3' column 'time' encountered error evaluating formula `{formula}` - the time is null: "
        "transform 0 must give a timestamp",
    ]


def test_a_missing_column(tmp_path: Path, objects: ObjectStore, executions: ExecutionStore) -> None:
    source = _file(tmp_path, "Date,meter\n1/5/2024,A\n")
    assert _refused(source, objects, executions) == (
        "Input file 'bills.csv' has no columns 'Bill date' (parameter 'date'), 'therms'; "
        "its header is: Date, meter"
    )
    source = _file(tmp_path, "Bill date,meter\n1/5/2024,A\n")
    assert _refused(source, objects, executions) == (
        "Input file 'bills.csv' has no column 'therms'; its header is: Bill date, meter"
    )


def test_parameters_match_by_key_or_label(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    source = _file(tmp_path, "therms;date;meter;extra\n1;1/5/2024;A;x\n")
    result = _land(source, objects, executions, delimiter=";")
    assert result.months == {"2024-01": 1}
    part = LandingArea(objects).parts("acme", "gas", "2024-01")[0]
    assert LandingArea(objects).read_part(part).to_dict("records") == [
        {"therms": "1", "date": "1/5/2024", "meter": "A", "extra": "x", ROW_NUMBER: 1}
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "Input file 'bills.csv' is empty: it has no header line"),
        (b"a,a,b\n", "Input file 'bills.csv' has the column 'a' twice in its header"),
        (
            b"Bill date,meter,therms,__row_number\n",
            "Input file 'bills.csv' has a column named '__row_number', which landing adds",
        ),
    ],
)
def test_bad_headers(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore, text: bytes, message: str
) -> None:
    assert _refused(_file(tmp_path, text), objects, executions) == message


def test_a_ragged_line_after_parts_were_written(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    lines = [f"1/{day}/2024,M{day},1" for day in range(1, 8)]
    lines.insert(5, "2/1/2024,late")  # file line 7: the header is line 1
    source = _file(tmp_path, HEADER + "\n".join(lines) + "\n")
    message = _refused(source, objects, executions, chunk_rows=2)
    assert message == "Input file 'bills.csv' line 7: expected 3 values as in the header, found 2"


def test_quoted_newlines_count_as_one_row(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    source = _file(tmp_path, HEADER + '1/5/2024,"two\nlines",1\n1/6/2024,B,2,extra\n')
    message = _refused(source, objects, executions)
    assert message == "Input file 'bills.csv' line 4: expected 3 values as in the header, found 4"
    fine = _file(tmp_path, HEADER + '1/5/2024,"two\nlines",1\n\n1/6/2024,B,2\n', name="fine.csv")
    result = _land(fine, objects, executions, chunk_rows=1)
    frames = [frame for _, frame in LandingArea(objects).iter_parts("acme", "gas", "2024-01")]
    assert [(f["meter"][0], f[ROW_NUMBER][0]) for f in frames] == [("two\nlines", 1), ("B", 2)]
    assert result.chunks == 2


def test_bad_encoding(tmp_path: Path, objects: ObjectStore, executions: ExecutionStore) -> None:
    source = _file(tmp_path, HEADER.encode() + b"1/5/2024,A,1\n1/6/2024,caf\xe9,2\n")
    assert _refused(source, objects, executions) == (
        "Input file 'bills.csv' line 3 is not UTF-8 text (byte 0xe9 at position 13)"
    )


def test_a_byte_order_mark_is_not_part_of_the_header(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    source = _file(tmp_path, b"\xef\xbb\xbf" + HEADER.encode() + b"1/5/2024,A,1\n")
    assert _land(source, objects, executions).months == {"2024-01": 1}


def test_oversized_files_are_refused_before_anything_lands(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    source = _file(tmp_path, THREE_MONTHS)
    size = source.stat().st_size
    message = _refused(source, objects, executions, max_bytes=size - 1)
    assert message == f"Input file 'bills.csv' is larger than the upload limit of {size - 1} bytes"
    stream = io.BytesIO(source.read_bytes())
    message = _refused(stream, objects, executions, max_bytes=size - 1, file_name="stream.csv")
    assert message == f"Input file 'stream.csv' is larger than the upload limit of {size - 1} bytes"
    for execution in executions.list("acme", "gas"):
        assert not objects.exists(execution.input_raw_key or "")
        assert not objects.exists(execution.input_archived_key or "")


def test_the_upload_limit_defaults_to_the_setting(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIF_MAX_UPLOAD_BYTES", "10")
    with pytest.raises(LandingError, match="larger than the upload limit of 10 bytes"):
        land_file(
            _pipeline(),
            tenant="acme",
            group="/acme",
            source=_file(tmp_path, THREE_MONTHS),
            object_store=objects,
            executions=executions,
        )


def test_a_stream_lands_like_a_file(objects: ObjectStore, executions: ExecutionStore) -> None:
    result = _land(io.BytesIO(THREE_MONTHS.encode()), objects, executions, file_name="upload.csv")
    assert result.months == {"2024-01": 2, "2024-02": 2, "2024-03": 1}
    assert result.execution.input_file_name == "upload.csv"
    assert objects.get_bytes(result.execution.input_archived_key or "") == THREE_MONTHS.encode()


def test_streaming_in_chunks(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pyarrow blocks much smaller than a chunk: chunks are assembled from many blocks
    monkeypatch.setattr(landing_module, "_BLOCK_BYTES", 1024)
    sizes: list[int] = []
    real_chunks = landing_module._chunks

    def recording(reader: Any, chunk_rows: int) -> Iterator[pa.Table]:
        for table in real_chunks(reader, chunk_rows):
            sizes.append(table.num_rows)
            yield table

    monkeypatch.setattr(landing_module, "_chunks", recording)
    rows = 2_000
    days = np.arange(rows) % 28 + 1
    months = np.arange(rows) % 3 + 1
    body = "".join(f"{m}/{d}/2024,M{i},{i}\n" for i, (m, d) in enumerate(zip(months, days, strict=True)))
    result = _land(_file(tmp_path, HEADER + body), objects, executions, chunk_rows=300)
    assert sizes == [300] * 6 + [200]
    assert result.chunks == math.ceil(rows / 300) == 7
    assert result.months == {"2024-01": 667, "2024-02": 667, "2024-03": 666}
    area = LandingArea(objects)
    numbers: list[int] = []
    for month in area.months("acme", "gas"):
        parts = area.parts("acme", "gas", month)
        assert [p.chunk for p in parts] == list(range(7))
        for part in parts:
            frame = area.read_part(part)
            assert len(frame) == part.rows
            assert set(frame["Bill date"].str.split("/").str[0]) == {str(int(month[-2:]))}
            numbers.extend(frame[ROW_NUMBER])
    assert sorted(numbers) == list(range(1, rows + 1))


def test_later_executions_come_after_earlier_ones(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    area = LandingArea(objects)
    assert area.fingerprint("acme", "gas", "2024-01") == area.fingerprint("acme", "gas", "2024-01")
    empty = area.fingerprint("acme", "gas", "2024-01")
    first = _land(_file(tmp_path, HEADER + "1/5/2024,A,10\n"), objects, executions)
    after_first = area.fingerprint("acme", "gas", "2024-01")
    assert after_first != empty
    corrected = _file(tmp_path, HEADER + "1/5/2024,A,12\n2/5/2024,B,1\n", name="corrected.csv")
    second = area.replace(_pipeline(), tenant="acme", group="/acme", source=corrected, executions=executions)
    assert second.execution.id > first.execution.id
    january = area.parts("acme", "gas", "2024-01")
    assert [p.execution_id for p in january] == [first.execution.id, second.execution.id]
    assert [area.read_part(p)["therms"].tolist() for p in january] == [["10"], ["12"]]
    assert area.fingerprint("acme", "gas", "2024-01") not in (empty, after_first)
    # a landing elsewhere leaves this month's data version alone
    assert area.fingerprint("acme", "gas", "2024-02") != area.fingerprint("acme", "gas", "2024-01")
    before = area.fingerprint("acme", "gas", "2024-01")
    _land(_file(tmp_path, HEADER + "3/5/2024,C,1\n"), objects, executions)
    assert area.fingerprint("acme", "gas", "2024-01") == before
    assert [e.id for e in executions.list("acme", "gas")][1:] == [second.execution.id, first.execution.id]


def test_parts_without_a_manifest_are_not_read(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    result = _land(_file(tmp_path, HEADER + "1/5/2024,A,10\n"), objects, executions)
    before = LandingArea(objects).fingerprint("acme", "gas", "2024-01")
    # what a landing that died before committing leaves behind
    objects.put_bytes("landing/acme/gas/2024-01/01hzzzzzzzzzzzzzzzzzzzzzzz-00000.parquet", b"not parquet")
    assert [p.execution_id for p in LandingArea(objects).parts("acme", "gas", "2024-01")] == [
        result.execution.id
    ]
    assert LandingArea(objects).fingerprint("acme", "gas", "2024-01") == before


def test_landing_into_a_waiting_execution(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    waiting = executions.create(
        tenant="acme",
        pipeline_key="gas",
        pipeline_version=4,
        group_context_id="/acme/eu",
        action_type="delete",
    )
    result = _land(_file(tmp_path, THREE_MONTHS), objects, executions, execution=waiting)
    assert result.execution.id == waiting.id
    assert result.execution.input_file_name == "bills.csv"
    assert {p.action_type for p in LandingArea(objects).parts("acme", "gas", "2024-01")} == {"delete"}
    with pytest.raises(LandingError) as again:
        _land(_file(tmp_path, THREE_MONTHS, name="second.csv"), objects, executions, execution=waiting)
    message = "input file 'second.csv' was not processed: the execution is in_progress, not waiting"
    assert again.value.message == message
    stored = executions.get("acme", "gas", waiting.id)
    assert (stored.status, stored.status_message) == ("in_progress", message)
    assert len(LandingArea(objects).parts("acme", "gas", "2024-01")) == 1


def test_when_no_row_lands_the_execution_is_final(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    header_only = _land(_file(tmp_path, HEADER), objects, executions)
    assert (header_only.execution.status, header_only.months, header_only.chunks) == ("success", {}, 0)
    rejected = _land(_file(tmp_path, HEADER + "x,A,1\n", name="bad.csv"), objects, executions)
    assert rejected.execution.status == "failed"
    assert rejected.execution.status_message == CALCULATION_ERRORS_MESSAGE
    assert rejected.execution.rows_rejected == 1
    assert objects.list("landing/") == []


def test_pipelines_without_a_time_output_land_in_the_execution_month(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    transformer = {
        "parameters": [{"key": "name", "type": "string"}],
        "transforms": [
            {
                "index": 0,
                "formula": "UPPERCASE(:name)",
                "outputs": [{"index": 0, "key": "n", "type": "string"}],
            }
        ],
    }
    result = _land(
        _file(tmp_path, "name\na\nb\n"), objects, executions, pipeline=_pipeline(transformer, "data")
    )
    assert result.months == {"2024-03": 2}  # the test clock starts on 1 March 2024
    assert result.execution.pipeline_type == "data"


def test_a_pipeline_of_another_tenant_is_refused(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    pipeline = PipelineDefinition(**{**_pipeline().__dict__, "tenant": "globex"})
    with pytest.raises(ValueError, match="pipeline 'gas' belongs to tenant 'globex', not 'acme'"):
        _land(_file(tmp_path, THREE_MONTHS), objects, executions, pipeline=pipeline)
    assert objects.list() == []


def test_landed_parts_evaluate_like_the_whole_file(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    text = HEADER + "1/5/2024,A,10\n2/5/2024,B,oops\n1/9/2024,,3\n3/5/2024,D,-4\n2/7/2024,E,5\n"
    source = _file(tmp_path, text)
    _land(source, objects, executions, chunk_rows=2)
    area = LandingArea(objects)
    frames = [
        frame for month in area.months("acme", "gas") for _, frame in area.iter_parts("acme", "gas", month)
    ]
    landed = pd.concat(frames, ignore_index=True)
    inputs = landed.drop(columns=[ROW_NUMBER])
    from_parts = run_transformer(_pipeline().transformer, inputs, row_ids=landed[ROW_NUMBER].tolist())
    whole = pd.read_csv(source, dtype=str, keep_default_na=False)
    from_file = run_transformer(_pipeline().transformer, whole)
    kept = [int(n) - 1 for n in landed[ROW_NUMBER]]
    assert from_parts.frame().to_dict("records") == from_file.frame().iloc[kept].to_dict("records")
    assert [e.message for e in from_parts.cell_errors] == [
        e.message for e in from_file.cell_errors if e.row in kept
    ]


def test_a_time_formula_that_reads_the_catalog_needs_a_context(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore
) -> None:
    formula = "AS_TIMESTAMP(LOOKUP(:period,'periods','period','date'),'yyyy-MM-dd')"
    transformer = {
        "parameters": [{"key": "period", "type": "string"}],
        "transforms": [
            {"index": 0, "formula": formula, "outputs": [{"index": 0, "key": "time", "type": "timestamp"}]}
        ],
    }
    source = _file(tmp_path, "period\nP1\nP2\n")
    alone = _land(source, objects, executions, pipeline=_pipeline(transformer))
    assert alone.execution.status == "failed"
    assert next(e.message for e in executions.error_rows(alone.execution)) == (
        f"Row '1' column 'time' encountered error evaluating formula `{formula}` - No resolver is configured "
        "for catalog references."
    )
    resolver = InMemoryResolver()
    periods = pd.DataFrame({"period": ["P1", "P2"], "date": ["2024-01-15", "2024-02-15"]})
    resolver.add_dataset("periods", periods, group="/acme")
    context = EvaluationContext(group="/acme", tenant="acme", resolver=resolver)
    with_context = _land(source, objects, executions, pipeline=_pipeline(transformer), context=context)
    assert with_context.months == {"2024-01": 1, "2024-02": 1}


def test_a_store_failure_half_way_leaves_nothing(
    tmp_path: Path, objects: ObjectStore, executions: ExecutionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_put = objects.put_bytes
    parquet_writes: list[str] = []

    def failing_put(key: str, data: bytes) -> None:
        if key.endswith(".parquet"):
            parquet_writes.append(key)
            if len(parquet_writes) == 3:
                real_put(key, data[:10])  # a torn write the landing must clean up too
                raise OSError("disk full")
        real_put(key, data)

    monkeypatch.setattr(objects, "put_bytes", failing_put)
    with pytest.raises(OSError, match="disk full"):
        _land(_file(tmp_path, THREE_MONTHS), objects, executions, chunk_rows=2)
    (execution,) = executions.list("acme", "gas")
    assert (execution.status, execution.status_message) == ("failed", "landing failed: disk full")
    assert objects.list("landing/") == []
    assert executions.error_text(execution) == "landing failed: disk full\n"
