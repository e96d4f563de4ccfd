"""Notebook 06: regulatory status by jurisdiction (data/regulatory.csv).

Grid positions, cell wording and the dated tables; the status grid is drawn in
diagrams/regulatory.py, and label editions are tracked by ketamine_course/dates.py.
"""

from __future__ import annotations

import pandas as pd

from .data import labels, load
from .formats import source_keys


def status_labels() -> dict[str, str]:
    """Statuses in legend order, key -> words (data/labels.csv)."""
    return labels("regulatory_status")


def status_words() -> dict[str, str]:
    """The word written in each grid cell, so a status reads without legend or colour."""
    return labels("regulatory_status", "short_label")


# An empty date means the status has no start date (off-label use) or none was found.
NO_DATE = {"not_approved": "no start date"}
DATE_NOT_FOUND = "date not found"
NOT_IN_TABLE = "not in table"


def in_order(values) -> list[str]:
    """Distinct values in the order they first appear (the order lecturers wrote them)."""
    return list(dict.fromkeys(values))


def regulatory_rows(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows with grid positions: ``column`` (jurisdiction) and ``row`` (topic) indices."""
    table = load("regulatory") if table is None else table.copy()
    jurisdictions, topics = in_order(table["jurisdiction"]), in_order(table["topic"])
    table["column"] = [jurisdictions.index(value) for value in table["jurisdiction"]]
    table["row"] = [topics.index(value) for value in table["topic"]]
    return table


def cell_text(status: str, date) -> str:
    """What a grid cell says: the status in a word, then the date it took effect."""
    if not (isinstance(date, str) and date):
        date = NO_DATE.get(status, DATE_NOT_FOUND)
    return f"{status_words()[status]}\n{date}"


def checked_between(table: pd.DataFrame) -> tuple[str, str]:
    """The oldest and newest ``as_of`` dates of the rows."""
    dates = sorted(str(value) for value in table["as_of"])
    return dates[0], dates[-1]


def checked_note(table: pd.DataFrame) -> str:
    first, last = checked_between(table)
    return (f"Rows last checked on {first}" if first == last
            else f"Rows last checked between {first} and {last}")


def regulatory_table(table: pd.DataFrame | None = None, jurisdiction: str | None = None):
    """The rows as a readable table: status in words, when it took effect, as of when."""
    rows = regulatory_rows(table)
    if jurisdiction is not None:
        known = in_order(rows["jurisdiction"])
        if jurisdiction not in known:
            raise ValueError(f"jurisdiction must be one of {', '.join(known)}; "
                             f"got {jurisdiction!r}.")
        rows = rows[rows["jurisdiction"] == jurisdiction]
    rows = rows.sort_values(["row", "column"], kind="stable")
    return pd.DataFrame({
        "Jurisdiction": rows["jurisdiction"].to_numpy(),
        "Topic": rows["topic"].to_numpy(),
        "Status": rows["status"].map(status_labels()).to_numpy(),
        "Since": [date if isinstance(date, str) and date else "–" for date in rows["date"]],
        "Conditions": rows["conditions"].to_numpy(),
        "As of": rows["as_of"].to_numpy(),
        "Sources": rows["sources"].map(source_keys).to_numpy(),
    })
