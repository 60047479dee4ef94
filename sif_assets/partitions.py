"""The partitions every tenant-scoped asset shares: dynamic `tenant` x monthly `month` (`%Y-%m`).

Keys read `2024-03|acme` because Dagster orders dimensions by name (guide §2.2). Always parse keys with
`split_key`, which works for both the `MultiPartitionKey` of a real run and the plain string of a direct
invocation (trap T4). Tenant ids are slugs, checked before they become partitions (guide §3, #6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import dagster as dg

TENANT = "tenant"
MONTH = "month"
#: First month any pipeline can hold; changing it re-evaluates every partition (guide §3, #10).
FIRST_MONTH = "2020-01"
MONTH_FORMAT = "%Y-%m"

tenant_partitions = dg.DynamicPartitionsDefinition(name=TENANT)
# end_offset=1: the current, still open month is a partition too (activity arrives during the month).
month_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, fmt=MONTH_FORMAT, end_offset=1)
tenant_month = dg.MultiPartitionsDefinition({TENANT: tenant_partitions, MONTH: month_partitions})

_TENANT_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def check_tenant_id(tenant: str) -> str:
    """`tenant` unchanged if it can be a partition key: lower-case letters, digits, `_` and `-`."""
    if not _TENANT_SLUG.fullmatch(tenant):
        raise ValueError(
            f"tenant id {tenant!r} cannot be a partition key: use 1-63 lower-case letters, digits, '_' "
            "or '-', starting with a letter or digit"
        )
    return tenant


def check_month(month: str) -> str:
    if not _MONTH.fullmatch(month):
        raise ValueError(f"month {month!r} is not YYYY-MM")
    return month


def partition_key(tenant: str, month: str) -> str:
    """The tenant x month key as Dagster writes it: `2024-03|acme`."""
    return str(dg.MultiPartitionKey({TENANT: check_tenant_id(tenant), MONTH: check_month(month)}))


def split_key(key: str | dg.MultiPartitionKey) -> tuple[str, str]:
    """(tenant, month) of a tenant x month key."""
    dims = tenant_month.get_partition_key_from_str(str(key)).keys_by_dimension
    return dims[TENANT], dims[MONTH]


def split_keys(keys: Iterable[str | dg.MultiPartitionKey]) -> list[tuple[str, str]]:
    """(tenant, month) pairs, sorted by tenant then month: the order slices are computed in."""
    return sorted({split_key(k) for k in keys})


def keys_for(tenants: Sequence[str], months: Sequence[str]) -> list[str]:
    """Every tenant x month key of the given tenants and months (a rectangle)."""
    return [partition_key(t, m) for t in tenants for m in months]
