"""Notebooks 00 and 01: the timeline figure, from ketamine's first synthesis to the
psychiatric approvals."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.text import Text

from .. import style
from ..history import category_labels, timeline_table
from ..tables import chart_numbers


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


def timeline_numbers(table: pd.DataFrame | None = None):
    """The timeline's events as a table (style.show's ``numbers``), oldest first."""
    rows = timeline_table(table)
    rows = rows.assign(kind=rows["category"].map(category_labels()))
    return chart_numbers(rows, "timeline-numbers", {
        "date": "Date", "label": "Event", "kind": "Category"})


def timeline_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Draw the timeline; returns the Figure.

    Events sit on a true-scale time axis on the left; their labels are spaced evenly
    on the right and joined to their dates by leader lines, so clustered years
    (2019-2020) stay readable.
    """
    rows = timeline_table(table)
    count = len(rows)
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        height = max(5.0, 1.5 + count * font * 1.8 / 72)  # about 1.8 lines per label
        fig, ax = style.subplots(figsize=(mpl.rcParams["figure.figsize"][0], height))
        start, end = np.floor(rows["year"].min() - 1), np.ceil(rows["year"].max() + 1)
        margin = (end - start) * 0.03
        label_y = np.linspace(start + margin, end - margin, count) if count > 1 else rows["year"]
        ax.axvline(0, color=style.PALETTE["grey"], linewidth=mpl.rcParams["lines.linewidth"] / 2,
                   zorder=1)
        for index, (category, label) in enumerate(category_labels().items()):
            chosen = rows["category"] == category
            if not chosen.any():
                continue
            ax.scatter(np.zeros(chosen.sum()), rows.loc[chosen, "year"], color=style.color(index),
                       marker=style.marker(index), s=mpl.rcParams["lines.markersize"] ** 2,
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


ALL = "all"


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



class TimelineHighlight:
    """The timeline figure made ready to bring one kind of event forward at a time.

    :meth:`show` highlights a category (or every event with ``ALL``) and fades the rest;
    ``animated`` lists the artists that change, so an explorer can blit them; the event
    labels stay in the kept background, covered or uncovered by their veils.
    """

    def __init__(self, table: pd.DataFrame | None = None, mode: str | None = None):
        self.table = table
        self.fig = timeline_chart(table, mode)
        self.groups = category_artists(self.fig, table)
        self.veils = add_veils(self.fig, self.groups)

    @property
    def animated(self) -> list:
        changing = [artist for artists in self.groups.values() for artist in artists
                    if not isinstance(artist, Text)]
        return changing + [veil for group in self.veils.values() for veil in group]

    def show(self, category: str) -> None:
        highlight(self.groups, self.veils, category)

    def alt(self, category: str) -> str:
        return highlight_alt(category, self.table)
