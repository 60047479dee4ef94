"""Locales: `Locale.forLanguageTag`, the first day of the week, and month/day/am-pm names.

What belongs here: the parts of a java.util.Locale that AS_TIMESTAMP uses, CLDR week data, and the month,
day and am/pm texts per language that java.time's CLDR data gives.
What does not: zone names (`zones`), compiling pattern letters into parsers (`patterns`).
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split(" ")


# CLDR weekData firstDay; a region not listed uses the world default (Monday).
_SUNDAY_FIRST = set(
    _words(
        "AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT "
        "MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW"
    )
)
_SATURDAY_FIRST = set(_words("AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY"))
_FRIDAY_FIRST = {"MV"}
_WEEKDAY_KEYWORDS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass(frozen=True)
class _Locale:
    """The parts of a java.util.Locale that AS_TIMESTAMP uses."""

    language: str = ""
    region: str = ""
    first_day_keyword: str | None = None  # -u-fw-
    region_override: str | None = None  # -u-rg-

    def first_day_of_week(self) -> int:
        """WeekFields.of(locale).getFirstDayOfWeek(), Monday = 0 .. Sunday = 6.

        A locale without a region reports Sunday (spec §11, run); an unlisted region the world default.
        """
        if self.first_day_keyword in _WEEKDAY_KEYWORDS:
            return _WEEKDAY_KEYWORDS[self.first_day_keyword]
        region = self.region_override or self.region
        if not region or region in _SUNDAY_FIRST:
            return 6
        if region in _SATURDAY_FIRST:
            return 5
        if region in _FRIDAY_FIRST:
            return 4
        return 0


_DEFAULT_LOCALE = _Locale("en", "US")


def locale_for_tag(tag: str | None) -> _Locale:
    """Locale.forLanguageTag: lenient, never fails; parsing stops at the first ill-formed subtag."""
    if tag is None:
        return _DEFAULT_LOCALE
    subtags = tag.split("-")
    language = subtags[0]
    if not (2 <= len(language) <= 8 and language.isascii() and language.isalpha()):
        return _Locale()
    index = 1
    if len(language) <= 3:  # extended language subtags
        while index < len(subtags) and index <= 3 and len(subtags[index]) == 3 and subtags[index].isalpha():
            index += 1
    if index < len(subtags) and len(subtags[index]) == 4 and subtags[index].isalpha():
        index += 1  # script
    region = ""
    if index < len(subtags):
        candidate = subtags[index]
        if (len(candidate) == 2 and candidate.isascii() and candidate.isalpha()) or (
            len(candidate) == 3 and candidate.isascii() and candidate.isdigit()
        ):
            region = candidate.upper()
            index += 1
    first_day = region_override = None
    rest = [s.lower() for s in subtags[index:]]
    if "u" in rest:
        keywords = rest[rest.index("u") + 1 :]
        for key, value in zip(keywords, [*keywords[1:], ""], strict=True):
            if key == "fw":
                first_day = value
            elif key == "rg" and len(value) == 6 and value.endswith("zzzz"):
                region_override = value[:2].upper()
    return _Locale(language.lower(), region, first_day, region_override)


_MONTHS_EN = _words("January February March April May June July August September October November December")
_DAYS_EN = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
# (full months, short months, short stand-alone months, full days, short days, am/pm); java.time's CLDR data
_NAMES: dict[str, tuple[list[str], list[str], list[str], list[str], list[str], list[str]]] = {
    "en": (_MONTHS_EN, [m[:3] for m in _MONTHS_EN], [m[:3] for m in _MONTHS_EN], _DAYS_EN,
           [d[:3] for d in _DAYS_EN], ["AM", "PM"]),
    "fr": (
        _words("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
        _words("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
        _words("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
        _words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
        _words("lun. mar. mer. jeu. ven. sam. dim."),
        ["AM", "PM"],
    ),
    "de": (
        _words("Januar Februar März April Mai Juni Juli August September Oktober November Dezember"),
        _words("Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez."),
        _words("Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez"),
        _words("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"),
        _words("Mo. Di. Mi. Do. Fr. Sa. So."),
        ["AM", "PM"],
    ),
    "es": (
        _words("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
        _words("ene feb mar abr may jun jul ago sept oct nov dic"),
        _words("ene feb mar abr may jun jul ago sept oct nov dic"),
        _words("lunes martes miércoles jueves viernes sábado domingo"),
        _words("lun mar mié jue vie sáb dom"),
        ["a.\u00a0m.", "p.\u00a0m."],
    ),
}  # fmt: skip


def _names(locale: _Locale) -> tuple[list[str], list[str], list[str], list[str], list[str], list[str]]:
    return _NAMES.get(locale.language, _NAMES["en"])
