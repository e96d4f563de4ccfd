"""One way to print a number, a range, a difference or a price, for every notebook.

Tables, figure labels, alt text and widget readouts all format through these functions,
so a range reads the same ('48–54%', 'up to 90 min', '0.19% to 0.76%') wherever a
reader meets it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

DASH = "\N{EM DASH}"  # a cell the sources leave empty
EN_DASH = "\N{EN DASH}"
MINUS = "\N{MINUS SIGN}"
CURRENCY_PREFIX = {"GBP": "£", "USD": "US$", "EUR": "€", "CAD": "C$", "AUD": "A$"}


def _missing(value) -> bool:
    return bool(pd.isna(value))  # None, NaN and pandas' NA alike


def general(value) -> str:
    """Shortest plain form: 48, 0.3, 1.5e+03 for very large or small values."""
    return f"{float(value):g}"


def grouped(value) -> str:
    """Like :func:`general`, with thousands separated: 1,200."""
    return f"{float(value):,g}"


def two_places(value) -> str:
    """At most two decimals, trailing zeros dropped, thousands separated: 0.19, 1,250."""
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def readout(value) -> str:
    """Three significant figures below 100, whole numbers above: 0.842, 31.6, 1,250."""
    value = float(value)
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def whole_minutes(hours) -> str:
    """A time in hours as whole minutes: 0.6667 -> '40'."""
    return f"{float(hours) * 60:.0f}"


def signed(value, places: int = 1) -> str:
    """+18.8 or −1.9, with a true minus sign."""
    return f"{float(value):+.{places}f}".replace("-", MINUS)


def decimal(value) -> str:
    """At least one and at most two decimals, with a true minus sign: 0.5, −1.25."""
    text = f"{float(value):.2f}"
    if text.endswith("0"):
        text = text[:-1]
    return text.replace("-", MINUS)


def money(value, currency: str) -> str:
    """'£163', 'US$5,572'; an unknown currency code follows the number ('1,200 SEK')."""
    prefix = CURRENCY_PREFIX.get(currency)
    return f"{prefix}{float(value):,.0f}" if prefix else f"{float(value):,.0f} {currency}"


def source_keys(sources) -> str:
    """The source keys of a data cell ('a;b') or a list, as a reader sees them: 'a, b'."""
    keys = sources.split(";") if isinstance(sources, str) else list(sources)
    return ", ".join(key.strip() for key in keys if key.strip())


def _with_unit(text: str, unit: str) -> str:
    # A percent sign sits on its number ('12%', '12% of exposures'); other units follow a space.
    if not unit:
        return text
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"


def value_range(low, high, unit: str = "", number: Callable[[object], str] = general,
                joiner: str = EN_DASH) -> str:
    """A range as the sources give it: '48–54%', '93%', 'up to 90 min', 'from 3', or a dash.

    ``number`` formats each end; when both ends print the same, the value is printed once.
    ``joiner`` goes between the ends (an en dash, or ' to ' in running text).
    """
    if _missing(low) and _missing(high):
        return DASH
    if _missing(low):
        return "up to " + _with_unit(number(high), unit)
    if _missing(high):
        return "from " + _with_unit(number(low), unit)
    first, last = number(low), number(high)
    return _with_unit(first if first == last else f"{first}{joiner}{last}", unit)
