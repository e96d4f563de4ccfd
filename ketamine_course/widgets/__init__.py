"""Interactive explorers: controls wired to topic functions and figures, nothing more.

This module holds the parts every explorer shares (:class:`Explorer`, the one shape they
all have); each topic's explorer lives in the module named after its topic
(``widgets.history``, ``widgets.evidence``, ``widgets.mechanism``, ``widgets.pk``,
``widgets.safety``).

Each explorer is displayed together with a static view of its current state, so the
notebook still reads on GitHub, nbviewer or an exported handout where no kernel runs:
JupyterLab shows the live widget; a viewer without widgets shows the static view.
"""

from __future__ import annotations

import io

from ..style import canvas_image, close, image_bundle, img_tag, stored_png

ALL_LABEL = "All"  # the menu choice that filters nothing, in every explorer


class WithStaticView:
    """Display ``widget`` live, with a static view as the fallback for readers without a
    kernel (handouts, slides, nbviewer): the image (a PIL image) with its alt text, then
    ``html_view``."""

    def __init__(self, widget, html_view: str | None = None, image=None,
                 alt: str | None = None, metadata: dict | None = None):
        if image is not None and not alt:
            raise ValueError("A static image needs alt text.")
        self.widget, self.html_view, self.image, self.alt = widget, html_view, image, alt
        self.metadata = metadata or {}

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = {}, dict(self.metadata)
        if self.image is not None:
            data, image_metadata = image_bundle(stored_png(self.image), self.alt)
            metadata.update(image_metadata)
        if self.html_view is not None:
            data["text/html"] = data.get("text/html", "") + self.html_view
        data.update(self.widget._repr_mimebundle_())
        return data, metadata


class LiveFigure:
    """A matplotlib figure shown in an ipywidgets.HTML as a PNG with alt text.

    Explorers change the figure's existing artists (``set_data``, ``set_visible``,
    ``set_text``...) and call :meth:`refresh`, which renders with Agg and replaces the
    image the front end shows. Artists passed as ``animated`` are blitted: the rest of
    the figure is drawn once and kept as a background, so an update redraws only them.
    Call ``refresh(full=True)`` after changing anything else (axis limits, titles); give
    that state a name (``background="model A"``) and returning to it later pastes the
    background drawn then instead of drawing the whole figure again.
    """

    def __init__(self, fig, alt: str, animated=()):
        import ipywidgets as widgets
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        close(fig)  # shown through the widget only, never by the inline backend
        FigureCanvasAgg(fig)  # render with Agg, also a figure pyplot made
        self.fig, self.animated, self.alt = fig, list(animated), ""
        for artist in self.animated:
            artist.set_animated(True)
        self._background = None
        self._backgrounds: dict = {}  # named states of the non-animated artists
        self.widget = widgets.HTML(layout=widgets.Layout(width="auto"))
        self.png = b""
        self.image = None  # the last rendering, as a PIL image (an explorer's static view)
        self.refresh(alt, full=True)

    def refresh(self, alt: str | None = None, full: bool = False, background=None):
        """Render the figure as it is now; optionally change the alt text."""
        if alt is not None:
            if not alt.strip():
                raise ValueError("Every figure needs alt text.")
            self.alt = " ".join(alt.split())
        self.draw(full, background)
        # RGB encodes ~20% faster than RGBA; the lowest compression level trades a few kB
        # for speed.
        self.image = canvas_image(self.fig.canvas)
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", compress_level=1)
        self.png = buffer.getvalue()
        self.widget.value = img_tag(self.png, self.alt)

    def draw(self, full: bool = False, background=None):
        """Draw the figure as it is now into the canvas, without making an image."""
        canvas = self.fig.canvas
        if full and background in self._backgrounds:  # drawn before: paste it
            self._background = self._backgrounds[background]
            canvas.restore_region(self._background)
        elif full or self._background is None:
            canvas.draw()  # everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            if background is not None:
                self._backgrounds[background] = self._background
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:
            self.fig.draw_artist(artist)



class Explorer:
    """The one shape of every explorer in the course.

    ``controls`` maps a name to each ipywidget a reader can change; ``live`` is the
    :class:`LiveFigure` the explorer redraws (None for an explorer without a figure) and
    ``panels`` the HTML widgets shown under it. :meth:`update` redraws everything from
    the controls' current values. A subclass builds these in ``__init__``, draws its first
    state, then calls :meth:`_connect`. Tests and scripts drive an explorer
    the way a reader does: ``explorer.controls["stage"].value = 3``.
    """

    controls: dict
    live: LiveFigure | None = None
    panels: tuple = ()
    watched: tuple[str, ...] | None = None  # controls whose change redraws; None: all

    def values(self) -> dict[str, object]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, _change=None) -> None:
        raise NotImplementedError

    def _connect(self) -> None:
        for name in self.watched or self.controls:
            self.controls[name].observe(self.update, names="value")

    def control_box(self):
        """The controls in a row that wraps on a narrow screen."""
        import ipywidgets as widgets

        return widgets.HBox(list(self.controls.values()),
                            layout=widgets.Layout(flex_flow="row wrap"))

    def view(self) -> WithStaticView:
        """Controls, figure and panels live; the starting state's figure and panels (its
        readouts and tables of numbers) as the static view."""
        import ipywidgets as widgets

        children = [self.control_box(), *([self.live.widget] if self.live else []),
                    *self.panels]
        panels = "".join(panel.value for panel in self.panels) or None
        if self.live is not None:
            return WithStaticView(widgets.VBox(children), image=self.live.image,
                                  alt=self.live.alt, html_view=panels)
        return WithStaticView(widgets.VBox(children), html_view=panels)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.view()._repr_mimebundle_(include, exclude)
