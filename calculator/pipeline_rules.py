"""The shape rules of a pipeline transformer by pipeline type (SIF §8.3), with SIF's exact messages.

Here: rules that need nothing but the pipeline type and the transformer in SIF's JSON shape (§8.2) —
transform indexes, one output per transform, output keys, `includeAsUnique`, `aggregate`, where `metrics`
may appear, the output keys each type requires, parameters, formula syntax — and the update rule that an
output cannot lose `includeAsUnique`. Both the pipeline file loader and the platform's catalog build on
these, so a rule lives here once.

Not here: anything that needs a catalog (whether the named metrics exist, names unique per group,
connectors: `sif_resources.domain.pipelines`), request-body models, running a transformer.

Every broken rule is a `RuleBreak`: where (a location tuple in the pipeline body), SIF's message (what the
API returns; SIF stops at its first broken rule, so breaks come in SIF's checking order and the first one
is SIF's answer) and a precise `detail` for people reading a pipeline file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from calculator.errors import FormulaSyntaxError
from calculator.syntax import parse

PipelineType = Literal["activities", "data", "impacts", "referenceDatasets"]
PIPELINE_TYPES: tuple[PipelineType, ...] = get_args(PipelineType)
Loc = tuple[str | int, ...]

#: At most this many outputs (other than the first) may be part of an activity's identity (`key1..key5`).
MAX_UNIQUE_OUTPUTS = 5
#: Output keys a referenceDatasets pipeline must produce.
REFERENCE_DATASET_OUTPUTS = ("name", "description")

_TRANSFORMS: Loc = ("transformer", "transforms")
_PARAMETERS: Loc = ("transformer", "parameters")
_NUMERIC_AGGREGATES = frozenset({"sum", "mean", "max", "min"})


@dataclass(frozen=True)
class RuleBreak:
    """One broken rule: `loc` in the pipeline body, SIF's `message`, and a precise `detail`."""

    loc: Loc
    message: str
    detail: str


def transformer_rule_breaks(
    pipeline_type: PipelineType, transformer: Mapping[str, Any], *, check_formulas: bool = True
) -> list[RuleBreak]:
    """Every shape rule the transformer breaks for a pipeline of `pipeline_type`, in SIF's order.

    `transformer` is SIF's JSON shape (`parameters`, `transforms[].outputs[]`) whose fields already have
    the right types. `check_formulas` also parses every formula; SIF itself only finds syntax errors in
    dry runs and executions, so this is the one rule stricter than SIF.
    """
    transforms = _transforms(transformer)
    parameters = list(transformer.get("parameters") or [])
    breaks: list[RuleBreak] = []
    if pipeline_type == "referenceDatasets":
        breaks += _unsupported_metrics_and_aggregates(transforms)
        breaks += _output_counts(transforms)
        breaks += _reference_dataset_outputs(transforms)
        if parameters:
            breaks.append(
                RuleBreak(
                    _PARAMETERS,
                    "Reference Dataset pipeline transformer formula does not require parameters from "
                    "uploaded file, but specified as string in the formula",
                    "a referenceDatasets pipeline takes no parameters",
                )
            )
    else:
        breaks += _common(transforms, parameters)
        if pipeline_type == "activities":
            breaks += _aggregates(transforms)
            breaks += _assign_to_group(transforms)
            breaks += _first_output(transforms)
            breaks += _metric_outputs(transforms)
        else:
            breaks += _unsupported_metrics_and_aggregates(transforms)
            if pipeline_type == "impacts":
                breaks += _impact_outputs(transforms)
    if check_formulas:
        breaks += formula_syntax_breaks(transformer)
    return breaks


def formula_syntax_breaks(transformer: Mapping[str, Any]) -> list[RuleBreak]:
    """A break for every transform whose formula does not parse, naming the transform's index."""
    breaks = []
    for i, transform in enumerate(_transforms(transformer)):
        formula = transform.get("formula")
        if not isinstance(formula, str) or not formula:
            continue
        try:
            parse(formula)
        except FormulaSyntaxError as error:
            message = f"Transform {transform.get('index', i)} has an invalid formula: {error.message}"
            breaks.append(RuleBreak((*_TRANSFORMS, i, "formula"), message, str(error)))
    return breaks


def include_as_unique_change_breaks(
    existing: Mapping[str, Any], updated: Mapping[str, Any]
) -> list[RuleBreak]:
    """On update: an output (other than the first transform's) that had `includeAsUnique` must keep it.

    Outputs are matched as SIF matches them: the updated transform at the existing transform's `index`,
    the output at the existing output's `index`. A missing transform or output counts as losing the flag.
    """
    updated_transforms = _transforms(updated)
    breaks = []
    for transform in sorted(_transforms(existing), key=_index)[1:]:
        position = _index(transform)
        for output in transform.get("outputs") or []:
            if not output.get("includeAsUnique"):
                continue
            counterpart = _output_at(updated_transforms, position, output.get("index", 0))
            if counterpart is None or not counterpart.get("includeAsUnique"):
                breaks.append(
                    RuleBreak(
                        (*_TRANSFORMS, position, "outputs", output.get("index", 0), "includeAsUnique"),
                        "includeAsUnique cannot be changed or updated for the outputs. If it needs to be "
                        "changed a new pipeline must be created",
                        f"output {output.get('key')!r} was includeAsUnique and must stay so",
                    )
                )
    return breaks


def metric_references(transformer: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(metric name, output key) for every metric named by an output, in transform then metric order."""
    return [
        (name, output.get("key", ""))
        for transform in _transforms(transformer)
        for output in transform.get("outputs") or []
        for name in output.get("metrics") or []
    ]


def _common(transforms: Sequence[Mapping[str, Any]], parameters: Sequence[Any]) -> list[RuleBreak]:
    """Rules shared by activities, data and impacts pipelines (SIF's `validateCommonRules`)."""
    breaks = []
    if not parameters:
        # SIF means to enforce this but its check never fires (§18.30); the Calculator then rejects every
        # run with `No parameters provided.`, so rejecting the definition up front loses nothing.
        breaks.append(
            RuleBreak(_PARAMETERS, "Transformer must have parameters defined.", "at least one is required")
        )
    breaks += _index_sequence(transforms)
    breaks += _output_keys(transforms)
    breaks += _output_counts(transforms)
    return breaks


def _index_sequence(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    indexes = [_index(t) for t in transforms]
    if sorted(indexes) == list(range(len(indexes))) and indexes:
        return []
    detail = f"transform indexes must be 0..{len(indexes) - 1} with no gaps or repeats, got {indexes}"
    if not indexes or min(indexes) != 0:
        return [
            RuleBreak(
                _TRANSFORMS, "The position of the transforms (their `index`) must begin from 0.", detail
            )
        ]
    message = "The order of the transforms (their 'index') must not be skipping or missing a position."
    return [RuleBreak(_TRANSFORMS, message, detail)]


def _output_keys(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """At most 5 unique outputs, output keys unique, and at least one output left out of the identity."""
    breaks = []
    unique = sum(
        1 for t, _, output in _outputs(transforms) if output.get("includeAsUnique") and _index(t) != 0
    )
    if unique > MAX_UNIQUE_OUTPUTS:
        message = (
            "Only up to 5 outputs (other than timestamp) can be defined as keys. "
            f"{unique} are defined as keys."
        )
        breaks.append(
            RuleBreak(_TRANSFORMS, message, f"at most 5 outputs may have includeAsUnique, got {unique}")
        )
    first_at: dict[Any, Loc] = {}
    for i, (_, k, output) in enumerate(_positioned_outputs(transforms)):
        key = output.get("key")
        loc: Loc = (*_TRANSFORMS, i, "outputs", k, "key")
        if key in first_at:
            also = _path(first_at[key])
            breaks.append(
                RuleBreak(
                    loc, "Transform output key needs to be unique.", f"duplicate {key!r}, also at {also}"
                )
            )
        first_at.setdefault(key, loc)
    if len(transforms) - 1 == unique:
        breaks.append(
            RuleBreak(
                _TRANSFORMS,
                "All transform outputs cannot be marked as unique. At-least one transform output needs to "
                "stay unmarked.",
                "at least one output after the first transform's must not be includeAsUnique",
            )
        )
    return breaks


def _output_counts(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    breaks = []
    for i, transform in enumerate(transforms):
        count = len(transform.get("outputs") or [])
        if count == 1:
            continue
        message = (
            "Transform must have an output defined."
            if count == 0
            else "Only 1 output per transform is supported."
        )
        breaks.append(
            RuleBreak((*_TRANSFORMS, i, "outputs"), message, f"exactly one output is required, got {count}")
        )
    return breaks


def _aggregates(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """If any output aggregates: one timestamp groupBy, numeric functions on numbers only, at least one."""
    aggregated = [(i, k, o) for i, k, o in _positioned_outputs(transforms) if o.get("aggregate")]
    if not aggregated:
        return []
    breaks = []
    dates = [o for _, _, o in aggregated if o["aggregate"] == "groupBy" and o.get("type") == "timestamp"]
    if len(dates) != 1:
        breaks.append(
            RuleBreak(
                _TRANSFORMS,
                "Only 1 timestamp field can be aggregated, the field will be used as date field for the "
                "aggregated output.",
                f"exactly one timestamp output must have aggregate groupBy, got {len(dates)}",
            )
        )
    for i, k, output in aggregated:
        if output["aggregate"] not in ("groupBy", "count") and output.get("type") != "number":
            breaks.append(
                RuleBreak(
                    (*_TRANSFORMS, i, "outputs", k, "aggregate"),
                    "Only fields with number type can be aggregated using aggregation functions other than "
                    "groupBy.",
                    f"aggregate {output['aggregate']!r} needs a number output, not {output.get('type')!r}",
                )
            )
    if not any(o["aggregate"] in _NUMERIC_AGGREGATES and o.get("type") == "number" for _, _, o in aggregated):
        breaks.append(
            RuleBreak(
                _TRANSFORMS,
                "There should be at least 1 number field that is being aggregated using aggregation "
                "functions.",
                "at least one number output needs aggregate sum, mean, max or min",
            )
        )
    return breaks


def _assign_to_group(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    users = [i for i, t in enumerate(transforms) if "assign_to_group" in str(t.get("formula", "")).lower()]
    return [
        RuleBreak(
            (*_TRANSFORMS, i, "formula"),
            "Only 1 transform can use the ASSIGN_TO_GROUP() function.",
            f"ASSIGN_TO_GROUP is also used by transformer.transforms[{users[0]}]",
        )
        for i in users[1:]
    ]


def _first_output(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """The first output of the first transform is the activity's timestamp and feeds no metric."""
    if not transforms:
        return []
    i = min(range(len(transforms)), key=lambda j: _index(transforms[j]))
    outputs = transforms[i].get("outputs") or []
    if not outputs:
        return []
    first = outputs[0]
    loc: Loc = (*_TRANSFORMS, i, "outputs", 0)
    breaks = []
    if first.get("type") != "timestamp":
        breaks.append(
            RuleBreak(
                (*loc, "type"),
                "The 1st output of the 1st transform must be the timestamp of the incoming event.",
                "the first output of an activities pipeline must be a timestamp",
            )
        )
    if first.get("metrics"):
        breaks.append(
            RuleBreak(
                (*loc, "metrics"),
                "The timestamp of the event cannot be marked as a Metric.",
                "metrics are only allowed on value outputs of activities pipelines",
            )
        )
    return breaks


def _metric_outputs(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """Metrics sum their inputs, so only number outputs may feed them (SIF itself does not check this).

    The first transform's output is left to `_first_output`, which forbids metrics there outright.
    """
    first = min((_index(t) for t in transforms), default=0)
    return [
        RuleBreak(
            (*_TRANSFORMS, i, "outputs", k, "metrics"),
            f"Output '{output.get('key')}' has type '{output.get('type')}' but only number outputs can feed "
            "metrics.",
            "metrics need a number output",
        )
        for i, k, output in _positioned_outputs(transforms)
        if output.get("metrics") and output.get("type") != "number" and _index(transforms[i]) != first
    ]


def _unsupported_metrics_and_aggregates(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """Only activities pipelines feed metrics or aggregate (SIF's message names data and impacts only)."""
    return [
        RuleBreak(
            (*_TRANSFORMS, i, "outputs", k, field),
            "Metrics and Aggregations are not supported for pipeline types: data and impacts",
            f"{field} is only allowed in activities pipelines",
        )
        for i, k, output in _positioned_outputs(transforms)
        for field in ("metrics", "aggregate")
        if output.get(field)
    ]


def _reference_dataset_outputs(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    keys = {o.get("key") for _, _, o in _outputs(transforms)}
    missing = [key for key in REFERENCE_DATASET_OUTPUTS if key not in keys]
    if not missing:
        return []
    return [
        RuleBreak(
            _TRANSFORMS,
            "Missing mandatory output columns. For data pipeline type the following columns are mandatory "
            "'name', 'description'",
            f"a referenceDatasets pipeline needs outputs {', '.join(map(repr, missing))}",
        )
    ]


def _impact_outputs(transforms: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """`activity:name`, at least one `impact:<i>:name`, and per impact components with key, type and value."""
    keys = [str(o.get("key", "")) for _, _, o in _outputs(transforms)]
    if "activity:name" not in keys:
        return [
            RuleBreak(
                _TRANSFORMS,
                "Missing mandatory output columns. Missing column 'activity:name' used to specify the "
                "activity name.",
                "an impacts pipeline needs the output 'activity:name'",
            )
        ]
    impacts = _impact_columns(keys)
    if not impacts:
        return [
            RuleBreak(
                _TRANSFORMS,
                "Missing mandatory output columns. There are no impact columns specified. You have to "
                "specify at least the column 'impacts:<impact name>:name'.",
                "an impacts pipeline needs at least one output 'impact:<impact>:name'",
            )
        ]
    component_keys = (
        "'impact:<impact name>:component:<component name>:key', "
        "'impact:<impact name>:component:<component name>:type', "
        "'impact:<impact name>:component:<component name>:value'"
    )
    for impact, (named, components) in impacts.items():
        if not named:
            return [
                RuleBreak(
                    _TRANSFORMS,
                    f"Missing output columns. The impact {impact} missing the required column "
                    "'impacts:<impact name>:name'.",
                    f"impact {impact!r} needs the output 'impact:{impact}:name'",
                )
            ]
        if not components:
            return [
                RuleBreak(
                    _TRANSFORMS,
                    "Missing mandatory output column for components. You have to specify at least one "
                    f"component per impacts. The output keys should be {component_keys}",
                    f"impact {impact!r} needs at least one component",
                )
            ]
        for component, parts in components.items():
            if not {"key", "type", "value"} <= parts:
                return [
                    RuleBreak(
                        _TRANSFORMS,
                        f"Missing mandatory output column for component '{component}' under impact "
                        f"'{impact}' . The output keys should be {component_keys}",
                        f"component {component!r} of impact {impact!r} needs key, type and value outputs",
                    )
                ]
    return []


def _impact_columns(keys: Sequence[str]) -> dict[str, tuple[bool, dict[str, set[str]]]]:
    """impact key -> (has a name output, component key -> the component fields present), in key order."""
    impacts: dict[str, tuple[bool, dict[str, set[str]]]] = {}
    for key in keys:
        parts = key.split(":")
        if parts[0] != "impact" or len(parts) < 3 or parts[2] not in ("name", "attribute", "component"):
            continue
        named, components = impacts.get(parts[1], (False, {}))
        if parts[2] == "name":
            named = True
        elif parts[2] == "component" and len(parts) > 3:
            components.setdefault(parts[3], set()).update(parts[4:5])
        impacts[parts[1]] = (named, components)
    return impacts


def _transforms(transformer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(transformer.get("transforms") or [])


def _index(transform: Mapping[str, Any]) -> int:
    index = transform.get("index")
    return index if isinstance(index, int) else -1


def _outputs(
    transforms: Sequence[Mapping[str, Any]],
) -> Iterator[tuple[Mapping[str, Any], int, Mapping[str, Any]]]:
    for transform in transforms:
        for k, output in enumerate(transform.get("outputs") or []):
            yield transform, k, output


def _positioned_outputs(
    transforms: Sequence[Mapping[str, Any]],
) -> Iterator[tuple[int, int, Mapping[str, Any]]]:
    """(transform position, output position, output) for every output."""
    for i, transform in enumerate(transforms):
        for k, output in enumerate(transform.get("outputs") or []):
            yield i, k, output


def _output_at(
    transforms: Sequence[Mapping[str, Any]], position: int, index: int
) -> Mapping[str, Any] | None:
    if not 0 <= position < len(transforms):
        return None
    outputs = transforms[position].get("outputs") or []
    return outputs[index] if isinstance(index, int) and 0 <= index < len(outputs) else None


def _path(loc: Loc) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in loc).lstrip(".")
