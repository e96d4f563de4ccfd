"""Notebook 04: the pharmacokinetic simulator, plasma concentration over time by route.

The figure (diagrams/pk.py) is built once, on a :class:`~ketamine_course.widgets.LiveFigure`.
Each route owns four artists: a shaded band between the two ends of its sourced ranges, a
solid line for the high end (highest bioavailability, earliest peak), a dashed line for the
low end, and a marker at each end's peak. A change of any control moves those artists with
``set_data``, re-renders only them (blitting) and rewrites the readouts, which come from the
closed forms in :mod:`ketamine_course.pk`.
"""

from __future__ import annotations

import html

import numpy as np

from .. import formats
from ..diagrams.pk import (
    HOURS,
    TIME_POINTS,
    concentration_alt,
    concentration_figure,
    hide_route,
    show_route,
)
from ..pk import Readout, exposure_bands, route_models, simulator_controls, unsimulated_routes
from . import Explorer, LiveFigure


def _span(values, formatter=formats.readout) -> str:
    return formats.value_range(*values, number=formatter)


class PkSimulator(Explorer):
    """Routes, dose, body weight and infusion time in; concentration curves and readouts out.

    Controls: ``show_<route_id>`` (a checkbox per simulated route), ``dose`` (racemic mg/kg),
    ``label_dose`` (esketamine mg), ``weight`` (kg) and ``infusion`` (minutes); their
    ranges and starting values come from data/simulator_controls.csv.
    """

    def __init__(self, routes=None, pk_table=None, mode: str | None = None):
        import ipywidgets as widgets

        self.models = route_models(routes, pk_table)
        self.bands = exposure_bands(pk_table)
        self.unsimulated = unsimulated_routes(routes)
        self.time_h = np.linspace(0.0, HOURS, TIME_POINTS)
        settings = simulator_controls()
        whole = {key: int(value) for key, value in settings["weight"].items()}
        minutes = {key: int(value) for key, value in settings["infusion"].items()}
        wide = {"description_width": "initial"}
        label_doses = sorted({dose for model in self.models for dose in model.label_doses_mg})
        self.controls = {
            **{f"show_{model.route_id}": widgets.Checkbox(
                value=True, description=model.name, indent=False,
                layout=widgets.Layout(width="auto")) for model in self.models},
            "dose": widgets.FloatSlider(description="Racemic ketamine dose (mg/kg)",
                                        readout_format=".2f", style=wide, **settings["dose"]),
            "label_dose": widgets.ToggleButtons(
                options=[(f"{dose:g} mg", dose) for dose in label_doses],
                value=label_doses[-1] if label_doses else None,
                description="Esketamine label dose", style=wide),
            "weight": widgets.IntSlider(description="Body weight (kg)", style=wide, **whole),
            "infusion": widgets.IntSlider(description="IV infusion time (min)", style=wide,
                                          **minutes),
        }
        self.readouts = widgets.HTML()
        self.panels = (self.readouts,)
        fig, self.artists = concentration_figure(self.models, self.bands, self.time_h, mode)
        self.results: dict[str, Readout] = {}
        self._move_artists()
        self.live = LiveFigure(fig, self.alt_text(),
                               animated=[artist for route in self.artists.values()
                                         for artist in route])
        self.readouts.value = self.readout_html()
        self._connect()

    def control_box(self):
        """Route checkboxes on the first row, then dose, then weight and infusion time."""
        import ipywidgets as widgets

        wrap = widgets.Layout(flex_flow="row wrap")
        rows = [[self.controls[f"show_{model.route_id}"] for model in self.models],
                [self.controls["dose"], self.controls["label_dose"]],
                [self.controls["weight"], self.controls["infusion"]]]
        return widgets.VBox([widgets.HBox(row, layout=wrap) for row in rows])

    def dose_mg(self, model) -> float:
        """The dose of ``model`` in mg for the current settings."""
        values = self.values()
        return model.dose_mg(values["dose"], values["weight"], values["label_dose"])

    def shown(self) -> list:
        return [model for model in self.models
                if self.controls[f"show_{model.route_id}"].value]

    def _move_artists(self):
        """Give every route's artists the curves of the current settings (no rendering)."""
        self.results = {}
        infusion_h = self.controls["infusion"].value / 60
        weight = self.controls["weight"].value
        shown = self.shown()
        for model in self.models:
            artists = self.artists[model.route_id]
            if model not in shown:
                hide_route(artists)
                continue
            dose = self.dose_mg(model)
            low, high = model.curves(self.time_h, dose, weight, infusion_h)
            result = model.readout(dose, weight, infusion_h)
            show_route(artists, self.time_h, low, high, result)
            self.results[model.route_id] = result

    def _enable_controls(self):
        """A control that changes none of the ticked routes is greyed out (and skipped by
        the keyboard), so a learner never moves one and sees nothing happen."""
        shown = self.shown()
        self.controls["dose"].disabled = not any(not model.label_doses_mg for model in shown)
        self.controls["label_dose"].disabled = not any(model.label_doses_mg for model in shown)
        self.controls["infusion"].disabled = not any(model.is_infusion for model in shown)

    def update(self, _change=None):
        """Redraw the curves and rewrite the readouts for the current settings."""
        self._enable_controls()
        self._move_artists()
        self.readouts.value = self.readout_html()
        self.live.refresh(alt=self.alt_text())

    def _dose_text(self, model) -> str:
        dose = self.dose_mg(model)
        per_kg = dose / self.controls["weight"].value
        if model.label_doses_mg:
            return f"{dose:g} mg ({per_kg:.2f} mg/kg)"
        return f"{self.controls['dose'].value:.2f} mg/kg = {dose:.0f} mg"

    def readout_html(self) -> str:
        """Cmax, Tmax and AUC per shown route, as ranges across the two ends."""
        header = ("<tr><th>Route</th><th>Dose</th><th>Peak, Cmax (ng/mL)</th>"
                  "<th>Time to peak, Tmax (min)</th><th>Exposure, AUC (ng·h/mL)</th></tr>")
        rows = []
        for model in self.shown():
            result = self.results[model.route_id]
            cells = [model.name, self._dose_text(model), _span(result.cmax_ng_per_ml),
                     _span(result.tmax_h, formats.whole_minutes), _span(result.auc_ng_h_per_ml)]
            rows.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
                        + "</tr>")
        notes = ("<p><small>Ranges run from the low to the high end of the sourced bioavailability "
                 "and time to peak. Esketamine values are esketamine alone; racemic values are "
                 "both enantiomers together. The intravenous peak falls at the end of the "
                 "infusion.")
        if self.unsimulated:
            notes += (" Not simulated, because no source gives a time to peak: "
                      + html.escape("; ".join(self.unsimulated)) + ".")
        notes += "</small></p>"
        body = "".join(rows) if rows else "<tr><td colspan='5'>No route selected.</td></tr>"
        return f"<table>{header}{body}</table>{notes}"

    def alt_text(self) -> str:
        """What the figure shows now, in sentences, from the same numbers as the readouts."""
        return concentration_alt(self.controls["weight"].value,
                                 [(model.name, self._dose_text(model),
                                   self.results[model.route_id]) for model in self.shown()],
                                 self.bands)


def pk_simulator(routes=None, pk_table=None, mode: str | None = None) -> PkSimulator:
    """The simulator with every simulated route shown, at the default settings."""
    return PkSimulator(routes, pk_table, mode)
