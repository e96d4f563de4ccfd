"""Notebooks 00 and 01: explorers over ketamine's history (data/timeline.csv).

:class:`TimelineSlider`, the course's first widget (notebook 00), lists the events up to
a chosen year. :class:`TimelineHighlighter` (notebook 01) highlights one kind of event in
the timeline figure: a lecturer telling ketamine's history can bring one strand forward
at a time (its anaesthetic career, its recreational use, drug control, the psychiatric
research and approvals) while the rest of the timeline stays in view, faded.
"""

from __future__ import annotations

import html

import pandas as pd

from ..diagrams.history import ALL, TimelineHighlight
from ..history import events_until, present_categories, timeline_table, year_span
from . import ALL_LABEL, Explorer, LiveFigure


class TimelineHighlighter(Explorer):
    """A ``category`` menu of event kinds above the timeline figure (``chart``, a
    TimelineHighlight), which highlights the kind chosen."""

    def __init__(self, category: str = ALL, table: pd.DataFrame | None = None,
                 mode: str | None = None):
        import ipywidgets as widgets

        present = present_categories(table)
        if category not in (ALL, *present):
            raise ValueError(f"category must be {ALL!r} or one of {', '.join(present)}; "
                             f"got {category!r}.")
        self.chart = TimelineHighlight(table, mode)
        self.alt_texts = {name: self.chart.alt(name) for name in [ALL, *present]}  # once
        self.controls = {"category": widgets.Dropdown(
            options=[(ALL_LABEL, ALL)] + [(label, name) for name, label in present.items()],
            value=category, description="Highlight")}
        self.chart.show(category)
        self.live = LiveFigure(self.chart.fig, self.alt_texts[category],
                               animated=self.chart.animated)
        self._connect()

    def update(self, _change=None):
        category = self.controls["category"].value
        self.chart.show(category)
        self.live.refresh(alt=self.alt_texts[category])


def timeline_highlighter(category: str = ALL, table: pd.DataFrame | None = None,
                         mode: str | None = None) -> TimelineHighlighter:
    """The timeline figure with a menu that highlights one kind of event."""
    return TimelineHighlighter(category, table, mode)


def events_html(rows: pd.DataFrame, year: int) -> str:
    """The rows as a short HTML list headed by the year chosen."""
    items = "".join(f"<li>{html.escape(date)}: {html.escape(event)}</li>"
                    for date, event in zip(rows["date"], rows["event"], strict=True))
    count = f"{len(rows)} event" + ("" if len(rows) == 1 else "s")
    return (f"<p><strong>{count} up to {year}</strong></p>"
            f"<ul>{items}</ul>")


class TimelineSlider(Explorer):
    """A ``year`` slider and, under it, the timeline events up to that year."""

    def __init__(self, start_year: int | None = None, table: pd.DataFrame | None = None):
        import ipywidgets as widgets

        self.table = timeline_table(table)
        first, last = year_span(self.table)
        value = first if start_year is None else start_year
        self.controls = {"year": widgets.IntSlider(value=value, min=first, max=last, step=1,
                                                   description="Year",
                                                   continuous_update=True)}
        self.listing = widgets.HTML()
        self.panels = (self.listing,)
        self.update()
        self._connect()

    def update(self, _change=None):
        year = self.controls["year"].value
        self.listing.value = events_html(events_until(year, self.table), year)


def timeline_slider(start_year: int | None = None,
                    table: pd.DataFrame | None = None) -> TimelineSlider:
    """The course's first widget: a year slider over the timeline events."""
    return TimelineSlider(start_year, table)
