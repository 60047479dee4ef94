"""Read-only sharing between tenants (SIF §2.8): the settings and the four checks."""

from __future__ import annotations

import pytest

from sif_resources.domain.access import AT_LEAST_CONTRIBUTOR, AT_LEAST_READER, Role, authorize
from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.tenant_sharing import (
    METHOD_NOT_ALLOWED_MESSAGE,
    MISSING_GROUP_MESSAGE,
    TenantPath,
    TenantSharing,
    may_read_remote,
    parse_externally_shared_group_ids,
    parse_outgoing_tenant_paths,
    remote_grants,
    remote_read_denial,
)

LOCAL = TenantSharing.from_settings(
    outgoing_tenant_paths="tenant001:/shared, tenant001:/unshared,tenant002:/lib"
)
REMOTE = TenantSharing.from_settings(externally_shared_group_ids="/shared,/Library")


def test_outgoing_tenant_paths_are_parsed_into_tenant_and_group() -> None:
    assert parse_outgoing_tenant_paths("tenant001:/Shared, t-2_b:/a/b") == (
        TenantPath("tenant001", "/shared"),
        TenantPath("t-2_b", "/a/b"),
    )
    assert str(TenantPath("tenant001", "/shared")) == "tenant001:/shared"


@pytest.mark.parametrize("text", [None, "", "   "])
def test_absent_or_blank_settings_share_nothing(text: str | None) -> None:
    assert parse_outgoing_tenant_paths(text) == ()
    assert parse_externally_shared_group_ids(text) == ()
    assert TenantSharing.from_settings() == TenantSharing()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "tenant001:/shared,tenant002",
            "outgoingTenantPaths[2]: must look like <tenantId>:<groupId>, got 'tenant002'",
        ),
        ("tenant001:/shared,,t:/a", "outgoingTenantPaths: entry 2 is empty in 'tenant001:/shared,,t:/a'"),
        (
            "Tenant1:/shared",
            "outgoingTenantPaths[1]: tenant id 'Tenant1' may contain only lower-case letters, digits, "
            "'-' and '_'",
        ),
        (
            ":/shared",
            "outgoingTenantPaths[1]: tenant id '' may contain only lower-case letters, digits, '-' and '_'",
        ),
        ("tenant001:shared", "outgoingTenantPaths[1]: must start with '/', got 'shared'"),
        ("tenant001:", "outgoingTenantPaths[1]: must not be empty"),
    ],
)
def test_malformed_outgoing_tenant_paths_name_the_entry_and_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        parse_outgoing_tenant_paths(text)
    assert str(raised.value) == message


def test_externally_shared_groups_are_normalised_and_validated() -> None:
    assert parse_externally_shared_group_ids("/Shared, /a/b") == ("/shared", "/a/b")
    with pytest.raises(
        InvalidFieldError, match=r"^externallySharedGroupIds\[2\]: must start with '/', got 'b'$"
    ):
        parse_externally_shared_group_ids("/a,b")


@pytest.mark.parametrize("method", ["GET", "OPTIONS", "get"])
def test_reading_a_published_group_that_the_local_tenant_may_read_is_allowed(method: str) -> None:
    assert may_read_remote(LOCAL, REMOTE, "tenant001", "/shared", method)
    assert may_read_remote(LOCAL, REMOTE, "tenant001", "/Shared", method)


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
def test_only_get_and_options_pass_the_proxy(method: str) -> None:
    assert remote_read_denial(LOCAL, REMOTE, "tenant001", "/shared", method) == METHOD_NOT_ALLOWED_MESSAGE
    assert METHOD_NOT_ALLOWED_MESSAGE == "Only GET and OPTIONS requests are supported"


def test_a_cross_tenant_request_needs_a_group_in_context() -> None:
    assert remote_read_denial(LOCAL, REMOTE, "tenant001", None, "GET") == MISSING_GROUP_MESSAGE
    assert remote_read_denial(LOCAL, REMOTE, "tenant001", "", "GET") == MISSING_GROUP_MESSAGE


def test_a_path_missing_from_the_outgoing_list_is_refused() -> None:
    assert remote_read_denial(LOCAL, REMOTE, "tenant003", "/shared", "GET") == (
        "Not authorized to access tenant path tenant003:/shared"
    )
    assert remote_read_denial(LOCAL, REMOTE, "tenant002", "/shared", "GET") == (
        "Not authorized to access tenant path tenant002:/shared"
    )


def test_a_group_the_remote_does_not_publish_is_refused_even_if_listed_locally() -> None:
    assert remote_read_denial(LOCAL, REMOTE, "tenant001", "/unshared", "GET") == (
        "Group '/unshared' is not defined as public."
    )


def test_sub_groups_of_a_shared_group_are_not_shared() -> None:
    local = TenantSharing.from_settings(outgoing_tenant_paths="tenant001:/shared,tenant001:/shared/team")
    assert not may_read_remote(local, REMOTE, "tenant001", "/shared/team", "GET")
    assert not may_read_remote(LOCAL, REMOTE, "tenant001", "/shared/team", "GET")


def test_the_remote_serves_the_request_as_a_reader_of_the_shared_group_only() -> None:
    grants = remote_grants("/Shared")
    assert grants == {"/shared": Role.READER}
    assert authorize(grants, ["/shared"], AT_LEAST_READER)
    assert not authorize(grants, ["/shared"], AT_LEAST_CONTRIBUTOR)
    assert not authorize(grants, ["/"], AT_LEAST_READER)
