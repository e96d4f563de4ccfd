"""Notebook 06: the regulatory status grid, jurisdictions by topics (regulatory.csv)."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd

from .. import style
from ..regulatory import (
    NOT_IN_TABLE,
    cell_text,
    checked_note,
    in_order,
    regulatory_rows,
    status_labels,
    status_words,
)
from ..tables import chart_numbers


def regulatory_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text for the status grid, built from the same rows."""
    rows = regulatory_rows(table)
    jurisdictions, topics = in_order(rows["jurisdiction"]), in_order(rows["topic"])
    counts = rows["status"].value_counts()
    parts = [f"{counts[status]} {word.lower()}" for status, word in status_words().items()
             if status in counts]
    missing = len(jurisdictions) * len(topics) - len(rows)
    return (f"Grid of regulatory status: {len(topics)} topics (rows) in "
            f"{len(jurisdictions)} jurisdictions ({', '.join(jurisdictions)}; columns). "
            f"Of {len(rows)} entries: {', '.join(parts)}"
            + (f"; {missing} combinations are not in the table" if missing else "")
            + f". {checked_note(rows)}.")


def regulatory_numbers(table: pd.DataFrame | None = None):
    """The grid's entries as a table (style.show's ``numbers``), topic by topic."""
    rows = regulatory_rows(table).sort_values(["row", "column"])
    rows = rows.assign(word=rows["status"].map(status_words()))
    return chart_numbers(rows, "regulatory-numbers", {
        "topic": "Topic", "jurisdiction": "Jurisdiction", "word": "Status",
        "date": "In force since"})


def regulatory_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw the status grid; returns the Figure.

    One row per topic, one column per jurisdiction. Each entry has a marker whose shape,
    colour and written word give the status, and the date it took effect. Combinations
    without a row in the table say so, rather than looking like a 'no'.
    """
    rows = regulatory_rows(table)
    jurisdictions, topics = in_order(rows["jurisdiction"]), in_order(rows["topic"])
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        width = mpl.rcParams["figure.figsize"][0]
        line = font * 1.5 / 72  # one line of text, in inches
        height = 2.5 * line + len(topics) * 2.7 * line + 4.5 * line
        fig, ax = style.subplots(figsize=(width, height))
        for index, (status, label) in enumerate(status_labels().items()):
            chosen = rows[rows["status"] == status]
            if chosen.empty:
                continue
            ax.scatter(chosen["column"], chosen["row"], marker=style.marker(index),
                       color=style.color(index), s=mpl.rcParams["lines.markersize"] ** 2 * 2,
                       edgecolor="black", linewidth=0.8, zorder=3, label=label)
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
                     ha="left", fontsize=mpl.rcParams["axes.titlesize"])
        fig.legend(loc="lower left", bbox_to_anchor=(0.01, 1.3 * line / height), ncol=2,
                   frameon=False, borderaxespad=0.0)
        fig.text(0.01, 0.2 * line / height, f"{checked_note(rows)} (as_of). Dates show when "
                 "each status took effect.", fontsize=font * 0.8, va="bottom")
        fig.tight_layout(rect=(0, 4.2 * line / height, 1, 1 - 1.2 * line / height))
    return fig
