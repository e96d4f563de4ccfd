"""Notebook 03: the NMDA/glutamate schematic.

The schematic draws a GABA interneuron with a zoomed NMDA receptor (pore, Mg²⁺ block,
ketamine's open-channel "trapping" block), a pyramidal neuron, and its synapse onto the
next neuron (AMPA receptors, BDNF and TrkB, mTORC1, new dendritic spines). It is drawn
once; :meth:`Schematic.show_stage` then changes the properties of the existing artists
(visibility, outline, hatch, bold labels, positions) for each stage of the cascade, so a
widget can step through the stages without redrawing from scratch.

What each stage says (caption, evidence label, sources) is data: data/mechanism_stages.csv.
Which elements each stage highlights is drawing, and lives here in STAGE_HIGHLIGHTS;
the stages themselves are checked and selected in ketamine_course/mechanism.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import (
    Circle,
    Ellipse,
    FancyArrowPatch,
    FancyBboxPatch,
    Polygon,
    Rectangle,
    RegularPolygon,
)

from .. import style
from ..mechanism import (
    STAGE_ORDER,
    check_stage,
    evidence_labels,
    evidence_line,
    mechanism_stages,
    stage_heading,
)

# Elements of the drawing: id -> the label a reader sees next to it.
ELEMENT_LABELS = {
    "interneuron": "GABA interneuron",
    "nmda_receptor": "NMDA receptor",
    "mg_block": "Mg²⁺",
    "ketamine": "ketamine trapped in the pore",
    "gaba_release": "GABA",
    "pyramidal": "pyramidal neuron",
    "glutamate": "glutamate",
    "ampa": "AMPA receptors",
    "bdnf": "BDNF",
    "trkb": "TrkB",
    "mtorc1": "mTORC1",
    "new_spines": "new spines",
    "clinical_link": "relief of depression?",
}

# Which elements each stage emphasises (thick outline, hatching, bold label).
STAGE_HIGHLIGHTS = {
    "baseline": ("interneuron", "nmda_receptor", "mg_block", "gaba_release", "pyramidal"),
    "nmda_block": ("nmda_receptor", "ketamine"),
    "disinhibition": ("interneuron", "gaba_release", "pyramidal"),
    "glutamate_burst": ("pyramidal", "glutamate"),
    "ampa_activation": ("glutamate", "ampa"),
    "bdnf_mtorc1": ("bdnf", "trkb", "mtorc1"),
    "synaptogenesis": ("mtorc1", "new_spines"),
    "clinical_link": ("new_spines", "clinical_link"),
}

# Parts of an element that exist only once the cascade reaches a stage (ketamine arrives,
# BDNF is released, spines grow ...). Before that stage they are not drawn.
ACTIVE_FROM = {
    "ketamine": "nmda_block",
    "gaba_release": "disinhibition",  # the "less GABA" note
    "ampa": "ampa_activation",         # the activation marks
    "bdnf": "bdnf_mtorc1",
    "mtorc1": "bdnf_mtorc1",           # the TrkB -> mTORC1 arrow
    "new_spines": "synaptogenesis",
    "clinical_link": "clinical_link",
}

# The evidence badge differs by hatch and outline, not by colour alone.
EVIDENCE_BADGES = {
    "background": {"facecolor": "white", "hatch": "", "linestyle": "-"},
    "humans": {"facecolor": style.PALETTE["black"], "hatch": "", "linestyle": "-"},
    "animals": {"facecolor": "white", "hatch": "////", "linestyle": "-"},
    "hypothesis": {"facecolor": "white", "hatch": "..", "linestyle": "--"},
}

COLOURS = {
    "interneuron": style.PALETTE["reddish_purple"],
    "pyramidal": style.PALETTE["blue"],
    "ketamine": style.PALETTE["orange"],
    "mg": style.PALETTE["grey"],
    "ampa": style.PALETTE["bluish_green"],
    "bdnf": style.PALETTE["vermillion"],
    "mtorc1": style.PALETTE["yellow"],
    "spine": style.PALETTE["sky_blue"],
    "neutral": "#DDDDDD",
}
HIGHLIGHT_HATCH = "///"
DIM_ALPHA = 0.25
# Text sizes of the full schematic, as fractions of font.size: element labels, and the
# smaller notes (inset captions, step numbers). With the lecture preset's 18 pt base both
# stay at or above style.LECTURE_MIN_FONT_PT on the 12-inch figure.
LABEL_SCALE = 0.82
SMALL_SCALE = 0.8

# Data coordinates of the drawing: 16 x 9, the shape of a slide.
WIDTH, HEIGHT = 16.0, 9.0
# The live schematic leaves its heading (above LIVE_TOP) and caption rows (below
# LIVE_BOTTOM) to the widget's HTML.
LIVE_BOTTOM, LIVE_TOP = 1.2, 8.45
PORE = (2.4, 3.05)
MG_OUTSIDE = (3.55, 4.25)
MG_LABEL_IN_PORE = (2.75, 4.0)
MG_LABEL_OUTSIDE = (3.85, 4.3)
GABA_SITES = np.array([[6.62, 5.15], [6.78, 4.78], [6.55, 4.55], [6.85, 5.35], [6.7, 4.3]])
GLUTAMATE_SITES = np.array([[12.45, 4.35], [12.52, 4.0], [12.47, 4.8], [12.55, 5.05],
                            [12.44, 3.7], [12.57, 4.55], [12.5, 5.3], [12.6, 3.85],
                            [12.42, 5.0], [12.58, 4.2], [12.48, 3.55], [12.55, 5.45]])
SPIKE_X_BURST = np.linspace(8.7, 10.0, 7)
SPIKE_X_REST = SPIKE_X_BURST[[1, 5]]
SPIKE_Y = 4.72


@dataclass
class Element:
    """The artists of one element: those always drawn, those drawn once it is active."""

    always: list = field(default_factory=list)
    active: list = field(default_factory=list)

    @property
    def artists(self) -> list:
        return self.always + self.active


# --- stage data ---------------------------------------------------------------------------


def schematic_alt(stage: int | None = None, table: pd.DataFrame | None = None) -> str:
    """Alt text for one stage of the schematic (or the overview), from the same data."""
    stages = mechanism_stages(table)
    index = check_stage(stage, stages)
    if index is None:
        return ("Schematic of ketamine's proposed antidepressant cascade. Left: a GABA "
                "interneuron and a zoomed NMDA receptor whose channel pore holds ketamine, "
                "with the Mg²⁺ ion displaced. Centre: a pyramidal neuron that the "
                "interneuron inhibits with GABA. Right: its glutamate synapse onto the next "
                "neuron, with AMPA receptors, BDNF acting on TrkB, mTORC1 and new dendritic "
                "spines, and a box asking whether this relieves depression. Numbered badges "
                f"1 to {len(stages) - 1} mark the steps: "
                + "; ".join(f"{row.stage} {row.title}" for row in stages.itertuples()
                            if row.stage > 0) + ".")
    row = stages.iloc[index]
    highlighted = ", ".join(ELEMENT_LABELS[name] for name in STAGE_HIGHLIGHTS[row.stage_id])
    return (f"Schematic, {stage_heading(row, len(stages))}. {row.caption}. "
            f"Highlighted with thick outlines and bold labels: {highlighted}. "
            f"{evidence_labels()[row.evidence]}.")


# --- the drawing ----------------------------------------------------------------------------

class Schematic:
    """The schematic drawn once on ``ax``; :meth:`show_stage` restyles it per stage.

    ``compact`` draws it for a small panel: labels only on highlighted elements, no
    static annotations, smaller text.

    ``live`` prepares it for a widget that re-renders only what changes (blitting): the
    labels that never move are also drawn dimmed into the fixed background, and the
    animated label is shown only while its element is highlighted, on top of its dim copy;
    labels of parts that appear during the cascade are hidden once they fade; one step
    badge moves to the current step; the heading, caption and evidence rows are left to
    the widget's HTML. Text is the slowest thing Agg draws, so this keeps a step fast.
    """

    def __init__(self, ax, stages: pd.DataFrame, compact: bool = False, live: bool = False):
        self.ax, self.stages, self.compact, self.live = ax, stages, compact, live
        base = mpl.rcParams["font.size"]
        # Full-size multipliers of font.size keep every text of the 12-inch figure at
        # style.LECTURE_MIN_FONT_PT or more in lecture mode (18 pt base: 14.8 and 14.4 pt).
        # Compact panels are handouts, always drawn at the notebook preset.
        self.label_size = base * (0.72 if compact else LABEL_SCALE)
        self.small_size = base * (0.62 if compact else SMALL_SCALE)
        self.line_width = mpl.rcParams["lines.linewidth"] * 0.75
        self.elements: dict[str, Element] = {name: Element() for name in ELEMENT_LABELS}
        self.labels: set = set()
        self._base: dict = {}
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, HEIGHT)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self._draw_frame()
        self._draw_interneuron()
        self._draw_nmda_receptor()
        self._draw_pyramidal()
        self._draw_synapse()
        self._draw_text_rows()
        self.dim_copies: set = set()  # animated labels that have a dim copy in the background
        if live:
            self._copy_fixed_labels()
        for artist in self.dynamic_artists():
            self._remember(artist)
        self.stage: int | None = None
        self.show_stage(0 if live else None)

    # Small drawing helpers. Each returns the artist it added.
    def _patch(self, patch, element=None, when="always"):
        # add_artist, not add_patch: the limits are fixed, and updating them for each
        # of some 30 patches per panel was a third of the small multiples' build time.
        self.ax.add_artist(patch)
        self._file(patch, element, when)
        return patch

    def _line(self, xs, ys, element=None, when="always", **kwargs):
        kwargs.setdefault("color", "black")
        kwargs.setdefault("linewidth", self.line_width)
        (line,) = self.ax.plot(xs, ys, solid_capstyle="round", **kwargs)
        self._file(line, element, when)
        return line

    def _text(self, x, y, text, element=None, when="always", size=None, label=True,
              **kwargs):
        kwargs.setdefault("ha", "center")
        kwargs.setdefault("va", "center")
        artist = self.ax.text(x, y, text, fontsize=size or self.label_size, **kwargs)
        if element is not None and label:  # element labels go bold when highlighted
            self.labels.add(artist)
        self._file(artist, element, when)
        return artist

    def _arrow(self, start, end, element=None, when="always", **kwargs):
        kwargs.setdefault("arrowstyle", "-|>")
        kwargs.setdefault("mutation_scale", self.label_size * 1.4)
        kwargs.setdefault("linewidth", self.line_width)
        kwargs.setdefault("color", "black")
        arrow = FancyArrowPatch(start, end, **kwargs)
        return self._patch(arrow, element, when)

    def _file(self, artist, element, when):
        """File an element's artist; artists of no element stay as they are drawn."""
        if element is not None:
            getattr(self.elements[element], when).append(artist)

    def _remember(self, artist):
        """Keep an artist's drawn style, so show_stage can restore it."""
        base = {"alpha": artist.get_alpha(), "linewidth": None, "edgecolor": None,
                "hatch": None, "weight": None}
        if hasattr(artist, "get_hatch"):
            base.update(linewidth=artist.get_linewidth(), edgecolor=artist.get_edgecolor(),
                        hatch=artist.get_hatch())
        elif isinstance(artist, Line2D):
            base.update(linewidth=artist.get_linewidth())
        elif hasattr(artist, "get_fontweight"):
            base.update(weight=artist.get_fontweight())
        else:  # a scatter collection
            base.update(linewidth=artist.get_linewidths().copy(),
                        edgecolor=artist.get_edgecolors().copy())
        self._base[artist] = base

    def _draw_frame(self):
        # The inset that zooms into one NMDA receptor of the interneuron.
        self._patch(FancyBboxPatch((0.1, 1.35), 4.7, 3.95, boxstyle="round,pad=0.05",
                                   facecolor="white", edgecolor=style.PALETTE["grey"],
                                   linestyle="--", linewidth=self.line_width * 0.7))
        self._line([2.3, 1.6], [6.3, 5.35], linestyle=":", color=style.PALETTE["grey"])
        self._line([2.3, 3.3], [6.3, 5.35], linestyle=":", color=style.PALETTE["grey"])
        # Cell membrane of the inset: outside (extracellular) above, inside below.
        self._patch(Rectangle((0.2, 2.75), 4.5, 0.6, facecolor="#EEEEEE", edgecolor="none"))
        for y in (2.75, 3.35):
            self._line([0.2, 4.7], [y, y], color=style.PALETTE["grey"],
                       linewidth=self.line_width * 0.6)
        # The next neuron's dendrite and the spine that receives the synapse.
        self._patch(FancyBboxPatch((13.5, 1.45), 1.4, 6.1, boxstyle="round,pad=0.1",
                                   facecolor=COLOURS["neutral"], edgecolor="black",
                                   linewidth=self.line_width * 0.7))
        self._patch(Rectangle((13.15, 4.25), 0.6, 0.3, facecolor=COLOURS["neutral"],
                              edgecolor="none"))
        self._patch(Ellipse((12.95, 4.4), 0.6, 1.45, facecolor=COLOURS["neutral"],
                            edgecolor="black", linewidth=self.line_width * 0.7))
        if not self.compact:
            self._text(2.45, 5.05, "one NMDA receptor, enlarged", size=self.small_size,
                       color="#444444")
            self._text(4.65, 3.6, "outside", size=self.small_size, color="#444444", ha="right")
            self._text(4.65, 2.5, "inside", size=self.small_size, color="#444444", ha="right")
            self._text(14.2, 2.55, "next neuron", size=self.small_size, rotation=90,
                       color="#444444")

    def _draw_interneuron(self):
        self._patch(Circle((2.3, 6.9), 0.55, facecolor=COLOURS["interneuron"], edgecolor="black",
                           linewidth=self.line_width), "interneuron")
        self._text(2.3, 7.85, ELEMENT_LABELS["interneuron"], "interneuron", va="bottom")
        self._line([2.85, 4.5, 6.2], [6.9, 6.1, 5.05], "interneuron",
                   color=COLOURS["interneuron"], linewidth=self.line_width * 1.6)
        self._patch(Circle((6.33, 4.95), 0.17, facecolor=COLOURS["interneuron"],
                           edgecolor="black", linewidth=self.line_width * 0.8), "interneuron")
        self.gaba = self.ax.scatter(GABA_SITES[:, 0], GABA_SITES[:, 1],
                                    s=(self.label_size * 0.55) ** 2, marker="o",
                                    color=COLOURS["interneuron"], edgecolors="black",
                                    linewidths=0.5, zorder=3)
        self._file(self.gaba, "gaba_release", "always")
        self._text(6.5, 4.15, ELEMENT_LABELS["gaba_release"], "gaba_release", ha="right")
        self._text(6.5, 3.6, "less GABA", "gaba_release", "active", ha="right",
                   size=self.small_size, style="italic")

    def _draw_nmda_receptor(self):
        for x in (1.5, 2.7):
            self._patch(FancyBboxPatch((x, 2.35), 0.6, 1.4, boxstyle="round,pad=0.04",
                                       facecolor=COLOURS["interneuron"], edgecolor="black",
                                       linewidth=self.line_width), "nmda_receptor")
        self._text(0.35, 4.5, ELEMENT_LABELS["nmda_receptor"], "nmda_receptor", ha="left")
        self.mg = self._patch(Circle(PORE, 0.2, facecolor=COLOURS["mg"], edgecolor="black",
                                     linewidth=self.line_width), "mg_block")
        self.mg_label = self._text(*MG_LABEL_IN_PORE, ELEMENT_LABELS["mg_block"], "mg_block",
                                   ha="left")
        self._patch(RegularPolygon(PORE, numVertices=6, radius=0.27,
                                   facecolor=COLOURS["ketamine"], edgecolor="black",
                                   linewidth=self.line_width), "ketamine", "active")
        self._text(2.45, 1.7, ELEMENT_LABELS["ketamine"], "ketamine", "active",
                   size=self.small_size)

    def _draw_pyramidal(self):
        soma = Polygon([(6.95, 3.85), (8.25, 3.85), (7.6, 5.15)], closed=True,
                       facecolor=COLOURS["pyramidal"], edgecolor="black",
                       linewidth=self.line_width)
        self._patch(soma, "pyramidal")
        self._line([7.6, 7.6], [5.15, 7.4], "pyramidal", color=COLOURS["pyramidal"],
                   linewidth=self.line_width * 1.8)
        self._line([7.6, 7.05], [6.5, 7.2], "pyramidal", color=COLOURS["pyramidal"],
                   linewidth=self.line_width * 1.4)
        self._line([7.6, 8.15], [6.8, 7.4], "pyramidal", color=COLOURS["pyramidal"],
                   linewidth=self.line_width * 1.4)
        self._text(8.3, 6.0, ELEMENT_LABELS["pyramidal"], "pyramidal", ha="left")
        if not self.compact:
            self._text(8.3, 5.55, "(releases glutamate)", "pyramidal", size=self.small_size,
                       label=False, ha="left", color="#444444")
        self._line([8.25, 10.75], [4.15, 4.35], "pyramidal", color=COLOURS["pyramidal"],
                   linewidth=self.line_width * 1.6)
        # Action potentials on the axon: few at rest, many once disinhibited.
        self.spikes = self._line(SPIKE_X_BURST, np.full(SPIKE_X_BURST.size, SPIKE_Y),
                                 "pyramidal", linestyle="none", marker="$\u2227$",
                                 markersize=self.label_size * 1.5, color="black")
        self._text(9.5, 3.7, "firing", "pyramidal", size=self.small_size)

    def _draw_synapse(self):
        self._patch(Circle((11.45, 4.4), 0.8, facecolor="#CFE3F3", edgecolor="black",
                           linewidth=self.line_width), "pyramidal")
        for x, y in ((11.2, 4.75), (11.55, 4.05), (11.2, 4.1), (11.65, 4.7)):
            self._patch(Circle((x, y), 0.15, facecolor="white", edgecolor=COLOURS["pyramidal"],
                               linewidth=self.line_width * 0.8), "glutamate")
        self.glutamate = self.ax.scatter(GLUTAMATE_SITES[:, 0], GLUTAMATE_SITES[:, 1],
                                         s=(self.label_size * 0.5) ** 2, marker="D",
                                         color=COLOURS["pyramidal"], edgecolors="black",
                                         linewidths=0.5, zorder=3)
        self._file(self.glutamate, "glutamate", "always")
        self._text(11.45, 3.2, ELEMENT_LABELS["glutamate"], "glutamate", va="top")
        for y in (3.95, 4.65):
            self._patch(Rectangle((12.64, y), 0.16, 0.32, facecolor=COLOURS["ampa"],
                                  edgecolor="black", linewidth=self.line_width * 0.8), "ampa")
        self._text(13.25, 2.45, ELEMENT_LABELS["ampa"], "ampa", va="top", ha="right")
        for y in (4.11, 4.81):
            self._line([12.95, 13.35], [y, y + 0.25], "ampa", "active", color=COLOURS["ampa"],
                       linewidth=self.line_width * 1.4)
            self._line([12.95, 13.35], [y, y - 0.25], "ampa", "active", color=COLOURS["ampa"],
                       linewidth=self.line_width * 1.4)
        # BDNF acting on TrkB, which switches on mTORC1 inside the dendrite.
        self._patch(Rectangle((13.36, 6.05), 0.2, 0.55, facecolor=COLOURS["bdnf"],
                              edgecolor="black", linewidth=self.line_width * 0.8), "trkb")
        self._text(13.25, 6.3, ELEMENT_LABELS["trkb"], "trkb", ha="right")
        bdnf_sites = np.array([[12.75, 6.8], [12.95, 7.2], [13.15, 6.95], [12.7, 7.3]])
        self.bdnf = self.ax.scatter(bdnf_sites[:, 0], bdnf_sites[:, 1],
                                    s=(self.label_size * 0.55) ** 2, marker="s",
                                    color=COLOURS["bdnf"], edgecolors="black", linewidths=0.5,
                                    zorder=3)
        self._file(self.bdnf, "bdnf", "active")
        self._text(12.5, 7.05, ELEMENT_LABELS["bdnf"], "bdnf", "active", ha="right")
        self._patch(FancyBboxPatch((13.5, 4.95), 1.4, 0.5, boxstyle="round,pad=0.03",
                                   facecolor=COLOURS["mtorc1"], edgecolor="black",
                                   linewidth=self.line_width), "mtorc1")
        self._text(14.2, 5.2, ELEMENT_LABELS["mtorc1"], "mtorc1", size=self.small_size,
                   bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        self._arrow((13.55, 6.1), (13.9, 5.5), "mtorc1", "active")
        # New dendritic spines on the far side of the dendrite.
        for y in (6.9, 4.5, 2.6):
            self._line([15.0, 15.35], [y, y], "new_spines", "active", color="black",
                       linewidth=self.line_width * 1.2)
            self._patch(Ellipse((15.5, y), 0.42, 0.6, facecolor=COLOURS["spine"],
                                edgecolor="black", linewidth=self.line_width), "new_spines",
                        "active")
        self._text(15.95, 7.95, ELEMENT_LABELS["new_spines"], "new_spines", "active", ha="right")
        # The proposed link to the clinical effect.
        self._patch(FancyBboxPatch((8.5, 7.55), 3.4, 0.75, boxstyle="round,pad=0.06",
                                   facecolor="white", edgecolor="black", linestyle="--",
                                   linewidth=self.line_width), "clinical_link", "active")
        self._text(10.2, 7.92, ELEMENT_LABELS["clinical_link"], "clinical_link", "active",
                   bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
        self._arrow((14.0, 7.75), (12.05, 8.0), "clinical_link", "active", linestyle="--",
                    connectionstyle="arc3,rad=0.2")

    def _draw_text_rows(self):
        base = mpl.rcParams["font.size"]
        scale = 0.8 if self.compact else 1.0
        self.heading = self.ax.text(0.2, 8.75, "", fontsize=mpl.rcParams["axes.titlesize"] * scale,
                                    fontweight="bold", ha="left", va="center")
        self.caption = self.ax.text(0.2, 0.82, "", fontsize=base * 0.92 * scale, ha="left",
                                    va="center")
        self.badge = self.ax.add_patch(Rectangle((0.2, 0.08), 0.42, 0.36, edgecolor="black",
                                                 linewidth=self.line_width))
        self.evidence = self.ax.text(0.78, 0.26, "", fontsize=base * 0.8 * scale, ha="left",
                                     va="center")
        # Numbered badges mark where each step happens; the current one is filled.
        positions = [(0.85, 2.3), (4.55, 6.55), (10.45, 5.0), (13.05, 3.15), (12.1, 6.35),
                     (15.65, 3.55), (8.1, 8.05)]
        self._mark_positions = positions
        self.step_marks = []
        for number, (x, y) in enumerate(positions, start=1):
            circle = self.ax.add_patch(Circle((x, y), 0.27, facecolor="white",
                                              edgecolor="black", linewidth=self.line_width))
            text = self.ax.text(x, y, str(number), fontsize=self.small_size, ha="center",
                                va="center", fontweight="bold")
            self.step_marks.append((circle, text))

    def _copy_fixed_labels(self):
        """Live mode: a dim, fixed copy of every label that is always drawn in one place."""
        for element in self.elements.values():
            for artist in element.always:
                if hasattr(artist, "get_fontweight") and artist is not self.mg_label:
                    copy = self.ax.text(*artist.get_position(), artist.get_text())
                    copy.update_from(artist)
                    copy.set_alpha(DIM_ALPHA)
                    copy.set_bbox(None)
                    self.dim_copies.add(artist)
        # The step badges stay white in the background; one black badge moves to the
        # current step.
        circle, text = self.step_marks[0]
        self.current_mark = (self.ax.add_patch(Circle(circle.get_center(), circle.get_radius(),
                                                      facecolor="black", edgecolor="black")),
                             self.ax.text(*text.get_position(), "", color="white",
                                          fontsize=text.get_fontsize(), fontweight="bold",
                                          ha="center", va="center"))
        self.step_marks = []

    # --- restyling ------------------------------------------------------------------------

    def dynamic_artists(self) -> list:
        """Every artist show_stage may change (the rest is a fixed background)."""
        artists = [artist for element in self.elements.values() for artist in element.artists]
        if self.live:
            artists += list(self.current_mark)
        else:
            artists += [self.heading, self.caption, self.badge, self.evidence]
            artists += [artist for mark in self.step_marks for artist in mark]
        return artists

    def _reached(self, stage_id: str) -> bool:
        return self.stage is None or self.stage >= STAGE_ORDER.index(stage_id)

    def _restyle(self, artist, look: str):
        """look: 'normal', 'highlight' or 'dim'."""
        base = self._base[artist]
        artist.set_alpha(DIM_ALPHA if look == "dim" else base["alpha"])
        if hasattr(artist, "get_fontweight"):
            if artist in self.labels:
                artist.set_fontweight("bold" if look == "highlight" else base["weight"])
            return
        if isinstance(artist, Line2D):
            artist.set_linewidth(base["linewidth"] * (1.8 if look == "highlight" else 1))
            return
        if hasattr(artist, "get_hatch"):
            if isinstance(artist, FancyArrowPatch):
                artist.set_linewidth(base["linewidth"] * (1.8 if look == "highlight" else 1))
                return
            highlight = look == "highlight"
            artist.set_linewidth(max(base["linewidth"] * 2.6, 2.5) if highlight
                                 else base["linewidth"])
            artist.set_edgecolor("black" if highlight else base["edgecolor"])
            artist.set_hatch(HIGHLIGHT_HATCH if highlight else base["hatch"])
            return
        artist.set_linewidths(base["linewidth"] * (3 if look == "highlight" else 1))

    def show_stage(self, stage: int | None):
        """Restyle the existing artists for ``stage`` (None: the overview, nothing dimmed)."""
        self.stage = check_stage(stage, self.stages)
        highlighted = () if self.stage is None else \
            STAGE_HIGHLIGHTS[STAGE_ORDER[self.stage]]
        for name, element in self.elements.items():
            look = "normal" if self.stage is None else \
                ("highlight" if name in highlighted else "dim")
            active = self._reached(ACTIVE_FROM.get(name, "baseline"))
            for artist in element.artists:
                artist.set_visible(active or artist in element.always)
                self._restyle(artist, look)
                if self.compact and look == "dim" and artist in self.labels:
                    artist.set_visible(False)  # small panels name highlighted elements only
                if artist in self.dim_copies:  # drawn over its dim copy only when it stands out
                    artist.set_visible(look == "highlight" and artist in self.labels)
                elif self.live and look == "dim" and artist in self.labels \
                        and artist is not self.mg_label:
                    # A part that appeared at an earlier stage keeps its shape but not its
                    # label once it fades: a label costs more to draw than a shape.
                    artist.set_visible(False)
        self._move_for_stage()
        self._write_text_rows()

    def _move_for_stage(self):
        """Positions and counts that change as the cascade runs."""
        blocked = self._reached("nmda_block")
        self.mg.set_center(MG_OUTSIDE if blocked else PORE)
        self.mg_label.set_position(MG_LABEL_OUTSIDE if blocked else MG_LABEL_IN_PORE)
        self.gaba.set_offsets(GABA_SITES[:1] if self._reached("disinhibition") else GABA_SITES)
        burst = self._reached("glutamate_burst")
        self.glutamate.set_offsets(GLUTAMATE_SITES if burst else GLUTAMATE_SITES[:3])
        xs = SPIKE_X_BURST if self._reached("disinhibition") else SPIKE_X_REST
        self.spikes.set_data(xs, np.full(xs.size, SPIKE_Y))

    def _write_text_rows(self):
        count = len(self.stages)
        if self.live:
            circle, text = self.current_mark
            current = 0 < self.stage < count
            circle.set_visible(current)
            text.set_visible(current)
            if current:
                circle.set_center(self._mark_positions[self.stage - 1])
                text.set_position(self._mark_positions[self.stage - 1])
                text.set_text(str(self.stage))
            return
        if self.stage is None:
            self.heading.set_text("Ketamine's proposed antidepressant cascade, "
                                  f"steps 1 to {count - 1}")
            self.caption.set_text("Every step after the NMDA block is a hypothesis for "
                                  "ketamine's effect in people")
            self.evidence.set_text("Evidence differs by step: see the stage figures")
            self.badge.set_visible(False)
        else:
            row = self.stages.iloc[self.stage]
            self.heading.set_text(stage_heading(row, count))
            self.caption.set_text(row.caption)
            self.evidence.set_text(evidence_line(row))
            self.badge.set_visible(True)
            badge = EVIDENCE_BADGES[row.evidence]
            self.badge.set_facecolor(badge["facecolor"])
            self.badge.set_hatch(badge["hatch"])
            self.badge.set_linestyle(badge["linestyle"])
        for number, (circle, text) in enumerate(self.step_marks, start=1):
            current = self.stage == number
            circle.set_facecolor("black" if current else "white")
            text.set_color("white" if current else "black")


def _schematic_figsize(compact_rows: int = 0):
    return (12.0, 6.75) if not compact_rows else (12.0, 3.55 * compact_rows)


def nmda_schematic(stage: int | None = 0, table: pd.DataFrame | None = None,
                   mode: str | None = None, live: bool = False, dpi: float | None = None):
    """The schematic at ``stage`` (0 = baseline ... 7), or the overview when None.

    ``live=True`` prepares it for the stepping widget (see :class:`Schematic`); it then has
    no caption row, and no overview. ``dpi`` overrides the preset's screen resolution.
    """
    stages = mechanism_stages(table)
    if check_stage(stage, stages) is None and live:
        raise ValueError("stage must be an integer for a live schematic; the overview is "
                         "static (stage=None, live=False).")
    with style.context(mode):
        width, height = _schematic_figsize()
        if live:  # no heading and caption rows: crop them off
            height *= (LIVE_TOP - LIVE_BOTTOM) / HEIGHT
        fig, ax = style.subplots(figsize=(width, height), dpi=dpi)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
        schematic = Schematic(ax, stages, live=live)
        if live:
            ax.set_ylim(LIVE_BOTTOM, LIVE_TOP)
        schematic.show_stage(stage)
        fig.schematic = schematic  # so widgets and tests can reach the artists
    return fig


def small_multiples_alt(table: pd.DataFrame | None = None) -> str:
    stages = mechanism_stages(table)
    return (f"All {len(stages)} stages of the schematic side by side, two per row, each with "
            "its highlighted elements named in bold, its caption and its evidence label: "
            + "; ".join(f"stage {row.stage}, {row.title}: {row.caption} "
                        f"({evidence_labels()[row.evidence].lower()})"
                        for row in stages.itertuples()) + ".")


def mechanism_small_multiples(table: pd.DataFrame | None = None):
    """Every stage as a small panel, two per row: readable without a kernel, printable.

    A handout figure: always drawn at the notebook preset's sizes, because lecture-sized
    text does not fit eight panels (project the stage figures instead).
    """
    stages = mechanism_stages(table)
    rows = (len(stages) + 1) // 2
    with style.context("notebook"):
        fig, axes = style.subplots(rows, 2, figsize=_schematic_figsize(rows))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.005, top=0.995, hspace=0.04,
                            wspace=0.03)
        for index, ax in enumerate(axes.flat):
            if index >= len(stages):
                ax.set_axis_off()
                continue
            Schematic(ax, stages, compact=True).show_stage(index)
            ax.add_patch(Rectangle((0, 0), WIDTH, HEIGHT, fill=False, edgecolor="#888888",
                                   linewidth=0.8))
    return fig
