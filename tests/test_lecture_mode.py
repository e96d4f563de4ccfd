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
