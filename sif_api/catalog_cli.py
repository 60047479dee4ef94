"""The catalog commands of `sif`: database, tenants, groups, users, import/export, factors and datasets.

Here: the Typer sub-apps `db`, `tenant`, `group`, `user`, `catalog`, `factors` and `dataset`, registered on
the main app by `register`. Each command opens the catalog the environment names (`SIF_HOME`,
`SIF_DATABASE_URL`, `SIF_CATALOG_BACKEND`; see `sif_resources.settings`) — the embedded SQLite store
initialises itself, the factor library included, on first use — calls one use case of
`sif_resources.catalog` and prints the result with Rich. Not here: the rules (the catalog service).

Errors are one line on stderr, `error: <command>: <what>: <why>`, never a traceback. Exit codes: 0 success,
1 the catalog refused the request (unknown tenant or group, name in use, invalid body, bad CSV line),
2 the catalog store could not be opened or used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from botocore.exceptions import BotoCoreError, ClientError
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from sif_api.rendering import error_console, out_console
from sif_resources.catalog.datasets import load_dataset
from sif_resources.catalog.platform import COMPONENT_UNITS, ensure_factor_library, open_catalog
from sif_resources.catalog.service import PLATFORM_TENANT, Catalog
from sif_resources.catalog.store import StoreError
from sif_resources.catalog.transfer import TransferReport, export_catalog, import_catalog
from sif_resources.domain.catalog_errors import CatalogError
from sif_resources.domain.groups import ROOT_GROUP_ID
from sif_resources.domain.resources import CatalogResource, ResourceType
from sif_resources.domain.timestamps import format_timestamp
from sif_resources.settings import Settings

#: Listing the whole library (or a tenant's groups) fits one page of this size.
ALL = 100_000

db_app = typer.Typer(help="The catalog database.", no_args_is_help=True)
tenant_app = typer.Typer(help="Tenants: each has its own groups, users and catalog.", no_args_is_help=True)
group_app = typer.Typer(help="Groups of a tenant: a lower-case path hierarchy under /.", no_args_is_help=True)
user_app = typer.Typer(help="Users of a tenant and their roles per group.", no_args_is_help=True)
catalog_app = typer.Typer(help="Import and export a tenant's catalog (YAML/JSON).", no_args_is_help=True)
factors_app = typer.Typer(
    help="The shipped emission-factor library (tenant 'platform').", no_args_is_help=True
)
dataset_app = typer.Typer(help="Reference datasets.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the catalog commands to the `sif` app."""
    for sub_app, name in (
        (db_app, "db"),
        (tenant_app, "tenant"),
        (group_app, "group"),
        (user_app, "user"),
        (catalog_app, "catalog"),
        (factors_app, "factors"),
        (dataset_app, "dataset"),
    ):
        app.add_typer(sub_app, name=name)


@contextmanager
def catalog_for(command: str) -> Iterator[Catalog]:
    """The configured catalog; any error ends the command with one `error:` line and a non-zero exit."""
    try:
        yield open_catalog()
    except CatalogError as error:
        _fail(command, error.message, 1)
    except (StoreError, SQLAlchemyError, BotoCoreError, ClientError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        _fail(command, f"the catalog store cannot be used: {reason}", 2)


def _fail(command: str, message: str, code: int) -> None:
    error_console().print(f"error: {command}: {message}", markup=False)
    raise typer.Exit(code)


# --- db ---------------------------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the catalog database to the latest schema and load the factor library if needed."""
    settings = Settings.from_environment()
    with catalog_for("db upgrade") as catalog:
        loaded = ensure_factor_library(catalog)
    where = "DynamoDB" if settings.catalog_backend == "dynamodb" else settings.database_url
    out_console().print(f"[green]ok[/] catalog {escape(where)} is up to date", highlight=False)
    if loaded:
        out_console().print(f"loaded {loaded} factor library versions into tenant '{PLATFORM_TENANT}'")


# --- tenants ----------------------------------------------------------------------------------------------
@tenant_app.command("create")
def tenant_create(
    tenant_id: Annotated[str, typer.Argument(metavar="ID", help="Lower-case letters, digits, - and _.")],
    name: Annotated[str | None, typer.Option(help="Display name (default: the id).")] = None,
) -> None:
    """Create a tenant and its root group /."""
    with catalog_for("tenant create") as catalog:
        tenant = catalog.create_tenant(tenant_id, name)
    out_console().print(f"created tenant [bold]{escape(tenant.id)}[/] with group /")


@tenant_app.command("list")
def tenant_list() -> None:
    """List the tenants."""
    with catalog_for("tenant list") as catalog:
        tenants = catalog.list_tenants()
    table = Table("id", "name", "created")
    for tenant in tenants:
        table.add_row(tenant.id, tenant.name, format_timestamp(tenant.created_at))
    out_console().print(table)


@tenant_app.command("share")
def tenant_share(
    tenant_id: Annotated[str, typer.Argument(metavar="ID", help="The tenant whose settings change.")],
    publish: Annotated[
        list[str] | None, typer.Option(help="A group other tenants may read (repeat; replaces the list).")
    ] = None,
    read: Annotated[
        list[str] | None, typer.Option(help="Another tenant's group this one may read, as TENANT:/GROUP.")
    ] = None,
    clear: Annotated[bool, typer.Option(help="Share nothing and read nothing from other tenants.")] = False,
) -> None:
    """Tenant-to-tenant read-only sharing (SIF §2.8): both sides must agree before `tenant=` reads work."""
    with catalog_for("tenant share") as catalog:
        if clear:
            sharing = catalog.set_sharing(tenant_id, publish=[], read=[])
        elif publish is not None or read is not None:
            sharing = catalog.set_sharing(tenant_id, publish=publish, read=read)
        else:
            sharing = catalog.sharing(tenant_id)
    published = ", ".join(sorted(sharing.externally_shared_group_ids)) or "nothing"
    readable = ", ".join(sorted(str(path) for path in sharing.outgoing_tenant_paths)) or "nothing"
    out_console().print(f"{escape(tenant_id)} publishes {escape(published)}; reads {escape(readable)}")


# --- groups -----------------------------------------------------------------------------------------------
@group_app.command("create")
def group_create(
    tenant: Annotated[str, typer.Argument(help="The tenant id.")],
    parent: Annotated[str, typer.Argument(help="The parent group, e.g. / or /usa.")],
    name: Annotated[str, typer.Argument(help="The new group's name: letters, digits and -.")],
    description: Annotated[str | None, typer.Option(help="What the group is for.")] = None,
) -> None:
    """Create group NAME under PARENT: `sif group create acme /usa West` makes /usa/west."""
    with catalog_for("group create") as catalog:
        group = catalog.create_group(tenant, parent, name, description=description)
    out_console().print(f"created group [bold]{escape(group.id)}[/] in tenant {escape(tenant)}")


@group_app.command("list")
def group_list(tenant: Annotated[str, typer.Argument(help="The tenant id.")]) -> None:
    """List a tenant's groups in creation order."""
    with catalog_for("group list") as catalog:
        groups = catalog.list_groups(tenant)
    table = Table("id", "name", "description", "created by")
    for group in groups:
        table.add_row(group.id, group.name, group.description or "", group.created_by)
    out_console().print(table)


# --- users ------------------------------------------------------------------------------------------------
Tenant = Annotated[str, typer.Argument(help="The tenant id.")]
Email = Annotated[str, typer.Argument(help="The user's e-mail address.")]
GroupArg = Annotated[str, typer.Argument(help="The group, e.g. /usa.")]
RoleArg = Annotated[str, typer.Argument(help="reader, contributor or admin.")]


@user_app.command("add")
def user_add(tenant: Tenant, email: Email, group: GroupArg, role: RoleArg) -> None:
    """Add a user with ROLE on GROUP (their default group)."""
    with catalog_for("user add") as catalog:
        user = catalog.add_user(tenant, email, group, role)
    out_console().print(f"added {escape(user.email)} as {role} of {escape(user.default_group)}")


@user_app.command("grant")
def user_grant(tenant: Tenant, email: Email, group: GroupArg, role: RoleArg) -> None:
    """Give a user ROLE on GROUP (and every group below it, unless a deeper grant says otherwise)."""
    with catalog_for("user grant") as catalog:
        user = catalog.grant_role(tenant, email, group, role)
    out_console().print(f"granted {role} on {escape(group.lower())} to {escape(user.email)}")


@user_app.command("revoke")
def user_revoke(tenant: Tenant, email: Email, group: GroupArg) -> None:
    """Remove a user's grant on GROUP."""
    with catalog_for("user revoke") as catalog:
        user = catalog.revoke_role(tenant, email, group)
    out_console().print(f"revoked the role on {escape(group.lower())} from {escape(user.email)}")


@user_app.command("list")
def user_list(
    tenant: Tenant,
    group: Annotated[str | None, typer.Option(help="Only users with a grant on this group.")] = None,
) -> None:
    """List a tenant's users and their grants."""
    with catalog_for("user list") as catalog:
        users = catalog.list_users(tenant, group)
    table = Table("email", "state", "default group", "grants")
    for user in users:
        grants = ", ".join(f"{group_id} {role}" for group_id, role in sorted(user.grants.items()))
        table.add_row(user.email, user.state, user.default_group, grants)
    out_console().print(table)


# --- import / export --------------------------------------------------------------------------------------
@catalog_app.command("import")
def catalog_import(
    tenant: Tenant,
    path: Annotated[Path, typer.Argument(metavar="FILE|DIR", help="A YAML/JSON file or a folder of them.")],
) -> None:
    """Create or update groups and resources from documents; unchanged ones are left as they are."""
    with catalog_for("catalog import") as catalog:
        report = import_catalog(catalog, tenant, path)
    _print_report(report)


@catalog_app.command("export")
def catalog_export(
    tenant: Tenant,
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Where to write the documents.")],
) -> None:
    """Write the latest version of everything the tenant owns (datasets as CSV files beside them)."""
    with catalog_for("catalog export") as catalog:
        report = export_catalog(catalog, tenant, directory)
    out_console().print(f"exported {len(report.created)} groups and resources to {escape(str(directory))}")


@catalog_app.command("share")
def catalog_share(
    tenant: Tenant,
    resource_type: Annotated[
        str,
        typer.Argument(metavar="TYPE", help="activity, referenceDataset, calculation, pipeline or metric."),
    ],
    resource_id: Annotated[str, typer.Argument(metavar="ID", help="The resource id.")],
    group: Annotated[str, typer.Argument(help="The group to share it with (its name then resolves there).")],
    revoke: Annotated[bool, typer.Option("--revoke", help="Take the share back instead.")] = False,
) -> None:
    """Share a resource with another group, or revoke a share (the owner group always keeps it)."""
    with catalog_for("catalog share") as catalog:
        act = catalog.unshare if revoke else catalog.share
        resource = act(tenant, resource_type, resource_id, group)
    groups = ", ".join(resource.groups)
    out_console().print(f"{escape(resource.name)} version {resource.version} belongs to {escape(groups)}")


def _print_report(report: TransferReport) -> None:
    console = out_console()
    for label, entries, style in (
        ("created", report.created, "green"),
        ("updated", report.updated, "yellow"),
    ):
        for kind, group, name in entries:
            console.print(f"[{style}]{label}[/] {kind} {escape(name)} in {escape(group)}", highlight=False)
    console.print(
        f"{len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


# --- factors ----------------------------------------------------------------------------------------------
@factors_app.command("list")
def factors_list(
    source: Annotated[
        str | None, typer.Option(help="Only activities whose source, provider or name contains this.")
    ] = None,
) -> None:
    """List the factor library: one row per activity, its latest version and source."""
    with catalog_for("factors list") as catalog:
        page = catalog.list_resources(PLATFORM_TENANT, ResourceType.IMPACT_ACTIVITY, ROOT_GROUP_ID, count=ALL)
    activities = [entry.resource for entry in page.items if _from_source(entry.resource, source)]
    table = Table("name", "version", "impacts", "source", title="Factor library (tenant 'platform', group /)")
    for activity in activities:
        impacts = ", ".join(impact.name for impact in activity.payload.impacts.values())
        table.add_row(activity.name, str(activity.version), impacts, _source(activity))
    out_console().print(table)
    out_console().print(f"{len(activities)} activities; `sif factors show NAME` shows the components")


@factors_app.command("show")
def factors_show(
    name: Annotated[
        str, typer.Argument(help="The activity name, e.g. epa:stationary_combustion:natural_gas.")
    ],
    version: Annotated[int | None, typer.Option(help="A version number (default: the latest).")] = None,
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The version active at this date, e.g. 2015-01-01.")
    ] = None,
) -> None:
    """Show one activity: every impact's components with their units and values."""
    with catalog_for("factors show") as catalog:
        activity = catalog.get(
            PLATFORM_TENANT,
            ResourceType.IMPACT_ACTIVITY,
            name=name,
            group=ROOT_GROUP_ID,
            version=version,
            version_as_at=as_at,
        )
    console = out_console()
    console.print(f"[bold cyan]{escape(activity.name)}[/] version {activity.version}", highlight=False)
    if activity.payload.description:
        console.print(escape(activity.payload.description))
    console.print(f"[dim]source[/] {escape(_source(activity))}", highlight=False)
    for label in ("source", "licence"):
        if label in activity.attributes:
            console.print(f"[dim]{label}:[/] {escape(str(activity.attributes[label]))}", highlight=False)
    if activity.active_at is not None:
        console.print(f"[dim]active at[/] {format_timestamp(activity.active_at)}", highlight=False)
    for impact in activity.payload.impacts.values():
        units = impact.attributes.get(COMPONENT_UNITS, {})
        table = Table("component", "value", "unit", "type", "label", title=f"impact '{impact.name}'")
        for key, component in impact.components.items():
            table.add_row(
                key, str(component.value), units.get(key, ""), component.type, component.label or ""
            )
        console.print(table)


def _source(activity: CatalogResource[Any]) -> str:
    return str(activity.attributes.get("edition") or activity.tags.get("provider") or "")


def _from_source(activity: CatalogResource[Any], source: str | None) -> bool:
    if source is None:
        return True
    texts = (_source(activity), activity.tags.get("provider", ""), activity.name)
    return any(source.lower() in text.lower() for text in texts)


# --- datasets ---------------------------------------------------------------------------------------------
@dataset_app.command("load")
def dataset_load(
    tenant: Tenant,
    group: GroupArg,
    name: Annotated[str, typer.Argument(help="The dataset name (created if new).")],
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="The CSV file; line 1 is the header.")],
    description: Annotated[str | None, typer.Option(help="Description of a new dataset.")] = None,
) -> None:
    """Load a CSV file as the next version of a reference dataset (version 1 of a new one)."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with catalog_for("dataset load") as catalog, Progress(*columns, console=error_console()) as progress:
        task = progress.add_task(f"reading {file.name}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        dataset, _ = load_dataset(
            catalog, tenant, group, name, file, description=description, progress=advance
        )
    headers = ", ".join(dataset.payload.dataset_headers)
    out_console().print(
        f"loaded {escape(str(file))} as {escape(dataset.name)} version {dataset.version} "
        f"in {escape(dataset.owner_group)} (columns {escape(headers)})",
        highlight=False,
    )
