"""The `sif` command line: evaluate a formula, run or check a pipeline file, show the demo; the catalog
commands (tenants, groups, users, factors, datasets, import/export) are in `sif_api.catalog_cli`.

Here: the Typer `app` (the `sif` entry point), its commands, option parsing and exit codes. Commands only
parse options, call the calculator and print. Not here: how results look (`sif_api.rendering`), loading and
validating pipeline files (`calculator.pipeline_file`).

Exit codes: 0 success, 1 a formula or some rows failed, 2 a file (or an option) could not be used —
reported as one line per problem, `error: <file>[:line]: <where>: <why>`, on stderr.

State lives under `$SIF_HOME` (default `.sif` in the working directory). `sif demo`, and `sif pipeline run
--catalog`, import a pipeline file's resources into the catalog there (tenant `demo` unless told otherwise;
see `sif_resources.catalog.pipeline_files`) and evaluate against it; importing an unchanged file again
writes nothing. `eval`, `pipeline validate` and `pipeline run` without `--catalog` read only the files given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, NoReturn

import pandas as pd
import typer
from rich.markup import escape

from calculator import FormulaSyntaxError, evaluate, parse
from calculator.evaluator import EvaluationContext
from calculator.pipeline_file import PipelineFile, PipelineFileError, Problem, load_pipeline_file
from calculator.transformer import TransformResult
from sif_api import catalog_cli, catalog_state, platform_cli
from sif_api.rendering import (
    error_console,
    out_console,
    render_catalog_use,
    render_errors,
    render_header,
    render_outcome,
    render_row_audit,
    render_table,
    render_totals,
)
from sif_resources.catalog.pipeline_files import import_pipeline_resources
from sif_resources.catalog.service import Catalog
from sif_resources.settings import Settings

app = typer.Typer(
    name="sif",
    help="SIF on Dagster: the SIF formula language and pipelines, from the command line.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
pipeline_app = typer.Typer(help="Run and check pipeline files (YAML; see examples/).", no_args_is_help=True)
app.add_typer(pipeline_app, name="pipeline")
catalog_cli.register(app)
platform_cli.register(app)
catalog_state.register(app)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TABLE_ROWS = 50
DEMO_AUDITED_ROWS = 2
#: The tenant `sif demo` (and `sif pipeline run --catalog` by default) imports the examples into.
DEMO_TENANT = "demo"
DEMO_TENANT_NAME = "Demo (sif demo)"


def _bad_files(problems: Sequence[Problem]) -> NoReturn:
    for problem in problems:
        error_console().print(f"error: {problem}", markup=False)
    raise typer.Exit(2)


def _load(path: Path) -> PipelineFile:
    try:
        return load_pipeline_file(path)
    except PipelineFileError as error:
        _bad_files(error.problems)


def _read_input(pipeline: PipelineFile, path: Path | None) -> pd.DataFrame:
    try:
        return pipeline.read_input(path)
    except PipelineFileError as error:
        _bad_files(error.problems)


def _run_in_catalog(
    catalog: Catalog, tenant: str, pipeline: PipelineFile, rows: pd.DataFrame, *, audit: bool
) -> TransformResult:
    """Import the file's resources into `tenant`, run the pipeline against the tenant's catalog and print
    which catalog it used and the versions it read."""
    report = import_pipeline_resources(catalog, tenant, pipeline, tenant_name=DEMO_TENANT_NAME)
    resolver = catalog.resolver(tenant)
    result = pipeline.run(rows, audit=audit, resolver=resolver)
    location = Settings.from_environment().catalog_location()
    render_catalog_use(out_console(), location, tenant, report, resolver.versions_read())
    return result


# --- commands ---------------------------------------------------------------------------------------------
@app.command()
def demo() -> None:
    """The platform story on the embedded default: two tenants, three pipelines, three months landed and
    calculated through Dagster, a new dataset version published and restated; metrics before and after.

    State goes to $SIF_HOME (make demo: .sif/demo); `make ui` shows the same Dagster instance."""
    from sif_api.demo import DemoError, run_demo

    try:
        ok = run_demo(out_console())
    except DemoError as error:
        error_console().print(f"error: demo: {error}", markup=False)
        raise typer.Exit(2) from None
    if not ok:
        raise typer.Exit(1)


@pipeline_app.command("demo")
def pipeline_demo(
    examples: Annotated[
        Path | None, typer.Option(help="Folder of example pipelines (default: examples/ in the project).")
    ] = None,
) -> None:
    """Run every examples/*/pipeline.yaml against the catalog (no Dagster); show rows, outputs, audits and
    metric totals.

    Each example's activities, datasets and calculations are first imported into the catalog under $SIF_HOME
    (tenant 'demo'; nothing is written when they are already there), then read from it, with the shipped
    factor library (tenant 'platform').
    """
    folder = examples or PROJECT_ROOT / "examples"
    files = sorted(folder.glob("*/pipeline.yaml"))
    if not files:
        _bad_files([Problem(folder, "examples", "no */pipeline.yaml in this folder")])
    console = out_console()
    failures = 0
    with catalog_cli.catalog_for("demo") as catalog:
        for file in files:
            pipeline = _load(file)
            rows = _read_input(pipeline, None)
            render_header(console, pipeline)
            result = _run_in_catalog(catalog, DEMO_TENANT, pipeline, rows, audit=True)
            console.print(render_table(console, pipeline, rows, result))
            for row in range(min(DEMO_AUDITED_ROWS, len(rows))):
                console.print(render_row_audit(pipeline, rows, result, row))
            render_totals(console, pipeline, result)
            failures += render_errors(pipeline, result)
            console.print()
    if failures:
        raise typer.Exit(1)


@app.command("eval")
def eval_formula(
    formula: Annotated[str, typer.Argument(help='A formula, e.g. "IF(:kwh>100, :kwh*0.4, 0)".')],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value; numbers and true/false are typed, the rest is text."),
    ] = None,
    text: Annotated[
        list[str] | None,
        typer.Option("--text", "-t", help="key=value always passed as text (e.g. a ZIP code)."),
    ] = None,
    group: Annotated[
        str | None, typer.Option(help="Execution group (default / or the resources' group).")
    ] = None,
    resources: Annotated[
        Path | None,
        typer.Option(
            "--resources", "-r", help="A pipeline file whose activities, datasets and calculations to use."
        ),
    ] = None,
) -> None:
    """Evaluate one formula and print its value, kind and audit."""
    parameters: dict[str, Any] = {key: _typed(value) for key, value in _pairs(param or [], "--param")}
    parameters.update(_pairs(text or [], "--text"))
    pipeline = _load(resources) if resources is not None else None
    context = EvaluationContext(
        group=group or (pipeline.group if pipeline else "/"),
        resolver=pipeline.resolver if pipeline else None,
    )
    outcome = evaluate(formula, parameters, context=context, audit=True)
    if outcome.error is not None:
        error_console().print(f"{outcome.error.kind.value} error: {outcome.error.describe()}", markup=False)
        raise typer.Exit(1)
    render_outcome(out_console(), formula, outcome)


@pipeline_app.command("run")
def pipeline_run(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The pipeline file (YAML).")],
    input: Annotated[Path | None, typer.Option(help="Input CSV (default: the file's `input`).")] = None,
    output: Annotated[Path | None, typer.Option(help="Write the outputs (every digit) to this CSV.")] = None,
    audit: Annotated[bool, typer.Option(help="Also print each shown row's audit.")] = False,
    catalog: Annotated[
        bool,
        typer.Option(
            "--catalog",
            help="Import the file's resources into the catalog under $SIF_HOME (unchanged ones are not "
            "written again) and read them, and the factor library, from there. Without it the file's own "
            "resources are used and nothing is written.",
        ),
    ] = False,
    tenant: Annotated[str, typer.Option(help="The catalog tenant for --catalog (created if missing).")] = (
        DEMO_TENANT
    ),
) -> None:
    """Run a pipeline file over its input CSV; exit 1 if any row or cell failed."""
    console = out_console()
    with console.status(f"Loading {file} ..."):
        pipeline = _load(file)
        rows = _read_input(pipeline, input)
    transforms = len(pipeline.transformer.transforms)
    render_header(console, pipeline)
    if catalog:
        with catalog_cli.catalog_for("pipeline run") as opened:
            result = _run_in_catalog(opened, tenant, pipeline, rows, audit=audit)
    else:
        with console.status(f"Evaluating {transforms} transforms over {len(rows)} rows ..."):
            result = pipeline.run(rows, audit=audit)
    console.print(render_table(console, pipeline, rows, result, limit=TABLE_ROWS))
    if audit:
        for row in range(min(TABLE_ROWS, len(rows))):
            console.print(render_row_audit(pipeline, rows, result, row))
    render_totals(console, pipeline, result)
    if output is not None:
        try:
            result.frame().to_csv(output, index=False)
        except OSError as error:
            _bad_files([Problem(output, "file", error.strerror or str(error))])
        console.print(f"Wrote {len(rows)} rows to {escape(str(output))}")
    if render_errors(pipeline, result):
        raise typer.Exit(1)


@pipeline_app.command("validate")
def pipeline_validate(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The pipeline file (YAML).")],
) -> None:
    """Check a pipeline file: its fields, its CSV files and the syntax of every formula."""
    pipeline = _load(file)
    if pipeline.input_path is not None:
        _read_input(pipeline, None)
    formulas = [
        (f"transformer.transforms[{i}].formula", t.formula)
        for i, t in enumerate(pipeline.spec.transformer.transforms)
    ] + [
        (f"resources.calculations[{i}].formula", c.formula)
        for i, c in enumerate(pipeline.spec.resources.calculations)
    ]
    problems = []
    for where, formula in formulas:
        try:
            parse(formula)
        except FormulaSyntaxError as error:
            problems.append(Problem(file, where, error.message))
    for problem in problems:
        error_console().print(f"error: {problem}", markup=False)
    if problems:
        raise typer.Exit(1)
    out_console().print(
        f"[green]ok[/] {escape(str(file))}: {len(formulas)} formulas parse; resources and input load"
    )


# --- option parsing ---------------------------------------------------------------------------------------
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _pairs(items: Sequence[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise typer.BadParameter(f"expected key=value, got {item!r}", param_hint=option)
        pairs.append((key, value))
    return pairs


def _typed(value: str) -> Decimal | bool | str:
    if _NUMBER.fullmatch(value):
        return Decimal(value)
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value
