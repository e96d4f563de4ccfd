"""Notebook 03's explorer: step through the NMDA/glutamate schematic with a play button
and a stage slider.

The schematic is drawn once. Moving the slider (or pressing play, which moves the slider
in the browser through ``jslink``) restyles the existing artists and re-renders only them
(:class:`~ketamine_course.widgets.LiveFigure` blitting), so a step takes milliseconds.
"""

from __future__ import annotations

import html

import pandas as pd

from ..diagrams.mechanism import Schematic, nmda_schematic, schematic_alt
from ..formats import source_keys
from ..mechanism import check_stage, evidence_labels, mechanism_stages, stage_heading
from . import Explorer, LiveFigure

PLAY_INTERVAL_MS = 3000  # long enough to read a caption aloud in class
# Resolution of the live image: 960 pixels wide fits a notebook column, and fewer pixels
# make each step's render and PNG faster. The exported stage figures are sharper (figures/).
LIVE_DPI = 80


def stage_html(row, count: int) -> str:
    """The stage's title, caption, evidence label and what the evidence rests on.

    The title is bold text, not a heading: the panel sits under the notebook's own
    section heading, and a heading here would skip a level for screen-reader users.
    """
    return (f"<p style='margin:0.3em 0; font-size:1.15em'><strong>"
            f"{html.escape(stage_heading(row, count))}</strong></p>"
            f"<p style='font-size:1.15em'>{html.escape(row.caption)}.</p>"
            f"<p><strong>Evidence: {html.escape(evidence_labels()[row.evidence])}.</strong> "
            f"{html.escape(row.evidence_note)} "
            f"<em>Sources: {html.escape(source_keys(row.sources))}</em></p>")


class MechanismExplorer(Explorer):
    """A ``play`` button and a ``stage`` slider over the schematic (``schematic``), with the
    stage's heading, caption and evidence under it (``note``).

    The play button moves the slider in the browser (``link``, a jslink), so only the
    slider's changes redraw the figure.
    """

    watched = ("stage",)

    def __init__(self, stage: int = 0, table: pd.DataFrame | None = None):
        import ipywidgets as widgets

        self.stages = mechanism_stages(table)
        stage = check_stage(stage, self.stages)
        if stage is None:
            raise ValueError("stage must be an integer from 0 to "
                             f"{len(self.stages) - 1} for the explorer; got None.")
        fig = nmda_schematic(stage, self.stages, live=True, dpi=LIVE_DPI)
        self.schematic: Schematic = fig.schematic
        self.live = LiveFigure(fig, schematic_alt(stage, self.stages),
                               animated=self.schematic.dynamic_artists())
        last = len(self.stages) - 1
        self.controls = {
            "play": widgets.Play(value=stage, min=0, max=last, step=1,
                                 interval=PLAY_INTERVAL_MS, repeat=False,
                                 description="Play the stages", show_repeat=False),
            "stage": widgets.IntSlider(value=stage, min=0, max=last, step=1,
                                       description="Stage", continuous_update=True,
                                       layout=widgets.Layout(width="min(32em, 100%)")),
        }
        self.link = widgets.jslink((self.controls["play"], "value"),
                                   (self.controls["stage"], "value"))
        self.note = widgets.HTML(stage_html(self.stages.iloc[stage], len(self.stages)))
        self.panels = (self.note,)
        self._connect()

    def update(self, _change=None):
        stage = self.controls["stage"].value
        self.schematic.show_stage(stage)
        self.live.refresh(alt=schematic_alt(stage, self.stages))
        self.note.value = stage_html(self.stages.iloc[stage], len(self.stages))


def mechanism_explorer(stage: int = 0, table: pd.DataFrame | None = None) -> MechanismExplorer:
    """The schematic at ``stage``, a play button and a slider that step through the stages."""
    return MechanismExplorer(stage, table)
