"""Interactive explorers, built on the pure data and figure functions.

This module holds the parts every explorer shares; each explorer lives in a module of
its own beside it (``widgets.timeline`` ...).

Each explorer is displayed together with a static view of its default state, so the
notebook still reads on GitHub, nbviewer or an exported handout where no kernel runs:
JupyterLab shows the live widget; a viewer without widgets shows the static view.
"""

from __future__ import annotations

import io

from ..style import image_bundle, img_tag


class WithStaticView:
    """Display ``widget`` live, with a static HTML and/or PNG view as the fallback."""

    def __init__(self, widget, html_view: str | None = None, png: bytes | None = None,
                 alt: str | None = None, metadata: dict | None = None):
        if png is not None and not alt:
            raise ValueError("A static image needs alt text.")
        self.widget, self.html_view, self.png, self.alt = widget, html_view, png, alt
        self.metadata = metadata or {}

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = {}, dict(self.metadata)
        if self.png is not None:
            data, image_metadata = image_bundle(self.png, self.alt)
            metadata.update(image_metadata)
        if self.html_view is not None:
            data["text/html"] = self.html_view + data.get("text/html", "")
        data.update(self.widget._repr_mimebundle_())
        return data, metadata


class LiveFigure:
    """A matplotlib figure shown in an ipywidgets.HTML as a PNG with alt text.

    Explorers change the figure's existing artists (``set_data``, ``set_visible``,
    ``set_text``...) and call :meth:`refresh`, which renders with Agg and replaces the
    image the front end shows. Artists passed as ``animated`` are blitted: the rest of
    the figure is drawn once and kept as a background, so an update redraws only them.
    Call ``refresh(full=True)`` after changing anything else (axis limits, titles).
    """

    def __init__(self, fig, alt: str, animated=()):
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        plt.close(fig)  # shown through the widget only, never by the inline backend
        FigureCanvasAgg(fig)  # render with Agg whatever backend the notebook uses
        self.fig, self.animated, self.alt = fig, list(animated), ""
        for artist in self.animated:
            artist.set_animated(True)
        self._background = None
        self.widget = widgets.HTML(layout=widgets.Layout(width="auto"))
        self.png = b""
        self.refresh(alt, full=True)

    def refresh(self, alt: str | None = None, full: bool = False):
        """Render the figure as it is now; optionally change the alt text."""
        from PIL import Image

        if alt is not None:
            if not alt.strip():
                raise ValueError("Every figure needs alt text.")
            self.alt = " ".join(alt.split())
        canvas = self.fig.canvas
        if full or self._background is None:
            canvas.draw()  # everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        size = canvas.get_width_height(physical=True)
        pixels = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        # Figures are opaque (white background), so RGB loses nothing and encodes ~20%
        # faster than RGBA; the lowest compression level trades a few kB for speed.
        pixels.convert("RGB").save(buffer, format="PNG", compress_level=1)
        self.png = buffer.getvalue()
        self.widget.value = img_tag(self.png, self.alt)

    def static_view(self, controls) -> WithStaticView:
        """``controls`` above the live image, with the current image as the static view."""
        import ipywidgets as widgets

        return WithStaticView(widgets.VBox([controls, self.widget]), png=self.png, alt=self.alt)
