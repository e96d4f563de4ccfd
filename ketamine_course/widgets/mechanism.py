"""Step through the NMDA/glutamate schematic with a play button and a stage slider.

The schematic is drawn once. Moving the slider (or pressing play, which moves the slider
in the browser through ``jslink``) restyles the existing artists and re-renders only them
(:class:`~ketamine_course.widgets.LiveFigure` blitting), so a step takes milliseconds.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from ..diagrams.mechanism import (
    EVIDENCE_LABELS,
    Schematic,
    check_stage,
    mechanism_stages,
    nmda_schematic,
    schematic_alt,
    stage_heading,
)
from . import LiveFigure, WithStaticView

PLAY_INTERVAL_MS = 3000  # long enough to read a caption aloud in class
# Resolution of the live image: 960 pixels wide fits a notebook column, and fewer pixels
# make each step's render and PNG faster. The exported stage figures are sharper (figures/).
LIVE_DPI = 80


def stage_html(row, count: int) -> str:
    """The stage's heading, caption, evidence label and what the evidence rests on."""
    return (f"<h4 style='margin:0.3em 0'>{html.escape(stage_heading(row, count))}</h4>"
            f"<p style='font-size:1.15em'>{html.escape(row.caption)}.</p>"
            f"<p><strong>Evidence: {html.escape(EVIDENCE_LABELS[row.evidence])}.</strong> "
            f"{html.escape(row.evidence_note)} "
            f"<em>Sources: {html.escape(row.sources.replace(';', ', '))}</em></p>")


@dataclass
class MechanismExplorer:
    """The displayable explorer, with handles on its parts for tests and scripts."""

    view: WithStaticView
    slider: object
    play: object
    link: object
    live: LiveFigure
    schematic: Schematic
    note: object
    stages: pd.DataFrame

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.view._repr_mimebundle_(include=include, exclude=exclude)


def mechanism_explorer(stage: int = 0, table: pd.DataFrame | None = None) -> MechanismExplorer:
    """The schematic at ``stage``, a play button and a slider that step through the stages."""
    import ipywidgets as widgets

    stages = mechanism_stages(table)
    stage = check_stage(stage, stages)
    if stage is None:
        raise ValueError("stage must be an integer from 0 to "
                         f"{len(stages) - 1} for the explorer; got None.")
    fig = nmda_schematic(stage, stages, live=True, dpi=LIVE_DPI)
    schematic = fig.schematic
    live = LiveFigure(fig, schematic_alt(stage, stages), animated=schematic.dynamic_artists())
    last = len(stages) - 1
    slider = widgets.IntSlider(value=stage, min=0, max=last, step=1, description="Stage",
                               continuous_update=True,
                               layout=widgets.Layout(width="min(32em, 100%)"))
    play = widgets.Play(value=stage, min=0, max=last, step=1, interval=PLAY_INTERVAL_MS,
                        repeat=False, description="Play the stages", show_repeat=False)
    link = widgets.jslink((play, "value"), (slider, "value"))
    note = widgets.HTML(stage_html(stages.iloc[stage], len(stages)))

    def redraw(change):
        schematic.show_stage(change["new"])
        live.refresh(alt=schematic_alt(change["new"], stages))
        note.value = stage_html(stages.iloc[change["new"]], len(stages))

    slider.observe(redraw, names="value")
    controls = widgets.HBox([play, slider])
    view = live.static_view(controls)
    view.widget.children = (*view.widget.children, note)
    return MechanismExplorer(view, slider, play, link, live, schematic, note, stages)
