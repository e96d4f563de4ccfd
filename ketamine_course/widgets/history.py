"""Notebook 01's explorer: pick a kind of event and the timeline figure highlights it.

A lecturer telling ketamine's history can bring one strand forward at a time (its
anaesthetic career, its recreational use, drug control, the psychiatric research and
approvals) while the rest of the timeline stays in view, faded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.text import Text

from ..diagrams.timeline import CATEGORY_LABELS, timeline_alt, timeline_chart, timeline_table

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
    ax = fig.axes[0]
    markers = {collection.get_label(): collection for collection in ax.collections}
    texts, lines = list(ax.texts), [line for line in ax.lines if len(line.get_xdata()) == 2]
    groups: dict[str, list] = {}
    for row in rows.itertuples(index=False):
        group = groups.setdefault(row.category, [markers[CATEGORY_LABELS[row.category]]])
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
            f"'{CATEGORY_LABELS[category]}' highlighted and the others faded: {events}.")


def timeline_highlighter(category: str = ALL, table: pd.DataFrame | None = None):
    """A dropdown of event kinds above the timeline figure, which highlights the kind chosen.

    Returns the displayable view; ``view.controls`` is the dropdown, ``view.live`` the
    :class:`~ketamine_course.widgets.LiveFigure`, ``view.groups`` and ``view.veils`` the
    artists it changes, so scripts and tests can drive and inspect it.
    """
    import ipywidgets as widgets

    from . import LiveFigure

    rows = timeline_table(table)
    fig = timeline_chart(table)
    groups = category_artists(fig, table)
    veils = add_veils(fig, groups)
    highlight(groups, veils, category)
    # Labels stay in the kept background; markers, leader lines and veils are redrawn.
    changing = [artist for artists in groups.values() for artist in artists
                if not isinstance(artist, Text)]
    present = [name for name in CATEGORY_LABELS if name in set(rows["category"])]
    alt_texts = {name: highlight_alt(name, table) for name in [ALL, *present]}  # once, up front
    dropdown = widgets.Dropdown(options=[(ALL_LABEL, ALL)]
                                + [(CATEGORY_LABELS[name], name) for name in present],
                                value=category, description="Highlight")
    live = LiveFigure(fig, alt_texts[category],
                      animated=changing + [veil for group in veils.values() for veil in group])

    def redraw(change):
        highlight(groups, veils, change["new"])
        live.refresh(alt=alt_texts[change["new"]])

    dropdown.observe(redraw, names="value")
    view = live.static_view(dropdown)
    view.controls, view.live, view.groups, view.veils = dropdown, live, groups, veils
    return view
