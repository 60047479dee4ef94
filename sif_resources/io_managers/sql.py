"""The partition-aware IO manager over the SQL activity store: activity and metric slices in, latest values
out.

`handle_output` takes what a pipeline step returns — an `ActivitySlice` or `MetricSlice`, or an iterable of
them (a `SliceStream` for a run covering many partitions) — and writes each slice in its own transaction: the
slice's latest view is replaced (delete, then insert) and its history appended, so a failed or killed run
leaves the previous data of every slice it had not finished intact; activity slices are written while the
next one is computed (`write_in_turn`). `load_input` returns the latest values of
the partitions a downstream step asks for. When a DynamoDB serving table is configured, every slice written to
SQL is mirrored there (SQL stays the system of record).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import dagster as dg
import pandas as pd

from sif_resources.activities.model import ActivitySlice, MetricSlice
from sif_resources.dagster_resources import SifResource

#: Names the DynamoDB serving table that mirrors the latest values (SIF_AWS_ENDPOINT_URL points elsewhere
#: than AWS, e.g. at a local emulator).
SERVING_TABLE_VARIABLE = "SIF_SERVING_TABLE"


def tenant_and_month(partitions_def: dg.PartitionsDefinition | None, key: str) -> tuple[str, str]:
    """(tenant, month) of a tenant x month partition key, parsed by the asset's own partitions (trap T4)."""
    if not isinstance(partitions_def, dg.MultiPartitionsDefinition):
        raise TypeError(f"partition {key!r} is not a tenant x month partition")
    dims = partitions_def.get_partition_key_from_str(str(key)).keys_by_dimension
    return dims["tenant"], dims["month"]


def write_in_turn(slices: Iterable[Any], write: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """Write every slice, in order, each once; what `write` returned for each.

    An activity slice is computed from landed rows and the catalog, never from what the store holds, so it
    is written in a thread of its own while the next slice is computed (the database does its share of the
    write on another core); at most two slices are in memory, and a failure keeps the slices written before
    it. A metric slice is written before the next slice is computed: metric slices read the day values
    written before them."""
    written: list[dict[str, Any]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sif-slice-writer") as writer:
        pending: Future[dict[str, Any]] | None = None
        for item in slices:  # pulling the next slice computes it
            if pending is not None:
                written.append(pending.result())
                pending = None
            if isinstance(item, ActivitySlice):
                pending = writer.submit(write, item)
            else:
                written.append(write(item))
            del item  # the writer holds the slice while it writes: nothing else keeps it
        if pending is not None:
            written.append(pending.result())
    return written


class ActivityStoreIOManager(dg.ConfigurableIOManager):
    """Writes activity and metric slices to the activity store, one transaction per slice."""

    sif: SifResource
    #: A DynamoDB table that also receives the latest values (empty: `$SIF_SERVING_TABLE`, else none).
    serving_table: str = ""
    serving_endpoint_url: str = ""

    def _serving(self) -> Any:
        # Read when a run writes, not at import: the code location loads without AWS settings.
        table = self.serving_table or os.environ.get(SERVING_TABLE_VARIABLE, "")
        if not table:
            return None
        from sif_resources.io_managers.dynamodb import serving_store

        return serving_store(table, self.serving_endpoint_url or None)

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        if obj is None:
            return
        slices: Iterable[Any] = [obj] if isinstance(obj, ActivitySlice | MetricSlice) else obj
        store = self.sif.services().activity_store
        serving = self._serving()
        versions: dict[str, str] = {}

        def write(item: Any) -> dict[str, Any]:
            if isinstance(item, ActivitySlice):
                store.write_activity_slice(item)
                for key, read in item.factor_versions.items():
                    name = read.get("name", key) if isinstance(read, dict) else key
                    version = read.get("version") if isinstance(read, dict) else read
                    versions[f"{key.split(':', 1)[0]} {name}"] = f"v{version}"
                if serving is not None:
                    serving.put_activity_slice(item)
                return {
                    "tenant": item.tenant,
                    "month": item.month,
                    "input_rows": item.input_rows,
                    "activities": len(item.latest),
                    "versions": len(item.rows),
                    "errors": len(item.errors),
                }
            if isinstance(item, MetricSlice):
                store.write_metric_slice(item)
                if serving is not None:
                    serving.put_metric_slice(item)
                return {"tenant": item.tenant, "month": item.month, "values": len(item.values)}
            raise TypeError(f"{context.asset_key.to_user_string()}: cannot store a {type(item).__name__}")

        written = write_in_turn(slices, write)
        metadata: dict[str, Any] = {"slices": len(written)}
        if written and "input_rows" in written[0]:
            metadata["input_rows"] = sum(w["input_rows"] for w in written)
            metadata["activities"] = sum(w["activities"] for w in written)
            metadata["errors"] = sum(w["errors"] for w in written)
        metadata["written"] = dg.MetadataValue.md(pd.DataFrame(written).to_markdown(index=False))
        if versions:
            # Which factor, dataset and calculation versions produced these values.
            metadata["factor_versions"] = dg.MetadataValue.json(dict(sorted(versions.items())))
        context.add_output_metadata(metadata)

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        layer, name = context.asset_key.path[0], context.asset_key.path[-1]
        store = self.sif.services().activity_store
        frames = []
        for key in context.asset_partition_keys:
            tenant, month = tenant_and_month(context.asset_partitions_def, key)
            if layer == "activities":
                frame = store.latest_activities(tenant, name, months=[month])
            elif layer == "metrics":
                frame = store.metric_values(
                    tenant, name, "day", date_from=f"{month}-01", date_to=f"{month}-31"
                )
            else:
                raise TypeError(f"{context.asset_key.to_user_string()}: not an activity or metric asset")
            frames.append(frame.assign(tenant=tenant, month=month))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
