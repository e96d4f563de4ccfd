"""Interactive explorers, built on the pure data and figure functions.

Each explorer is displayed together with a static view of its default state, so the
notebook still reads on GitHub, nbviewer or an exported handout where no kernel runs:
JupyterLab shows the live widget; a viewer without widgets shows the static view.
"""

from __future__ import annotations

import base64
import html

import pandas as pd

from .data import load
from .diagrams.timeline import timeline_table


class WithStaticView:
    """Display ``widget`` live, with a static HTML and/or PNG view as the fallback."""

    def __init__(self, widget, html_view: str | None = None, png: bytes | None = None,
                 alt: str | None = None):
        if png is not None and not alt:
            raise ValueError("A static image needs alt text.")
        self.widget, self.html_view, self.png, self.alt = widget, html_view, png, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = dict(self.widget._repr_mimebundle_())
        metadata = {}
        if self.html_view is not None:
            data["text/html"] = self.html_view
        if self.png is not None:
            data["image/png"] = base64.b64encode(self.png).decode("ascii")
            metadata["image/png"] = {"alt": self.alt}
        return data, metadata


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
