"""Figures of notebook 02: how fast and how long effects last, effects side by side
(forest-style, one panel per comparable measure), and the strength of evidence per indication.

Artists that carry data get a ``gid`` naming their row ("ci:<trial_id>", "onset:<point_id>",
"level:<indication>") so tests can check them against the tables.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .. import evidence, style
from ..formats import decimal
from ..tables import chart_numbers

# Reference times on the onset chart's logarithmic axis, in hours.
TIME_TICKS = {1: "1 h", 24: "1 day", 168: "1 week", 720: "30 days", 2160: "90 days"}
ONSET_LIMITS_H = (0.3, 4000)
RATIO_TICKS = (0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10, 20)


def _indication_style(indication: str) -> tuple[str, str]:
    index = list(evidence.indications()).index(indication)
    return style.color(index), style.marker(index)


def _milestone_style(milestone: str) -> tuple[str, str]:
    index = list(evidence.milestones()).index(milestone)
    return style.color(index), style.marker(index)


def _indication_legend(fig, indications, ncol: int = 3):
    handles = []
    for indication, label in evidence.indications().items():
        if indication in indications:
            color, marker = _indication_style(indication)
            handles.append(Line2D([], [], color=color, marker=marker, linestyle="",
                                  markeredgecolor="black", label=label))
    fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False,
               bbox_to_anchor=(0.5, 0.0))


def _figure_width(scale: float) -> float:
    """The preset's width times ``scale``, but never wider than the lecture reference
    width: a wider figure is shrunk on a projector, and its text with it."""
    return min(mpl.rcParams["figure.figsize"][0] * scale, style.LECTURE_REFERENCE_WIDTH_IN)


def _fit_tick_labels(fig, ax, slots: int, gap: float = 0.08):
    """Shrink the x tick labels just enough that each fits its slot of the axes width.

    Text width is proportional to size, so one measurement gives the size; tight_layout
    then runs again for the lower labels.
    """
    labels = ax.get_xticklabels()
    renderer = fig.canvas.get_renderer()
    widest = max(label.get_window_extent(renderer).width for label in labels)
    room = ax.get_window_extent(renderer).width / slots * (1 - gap)
    if widest > room:
        ax.tick_params(axis="x", labelsize=labels[0].get_fontsize() * room / widest)
        fig.tight_layout()


# --- forest-style chart ------------------------------------------------------------------

def forest_numbers(table: pd.DataFrame | None = None):
    """Every effect the chart draws, panel by panel, as a table (style.show's ``numbers``)."""
    rows = pd.concat([group for _, group in evidence.forest_groups(table)], ignore_index=True)
    rows = rows.assign(indication_name=rows["indication"].map(evidence.indications()),
                       measure=rows["effect_measure"].map(evidence.measures()),
                       unit=rows["effect_unit"].map(evidence.effect_units()))
    return chart_numbers(rows, "forest-numbers", {
        "study": "Study", "indication_name": "Indication", "measure": "Measure",
        "unit": "Unit", "effect": "Effect", "effect_ci_low": "95% CI low",
        "effect_ci_high": "95% CI high"})


def forest_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """Effects with 95% CIs, one panel per (measure, unit, direction); returns the Figure."""
    groups = evidence.forest_groups(table)
    if not groups:
        raise ValueError("No row of the trials table has an effect with a confidence interval.")
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        row_pt = font * 1.7  # distance between two studies: a line of text and a gap
        # Each panel spans its rows plus 0.6 of margin (see set_ylim): equal ratios give
        # every panel the same distance between rows.
        spans = [len(rows) + 0.6 for _, rows in groups]
        legend_in = (np.ceil(len({i for _, rows in groups for i in rows["indication"]}) / 3)
                     + 0.8) * mpl.rcParams["legend.fontsize"] * 1.5 / 72
        width = _figure_width(1.25)
        height = 1.0 + legend_in + (sum(spans) * row_pt + len(groups) * font * 5) / 72
        fig, axes = style.subplots(len(groups), 1, squeeze=False, figsize=(width, height),
                                   gridspec_kw={"height_ratios": spans})
        shown = set()
        titles = []  # the panels' left titles (Text), moved once the layout is known
        for ax, ((measure, unit, favours), rows) in zip(axes[:, 0], groups, strict=True):
            y = np.arange(len(rows))[::-1]
            for y_row, (_, row) in zip(y, rows.iterrows(), strict=True):
                color, marker = _indication_style(row["indication"])
                shown.add(row["indication"])
                (ci,) = ax.plot([row["effect_ci_low"], row["effect_ci_high"]], [y_row, y_row],
                                color=color, solid_capstyle="butt")
                ci.set_gid(f"ci:{row['trial_id']}")
                (point,) = ax.plot([row["effect"]], [y_row], marker=marker, color=color,
                                   markeredgecolor="black", linestyle="")
                point.set_gid(f"effect:{row['trial_id']}")
                ax.annotate(f"{decimal(row['effect'])} ({decimal(row['effect_ci_low'])} to "
                            f"{decimal(row['effect_ci_high'])})", xy=(1.0, y_row),
                            xycoords=("axes fraction", "data"), xytext=(6, 0),
                            textcoords="offset points", va="center", fontsize=font * 0.85)
            null = evidence.null_value(measure)
            ax.axvline(null, color=style.PALETTE["grey"], linestyle="--", linewidth=1, zorder=0)
            if unit == "ratio":
                ax.set_xscale("log")
                low = min(rows["effect_ci_low"].min(), null)
                high = max(rows["effect_ci_high"].max(), null)
                ax.set_xlim(low / 1.4, high * 1.4)
                ticks = [tick for tick in RATIO_TICKS if low / 1.4 <= tick <= high * 1.4]
                ax.set_xticks(ticks, [f"{tick:g}" for tick in ticks])
                ax.minorticks_off()
            else:
                low = min(rows["effect_ci_low"].min(), null)
                high = max(rows["effect_ci_high"].max(), null)
                pad = (high - low) * 0.08 or 1.0
                ax.set_xlim(low - pad, high + pad)
                ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.set_yticks(y, [textwrap.fill(name, 46) for name in rows["study"]])
            ax.set_ylim(-0.8, len(rows) - 0.2)
            arrow = "\u2190" if favours == "lower" else "\u2192"
            titles.append(ax.set_title(
                textwrap.fill(f"{arrow} {evidence.axis_label(measure, unit, favours)}", 60),
                loc="left", fontsize=font))
            ax.spines[["left"]].set_visible(False)
            ax.tick_params(axis="y", length=0)
        fig.suptitle("Effects of key trials and meta-analyses, with 95% confidence intervals",
                     x=0.01, ha="left", fontsize=mpl.rcParams["axes.titlesize"])
        _indication_legend(fig, shown)

        def layout():  # tight_layout leaves room for the suptitle, not the figure legend
            fig.tight_layout(rect=(0, legend_in / height, 1, 1))

        layout()
        # Each panel's title heads the whole panel: it starts where the study names start,
        # not at the axes, so long names never squeeze it into more lines.
        renderer = fig.canvas.get_renderer()
        names_left = min(label.get_window_extent(renderer).x0
                         for ax in axes[:, 0] for label in ax.get_yticklabels())
        for ax, title in zip(axes[:, 0], titles, strict=True):
            box = ax.get_window_extent(renderer)
            title.set_x((names_left - box.x0) / box.width)  # in axes coordinates
            if ax.get_xscale() == "linear":  # at most as many ticks as their labels' room
                ax.xaxis.set_major_locator(MaxNLocator(min(5, ax.xaxis.get_tick_space())))
        # No second layout for these: a title moved within its panel and fewer ticks along
        # an axis change no margin (the study names and the effect labels set the sides).
        # Titles and ticks took their room from the panels: give the rows back theirs.
        drawn = sum(ax.get_position().height for ax in axes[:, 0]) * height * 72
        missing = (sum(spans) * row_pt - drawn) / 72
        if missing > 0:
            height += missing
            fig.set_size_inches(width, height)
            layout()
    return fig


def forest_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text of the forest chart, from the same rows."""
    groups = evidence.forest_groups(table)
    total = sum(len(rows) for _, rows in groups)
    parts = []
    for (measure, unit, favours), rows in groups:
        items = "; ".join(f"{row['study']} {decimal(row['effect'])} "
                          f"({decimal(row['effect_ci_low'])} to {decimal(row['effect_ci_high'])})"
                          for _, row in rows.iterrows())
        parts.append(f"{evidence.axis_label(measure, unit, favours)}: {items}")
    return (f"Forest-style chart of {total} effects in {len(groups)} separate panels, one per "
            "kind of measure, each with a dashed line at no difference. " + ". ".join(parts)
            + ".")


# --- onset and durability ----------------------------------------------------------------

def onset_numbers(table: pd.DataFrame | None = None):
    """The chart's time points as a table (style.show's ``numbers``), in the source's units."""
    rows = evidence.onset_table(table)
    rows = rows.assign(marks=rows["milestone"].map(evidence.milestones()),
                       counted=rows["measured_from"].str.replace("_", " "))
    return chart_numbers(rows, "onset-numbers", {
        "treatment": "Treatment", "marks": "Milestone", "time_low": "From",
        "time_high": "To", "time_unit": "Unit", "counted": "Counted from"})


def onset_chart(table: pd.DataFrame | None = None, mode: str | None = None):
    """When effects start and fade, on a logarithmic time axis; returns the Figure."""
    rows = evidence.onset_table(table)
    treatments = list(dict.fromkeys(rows["treatment"]))
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        width = mpl.rcParams["figure.figsize"][0] * 1.25
        fig, ax = style.subplots(figsize=(width, 2.4 + len(treatments) * font * 4.2 / 72))
        y_of = {name: len(treatments) - 1 - index for index, name in enumerate(treatments)}
        for name in treatments:
            here = rows[rows["treatment"] == name]
            ax.plot([here["start_h"].min(), here["end_h"].max()], [y_of[name]] * 2,
                    color=style.PALETTE["grey"], linewidth=1, zorder=1)
        for _, row in rows.iterrows():
            color, marker = _milestone_style(row["milestone"])
            y = y_of[row["treatment"]]
            if row["end_h"] > row["start_h"]:
                span = ax.plot([row["start_h"], row["end_h"]], [y, y], color="black",
                               linewidth=mpl.rcParams["lines.linewidth"] * 2.5, alpha=0.35,
                               solid_capstyle="butt", zorder=2)[0]
                span.set_gid(f"span:{row['point_id']}")
                ax.plot([row["end_h"]], [y], marker=marker, color=color,
                        markeredgecolor="black", linestyle="", zorder=3)
            (point,) = ax.plot([row["start_h"]], [y], marker=marker, color=color,
                               markeredgecolor="black", linestyle="", zorder=3)
            point.set_gid(f"onset:{row['point_id']}")
        ax.set_xscale("log")
        ax.set_xlim(*ONSET_LIMITS_H)
        ax.set_xticks(list(TIME_TICKS), list(TIME_TICKS.values()))
        ax.minorticks_off()
        for tick in TIME_TICKS:
            ax.axvline(tick, color=style.PALETTE["grey"], linewidth=0.5, alpha=0.5, zorder=0)
        ax.set_yticks(list(y_of.values()), [textwrap.fill(name, 40) for name in y_of])
        ax.set_ylim(-0.7, len(treatments) - 0.3)
        ax.set_xlabel("Time since the first dose (logarithmic scale)")
        ax.set_title("When the effect starts, and how long it lasts", loc="left")
        handles = []
        for milestone, label in evidence.milestones().items():
            if milestone in set(rows["milestone"]):
                color, marker = _milestone_style(milestone)
                handles.append(Line2D([], [], color=color, marker=marker, linestyle="",
                                      markeredgecolor="black", label=label))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.18), ncol=2,
                  frameon=False)
        fig.tight_layout()
    return fig


def _duration_words(hours: float) -> str:
    if hours < 1:
        return f"{round(hours * 60):g} minutes"
    if hours < 48:
        return f"{hours:g} hours"
    if hours < 24 * 21:
        return f"{hours / 24:g} days"
    return f"{hours / 168:g} weeks"


def onset_alt(table: pd.DataFrame | None = None) -> str:
    """Alt text of the onset chart, listing each line's milestones."""
    rows = evidence.onset_table(table)
    lines = []
    for name in dict.fromkeys(rows["treatment"]):
        here = rows[rows["treatment"] == name]
        steps = ", ".join(
            f"{evidence.milestones()[row['milestone']].lower()} at "
            + (_duration_words(row["start_h"]) if row["end_h"] == row["start_h"] else
               f"{_duration_words(row['start_h'])} to {_duration_words(row['end_h'])}")
            for _, row in here.iterrows())
        lines.append(f"{name}: {steps}")
    return (f"Time-course chart of {len(lines)} treatments on a logarithmic axis from minutes "
            "to months, all times counted from the first dose. " + ". ".join(lines) + ".")


# --- strength of evidence ----------------------------------------------------------------

def evidence_ladder_numbers(level_rows: pd.DataFrame | None = None,
                            trial_rows: pd.DataFrame | None = None):
    """Each indication's step on the scale and its study counts, as a table (style.show's
    ``numbers``)."""
    rows = evidence.levels(level_rows).merge(evidence.study_counts(trial_rows), on="indication")
    rows = rows.assign(name=rows["indication"].map(evidence.indications()),
                       step=rows["level"].map(evidence.evidence_levels()))
    return chart_numbers(rows, "evidence-ladder-numbers", {
        "name": "Indication", "step": "Strength of evidence", "studies": "Studies",
        "randomised": "Randomised trials", "reviews": "Reviews and pooled analyses",
        "largest_randomised_n": "Largest randomised trial (n)"})


def evidence_ladder(level_rows: pd.DataFrame | None = None,
                    trial_rows: pd.DataFrame | None = None, mode: str | None = None):
    """Each indication placed on the four-step evidence scale, with study counts."""
    rows = evidence.levels(level_rows)
    counts = evidence.study_counts(trial_rows).set_index("indication")
    level_words, names = evidence.evidence_levels(), evidence.indications()
    level_names = list(level_words)[::-1]  # weakest on the left, approved on the right
    with style.context(mode):
        font = mpl.rcParams["font.size"]
        width = _figure_width(1.25)
        # Indication names wrap when they would take more than a quarter of the width.
        name_chars = int(width * 0.25 * 72 / (mpl.rcParams["ytick.labelsize"] * 0.56))
        height = 1.8 + len(rows) * font * 3.4 / 72
        fig, ax = style.subplots(figsize=(width, height))
        for column in range(len(level_names)):
            ax.axvspan(column - 0.5, column + 0.5, color=style.PALETTE["grey"],
                       alpha=0.12 if column % 2 else 0.04, hatch=style.HATCHES[column],
                       linewidth=0, zorder=0)
        marker_size = mpl.rcParams["lines.markersize"] * 1.6
        for position, (_, row) in enumerate(rows.iterrows()):
            y = len(rows) - 1 - position
            x = level_names.index(row["level"])
            color, marker = _indication_style(row["indication"])
            (point,) = ax.plot([x], [y], marker=marker, color=color, markeredgecolor="black",
                               markersize=marker_size, linestyle="")
            point.set_gid(f"level:{row['indication']}")
            count = counts.loc[row["indication"]]
            # Beside the marker, on the side with more room: a row holds one marker only.
            side = 1 if x < (len(level_names) - 1) / 2 else -1
            ax.annotate(f"{count['randomised']} randomised, largest n = "
                        f"{count['largest_randomised_n']}\n"
                        f"{count['reviews']} meta-/pooled analyses",
                        xy=(x, y), xytext=(side * (marker_size * 0.6 + font * 0.4), 0),
                        textcoords="offset points", ha="left" if side > 0 else "right",
                        va="center", fontsize=font * 0.8)
        ax.set_xticks(range(len(level_names)),
                      [textwrap.fill(level_words[name], 18) for name in level_names])
        ax.xaxis.tick_top()
        ax.set_xlim(-0.5, len(level_names) - 0.5)
        ax.set_yticks(range(len(rows))[::-1],
                      [textwrap.fill(names[i], name_chars) for i in rows["indication"]])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.tick_params(length=0)
        ax.spines[["left", "bottom"]].set_visible(False)
        fig.suptitle("Strength of the evidence, by indication (stronger to the right)",
                     x=0.01, ha="left", fontsize=mpl.rcParams["axes.titlesize"])
        fig.tight_layout()  # leaves room for the suptitle
        _fit_tick_labels(fig, ax, len(level_names))
    return fig


def evidence_ladder_alt(level_rows: pd.DataFrame | None = None,
                        trial_rows: pd.DataFrame | None = None) -> str:
    rows = evidence.levels(level_rows)
    counts = evidence.study_counts(trial_rows).set_index("indication")
    names, level_words = evidence.indications(), evidence.evidence_levels()
    items = "; ".join(
        f"{names[row['indication']]}: {level_words[row['level']].lower()} "
        f"({counts.loc[row['indication'], 'randomised']} randomised trials in the table)"
        for _, row in rows.iterrows())
    return ("Chart placing each of five indications on a four-step evidence scale from open-label "
            f"studies only to regulator approval. {items}.")


# --- study map (the explorer's picture) ----------------------------------------------------

class StudyMap:
    """Every study placed by year (x) and indication (y); marker shape gives the design and
    marker area the number of participants. Studies outside the current filter stay as grey
    outlines; :meth:`select` fills the chosen ones. The filled markers and the count line are
    the artists that change (``animated``), so an explorer can blit them.
    """

    def __init__(self, table: pd.DataFrame | None = None, mode: str | None = None):
        self.table = evidence.trials(table).reset_index(drop=True)
        rows = self.table
        # Studies of one indication and year sit side by side, not on top of each other.
        order = rows.groupby(["indication", "year"]).cumcount()
        size = rows.groupby(["indication", "year"])["trial_id"].transform("count")
        self.x = rows["year"].astype(float).to_numpy() + (order - (size - 1) / 2).to_numpy() * 0.45
        names = evidence.indications()
        order_of = {indication: position for position, indication in enumerate(names)}
        self.y = np.array([len(names) - 1 - order_of[i] for i in rows["indication"]], dtype=float)
        self.colors = np.array([_indication_style(i)[0] for i in rows["indication"]],
                               dtype=object)
        self.sizes = 15 * np.sqrt(rows["n"].astype(float).to_numpy())
        with style.context(mode):
            font = mpl.rcParams["font.size"]
            self.fig, ax = style.subplots(figsize=(mpl.rcParams["figure.figsize"][0] * 1.2,
                                                   mpl.rcParams["figure.figsize"][1] * 1.15))
            self.ax = ax
            self.layers = {}
            design_words = evidence.designs()
            for index, design in enumerate(design_words):
                chosen = (rows["design_type"] == design).to_numpy()
                marker = style.marker(index)
                ax.scatter(self.x[chosen], self.y[chosen], s=self.sizes[chosen], marker=marker,
                           facecolors="none", edgecolors=style.PALETTE["grey"], linewidths=0.8,
                           zorder=2)
                layer = ax.scatter([], [], s=[], marker=marker, edgecolors="black",
                                   linewidths=0.8, zorder=3, label=design_words[design])
                layer.set_gid(f"selected:{design}")
                self.layers[design] = (layer, chosen)
            self.count = self.fig.text(0.01, 0.99, "", ha="left", va="top", fontsize=font)
            ax.set_yticks(range(len(names))[::-1], list(names.values()))
            ax.set_ylim(-0.7, len(names) - 0.3)
            ax.set_xlim(rows["year"].min() - 1.5, rows["year"].max() + 1.5)
            ax.set_xlabel("Year of publication (marker area: number of participants)")
            ax.grid(axis="x", color=style.PALETTE["grey"], alpha=0.3)
            legend = self.fig.legend(loc="lower center", ncol=3, frameon=False,
                                     title="Design (filled: matches the filter)")
            for handle in legend.legend_handles:
                handle.set_facecolor(style.PALETTE["grey"])
                handle.set_sizes([font * 5])
            self.fig.tight_layout(rect=(0, 0.2, 1, 0.93))

    @property
    def animated(self) -> list:
        return [layer for layer, _ in self.layers.values()] + [self.count]

    def select(self, rows: pd.DataFrame) -> np.ndarray:
        """Fill the markers of ``rows`` (a subset of the table); returns the chosen mask."""
        wanted = self.table["trial_id"].isin(set(rows["trial_id"])).to_numpy()
        for layer, in_design in self.layers.values():
            chosen = wanted & in_design
            layer.set_offsets(np.column_stack([self.x[chosen], self.y[chosen]])
                              if chosen.any() else np.empty((0, 2)))
            layer.set_sizes(self.sizes[chosen])
            layer.set_facecolors(list(self.colors[chosen]))
        self.count.set_text(f"{int(wanted.sum())} of {len(self.table)} studies match")
        return wanted


def study_map_alt(rows: pd.DataFrame, total: int, filters: dict[str, str]) -> str:
    """Alt text of the study map for the current filter."""
    chosen = ", ".join(f"{name} {value.replace('_', ' ')}" for name, value in filters.items()
                       if value != evidence.ALL) or "no filter"
    names = "; ".join(f"{row['study']} ({row['year']}, n = {row['n']})"
                      for _, row in rows.iterrows()) or "none"
    return (f"Map of {total} studies by year and indication, with marker shape for design and "
            f"marker area for size. Filter: {chosen}. {len(rows)} match: {names}.")
