"""The key layout of the DynamoDB catalog table, and the table itself.

What belongs here: how every record maps onto the one table's `pk`/`sk` (and the `asat` sort key of its
local secondary index), the sortable text of an instant, and `create_table`. What does not: reading or
writing items (`dynamodb.py`, `dynamodb_datasets.py`) or turning records into attribute values
(`dynamodb_codec.py`). The layout is described in `dynamodb.py`'s docstring.

Key parts taken from callers (tenant, group, resource and dataset ids, names, column names) are escaped so
that a `#` inside them can never forge another record's key.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

PK = "pk"
SK = "sk"
ASAT = "asat"
ASAT_INDEX = "by_activation"

TENANTS_PK = "TENANTS"
LATEST_SK = "LATEST"
GROUP_SEQUENCE_SK = "SEQ"
MANIFEST_SK = "MANIFEST"
GROUP_PREFIX = "G#"
USER_PREFIX = "U#"
VERSION_PREFIX = "V#"
NAME_PREFIX = "N#"
MEMBER_PREFIX = "I#"
BATCH_PREFIX = "B#"

# A sort key may hold 1024 bytes; longer lookup keys are indexed under their digest.
_LONGEST_PLAIN_KEY = 1000


def part(text: str) -> str:
    """A caller-supplied key part with `%` and `#` escaped, so `#` only ever separates parts."""
    return text.replace("%", "%25").replace("#", "%23")


def key(pk: str, sk: str) -> dict[str, Any]:
    """The primary key of an item as low-level attribute values."""
    return {PK: {"S": pk}, SK: {"S": sk}}


def tenant_sk(tenant_id: str) -> str:
    return f"T#{part(tenant_id)}"


def groups_pk(tenant_id: str) -> str:
    """The partition of a tenant's groups (and of the counter that orders their creation)."""
    return f"T#{part(tenant_id)}#GROUPS"


def group_sk(group_id: str) -> str:
    return GROUP_PREFIX + part(group_id)


def users_pk(tenant_id: str) -> str:
    """The partition of a tenant's users, sorted by email."""
    return f"T#{part(tenant_id)}#USERS"


def user_sk(email: str) -> str:
    return USER_PREFIX + email


def resource_pk(tenant_id: str, resource_type: str, resource_id: str) -> str:
    """The partition of one resource: its latest pointer and every version."""
    return f"T#{part(tenant_id)}#R#{part(resource_type)}#{part(resource_id)}"


def version_sk(version: int) -> str:
    return f"{VERSION_PREFIX}{version:010d}"


def group_members_pk(tenant_id: str, resource_type: str, group_id: str) -> str:
    """The partition of one group's resources of one type: name reservations and memberships."""
    return f"T#{part(tenant_id)}#R#{part(resource_type)}#G#{part(group_id)}"


def name_sk(name: str) -> str:
    """The reservation of a name in a group, case-insensitively."""
    return NAME_PREFIX + name.lower()


def member_sk(resource_id: str) -> str:
    """A resource's membership of a group; sorting by it lists the group's resources by id."""
    return MEMBER_PREFIX + resource_id


def sortable_instant(at: datetime) -> str:
    """Fixed-width UTC text of an instant that sorts as the instant does (a naive datetime is UTC)."""
    utc = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds")


def activation_sk(activation_time: datetime, version: int) -> str:
    """The `asat` sort key of a version: activation time, then version, so ties go to the higher version."""
    return f"{sortable_instant(activation_time)}#{version:010d}"


def activation_upper_bound(at: datetime) -> str:
    """Greater than every `activation_sk` at or before `at` and less than any later one."""
    return f"{sortable_instant(at)}#~"


def dataset_pk(tenant_id: str, dataset_id: str, version: int) -> str:
    """The partition of one dataset version's manifest (which generation of rows is current)."""
    return f"T#{part(tenant_id)}#DS#{part(dataset_id)}#V#{version}"


def batches_pk(tenant_id: str, dataset_id: str, version: int, generation: str) -> str:
    """The partition of one generation of a dataset version's row batches."""
    return f"{dataset_pk(tenant_id, dataset_id, version)}#GEN#{generation}"


def batch_sk(number: int) -> str:
    return f"{BATCH_PREFIX}{number:08d}"


def key_index_pk(tenant_id: str, dataset_id: str, version: int, generation: str, column: str) -> str:
    """The partition of the key index of one column of one generation of rows."""
    return f"{batches_pk(tenant_id, dataset_id, version, generation)}#K#{part(column)}"


def lookup_sk(normalised_key: str) -> str:
    """Where a normalised lookup key is indexed: itself, or its digest when too long for a sort key."""
    if len(normalised_key.encode()) <= _LONGEST_PLAIN_KEY:
        return "K#" + normalised_key
    return "H#" + hashlib.sha256(normalised_key.encode()).hexdigest()


def create_table(client: Any, table_name: str) -> None:
    """Create the catalog table (on-demand billing) and wait until it is active.

    `client` is a boto3 DynamoDB client. The local secondary index `by_activation` sorts a resource's
    versions by activation time for `version_as_at`; an LSI (unlike a GSI) allows strongly consistent reads.
    """
    client.create_table(
        TableName=table_name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": PK, "AttributeType": "S"},
            {"AttributeName": SK, "AttributeType": "S"},
            {"AttributeName": ASAT, "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}],
        LocalSecondaryIndexes=[
            {
                "IndexName": ASAT_INDEX,
                "KeySchema": [
                    {"AttributeName": PK, "KeyType": "HASH"},
                    {"AttributeName": ASAT, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    client.get_waiter("table_exists").wait(TableName=table_name)
