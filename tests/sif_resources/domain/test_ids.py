from datetime import UTC, datetime

import pytest

from sif_resources.domain.ids import InvalidIdError, id_created_at, is_valid_id, new_id, parse_id


def test_new_id_is_a_lower_case_26_character_ulid():
    value = new_id()
    assert len(value) == 26
    assert value == value.lower()
    assert is_valid_id(value)


def test_new_ids_are_unique():
    assert len({new_id() for _ in range(1000)}) == 1000


def test_new_id_at_a_moment_encodes_that_moment():
    moment = datetime(2023, 2, 21, 14, 48, tzinfo=UTC)
    assert id_created_at(new_id(moment)) == moment


def test_ids_created_later_sort_later():
    earlier = new_id(datetime(2023, 1, 1, tzinfo=UTC))
    later = new_id(datetime(2023, 1, 1, 0, 0, 0, 1000, tzinfo=UTC))
    assert earlier < later


def test_parse_id_accepts_upper_case_and_returns_lower_case():
    assert parse_id("01ARZ3NDEKTSV4RRFFQ69G5FAV") == "01arz3ndektsv4rrffq69g5fav"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "01arz3ndektsv4rrffq69g5fa",  # 25 characters
        "01arz3ndektsv4rrffq69g5favx",  # 27 characters
        "81arz3ndektsv4rrffq69g5fav",  # above the 128-bit range
        "01arz3ndektsv4rrffq69g5fai",  # I is not Crockford base32
        "01arz3ndektsv4rrffq69g5fau",  # nor is U
        "01arz3nd-ktsv4rrffq69g5fav",
    ],
)
def test_parse_id_rejects_text_that_is_not_a_ulid(text):
    assert not is_valid_id(text)
    with pytest.raises(InvalidIdError, match="is not a valid id"):
        parse_id(text)


def test_is_valid_id_is_false_for_non_strings():
    assert not is_valid_id(None)
    assert not is_valid_id(12)
