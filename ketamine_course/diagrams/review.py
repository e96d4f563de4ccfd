"""Notebook 08: the evidence map, what is established, promising, or needs research.

Each topic of data/evidence_status.csv sits in its row, placed along the axis by the
strongest kind of evidence behind it. Its status shows three ways: marker shape, colour
and the status written next to the marker.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import pandas as pd

from .. import style
from ..review import evidence_table, status_labels, weakest_first
from ..tables import chart_numbers


def status_style(status: str) -> dict:
    """Colour and marker of a status (the same pairing in the figure and its legend)."""
    statuses = list(status_labels())
    if status not in statuses:
        raise ValueError(f"status must be one of {', '.join(statuses)}; got {status!r}.")
    index = statuses.index(status)
    return {"color": style.color(index), "marker": style.marker(index)}


def evidence_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text naming every topic with its status and evidence, from the same rows."""
    rows = evidence_table(table)
    levels = weakest_first()
    groups = []
    for status, label in status_labels().items():
        part = rows[rows["status"] == status]
        if part.empty:
            continue
        topics = "; ".join(f"{row['topic']} ({levels[row['evidence']].lower()})"
                           for _, row in part.iterrows())
        groups.append(f"{label}: {topics}.")
    return (f"Evidence map of {len(rows)} questions about ketamine in mental health, placed "
            "from weakest to strongest kind of evidence and marked by status. " + " ".join(groups))


def evidence_numbers(table: pd.DataFrame | None = None):
    """Each question's status and strongest evidence as a table (style.show's ``numbers``)."""
    rows = evidence_table(table)
    rows = rows.assign(status_word=rows["status"].map(status_labels()),
                       evidence_word=rows["evidence"].map(weakest_first()))
    return chart_numbers(rows, "evidence-map-numbers", {
        "topic": "Question", "status_word": "Status", "evidence_word": "Strongest evidence"})


def evidence_map(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw the evidence map; returns the Figure."""
    rows = evidence_table(table)
    levels = weakest_first()
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        height = 2.2 + len(rows) * font * 2.4 / 72
        # Never wider than the lecture reference width, so its text is not shrunk on a
        # projector (style.effective_font_pt).
        width = min(mpl.rcParams["figure.figsize"][0] * 1.4, style.LECTURE_REFERENCE_WIDTH_IN)
        fig, ax = style.subplots(figsize=(width, height))
        size = mpl.rcParams["lines.markersize"] ** 2 * 1.6
        for status, label in status_labels().items():
            chosen = rows.index[rows["status"] == status]
            if chosen.empty:
                continue
            look = status_style(status)
            x = rows.loc[chosen, "evidence"].map(list(levels).index)
            ax.scatter(x, chosen, s=size, color=look["color"], marker=look["marker"],
                       edgecolor="black", linewidth=0.8, zorder=3, label=label)
            for index in chosen:
                ax.text(x[index] + 0.12, index, label, va="center", ha="left")
        boundaries = [index - 0.5 for index in range(1, len(rows))
                      if rows.loc[index, "status"] != rows.loc[index - 1, "status"]]
        for y in boundaries:  # a line between status groups
            ax.axhline(y, color=style.PALETTE["grey"], linewidth=0.8)
        ax.set_yticks(range(len(rows)), [textwrap.fill(topic, 38) for topic in rows["topic"]])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks(range(len(levels)), [textwrap.fill(label, 16) for label in levels.values()])
        ax.set_xlim(-0.4, len(levels) - 0.1)
        ax.set_xlabel("Strongest kind of evidence (weaker to stronger)")
        ax.grid(axis="x", color=style.PALETTE["grey"], linewidth=0.5, alpha=0.5, zorder=0)
        ax.set_title("Ketamine in mental health: what is known, and how well", loc="left")
        ax.legend(title="Status", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        fig.tight_layout()
    return fig
