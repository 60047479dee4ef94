"""Roles, the deepest-grant rule, authorization, the permission matrix, visibility, listings and user rules
(SIF §2.1-§2.3, §2.7, §3.3).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sif_resources.domain.access import (
    AT_LEAST_ADMIN,
    AT_LEAST_CONTRIBUTOR,
    AT_LEAST_READER,
    SELF_STATE_CHANGE_MESSAGE,
    Operation,
    Role,
    UserState,
    authorize,
    can_change_password,
    can_change_user_state,
    can_delete_connector,
    can_grant_user,
    can_operate,
    can_share_resource,
    can_update_group,
    can_view_group,
    default_group_after_grant,
    default_group_after_revoke,
    disables_last_root_admin,
    grants_from_identity_groups,
    group_listing,
    identity_group_name,
    is_context_allowed,
    is_visible,
    listing_groups,
    normalize_email,
    parse_role,
    role_on,
    user_state_change_denial,
)
from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.groups import ancestors_of, is_same_or_descendant

ADMIN_A_READER_AB = {"/a": Role.ADMIN, "/a/b": Role.READER}

# --- roles -------------------------------------------------------------------------------------------------


def test_roles_are_ordered_reader_contributor_admin_super_admin() -> None:
    assert [role.rank for role in (Role.READER, Role.CONTRIBUTOR, Role.ADMIN, Role.SUPER_ADMIN)] == [
        0,
        1,
        2,
        3,
    ]
    assert Role.ADMIN.at_least(Role.CONTRIBUTOR)
    assert not Role.READER.at_least(Role.CONTRIBUTOR)


def test_at_least_sets_include_every_stronger_role() -> None:
    assert set(Role) == AT_LEAST_READER
    assert {Role.CONTRIBUTOR, Role.ADMIN, Role.SUPER_ADMIN} == AT_LEAST_CONTRIBUTOR
    assert {Role.ADMIN, Role.SUPER_ADMIN} == AT_LEAST_ADMIN


def test_parse_role_accepts_the_three_grantable_roles_only() -> None:
    assert parse_role("contributor") is Role.CONTRIBUTOR
    with pytest.raises(
        InvalidFieldError, match=r"^role: must be one of admin, contributor, reader, got 'superAdmin'$"
    ):
        parse_role("superAdmin")
    with pytest.raises(InvalidFieldError, match=r"^role: .* got 'Admin'$"):
        parse_role("Admin")


def test_grants_are_parsed_from_identity_groups_ignoring_other_formats() -> None:
    assert grants_from_identity_groups(
        [
            "/usa|||admin",
            "/usa/northwest|||reader",
            "us-east-1_abc_Google",
            "/x|||owner",
            "/y||reader",
            "/|||superAdmin",
        ]
    ) == {"/usa": Role.ADMIN, "/usa/northwest": Role.READER, "/": Role.SUPER_ADMIN}


def test_identity_group_name_joins_group_and_role() -> None:
    assert identity_group_name("/usa/northwest", Role.ADMIN) == "/usa/northwest|||admin"


# --- deepest grant -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("/a", Role.ADMIN),
        ("/a/c", Role.ADMIN),
        ("/a/b", Role.READER),
        ("/a/b/c", Role.READER),
        ("/ab", None),
        ("/", None),
        ("/z", None),
    ],
)
def test_role_on_a_group_comes_from_the_deepest_granted_ancestor_or_self(
    group: str, expected: Role | None
) -> None:
    assert role_on(ADMIN_A_READER_AB, group) is expected


def test_a_root_grant_covers_every_group() -> None:
    assert role_on({"/": Role.CONTRIBUTOR}, "/x/y/z") is Role.CONTRIBUTOR
    assert role_on({"/": Role.CONTRIBUTOR}, "/") is Role.CONTRIBUTOR


# --- authorize ---------------------------------------------------------------------------------------------


def test_admin_of_a_is_only_reader_of_a_b_so_cannot_write_there() -> None:
    assert authorize(ADMIN_A_READER_AB, ["/a/c"], AT_LEAST_ADMIN)
    assert not authorize(ADMIN_A_READER_AB, ["/a/b"], AT_LEAST_CONTRIBUTOR)
    assert authorize(ADMIN_A_READER_AB, ["/a/b/c"], AT_LEAST_READER)


def test_mode_all_needs_every_group_and_mode_any_one() -> None:
    required = ["/a", "/a/b"]
    assert not authorize(ADMIN_A_READER_AB, required, AT_LEAST_ADMIN, "all")
    assert authorize(ADMIN_A_READER_AB, required, AT_LEAST_ADMIN, "any")
    assert authorize(ADMIN_A_READER_AB, required, AT_LEAST_READER, "all")


def test_no_matching_grant_is_not_authorized() -> None:
    assert not authorize(ADMIN_A_READER_AB, ["/ab"], AT_LEAST_READER)
    assert not authorize({}, ["/"], AT_LEAST_READER)


def test_no_required_groups_is_not_authorized_in_either_mode() -> None:
    assert not authorize(ADMIN_A_READER_AB, [], AT_LEAST_READER, "all")
    assert not authorize(ADMIN_A_READER_AB, [], AT_LEAST_READER, "any")


def test_unknown_mode_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="mode must be 'all' or 'any'"):
        authorize(ADMIN_A_READER_AB, ["/a"], AT_LEAST_READER, "some")  # type: ignore[arg-type]


def test_allowed_roles_are_a_set_not_a_minimum() -> None:
    assert not authorize({"/a": Role.ADMIN}, ["/a"], {Role.READER})


def test_context_must_equal_or_descend_from_a_granted_group() -> None:
    grants = {"/a/b": Role.READER}
    assert is_context_allowed(grants, "/a/b")
    assert is_context_allowed(grants, "/a/b/c")
    assert not is_context_allowed(grants, "/a/c")  # SIF's loose check accepted this sibling
    assert not is_context_allowed(grants, "/a")
    assert not is_context_allowed(grants, "/a/bc")


# --- permission matrix -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.READER, {Operation.READ}),
        (Role.CONTRIBUTOR, {Operation.READ, Operation.WRITE, Operation.RUN}),
        (Role.ADMIN, set(Operation)),
        (Role.SUPER_ADMIN, set(Operation)),
    ],
)
def test_permission_matrix_by_role_in_the_group_in_context(role: Role, allowed: set[Operation]) -> None:
    grants = {"/g": role}
    assert {operation for operation in Operation if can_operate(grants, operation, "/g/child")} == allowed
    assert not any(can_operate(grants, operation, "/other") for operation in Operation)


def test_sharing_a_resource_needs_admin_of_both_the_context_and_the_target() -> None:
    assert can_share_resource({"/corp": Role.ADMIN}, "/corp/shared", "/corp/tenants/acme")
    assert can_share_resource(
        {"/corp/shared": Role.ADMIN, "/corp/tenants": Role.ADMIN}, "/corp/shared", "/corp/tenants"
    )
    assert not can_share_resource({"/corp/shared": Role.ADMIN}, "/corp/shared", "/corp/tenants")
    assert not can_share_resource(
        {"/corp/shared": Role.ADMIN, "/corp/tenants": Role.CONTRIBUTOR}, "/corp/shared", "/corp/tenants"
    )


def test_admin_of_a_descendant_of_the_target_cannot_revoke() -> None:
    grants = {"/r": Role.ADMIN, "/t/child": Role.ADMIN}
    assert not can_share_resource(grants, "/r", "/t")


def test_connector_delete_needs_admin_of_every_group_and_never_for_sif_managed() -> None:
    grants = {"/c/d": Role.ADMIN}
    assert not can_delete_connector(grants, ["/c", "/c/d"], sif_managed=False)
    assert can_delete_connector({"/c": Role.ADMIN}, ["/c", "/c/d"], sif_managed=False)
    assert not can_delete_connector({"/": Role.ADMIN}, ["/"], sif_managed=True)


def test_updating_a_group_needs_admin_of_that_group() -> None:
    assert can_update_group({"/a": Role.ADMIN}, "/a/b")
    assert not can_update_group(ADMIN_A_READER_AB, "/a/b")


def test_a_group_is_viewable_only_from_itself_or_its_parent() -> None:
    assert can_view_group("/a", "/a")
    assert can_view_group("/a", "/a/b")
    assert can_view_group("/", "/a")
    assert not can_view_group("/a", "/a/b/c")
    assert not can_view_group("/a/b", "/a")


# --- visibility and listings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owners", "context", "expected"),
    [
        (["/a"], "/a/b", True),
        (["/"], "/a/b", True),
        (["/a/b"], "/a", False),
        (["/a"], "/ab", False),
        (["/a/b"], "/a/c", False),
        (["/x", "/a"], "/a", True),
        ([], "/a", False),
    ],
)
def test_a_resource_is_visible_from_its_groups_and_their_descendants(
    owners: list[str], context: str, expected: bool
) -> None:
    assert is_visible(owners, context) is expected


TREE = ["/", "/x", "/x/a", "/x/a/b", "/x/a/b/c", "/x/d", "/x/ab"]


@pytest.mark.parametrize(
    ("parents", "children", "expected"),
    [
        (False, False, ("/x/a",)),
        (True, False, ("/", "/x", "/x/a")),
        (False, True, ("/x/a", "/x/a/b", "/x/a/b/c")),
        (True, True, ("/", "/x", "/x/a", "/x/a/b", "/x/a/b/c")),
    ],
)
def test_resource_listing_reads_the_exact_group_then_parents_first_and_children_last(
    parents: bool, children: bool, expected: tuple[str, ...]
) -> None:
    groups = listing_groups(
        "/x/a", include_parent_groups=parents, include_child_groups=children, known_groups=TREE
    )
    assert groups == expected


def test_resource_listing_from_the_root_with_both_flags_is_every_known_group() -> None:
    assert listing_groups(
        "/", include_parent_groups=True, include_child_groups=True, known_groups=TREE
    ) == tuple(TREE)


@pytest.mark.parametrize(
    ("parents", "children", "expected"),
    [
        (False, False, ("/h1/g2",)),
        (True, False, ("/", "/h1", "/h1/g2")),
        (False, True, ("/h1/g2", "/h1/g2/g3")),
        (True, True, ("/", "/h1", "/h1/g2", "/h1/g2/g3")),
    ],
)
def test_group_listing_shows_children_and_adds_ancestors_and_itself_with_parents(
    parents: bool, children: bool, expected: tuple[str, ...]
) -> None:
    known = ["/", "/h1", "/h1/g2", "/h1/g2/g3", "/h2"]
    groups = group_listing(
        "/h1", include_parent_groups=parents, include_child_groups=children, known_groups=known
    )
    assert groups == expected


# --- users -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Bob@Example.COM", "bob@example.com"), ("  ann.lee+sif@corp.co.uk ", "ann.lee+sif@corp.co.uk")],
)
def test_email_is_trimmed_and_lower_cased(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "bob", "bob@", "@example.com", "bob@example", "b ob@example.com", "a@b@c.com"]
)
def test_malformed_email_is_rejected_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        normalize_email(raw)
    assert str(raised.value) == f"email: must be an e-mail address like name@example.com, got {raw!r}"


def test_new_users_start_invited() -> None:
    assert [state.value for state in UserState] == ["invited", "active", "disabled"]


def test_admin_of_all_the_users_groups_may_change_their_state() -> None:
    grants = {"/p": Role.ADMIN}
    assert can_change_user_state(grants, "admin@x.com", "bob@x.com", ["/p/a", "/p/b"])
    assert user_state_change_denial(grants, "admin@x.com", "bob@x.com", ["/p/a"]) is None


def test_admin_of_only_some_of_the_users_groups_may_not_change_their_state() -> None:
    grants = {"/p/a": Role.ADMIN}
    assert user_state_change_denial(grants, "admin@x.com", "Bob@x.com", ["/p/a", "/p/b"]) == (
        "The caller is not an admin of all the groups of user 'bob@x.com'."
    )


def test_contributor_may_not_change_another_users_state() -> None:
    assert not can_change_user_state({"/p": Role.CONTRIBUTOR}, "c@x.com", "bob@x.com", ["/p"])


def test_nobody_changes_their_own_state_not_even_a_root_admin() -> None:
    assert (
        user_state_change_denial({"/": Role.ADMIN}, "Root@x.com", "root@X.com", ["/"])
        == SELF_STATE_CHANGE_MESSAGE
    )
    assert SELF_STATE_CHANGE_MESSAGE == "User's may only update the state of other user."


def test_a_user_with_no_groups_cannot_have_their_state_changed() -> None:
    assert not can_change_user_state({"/": Role.ADMIN}, "root@x.com", "ghost@x.com", [])


def test_only_the_user_changes_their_password() -> None:
    assert can_change_password("Bob@x.com", "bob@x.com")
    assert not can_change_password("admin@x.com", "bob@x.com")


def test_disabling_the_last_active_root_admin_is_refused() -> None:
    admins = {"root@x.com": UserState.ACTIVE, "old@x.com": UserState.DISABLED}
    assert disables_last_root_admin("root@x.com", UserState.DISABLED, admins)
    assert not disables_last_root_admin("root@x.com", UserState.ACTIVE, admins)
    admins["second@x.com"] = UserState.INVITED
    assert not disables_last_root_admin("ROOT@x.com", UserState.DISABLED, admins)


def test_granting_needs_admin_of_the_context_group() -> None:
    assert can_grant_user({"/p": Role.ADMIN}, "/p/a")
    assert not can_grant_user({"/p": Role.CONTRIBUTOR}, "/p/a")


def test_granting_an_existing_user_also_needs_admin_of_one_of_their_groups() -> None:
    grants = {"/p/a": Role.ADMIN, "/q": Role.READER}
    assert can_grant_user(grants, "/p/a", ["/q", "/p/a/b"])
    assert not can_grant_user(grants, "/p/a", ["/q"])


def test_default_group_after_grant_prefers_requested_then_current_then_context() -> None:
    assert default_group_after_grant("/p/a/b", "/q", "/p/a", ["/q"]) == "/p/a/b"
    assert default_group_after_grant(None, "/q/x", "/p/a", ["/q"]) == "/q/x"
    assert default_group_after_grant(None, None, "/p/a", []) == "/p/a"


def test_default_group_outside_the_users_groups_is_ignored() -> None:
    assert default_group_after_grant("/elsewhere", None, "/p/a", ["/q"]) == "/p/a"
    assert default_group_after_grant("/elsewhere", "/q", "/p/a", ["/q"]) == "/q"


def test_default_group_moves_to_a_remaining_group_when_its_grant_is_revoked() -> None:
    assert default_group_after_revoke("/p/a", "/p/a", ["/p/a", "/q", "/r"]) == "/q"
    assert default_group_after_revoke("/p/a/child", "/p/a", ["/p/a", "/q"]) == "/q"
    assert default_group_after_revoke("/q/x", "/p/a", ["/p/a", "/q"]) == "/q/x"
    assert default_group_after_revoke("/p/a", "/p/a", ["/p/a"]) is None


# --- properties --------------------------------------------------------------------------------------------

segments = st.sampled_from(["a", "b", "ab"])
group_ids = st.lists(segments, max_size=4).map(lambda parts: "/" + "/".join(parts))
grant_maps = st.dictionaries(group_ids, st.sampled_from(sorted(Role, key=lambda role: role.rank)), max_size=6)


@given(grant_maps, group_ids)
def test_role_on_is_the_grant_of_the_longest_covering_group(grants: dict[str, Role], group: str) -> None:
    covering = [granted for granted in grants if is_same_or_descendant(group, granted)]
    deepest = max(covering, key=len, default=None)
    assert role_on(grants, group) is (None if deepest is None else grants[deepest])


@given(grant_maps, group_ids, st.sampled_from(sorted(Role, key=lambda role: role.rank)))
def test_a_grant_on_the_group_itself_always_wins(grants: dict[str, Role], group: str, role: Role) -> None:
    assert role_on({**grants, group: role}, group) is role


@given(grant_maps, group_ids)
def test_grants_below_a_group_never_change_its_role(grants: dict[str, Role], group: str) -> None:
    above = {granted: role for granted, role in grants.items() if is_same_or_descendant(group, granted)}
    assert role_on(grants, group) is role_on(above, group)


@given(grant_maps, st.lists(group_ids, min_size=1, max_size=4))
def test_all_mode_is_each_group_passing_and_any_mode_is_one(
    grants: dict[str, Role], required: list[str]
) -> None:
    passes = [role_on(grants, group) in AT_LEAST_CONTRIBUTOR for group in required]
    assert authorize(grants, required, AT_LEAST_CONTRIBUTOR, "all") is all(passes)
    assert authorize(grants, required, AT_LEAST_CONTRIBUTOR, "any") is any(passes)


@given(group_ids)
def test_a_resource_is_visible_from_its_group_and_not_from_its_parent(group: str) -> None:
    assert is_visible([group], group)
    for ancestor in ancestors_of(group):
        assert is_visible([ancestor], group)
        assert not is_visible([group], ancestor)
