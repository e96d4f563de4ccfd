"""Notebook 04: the route comparison as a styled table for reading and a chart for slides,
both from routes.csv (the table's cells are built in ketamine_course/routes.py).

Ranges stay ranges: a cell shows the lowest and the highest value the sources report, one
value where they agree, and a dash where no source gives one.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import style
from ..data import caption, labels, load
from ..formats import DASH, value_range
from ..routes import RANGE_COLUMNS, TEXT_COLUMNS, route_table
from ..tables import CELL_ALIGN, HEADING_ALIGN, ScrollableTable, chart_numbers

# The styled table's caption, in data/captions.csv with the other captions.
TABLE_CAPTION_NAME = "route_comparison_table"
# Long text a slide leaves to the notebook and the handout (class slide-omit, read by the
# slides template): with it, one route's row is taller than a slide.
SLIDE_OMITS = ("Dose in studies or on the label", "Setting and monitoring", "Approval status",
               "Sources")


def route_table_styled(routes: pd.DataFrame | None = None):
    """The route table: HTML with a caption, wrapped text, no index, in a box that scrolls
    sideways on a narrow screen and can take keyboard focus (tables.ScrollableTable).

    The id is fixed so the HTML is the same on every run (nbval compares it).
    """
    table = route_table(routes)
    long_text = list(TEXT_COLUMNS)[:2] + ["Approval status"]
    title = caption(TABLE_CAPTION_NAME)
    on_slides = pd.DataFrame("", index=table.index, columns=table.columns)
    on_slides[list(SLIDE_OMITS)] = "slide-omit"
    return ScrollableTable(table.style
            .set_uuid("route-comparison")
            .hide(axis="index")
            .set_td_classes(on_slides)
            .set_caption(title)
            .map(lambda value: "font-weight: bold" if value == "yes" else "",
                 subset=["Approved for depression"])
            .set_properties(subset=long_text, **{"min-width": "16em"})
            .set_properties(subset=list(RANGE_COLUMNS), **{"white-space": "nowrap"})
            # Long text and source keys (single long words) may break anywhere rather than
            # widen the table: short columns keep their words whole on a narrow page.
            .set_properties(subset=[*long_text, "Sources"], **{"overflow-wrap": "anywhere"})
            .set_table_styles([
                {"selector": "caption", "props": "caption-side: top; text-align: left; "
                                                 "font-weight: normal; padding-bottom: 0.5em"},
                {"selector": "th", "props": HEADING_ALIGN},
                {"selector": "td", "props": CELL_ALIGN},
            ]), title)


def _row_label(row) -> str:
    return f"{row['route']}\n{row['product']}"


def route_comparison_alt(routes: pd.DataFrame | None = None) -> str:
    """Alt text for the route comparison figure, built from the same rows."""
    routes = load("routes") if routes is None else routes
    parts = []
    for _, row in routes.iterrows():
        bioavailability = value_range(row["bioavailability_pct_low"],
                                       row["bioavailability_pct_high"], "%")
        tmax = value_range(row["tmax_min_low"], row["tmax_min_high"], "min")
        tmax = "no source" if tmax == DASH else tmax
        parts.append(f"{row['route']} ({row['product']}): bioavailability {bioavailability}, "
                     f"time to peak {tmax}")
    approved = [f"{row['route']} ({row['product']})" for _, row in routes.iterrows()
                if row["approved_for_depression"] == "yes"]
    return (f"Chart comparing {len(routes)} routes of ketamine administration. "
            + "; ".join(parts) + ". Approved for depression: "
            + (", ".join(approved) if approved else "none") + "; all other routes are not.")


def _range_panel(ax, routes, stem, x_max, unit):
    """Horizontal bars from low to high, a marker at each end, the range written beside it."""
    linewidth = mpl.rcParams["lines.linewidth"]
    for position, (index, row) in enumerate(routes.iterrows()):
        low, high = row[f"{stem}_low"], row[f"{stem}_high"]
        text = value_range(low, high)
        if text == DASH:
            ax.text(x_max * 0.02, position, "no value in sources", va="center", ha="left",
                    color=style.PALETTE["grey"], style="italic")
            continue
        ends = [value for value in (low, high) if not pd.isna(value)]
        colour, marker = style.color(index), style.marker(index)
        ax.plot(ends, [position] * len(ends), color=colour, linewidth=linewidth * 3,
                solid_capstyle="butt", zorder=2)
        ax.plot(ends, [position] * len(ends), linestyle="none", marker=marker, color=colour,
                markeredgecolor="black", markersize=mpl.rcParams["lines.markersize"] * 1.2,
                zorder=3)
        ax.text(max(ends) + x_max * 0.06, position, text + unit, va="center", ha="left")
    ax.set_xlim(0, x_max * 1.45)
    ax.set_xticks(np.linspace(0, x_max, 5))
    ax.spines["bottom"].set_bounds(0, x_max)
    ax.grid(axis="x", color=style.PALETTE["grey"], alpha=0.3)
    ax.tick_params(axis="y", length=0)


def route_comparison_numbers(routes: pd.DataFrame | None = None):
    """The chart's ranges as a table (style.show's ``numbers``); a dash where no source
    gives a value, as in the chart."""
    routes = load("routes") if routes is None else routes
    shown = pd.DataFrame({
        "route": routes["route"], "product": routes["product"],
        "bioavailability_text": [value_range(row.bioavailability_pct_low,
                                             row.bioavailability_pct_high) or DASH
                                 for row in routes.itertuples()],
        "tmax_text": [value_range(row.tmax_min_low, row.tmax_min_high) or DASH
                      for row in routes.itertuples()],
        "approval_text": routes["approved_for_depression"].map(
            labels("approval_for_depression")),
    })
    return chart_numbers(shown, "route-comparison-numbers", {
        "route": "Route", "product": "Product", "bioavailability_text": "Bioavailability (%)",
        "tmax_text": "Time to peak (min)", "approval_text": "For depression"})


def route_comparison_chart(routes: pd.DataFrame | None = None, mode: str | None = None):
    """The route comparison for slides: bioavailability, time to peak and approval, per route."""
    routes = load("routes") if routes is None else routes
    routes = routes.reset_index(drop=True)
    count = len(routes)
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        width = mpl.rcParams["figure.figsize"][0] * 1.25  # route names need a wide margin
        height = max(4.5, 1.6 + count * font * 4 / 72)  # about four lines per route
        fig, (bio_ax, tmax_ax, status_ax) = style.subplots(
            1, 3, figsize=(width, height), sharey=True,
            gridspec_kw={"width_ratios": [3, 3, 1.6]})
        _range_panel(bio_ax, routes, "bioavailability_pct", 100, "%")
        bio_ax.set_xlabel("Bioavailability\n(% of the dose reaching the blood)")
        tmax_high = routes["tmax_min_high"].max()
        tmax_limit = 60.0 if pd.isna(tmax_high) else float(np.ceil(tmax_high / 10) * 10)
        _range_panel(tmax_ax, routes, "tmax_min", tmax_limit, " min")
        tmax_ax.set_xlabel("Time to peak\nplasma level (min)")
        # Two lines in the narrow panel: "Not approved / for depression".
        approval = {key: label.replace(" for ", "\nfor ")
                    for key, label in labels("approval_for_depression").items()}
        for position, (_, row) in enumerate(routes.iterrows()):
            approved = row["approved_for_depression"] == "yes"
            status_ax.text(0.05, position, approval[row["approved_for_depression"]],
                           va="center", ha="left", fontweight="bold" if approved else "normal",
                           bbox={"boxstyle": "round,pad=0.3", "linewidth": 1.5,
                                 "facecolor": "white",
                                 "edgecolor": "black" if approved else style.PALETTE["grey"],
                                 "linestyle": "-" if approved else "--"})
        status_ax.set_xlim(0, 1)
        status_ax.axis("off")
        bio_ax.set_yticks(range(count), [_row_label(row) for _, row in routes.iterrows()])
        bio_ax.set_ylim(count - 0.5, -0.5)  # first route at the top, as in the table
        fig.suptitle("Ketamine and esketamine by route", x=0.01, ha="left",
                     fontsize=mpl.rcParams["axes.titlesize"])
        fig.tight_layout()
    return fig
