"""Notebook 05's figures: the side-effect chart, the acute course after a dose and the
monitoring checklist.

Every number comes from the tables in data/ (side_effects, side_effect_populations,
acute_course, bp_thresholds, safety_facts), checked and selected by
ketamine_course/safety.py. The acute-course figure plots only the times
the sources state (peaks, durations, resolution times); it never draws a fitted curve.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from .. import style
from ..data import labels
from ..formats import signed, source_keys, value_range
from ..safety import (
    acute_course_table,
    checklist_items,
    checklist_stages,
    default_population,
    evidence_labels,
    population_info,
    population_rows,
    side_effects,
)
from ..tables import chart_numbers

# Size of the checklist's source lines, as a fraction of font.size.
SOURCE_SCALE = 0.8
# The two arms of the side-effect chart: (name in the legend, series index for colour and marker).
ESKETAMINE_ARM = ("Esketamine arm", 0)
PLACEBO_ARM = ("Placebo nasal spray arm", 1)



# --- the side-effect chart ----------------------------------------------------------------


def _title(info: pd.Series, rows: pd.DataFrame) -> str:
    return (f"{info['label']}\n"
            f"Esketamine arm n = {int(rows['n_active'].iloc[0])}, "
            f"placebo arm n = {int(rows['n_placebo'].iloc[0])}")


def _alt(info: pd.Series, rows: pd.DataFrame) -> str:
    first, last = rows.iloc[0], rows.iloc[-1]

    def describe(row):
        return (f"{row['effect']} ({row['active_pct']:g}% on esketamine against "
                f"{row['placebo_pct']:g}% on placebo, "
                f"{signed(row['difference'])} points)")

    return (f"Dumbbell chart of {len(rows)} adverse events in {info['label']}, with "
            f"{int(first['n_active'])} patients in the esketamine arm and "
            f"{int(first['n_placebo'])} in the placebo arm, sorted by the difference between "
            f"the arms. Largest difference: {describe(first)}. Smallest: {describe(last)}.")


def side_effect_alt(population: str | None = None) -> str:
    """Alt text built from the same rows the chart draws."""
    population = default_population() if population is None else population
    return _alt(population_info(population), population_rows(population))


def side_effect_numbers(population: str | None = None, table_id: str = "side-effect-numbers"):
    """The chart's rows as a table (style.show's ``numbers``), in the order drawn."""
    rows = population_rows(population)
    return chart_numbers(rows, table_id, {
        "effect": "Adverse event", "active_pct": "Esketamine arm (%)",
        "placebo_pct": "Placebo arm (%)", "difference": "Difference (points)",
        "n_active": "Esketamine arm n", "n_placebo": "Placebo arm n"})


def _arm_marker(index: int, size: float) -> dict:
    """Marker style of an arm: the esketamine arm filled on top, the placebo arm open."""
    if index == ESKETAMINE_ARM[1]:
        return {"marker": style.marker(index), "markersize": size, "color": style.color(index),
                "markeredgecolor": "black", "markeredgewidth": 0.8, "zorder": 4}
    return {"marker": style.marker(index), "markersize": size * 1.35, "color": style.color(index),
            "markerfacecolor": "white", "markeredgewidth": 2.0, "zorder": 3}


class _SpriteText(Text):
    """A label that the Agg renderer pastes from a bitmap of its first rendering.

    Laying out and rasterising a label costs about 2 ms in Agg; pasting the same pixels
    costs microseconds, which keeps a population switch within the widget's time budget.
    Only for labels on the plain figure background (the chart's margins): the bitmap
    carries its background with it. Other renderers (SVG, PDF) draw the text as usual.
    """

    def __init__(self, *args, sprites: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self._sprites = sprites

    def draw(self, renderer):
        if type(renderer) is not RendererAgg or not self.get_visible() or not self.get_text():
            return super().draw(renderer)
        x, y = self.get_transform().transform(self.get_unitless_position())
        anchor = (round(x), round(y))
        key = (self.get_text(), self.get_fontsize(), self.get_fontweight(), self.get_color(),
               self.get_horizontalalignment(), self.get_verticalalignment(), renderer.dpi)
        if key not in self._sprites:
            super().draw(renderer)
            box = self.get_window_extent(renderer).padded(2)
            self._sprites[key] = (renderer.copy_from_bbox(box), anchor)
            return None
        region, first_anchor = self._sprites[key]
        left, top, _, _ = region.get_extents()  # image coordinates: y grows downwards
        renderer.restore_region(region, xy=(left + anchor[0] - first_anchor[0],
                                            top - (anchor[1] - first_anchor[1])))
        return None


class SideEffectChart:
    """The dumbbell chart of drug against placebo incidence, one population at a time.

    The figure holds one label pair per row, as many as the largest population has rows;
    :meth:`show` fills the first of them with the chosen population and hides the rest.
    Axis limits never change, so a widget can redraw only what changes (``animated``)
    when the population changes.
    """

    def __init__(self, mode: str | None = None):
        events = side_effects()
        self.capacity = int(events.groupby("population").size().max())
        largest = float(max(events["active_pct"].max(), events["placebo_pct"].max()))
        longest_name = int(events["effect"].str.len().max())
        self.population: str | None = None
        self._sprites: dict = {}
        with style.context(mode):
            self._build(largest, longest_name)

    def _label(self, x, y, **kwargs) -> _SpriteText:
        return _SpriteText(x, y, "", sprites=self._sprites, clip_on=False, **kwargs)

    def _build(self, largest: float, longest_name: int):
        rc = mpl.rcParams
        font, title_size = rc["font.size"], rc["axes.titlesize"]
        width = rc["figure.figsize"][0]
        row_inches = font * 1.75 / 72
        top_inches = (2 * title_size * 1.35 + 2.6 * font) / 72  # two title lines, legend
        bottom_inches = 3.2 * font / 72
        height = top_inches + self.capacity * row_inches + bottom_inches
        fig, ax = style.subplots(figsize=(width, height))
        # Margins from character counts: the row labels are drawn outside the axes.
        left = min(0.55, (longest_name * font * 0.5 / 72 + 0.15) / width)
        right = 1 - (10 * font * 0.85 * 0.6 / 72 + 0.15) / width  # room for 'Difference'
        fig.subplots_adjust(left=left, right=right, top=1 - top_inches / height,
                            bottom=bottom_inches / height)
        ax.set_xlim(0, math.ceil(largest / 10) * 10)
        ax.set_ylim(self.capacity - 0.5, -0.5)  # first row at the top
        ax.set_yticks([])
        ax.spines[["left", "top", "right"]].set_visible(False)
        ax.xaxis.grid(True, color=style.PALETTE["grey"], linewidth=0.6, alpha=0.5)
        ax.set_axisbelow(True)
        ax.set_xlabel("Patients with the adverse event (%)")
        marker_size = rc["lines.markersize"]
        gap = marker_size * 1.35 / 2 + 0.4 * font  # points between the axes and row labels
        ax.text(1.0, 1.0, "Difference\n(points)", ha="left", va="bottom", fontsize=font * 0.85,
                transform=offset_copy(ax.transAxes, fig=fig, x=gap, units="points"))
        self.links = LineCollection([], colors=style.PALETTE["grey"],
                                    linewidths=rc["lines.linewidth"], zorder=2, clip_on=False)
        ax.add_collection(self.links)
        # One line of points per arm; the placebo marker is open and larger, so equal
        # values still show both arms.
        self.points = {arm: ax.plot([], [], linestyle="none", clip_on=False,
                                    **_arm_marker(index, marker_size))[0]
                       for arm, (_, index) in (("active", ESKETAMINE_ARM),
                                               ("placebo", PLACEBO_ARM))}
        # Row labels sit beside the axes (x in axes fraction, y in rows), clear of markers
        # at 0% or at the right limit, which are drawn unclipped.
        on_rows = ax.get_yaxis_transform()
        left_of_axes = offset_copy(on_rows, fig=fig, x=-gap, units="points")
        right_of_axes = offset_copy(on_rows, fig=fig, x=gap, units="points")
        self.names = [ax.add_artist(self._label(0, 0, transform=left_of_axes, ha="right",
                                                va="center", gid="effect"))
                      for _ in range(self.capacity)]
        self.differences = [ax.add_artist(self._label(1, 0, transform=right_of_axes, ha="left",
                                                      va="center", gid="difference",
                                                      fontweight="bold"))
                            for _ in range(self.capacity)]
        handles = [Line2D([], [], linestyle="none", label=label, **_arm_marker(index, marker_size))
                   for label, index in (ESKETAMINE_ARM, PLACEBO_ARM)]
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2,
                  frameon=False, borderaxespad=0.3, handletextpad=0.3)
        self.title = fig.add_artist(self._label(0.01, 1 - 0.1 / height, transform=fig.transFigure,
                                                ha="left", va="top", fontsize=title_size,
                                                gid="title"))
        self.fig, self.ax = fig, ax

    @property
    def animated(self) -> list:
        """The artists that change with the population (for a blitting widget), in the
        order a full drawing uses (by zorder), so blitted frames match full ones."""
        artists = [self.title, self.links, *self.points.values(), *self.names, *self.differences]
        return sorted(artists, key=lambda artist: artist.get_zorder())

    def show(self, population: str) -> pd.DataFrame:
        """Draw ``population``'s rows; returns them, in the order drawn (top first)."""
        info = population_info(population)  # ValueError naming the known populations
        rows = population_rows(population)
        count = len(rows)
        # Spread the rows over the whole height, so every population fills the same axes.
        positions = (np.linspace(0, self.capacity - 1, count) if count > 1
                     else np.array([(self.capacity - 1) / 2]))
        # On whole pixels, so a label pasted from its bitmap matches a fresh rendering.
        to_pixels = self.ax.transData
        pixels = to_pixels.transform(np.column_stack([np.zeros(count), positions]))
        positions = to_pixels.inverted().transform(np.round(pixels))[:, 1]
        active = rows["active_pct"].to_numpy(dtype=float)
        placebo = rows["placebo_pct"].to_numpy(dtype=float)
        self.links.set_segments([[(low, y), (high, y)]
                                 for low, high, y in zip(placebo, active, positions, strict=True)])
        self.points["active"].set_data(active, positions)
        self.points["placebo"].set_data(placebo, positions)
        for index, (name, difference) in enumerate(zip(self.names, self.differences,
                                                       strict=True)):
            visible = index < count
            name.set_visible(visible)
            difference.set_visible(visible)
            if visible:
                name.set_text(rows["effect"].iloc[index])
                difference.set_text(signed(rows["difference"].iloc[index]))
                name.set_y(positions[index])
                difference.set_y(positions[index])
        self.title.set_text(_title(info, rows))
        self.population, self.alt = population, _alt(info, rows)
        return rows


def side_effect_chart(population: str | None = None, mode: str | None = None):
    """The side-effect chart of one population (default: the first in the menu); a Figure."""
    chart = SideEffectChart(mode)
    chart.show(default_population() if population is None else population)
    return chart.fig


# --- the acute course after one dose ------------------------------------------------------

def _timing_text(row) -> str:
    """'peak 20–40 min', 'resolved by 90 min' ...: the kind's words from data/labels.csv."""
    low, high = row["time_min_low"], row["time_min_high"]
    return labels("acute_timing")[row["kind"]].format(
        span=value_range(low, high, "min"), end=value_range(high, high, "min"))


def acute_course_alt() -> str:
    rows = acute_course_table()
    facts = "; ".join(f"{row['measure']}: {_timing_text(row)} {row['time_reference']} "
                      f"({evidence_labels()[row['evidence_type']].lower()})"
                      for _, row in rows.iterrows())
    return (f"Timeline of {len(rows)} sourced facts about the hours after one dose, in minutes; "
            f"each fact is drawn only at the times its source states, with no curve. {facts}.")


def acute_course_numbers():
    """The chart's sourced times as a table (style.show's ``numbers``)."""
    rows = acute_course_table()
    rows = rows.assign(when=[_timing_text(row) for _, row in rows.iterrows()],
                       evidence=rows["evidence_type"].map(evidence_labels()))
    return chart_numbers(rows, "acute-course-numbers", {
        "measure": "Measure", "when": "When", "time_reference": "Counted from",
        "evidence": "Evidence"})


def acute_course_chart(mode: str | None = None):
    """Sourced times after one dose: points, ranges and upper bounds, never a curve."""
    rows = acute_course_table()
    evidence_order = list(evidence_labels())
    with style.context(mode):
        rc = mpl.rcParams
        font = rc["font.size"]
        height = max(4.5, 1.8 + len(rows) * font * 3.2 / 72)
        fig, ax = style.subplots(figsize=(rc["figure.figsize"][0], height))
        end = float(rows["time_min_high"].max())
        ax.set_xlim(0, math.ceil(end * 1.25 / 30) * 30)
        ax.set_ylim(len(rows) - 0.4, -0.9)
        ax.set_xticks(np.arange(0, ax.get_xlim()[1] + 1, 30))
        ax.set_yticks([])  # each row is named by the line of text above it
        ax.spines[["left", "top", "right"]].set_visible(False)
        ax.xaxis.grid(True, color=style.PALETTE["grey"], linewidth=0.6, alpha=0.4)
        ax.set_axisbelow(True)
        bar = rc["lines.linewidth"] * 4
        for y, (_, row) in enumerate(rows.iterrows()):
            index = evidence_order.index(row["evidence_type"])
            colour, marker = style.color(index), style.marker(index)
            low, high, kind = row["time_min_low"], float(row["time_min_high"]), row["kind"]
            point = {"marker": marker, "markersize": rc["lines.markersize"] * 1.2,
                     "color": colour, "markeredgecolor": "black", "linestyle": "none",
                     "zorder": 4}
            if kind == "minimum_monitoring":
                ax.barh(y, high, left=0, height=0.45, color="white", edgecolor=colour,
                        hatch=style.HATCHES[1], linewidth=1.2, zorder=2)
                ax.axvline(high, color=colour, linestyle="--", linewidth=1.2, zorder=1)
                ax.plot([high], [y], **point)
            elif kind in ("resolved_by", "lasts_until"):
                # Only the end is sourced: a dotted guide from the dose to it, then the point.
                ax.plot([0, high], [y, y], color=colour, linestyle=":", linewidth=1.5, zorder=2)
                ax.plot([high], [y], **point)
            elif float(low) == high:
                ax.plot([high], [y], **point)
            else:
                ax.plot([float(low), high], [y, y], color=colour, linewidth=bar, alpha=0.6,
                        solid_capstyle="butt", zorder=3)
                ax.plot([float(low), high], [y, y], **point)
            ax.text(0, y - 0.28, f"{row['measure']}: {_timing_text(row)} {row['time_reference']}",
                    fontsize=font * 0.85, ha="left", va="bottom", color="black", zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
        handles = [Line2D([], [], linestyle="none", marker=style.marker(index),
                          markersize=rc["lines.markersize"], color=style.color(index),
                          markeredgecolor="black", label=evidence_labels()[name])
                   for index, name in enumerate(evidence_order)
                   if name in set(rows["evidence_type"])]
        ax.legend(handles=handles, title="Evidence", loc="upper center",
                  bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
        ax.set_xlabel("Minutes, counted from the moment each line names")
        ax.set_title("After one dose: the times the sources state", loc="left")
        fig.tight_layout()
    return fig


# --- the monitoring checklist -------------------------------------------------------------


def monitoring_checklist_alt() -> str:
    items = checklist_items()
    stages = []
    for stage, title in checklist_stages().items():
        chosen = items[items["checklist_stage"] == stage]
        if len(chosen):
            stages.append(f"{title}: " + "; ".join(chosen["checklist_item"]))
    kinds = ", ".join(sorted({evidence_labels()[kind].lower() for kind in items["evidence_type"]}))
    return (f"Checklist of {len(items)} items in {len(stages)} stages of a treatment session "
            f"(evidence: {kinds}). " + ". ".join(stages) + ".")


def _checklist_lines(items: pd.DataFrame, stage: str, chars: int) -> list[tuple[str, str]]:
    """The lines of one stage: its heading, then each item (wrapped) and its source."""
    chosen = items[items["checklist_stage"] == stage]
    lines = [("stage", checklist_stages()[stage])]
    for _, item in chosen.iterrows():
        wrapped = textwrap.wrap(item["checklist_item"], chars - 2)
        lines.append(("item", "\N{WHITE SQUARE} " + wrapped[0]))
        lines += [("item", "   " + part) for part in wrapped[1:]]
        source = f"{evidence_labels()[item['evidence_type']]}: {source_keys(item['sources'])}"
        lines += [("source", "     " + part) for part in textwrap.wrap(source, int(chars * 1.2))]
    return lines + [("gap", "")]


def monitoring_checklist(mode: str | None = None):
    """The session checklist a lecturer can project: boxes to tick, in two columns.

    Stages keep their order (before the dose, during the session, before leaving, after
    leaving); the split between the columns is the one that makes them most even. Each
    item shows its evidence type and source keys underneath.
    """
    items = checklist_items()
    with style.context(mode):
        rc = mpl.rcParams
        font, width = rc["font.size"], rc["figure.figsize"][0]
        chars = int((width / 2 - 0.4) * 72 / (font * 0.58))  # characters per line per column
        stages = [_checklist_lines(items, stage, chars) for stage in checklist_stages()
                  if (items["checklist_stage"] == stage).any()]
        split = min(range(1, len(stages) + 1),
                    key=lambda cut: max(sum(map(len, stages[:cut])), sum(map(len, stages[cut:]))))
        columns = [sum(stages[:split], []), sum(stages[split:], [])]
        line_height = font * 1.45 / 72
        title_inches = rc["axes.titlesize"] * 2.2 / 72
        height = title_inches + max(len(lines) for lines in columns) * line_height + 0.2
        fig = style.figure(figsize=(width, height))
        fig.text(0.02, 1 - 0.12 / height, "Monitoring checklist for one esketamine session",
                 ha="left", va="top", fontsize=rc["axes.titlesize"], fontweight="bold")
        # Source lines are smaller, but not below style.LECTURE_MIN_FONT_PT in lecture mode
        # (0.8 x 18 pt = 14.4 pt on the 12-inch figure).
        looks = {"stage": {"fontweight": "bold", "color": style.color(0)}, "item": {},
                 "source": {"fontsize": font * SOURCE_SCALE, "color": "#555555"}, "gap": {}}
        for column, lines in enumerate(columns):
            for number, (kind, text) in enumerate(lines):
                fig.text(0.02 + column * 0.5, 1 - (title_inches + number * line_height) / height,
                         text, ha="left", va="top", **looks[kind])
    return fig
