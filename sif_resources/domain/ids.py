"""Resource ids: new lower-case ULIDs and their validation.

What belongs here: creating and checking the ids of catalog resources (SIF ids are ULIDs rendered lower-case).
What does not: group ids (paths, see `access.py`) and execution or activity ids of the pipeline processor.
"""

from __future__ import annotations

import re
from datetime import datetime

from ulid import ULID

# Crockford base32 without I, L, O, U; the first character is at most 7 because a ULID holds 128 bits.
_ULID_TEXT = re.compile(r"^[0-7][0-9a-hjkmnp-tv-z]{25}$")


class InvalidIdError(ValueError):
    """The text is not a ULID."""


def new_id(at: datetime | None = None) -> str:
    """A new lower-case ULID; `at` fixes its timestamp part (for reproducible tests and imports)."""
    ulid = ULID() if at is None else ULID.from_datetime(at)
    return str(ulid).lower()


def is_valid_id(value: object) -> bool:
    """Whether `value` is a ULID in either case."""
    return isinstance(value, str) and _ULID_TEXT.match(value.lower()) is not None


def parse_id(value: str) -> str:
    """The id in its canonical lower-case form; raises InvalidIdError when it is not a ULID."""
    if not is_valid_id(value):
        raise InvalidIdError(f"'{value}' is not a valid id (a 26-character ULID)")
    return value.lower()


def id_created_at(value: str) -> datetime:
    """The instant encoded in the id (UTC, millisecond precision)."""
    return ULID.from_str(parse_id(value).upper()).datetime
