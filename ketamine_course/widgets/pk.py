"""The pharmacokinetic simulator of notebook 04: plasma concentration over time, by route.

The figure is built once, on a :class:`~ketamine_course.widgets.LiveFigure`. Each route owns
four artists: a shaded band between the two ends of its sourced ranges, a solid line for the
high end (highest bioavailability, earliest peak), a dashed line for the low end, and a
marker at each end's peak. A change of any control moves those artists with ``set_data``,
re-renders only them (blitting) and rewrites the readouts, which come from the closed forms
in :mod:`ketamine_course.pk`.
"""

from __future__ import annotations

import html
import math
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from .. import style
from ..pk import Readout, exposure_bands, route_models, unsimulated_routes
from . import LiveFigure

HOURS = 8.0
TIME_POINTS = int(HOURS * 60) + 1  # one point a minute
# Log axis: from below the lowest simulated peak to above the anaesthetic band.
CONCENTRATION_LIMITS_NG_PER_ML = (1.0, 5000.0)
# Bounded controls: a slider cannot leave its range. The racemic dose runs from 0.1 mg/kg,
# the lowest dose reported to help in depression (andrade2017), to 2 mg/kg, the top of the
# anaesthetic doses tabulated with their plasma levels (zanos2018).
DOSE_MG_PER_KG = {"min": 0.1, "max": 2.0, "step": 0.05, "value": 0.5}
WEIGHT_KG = {"min": 40, "max": 150, "step": 1, "value": 70}
# From 1 min (the anaesthetic label's slow injection over 60 s, ketalar_label_us) to 60 min;
# 40 min is the infusion time of the depression studies (andrade2017, zanos2018).
INFUSION_MIN = {"min": 1, "max": 60, "step": 1, "value": 40}


class RouteArtists(NamedTuple):
    band: object       # FillBetweenPolyCollection between the low and high curves
    high: Line2D       # highest bioavailability, earliest peak
    low: Line2D        # lowest bioavailability, latest peak
    peaks: Line2D      # one marker at each end's peak


def concentration_figure(models, bands, time_h, mode: str | None = None):
    """The simulator's figure with empty route artists: (Figure, {route_id: RouteArtists})."""
    empty = np.zeros_like(time_h)
    with style.context(mode):
        width, height = plt.rcParams["figure.figsize"]
        fig, ax = plt.subplots(figsize=(width, height * 1.4), layout="constrained")
        ax.set_yscale("log")
        ax.set_ylim(*CONCENTRATION_LIMITS_NG_PER_ML)
        ax.set_xlim(0, HOURS)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))
        band_handles = []
        for index, band in enumerate(bands):
            hatch = style.HATCHES[index + 1]
            ax.axhspan(band.low_ng_per_ml, band.high_ng_per_ml, facecolor=style.PALETTE["grey"],
                       alpha=0.25, hatch=hatch, edgecolor="white", linewidth=0, zorder=0)
            ax.text(HOURS * 0.99, math.sqrt(band.low_ng_per_ml * band.high_ng_per_ml),
                    f"{band.label}: {band.low_ng_per_ml:g}–{band.high_ng_per_ml:g} ng/mL",
                    ha="right", va="center", fontsize=plt.rcParams["legend.fontsize"])
            band_handles.append(Patch(facecolor=style.PALETTE["grey"], alpha=0.4, hatch=hatch,
                                      label=f"Reported peaks, {band.label}"))
        artists, route_handles = {}, []
        for index, model in enumerate(models):
            colour, marker = style.color(index), style.marker(index)
            artists[model.route_id] = RouteArtists(
                band=ax.fill_between(time_h, empty, empty, facecolor=colour, alpha=0.2,
                                     linewidth=0),
                high=ax.plot(time_h, empty, color=colour, linestyle="-")[0],
                low=ax.plot(time_h, empty, color=colour, linestyle="--")[0],
                peaks=ax.plot([], [], linestyle="none", marker=marker, color=colour,
                              markeredgecolor="black", zorder=4)[0],
            )
            route_handles.append(Line2D([], [], color=colour, marker=marker,
                                        markeredgecolor="black", label=model.name))
        ends = [Line2D([], [], color="black", linestyle="-", label="High end of the ranges"),
                Line2D([], [], color="black", linestyle="--", label="Low end of the ranges")]
        fig.legend(handles=route_handles + ends + band_handles, loc="outside lower center",
                   ncol=2, frameon=False)
        ax.set_xlabel("Hours after the start of the dose")
        ax.set_ylabel("Plasma concentration (ng/mL, log scale)")
        ax.set_title("Simulated plasma concentration (one-compartment model)", loc="left")
        ax.grid(which="major", color=style.PALETTE["grey"], alpha=0.3)
    return fig, artists


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _span(values, unit: str = "", convert=lambda value: value, formatter=_number) -> str:
    low, high = (formatter(convert(value)) for value in values)
    text = low if low == high else f"{low}–{high}"
    return f"{text}{unit}"


def _minutes(hours: float) -> str:
    return f"{hours * 60:.0f}"


class PkSimulator:
    """Routes, dose, body weight and infusion time in; concentration curves and readouts out.

    Display it in a notebook (it shows the live widget, with the default state as a static
    PNG for readers without a kernel). Tests reach the controls and ``live`` directly.
    """

    def __init__(self, routes=None, pk_table=None, mode: str | None = None):
        import ipywidgets as widgets

        self.models = route_models(routes, pk_table)
        self.bands = exposure_bands(pk_table)
        self.unsimulated = unsimulated_routes(routes)
        self.time_h = np.linspace(0.0, HOURS, TIME_POINTS)
        wide = {"description_width": "initial"}
        self.route_boxes = {model.route_id: widgets.Checkbox(
            value=True, description=model.name, indent=False,
            layout=widgets.Layout(width="auto")) for model in self.models}
        self.dose = widgets.FloatSlider(description="Racemic ketamine dose (mg/kg)",
                                        readout_format=".2f", style=wide, **DOSE_MG_PER_KG)
        label_doses = sorted({dose for model in self.models for dose in model.label_doses_mg})
        self.label_dose = widgets.ToggleButtons(
            options=[(f"{dose:g} mg", dose) for dose in label_doses],
            value=label_doses[-1] if label_doses else None,
            description="Esketamine label dose", style=wide)
        self.weight = widgets.IntSlider(description="Body weight (kg)", style=wide, **WEIGHT_KG)
        self.infusion = widgets.IntSlider(description="IV infusion time (min)", style=wide,
                                          **INFUSION_MIN)
        self.readouts = widgets.HTML()
        self.controls = widgets.VBox([
            widgets.HBox(list(self.route_boxes.values()),
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.dose, self.label_dose], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.weight, self.infusion], layout=widgets.Layout(flex_flow="row wrap")),
            self.readouts,
        ])
        fig, self.artists = concentration_figure(self.models, self.bands, self.time_h, mode)
        self.results: dict[str, Readout] = {}
        self._move_artists()
        self.live = LiveFigure(fig, self.alt_text(),
                               animated=[artist for route in self.artists.values()
                                         for artist in route])
        self.readouts.value = self.readout_html()
        for control in self.inputs():
            control.observe(self.update, names="value")

    def inputs(self) -> list:
        """Every control whose change redraws the figure."""
        return [*self.route_boxes.values(), self.dose, self.label_dose, self.weight,
                self.infusion]

    def dose_mg(self, model) -> float:
        """The dose of ``model`` in mg: the label dose, or mg/kg times body weight."""
        if model.label_doses_mg:
            return float(self.label_dose.value)
        return self.dose.value * self.weight.value

    def shown(self) -> list:
        return [model for model in self.models if self.route_boxes[model.route_id].value]

    def _move_artists(self):
        """Give every route's artists the data of the current settings (no rendering)."""
        self.results = {}
        infusion_h = self.infusion.value / 60
        for model in self.models:
            artists = self.artists[model.route_id]
            visible = self.route_boxes[model.route_id].value
            for artist in artists:
                artist.set_visible(visible)
            if not visible:
                continue
            dose = self.dose_mg(model)
            low, high = model.curves(self.time_h, dose, self.weight.value, infusion_h)
            artists.band.set_data(self.time_h, low, high)
            artists.high.set_data(self.time_h, high)
            artists.low.set_data(self.time_h, low)
            result = model.readout(dose, self.weight.value, infusion_h)
            # The low end peaks later and lower; the high end earlier and higher.
            artists.peaks.set_data([result.tmax_h[1], result.tmax_h[0]],
                                   [result.cmax_ng_per_ml[0], result.cmax_ng_per_ml[1]])
            self.results[model.route_id] = result

    def update(self, _change=None):
        """Redraw the curves and rewrite the readouts for the current settings."""
        self._move_artists()
        self.readouts.value = self.readout_html()
        self.live.refresh(alt=self.alt_text())

    def _dose_text(self, model) -> str:
        dose = self.dose_mg(model)
        per_kg = dose / self.weight.value
        if model.label_doses_mg:
            return f"{dose:g} mg ({per_kg:.2f} mg/kg)"
        return f"{self.dose.value:.2f} mg/kg = {dose:.0f} mg"

    def readout_html(self) -> str:
        """Cmax, Tmax and AUC per shown route, as ranges across the two ends."""
        header = ("<tr><th>Route</th><th>Dose</th><th>Peak, Cmax (ng/mL)</th>"
                  "<th>Time to peak, Tmax (min)</th><th>Exposure, AUC (ng·h/mL)</th></tr>")
        rows = []
        for model in self.shown():
            result = self.results[model.route_id]
            cells = [model.name, self._dose_text(model), _span(result.cmax_ng_per_ml),
                     _span(result.tmax_h, formatter=_minutes), _span(result.auc_ng_h_per_ml)]
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
        low, high = CONCENTRATION_LIMITS_NG_PER_ML
        parts = [f"{model.name}, {self._dose_text(model)}: peak "
                 f"{_span(self.results[model.route_id].cmax_ng_per_ml)} ng/mL at "
                 f"{_span(self.results[model.route_id].tmax_h, formatter=_minutes)} min"
                 for model in self.shown()]
        bands = "; ".join(f"{band.label} {band.low_ng_per_ml:g}–{band.high_ng_per_ml:g} ng/mL"
                          for band in self.bands)
        routes = "; ".join(parts) if parts else "no route selected"
        return (f"Simulated plasma concentration over {HOURS:g} hours after one dose, for a "
                f"{self.weight.value} kg adult, on a log scale from {low:g} to {high:g} ng/mL. "
                f"{routes}. Shaded bands mark the reported peak concentrations: {bands}.")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.live.static_view(self.controls)._repr_mimebundle_(include, exclude)


def pk_simulator(mode: str | None = None) -> PkSimulator:
    """The simulator with every simulated route shown, at the default settings."""
    return PkSimulator(mode=mode)
