"""Lecture mode, verified on what lecturers project: every exported figure's text is
large enough to read from the back of a lecture hall."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from ketamine_course import export, style

SPECS = export.figure_specs()


def visible_texts(fig):
    return [text for text in fig.findobj(Text) if text.get_visible() and text.get_text().strip()]


@pytest.mark.parametrize("spec", SPECS, ids=[spec.name for spec in SPECS])
def test_exported_figure_text_is_projector_sized(spec):
    fig = spec.draw()
    try:
        texts = visible_texts(fig)
        assert texts, f"{spec.name}: no text found"
        smallest = min(texts, key=lambda text: text.get_fontsize())
        effective = style.effective_font_pt(smallest.get_fontsize(), fig.get_figwidth())
        assert effective >= style.LECTURE_MIN_FONT_PT, \
            f"{spec.name}: {smallest.get_text()!r} is {smallest.get_fontsize():.1f} pt on a " \
            f"{fig.get_figwidth():.1f}-inch figure ({effective:.1f} pt at 12 inches)"
    finally:
        plt.close(fig)


def test_wider_figures_count_their_text_smaller():
    assert style.effective_font_pt(18, 12) == 18
    assert style.effective_font_pt(18, 8) == 18
    assert style.effective_font_pt(18, 24) == 9


def test_the_threshold_is_what_the_lecture_preset_gives():
    preset = style.PRESETS["lecture"]
    sizes = [preset[key] for key in ("font.size", "xtick.labelsize", "ytick.labelsize",
                                     "legend.fontsize", "axes.labelsize", "axes.titlesize")]
    assert min(sizes) >= style.LECTURE_MIN_FONT_PT
    assert min(style.PRESETS["notebook"][key] for key in ("font.size", "xtick.labelsize")) \
        < style.LECTURE_MIN_FONT_PT, "the threshold must separate the two presets"


def notebook_figures():
    """Figures shown in notebooks but not exported to figures/, drawn in lecture mode (the
    explorers' figures as their widgets draw them). Notebook 03's small multiples, eight
    schematics on one page for reading, are left out: for a projector, figures/ has each
    stage as a figure of its own, which the export test checks."""
    from ketamine_course.diagrams.affinity import concentration_chart
    from ketamine_course.diagrams.enantiomers import enantiomer_chart
    from ketamine_course.diagrams.review import evidence_map
    from ketamine_course.widgets.evidence import evidence_explorer
    from ketamine_course.widgets.history import timeline_highlighter
    from ketamine_course.widgets.mechanism import mechanism_explorer
    from ketamine_course.widgets.pk import pk_simulator

    return {
        "enantiomer_chart": lambda: enantiomer_chart(mode="lecture"),
        "evidence_map": lambda: evidence_map(mode="lecture"),
        "concentration_chart": lambda: concentration_chart(mode="lecture"),
        "pk_simulator": lambda: pk_simulator(mode="lecture").live.fig,
        "evidence_explorer": lambda: evidence_explorer().live.fig,
        "mechanism_explorer": lambda: mechanism_explorer().live.fig,
        "timeline_highlighter": lambda: timeline_highlighter().live.fig,
    }


@pytest.mark.parametrize("name", list(notebook_figures()))
def test_notebook_figure_text_is_projector_sized(name):
    style.use("lecture")
    try:
        fig = notebook_figures()[name]()
    finally:
        style.use(None)
    try:
        smallest = min(visible_texts(fig), key=lambda text: text.get_fontsize())
        effective = style.effective_font_pt(smallest.get_fontsize(), fig.get_figwidth())
        assert effective >= style.LECTURE_MIN_FONT_PT, \
            f"{name}: {smallest.get_text()!r} is {effective:.1f} pt at 12 inches"
    finally:
        plt.close(fig)
