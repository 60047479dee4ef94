"""With `SIF_SERVING_TABLE` set, every slice the activity IO manager writes to SQL is mirrored to the DynamoDB
serving table (moto in server mode, a real HTTP endpoint): the latest activities and metric values read back
from DynamoDB equal the SQL store's."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from sif_resources.io_managers.dynamodb import serving_store
from tests.sif_assets.conftest import EXAMPLES, Platform
from tests.sif_resources.catalog.moto_dynamodb import DUMMY_ENVIRONMENT, moto_server

pytestmark = [pytest.mark.aws, pytest.mark.slow]


def test_slices_are_mirrored_to_the_serving_table(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = moto_server()
    for name, value in DUMMY_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    table = f"serving-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("SIF_SERVING_TABLE", table)
    monkeypatch.setenv("SIF_AWS_ENDPOINT_URL", server.endpoint_url)
    store = serving_store(table, server.endpoint_url, region_name="us-east-1")
    store.ensure_table()
    try:
        platform.tenant("acme", "household_electricity")
        platform.land("household_electricity", "acme", EXAMPLES / "household-electricity" / "readings.csv")
        [outcome] = platform.materialize("household_electricity", ["2024-01|acme"])
        assert outcome.success, outcome.failure
        sql = platform.services.activity_store.latest_activities(
            "acme", "household_electricity", months=["2024-01"]
        )
        served = store.latest_activities("acme", "household_electricity", "2024-01")
        assert sorted(served["activity_id"]) == sorted(sql["activity_id"]) and len(served) == 5
        sql_metric = platform.services.activity_store.metric_values(
            "acme", "ghg:total", "month", groups=["/"]
        )
        served_metric = store.metric_values(
            "acme", "ghg:total", "month", "2024-01-01", "2024-01-31", groups=["/"]
        )
        assert Decimal(str(served_metric.iloc[0]["sub_groups_value"])) == Decimal(
            str(sql_metric.iloc[0]["sub_groups_value"])
        )
    finally:
        server.client().delete_table(TableName=table)
