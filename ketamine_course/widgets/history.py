"""Notebooks 00 and 01: explorers over ketamine's history (data/timeline.csv).

:class:`TimelineSlider`, the course's first widget (notebook 00), lists the events up to
a chosen year. :class:`TimelineHighlighter` (notebook 01) highlights one kind of event in
the timeline figure: a lecturer telling ketamine's history can bring one strand forward
at a time (its anaesthetic career, its recreational use, drug control, the psychiatric
research and approvals) while the rest of the timeline stays in view, faded.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from matplotlib.text import Text

from ..diagrams.history import timeline_alt, timeline_chart
from ..history import category_labels, events_until, timeline_table
from . import Explorer, LiveFigure

ALL = "all"
ALL_LABEL = "All events"
FADED_ALPHA = 0.15  # faded events stay legible enough to keep their place in the story


def _take(candidates: list, matches) -> object:
    """Remove and return the first candidate that ``matches``."""
    for index, candidate in enumerate(candidates):
        if matches(candidate):
            return candidates.pop(index)
    raise ValueError("the figure does not match its timeline table")


def category_artists(fig, table: pd.DataFrame | None = None) -> dict[str, list]:
    """The artists of each event category in a :func:`timeline_chart` figure.

    Markers are found by their legend label, event labels by their text and leader lines
    by the date they start from, so the mapping does not depend on drawing order.
    """
    rows = timeline_table(table)
    names = category_labels()
    ax = fig.axes[0]
    markers = {collection.get_label(): collection for collection in ax.collections}
    texts, lines = list(ax.texts), [line for line in ax.lines if len(line.get_xdata()) == 2]
    groups: dict[str, list] = {}
    for row in rows.itertuples(index=False):
        group = groups.setdefault(row.category, [markers[names[row.category]]])
        group.append(_take(texts, lambda text, row=row:
                           text.get_text() == f"{row.date[:4]}  {row.label}"))
        group.append(_take(lines, lambda line, row=row: line.get_ydata()[0] == row.year))
    return groups


def add_veils(fig, groups: dict[str, list]) -> dict[str, list]:
    """White bands, hidden for now, laid over the event labels of each category.

    Fading a label through its own alpha would re-render its text at every change, the
    slowest thing matplotlib draws. A veil over the label fades it just as well, and the
    labels themselves stay in the background that blitting keeps.
    """
    from matplotlib.patches import Rectangle

    ax = fig.axes[0]
    texts = [artist for artists in groups.values() for artist in artists
             if isinstance(artist, Text)]
    heights = np.diff(sorted(text.get_position()[1] for text in texts))
    height = float(heights.min()) if len(heights) else 1.0
    left, right = min(text.get_position()[0] for text in texts) - 0.01, ax.get_xlim()[1]
    veils = {}
    for category, artists in groups.items():
        veils[category] = [
            ax.add_patch(Rectangle((left, artist.get_position()[1] - height / 2),
                                   right - left, height, facecolor="white",
                                   alpha=1 - FADED_ALPHA, linewidth=0, visible=False,
                                   zorder=4))
            for artist in artists if isinstance(artist, Text)]
    return veils


def highlight(groups: dict[str, list], veils: dict[str, list], category: str) -> None:
    """Full strength for ``category`` (or for every event with ``ALL``), faded for the rest.

    Markers and leader lines take a lower alpha; labels are covered by their veils.
    """
    if category != ALL and category not in groups:
        raise ValueError(f"category must be {ALL!r} or one of {', '.join(groups)}; "
                         f"got {category!r}.")
    for name, artists in groups.items():
        chosen = category in (ALL, name)
        for artist in artists:
            if not isinstance(artist, Text):
                artist.set_alpha(1.0 if chosen else FADED_ALPHA)
        for veil in veils[name]:
            veil.set_visible(not chosen)


def highlight_alt(category: str, table: pd.DataFrame | None = None) -> str:
    """Alt text for the timeline with ``category`` highlighted, built from the same rows."""
    if category == ALL:
        return timeline_alt(table)
    rows = timeline_table(table)
    chosen = rows[rows["category"] == category]
    events = "; ".join(f"{date} {label}" for date, label in zip(chosen["date"], chosen["label"],
                                                                   strict=True))
    return (f"Timeline of {len(rows)} events from {rows['date'].iloc[0][:4]} to "
            f"{rows['date'].iloc[-1][:4]}, with the {len(chosen)} events of the kind "
            f"'{category_labels()[category]}' highlighted and the others faded: {events}.")


class TimelineHighlighter(Explorer):
    """A ``category`` menu of event kinds above the timeline figure, which highlights the
    kind chosen. ``groups`` and ``veils`` are the artists it changes."""

    def __init__(self, category: str = ALL, table: pd.DataFrame | None = None):
        import ipywidgets as widgets

        rows = timeline_table(table)
        fig = timeline_chart(table)
        self.groups = category_artists(fig, table)
        self.veils = add_veils(fig, self.groups)
        names = category_labels()
        present = [name for name in names if name in set(rows["category"])]
        if category not in (ALL, *present):
            raise ValueError(f"category must be {ALL!r} or one of {', '.join(present)}; "
                             f"got {category!r}.")
        self.alt_texts = {name: highlight_alt(name, table) for name in [ALL, *present]}
        self.controls = {"category": widgets.Dropdown(
            options=[(ALL_LABEL, ALL)] + [(names[name], name) for name in present],
            value=category, description="Highlight")}
        # Labels stay in the kept background; markers, leader lines and veils are redrawn.
        changing = [artist for artists in self.groups.values() for artist in artists
                    if not isinstance(artist, Text)]
        highlight(self.groups, self.veils, category)
        self.live = LiveFigure(fig, self.alt_texts[category],
                               animated=changing + [veil for group in self.veils.values()
                                                    for veil in group])
        self._connect()

    def update(self, _change=None):
        category = self.controls["category"].value
        highlight(self.groups, self.veils, category)
        self.live.refresh(alt=self.alt_texts[category])


def timeline_highlighter(category: str = ALL, table: pd.DataFrame | None = None):
    """The timeline figure with a menu that highlights one kind of event."""
    return TimelineHighlighter(category, table)


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
        years = self.table["date"].str.slice(0, 4).astype(int)
        first, last = int(years.min()), int(years.max())
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


def timeline_slider(start_year: int | None = None) -> TimelineSlider:
    """The course's first widget: a year slider over the timeline events."""
    return TimelineSlider(start_year)
