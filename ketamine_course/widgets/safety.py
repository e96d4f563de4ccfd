"""Notebook 05's explorer: a population menu over the side-effect chart."""

from __future__ import annotations

from ..diagrams.safety import SideEffectChart, side_effect_numbers
from ..safety import default_population, populations
from ..style import numbers_html
from . import Explorer, LiveFigure


class SideEffectExplorer(Explorer):
    """A ``population`` menu above the side-effect chart (``chart``, a SideEffectChart),
    with the chart's numbers folded in a table under it (``numbers``).

    Every artist that changes with the population is blitted, and the row labels are
    pasted from bitmaps rendered while the explorer is built, so a switch redraws the
    rows and the title only.
    """

    def __init__(self, population: str | None = None, mode: str | None = None):
        import ipywidgets as widgets

        population = default_population() if population is None else population
        self.chart = SideEffectChart(mode)
        self.chart.show(population)  # ValueError naming the known populations if unknown
        menu = populations()
        self.controls = {"population": widgets.Dropdown(
            options=list(zip(menu["label"], menu["population"], strict=True)),
            value=population, description="Population",
            layout=widgets.Layout(width="max-content"), style={"description_width": "initial"})}
        # Each population's table rendered once here: a switch then only swaps the text.
        self.numbers_tables = {
            other: numbers_html(side_effect_numbers(other, "side-effect-explorer-numbers"))
            for other in menu["population"]}
        self.numbers = widgets.HTML()
        self.panels = (self.numbers,)
        self.live = LiveFigure(self.chart.fig, self.chart.alt, animated=self.chart.animated)
        # Draw every population once now, so each row label is laid out once and a
        # switch only pastes it (see diagrams.safety._SpriteText); then show the chosen one.
        for other in menu["population"]:
            if other != population:
                self.chart.show(other)
                self.live.draw()
        self.show(population)
        self._connect()

    def show(self, population: str):
        """Draw ``population`` and refresh the image; ValueError for an unknown name."""
        self.chart.show(population)
        self.live.refresh(alt=self.chart.alt)
        self.numbers.value = self.numbers_tables[population]

    def update(self, _change=None):
        self.show(self.controls["population"].value)


def side_effect_explorer(population: str | None = None,
                         mode: str | None = None) -> SideEffectExplorer:
    """The side-effect chart with a population menu (default: the first population)."""
    return SideEffectExplorer(population, mode)
