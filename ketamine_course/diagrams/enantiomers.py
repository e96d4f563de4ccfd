"""Notebook 01: the enantiomer chart (NMDA receptor affinity and medical use of racemic
ketamine and its two enantiomers)."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import style
from ..enantiomers import KI_UNIT, enantiomer_rows, ki_text
from ..tables import chart_numbers


def enantiomer_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text for the enantiomer figure, built from the same rows."""
    rows = enantiomer_rows(table)
    parts = [f"{row.form}: {ki_text(row.nmda_ki_umol_low, row.nmda_ki_umol_high)}; "
             f"{row.medical_use}" for row in rows.itertuples(index=False)]
    return ("Bar chart of NMDA receptor affinity (Ki, lower means tighter binding) with the "
            "medical use of each form. " + ". ".join(parts) + ".")


def enantiomer_numbers(table: pd.DataFrame | None = None):
    """The chart's affinities and uses as a table (style.show's ``numbers``)."""
    rows = enantiomer_rows(table)
    rows = rows.assign(ki=[ki_text(row.nmda_ki_umol_low, row.nmda_ki_umol_high)
                           for row in rows.itertuples(index=False)])
    return chart_numbers(rows, "enantiomer-numbers", {
        "form": "Form", "ki": "NMDA receptor affinity (Ki)", "medical_use": "Medical use"})


def enantiomer_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw one band per form: its Ki as a bar, and under it what the form is used for.

    A form without a measured Ki gets no bar and says so, rather than a bar of zero.
    Each form has its own hatch as well as its own colour.
    """
    rows = enantiomer_rows(table)
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        line = font * 1.5 / 72
        width = mpl.rcParams["figure.figsize"][0]
        fig, ax = style.subplots(figsize=(width, 3.5 * line + len(rows) * 5.0 * line))
        known = rows["nmda_ki_umol_high"].dropna()
        top = float(known.max()) * 1.5 if not known.empty else 1.0
        # Characters per line across the plotting area (about 3/4 of the figure's width).
        wrap = int(0.75 * width * 72 / (0.9 * font * 0.6))
        for index, row in enumerate(rows.itertuples(index=False)):
            label = ki_text(row.nmda_ki_umol_low, row.nmda_ki_umol_high)
            if pd.isna(row.nmda_ki_umol_low):
                ax.text(0.01 * top, index - 0.18, label, va="center", ha="left",
                        fontstyle="italic", color=style.PALETTE["grey"])
            else:
                ax.barh(index - 0.18, row.nmda_ki_umol_low, height=0.36,
                        color=style.color(index), hatch=style.HATCHES[index % len(style.HATCHES)],
                        edgecolor="black", linewidth=0.8, label=row.form)
                if row.nmda_ki_umol_high > row.nmda_ki_umol_low:  # a range across sources
                    ax.plot([row.nmda_ki_umol_low, row.nmda_ki_umol_high], [index - 0.18] * 2,
                            color="black", marker="|", markersize=font)
                ax.text(row.nmda_ki_umol_high + 0.015 * top, index - 0.18, label, va="center",
                        ha="left")
            ax.text(0.0, index + 0.08, textwrap.fill(f"{row.composition}. {row.medical_use}.",
                                                     wrap), va="top", ha="left",
                    fontsize=font * 0.9, transform=ax.get_yaxis_transform())
        ax.set_yticks(np.arange(len(rows)) - 0.18, rows["form"], fontweight="bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows) - 0.3, -0.5)
        ax.set_xlim(0, top)
        ax.set_xlabel(f"NMDA receptor Ki ({KI_UNIT})\na shorter bar means tighter binding")
        ax.spines["left"].set_visible(False)
        ax.set_title("Racemic ketamine and its two enantiomers", loc="left")
        fig.tight_layout()
    return fig
