"""The course's first widget: a year slider over the timeline table."""

from __future__ import annotations

import html

import pandas as pd

from ..data import load
from ..diagrams.timeline import timeline_table
from . import WithStaticView


def events_until(year: int, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Timeline rows dated in or before ``year``, oldest first."""
    rows = timeline_table(table)
    return rows[rows["year"] < year + 1]


def events_html(rows: pd.DataFrame, year: int) -> str:
    """The rows as a short HTML list headed by the year chosen."""
    items = "".join(f"<li>{html.escape(date)}: {html.escape(event)}</li>"
                    for date, event in zip(rows["date"], rows["event"], strict=True))
    count = f"{len(rows)} event" + ("" if len(rows) == 1 else "s")
    return (f"<p><strong>{count} up to {year}</strong></p>"
            f"<ul>{items}</ul>")


def timeline_slider(start_year: int | None = None):
    """A year slider and the timeline events up to that year: the course's first widget."""
    import ipywidgets as widgets

    table = load("timeline")
    years = table["date"].str.slice(0, 4).astype(int)
    first, last = int(years.min()), int(years.max())
    value = first if start_year is None else start_year
    slider = widgets.IntSlider(value=value, min=first, max=last, step=1, description="Year",
                               continuous_update=True)
    listing = widgets.HTML()

    def redraw(_change=None):
        listing.value = events_html(events_until(slider.value, table), slider.value)

    slider.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([slider, listing])
    return WithStaticView(box, html_view=listing.value)
