"""Evaluation in batches of bounded size (`batch_parts`, `MAX_BATCH_ROWS`): cutting a month's rows into
batches changes nothing in the slice — rows, latest versions, errors and daily sums are those of one batch —
and the batches cover every row once, in order, within their execution group and columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from calculator.resolver import InMemoryResolver
from sif_resources.activities import compute as compute_module
from sif_resources.activities.compute import batch_parts
from tests.sif_resources.activities.test_compute import ELECTRICITY, compute, part, pipeline, transform


def _parts() -> list[object]:
    rows = [(f"2024-01-{day:02d}", f"m{day % 4}", str(day), "1") for day in range(1, 29)]
    return [
        part("e1", rows[:10], group="/acme"),
        part("e1", [*rows[10:11], ("2024-01-05", "m1", "ten", "1"), ("2024-02-01", "m2", "1", "1")]),
        part("e2", rows[3:9], group="/other"),
        part("e3", [("2024-01-05", "m9", "7", "0"), *rows[5:20]], group="/acme"),
        part("e4", rows[2:6], action="delete"),
        part(
            "e5",
            [(r[0], r[1], r[2], r[3]) for r in rows[20:]],
            columns=("Bill date", "meter", "kwh", "hours"),
        ),
    ]


def _frames(result: object) -> list[pd.DataFrame]:
    return [getattr(result, name).reset_index(drop=True) for name in ("rows", "daily", "errors")]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_any_batch_size_gives_the_same_slice(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    transformer = {
        **ELECTRICITY,
        "transforms": [
            *ELECTRICITY["transforms"],
            transform(5, "ASSIGN_TO_GROUP('/acme/1')", "site", "string"),
        ],
    }
    definition = pipeline(transformer)
    resolver = InMemoryResolver(existing_groups={"/acme/1"})
    whole = compute(_parts(), definition, resolver=resolver)  # type: ignore[arg-type]

    monkeypatch.setattr(compute_module, "MAX_BATCH_ROWS", size)
    cut = compute(_parts(), definition, resolver=resolver)  # type: ignore[arg-type]

    assert len(whole.errors) > 0 and whole.rows["is_latest"].sum() < len(whole.rows)
    for expected, found in zip(_frames(whole), _frames(cut), strict=True):
        pd.testing.assert_frame_equal(found, expected)


def test_batches_cover_every_row_once_in_order_within_their_group() -> None:
    parts: list[Any] = _parts()
    groups = [p.group for p in parts]
    batches = batch_parts(pipeline(), parts, groups, max_rows=4)

    assert all(0 < len(b.frame) <= 4 and len(b.positions) == len(b.frame) for b in batches)
    positions = np.concatenate([b.positions for b in batches])
    assert sorted(positions.tolist()) == list(range(sum(len(p.rows) for p in parts)))
    offsets = np.cumsum([0] + [len(p.rows) for p in parts])
    keyed = [p.rows.set_axis(["date", "meter", "kwh", "hours"], axis=1) for p in parts]  # labels renamed
    for batch in batches:
        assert (np.diff(batch.positions) > 0).all()
        owners = np.searchsorted(offsets, batch.positions, side="right") - 1
        assert {groups[o] for o in owners} == {batch.group}
        expected = [
            keyed[o].iloc[p - offsets[o]].tolist() for o, p in zip(owners, batch.positions, strict=True)
        ]
        assert batch.frame.to_numpy().tolist() == expected


def test_identities_hashed_a_piece_at_a_time_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = compute(_parts())  # type: ignore[arg-type]
    monkeypatch.setattr(compute_module, "_HASH_ROWS", 2)
    pieces = compute(_parts())  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(pieces.rows, whole.rows)
    assert whole.rows["activity_id"].nunique() > 2
