from datetime import UTC, datetime

import pytest

from sif_resources.domain.calculations import CalculationCreate, check_formula_syntax
from sif_resources.domain.catalog_errors import FormulaSyntaxInvalidError, InvalidRequestError, NameInUseError
from sif_resources.domain.impact_activities import ImpactActivityCreate
from sif_resources.domain.reference_datasets import (
    DatasetStatus,
    ReferenceDatasetCreate,
    check_csv_header,
    ragged_rows,
    read_csv_header,
)
from sif_resources.domain.resources import (
    ResourceType,
    State,
    ensure_name_available,
    find_name_conflict,
    new_resource,
)

CREATED = datetime(2023, 2, 21, 14, 0, tzinfo=UTC)

ACTIVITY_BODY = {
    "name": "activity_1",
    "activeAt": "2023-02-21T14:48:00.000Z",
    "description": "excludes carbon sequestration",
    "attributes": {"ref_unit": "therm", "gone": None},
    "tags": {"division": "purchasing", "type": "material/metal/steel", "empty": ""},
    "groups": ["/usa/northwest"],
    "hello": "world",
    "impacts": {
        "CO2e": {
            "name": "CO2e",
            "attributes": {"unit": "kg"},
            "components": {
                "CO2": {
                    "key": "CO2",
                    "value": 5.304733389,
                    "type": "pollutant",
                    "description": "",
                    "label": "",
                }
            },
        }
    },
}

CALCULATION_BODY = {
    "name": "custom_add",
    "summary": "Adds 2 numbers.",
    "formula": ":left+:right",
    "parameters": [
        {
            "index": 1,
            "key": "right",
            "label": "right",
            "description": "right side of operand",
            "type": "number",
        },
        {"index": 0, "key": "left", "label": "left", "description": "left side of operand", "type": "number"},
    ],
    "outputs": [{"name": "sum", "description": "The total.", "type": "number"}],
    "tags": {"datasource": "GHG Protocol"},
}


def create(model, body, group="/activitiesApiTests2"):
    return new_resource(
        model.parse_body(body), group_id=group, created_by="Admin@Example.com", created_at=CREATED
    )


def test_created_impact_activity_document_matches_sif():
    resource = create(ImpactActivityCreate, ACTIVITY_BODY)
    document = resource.to_document()
    assert document == {
        "id": resource.id,
        "name": "activity_1",
        "description": "excludes carbon sequestration",
        "impacts": {
            "co2e": {
                "name": "CO2e",
                "attributes": {"unit": "kg"},
                "components": {
                    "co2": {
                        "key": "CO2",
                        "value": 5.304733389,
                        "type": "pollutant",
                        "description": "",
                        "label": "",
                    }
                },
            }
        },
        "tags": {"division": "purchasing", "type": "material/metal/steel"},
        "attributes": {"ref_unit": "therm"},
        "version": 1,
        "state": "enabled",
        "groups": ["/activitiesapitests2"],
        "activeAt": "2023-02-21T14:48:00.000Z",
        "createdBy": "admin@example.com",
        "createdAt": "2023-02-21T14:00:00.000Z",
    }


def test_new_resource_id_is_a_ulid_of_its_creation_time():
    resource = create(ImpactActivityCreate, {"name": "a"})
    assert resource.id[:10] == create(ImpactActivityCreate, {"name": "b"}).id[:10]
    assert resource.resource_type is ResourceType.IMPACT_ACTIVITY
    assert resource.updated_at is None and resource.updated_by is None


def test_active_at_is_normalised_to_utc_milliseconds():
    resource = create(ImpactActivityCreate, {"name": "a", "activeAt": "2023-02-21T16:48:00.123456+02:00"})
    assert resource.to_document()["activeAt"] == "2023-02-21T14:48:00.123Z"


@pytest.mark.parametrize("value", ["2023-02-21", "2023-02-21T14:48:00", "yesterday", 20230221])
def test_active_at_that_is_not_a_date_time_is_a_400(value):
    with pytest.raises(InvalidRequestError) as raised:
        ImpactActivityCreate.parse_body({"name": "a", "activeAt": value})
    assert raised.value.message == 'body/activeAt must match format "date-time"'


def test_missing_required_fields_are_reported_on_their_parent_path():
    body = {"impacts": {"x": {"components": {"c": {"key": "c", "value": "1", "type": "pollutant"}}}}}
    with pytest.raises(InvalidRequestError) as raised:
        ImpactActivityCreate.parse_body(body)
    assert [error.render() for error in raised.value.errors] == [
        "body must have required property 'name'",
        "body/impacts/x must have required property 'name'",
        "body/impacts/x/components/c/value must be number",
    ]


@pytest.mark.parametrize("value", [True, "5", None])
def test_component_value_must_be_a_number(value):
    body = {
        "name": "a",
        "impacts": {"i": {"name": "i", "components": {"c": {"key": "c", "value": value, "type": "t"}}}},
    }
    with pytest.raises(InvalidRequestError, match="body/impacts/i/components/c/value must be number"):
        ImpactActivityCreate.parse_body(body)


def test_integer_component_values_stay_integers():
    body = {
        "name": "a",
        "impacts": {"i": {"name": "i", "components": {"c": {"key": "c", "value": 5, "type": "t"}}}},
    }
    component = create(ImpactActivityCreate, body).payload.impacts["i"].components["c"]
    assert component.value == 5 and isinstance(component.value, int)


def test_impact_keys_differing_only_in_case_are_rejected():
    body = {"name": "a", "impacts": {"CO2e": {"name": "x"}, "co2e": {"name": "y"}}}
    with pytest.raises(InvalidRequestError, match="body/impacts must not have keys differing only in case"):
        ImpactActivityCreate.parse_body(body)


def test_impact_activity_name_needs_one_character_of_the_intended_set():
    with pytest.raises(InvalidRequestError, match="body/name must contain one of the characters"):
        ImpactActivityCreate.parse_body({"name": "!!!"})
    assert ImpactActivityCreate.parse_body({"name": "usepa:mobile passenger (1973)"}).name


def test_calculation_parameters_are_ordered_by_index_and_document_matches_sif():
    resource = create(CalculationCreate, CALCULATION_BODY, group="/calculationsApiTests")
    document = resource.to_document()
    assert document["parameters"] == [
        {"index": 0, "key": "left", "label": "left", "description": "left side of operand", "type": "number"},
        {
            "index": 1,
            "key": "right",
            "label": "right",
            "description": "right side of operand",
            "type": "number",
        },
    ]
    assert document["outputs"] == [{"name": "sum", "description": "The total.", "type": "number"}]
    assert document["summary"] == "Adds 2 numbers."
    assert "attributes" not in document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"outputs": []}, "body/outputs must NOT have fewer than 1 items"),
        ({"outputs": CALCULATION_BODY["outputs"] * 2}, "body/outputs must NOT have more than 1 items"),
        (
            {"parameters": [{"index": 1, "key": "a", "description": "", "type": "number"}]},
            "body/parameters index values must start at 0 and be contiguous",
        ),
        (
            {
                "parameters": [
                    {"index": 0, "key": "a", "description": "", "type": "number"},
                    {"index": 1, "key": "a", "description": "", "type": "number"},
                ]
            },
            "body/parameters key values must be unique",
        ),
        (
            {"parameters": [{"index": 0, "key": "a", "description": "", "type": "date"}]},
            "body/parameters/0/type must be equal to one of the allowed values",
        ),
        ({"name": "1st"}, "body/name must start with a letter or '_' followed by letters, digits or '_'"),
        ({"outputs": None}, "body/outputs "),
    ],
)
def test_invalid_calculation_definitions_are_400s_naming_the_field(change, message):
    with pytest.raises(InvalidRequestError) as raised:
        CalculationCreate.parse_body({**CALCULATION_BODY, **change})
    assert raised.value.message.startswith(message)


def test_calculation_with_a_syntax_error_carries_syntax_errors():
    body = CalculationCreate.parse_body({**CALCULATION_BODY, "formula": ":left+"})
    with pytest.raises(FormulaSyntaxInvalidError) as raised:
        new_resource(body, group_id="/", created_by="a", created_at=CREATED)
    error = raised.value
    assert error.status == 400
    assert error.message.startswith("Line 1:6 mismatched input '<EOF>' expecting {")
    detail = error.to_body()["syntaxErrors"]
    assert (detail["line"], detail["charPositionInLine"]) == (1, 6)
    assert detail["msg"].startswith("mismatched input '<EOF>' expecting {")


def test_unknown_calculations_and_tokens_are_not_syntax_errors():
    check_formula_syntax(":left+:right+#invalidFormula(:undefined_parameter)")


def test_dry_run_options_are_accepted_but_not_stored():
    body = CalculationCreate.parse_body({**CALCULATION_BODY, "dryRunOptions": {"data": [{"left": "10"}]}})
    assert body.dry_run_options is not None
    assert (
        "dryRunOptions"
        not in new_resource(body, group_id="/", created_by="a", created_at=CREATED).to_document()
    )


DATASET_BODY = {"name": "ds", "datasetHeaders": ["Type", "Multiplier"], "data": "Type,Multiplier\nA,1\n"}


def test_inline_reference_dataset_starts_frozen_and_in_progress():
    resource = create(ReferenceDatasetCreate, DATASET_BODY)
    assert resource.state is State.FROZEN
    assert resource.to_document()["status"] == "inProgress"
    assert "data" not in resource.to_document()


def test_s3_reference_dataset_starts_pending_upload_without_data():
    resource = create(ReferenceDatasetCreate, {"name": "ds", "datasetHeaders": ["a"], "datasetSource": "s3"})
    assert resource.payload.status is DatasetStatus.PENDING_UPLOAD
    assert resource.state is State.FROZEN


def test_inline_reference_dataset_without_data_is_a_400():
    with pytest.raises(InvalidRequestError, match="body must have required property 'data'"):
        create(ReferenceDatasetCreate, {"name": "ds", "datasetHeaders": ["a"]})


def test_dataset_headers_must_be_distinct():
    with pytest.raises(InvalidRequestError, match="body/datasetHeaders must NOT have duplicate items"):
        ReferenceDatasetCreate.parse_body({**DATASET_BODY, "datasetHeaders": ["a", " a"]})


def test_csv_header_matches_in_any_order_after_trimming_and_a_bom():
    check_csv_header("\ufeff Multiplier , Type\nA,1", ["Type", "Multiplier"])
    assert read_csv_header('"Type, quoted",b\n') == ("Type, quoted", "b")


def test_csv_header_mismatch_is_sifs_400_naming_line_1():
    with pytest.raises(InvalidRequestError) as raised:
        check_csv_header("Type,Factor,Unit\nA,1,kg", ["Type", "Multiplier"])
    assert raised.value.message == (
        "datasetHeaders property does not match csv file header: "
        "line 1 has 3 columns but datasetHeaders has 2; line 1 column 2 'Factor' is not in datasetHeaders; "
        "line 1 column 3 'Unit' is not in datasetHeaders"
    )
    assert raised.value.errors[0].render() == "body/data line 1 has 3 columns but datasetHeaders has 2"


def test_empty_csv_has_no_header_row():
    with pytest.raises(InvalidRequestError, match=r"header: line 1 is empty: the file has no header row$"):
        check_csv_header("\n", ["a"])


def test_create_with_a_mismatched_header_is_rejected():
    with pytest.raises(InvalidRequestError, match=r"^datasetHeaders property does not match csv file header"):
        create(ReferenceDatasetCreate, {**DATASET_BODY, "datasetHeaders": ["Type", "Factor"]})


def test_ragged_rows_name_their_file_line():
    data = 'a,b\n1,2\n\n"multi\nline",2,3\n4\n'
    assert ragged_rows(data) == [
        "line 4 has 3 values but the header has 2",
        "line 6 has 1 values but the header has 2",
    ]


def test_names_conflict_case_insensitively_within_a_shared_group_of_the_same_type():
    existing = create(ImpactActivityCreate, {"name": "Activity_1"}, group="/a")
    same = ("activity_1", ResourceType.IMPACT_ACTIVITY)
    assert find_name_conflict(*same, ["/A"], [existing]) is existing
    assert find_name_conflict(*same, ["/b"], [existing]) is None
    assert find_name_conflict("activity_1", ResourceType.CALCULATION, ["/a"], [existing]) is None
    assert find_name_conflict(*same, ["/a"], [existing], exclude_id=existing.id) is None
    with pytest.raises(NameInUseError) as raised:
        ensure_name_available("ACTIVITY_1", ResourceType.IMPACT_ACTIVITY, ["/a"], [existing])
    assert (raised.value.status, raised.value.message) == (409, "Name 'ACTIVITY_1' already in use.")
