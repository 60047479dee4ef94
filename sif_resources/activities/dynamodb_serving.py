"""The DynamoDB serving store: the latest activities and metric values of each tenant, for fast reads.

What belongs here: `DynamoServingStore` — its table, its key layout, writing `ActivitySlice`s and
`MetricSlice`s and reading them back. What does not: computing slices (`model.py` says what they hold),
history (the SQL activity store keeps every version), the Dagster IO manager over this store
(`sif_resources.io_managers.dynamodb`), and request paging, batching and retries of unprocessed items
(`sif_resources.catalog.dynamodb_batches`, shared with the catalog).

Key layout (`{x}` is a caller's value with `%` and `#` escaped, so `#` only ever separates parts):

| item                     | pk                                  | sk                         |
|--------------------------|-------------------------------------|----------------------------|
| activity (latest view)   | `A#{tenant}#{pipeline}#{month}`     | `R#{run_id}#{activity_id}` |
| activity slice marker    | `AS#{tenant}#{pipeline}`            | `M#{month}`                |
| metric value             | `MV#{tenant}#{metric}#{time_unit}`  | `{group}#{date}`           |
| metric slice marker      | `MS#{tenant}#{metric}`              | `M#{month}`                |

There is no secondary index, so every read is strongly consistent. A tenant's pipeline across months is
one Query of its marker partition (`activity_slices`: months in order, with their runs) and one Query per
month of that run's items. A GSI keyed by tenant and pipeline would serve all months in one Query, but only
eventually consistently and with every run's items mixed in, so it would not save the marker read.
A metric's values for a group and a date range are one Query (`sk BETWEEN {group}#{from} AND
{group}#{to}`); without a group list, the groups are those the slice markers record.

Consistency. DynamoDB has no transaction over a slice (`TransactWriteItems` stops at 100 items), so a
slice write is a sequence of BatchWriteItem requests (25 writes each, unprocessed items resubmitted with
exponential back-off) whose commit point is one PutItem of the slice's marker (run_id, computed_at, rows),
written after every value item. Readers read the marker first and keep only items of the marker's run:

- Activities: an item's sort key begins with its run (each item also carries `run_id`), so a run's items
  never overwrite another run's. Reads query the marker's run only. After the marker, the items that were
  in the partition before the write and are not the new run's are deleted: removed rows, the previous run
  and anything a crashed write left. A crash before the marker leaves readers on the previous run; a crash
  after it leaves items no reader sees; the next write of the slice removes both.
- Metric values: one item per group, time unit and period start, in place, because a week, quarter or year
  is written by the slice of every month it touches. An item carries its writer's `run_id` and `month`,
  and `prev`: the last committed value it replaced. A reader takes the item's value when the marker of
  its month names its run, else `prev` on the same test, else nothing — so a crash mid-write leaves
  readers on the previous committed values. Day values of the month that are not in the new slice are
  deleted after the marker; periods are upserted, so a period value visible through the month's previous
  run that the new slice does not write is rewritten, unchanged, under the new run. Before writing, the
  slice's groups are added to the marker's `unswept` set (the groups whose day items of the month may hold
  leftovers); they are removed after the sweep, so the next write of a slice that crashed anywhere finds
  and deletes what it left.

Writes are idempotent: writing the same slice again converges to the same items. A read racing a write
sees the previous run, except what the write deletes after its marker: `latest_activities` then finds
fewer items than the marker it read counts and reads again; a metric read may miss day values being
deleted. One writer per slice at a time is assumed (keep runs of one partition apart with Dagster's run
concurrency, guide §2.14); two concurrent writers of one slice end with the later marker's run, possibly
missing items until the slice is written again.

Numbers: metric values are DynamoDB Numbers made from decimal text (at most 38 significant digits) and
read back as `Decimal`, never through float; DynamoDB drops trailing zeros (`12.3400` reads back as
`Decimal('12.34')`, the same value). Activity values stay the JSON text of SIF's values.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from botocore.exceptions import ClientError

from sif_resources.activities.model import (
    ACTIVITY_COLUMNS,
    METRIC_COLUMNS,
    TIME_UNITS,
    ActivitySlice,
    MetricSlice,
    empty_frame,
)
from sif_resources.catalog.dynamodb_batches import Item, batch_get, batch_write, query_all
from sif_resources.catalog.dynamodb_codec import text
from sif_resources.catalog.dynamodb_keys import PK, SK, key, part

log = logging.getLogger(__name__)

Key = tuple[str, str]
_READ_ATTEMPTS = 3

# Attributes read back as a metric value (and kept in `prev`).
_VALUE_ATTRIBUTES = ("run_id", "month", "group_value", "sub_groups_value")
_NULL: dict[str, bool] = {"NULL": True}


@dataclass(frozen=True)
class SliceMarker:
    """The committed run of one slice: what readers filter items by."""

    month: str
    run_id: str
    computed_at: datetime
    rows: int


class DynamoServingStore:
    """Latest activities and metric values on one DynamoDB table (layout and consistency in the module
    docstring). `client` is a low-level boto3 DynamoDB client."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    @property
    def table_name(self) -> str:
        return self._table

    def ensure_table(self) -> None:
        """Create the table (on-demand billing, string `pk`/`sk`) unless it exists, and wait until active."""
        try:
            self._client.describe_table(TableName=self._table)
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            try:
                self._client.create_table(
                    TableName=self._table,
                    BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[
                        {"AttributeName": PK, "AttributeType": "S"},
                        {"AttributeName": SK, "AttributeType": "S"},
                    ],
                    KeySchema=[
                        {"AttributeName": PK, "KeyType": "HASH"},
                        {"AttributeName": SK, "KeyType": "RANGE"},
                    ],
                )
            except ClientError as race:  # another process created it meanwhile
                if race.response["Error"]["Code"] != "ResourceInUseException":
                    raise
        self._client.get_waiter("table_exists").wait(TableName=self._table)

    # --- activities ------------------------------------------------------------------------------------
    def put_activity_slice(self, slice: ActivitySlice) -> int:
        """Make the slice's items the rows of `slice.latest`; returns how many were written."""
        pk = _activity_pk(slice.tenant, slice.pipeline_key, slice.month)
        items = [_activity_item(pk, slice.run_id, row) for row in slice.latest.to_dict("records")]
        written = {item[SK]["S"] for item in items}
        if len(written) < len(items):
            raise ValueError(f"The latest view of {_describe(slice)} repeats an activity_id.")
        # Listed before writing: only what existed then is deleted afterwards.
        before = [item[SK]["S"] for item in self._partition_keys(pk)]
        batch_write(self._client, self._table, [{"PutRequest": {"Item": item}} for item in items])
        self._put_marker(
            _activity_marker_pk(slice.tenant, slice.pipeline_key), slice.month, slice, len(items), {}
        )
        stale = [sk for sk in before if sk not in written]
        batch_write(self._client, self._table, [{"DeleteRequest": {"Key": key(pk, sk)}} for sk in stale])
        return len(items)

    def activity_marker(self, tenant: str, pipeline_key: str, month: str) -> SliceMarker | None:
        """The committed run of one activity slice, or None if it was never written."""
        item = self._get(key(_activity_marker_pk(tenant, pipeline_key), _month_sk(month)))
        return _read_marker(item) if item is not None else None

    def activity_slices(
        self, tenant: str, pipeline_key: str, month_from: str | None = None, month_to: str | None = None
    ) -> list[SliceMarker]:
        """The committed activity slices of a tenant's pipeline, in month order (bounds inclusive)."""
        items = self._query(
            _activity_marker_pk(tenant, pipeline_key),
            _month_sk(month_from) if month_from is not None else "M#",
            _month_sk(month_to) if month_to is not None else "M$",  # `$` sorts just after `#`
        )
        return [_read_marker(item) for item in items if "run_id" in item]

    def latest_activities(self, tenant: str, pipeline_key: str, month: str) -> pd.DataFrame:
        """The latest view of one slice as written by its committed run (`ACTIVITY_COLUMNS`, by id)."""
        rows: list[dict[str, Any]] = []
        for _attempt in range(_READ_ATTEMPTS):
            marker = self.activity_marker(tenant, pipeline_key, month)
            if marker is None:
                return empty_frame(ACTIVITY_COLUMNS)
            items = query_all(
                self._client,
                TableName=self._table,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :run)",
                ExpressionAttributeValues={
                    ":pk": text(_activity_pk(tenant, pipeline_key, month)),
                    ":run": text(_run_prefix(marker.run_id)),
                },
            )
            rows = [_read_activity(item) for item in items]
            if len(rows) == marker.rows:
                break
            # A write committed between the marker read and the Query (module docstring): read again.
        else:
            log.warning("Slice %s/%s/%s kept changing while read.", tenant, pipeline_key, month)
        if not rows:
            return empty_frame(ACTIVITY_COLUMNS)
        return pd.DataFrame(rows, columns=list(ACTIVITY_COLUMNS))

    # --- metric values ---------------------------------------------------------------------------------
    def put_metric_slice(self, slice: MetricSlice) -> int:
        """Replace the month's day values and upsert its periods; returns how many values were written."""
        rows = _metric_rows(slice)
        groups = {row["group_id"]["S"] for row in rows}
        marker_key = key(_metric_marker_pk(slice.tenant, slice.metric), _month_sk(slice.month))
        marker = self._get(marker_key) or {}
        sweep = _string_set(marker, "groups") | _string_set(marker, "unswept") | groups
        if groups:  # recorded before any value is written, so a crash leaves a trail to sweep
            self._client.update_item(
                TableName=self._table,
                Key=marker_key,
                UpdateExpression="ADD unswept :groups",
                ExpressionAttributeValues={":groups": {"SS": sorted(groups)}},
            )
        # Every item this write may replace, carry forward or delete: the values of every time unit whose
        # period touches the month, for every group that may hold some.
        candidates = {
            (_metric_pk(slice.tenant, slice.metric, unit), _value_sk(group, period))
            for group in sweep
            for unit, period in _periods_touching(slice.month)
        }
        candidates |= {(row[PK]["S"], row[SK]["S"]) for row in rows}
        existing = {
            (item[PK]["S"], item[SK]["S"]): item
            for item in batch_get(self._client, self._table, [key(*k) for k in sorted(candidates)])
        }
        committed = self._committed_metric_runs(slice.tenant, slice.metric)
        written = {(row[PK]["S"], row[SK]["S"]) for row in rows}
        day_pk = _metric_pk(slice.tenant, slice.metric, "day")
        stale = sorted(k for k in existing if k[0] == day_pk and k not in written)
        # Periods are upserted: one this month's run made visible and this run does not write keeps its
        # value, re-stamped with this run, or the new marker would hide it.
        carried = []
        for k in sorted(existing):
            value = _committed_value(existing[k], committed)
            if (
                k[0] != day_pk
                and k not in written
                and value is not None
                and value["month"]["S"] == slice.month
            ):
                carried.append(_restamped(existing[k], value, slice))
        puts = []
        for row in [*rows, *carried]:
            replaced = existing.get((row[PK]["S"], row[SK]["S"]))
            prev = _prev_value(replaced, committed, slice.run_id, slice.month)
            puts.append({"PutRequest": {"Item": {**row, "prev": {"M": prev}} if prev else row}})
        batch_write(self._client, self._table, puts)
        groups |= {row["group_id"]["S"] for row in carried}
        extra = {"groups": {"SS": sorted(groups)}} if groups else {}
        if sweep:
            extra["unswept"] = {"SS": sorted(sweep)}
        self._put_marker(_metric_marker_pk(slice.tenant, slice.metric), slice.month, slice, len(rows), extra)
        batch_write(self._client, self._table, [{"DeleteRequest": {"Key": key(*k)}} for k in stale])
        self._mark_swept(marker_key, slice.run_id)
        return len(rows)

    def metric_marker(self, tenant: str, metric: str, month: str) -> SliceMarker | None:
        """The committed run of one metric slice, or None if it was never written."""
        item = self._get(key(_metric_marker_pk(tenant, metric), _month_sk(month)))
        return _read_marker(item) if item is not None and "run_id" in item else None

    def metric_values(
        self,
        tenant: str,
        metric: str,
        time_unit: str,
        date_from: str | date,
        date_to: str | date,
        groups: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Committed values of periods starting in [date_from, date_to] (`METRIC_COLUMNS`, numbers as
        `Decimal`, by group then date), of `groups` or of every group the metric has values for."""
        markers = self._metric_markers(tenant, metric)
        wanted = _known_groups(markers) if groups is None else sorted(set(groups))
        return _metric_frame(
            self._read_values(
                tenant, metric, time_unit, _iso_date(date_from), _iso_date(date_to), wanted, markers
            )
        )

    def metric_slice_values(self, tenant: str, metric: str, month: str) -> pd.DataFrame:
        """The committed values of every time unit whose period touches the month: what a slice of that
        month writes (a period's value may since have been rewritten by a later month's slice)."""
        markers = self._metric_markers(tenant, metric)
        groups = _known_groups(markers)
        first, last = _month_bounds(month)
        records: list[dict[str, Any]] = []
        for unit in TIME_UNITS:
            start = _period_start(unit, first).isoformat()
            records += self._read_values(tenant, metric, unit, start, last.isoformat(), groups, markers)
        return _metric_frame(records)

    # --- internals -------------------------------------------------------------------------------------
    def _read_values(
        self,
        tenant: str,
        metric: str,
        time_unit: str,
        date_from: str,
        date_to: str,
        groups: Sequence[str],
        markers: Mapping[str, Item],
    ) -> list[dict[str, Any]]:
        if time_unit not in TIME_UNITS:
            raise ValueError(f"Unknown time unit '{time_unit}'; expected one of {', '.join(TIME_UNITS)}.")
        committed = {month: item["run_id"]["S"] for month, item in markers.items() if "run_id" in item}
        pk = _metric_pk(tenant, metric, time_unit)
        records = []
        for group in groups:
            for item in self._query(pk, _value_sk(group, date_from), _value_sk(group, date_to)):
                value = _committed_value(item, committed)
                if value is not None:
                    records.append(
                        {
                            "group_id": item["group_id"]["S"],
                            "time_unit": time_unit,
                            "date": item["date"]["S"],
                            "group_value": _read_number(value["group_value"]),
                            "sub_groups_value": _read_number(value["sub_groups_value"]),
                        }
                    )
        return records

    def _put_marker(
        self, pk: str, month: str, slice: ActivitySlice | MetricSlice, rows: int, extra: Item
    ) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                **key(pk, _month_sk(month)),
                "month": text(month),
                "run_id": text(slice.run_id),
                "computed_at": text(slice.computed_at.isoformat()),
                "rows": {"N": str(rows)},
                **extra,
            },
        )

    def _mark_swept(self, marker_key: Item, run_id: str) -> None:
        """Forget the groups to sweep, unless another run has committed since (its sweep still needs them)."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key=marker_key,
                UpdateExpression="REMOVE unswept",
                ConditionExpression="run_id = :run",
                ExpressionAttributeValues={":run": text(run_id)},
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def _metric_markers(self, tenant: str, metric: str) -> dict[str, Item]:
        """Month -> marker item of every metric slice (committed or only begun)."""
        items = self._query(_metric_marker_pk(tenant, metric), "M#", "M$")
        return {
            item["month"]["S"] if "month" in item else _month_of_sk(item[SK]["S"]): item for item in items
        }

    def _committed_metric_runs(self, tenant: str, metric: str) -> dict[str, str]:
        markers = self._metric_markers(tenant, metric)
        return {month: item["run_id"]["S"] for month, item in markers.items() if "run_id" in item}

    def _partition_keys(self, pk: str) -> list[Item]:
        return list(
            query_all(
                self._client,
                TableName=self._table,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": text(pk)},
                ProjectionExpression="pk, sk",
            )
        )

    def _query(self, pk: str, low: str, high: str) -> list[Item]:
        """The items of a partition with `low <= sk <= high`, in sort-key order."""
        return list(
            query_all(
                self._client,
                TableName=self._table,
                KeyConditionExpression="pk = :pk AND sk BETWEEN :low AND :high",
                ExpressionAttributeValues={":pk": text(pk), ":low": text(low), ":high": text(high)},
            )
        )

    def _get(self, item_key: Item) -> Item | None:
        item: Item | None = self._client.get_item(
            TableName=self._table, Key=item_key, ConsistentRead=True
        ).get("Item")
        return item


# --- keys ------------------------------------------------------------------------------------------------
def _activity_pk(tenant: str, pipeline_key: str, month: str) -> str:
    return f"A#{part(tenant)}#{part(pipeline_key)}#{part(month)}"


def _activity_marker_pk(tenant: str, pipeline_key: str) -> str:
    return f"AS#{part(tenant)}#{part(pipeline_key)}"


def _run_prefix(run_id: str) -> str:
    return f"R#{part(run_id)}#"


def _metric_pk(tenant: str, metric: str, time_unit: str) -> str:
    return f"MV#{part(tenant)}#{part(metric)}#{time_unit}"


def _metric_marker_pk(tenant: str, metric: str) -> str:
    return f"MS#{part(tenant)}#{part(metric)}"


def _month_sk(month: str) -> str:
    return f"M#{part(month)}"


def _month_of_sk(sk: str) -> str:
    return sk.removeprefix("M#").replace("%23", "#").replace("%25", "%")


def _value_sk(group_id: str, iso_date: str) -> str:
    # Dates are fixed-width ISO text, so a group's values sort by date and BETWEEN bounds are exact.
    return f"{part(group_id)}#{iso_date}"


# --- activities ------------------------------------------------------------------------------------------
def _activity_item(pk: str, run_id: str, row: Mapping[str, Any]) -> Item:
    activity_id = row["activity_id"]
    if not isinstance(activity_id, str) or not activity_id:
        raise ValueError(f"An activity row has no activity_id: {dict(row)!r}")
    item: Item = {PK: text(pk), SK: text(_run_prefix(run_id) + part(activity_id)), "run_id": text(run_id)}
    for column in ACTIVITY_COLUMNS:
        if column == "is_latest":  # every item is the latest version
            continue
        value: Any = row.get(column)
        if _missing(value):
            item[column] = _NULL
        elif column == "row_number":
            item[column] = {"N": str(int(value))}
        elif isinstance(value, dict | list):  # JSON columns given as objects rather than text
            item[column] = text(json.dumps(value, ensure_ascii=False))
        else:
            item[column] = text(str(value))
    return item


def _read_activity(item: Item) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in ACTIVITY_COLUMNS:
        value = item.get(column, _NULL)
        if column == "is_latest":
            row[column] = True
        elif "NULL" in value:
            row[column] = None
        elif column == "row_number":
            row[column] = int(value["N"])
        else:
            row[column] = value["S"]
    return row


# --- metric values ---------------------------------------------------------------------------------------
def _metric_rows(slice: MetricSlice) -> list[Item]:
    """The slice's values as items (without `prev`), checked: known units, day dates in the month, no key
    twice."""
    days = set(_days_of(slice.month))
    items: list[Item] = []
    seen: set[Key] = set()
    for row in slice.values.to_dict("records"):
        unit, group_id, period = str(row["time_unit"]), str(row["group_id"]), _iso_date(row["date"])
        if unit not in TIME_UNITS:
            raise ValueError(f"{_describe(slice)} has a value of unknown time unit '{unit}'.")
        if unit == "day" and period not in days:
            raise ValueError(f"{_describe(slice)} has a day value outside its month: {period}.")
        item_key = (_metric_pk(slice.tenant, slice.metric, unit), _value_sk(group_id, period))
        if item_key in seen:
            raise ValueError(f"{_describe(slice)} has two {unit} values for group '{group_id}' on {period}.")
        seen.add(item_key)
        items.append(
            {
                **key(*item_key),
                "group_id": text(group_id),
                "time_unit": text(unit),
                "date": text(period),
                "run_id": text(slice.run_id),
                "month": text(slice.month),
                "group_value": _number(row["group_value"]),
                "sub_groups_value": _number(row["sub_groups_value"]),
            }
        )
    return items


def _prev_value(replaced: Item | None, committed: Mapping[str, str], run_id: str, month: str) -> Item | None:
    """What readers fall back to until this write commits: the replaced item's value if it is committed
    (and not this very slice's run, which would make a rewrite its own fallback), else its own fallback."""
    if replaced is None:
        return None
    replaced_month, replaced_run = replaced["month"]["S"], replaced["run_id"]["S"]
    if committed.get(replaced_month) == replaced_run and (replaced_month, replaced_run) != (month, run_id):
        return {name: replaced[name] for name in _VALUE_ATTRIBUTES}
    prev = replaced.get("prev")
    return prev["M"] if prev is not None else None


def _restamped(item: Item, value: Item, slice: MetricSlice) -> Item:
    """The item holding `value` (what readers see now) under the slice's run; the caller sets `prev`."""
    return {
        **{name: item[name] for name in (PK, SK, "group_id", "time_unit", "date")},
        "run_id": text(slice.run_id),
        "month": text(slice.month),
        "group_value": value["group_value"],
        "sub_groups_value": value["sub_groups_value"],
    }


def _committed_value(item: Item, committed: Mapping[str, str]) -> Item | None:
    """The item's value a reader may see: its own if its slice's marker names its run, else `prev`'s."""
    for value in (item, item.get("prev", {}).get("M")):
        if value is not None and committed.get(value["month"]["S"]) == value["run_id"]["S"]:
            return value
    return None


def _known_groups(markers: Mapping[str, Item]) -> list[str]:
    """Every group a committed slice wrote values for (a value a reader may see was written by one)."""
    groups: set[str] = set()
    for item in markers.values():
        if "run_id" in item:
            groups |= _string_set(item, "groups")
    return sorted(groups)


def _metric_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    if not records:
        return empty_frame(METRIC_COLUMNS)
    # Already ordered: units in `TIME_UNITS` order, groups sorted, each group's Query in date order.
    return pd.DataFrame(records, columns=list(METRIC_COLUMNS))


def _number(value: Any) -> dict[str, Any]:
    """A DynamoDB Number from exact decimal text, a Decimal or an int; None is NULL; floats are refused."""
    if _missing(value):
        return _NULL
    if isinstance(value, bool | float):
        raise TypeError(
            f"Metric values must be decimal text or Decimal, not {type(value).__name__}: {value!r}"
        )
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(f"Not a decimal number: {value!r}") from error
    if not number.is_finite():
        raise ValueError(f"Not a finite decimal number: {value!r}")
    return {"N": format(number, "f")}


def _read_number(value: Mapping[str, Any]) -> Decimal | None:
    return None if "NULL" in value else Decimal(value["N"])


# --- dates -----------------------------------------------------------------------------------------------
def _iso_date(value: Any) -> str:
    """`YYYY-MM-DD` of a date, a datetime or date text (`2024-03-05` or a longer ISO timestamp)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)[:10]).isoformat()


def _month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def _days_of(month: str) -> list[str]:
    first, last = _month_bounds(month)
    return [(first + timedelta(days=offset)).isoformat() for offset in range((last - first).days + 1)]


def _periods_touching(month: str) -> list[tuple[str, str]]:
    """(time unit, period start) of every period holding a day of the month."""
    first, last = _month_bounds(month)
    periods = [("day", day) for day in _days_of(month)]
    monday = _period_start("week", first)
    while monday <= last:
        periods.append(("week", monday.isoformat()))
        monday += timedelta(days=7)
    periods += [(unit, _period_start(unit, first).isoformat()) for unit in ("month", "quarter", "year")]
    return periods


def _period_start(time_unit: str, day: date) -> date:
    """Start of the period of `time_unit` holding `day` (weeks start on Monday, as in ISO/PostgreSQL)."""
    if time_unit == "week":
        return day - timedelta(days=day.weekday())
    if time_unit == "month":
        return day.replace(day=1)
    if time_unit == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if time_unit == "year":
        return day.replace(month=1, day=1)
    return day


# --- shared ----------------------------------------------------------------------------------------------
def _read_marker(item: Item) -> SliceMarker:
    return SliceMarker(
        month=item["month"]["S"],
        run_id=item["run_id"]["S"],
        computed_at=datetime.fromisoformat(item["computed_at"]["S"]),
        rows=int(item["rows"]["N"]),
    )


def _string_set(item: Mapping[str, Any], name: str) -> set[str]:
    value = item.get(name)
    return set(value["SS"]) if value is not None else set()


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _describe(slice: ActivitySlice | MetricSlice) -> str:
    what = slice.pipeline_key if isinstance(slice, ActivitySlice) else slice.metric
    return f"The slice {slice.tenant}/{what}/{slice.month}"
