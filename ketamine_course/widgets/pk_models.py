"""Notebook 04, part 2: the variability explorer, 1,000 virtual people after one session.

Controls: ``model`` (a published model), ``dose`` (racemic ketamine, mg/kg, for the IV
models), ``nasal_dose`` (esketamine, mg, for the nasal model) and ``weight`` (kg). Each
change re-simulates every person with :mod:`ketamine_course.pk_models` and moves the
artists of diagrams/pk_models.VariabilityChart (blitted). The readouts answer two questions a
learner asks (what share of people reach the anaesthetic range; how far apart two people's
peaks can be), and a table gives the percentiles at set times for readers of numbers.
"""

from __future__ import annotations

import html

import numpy as np

from ..diagrams.pk_models import VariabilityChart, dose_words, variability_alt
from ..formats import readout
from ..pk import exposure_bands, simulator_controls
from ..pk_models import (
    PEOPLE,
    nasal_doses,
    population,
    published_models,
    regimens,
    run,
    share_above,
    summarise,
)
from . import Explorer, LiveFigure

TABLE_TIMES_H = (10 / 60, 20 / 60, 40 / 60, 1.0, 2.0, 4.0, 8.0, 12.0)


def single_session(model_id: str) -> str:
    """The one-session schedule of a model's product and route (data/pk_regimens.csv)."""
    model = published_models()[model_id]
    for regimen_id, schedule in regimens().items():
        if (schedule.product, schedule.route) == (model.product, model.route) \
                and len(schedule.session_days) == 1:
            return regimen_id
    raise ValueError(f"No one-session schedule for {model.product} by {model.route} in "
                     "pk_regimens.csv.")


def percentile_table_html(simulation, summary) -> str:
    """Plasma concentration of the 5th, 50th and 95th percentile person at set times."""
    header = ("<tr><th>Time</th><th>5th percentile (ng/mL)</th><th>Median (ng/mL)</th>"
              "<th>95th percentile (ng/mL)</th></tr>")
    values = summary.bands
    rows = []
    for time in TABLE_TIMES_H:
        cells = [f"{time * 60:.0f} min" if time < 1 else f"{time:g} h",
                 *(readout(np.interp(time, simulation.times_h, row)) for row in values)]
        rows.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells) + "</tr>")
    return ("<table><caption>Plasma concentration at set times, across the virtual people"
            f"</caption>{header}{''.join(rows)}</table>")


def readout_html(simulation, summary, anaesthetic, other_dose: str = "") -> str:
    """The two answers: share reaching the anaesthetic range (a pk.Band), and the spread of
    peaks; headed by the dose drawn and ``other_dose``, the dose set for the other route."""
    peak_low, peak_mid, peak_high = summary.peaks
    items = [f"Median peak {readout(peak_mid)} ng/mL; 90% of people peak between "
             f"{readout(peak_low)} and {readout(peak_high)} ng/mL.",
             f"The 95th-percentile person's peak is {summary.spread:.1f} times the "
             "5th-percentile person's."]
    if simulation.model.product == "racemic_ketamine":
        share = share_above(simulation, anaesthetic.low_ng_per_ml)
        items.append(f"{100 * share:.1f}% of people reach the lower end of the reported "
                     f"anaesthetic range ({readout(anaesthetic.low_ng_per_ml)} ng/mL).")
    else:
        items.append("No anaesthetic plasma range is sourced for esketamine alone, so the "
                     "share reaching it is not computed.")
    if not simulation.model.spreads:
        items.append("This model reports no spread between people: all virtual people are "
                     "the same, so the band is a line.")
    if simulation.warning:
        items.append(f"<strong>Outside the model's population:</strong> "
                     f"{html.escape(simulation.warning)}.")
    other = f" (set for the other route: {html.escape(other_dose)})" if other_dose else ""
    return (f"<p><strong>Drawn: {html.escape(dose_words(simulation))}</strong>{other}</p><ul>"
            + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


class VariabilityExplorer(Explorer):
    """A model menu, the dose and body weight; 1,000 people's curves, readouts and table."""

    def __init__(self, model_id: str = "hijazi2003", mode: str | None = None):
        import ipywidgets as widgets

        models = published_models()
        if model_id not in models:
            raise ValueError(f"Unknown model {model_id!r}; the models are: {', '.join(models)}.")
        settings = simulator_controls()
        wide = {"description_width": "initial"}
        nasal = regimens()[single_session("perezruixo2021")]
        self.controls = {
            "model": widgets.Dropdown(options=[(m.name, key) for key, m in models.items()],
                                      value=model_id, description="Model", style=wide),
            "dose": widgets.FloatSlider(description="IV dose (mg/kg)", readout_format=".2f",
                                        style=wide, **settings["dose"]),
            "nasal_dose": widgets.ToggleButtons(
                options=[(f"{dose:g} mg", dose) for dose in nasal_doses()],
                value=nasal.dose, description="Nasal dose", style=wide),
            "weight": widgets.IntSlider(description="Body weight (kg)", style=wide,
                                        **{key: int(value) for key, value
                                           in settings["weight"].items()}),
        }
        self._enable_dose()
        self.bands = exposure_bands()
        self.anaesthetic = next(band for band in self.bands
                                if band.parameter == "plasma_conc_anaesthetic")
        self.chart = VariabilityChart(mode)
        self.readouts, self.table = widgets.HTML(), widgets.HTML()
        self.panels = (self.readouts, self.table)
        self.shown_model = model_id
        self.chart.set_model(models[model_id], PEOPLE)
        self._draw()
        self.live = LiveFigure(self.chart.fig, self._alt(), animated=self.chart.animated)
        self._connect()

    def _simulate(self, people: int = PEOPLE):
        values = self.values()
        model_id = values["model"]
        schedule = regimens()[single_session(model_id)]
        dose = values["dose"] if schedule.route == "iv" else values["nasal_dose"]
        return run(population(model_id, people), schedule, dose, values["weight"])

    def _enable_dose(self):
        """Only the dose control of the chosen model's route can be moved."""
        iv = published_models()[self.controls["model"].value].route == "iv"
        self.controls["dose"].disabled = not iv
        self.controls["nasal_dose"].disabled = iv

    def _draw(self):
        """Simulate the current settings; move the artists and rewrite the panels."""
        self.simulation = self._simulate()
        self.summary = summarise(self.simulation)
        self.chart.show(self.simulation, self.summary, self._simulate(people=0))
        values = self.values()
        other = (f"{values['nasal_dose']:g} mg nasal spray" if self.simulation.schedule.route
                 == "iv" else f"{values['dose']:g} mg/kg IV")
        self.readouts.value = readout_html(self.simulation, self.summary, self.anaesthetic,
                                           other)
        self.table.value = percentile_table_html(self.simulation, self.summary)

    def update(self, _change=None):
        self._enable_dose()
        new_model = self.controls["model"].value != self.shown_model
        if new_model:
            self.shown_model = self.controls["model"].value
            self.chart.set_model(published_models()[self.shown_model], PEOPLE)
        self._draw()
        # A model sets the title and the reference bands: each drawn once, then pasted.
        self.live.refresh(alt=self._alt(), full=new_model, background=self.shown_model)

    def _alt(self) -> str:
        return variability_alt(self.simulation, self.summary, self.bands)


def variability_explorer(model_id: str = "hijazi2003",
                         mode: str | None = None) -> VariabilityExplorer:
    """The explorer at the schedule's own dose, for a 70 kg adult."""
    return VariabilityExplorer(model_id, mode)
