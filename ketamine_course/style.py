"""Look of every figure: a colour-blind-safe palette, two presets, and alt text.

Two presets:

* ``notebook`` (default): sizes for a laptop screen.
* ``lecture``: fonts readable from the back of a lecture hall, thicker lines.

One switch changes every figure: set the environment variable
``KETAMINE_COURSE_MODE=lecture`` before starting Jupyter (``make lab MODE=lecture``),
or call ``style.use("lecture")`` at the top of a notebook. Drawing functions in
:mod:`ketamine_course.diagrams` build their figures inside :func:`context`, so they
pick up the mode in force when they are called, whatever else changed ``rcParams``.
"""

from __future__ import annotations

import base64
import html
import io
import os
import sys
from contextlib import contextmanager

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common
# form of colour-vision deficiency. Names say what the colour is, not what it means.
PALETTE = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
# The order series take: the first five reach the 3:1 contrast with white that WCAG 2
# (1.4.11) asks of graphics; pale orange, sky blue and yellow come last.
CYCLE = ["blue", "vermillion", "bluish_green", "reddish_purple", "black", "orange", "sky_blue",
         "yellow"]
# Colour never carries meaning alone: each series also gets a marker and a hatch.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "--", "oo"]

# The smallest text allowed in a lecture-mode figure, in points on a figure 12 inches
# wide (a wider figure is shrunk to the same screen width, so its text counts smaller:
# see effective_font_pt). Shown 3 m wide, a 12-inch figure is magnified about 10 times,
# so 14 pt (4.9 mm) becomes about 48 mm tall: readable from roughly 19 m by the common
# rule of 25 mm of letter height per 10 m of distance.
LECTURE_MIN_FONT_PT = 14
LECTURE_REFERENCE_WIDTH_IN = 12.0


def effective_font_pt(size_pt: float, figure_width_in: float) -> float:
    """A text's size once its figure is scaled to the reference width on screen."""
    return size_pt * min(1.0, LECTURE_REFERENCE_WIDTH_IN / figure_width_in)

ENV_VAR = "KETAMINE_COURSE_MODE"
MODES = ("notebook", "lecture")

_BASE = {
    "axes.prop_cycle": mpl.cycler(color=[PALETTE[name] for name in CYCLE]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "font.family": "DejaVu Sans",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    # Exported SVG keeps text as text, so lecturers can edit or translate labels.
    "svg.fonttype": "none",
    # A fixed salt makes SVG element ids, and so the file bytes, repeatable.
    "svg.hashsalt": "ketamine-course",
}

PRESETS: dict[str, dict] = {
    "notebook": {
        **_BASE,
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "lines.linewidth": 2.0,
        "lines.markersize": 7,
        "axes.linewidth": 1.0,
    },
    "lecture": {
        **_BASE,
        "figure.figsize": (12.0, 6.75),
        "figure.dpi": 100,
        "savefig.dpi": 160,  # export.EXPORT_DPI: 1920 px across a 12-inch figure
        "font.size": 18,
        "axes.titlesize": 22,
        "axes.labelsize": 20,
        "xtick.labelsize": 18,
        "ytick.labelsize": 18,
        "legend.fontsize": 18,
        "lines.linewidth": 4.0,
        "lines.markersize": 12,
        "axes.linewidth": 2.0,
        "xtick.major.width": 2.0,
        "ytick.major.width": 2.0,
    },
}

_mode: str | None = None  # set by use(); None means "read the environment variable"


def _check_mode(mode: str) -> str:
    if mode not in PRESETS:
        raise ValueError(f"Unknown style mode {mode!r}; choose one of {', '.join(MODES)}.")
    return mode


def current_mode() -> str:
    """The mode in force: the last :func:`use` call, else $KETAMINE_COURSE_MODE, else notebook."""
    if _mode is not None:
        return _mode
    from_env = os.environ.get(ENV_VAR, "").strip().lower() or "notebook"
    try:
        return _check_mode(from_env)
    except ValueError as error:
        raise ValueError(f"{ENV_VAR}={from_env!r}: {error}") from None


def use(mode: str | None = None) -> str:
    """Switch every later figure to ``mode`` ("notebook" or "lecture"); returns the mode.

    With no argument, follows $KETAMINE_COURSE_MODE again.
    """
    global _mode
    _mode = None if mode is None else _check_mode(mode)
    return current_mode()


def rc(mode: str | None = None) -> dict:
    """The matplotlib settings of ``mode`` (default: the mode in force)."""
    return dict(PRESETS[_check_mode(mode) if mode else current_mode()])


@contextmanager
def context(mode: str | None = None):
    """Build a figure inside this block to give it the course's look."""
    with mpl.rc_context(rc(mode)):
        yield


def color(index: int) -> str:
    """The hex colour of series ``index`` in the course's order."""
    return PALETTE[CYCLE[index % len(CYCLE)]]


def marker(index: int) -> str:
    """The marker of series ``index``, paired with :func:`color`."""
    return MARKERS[index % len(MARKERS)]


def figure(**kwargs):
    """A new Figure drawn by Agg, made without pyplot.

    Importing pyplot in a kernel starts the inline backend (about 0.2 s per notebook) and
    registers every figure with it; course figures are shown by :func:`show` and the
    widgets only, so they need neither. Takes ``Figure``'s arguments (figsize, dpi, layout).
    """
    made = Figure(**kwargs)
    FigureCanvasAgg(made)
    return made


def subplots(nrows: int = 1, ncols: int = 1, *, figsize=None, dpi=None, layout=None,
             **kwargs):
    """Like ``plt.subplots``, without pyplot (see :func:`figure`): (Figure, axes)."""
    made = figure(figsize=figsize, dpi=dpi, layout=layout)
    return made, made.subplots(nrows, ncols, **kwargs)


def close(fig):
    """Forget ``fig`` in pyplot, if pyplot made it, so the inline backend never shows it.

    Course figures (:func:`figure`) are unknown to pyplot; a figure from ``plt.subplots``
    would otherwise be shown again, without alt text, at the end of the cell.
    """
    pyplot = sys.modules.get("matplotlib.pyplot")  # not imported: no figure of its own
    if pyplot is not None:
        pyplot.close(fig)


def figure_png(fig, dpi: float | None = None) -> bytes:
    """The figure rendered to PNG bytes, without a software-version stamp."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def canvas_image(canvas):
    """What an Agg ``canvas`` holds now, as an RGB PIL image (a copy). Figures are opaque
    (white background), so RGB loses nothing."""
    from PIL import Image

    size = canvas.get_width_height(physical=True)
    return Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")


def figure_image(fig):
    """The figure drawn once by Agg at its own resolution, as an RGB PIL image.

    The pixels ``savefig`` writes at the figure's dpi, without its costs for a notebook:
    savefig runs a layout engine in an extra drawing pass and encodes a PNG that would be
    decoded again at once.
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return canvas_image(canvas)


def figure_svg(fig) -> bytes:
    """The figure as SVG bytes: text kept as text, repeatable ids, no date stamp."""
    buffer = io.BytesIO()
    with mpl.rc_context({key: _BASE[key] for key in ("svg.fonttype", "svg.hashsalt")}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def img_tag(png: bytes, alt: str) -> str:
    """An HTML <img> of the PNG with its alt text, for outputs and widgets."""
    encoded = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt)}" '
            'style="max-width:100%">')


FIGURE_PREFIX = "[Figure] "


def stored_png(image) -> bytes:
    """The PIL ``image`` as a PNG with its colours reduced to a 256-colour palette, for
    notebook outputs.

    Course figures are flat colours, text and antialiased edges, which a palette keeps
    legible at about a third of the bytes; no dithering, so flat areas stay flat and the
    bytes are the same on every run. figures/ keeps full-colour PNGs for slides.
    """
    from PIL import Image

    palette = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                            dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")  # optimize=True doubles the time for ~5% fewer bytes
    return buffer.getvalue()


def image_bundle(stored: bytes, alt: str) -> tuple[dict, dict]:
    """The output bundle of a figure: one stored image, with its alt text wherever it is read.

    ``stored`` is the figure as :func:`stored_png` made it. It is stored once, as a
    text/html <img> with an alt attribute: JupyterLab shows it (its own image/png renderer
    would drop the alt text), and so do nbconvert's templates, the handouts and nbviewer.
    text/plain repeats the alt text for readers without images, and for nbval, which
    compares text.
    """
    data = {"text/html": img_tag(stored, alt), "text/plain": FIGURE_PREFIX + alt}
    return data, {}


NUMBERS_SUMMARY = "The numbers in this figure, as a table"


def numbers_html(numbers) -> str:
    """A chart's numbers as a real table, folded under the figure: a screen-reader user (or
    anyone) opens it to read the values the chart draws. ``numbers`` is a pandas Styler."""
    # list-item keeps the disclosure triangle where a page's styles would hide it.
    return (f'<details><summary style="display: list-item; cursor: pointer">'
            f"{NUMBERS_SUMMARY}</summary>\n{numbers.to_html()}</details>")


class AltTextFigure:
    """A rendered figure that Jupyter shows as a PNG carrying alt text, and, when given,
    the table of its numbers (:func:`numbers_html`) under it. ``stored``: the figure as
    :func:`stored_png` made it."""

    def __init__(self, stored: bytes, alt: str, numbers=None):
        self.stored = stored
        self.alt = alt
        self.numbers = numbers

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = image_bundle(self.stored, self.alt)
        if self.numbers is not None:
            data["text/html"] += "\n" + numbers_html(self.numbers)
        return data, metadata


def show(fig, alt: str, numbers=None):
    """Display ``fig`` with alt text in a notebook, then close it (:func:`close`).

    ``numbers``: the values the chart draws, as a pandas Styler (diagrams' ``*_numbers``
    functions), shown as a folded table under the figure."""
    from IPython.display import display

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("Every figure needs alt text: describe what it shows in a sentence.")
    shown = AltTextFigure(stored_png(figure_image(fig)), " ".join(alt.split()), numbers)
    close(fig)
    display(shown)
