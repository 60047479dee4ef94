"""The child process of the kill test: writes a large activity slice and stops just before committing.

    python sql_store_killed_writer.py <database url> <postgres schema or -> <rows>

Every statement of the write runs; then, with the transaction still open, the process prints
`READY <PostgreSQL backend pid or 0>` and sleeps until the test kills it with SIGKILL.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the project root, run as a script

from benchmarks.activity_store import generate_slice
from sif_resources.activities import sql_writes
from sif_resources.activities.model import ActivitySlice
from sif_resources.activities.sql_store import SqlActivityStore
from sif_resources.catalog.engine import create_catalog_engine
from tests.sif_resources.activities.sql_store_support import MONTH, PIPELINE, TENANT


def main(url: str, schema: str, rows: int) -> None:
    options: dict[str, Any] = (
        {} if schema == "-" else {"connect_args": {"options": f"-csearch_path={schema}"}}
    )
    engine = create_catalog_engine(url, **options)
    last_step = sql_writes.replace_errors

    def hold_before_commit(connection: Any, piece: ActivitySlice, month: str) -> None:
        last_step(connection, piece, month)
        backend = 0
        if connection.dialect.name == "postgresql":
            backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        print(f"READY {backend}", flush=True)
        time.sleep(3600)

    sql_writes.replace_errors = hold_before_commit
    piece = generate_slice(
        rows, seed=7, tenant=TENANT, pipeline_key=PIPELINE, month=MONTH, run_id="run-killed"
    )
    SqlActivityStore(engine).write_activity_slice(piece)
    print("COMMITTED", flush=True)  # never reached: the test kills the process first


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
