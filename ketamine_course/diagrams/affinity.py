"""Notebook 03: the "why dose matters" chart, NMDA receptor affinity (Ki of each
enantiomer) against the peak plasma concentrations of racemic ketamine, in micromolar."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import style
from ..affinity import concentration_table
from ..tables import chart_numbers


def _um(value: float) -> str:
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


def concentration_alt(table: pd.DataFrame | None = None) -> str:
    rows = concentration_table() if table is None else table
    parts = [f"{row.what}: {_um(row.low_um)}" + ("" if row.low_um == row.high_um
                                                 else f" to {_um(row.high_um)}") + " µM"
             for row in rows.itertuples()]
    return ("Chart on a logarithmic concentration axis in micromolar. Markers show NMDA "
            "receptor affinities and shaded bands show peak plasma concentrations of racemic "
            "ketamine. " + "; ".join(parts) + ".")


def concentration_numbers(table: pd.DataFrame | None = None):
    """The chart's affinities and plasma ranges in µM as a table (style.show's ``numbers``)."""
    rows = concentration_table() if table is None else table
    rows = rows.assign(low_text=rows["low_um"].map(_um), high_text=rows["high_um"].map(_um))
    return chart_numbers(rows, "concentration-numbers", {
        "what": "What", "low_text": "Low (µM)", "high_text": "High (µM)"})


def concentration_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Ki of each enantiomer (markers) against plasma peak ranges (hatched bands), in µM."""
    rows = concentration_table() if table is None else table
    affinity = rows[rows["kind"] == "affinity"].reset_index(drop=True)
    plasma = rows[rows["kind"] == "plasma"].reset_index(drop=True)
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        fig, ax = style.subplots(figsize=(mpl.rcParams["figure.figsize"][0],
                                          mpl.rcParams["figure.figsize"][1] * 0.9))
        for index, row in plasma.iterrows():
            band = ax.axvspan(row.low_um, row.high_um, color=style.color(index + 2),
                              alpha=0.18, hatch=style.HATCHES[index + 1], linewidth=0)
            band.set_gid(f"plasma:{row.id}")
            regimen, dose = row.what.split(", ", 1)
            ax.text(np.sqrt(row.low_um * row.high_um), len(affinity) - 0.35,
                    f"{regimen}\n{dose}\nplasma peak\n{_um(row.low_um)}–{_um(row.high_um)} µM",
                    ha="center", va="bottom", fontsize=font * 0.8)
        for index, row in affinity.iterrows():
            bars = ax.errorbar([row.low_um], [index], xerr=[[0], [row.high_um - row.low_um]],
                               marker=style.marker(index),
                               markersize=mpl.rcParams["lines.markersize"] * 1.3,
                               color=style.color(index), markeredgecolor="black",
                               linestyle="none", capsize=4)
            bars.lines[0].set_gid(f"ki:{row.id}")
            ax.annotate(f"{row.what}\n{_um(row.low_um)} µM", (row.low_um, index),
                        xytext=(10, 0), textcoords="offset points", va="center", ha="left",
                        fontsize=font * 0.9)
        ax.set_xscale("log")
        ax.set_xlim(0.1, 30)
        ticks = [0.1, 0.3, 1, 3, 10, 30]
        ax.set_xticks(ticks, [f"{tick:g}" for tick in ticks])
        ax.minorticks_off()
        ax.set_ylim(-0.8, len(affinity) + 0.9)
        ax.set_yticks([])
        ax.spines[["left"]].set_visible(False)
        ax.set_xlabel("Concentration (µM, log scale); Ki: lower means tighter binding")
        ax.set_title("Why dose matters: NMDA receptor affinity against plasma levels",
                     loc="left")
        fig.tight_layout()
    return fig
