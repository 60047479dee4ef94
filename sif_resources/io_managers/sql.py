"""The partition-aware IO manager over the SQL activity store: activity and metric slices in, latest values
out.

`handle_output` takes what a pipeline step returns — an `ActivitySlice` or `MetricSlice`, or an iterable of
them (a `SliceStream` for a run covering many partitions) — and writes each slice in its own transaction: the
slice's latest view is replaced (delete, then insert) and its history appended, so a failed or killed run
leaves the previous data of every slice it had not finished intact. `load_input` returns the latest values of
the partitions a downstream step asks for. When a DynamoDB serving table is configured, every slice written to
SQL is mirrored there (SQL stays the system of record).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
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
        written: list[dict[str, Any]] = []
        versions: dict[str, str] = {}
        for item in slices:
            if isinstance(item, ActivitySlice):
                store.write_activity_slice(item)
                for key, read in item.factor_versions.items():
                    name = read.get("name", key) if isinstance(read, dict) else key
                    version = read.get("version") if isinstance(read, dict) else read
                    versions[f"{key.split(':', 1)[0]} {name}"] = f"v{version}"
                if serving is not None:
                    serving.put_activity_slice(item)
                written.append(
                    {
                        "tenant": item.tenant,
                        "month": item.month,
                        "input_rows": item.input_rows,
                        "activities": len(item.latest),
                        "versions": len(item.rows),
                        "errors": len(item.errors),
                    }
                )
            elif isinstance(item, MetricSlice):
                store.write_metric_slice(item)
                if serving is not None:
                    serving.put_metric_slice(item)
                written.append({"tenant": item.tenant, "month": item.month, "values": len(item.values)})
            else:
                raise TypeError(f"{context.asset_key.to_user_string()}: cannot store a {type(item).__name__}")
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
