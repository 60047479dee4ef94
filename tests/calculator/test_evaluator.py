"""Evaluation semantics the spec states (spec/calculator.md §4 to §8, §13), one behaviour per test.

Single rows go through `evaluate`; batch behaviour (rows failing independently, variables per row) through
`evaluate_batch`.
"""

from __future__ import annotations

from decimal import Decimal

from calculator import (
    ErrorKind,
    EvaluationContext,
    InMemoryResolver,
    Kind,
    RowError,
    evaluate,
    evaluate_batch,
)


def _evaluation_error(message: str) -> tuple[ErrorKind, str, None]:
    return (ErrorKind.EVALUATION, message, None)


def _described(error: RowError | None) -> tuple[ErrorKind, str, str | None] | None:
    """What SIF reports of an error: its kind, exact message and Java exception (not our extra hints)."""
    return None if error is None else (error.kind, error.message, error.java_exception)


# --- order of evaluation and laziness ---------------------------------------------------------------------


def test_left_operand_is_checked_before_the_right_operand_is_evaluated() -> None:
    outcome = evaluate("'a' * :nope")

    assert outcome.kind is Kind.NOVALUE
    assert _described(outcome.error) == _evaluation_error(
        "Left side of ''a' * :nope' multiple/divide operation must be a number."
    )


def test_right_operand_is_not_audited_when_the_left_operand_fails() -> None:
    outcome = evaluate("'a' + :b", {"b": 1})

    assert _described(outcome.error) == _evaluation_error(
        "Left side of ''a' + :b' add/subtract operation must be a number."
    )
    assert outcome.audit is not None
    assert outcome.audit.evaluated is None


def test_an_error_in_the_left_operand_wins_over_one_in_the_right() -> None:
    assert _described(evaluate("1/0 + :nope").error) == _evaluation_error("/ by zero")
    assert _described(evaluate(":nope + 1/0").error) == _evaluation_error(
        "Provided token 'nope' not found as a pipeline parameter or variable."
    )


def test_if_evaluates_only_the_chosen_branch_and_is_not_audited() -> None:
    outcome = evaluate("if(true,1,1/0)")

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NUMBER, Decimal(1), None)
    assert outcome.audit is not None
    assert outcome.audit.evaluated is None


def test_if_does_not_evaluate_the_branch_it_skips_even_when_that_branch_reads_an_unknown_token() -> None:
    outcome = evaluate("if(false,:nope,2)")

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NUMBER, Decimal(2), None)


def test_if_predicate_must_be_a_boolean() -> None:
    assert _described(evaluate("if(1,2,3)").error) == _evaluation_error(
        "Predicate 'if(1,2,3)' must evaluate to a boolean."
    )


def test_coalesce_stops_at_the_first_non_null_argument() -> None:
    outcome = evaluate("coalesce(:a, :b, 1/0)", {"a": None, "b": 7})

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NUMBER, Decimal(7), None)
    assert outcome.audit is not None
    assert outcome.audit.evaluated == {":a": "", ":b": "7", "coalesce(:a, :b, 1/0)": "7"}


def test_coalesce_of_only_nulls_is_a_null_value_audited_as_empty_text() -> None:
    outcome = evaluate("coalesce(null, null)")

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NULL, None, None)
    assert outcome.audit is not None
    assert outcome.audit.evaluated == {"coalesce(null, null)": ""}


# --- rows and variables ------------------------------------------------------------------------------------


def test_a_variable_set_in_one_branch_is_unknown_on_rows_that_took_the_other_branch() -> None:
    result = evaluate_batch("if(:a>0,set :x=1,2)\n:x", {"a": [1, -1, 5]})

    assert list(result.kinds) == [Kind.NUMBER, Kind.NOVALUE, Kind.NUMBER]
    assert list(result.values) == [Decimal(1), None, Decimal(1)]
    assert [_described(e) for e in result.errors] == [
        None,
        _evaluation_error("Provided token 'x' not found as a pipeline parameter or variable."),
        None,
    ]


def test_variables_hold_per_row_values() -> None:
    result = evaluate_batch("set :x=:a*2\n:x+1", {"a": [1, 2, 3]})

    assert list(result.values) == [Decimal(3), Decimal(5), Decimal(7)]
    assert [_described(e) for e in result.errors] == [None, None, None]


def test_the_first_error_of_a_row_wins() -> None:
    result = evaluate_batch("1/:a + :b", {"a": [0, 1], "b": ["s", "s"]})

    assert [_described(e) for e in result.errors] == [
        _evaluation_error("/ by zero"),
        _evaluation_error("Right side of '1/:a + :b' add/subtract operation must be a number."),
    ]


def test_rows_that_fail_do_not_stop_the_other_rows_from_computing() -> None:
    result = evaluate_batch("10/:a", {"a": [2, 0, "x", None, 4]})

    assert list(result.kinds) == [Kind.NUMBER, Kind.NOVALUE, Kind.NOVALUE, Kind.NOVALUE, Kind.NUMBER]
    assert list(result.values) == [Decimal(5), None, None, None, Decimal("2.5")]
    assert [_described(e) for e in result.errors] == [
        None,
        _evaluation_error("/ by zero"),
        _evaluation_error("Right side of '10/:a' multiple/divide operation must be a number."),
        _evaluation_error("Right side of '10/:a' multiple/divide operation must be a number."),
        None,
    ]


def test_a_syntax_error_fails_every_row_with_the_same_error() -> None:
    result = evaluate_batch("1+", {"a": [1, 2]})

    assert all(error.kind is ErrorKind.SYNTAX for error in result.errors)
    assert result.errors[0] == result.errors[1]
    assert list(result.kinds) == [Kind.NOVALUE, Kind.NOVALUE]


# --- groups, references and audit -------------------------------------------------------------------------


def test_assign_to_group_lower_cases_the_group_and_flags_it_as_the_rows_group() -> None:
    resolver = InMemoryResolver(existing_groups={"/test/a", "/test/b", "/other"})
    context = EvaluationContext(group="/test", resolver=resolver)

    result = evaluate_batch(
        "assign_to_group(:g)", {"g": ["/test/a", "/TEST/B", "/other", "/test/zz"]}, context=context
    )

    assert list(result.values) == ["/test/a", "/test/b", None, None]
    assert list(result.assigned_groups) == ["/test/a", "/test/b", None, None]
    assert [_described(e) for e in result.errors] == [
        None,
        None,
        _evaluation_error(
            "The group passed to ASSIGN_TO_GROUP (/other) must be the same as or be a child of the group "
            "context of execution (/test)"
        ),
        _evaluation_error("Group passed to ASSIGN_TO_GROUP /test/zz does not exist."),
    ]


def test_assign_to_group_outcome_carries_the_assigned_group() -> None:
    context = EvaluationContext(group="/test", resolver=InMemoryResolver(existing_groups={"/test/x"}))

    outcome = evaluate("assign_to_group('/Test/X')", context=context)

    assert (outcome.kind, outcome.value, outcome.assigned_group) == (Kind.STRING, "/test/x", "/test/x")


def test_ref_sees_the_given_refs_and_keeps_their_kind() -> None:
    outcome = evaluate("ref('x')", refs={"x": 5})

    assert (outcome.kind, outcome.value) == (Kind.NUMBER, Decimal(5))
    assert outcome.audit is not None
    assert outcome.audit.evaluated == {"ref('x')": "5"}


def test_ref_of_an_unknown_column_is_a_null_value() -> None:
    outcome = evaluate("ref('y')", refs={"x": 5})

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NULL, None, None)


def test_ref_reads_each_rows_own_value_in_a_batch() -> None:
    result = evaluate_batch("ref('x')*2", {}, refs={"x": [1, 2, 3]})

    assert list(result.values) == [Decimal(2), Decimal(4), Decimal(6)]


def test_audit_map_is_absent_when_nothing_was_audited() -> None:
    outcome = evaluate("(1+2)*3 > 4")

    assert outcome.audit is not None
    assert outcome.audit.evaluated is None
    assert outcome.audit.as_dict() == {"evaluated": {}}


def test_audit_is_not_collected_unless_asked_for() -> None:
    result = evaluate_batch(":a", {"a": [1]})

    assert result.outcome(0).audit is None


# --- programs and results ----------------------------------------------------------------------------------


def test_a_trailing_newline_gives_no_value_and_no_error() -> None:
    outcome = evaluate("1+2\n")

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NOVALUE, None, None)


def test_a_blank_line_ends_the_program_after_its_newline() -> None:
    outcome = evaluate("1\n\n2")

    assert (outcome.kind, outcome.value, outcome.error) == (Kind.NOVALUE, None, None)


def test_the_last_line_is_the_result_of_a_multi_line_program() -> None:
    outcome = evaluate("set :x=2\n:x*3")

    assert (outcome.kind, outcome.value) == (Kind.NUMBER, Decimal(6))
    assert outcome.audit is not None
    assert outcome.audit.evaluated == {"set :x=2": "2", ":x": "2"}


# --- numbers ------------------------------------------------------------------------------------------------


def test_division_rounds_to_ten_places_half_up() -> None:
    assert evaluate("1/3").value == Decimal("0.3333333333")
    assert evaluate("2/3").value == Decimal("0.6666666667")
    assert evaluate("-5/3").value == Decimal("-1.6666666667")
    assert evaluate("1/3*3").value == Decimal("0.9999999999")


def test_division_below_the_tenth_place_is_zero() -> None:
    outcome = evaluate("1/30000000000")

    assert (outcome.value, outcome.text) == (Decimal(0), "0")


def test_division_by_zero_is_an_evaluation_error() -> None:
    assert _described(evaluate("0/0").error) == _evaluation_error("/ by zero")


def test_power_goes_through_doubles_and_keeps_sixteen_significant_digits() -> None:
    assert evaluate("2^0.5").value == Decimal("1.414213562373095")
    assert evaluate("3^40").text == "12157665459056930000"
    assert evaluate("2^0.5*2^0.5").text == "1.999999999999999861967979879025"


def test_power_yielding_nan_or_infinity_is_an_unhandled_number_format_exception() -> None:
    expected = (ErrorKind.UNHANDLED, "Infinite or NaN", "NumberFormatException")

    assert _described(evaluate("(-8)^0.5").error) == expected
    assert _described(evaluate("10^400").error) == expected


def test_power_is_left_associative_and_unary_minus_binds_tighter() -> None:
    assert evaluate("2^3^2").value == Decimal(64)
    assert evaluate("-2^2").value == Decimal(4)


def test_small_numbers_print_in_e_notation() -> None:
    assert evaluate("0.0000001").text == "1E-7"
    assert evaluate("0.00000000005/1").text == "1E-10"
    assert evaluate("0.000001").text == "0.000001"


def test_numbers_print_without_trailing_zeros_and_integers_plainly() -> None:
    assert evaluate("100").text == "100"
    assert evaluate("100.00").text == "100"
    assert evaluate("1.50").text == "1.5"
    assert evaluate("-0.0").text == "0"
    assert evaluate("100000000000000000000").text == "100000000000000000000"


def test_concat_uses_the_canonical_string_forms() -> None:
    outcome = evaluate("concat(1.0, 0.0000001, true, null, 'x')")

    assert (outcome.kind, outcome.value) == (Kind.STRING, "11E-7truex")
