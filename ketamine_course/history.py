"""Ketamine's history, notebooks 00 and 01: the dated events of data/timeline.csv.

Selections only; the timeline figure is in diagrams/history.py and the year slider and
category highlighter in widgets/history.py.
"""

from __future__ import annotations

import pandas as pd

from .data import labels, load


def category_labels() -> dict[str, str]:
    """Event categories in legend order, key -> words (data/labels.csv)."""
    return labels("timeline_category")


def decimal_year(date: str) -> float:
    """A date as a number of years, at the middle of the period the date names.

    '1999' -> 1999.5; '1999-07' -> mid-July 1999; '1999-07-13' -> that day.
    """
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    start = pd.Timestamp(year=parts[0], month=1, day=1)
    days_in_year = 366 if start.is_leap_year else 365
    if len(parts) == 2:
        month = pd.Timestamp(year=parts[0], month=parts[1], day=1)
        return parts[0] + ((month - start).days + month.days_in_month / 2) / days_in_year
    day = pd.Timestamp(year=parts[0], month=parts[1], day=parts[2])
    return parts[0] + (day - start).days / days_in_year


def timeline_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The timeline rows in date order, with a numeric ``year`` column for plotting."""
    table = load("timeline") if table is None else table.copy()
    table["year"] = [decimal_year(date) for date in table["date"]]
    return table.sort_values(["year", "event"], kind="stable").reset_index(drop=True)


def events_until(year: int, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Timeline rows dated in or before ``year``, oldest first."""
    rows = timeline_table(table)
    return rows[rows["year"] < year + 1]


def present_categories(table: pd.DataFrame | None = None) -> dict[str, str]:
    """The categories that have events, in legend order, key -> words."""
    found = set(timeline_table(table)["category"])
    return {key: label for key, label in category_labels().items() if key in found}


def year_span(table: pd.DataFrame | None = None) -> tuple[int, int]:
    """The first and the last year of the events."""
    years = timeline_table(table)["date"].str.slice(0, 4).astype(int)
    return int(years.min()), int(years.max())
