"""The Dagster IO manager over the DynamoDB serving store of latest activities and metric values.

What belongs here: `DynamoServingIOManager` — turning an asset's output (activity or metric slices) into
serving-store writes, and an input's tenant x month partitions into one frame read back. What does not: the
key layout and consistency of the store (`sif_resources.activities.dynamodb_serving`), computing slices.

Assets it serves are keyed `['activities', <pipeline_key>]` or `['metrics', <metric_key>]` (any prefix
before these two parts is allowed) and partitioned tenant x month, whose keys read `2024-03|acme`
(dimensions in alphabetical order). Writes need no partition: every slice names its tenant and month.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

import boto3
import dagster as dg
import pandas as pd
from pydantic import Field, PrivateAttr

from sif_resources.activities.dynamodb_serving import DynamoServingStore
from sif_resources.activities.model import ActivitySlice, MetricSlice

Slice = ActivitySlice | MetricSlice

ACTIVITIES = "activities"
METRICS = "metrics"


class DynamoServingIOManager(dg.ConfigurableIOManager):
    """Writes `ActivitySlice`s and `MetricSlice`s (one, or several from a single-run backfill) to the
    serving table; loads the latest activities or metric values of an input's partitions as one frame
    with `tenant` and `month` columns first, ordered by tenant then month."""

    table_name: str = Field(description="The serving table (made by the deployment or `ensure_table`).")
    endpoint_url: str | None = Field(
        default=None,
        description="A DynamoDB endpoint such as a local emulator; default $SIF_AWS_ENDPOINT_URL, then AWS.",
    )
    region_name: str | None = Field(
        default=None, description="AWS region; defaults to the standard AWS chain (e.g. $AWS_REGION)."
    )

    _store: DynamoServingStore | None = PrivateAttr(default=None)

    def store(self) -> DynamoServingStore:
        """The store over this configuration, made on first use."""
        if self._store is None:
            self._store = serving_store(self.table_name, self.endpoint_url, self.region_name)
        return self._store

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        allowed = set(_tenant_months(context)) if context.has_asset_partitions else None
        rows_by_slice: dict[str, int] = {}
        store = self.store()
        for item in _slices(obj):  # one at a time: a `SliceStream` computes each slice on demand
            label = f"{item.month}|{item.tenant}"
            # A slice outside the run's partitions would be recorded against the wrong materialisation.
            if allowed is not None and (item.tenant, item.month) not in allowed:
                raise ValueError(
                    f"Output {context.asset_key.to_user_string()} has a slice for {label}, "
                    "which is not one of the partitions being materialised."
                )
            if label in rows_by_slice:
                raise ValueError(f"Output {context.asset_key.to_user_string()} has two slices for {label}.")
            if isinstance(item, ActivitySlice):
                rows_by_slice[label] = store.put_activity_slice(item)
            else:
                rows_by_slice[label] = store.put_metric_slice(item)
            context.log.debug("Wrote %s rows of %s to %s", rows_by_slice[label], label, store.table_name)
        context.add_output_metadata(
            {
                "slices": len(rows_by_slice),
                "rows_written": sum(rows_by_slice.values()),
                "rows_by_slice": dg.MetadataValue.json(rows_by_slice),
                "table": store.table_name,
            }
        )

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        kind, name = _served(context.asset_key)
        if not context.has_asset_partitions:
            raise ValueError(
                f"{context.asset_key.to_user_string()} is not partitioned; the serving store is read by "
                "tenant x month partitions."
            )
        store = self.store()
        frames = []
        for tenant, month in _tenant_months(context):
            if kind == ACTIVITIES:
                frame = store.latest_activities(tenant, name, month)
            else:
                frame = store.metric_slice_values(tenant, name, month)
            frame.insert(0, "month", month)
            frame.insert(0, "tenant", tenant)
            frames.append(frame)
        non_empty = [frame for frame in frames if len(frame)]
        if not non_empty:  # concatenating empty frames would lose the columns' dtypes anyway
            return frames[0] if frames else pd.DataFrame(columns=["tenant", "month"])
        return pd.concat(non_empty, ignore_index=True)


def serving_store(
    table_name: str, endpoint_url: str | None = None, region_name: str | None = None
) -> DynamoServingStore:
    """A serving store on `table_name`, at `endpoint_url`, else $SIF_AWS_ENDPOINT_URL when set (a local
    emulator), else AWS; region and credentials from the standard AWS chain unless `region_name` is given."""
    endpoint = endpoint_url or os.environ.get("SIF_AWS_ENDPOINT_URL") or None
    return DynamoServingStore(
        boto3.client("dynamodb", endpoint_url=endpoint, region_name=region_name), table_name
    )


def _slices(obj: object) -> Iterator[Slice]:
    """The slices of an output, lazily: one slice, or an iterable of them (a single-run backfill)."""
    if isinstance(obj, ActivitySlice | MetricSlice):
        yield obj
        return
    if not isinstance(obj, Iterable) or isinstance(obj, str | bytes | pd.DataFrame | dict):
        raise TypeError(
            f"DynamoServingIOManager writes ActivitySlice or MetricSlice objects, not {type(obj)}."
        )
    for item in obj:
        if not isinstance(item, ActivitySlice | MetricSlice):
            raise TypeError(
                f"DynamoServingIOManager writes ActivitySlice or MetricSlice objects, not {type(item)}."
            )
        yield item


def _served(asset_key: dg.AssetKey) -> tuple[str, str]:
    """(`activities` or `metrics`, pipeline or metric key) from an asset key ending in those two parts."""
    path: Sequence[str] = asset_key.path
    if len(path) == 3 and path[0] == "pipelines" and path[2] == ACTIVITIES:  # pipelines/<p>/activities
        return ACTIVITIES, path[1]
    if len(path) >= 2 and path[-2] in (ACTIVITIES, METRICS):
        return path[-2], path[-1]
    raise ValueError(
        "The serving store holds assets keyed ['pipelines', <pipeline>, 'activities'] (or ['activities', "
        f"<pipeline>]) or ['metrics', <metric>], "
        f"not {asset_key.to_user_string()}."
    )


def _tenant_months(context: dg.OutputContext | dg.InputContext) -> list[tuple[str, str]]:
    """(tenant, month) of each of the context's asset partitions, sorted (Dagster keeps no order)."""
    partitions_def = context.asset_partitions_def
    if not isinstance(partitions_def, dg.MultiPartitionsDefinition) or {
        dimension.name for dimension in partitions_def.partitions_defs
    } != {"tenant", "month"}:
        raise ValueError(
            f"{context.asset_key.to_user_string()} must be partitioned by tenant x month "
            f"(a MultiPartitionsDefinition), not {partitions_def}."
        )
    pairs = []
    for partition_key in context.asset_partition_keys:
        # Parsed, not split: `partition_key` may be a MultiPartitionKey or plain text (guide §2.2).
        by_dimension = partitions_def.get_partition_key_from_str(partition_key).keys_by_dimension
        pairs.append((by_dimension["tenant"], by_dimension["month"]))
    return sorted(pairs)
