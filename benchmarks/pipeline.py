"""Benchmark: the SIF load test end to end through Dagster, on PostgreSQL.

    python benchmarks/pipeline.py [--rows 1000000] [--dataset-rows 1000000] [--quick | --with-10m]
                                  [--postgres-url postgresql+psycopg2://postgres@127.0.0.1:5432/test]
                                  [--data-dir DIR] [--profile FILE]

For each size (`--rows`, then 10,000,000 rows unless `--quick`), in a fresh subprocess so that peak memory is
that size's alone: a new PostgreSQL schema (the catalog, activity and metric tables; dropped afterwards), a
temporary `$SIF_HOME` (the object store) and a temporary Dagster instance. A helper subprocess generates the
load test's data (seeded; `../shared/benchmarks/sif-load-test.md`) and creates the tenant and its catalog
resources — the 1,000,000-row reference dataset, the impact activity and both calculations, exactly as
`sif-load-test.json` defines them — so generating data counts in neither the timings nor the peak (with
`--data-dir`, input files are kept there and reused). Input dates are distinct: the pipeline has no unique
keys, so rows of the same second would be one activity (SIF §9.6) and the closed form would not hold. The
measured process then builds the load test's pipeline (`load_test`) and its three chained metrics as Dagster
assets through the platform's factories, lands the input file (`land_file`), materialises the 12 months of
2024 in one single run (`runs.run_partitions(..., single_run=True)`), and checks that every metric level —
the activities' day sums, then day, week, month, quarter and year values of each of the three metrics, for
the pipeline's group and for `/` — carries the closed-form total 0.01557 x sum(therms x value).

Prints `key: value` lines per size: cores, rows, land_s, materialize_s, total_s, rows_per_s (land and
materialise), peak_rss_mb (the measured process's `ru_maxrss`), cpu_s (its CPU time while landing and
materialising), closed_form_ok, and the seconds and peak RSS (sampled every 50 ms) of landing and of each
Dagster step (`step_<step>_s`, `step_<step>_peak_rss_mb`). `--profile` writes a cProfile of landing and
materialising. Targets: >= 50,000 rows/s end to end and peak RSS <= 2 GB at both sizes.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

# Run as a script, this file's folder comes first on sys.path: import from the project root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import dagster as dg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.loadtest import (  # noqa: E402
    PIPELINE_GROUP,
    closed_form_total,
    definitions,
    generate_dataset,
    generate_inputs,
)
from sif_api import runs  # noqa: E402
from sif_assets.factories.metric_assets import build_metric_assets  # noqa: E402
from sif_assets.factories.pipeline_assets import build_pipeline_assets  # noqa: E402
from sif_resources.activities.sql_store import SqlActivityStore  # noqa: E402
from sif_resources.catalog.datasets import store_dataset_rows  # noqa: E402
from sif_resources.catalog.migrate import fresh_postgres_schema  # noqa: E402
from sif_resources.catalog.service import Catalog  # noqa: E402
from sif_resources.dagster_resources import build_resources  # noqa: E402
from sif_resources.domain.groups import ROOT_GROUP_ID  # noqa: E402
from sif_resources.domain.resources import ResourceType  # noqa: E402
from sif_resources.executions.landing import land_file  # noqa: E402
from sif_resources.pipelines.definition import (  # noqa: E402
    MetricDefinition,
    MetricInput,
    PipelineDefinition,
    link_metrics,
    metric_order,
)
from sif_resources.pipelines.sources import definition_from_catalog, metric_from_catalog  # noqa: E402
from sif_resources.services import PlatformServices  # noqa: E402

POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
TENANT = "loadtest"
PIPELINE_KEY = "load_test"
YEAR = "2024"
MONTHS = tuple(f"{YEAR}-{month:02d}" for month in range(1, 13))
TEN_MILLION = 10_000_000
TIME_UNITS = ("day", "week", "month", "quarter", "year")
PREPARED = "prepared.json"
INPUT_FILE = "input.csv"


# --- the load test on the platform ------------------------------------------------------------------------
def schema_url(url: str, schema: str) -> str:
    """`url` with every connection's search path set to `schema` (what `SIF_DATABASE_URL` takes)."""
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)


def create_catalog(catalog: Catalog, dataset_rows: int, seed: int) -> Any:
    """The tenant, the pipeline's group and the load test's resources in `/`: the impact activity, the
    reference dataset (generated, `dataset_rows` rows) and both calculations. Returns the dataset frame."""
    resources = definitions()
    catalog.create_tenant(TENANT)
    catalog.create_group(TENANT, ROOT_GROUP_ID, PIPELINE_GROUP.rsplit("/", 1)[-1])
    for activity in resources["impacts"]:
        catalog.create(TENANT, ROOT_GROUP_ID, ResourceType.IMPACT_ACTIVITY, activity)
    dataset = generate_dataset(dataset_rows, seed)
    for spec in resources["referenceDatasets"]:
        body = {key: spec.get(key) for key in ("name", "description", "tags", "datasetHeaders")}
        rows = dataset[spec["datasetHeaders"]].to_numpy().tolist()
        store_dataset_rows(
            catalog, TENANT, ROOT_GROUP_ID, body, list(spec["datasetHeaders"]), rows, where="generated"
        )
    for calculation in resources["calculations"]:
        catalog.create(TENANT, ROOT_GROUP_ID, ResourceType.CALCULATION, calculation)
    return dataset


def prepare(
    folder: Path, rows: int, dataset_rows: int, seed: int, catalog: Catalog, data_dir: Path | None = None
) -> tuple[Path, Decimal]:
    """Create the catalog, write the input file to `folder` (or reuse the one kept in `data_dir` for these
    sizes and seed) and return it with the closed-form total."""
    dataset = create_catalog(catalog, dataset_rows, seed)
    if data_dir is not None:
        kept = data_dir / f"input-{rows}-{dataset_rows}-{seed}.csv"
        total = kept.with_suffix(".total")
        if not (kept.exists() and total.exists()):
            data_dir.mkdir(parents=True, exist_ok=True)
            inputs = generate_inputs(rows, dataset_rows, seed, distinct_times=True)
            inputs.to_csv(kept.with_suffix(".partial"), index=False)
            total.write_text(str(closed_form_total(dataset, inputs)))
            kept.with_suffix(".partial").rename(kept)
        return kept, Decimal(total.read_text())
    inputs = generate_inputs(rows, dataset_rows, seed, distinct_times=True)
    inputs.to_csv(folder / INPUT_FILE, index=False)
    return folder / INPUT_FILE, closed_form_total(dataset, inputs)


def pipeline_and_metrics() -> tuple[PipelineDefinition, dict[str, MetricDefinition]]:
    """The load test's pipeline (key `load_test`, run in the pipeline's group) and its three chained metrics,
    linked through the pipeline's output."""
    resources = definitions()
    document = {**resources["pipelines"][0], "groups": [PIPELINE_GROUP]}
    pipeline = dataclasses.replace(definition_from_catalog(TENANT, document), key=PIPELINE_KEY)
    declared = [metric_from_catalog(metric) for metric in resources["metrics"]]
    return pipeline, link_metrics([pipeline], declared)


def load_test_definitions(
    pipeline: PipelineDefinition, metrics: Mapping[str, MetricDefinition]
) -> dg.Definitions:
    """The pipeline's assets and its metrics' assets, with the platform's resources."""
    assets = [*build_pipeline_assets(pipeline), *build_metric_assets(metrics)]
    return dg.Definitions(assets=assets, resources=build_resources())


@dataclass(frozen=True)
class Measured:
    started_at: float  # epoch seconds, as Dagster's event timestamps
    landed_at: float
    land_s: float
    materialize_s: float
    success: bool
    failure: str
    failed_checks: tuple[str, ...]
    run_id: str
    rows_landed: int
    rows_rejected: int


def land_and_materialize(
    services: PlatformServices,
    instance: dg.DagsterInstance,
    defs: dg.Definitions,
    pipeline: PipelineDefinition,
    source: Path,
) -> Measured:
    """Land `source` as one execution, then materialise the 12 months of 2024 in one single run."""
    started_at = time.time()
    started = time.perf_counter()
    landed = land_file(
        pipeline,
        tenant=TENANT,
        group=pipeline.group,
        source=source,
        object_store=services.object_store,
        executions=services.executions,
        created_by="benchmark",
    )
    land_s = time.perf_counter() - started
    landed_at = time.time()
    runs.register_tenants(instance, [TENANT])
    keys = runs.keys_between([TENANT], MONTHS[0], MONTHS[-1])
    started = time.perf_counter()
    [outcome] = runs.run_partitions(
        defs, instance, runs.pipeline_selection(pipeline.key), keys, single_run=True
    )
    materialize_s = time.perf_counter() - started
    return Measured(
        started_at,
        landed_at,
        land_s,
        materialize_s,
        outcome.success,
        outcome.failure,
        outcome.failed_checks,
        outcome.run_id,
        landed.rows_landed,
        landed.rows_rejected,
    )


def closed_form_problems(
    store: SqlActivityStore,
    pipeline: PipelineDefinition,
    metrics: Mapping[str, MetricDefinition],
    expected: Decimal,
) -> list[str]:
    """Every metric level whose total differs from `expected` (empty when all agree): the activities' day
    sums over the year, then for each metric and time unit the pipeline group's own values and the hierarchy
    of `/` (which holds nothing itself)."""
    problems: list[str] = []

    def check(level: str, found: Decimal) -> None:
        if found != expected:
            problems.append(f"{level}: {found} != {expected}")

    linked = dict.fromkeys(output for outputs in pipeline.metric_links.values() for output in outputs)
    outputs = [MetricInput(pipeline.key, output) for output in linked]
    days = [store.daily_sums(TENANT, outputs, month) for month in MONTHS]
    check("activity_day_sums", sum((_total(frame["value"]) for frame in days), Decimal(0)))
    for name in metric_order(metrics):
        for unit in TIME_UNITS:
            frame = store.metric_values(TENANT, name, unit)
            if unit in ("year", "quarter", "month", "day"):
                frame = frame[frame["date"].astype(str).str.startswith(YEAR)]
            own = frame[frame["group_id"] == pipeline.group]
            root = frame[frame["group_id"] == ROOT_GROUP_ID]
            check(f"{name}:{unit}:{pipeline.group}:group_value", _total(own["group_value"]))
            check(f"{name}:{unit}:{pipeline.group}:hierarchy_value", _total(own["hierarchy_value"]))
            check(f"{name}:{unit}:/:sub_groups_value", _total(root["sub_groups_value"]))
            check(f"{name}:{unit}:/:hierarchy_value", _total(root["hierarchy_value"]))
            if _total(root["group_value"]) != 0:
                problems.append(f"{name}:{unit}:/:group_value is not 0")
    return problems


def _total(values: Any) -> Decimal:
    return sum((Decimal(str(value)) for value in values), Decimal(0))


def step_windows(instance: dg.DagsterInstance, run_id: str) -> dict[str, tuple[float, float]]:
    """Each step of the run: (start, end) in epoch seconds, from its start and success (or failure) events."""
    started: dict[str, float] = {}
    windows: dict[str, tuple[float, float]] = {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or record.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            started[record.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and record.step_key in started:
            windows[record.step_key] = (started[record.step_key], record.timestamp)
    return windows


class RssSampler:
    """The process's resident memory every `interval` seconds, in a thread of its own: where the peak is."""

    def __init__(self, interval: float = 0.05) -> None:
        self.samples: list[tuple[float, float]] = []
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with open("/proc/self/statm") as statm:
            while not self._stop.is_set():
                statm.seek(0)
                self.samples.append((time.time(), int(statm.read().split()[1]) * self._page_mb))
                self._stop.wait(self._interval)

    def peak(self, start: float, end: float) -> float:
        """The largest sample between `start` and `end` (epoch seconds); 0 when none."""
        return max((rss for at, rss in self.samples if start <= at <= end), default=0.0)


# --- processes ----------------------------------------------------------------------------------------------
def measure_one(folder: Path, rows: int, profile: Path | None = None) -> int:
    """The measured process: build, land, materialise, check; print the figures."""
    from sif_resources.services import services_for

    prepared = json.loads((folder / PREPARED).read_text())
    expected = Decimal(prepared["expected_total"])
    services = services_for()
    pipeline, metrics = pipeline_and_metrics()
    defs = load_test_definitions(pipeline, metrics)
    before = resource.getrusage(resource.RUSAGE_SELF)
    with dg.instance_for_test() as instance, RssSampler() as sampler:
        profiler = cProfile.Profile() if profile is not None else None
        if profiler is not None:
            profiler.enable()
        measured = land_and_materialize(services, instance, defs, pipeline, Path(prepared["input"]))
        if profiler is not None and profile is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        steps = step_windows(instance, measured.run_id)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    peak = usage.ru_maxrss / 1024
    problems = closed_form_problems(services.activity_store, pipeline, metrics, expected)
    ok = measured.success and not measured.failed_checks and measured.rows_rejected == 0 and not problems
    total_s = measured.land_s + measured.materialize_s
    print(f"cores: {os.cpu_count()}")
    print(f"rows: {rows}")
    print(f"rows_landed: {measured.rows_landed}")
    print(f"land_s: {measured.land_s:.2f}")
    print(f"materialize_s: {measured.materialize_s:.2f}")
    print(f"total_s: {total_s:.2f}")
    print(f"rows_per_s: {rows / total_s:.0f}")
    print(f"peak_rss_mb: {peak:.0f}")
    print(f"cpu_s: {cpu_s:.2f}")
    print(f"land_peak_rss_mb: {sampler.peak(measured.started_at, measured.landed_at):.0f}")
    for step, (start, end) in steps.items():
        name = step.replace("/", "_").replace("__", "_")
        print(f"step_{name}_s: {end - start:.2f}")
        print(f"step_{name}_peak_rss_mb: {sampler.peak(start, end):.0f}")
    print(f"expected_total: {expected}")
    print(f"closed_form_ok: {ok}")
    if not measured.success:
        print(f"failure: {measured.failure}")
    for check in measured.failed_checks:
        print(f"failed_check: {check}")
    for problem in problems[:20]:
        print(f"mismatch: {problem}")
    return 0 if ok else 1


def prepare_one(folder: Path, rows: int, dataset_rows: int, seed: int, data_dir: Path | None) -> int:
    """The helper process: the catalog and the input file, and the expected total beside them."""
    from sif_resources.services import services_for

    started = time.perf_counter()
    source, expected = prepare(folder, rows, dataset_rows, seed, services_for().catalog, data_dir)
    (folder / PREPARED).write_text(json.dumps({"input": str(source), "expected_total": str(expected)}))
    print(f"prepare_s: {time.perf_counter() - started:.2f}")
    return 0


def run_size(args: argparse.Namespace, rows: int) -> int:
    """One size: a fresh schema and `$SIF_HOME`, the helper process, then the measured process."""
    with (
        tempfile.TemporaryDirectory(prefix="sif-bench-") as home,
        fresh_postgres_schema(args.postgres_url, prefix="bench") as engine,
    ):
        with engine.connect() as connection:
            schema = str(connection.execute(sa.text("SELECT current_schema()")).scalar_one())
        env = {
            **os.environ,
            "SIF_HOME": str(Path(home) / "sif"),
            "SIF_DATABASE_URL": schema_url(args.postgres_url, schema),
            "SIF_CATALOG_BACKEND": "sql",
        }
        for name in ("SIF_OBJECT_STORE_URL", "DAGSTER_HOME"):
            env.pop(name, None)
        common = ["--folder", home, "--rows", str(rows), "--seed", str(args.seed)]
        script = [sys.executable, str(Path(__file__).resolve())]
        keep = ["--data-dir", str(args.data_dir)] if args.data_dir else []
        steps: Sequence[list[str]] = (
            [*script, "--prepare", *common, "--dataset-rows", str(args.dataset_rows), *keep],
            [*script, "--measure", *common, *(["--profile", str(args.profile)] if args.profile else [])],
        )
        for command in steps:
            finished = subprocess.run(command, env=env, check=False)
            if finished.returncode:
                return finished.returncode
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="input rows of the first size")
    parser.add_argument("--dataset-rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true", help="only the first size")
    parser.add_argument("--with-10m", action="store_true", help="also 10,000,000 rows (the default)")
    parser.add_argument("--postgres-url", default=os.environ.get("SIF_TEST_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument(
        "--data-dir", type=Path, help="keep generated input files here and reuse them (never commit them)"
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of landing and materialising here")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=".*is currently in beta")  # backfill_policy, source assets
    if args.prepare:
        return prepare_one(args.folder, args.rows, args.dataset_rows, args.seed, args.data_dir)
    if args.measure:
        return measure_one(args.folder, args.rows, args.profile)
    sizes = [args.rows]
    if (args.with_10m or not args.quick) and args.rows != TEN_MILLION:
        sizes.append(TEN_MILLION)
    failures = 0
    for rows in sizes:
        sys.stdout.flush()
        failures += run_size(args, rows) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
