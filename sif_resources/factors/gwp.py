"""IPCC GWP100 sets, read from the `globalwarmingpotentials` package (CC0) and never copied into our files.

Gas keys are the package's own (`CH4`, `N2O`, `SF6`, `HFC134a`, ...) plus `CO2` = 1, which the package
leaves implicit. The package has one methane value per set (AR6: 27.9, the AR6 WG1 Table 7.SM.7 value),
with no fossil/non-fossil split (AR6 Table 7.15: 29.8 / 27.0); the library uses that single `CH4` value for
every methane source, which is also what the EPA Hub does (AR5: CH4 28, N2O 265).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from importlib.metadata import version

import globalwarmingpotentials

GWP_PACKAGE = "globalwarmingpotentials"
GWP_PACKAGE_VERSION = version(GWP_PACKAGE)
GWP_PACKAGE_LICENCE = "CC0 1.0 (package README)"
_HORIZON = "GWP100"


def gwp_set_names() -> tuple[str, ...]:
    """The assessment reports the package has GWP100 values for, oldest first (SAR, TAR, AR4, ...)."""
    return tuple(key.removesuffix(_HORIZON) for key in globalwarmingpotentials.data if key.endswith(_HORIZON))


def gwp_set(name: str) -> dict[str, Decimal]:
    """GWP100 per gas (kg CO2e per kg gas) of one assessment report, e.g. `gwp_set("AR5")["CH4"] == 28`.

    Values are exact Decimals of the package's numbers as written (27.9, not the binary float).
    """
    table = globalwarmingpotentials.data.get(f"{name.upper()}{_HORIZON}")
    if table is None:
        raise ValueError(f"unknown GWP set {name!r}; the package has {', '.join(gwp_set_names())}")
    gwps = {gas: exact(Decimal(repr(float(value)))) for gas, value in table.items()}
    gwps.setdefault("CO2", Decimal(1))
    return gwps


def co2e(masses: Mapping[str, Decimal], gwps: Mapping[str, Decimal]) -> Decimal:
    """Sum of mass x GWP over the gases, exactly (same mass unit in, that unit of CO2e out)."""
    return exact(sum((mass * gwps[gas] for gas, mass in masses.items()), Decimal(0)))


def exact(value: Decimal) -> Decimal:
    """The same number without trailing zeros (53.11450 -> 53.1145), whole numbers plain (100, not 1E+2)."""
    tidy = value.normalize()
    exponent = tidy.as_tuple().exponent
    return tidy.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else tidy
