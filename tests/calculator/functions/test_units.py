"""CONVERT's unit resolution and conversion (spec/calculator.md §12)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator.errors import EvaluationError
from calculator.functions import units
from calculator.functions.units import all_units, convert, resolve_unit


def _error(value: str, from_unit: str, to_unit: str, quality_kind: str | None = None) -> str:
    with pytest.raises(EvaluationError) as caught:
        convert(Decimal(value), from_unit, to_unit, quality_kind)
    return caught.value.message


# --- the spec's test values ---------------------------------------------------------------------------


def test_one_meter_is_100_centimeter() -> None:
    assert convert(Decimal(1), "meter", "centimeter") == Decimal(100)


def test_one_millimetre_is_a_tenth_of_a_centimeter() -> None:
    assert convert(Decimal(1), "millimetre", "centimeter") == Decimal("0.1")


def test_one_kev_per_micrometre_is_10_mev_per_cm_by_symbol_with_quality_kind() -> None:
    assert convert(Decimal(1), "keV/µM", "MeV/cm", "linear energy transfer") == Decimal(10)


def test_one_square_metre_per_kilogram_is_a_thousandth_square_metre_per_gram() -> None:
    result = convert(Decimal(1), "m²/kg", "m²/g", "Mass Attenuation Coefficient")
    assert result == Decimal("0.001")


# --- resolution: symbols ----------------------------------------------------------------------------


def test_symbol_without_quality_kind_is_not_recognized() -> None:
    assert _error("1", "m", "L") == "Unit 'm' ('?' quantity kind) not recognized."


def test_symbol_with_quality_kind_resolves() -> None:
    assert convert(Decimal(1), "m", "cm", "length") == Decimal(100)
    assert resolve_unit("m", "length").id == "M"


def test_quality_kind_is_compared_ignoring_case() -> None:
    assert resolve_unit("m", "LENGTH").id == "M"
    assert resolve_unit("m", "Length").id == "M"


def test_symbol_is_compared_case_sensitively() -> None:
    assert resolve_unit("cm", "length").id == "CentiM"
    with pytest.raises(EvaluationError, match=r"^Unit 'CM' \('length' quantity kind\) not recognized\.$"):
        resolve_unit("CM", "length")


def test_symbol_must_carry_the_quality_kind_else_labels_are_tried() -> None:
    # 'L' is the litre's symbol, but litre is not a length unit and 'L' is no label.
    assert _error("1", "m", "L", "length") == "Unit 'L' ('length' quantity kind) not recognized."
    assert resolve_unit("L", "volume").id == "L"


def test_non_ascii_symbols_match_exactly() -> None:
    assert resolve_unit("°C", "Temperature").id == "DEG_C"
    assert resolve_unit("kW⋅h", "Energy").id == "KiloW-HR"


# --- resolution: labels -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["meter", "Metre", "METER", "metre", "Meter"])
def test_labels_match_ignoring_case_in_both_spellings(text: str) -> None:
    assert resolve_unit(text, None).id == "M"


def test_millimetre_and_millimeter_are_both_labels() -> None:
    assert resolve_unit("millimetre", None).id == "MilliM"
    assert resolve_unit("Millimeter", None).id == "MilliM"


def test_labels_work_with_any_quality_kind() -> None:
    assert resolve_unit("meter", "mass").id == "M"
    assert resolve_unit("Kilowatthour", "length").id == "KiloW-HR"


def test_resolution_is_cached() -> None:
    assert resolve_unit("meter", None) is resolve_unit("meter", None)
    assert units.resolve_unit.cache_info().hits > 0


# --- errors -----------------------------------------------------------------------------------------


def test_unknown_from_unit_is_reported_before_the_to_unit() -> None:
    assert (
        _error("1", "no such unit", "nonsense") == "Unit 'no such unit' ('?' quantity kind) not recognized."
    )


def test_unknown_to_unit_names_the_quality_kind() -> None:
    message = _error("1", "meter", "nonsense", "Length")
    assert message == "Unit 'nonsense' ('Length' quantity kind) not recognized."


def test_units_of_different_dimensions_are_not_convertible() -> None:
    assert _error("1", "meter", "second") == (
        "Cannot convert from http://qudt.org/vocab/unit/M to http://qudt.org/vocab/unit/SEC: "
        "dimension vectors differ"
    )


def test_mass_and_energy_are_not_convertible() -> None:
    assert "dimension vectors differ" in _error("1", "kilogram", "Kilowatthour")


# --- temperatures with offsets ---------------------------------------------------------------------


def test_zero_celsius_is_273_15_kelvin() -> None:
    assert convert(Decimal(0), "Degree Celsius", "Kelvin") == Decimal("273.15")


def test_kelvin_to_celsius_subtracts_the_offset() -> None:
    assert convert(Decimal("300"), "K", "°C", "Temperature") == Decimal("26.85")


def test_boiling_point_in_fahrenheit_is_100_celsius() -> None:
    assert convert(Decimal(212), "°F", "°C", "Temperature") == Decimal(100)


def test_freezing_point_in_fahrenheit_is_0_celsius() -> None:
    assert convert(Decimal(32), "Degree Fahrenheit", "Degree Celsius") == Decimal(0)


def test_minus_40_is_the_same_in_celsius_and_fahrenheit() -> None:
    assert convert(Decimal(-40), "Degree Celsius", "Degree Fahrenheit") == Decimal(-40)


def test_converting_a_unit_to_itself_returns_the_value_untouched() -> None:
    assert str(convert(Decimal("21.50"), "Degree Celsius", "degree celsius")) == "21.50"


# --- energy units used in carbon accounting ---------------------------------------------------------


def test_kilowatt_hour_is_3_6_megajoule() -> None:
    assert convert(Decimal(1), "Kilowatthour", "Megajoule") == Decimal("3.6")
    assert convert(Decimal(1), "Kilowatt Hour", "MJ", "Energy") == Decimal("3.6")


def test_megawatt_hour_is_3600_megajoule() -> None:
    assert convert(Decimal(1), "Megawatt Hour", "Megajoule") == Decimal(3600)


def test_us_therm_is_105_4804_megajoule() -> None:
    assert convert(Decimal(1), "Therm US", "Megajoule") == Decimal("105.4804")


def test_international_btu_is_1055_05585262_joule() -> None:
    assert convert(Decimal(1), "Btu{IT}", "J", "Energy") == Decimal("1055.05585262")


def test_million_btu_is_1055_05585262_megajoule() -> None:
    result = convert(Decimal(1), "Mega British Thermal Unit (international Definition)", "Megajoule")
    assert result == Decimal("1055.05585262")


def test_ton_of_oil_equivalent_is_41_868_gigajoule() -> None:
    assert convert(Decimal(1), "Ton of Oil Equivalent", "Gigajoule") == Decimal("41.868")


# --- exact decimals ---------------------------------------------------------------------------------


def test_results_are_exact_decimals() -> None:
    result = convert(Decimal("0.1"), "meter", "millimetre")
    assert isinstance(result, Decimal)
    assert result == Decimal(100)
    assert convert(Decimal("1.5"), "Foot", "Inch") == Decimal(18)
    assert convert(Decimal(1), "Foot", "Meter") == Decimal("0.3048")


def test_long_values_are_not_rounded_by_exact_multipliers() -> None:
    value = Decimal("123456789012345678901234.5678901")
    assert convert(value, "kilometre", "metre") == Decimal("123456789012345678901234567.8901")


def test_inexact_quotients_keep_34_significant_digits() -> None:
    # qudtlib multiplies and divides with Java's MathContext.DECIMAL128.
    assert convert(Decimal(1), "Gigajoule", "Kilowatthour") == Decimal("277.7777777777777777777777777777778")
    assert convert(Decimal(1), "Minute", "Hour") == Decimal("0.01666666666666666666666666666666667")


def test_a_zero_target_multiplier_fails_like_java_division_by_zero() -> None:
    # QUDT gives the deprecated 'Perm (0 °C)' a multiplier of 0.
    assert _error("1", "U.S. Perm", "Perm (0 °C)") == "Division by zero"


# --- the catalogue ----------------------------------------------------------------------------------


def test_catalogue_covers_qudt() -> None:
    assert len(all_units()) > 2500
    assert len({unit.id for unit in all_units()}) == len(all_units())


def test_catalogue_order_follows_java_hash_map_iteration() -> None:
    assert units._java_string_hash("hello") == 99162322
    assert units._java_string_hash("") == 0
    # Spread hashes 0, 1 and 17 fall in buckets 0, 1 and 1 of a 16-slot table; ties keep insertion order.
    keys = ["\x11", "\x01", "\x00"]
    assert units._java_hash_map_order(keys) == [2, 0, 1]


@pytest.mark.parametrize(
    ("symbol", "kind", "unit_id"),
    [
        ("Gy", "Absorbed Dose", "GRAY"),
        ("kW⋅h", "Energy", "KiloW-HR"),
        ("MJ", "Energy", "MegaJ"),
        ("ft", "Length", "FT"),
        ("kg", "mass", "KiloGM"),
    ],
)
def test_spec_table_symbols_resolve_with_their_kind(symbol: str, kind: str, unit_id: str) -> None:
    assert resolve_unit(symbol, kind).id == unit_id
