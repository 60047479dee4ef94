"""Pipeline files: one YAML file holding a pipeline and everything it needs to run without a catalog.

A pipeline file serves demos, tests and `sif pipeline run`. It holds a pipeline (name, group, type and the
SIF transformer JSON shape of spec §8.2), the resources its formulas reference (impact activities,
reference datasets, calculations; inline or as CSV files next to it) and the path of its input CSV.
`load_pipeline_file` validates the whole file with Pydantic models and reads every referenced CSV, so a bad
file fails once, up front, with a `PipelineFileError` whose problems each name a file (and line where
known), a place (a field path such as `transformer.transforms[1].outputs`, or a CSV row or column) and
the reason.

CSV files may open with `# key: value` lines (`# source: ...`, `# licence: ...`); they are kept as notes.
An activities CSV has the columns `activity`, `impact` and one column per component key.

This package's public names are re-exported here; import them from `calculator.pipeline_file`. Its modules:
`problems` (Problem, PipelineFileError, field paths), `specs` (the Pydantic models), `document` (YAML with
line numbers), `rules` (rules across fields), `tables` (CSV files and their notes), `resources` (filling the
resolver) and `loader` (PipelineFile, load_pipeline_file).

Not here: catalogs, versions over time, connectors, storing results. The platform loads the same
transformer shape from its catalog and hands it to `calculator.transformer` directly.
"""

from calculator.pipeline_file.loader import PipelineFile, load_pipeline_file
from calculator.pipeline_file.problems import Loc, PipelineFileError, Problem
from calculator.pipeline_file.resources import Impacts, activities_from
from calculator.pipeline_file.specs import (
    ActivitySpec,
    CalculationParameterSpec,
    CalculationSpec,
    DatasetSpec,
    OutputSpec,
    ParameterSpec,
    PipelineFileSpec,
    ResourcesSpec,
    Text,
    TransformerSpec,
    TransformSpec,
    ValueType,
)
from calculator.pipeline_file.tables import CsvTable, SourceNote, read_csv

__all__ = [
    "ActivitySpec",
    "CalculationParameterSpec",
    "CalculationSpec",
    "CsvTable",
    "DatasetSpec",
    "Impacts",
    "Loc",
    "OutputSpec",
    "ParameterSpec",
    "PipelineFile",
    "PipelineFileError",
    "PipelineFileSpec",
    "Problem",
    "ResourcesSpec",
    "SourceNote",
    "Text",
    "TransformSpec",
    "TransformerSpec",
    "ValueType",
    "activities_from",
    "load_pipeline_file",
    "read_csv",
]
