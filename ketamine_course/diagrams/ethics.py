"""Notebook 07: the cost chart, the cost ranges of data/costs.csv, one panel per currency.

Figures in different currencies are never put on one axis (converting them would add a
number no source gives). Each row is a bar from ``cost_low`` to ``cost_high`` with a
marker at both ends, so a single figure (low = high) still shows as a marker. How firm a
figure is shows three ways at once: bar pattern, marker shape and a text label.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from .. import style
from ..ethics import confidence_labels, cost_range_text, cost_table
from ..formats import money
from ..tables import chart_numbers


def confidence_style(level: str) -> dict:
    """Colour, marker and hatch of a confidence level (the same pairing in every figure)."""
    levels = list(confidence_labels())
    if level not in levels:
        raise ValueError(f"level must be one of {', '.join(levels)}; got {level!r}.")
    index = levels.index(level)
    return {"color": style.color(index), "marker": style.marker(index),
            "hatch": style.HATCHES[index + 1]}  # HATCHES[0] is no hatch: every level gets one


def _row_label(row, separator: str = " · ") -> str:
    return (f"{cost_range_text(row['cost_low'], row['cost_high'], row['currency'])}"
            f"{separator}{row['confidence']} confidence")


def cost_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text that reads out every figure of the chart, built from the same rows."""
    rows = cost_table(table)
    currencies = list(dict.fromkeys(rows["currency"]))
    parts = []
    for currency in currencies:
        part = rows[rows["currency"] == currency]
        places = ", ".join(dict.fromkeys(part["jurisdiction"]))
        figures = "; ".join(f"{row['item']}: {_row_label(row)}" for _, row in part.iterrows())
        parts.append(f"{currency} ({places}): {figures}.")
    return (f"Chart of {len(rows)} cost figures in {len(currencies)} currencies, one panel each, "
            "on a logarithmic scale. " + " ".join(parts) +
            " Confidence is shown by bar pattern, marker shape and a text label.")


def cost_numbers(table: pd.DataFrame | None = None):
    """Every cost figure of the chart as a table (style.show's ``numbers``)."""
    rows = cost_table(table)
    rows = rows.assign(cost=[cost_range_text(row["cost_low"], row["cost_high"], row["currency"])
                             for _, row in rows.iterrows()])
    return chart_numbers(rows, "cost-numbers", {
        "item": "Item", "jurisdiction": "Where", "cost": "Cost", "year": "Year",
        "confidence": "Confidence"})


def cost_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw the cost ranges; returns the Figure (one Axes per currency, top to bottom)."""
    rows = cost_table(table)
    currencies = list(dict.fromkeys(rows["currency"]))
    counts = [int((rows["currency"] == currency).sum()) for currency in currencies]
    # Dollar signs in labels are text, not the start of mathematical notation.
    with style.context(mode), mpl.rc_context({"text.parse_math": False}):
        font = mpl.rcParams["font.size"]
        row_pt = font * 3.0  # room for a two-line value label and a gap
        # A first guess at the height; the layout below corrects it. The figure is never
        # wider than the lecture reference width, so its text is not shrunk on a projector.
        height = 1.6 + sum(counts) * row_pt / 72 + len(currencies) * font * 3.2 / 72
        width = min(mpl.rcParams["figure.figsize"][0] * 1.4, style.LECTURE_REFERENCE_WIDTH_IN)
        fig, axes = style.subplots(len(currencies), 1, squeeze=False, figsize=(width, height),
                                   gridspec_kw={"height_ratios": counts})
        marker_size = mpl.rcParams["lines.markersize"]
        for ax, currency in zip(axes[:, 0], currencies, strict=True):
            part = rows[rows["currency"] == currency].reset_index(drop=True)
            for index, row in part.iterrows():
                look = confidence_style(row["confidence"])
                # A single figure is a bar of no width: no outline, or it shows as a tick.
                ax.barh(index, row["cost_high"] - row["cost_low"], left=row["cost_low"],
                        height=0.45, facecolor=look["color"] + "59", edgecolor=look["color"],
                        hatch=look["hatch"], zorder=2,
                        linewidth=1.0 if row["cost_high"] > row["cost_low"] else 0)
                ax.plot([row["cost_low"], row["cost_high"]], [index, index], linestyle="none",
                        marker=look["marker"], markersize=marker_size, color=look["color"],
                        markeredgecolor="black", zorder=3)
                # The figure and its confidence as text, in a column right of the panel:
                # two short lines, so the column stays narrow.
                ax.text(1.02, index, _row_label(row, "\n"), va="center", ha="left",
                        transform=ax.get_yaxis_transform())
            ax.set_xscale("log")
            low, high = part["cost_low"].min(), part["cost_high"].max()
            ax.set_xlim(low / 2, high * 2)
            decades = 10.0 ** np.arange(np.floor(np.log10(low / 2)), np.ceil(np.log10(high * 2)))
            ax.xaxis.set_major_locator(FixedLocator(decades[decades >= low / 2]))
            ax.xaxis.set_major_formatter(FuncFormatter(
                lambda value, _position, currency=currency: money(value, currency)))
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_ylim(len(part) - 0.5, -0.5)  # first row on top
            ax.set_yticks(np.arange(len(part)), part["item"])
            places = ", ".join(dict.fromkeys(part["jurisdiction"]))
            ax.set_title(f"{currency}: {places}", loc="left")
            ax.set_xlabel(f"Cost in {currency} (logarithmic scale)")
            ax.grid(axis="x", which="major", color=style.PALETTE["grey"], linewidth=0.5,
                    alpha=0.5, zorder=0)
        words = confidence_labels()
        levels = [level for level in words if level in set(rows["confidence"])]
        handles = []
        for level in levels:
            look = confidence_style(level)
            handles.append((Patch(facecolor=look["color"] + "59", edgecolor=look["color"],
                                  hatch=look["hatch"]),
                            Line2D([], [], linestyle="none", marker=look["marker"],
                                   color=look["color"], markeredgecolor="black",
                                   markersize=marker_size)))
        fig.legend(handles, [words[level] for level in levels],
                   title="Confidence in the figure", loc="lower left", ncol=1, frameon=False,
                   handler_map={tuple: _PairHandler()})
        fig.suptitle("What esketamine treatment costs, by source and currency", x=0.01,
                     ha="left", fontsize=mpl.rcParams["axes.titlesize"])
        legend_height = (len(levels) + 1.6) * font * 1.5 / 72
        fig.tight_layout(rect=(0, legend_height / height, 1, 0.97))
        # tight_layout gives titles, ticks and axis labels what they need, from the rows'
        # share: grow the figure by what the rows lack, so no two value labels touch.
        drawn = sum(ax.get_position().height for ax in axes[:, 0]) * height * 72
        missing = (sum(counts) * row_pt - drawn) / 72
        if missing > 0:
            height += missing
            fig.set_size_inches(width, height)
            fig.tight_layout(rect=(0, legend_height / height, 1, 0.97))
    return fig


class _PairHandler:
    """Legend entry showing a bar swatch and a marker side by side."""

    def legend_artist(self, legend, orig_handle, fontsize, handlebox):
        from matplotlib.legend_handler import HandlerPatch

        patch, line = orig_handle
        width, height = handlebox.width, handlebox.height
        swatch = HandlerPatch().legend_artist(legend, patch, fontsize, handlebox)
        swatch.set_width(width * 0.6)
        marker = Line2D([width * 0.8], [height / 2], linestyle="none", marker=line.get_marker(),
                        color=line.get_color(), markeredgecolor="black",
                        markersize=line.get_markersize(), transform=handlebox.get_transform())
        handlebox.add_artist(marker)
        return swatch
