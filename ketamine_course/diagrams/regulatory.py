"""Regulatory status by jurisdiction: a dated table and a status grid, from regulatory.csv."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .. import style
from ..data import load

# Order of the legend and of the markers; keys are the enum of regulatory.csv's `status`.
STATUS_LABELS = {
    "approved": "Approved for this use",
    "not_approved": "Not approved: off-label use",
    "not_recommended": "Not recommended for public funding",
    "controlled": "Controlled drug",
}
# The word written in each cell, so the status reads without the legend or colour.
STATUS_WORDS = {
    "approved": "Approved",
    "not_approved": "Off-label",
    "not_recommended": "Not funded",
    "controlled": "Controlled",
}
# An empty date means the status has no start date (off-label use) or none was found.
NO_DATE = {"not_approved": "no start date"}
DATE_NOT_FOUND = "date not found"
NOT_IN_TABLE = "not in table"


def _in_order(values) -> list[str]:
    """Distinct values in the order they first appear (the order lecturers wrote them)."""
    return list(dict.fromkeys(values))


def regulatory_rows(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows with grid positions: ``column`` (jurisdiction) and ``row`` (topic) indices."""
    table = load("regulatory") if table is None else table.copy()
    jurisdictions, topics = _in_order(table["jurisdiction"]), _in_order(table["topic"])
    table["column"] = [jurisdictions.index(value) for value in table["jurisdiction"]]
    table["row"] = [topics.index(value) for value in table["topic"]]
    return table


def cell_text(status: str, date) -> str:
    """What a grid cell says: the status in a word, then the date it took effect."""
    if not (isinstance(date, str) and date):
        date = NO_DATE.get(status, DATE_NOT_FOUND)
    return f"{STATUS_WORDS[status]}\n{date}"


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
        known = _in_order(rows["jurisdiction"])
        if jurisdiction not in known:
            raise ValueError(f"jurisdiction must be one of {', '.join(known)}; "
                             f"got {jurisdiction!r}.")
        rows = rows[rows["jurisdiction"] == jurisdiction]
    rows = rows.sort_values(["row", "column"], kind="stable")
    return pd.DataFrame({
        "Jurisdiction": rows["jurisdiction"].to_numpy(),
        "Topic": rows["topic"].to_numpy(),
        "Status": [STATUS_LABELS[status] for status in rows["status"]],
        "Since": [date if isinstance(date, str) and date else "–" for date in rows["date"]],
        "Conditions": rows["conditions"].to_numpy(),
        "As of": rows["as_of"].to_numpy(),
        "Sources": [sources.replace(";", ", ") for sources in rows["sources"]],
    })


def regulatory_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text for the status grid, built from the same rows."""
    rows = regulatory_rows(table)
    jurisdictions, topics = _in_order(rows["jurisdiction"]), _in_order(rows["topic"])
    counts = rows["status"].value_counts()
    parts = [f"{counts[status]} {STATUS_WORDS[status].lower()}" for status in STATUS_LABELS
             if status in counts]
    missing = len(jurisdictions) * len(topics) - len(rows)
    return (f"Grid of regulatory status: {len(topics)} topics (rows) in "
            f"{len(jurisdictions)} jurisdictions ({', '.join(jurisdictions)}; columns). "
            f"Of {len(rows)} entries: {', '.join(parts)}"
            + (f"; {missing} combinations are not in the table" if missing else "")
            + f". {checked_note(rows)}.")


def regulatory_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw the status grid; returns the Figure.

    One row per topic, one column per jurisdiction. Each entry has a marker whose shape,
    colour and written word give the status, and the date it took effect. Combinations
    without a row in the table say so, rather than looking like a 'no'.
    """
    rows = regulatory_rows(table)
    jurisdictions, topics = _in_order(rows["jurisdiction"]), _in_order(rows["topic"])
    with style.context(mode):
        font = plt.rcParams["font.size"]
        width = plt.rcParams["figure.figsize"][0]
        line = font * 1.5 / 72  # one line of text, in inches
        height = 2.5 * line + len(topics) * 2.7 * line + 4.5 * line
        fig, ax = plt.subplots(figsize=(width, height))
        for index, status in enumerate(STATUS_LABELS):
            chosen = rows[rows["status"] == status]
            if chosen.empty:
                continue
            ax.scatter(chosen["column"], chosen["row"], marker=style.marker(index),
                       color=style.color(index), s=plt.rcParams["lines.markersize"] ** 2 * 2,
                       edgecolor="black", linewidth=0.8, zorder=3, label=STATUS_LABELS[status])
        for row in rows.itertuples(index=False):
            ax.text(row.column + 0.1, row.row, cell_text(row.status, row.date), va="center",
                    ha="left", linespacing=1.1)
        present = set(zip(rows["column"], rows["row"], strict=True))
        for column in range(len(jurisdictions)):
            for row in range(len(topics)):
                if (column, row) not in present:
                    ax.text(column + 0.1, row, NOT_IN_TABLE, va="center", ha="left",
                            color=style.PALETTE["grey"], fontstyle="italic")
        ax.set_xticks(range(len(jurisdictions)), jurisdictions, fontweight="bold")
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(topics)), topics)
        ax.set_xlim(-0.2, len(jurisdictions) - 0.05)
        ax.set_ylim(len(topics) - 0.5, -0.5)  # first topic at the top
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        for row in range(1, len(topics)):
            ax.axhline(row - 0.5, color=style.PALETTE["grey"], linewidth=0.5, zorder=1)
        fig.suptitle("Ketamine and esketamine: regulatory status by jurisdiction", x=0.01,
                     ha="left", fontsize=plt.rcParams["axes.titlesize"])
        fig.legend(loc="lower left", bbox_to_anchor=(0.01, 1.3 * line / height), ncol=2,
                   frameon=False, borderaxespad=0.0)
        fig.text(0.01, 0.2 * line / height, f"{checked_note(rows)} (as_of). Dates show when "
                 "each status took effect.", fontsize=font * 0.8, va="bottom")
        fig.tight_layout(rect=(0, 4.2 * line / height, 1, 1 - 1.2 * line / height))
    return fig
