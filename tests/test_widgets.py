"""Widgets: callbacks change what is shown, and every widget has a static view."""

from __future__ import annotations

import pytest

from conftest import stored_image
from ketamine_course.data import load
from ketamine_course.widgets import WithStaticView
from ketamine_course.widgets.timeline import events_until, timeline_slider


def test_events_until_keeps_exactly_the_years_up_to_the_choice():
    table = load("timeline")
    years = table["date"].str.slice(0, 4).astype(int)
    for year in (int(years.min()), 1999, 2019, int(years.max())):
        chosen = events_until(year, table)
        assert sorted(chosen["label"]) == sorted(table.loc[years <= year, "label"])


def test_slider_redraws_the_list():
    view = timeline_slider()
    slider, listing = view.widget.children
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
    data, _ = view._repr_mimebundle_()
    assert data["text/html"] == view.widget.children[1].value
    assert "application/vnd.jupyter.widget-view+json" in data


def test_static_image_needs_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        WithStaticView(object(), png=b"\x89PNG")


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

    from ketamine_course.widgets import LiveFigure

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

    live = LiveFigure(sine_figure()[0], "A sine wave.")
    data, metadata = live.static_view(ipywidgets.IntSlider())._repr_mimebundle_()
    png, alt = stored_image(data)
    assert alt == "A sine wave." and png.startswith(b"\x89PNG") and metadata == {}
    assert "application/vnd.jupyter.widget-view+json" in data
    with pytest.raises(ValueError, match="alt text"):
        live.refresh(alt=" ")
