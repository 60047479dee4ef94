"""How the `sif` command line shows results: Rich tables, audit trees, metric totals and error lines.

Here: the consoles (stdout, and stderr for errors), a pipeline's header, the catalog it ran against and the
versions it read, and its rows beside their outputs
(numbers rounded for display only), per-row audit panels, a single formula's value and audit, the exact
totals of metric outputs, and the lines for failed rows and cells.

Not here: parsing options, loading files, exit codes (`sif_api.cli`), or computing anything — every value
shown comes from the calculator as it is.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console, Group, JustifyMethod
from rich.markup import escape
from rich.measure import Measurement
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from calculator import Kind, Outcome
from calculator.pipeline_file import PipelineFile
from calculator.transformer import TransformResult
from sif_resources.catalog.store import VersionRecord
from sif_resources.catalog.transfer import TransferReport

DISPLAY_PLACES = Decimal("0.0001")
WIDE = Context(prec=100_000)  # rounding for display never runs out of digits


def out_console() -> Console:
    """A console on stdout, for results."""
    return Console()


def error_console() -> Console:
    """A console on stderr, for errors: no highlighting, and long lines stay whole."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def render_header(console: Console, pipeline: PipelineFile) -> None:
    """The pipeline's name, description, group, file and where its data comes from."""
    console.print(Rule(Text(pipeline.name, style="bold cyan"), align="left"))
    lines = [Text(pipeline.spec.description or "", style="italic")] if pipeline.spec.description else []
    lines.append(
        Text.assemble(("group ", "dim"), pipeline.group, ("   file ", "dim"), _shown_path(pipeline.path))
    )
    for note in pipeline.sources:
        lines.append(
            Text.assemble(
                ("data  ", "dim"), (note.file.name, "bold"), ": ", note.source or "(no source line)"
            )
        )
        lines.append(
            Text.assemble(("      licence: ", "dim"), note.licence or "(no licence line)", style="dim")
        )
    console.print(Group(*lines))


def render_catalog_use(
    console: Console, location: str, tenant: str, report: TransferReport, reads: list[VersionRecord]
) -> None:
    """One line: the catalog a pipeline ran against, what importing its resources wrote, the versions read."""
    written = len(report.created) + len(report.updated)
    created, updated, unchanged = len(report.created), len(report.updated), len(report.unchanged)
    imported = (
        f"imported {created} new, {updated} updated, {unchanged} unchanged"
        if written
        else f"nothing new to import ({unchanged} unchanged)"
    )
    shown = [
        f"{record.resource_type} {record.name} v{record.version}"
        + ("" if record.tenant_id == tenant else f" (tenant {record.tenant_id})")
        for record in sorted(reads, key=lambda r: (r.resource_type, r.tenant_id != tenant, r.name))
    ]
    line = Text.assemble(
        ("catalog ", "dim"),
        location,
        ("   tenant ", "dim"),
        tenant,
        ("   ", "dim"),
        (imported, "dim"),
        ("   read ", "dim"),
        ", ".join(shown) or "nothing",
    )
    console.print(line, soft_wrap=True)


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _shown_outputs(pipeline: PipelineFile) -> list[tuple[str, str]]:
    """(key, type) of outputs worth a column: an output that only repeats an input column is left out."""
    passthrough = {f":{p.key}" for p in pipeline.transformer.parameters}
    return [
        (t.output.key, t.output.type)
        for t in pipeline.transformer.transforms
        if t.formula.strip() not in passthrough
    ]


def render_table(
    console: Console,
    pipeline: PipelineFile,
    rows: pd.DataFrame,
    result: TransformResult,
    limit: int | None = None,
) -> Table:
    """Input rows beside their outputs; the inputs are left out when both do not fit the terminal."""
    shown = len(rows) if limit is None else min(limit, len(rows))
    notes = ["numbers rounded to 4 places for display; audits, totals and --output keep every digit"]
    if shown < len(rows):
        notes.insert(0, f"first {shown} of {len(rows)} rows")
    table = _table(pipeline, rows, result, shown, inputs=True)
    if Measurement.get(console, console.options.update_width(10_000), table).maximum > console.width:
        table = _table(pipeline, rows, result, shown, inputs=False)
        notes.insert(0, "input columns hidden to fit the terminal")
    table.caption = "; ".join(notes)
    return table


def _table(
    pipeline: PipelineFile, rows: pd.DataFrame, result: TransformResult, shown: int, inputs: bool
) -> Table:
    frame = result.frame()
    outputs = _shown_outputs(pipeline)
    table = Table(box=box.SIMPLE_HEAD, caption_justify="left", pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    for column in rows.columns if inputs else []:
        table.add_column(str(column), style="cyan", overflow="fold")
    for key, kind in outputs:
        justify: JustifyMethod = "right" if kind == "number" else "left"
        table.add_column(key, style="green", justify=justify, no_wrap=kind != "string", overflow="fold")
    for row in range(shown):
        cells: list[Text | str] = [str(row + 1), *(str(v) for v in rows.iloc[row] if inputs)]
        for position, (key, kind) in enumerate(outputs):
            if row in result.row_errors:
                cells.append(Text("row failed" if position == 0 else "", style="bold red"))
            elif result.failed_cells[key][row]:
                cells.append(Text("error", style="bold red"))
            else:
                cells.append(_display(frame[key].iloc[row], kind))
        table.add_row(*cells)
    return table


def _display(text: str | None, kind: str) -> Text | str:
    if text is None or pd.isna(text):
        return Text("null", style="dim")
    if kind == "timestamp" and text.lstrip("-").isdigit():
        moment = datetime.fromtimestamp(int(text) / 1000, UTC)
        return moment.strftime("%Y-%m-%d" if moment.time() == time() else "%Y-%m-%d %H:%MZ")
    exact = _as_number(text) if kind == "number" else None
    if exact is None:
        return text
    shown = f"{exact.quantize(DISPLAY_PLACES, rounding=ROUND_HALF_UP, context=WIDE):f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def _as_number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def render_row_audit(pipeline: PipelineFile, rows: pd.DataFrame, result: TransformResult, row: int) -> Panel:
    """One row's inputs and the audit of each of its transforms, in a panel."""
    inputs = ", ".join(f"{c}={v}" for c, v in zip(rows.columns, rows.iloc[row], strict=True))
    tree = Tree(Text.assemble(("inputs ", "dim"), inputs))
    if row in result.row_errors:
        tree.add(Text(result.row_errors[row], style="red"))
    for record in result.audits[row] if result.audits is not None else []:
        _add_audit(tree, record)
    title = f"[bold]{escape(pipeline.name)}[/]: audit of row {row + 1}"
    return Panel(tree, title=title, title_align="left", expand=False)


def render_outcome(console: Console, formula: str, outcome: Outcome) -> None:
    """A single formula's value, kind and assigned group, then its audit when there is one to show."""
    summary = Table.grid(padding=(0, 2))
    value = "null" if outcome.kind in (Kind.NULL, Kind.NOVALUE) else outcome.text or '""'
    summary.add_row(Text("value", style="bold"), Text(value, style="bold green"))
    summary.add_row(Text("kind", style="bold"), outcome.kind.name.lower().replace("novalue", "no value"))
    if outcome.assigned_group:
        summary.add_row(Text("group", style="bold"), outcome.assigned_group)
    console.print(summary)
    if outcome.audit is not None:
        tree = Tree(Text("audit", style="bold"))
        _add_audit(tree, {"formula": formula, **outcome.audit.as_dict()})
        if tree.children:
            console.print(tree)


def _add_audit(tree: Tree, record: dict[str, Any]) -> None:
    """One transform's (or one formula's) audit: result, evaluated map and the resources it read."""
    formula = record.get("formula", "")
    if "name" in record:
        result = record.get("result")
        label = Text.assemble(
            (f"[{record['index']}] ", "dim"),
            (record["name"], "bold green"),
            " = ",
            (result if result is not None else "error", "bold" if result is not None else "bold red"),
            ("   " + formula.replace("\n", " ⏎ "), "dim"),
        )
        tree = tree.add(label)
    for key, value in record.get("evaluated", {}).items():
        if key != formula:
            tree.add(Text.assemble((key.replace("\n", " ⏎ "), "yellow"), " → ", value))
    for activity in record.get("activities", []):
        tree.add(
            Text.assemble(
                ("activity ", "magenta"),
                f"{activity['activity']} / {activity['impact']} / {activity['component']}",
                (f"  ({_owner(activity)}, v{activity['version']})", "dim"),
            )
        )
    for dataset in record.get("referenceDatasets", []):
        tree.add(
            Text.assemble(
                ("dataset ", "magenta"),
                f"{dataset['name']}: {dataset['keyColumn']}={dataset['value']} → {dataset['outputColumn']}",
                (f"  ({_owner(dataset)}, v{dataset['version']})", "dim"),
            )
        )
    for calculation in record.get("calculations", []):
        args = ", ".join(v for k, v in calculation.items() if k.startswith("arg"))
        tree.add(
            Text.assemble(
                ("calculation ", "magenta"),
                f"#{calculation['function']}({args})",
                (f"  ({_owner(calculation)}, v{calculation['version']})", "dim"),
            )
        )
    if "errorMessage" in record:
        tree.add(Text(record["errorMessage"], style="red"))


def _owner(resource: dict[str, Any]) -> str:
    """`group /x`, or `tenant t, group /x` for a resource read from another tenant."""
    group = f"group {resource['group']}"
    return f"tenant {resource['tenant']}, {group}" if "tenant" in resource else group


def render_totals(console: Console, pipeline: PipelineFile, result: TransformResult) -> None:
    """Per output that feeds metrics: the exact sum over the rows that computed it."""
    frame = result.frame()
    for transform in pipeline.transformer.transforms:
        out = transform.output
        if not out.metrics or out.type != "number":
            continue
        values = [n for n in (_as_number(v) for v in frame[out.key] if not pd.isna(v)) if n is not None]
        total = sum(values, Decimal(0))
        console.print(
            Text.assemble(
                ("Total ", "bold"),
                (out.key, "bold green"),
                f" → {', '.join(out.metrics)}: ",
                (f"{total:f}", "bold"),
                (f"  ({len(values)} of {len(frame)} rows)", "dim"),
            )
        )


def render_errors(pipeline: PipelineFile, result: TransformResult) -> int:
    """Print one line per failed row or cell to stderr; return how many failed."""
    formulas = {t.output.key: t.formula for t in pipeline.transformer.transforms}
    err = error_console()
    for row, message in sorted(result.row_errors.items()):
        err.print(f"Row {row + 1}: {message}", markup=False, style="red")
    for cell in result.cell_errors:
        formula = formulas[cell.column]
        prefix = (
            f"Row '{cell.row + 1}' column '{cell.column}' encountered error evaluating formula `{formula}` - "
        )
        err.print(
            f"Row {cell.row + 1} column {cell.column}: {cell.message.removeprefix(prefix)}",
            markup=False,
            style="red",
        )
    failures = len(result.row_errors) + len(result.cell_errors)
    if failures:
        rows, cells = _count(len(result.row_errors), "row"), _count(len(result.cell_errors), "cell")
        err.print(f"{rows} failed, {cells} failed", style="bold red", markup=False)
    return failures


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
