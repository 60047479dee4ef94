"""The calculator's references resolved from a real catalog store (every backend of the contract suite):
IMPACT, LOOKUP and `#calculation` by name in the exact group, `version=` / `versionAsAt=`, errors with SIF's
messages, one consistent version per execution, and tenant-to-tenant reads only where sharing allows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from calculator import EvaluationContext, Kind, evaluate, evaluate_batch
from sif_resources.catalog.records import version_record
from sif_resources.catalog.resolver import CatalogResolver
from sif_resources.catalog.store import CatalogStore, GroupRecord, TenantRecord
from sif_resources.domain.calculations import CalculationCreate
from sif_resources.domain.impact_activities import ImpactActivityCreate, ImpactActivityUpdate
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate
from sif_resources.domain.resources import CatalogCreateBody, CatalogResource, new_resource
from sif_resources.domain.tenant_sharing import TenantSharing
from sif_resources.domain.versions import apply_update

TENANT = "acme"
WHEN = datetime(2024, 1, 1, tzinfo=UTC)


def _setup(store: CatalogStore, tenant: str = TENANT) -> None:
    store.create_tenant(TenantRecord(tenant, tenant, WHEN))
    for group in ("/", "/eu", "/eu/plant1"):
        store.put_group(
            GroupRecord(tenant, group, group.rsplit("/", 1)[-1] or "/", "tester", WHEN), create=True
        )


def _create(
    store: CatalogStore, body: CatalogCreateBody, group: str, tenant: str = TENANT
) -> CatalogResource[Any]:
    resource = new_resource(body, group_id=group, created_by="tester", created_at=WHEN)
    store.add_version(version_record(tenant, resource), expected_latest=None)
    return resource


def _gas_factors(store: CatalogStore, co2: float = 53.06, group: str = "/") -> CatalogResource[Any]:
    body = ImpactActivityCreate.parse_body(
        {
            "name": "epa:natural_gas",
            "impacts": {
                "per mmbtu": {
                    "name": "kg per mmBtu",
                    "components": {
                        "co2": {"key": "co2", "value": co2, "type": "pollutant"},
                        "ch4": {"key": "ch4", "value": 0.001, "type": "pollutant"},
                    },
                }
            },
        }
    )
    return _create(store, body, group)


def _dataset(store: CatalogStore, rows: list[list[str]], group: str = "/eu") -> CatalogResource[Any]:
    text = io.StringIO()
    csv.writer(text).writerows([["zip", "subregion"], *rows])
    body = ReferenceDatasetCreate.parse_body(
        {"name": "zips", "datasetHeaders": ["zip", "subregion"], "data": text.getvalue()}
    )
    resource = _create(store, body, group)
    store.put_dataset_rows(TENANT, resource.id, resource.version, ["zip", "subregion"], rows)
    return resource


def _context(store: CatalogStore, group: str = "/eu", **kwargs: Any) -> EvaluationContext:
    return EvaluationContext(group=group, resolver=CatalogResolver(store, TENANT, **kwargs))


def test_impact_reads_the_component_of_the_activity_in_the_named_group(store: CatalogStore) -> None:
    _setup(store)
    _gas_factors(store)

    outcome = evaluate("IMPACT('epa:natural_gas','kg per mmBtu','co2',group='/')*10", context=_context(store))

    assert outcome.error is None
    assert outcome.value == Decimal("530.60")
    assert outcome.audit is not None
    assert outcome.audit.activities == [
        {
            "activity": "epa:natural_gas",
            "impact": "kg per mmBtu",
            "component": "co2",
            "group": "/",
            "version": "1",
        }
    ]


def test_names_resolve_in_the_exact_group_only(store: CatalogStore) -> None:
    _setup(store)
    _gas_factors(store, group="/")

    outcome = evaluate("IMPACT('epa:natural_gas','kg per mmBtu','co2')", context=_context(store, group="/eu"))

    assert outcome.error is not None
    assert outcome.error.message == "Activity with name 'epa:natural_gas' not found."


def test_unknown_impact_and_component_give_sifs_messages(store: CatalogStore) -> None:
    _setup(store)
    _gas_factors(store)
    context = _context(store)

    impact = evaluate("IMPACT('epa:natural_gas','kg per therm','co2',group='/')", context=context)
    component = evaluate("IMPACT('epa:natural_gas','kg per mmBtu','sf6',group='/')", context=context)

    assert (
        impact.error is not None
        and impact.error.message == "Referenced activity impact 'kg per therm' not found."
    )
    assert component.error is not None
    assert component.error.message == "Referenced activity impact component 'sf6' not found."


def test_version_and_version_as_at_pick_the_edition(store: CatalogStore) -> None:
    _setup(store)
    first = _gas_factors(store, co2=50.0)
    update = ImpactActivityUpdate.parse_body(
        {
            "impacts": {"per mmbtu": {"components": {"co2": {"value": 53.06}}}},
            "activeAt": "2024-06-01T00:00:00Z",
        }
    )
    second = apply_update(first, update, updated_by="tester", updated_at=datetime(2024, 6, 1, tzinfo=UTC))
    store.add_version(version_record(TENANT, second), expected_latest=1)
    base = "IMPACT('epa:natural_gas','kg per mmBtu','co2',group='/'"

    latest = evaluate(base + ")", context=_context(store))
    old = evaluate(base + ",version=1)", context=_context(store))
    as_at = evaluate(base + ",versionAsAt='2024-03-01')", context=_context(store))

    assert (latest.value, old.value, as_at.value) == (Decimal("53.06"), Decimal("50.0"), Decimal("50.0"))


def test_lookup_resolves_a_batch_of_keys_from_the_stored_rows(store: CatalogStore) -> None:
    _setup(store)
    _dataset(store, [["94105", "CAMX"], ["10001", "NYCW"], ["94105", "second row loses"]])

    result = evaluate_batch(
        "LOOKUP(:zip,'zips','zip','subregion')",
        {"zip": ["94105", "10001", "99999", "94105"]},
        context=_context(store),
    )

    assert list(result.errors) == [None] * 4
    assert list(result.kinds) == [Kind.STRING, Kind.STRING, Kind.NULL, Kind.STRING]
    assert list(result.values) == ["CAMX", "NYCW", None, "CAMX"]


def test_lookup_of_an_unknown_column_names_the_dataset_and_version(store: CatalogStore) -> None:
    _setup(store)
    dataset = _dataset(store, [["94105", "CAMX"]])

    outcome = evaluate("LOOKUP('94105','zips','zip','region')", context=_context(store))

    assert outcome.error is not None
    assert (
        outcome.error.message
        == f"Requested column 'region' or 'zip' not found in dataset '{dataset.id}' (version 1)"
    )


def test_calculations_are_read_from_the_store(store: CatalogStore) -> None:
    _setup(store)
    _gas_factors(store)
    body = CalculationCreate.parse_body(
        {
            "name": "gas_co2",
            "summary": "kg CO2 from therms",
            "formula": ":therms*0.1*IMPACT('epa:natural_gas','kg per mmBtu','co2',group='/')",
            "parameters": [{"index": 0, "key": "therms", "type": "number", "description": "therms"}],
            "outputs": [{"name": "co2", "type": "number", "description": "kg"}],
        }
    )
    _create(store, body, "/eu")

    result = evaluate_batch("#gas_co2(:t)", {"t": [Decimal(100), Decimal("2.5")]}, context=_context(store))

    assert list(result.errors) == [None, None]
    assert list(result.values) == [Decimal("530.6"), Decimal("13.265")]


def test_one_execution_keeps_the_version_it_resolved_first(store: CatalogStore) -> None:
    _setup(store)
    first = _gas_factors(store, co2=50.0)
    context = _context(store)
    formula = "IMPACT('epa:natural_gas','kg per mmBtu','co2',group='/')"
    before = evaluate(formula, context=context)
    update = ImpactActivityUpdate.parse_body(
        {"impacts": {"per mmbtu": {"components": {"co2": {"value": 53.06}}}}}
    )
    second = apply_update(first, update, updated_by="t", updated_at=WHEN)
    store.add_version(version_record(TENANT, second), expected_latest=1)

    same_execution = evaluate(formula, context=context)
    next_execution = evaluate(formula, context=_context(store))

    assert (before.value, same_execution.value, next_execution.value) == (
        Decimal("50.0"),
        Decimal("50.0"),
        Decimal("53.06"),
    )


def test_other_tenants_are_read_only_where_both_sides_share(store: CatalogStore) -> None:
    _setup(store)
    _setup(store, tenant="platform")
    body = ImpactActivityCreate.parse_body(
        {
            "name": "ipcc:gwp",
            "impacts": {
                "ar5": {"name": "AR5", "components": {"ch4": {"key": "ch4", "value": 28, "type": "gwp"}}}
            },
        }
    )
    _create(store, body, "/", tenant="platform")
    formula = "IMPACT('ipcc:gwp','AR5','ch4',group='/',tenant='platform')"
    sharing = TenantSharing.from_settings(outgoing_tenant_paths="platform:/")
    platform = TenantSharing.from_settings(externally_shared_group_ids="/")

    shared = evaluate(
        formula, context=_context(store, sharing=sharing, remote_sharing={"platform": platform})
    )
    not_shared = evaluate(formula, context=_context(store))

    assert shared.error is None and shared.value == Decimal(28)
    assert not_shared.error is not None


def test_group_ids_are_matched_case_insensitively(store: CatalogStore) -> None:
    # Group ids are lower-cased paths and SIF lower-cases the group context it is sent, so an execution in
    # `/EU` (or a `group='/EU'` option) reads the resources of `/eu`; the audit keeps the text it was given.
    _setup(store)
    _dataset(store, [["94105", "CAMX"]], group="/eu")

    in_context = evaluate("LOOKUP('94105','zips','zip','subregion')", context=_context(store, group="/EU"))
    by_option = evaluate("LOOKUP('94105','zips','zip','subregion',group='/Eu')", context=_context(store))

    assert (in_context.value, by_option.value) == ("CAMX", "CAMX")
    assert by_option.audit is not None
    assert by_option.audit.referenceDatasets[0]["group"] == "/Eu"
