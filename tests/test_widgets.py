"""Widgets: every explorer has the one shape (named controls, a redraw, a static view),
callbacks change what is shown, and every widget has a static view."""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import stored_image
from ketamine_course.data import load
from ketamine_course.history import events_until
from ketamine_course.widgets import Explorer, LiveFigure, WithStaticView
from ketamine_course.widgets.evidence import evidence_explorer
from ketamine_course.widgets.history import timeline_highlighter, timeline_slider
from ketamine_course.widgets.mechanism import mechanism_explorer
from ketamine_course.widgets.pk import pk_simulator
from ketamine_course.widgets.pk_models import variability_explorer
from ketamine_course.widgets.safety import side_effect_explorer


def test_events_until_keeps_exactly_the_years_up_to_the_choice():
    table = load("timeline")
    years = table["date"].str.slice(0, 4).astype(int)
    for year in (int(years.min()), 1999, 2019, int(years.max())):
        chosen = events_until(year, table)
        assert sorted(chosen["label"]) == sorted(table.loc[years <= year, "label"])


def test_slider_redraws_the_list():
    view = timeline_slider()
    slider, listing = view.controls["year"], view.listing
    assert slider.value == slider.min
    first = listing.value
    slider.value = 2000
    expected = events_until(2000)
    assert f"{len(expected)} events up to 2000" in listing.value
    for label in expected["event"]:
        assert label.split(",")[0] in listing.value
    assert listing.value != first


def test_static_view_is_the_default_state():
    view = timeline_slider()
    table = load("timeline")
    first = int(table["date"].str.slice(0, 4).min())
    count = int((table["date"].str.slice(0, 4).astype(int) == first).sum())
    data, _ = view._repr_mimebundle_()
    assert f"{count} event{'s' if count > 1 else ''} up to {first}" in data["text/html"]
    view.controls["year"].value = 2000
    data, _ = view._repr_mimebundle_()  # the static view follows the slider
    assert f"{len(events_until(2000))} events up to 2000" in data["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in data


def test_static_view_of_an_explorer_with_a_figure_shows_its_panels_after_it():
    """Readers without a kernel (handouts, slides, PDF) get the starting state whole: the
    figure, then its readouts and tables of numbers (the side-effect explorer's table)."""
    from ketamine_course.style import NUMBERS_SUMMARY

    explorer = side_effect_explorer()
    html = explorer._repr_mimebundle_()[0]["text/html"]
    assert html.index("<img") < html.index(NUMBERS_SUMMARY)
    assert explorer.numbers.value in html
    percentiles = variability_explorer()
    html = percentiles._repr_mimebundle_()[0]["text/html"]
    assert all(panel.value in html for panel in percentiles.panels)


def test_static_image_needs_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        WithStaticView(object(), image=Image.new("RGB", (4, 4)))


def sine_figure():
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots()
    x = np.linspace(0, 6, 50)
    (line,) = ax.plot(x, np.sin(x))
    ax.set_ylim(-2, 2)
    return fig, line


def test_live_figure_redraws_animated_artists_only_when_asked():
    import numpy as np

    fig, line = sine_figure()
    live = LiveFigure(fig, "A sine wave.", animated=[line])
    first = live.png
    assert first.startswith(b"\x89PNG") and 'alt="A sine wave."' in live.widget.value
    line.set_ydata(np.cos(line.get_xdata()))
    live.refresh(alt="A cosine wave.")
    assert live.png != first
    assert 'alt="A cosine wave."' in live.widget.value
    full = LiveFigure(sine_figure()[0], "A sine wave.")  # no blitting: same picture
    assert full.png == first


def test_live_figure_static_view_carries_image_and_alt_text():
    import ipywidgets

    from ketamine_course.widgets import LiveFigure

    class SineExplorer(Explorer):
        def __init__(self):
            self.controls = {"phase": ipywidgets.IntSlider()}
            self.live = LiveFigure(sine_figure()[0], "A sine wave.")

    live = SineExplorer().live
    data, metadata = SineExplorer()._repr_mimebundle_()
    png, alt = stored_image(data)
    assert alt == "A sine wave." and png.startswith(b"\x89PNG") and metadata == {}
    assert "application/vnd.jupyter.widget-view+json" in data
    with pytest.raises(ValueError, match="alt text"):
        live.refresh(alt=" ")


def another_value(control):
    """A value the control can take that differs from its current one."""
    options = getattr(control, "options", None)
    if options:
        values = [option[1] if isinstance(option, tuple) else option for option in options]
        return next(value for value in values if value != control.value)
    if isinstance(control.value, bool):
        return not control.value
    return control.max if control.value != control.max else control.min


def shown(explorer) -> tuple:
    """What a reader sees: the live image and the HTML of every panel."""
    return (explorer.live.png if explorer.live else None,
            tuple(panel.value for panel in explorer.panels))


EXPLORERS = {"timeline slider (00)": timeline_slider, "timeline highlighter (01)":
             timeline_highlighter, "evidence (02)": evidence_explorer,
             "mechanism (03)": mechanism_explorer, "pk simulator (04)": pk_simulator,
             "variability (04)": variability_explorer, "side effects (05)": side_effect_explorer}


@pytest.mark.parametrize("make", EXPLORERS.values(), ids=EXPLORERS.keys())
def test_every_explorer_has_the_one_shape_and_each_watched_control_redraws(make):
    import ipywidgets
    import matplotlib.pyplot as plt

    explorer = make()
    assert isinstance(explorer, Explorer)
    assert explorer.controls and all(isinstance(control, ipywidgets.ValueWidget)
                                     for control in explorer.controls.values())
    for name in explorer.watched or explorer.controls:
        control = explorer.controls[name]
        before, start = shown(explorer), control.value
        control.value = another_value(control)
        assert shown(explorer) != before, f"changing {name!r} changed nothing a reader sees"
        control.value = start
        assert shown(explorer) == before, f"{name!r}: the same settings drew a different view"
    data, _ = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data and "text/html" in data
    if explorer.live:
        plt.close(explorer.live.fig)
