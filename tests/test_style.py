"""Palette, presets, the lecture switch, and alt text."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from conftest import stored_image
from ketamine_course import style


@pytest.fixture(autouse=True)
def follow_environment(monkeypatch):
    monkeypatch.delenv(style.ENV_VAR, raising=False)
    style.use(None)
    yield
    monkeypatch.delenv(style.ENV_VAR, raising=False)
    style.use(None)


def relative_luminance(hex_colour):
    def channel(value):
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in to_rgb(hex_colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_palette_is_okabe_ito():
    assert set(style.PALETTE.values()) >= {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                           "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_first_series_colours_contrast_with_white():
    """The first five series colours meet WCAG 2's 3:1 contrast for graphics on white."""
    for index in range(5):
        ratio = 1.05 / (relative_luminance(style.color(index)) + 0.05)
        assert ratio >= 3.0, (style.color(index), ratio)


def test_each_series_has_its_own_marker_and_hatch():
    count = len(style.CYCLE)
    assert len({style.marker(index) for index in range(count)}) == count
    assert len(set(style.HATCHES)) == len(style.HATCHES) >= count


def test_default_mode_is_notebook():
    assert style.current_mode() == "notebook"


def test_environment_variable_switches_to_lecture(monkeypatch):
    monkeypatch.setenv(style.ENV_VAR, "lecture")
    assert style.current_mode() == "lecture"
    with style.context():
        assert plt.rcParams["font.size"] == style.PRESETS["lecture"]["font.size"]


def test_use_overrides_the_environment(monkeypatch):
    monkeypatch.setenv(style.ENV_VAR, "lecture")
    assert style.use("notebook") == "notebook"
    assert style.current_mode() == "notebook"


def test_unknown_mode_is_a_clear_error(monkeypatch):
    with pytest.raises(ValueError, match="choose one of notebook, lecture"):
        style.use("projector")
    monkeypatch.setenv(style.ENV_VAR, "big")
    with pytest.raises(ValueError, match="KETAMINE_COURSE_MODE='big'"):
        style.current_mode()


def test_lecture_is_larger_and_thicker_everywhere():
    notebook, lecture = style.PRESETS["notebook"], style.PRESETS["lecture"]
    for key in ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize",
                "ytick.labelsize", "legend.fontsize", "lines.linewidth", "axes.linewidth"):
        assert lecture[key] > notebook[key], key
    assert min(lecture[key] for key in ("font.size", "xtick.labelsize", "ytick.labelsize",
                                        "legend.fontsize")) >= 18


def test_context_does_not_leak_into_global_settings():
    before = plt.rcParams["font.size"]
    with style.context("lecture"):
        inside = plt.rcParams["font.size"]
    assert inside == style.PRESETS["lecture"]["font.size"] != before
    assert plt.rcParams["font.size"] == before


def test_show_publishes_png_with_alt_text(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    style.show(fig, "A straight   line rising\nfrom left to right.")
    assert len(shown) == 1
    data, metadata = shown[0]._repr_mimebundle_()
    assert set(data) == {"text/html", "text/plain"} and metadata == {}, "one stored copy"
    png, alt = stored_image(data)
    assert alt == "A straight line rising from left to right."
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.mode == "P", "a 256-colour palette"
    assert 'alt="A straight line rising from left to right."' in data["text/html"]
    assert data["text/plain"] == "[Figure] A straight line rising from left to right."
    assert not plt.fignum_exists(fig.number), "show() closes the figure"


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_show_refuses_a_figure_without_alt_text(alt):
    fig = plt.figure()
    with pytest.raises(ValueError, match="alt text"):
        style.show(fig, alt)
    plt.close(fig)


def test_png_has_no_software_stamp():
    fig = plt.figure()
    png = style.figure_png(fig)
    plt.close(fig)
    assert b"Software" not in png and b"matplotlib" not in png.lower()


def test_the_course_never_starts_pyplot():
    """Importing pyplot in a kernel starts the inline backend, about 0.2 s of every
    notebook's set-up; course figures come from style.figure and are shown by
    style.show or a widget. Imports every module, then draws, shows and exports."""
    import subprocess
    import sys

    from conftest import ROOT

    script = """
import pkgutil, sys
from unittest import mock
import ketamine_course
for module in pkgutil.walk_packages(ketamine_course.__path__, "ketamine_course."):
    __import__(module.name)
from ketamine_course import export, style
from ketamine_course.widgets.safety import side_effect_explorer
with mock.patch("IPython.display.display"):
    spec = export.figure_specs()[0]
    style.show(spec.draw(), alt=spec.alt())
    side_effect_explorer()
print(sorted(name for name in sys.modules if name.startswith("matplotlib.pyplot")))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
