"""Notebooks 00 and 01: the timeline figure, from ketamine's first synthesis to the
psychiatric approvals."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import style
from ..history import category_labels, timeline_table


def timeline_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text that states what the timeline shows, built from the same rows."""
    rows = timeline_table(table)
    first, last = rows.iloc[0], rows.iloc[-1]
    return (f"Timeline of {len(rows)} events from {first['date'][:4]} to {last['date'][:4]}. "
            f"It starts with: {first['label']} ({first['date']}). "
            f"It ends with: {last['label']} ({last['date']}). "
            "Each event is marked by category: "
            + ", ".join(label for category, label in category_labels().items()
                        if category in set(rows["category"])) + ".")


def timeline_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw the timeline; returns the Figure.

    Events sit on a true-scale time axis on the left; their labels are spaced evenly
    on the right and joined to their dates by leader lines, so clustered years
    (2019-2020) stay readable.
    """
    rows = timeline_table(table)
    count = len(rows)
    with style.context(mode):
        font = plt.rcParams["font.size"]
        height = max(5.0, 1.5 + count * font * 1.8 / 72)  # about 1.8 lines per label
        fig, ax = plt.subplots(figsize=(plt.rcParams["figure.figsize"][0], height))
        start, end = np.floor(rows["year"].min() - 1), np.ceil(rows["year"].max() + 1)
        margin = (end - start) * 0.03
        label_y = np.linspace(start + margin, end - margin, count) if count > 1 else rows["year"]
        ax.axvline(0, color=style.PALETTE["grey"], linewidth=plt.rcParams["lines.linewidth"] / 2,
                   zorder=1)
        for index, (category, label) in enumerate(category_labels().items()):
            chosen = rows["category"] == category
            if not chosen.any():
                continue
            ax.scatter(np.zeros(chosen.sum()), rows.loc[chosen, "year"], color=style.color(index),
                       marker=style.marker(index), s=plt.rcParams["lines.markersize"] ** 2,
                       edgecolor="black", linewidth=0.8, zorder=3,
                       label=label)
        for (_, row), y in zip(rows.iterrows(), label_y, strict=True):
            ax.plot([0.02, 0.16], [row["year"], y], color=style.PALETTE["grey"],
                    linewidth=0.8, zorder=2)
            ax.text(0.18, y, f"{row['date'][:4]}  {row['label']}", va="center", ha="left")
        ax.set_xlim(-0.08, 1.0)
        ax.set_ylim(end, start)  # time runs downwards, like reading a list
        ax.set_xticks([])
        ax.spines[["bottom", "top", "right"]].set_visible(False)
        ax.set_ylabel("Year")
        ax.set_title("Ketamine: from first synthesis to psychiatric approvals", loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=3, frameon=False,
                  borderaxespad=0.3)
        fig.tight_layout()
    return fig
