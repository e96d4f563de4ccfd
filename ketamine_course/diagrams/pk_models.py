"""Notebook 04, part 2: published models drawn for many people, from plasma to receptor.

Three figures, each with its alt text from the same numbers:

* :class:`VariabilityChart`: one session for 1,000 virtual people, the median and the band
  that holds the middle 90% (5th to 95th percentile), with the reported concentration bands;
  the explorer in widgets/pk_models.py moves its artists;
* :func:`receptor_chart`: for a typical person, plasma and brain (effect site) concentration,
  the estimated share of NMDA receptors blocked, and how long the drug stays against how
  long the antidepressant effect lasts;
* :func:`repeated_dosing_chart`: the schedules of a trial and of the label, for 1,000 people.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.patches import Patch

from .. import style
from ..formats import readout, value_range
from ..pk import exposure_bands
from ..pk_models import (
    HOURS_PER_DAY,
    RECEPTOR_HOURS,
    PublishedModel,
    Simulation,
    Summary,
    peak_and_leftover,
    percentile_bands,
    receptor_cases,
    repeated_cases,
    summarise,
)
from ..tables import chart_numbers

SESSION_HOURS = 12.0
CONCENTRATION_LIMITS_NG_PER_ML = (1.0, 3000.0)  # log axis: the lowest tail to above anaesthesia


def _bands_for(product: str):
    """The sourced plasma bands (pk_parameters) for racemic ketamine; none for esketamine."""
    return exposure_bands() if product == "racemic_ketamine" else []


class VariabilityChart:
    """Plasma concentration after one session: median, 5-95% band and a typical person."""

    def __init__(self, mode: str | None = None):
        with style.context(mode):
            width, height = mpl.rcParams["figure.figsize"]
            self.fig, ax = style.subplots(figsize=(width, height * 1.25), layout="constrained")
            ax.set_yscale("log")
            ax.set_ylim(*CONCENTRATION_LIMITS_NG_PER_ML)
            ax.set_xlim(0, SESSION_HOURS)
            ax.set_xlabel("Hours after the start of the session")
            ax.set_ylabel("Plasma concentration (ng/mL, log scale)")
            ax.grid(which="major", color=style.PALETTE["grey"], alpha=0.3)
            colour = style.color(0)
            empty = np.zeros(2)
            self.band = ax.fill_between([0, 1], empty, empty, color=colour, alpha=0.25,
                                        linewidth=0, label="Middle 90% of people (5th to 95th)")
            (self.median,) = ax.plot([], [], color=colour, label="Median person")
            (self.typical,) = ax.plot([], [], color="black", linestyle="--",
                                      label="Typical values of the model")
            self.reference = []  # the racemic bands: shown for racemic models only
            for index, band in enumerate(exposure_bands()):
                span = ax.axhspan(band.low_ng_per_ml, band.high_ng_per_ml,
                                  facecolor=style.PALETTE["grey"], alpha=0.2,
                                  hatch=style.HATCHES[index + 1], edgecolor="white", linewidth=0)
                label = ax.text(SESSION_HOURS * 0.99,
                                np.sqrt(band.low_ng_per_ml * band.high_ng_per_ml),
                                f"{band.label} (racemic): "
                                f"{value_range(band.low_ng_per_ml, band.high_ng_per_ml)} ng/mL",
                                ha="right", va="center",
                                fontsize=mpl.rcParams["legend.fontsize"])
                self.reference.extend([span, label])
            self.title = ax.set_title(" ", loc="left", fontsize=mpl.rcParams["legend.fontsize"]
                                      * 1.1)
            self.note = ax.text(0.01, 0.02, "", transform=ax.transAxes, ha="left", va="bottom",
                                fontsize=mpl.rcParams["legend.fontsize"],
                                color=style.PALETTE["vermillion"])
            ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.86), frameon=False,
                      fontsize=mpl.rcParams["legend.fontsize"])
        self.ax = ax

    @property
    def animated(self) -> list:
        """What changes with the dose or weight; a new model redraws everything."""
        return [self.band, self.median, self.typical, self.note]

    def set_model(self, model: PublishedModel, people: int) -> None:
        """Title and reference bands of ``model`` (then refresh the whole figure)."""
        self.title.set_text(f"{model.name}: one session, {people:,} virtual people\n"
                            f"Fitted in: {model.population}")
        for artist in self.reference:
            artist.set_visible(model.product == "racemic_ketamine")

    def show(self, simulation: Simulation, summary: Summary, typical: Simulation) -> None:
        """Draw ``simulation`` (many people) and ``typical`` (the model's typical values)."""
        low, middle, high = summary.bands
        times = simulation.times_h
        floor = CONCENTRATION_LIMITS_NG_PER_ML[0] / 10  # log axis: zero drawn below the frame
        self.band.set_data(times, np.maximum(low, floor), np.maximum(high, floor))
        self.median.set_data(times, np.maximum(middle, floor))
        self.typical.set_data(times, np.maximum(typical.plasma[0], floor))
        self.note.set_text(simulation.warning or "")


def dose_words(simulation: Simulation) -> str:
    if simulation.schedule.dose_unit == "mg/kg":
        return (f"{simulation.dose:g} mg/kg over {simulation.schedule.infusion_h * 60:.0f} min, "
                f"{simulation.weight_kg:g} kg")
    return f"{simulation.dose:g} mg nasal spray"


def variability_alt(simulation: Simulation, summary: Summary | None = None,
                    bands=None) -> str:
    """Alt text of the variability chart, from the same numbers as the explorer's readouts.

    ``bands`` are pk.exposure_bands(), looked up here when not given.
    """
    summary = summarise(simulation) if summary is None else summary
    bands = exposure_bands() if bands is None else bands
    peak_low, peak_mid, peak_high = summary.peaks
    parts = [f"Plasma concentration over {SESSION_HOURS:g} hours for {len(simulation.plasma):,} "
             f"virtual people, {simulation.model.name}, {dose_words(simulation)}, on a log "
             f"scale. Median peak {readout(peak_mid)} ng/mL; 90% of people peak between "
             f"{readout(peak_low)} and {readout(peak_high)} ng/mL."]
    if simulation.model.product == "racemic_ketamine":
        parts.append("Shaded bands mark the plasma concentrations reported for racemic "
                     "ketamine: " + "; ".join(
                         f"{band.label} {value_range(band.low_ng_per_ml, band.high_ng_per_ml)}"
                         " ng/mL" for band in bands) + ".")
    if simulation.warning:
        parts.append(f"Warning on the figure: {simulation.warning}.")
    return " ".join(parts)


# --- from plasma to receptor --------------------------------------------------------------

def receptor_chart(mode: str | None = None, data_dir=None):
    """Plasma and effect site (top) and NMDA receptor occupancy (bottom), per case."""
    cases = receptor_cases(data_dir)
    with style.context(mode):
        width, height = mpl.rcParams["figure.figsize"]
        fig, axes = style.subplots(2, len(cases), figsize=(width * 1.25, height * 1.5),
                                   sharex=True, layout="constrained", squeeze=False)
        for column, (simulation, low, high) in enumerate(cases):
            top, bottom = axes[0, column], axes[1, column]
            times = simulation.times_h
            top.plot(times, simulation.plasma[0], color="black", label="Plasma")
            top.fill_between(times, np.minimum(*simulation.effect[:, 0]),
                             np.maximum(*simulation.effect[:, 0]), color=style.color(1),
                             alpha=0.35, linewidth=0, label="Brain (effect site), published range")
            top.set_title(f"{simulation.model.name}\n{dose_words(simulation)}", loc="left",
                          fontsize=mpl.rcParams["axes.labelsize"])
            top.set_ylabel("Concentration (ng/mL)")
            top.set_ylim(bottom=0)
            colour = style.color(2)
            bottom.fill_between(times, 100 * low, 100 * high, color=colour, alpha=0.4,
                                linewidth=0, hatch=style.HATCHES[1], edgecolor="white",
                                label="Estimated NMDA receptors blocked")
            for edge in (low, high):  # a narrow range still shows as a line
                bottom.plot(times, 100 * edge, color=colour, linewidth=1.2)
            bottom.set_ylabel("Estimated NMDA receptors\nblocked (%)")
            bottom.set_ylim(0, max(10.0, float(np.ceil(100 * high.max() / 10) * 10)))
            bottom.set_xlabel("Hours after the start of the session")
            bottom.set_xlim(0, RECEPTOR_HOURS)
            for ax in (top, bottom):
                ax.grid(color=style.PALETTE["grey"], alpha=0.3)
        axes[0, 0].legend(loc="upper right", frameon=False,
                          fontsize=mpl.rcParams["legend.fontsize"])
        axes[1, 0].legend(loc="upper right", frameon=False,
                          fontsize=mpl.rcParams["legend.fontsize"])
    return fig


def receptor_alt(data_dir=None) -> str:
    parts = []
    for simulation, low, high in receptor_cases(data_dir):
        peak_at = simulation.times_h[int(np.argmax(simulation.plasma[0]))]
        parts.append(
            f"{simulation.model.name}, {dose_words(simulation)}: plasma peaks at "
            f"{readout(simulation.plasma[0].max())} ng/mL at {peak_at * 60:.0f} min; the brain "
            f"follows within minutes; the estimated share of NMDA receptors blocked peaks at "
            f"{value_range(100 * low.max(), 100 * high.max(), '%', number=readout)}")
    return ("Two columns, one per product, over the first "
            f"{RECEPTOR_HOURS:g} hours for a person with the model's typical values. Top: "
            "plasma concentration and the effect-site concentration at the shortest and longest "
            "published equilibration half-time. Bottom: estimated share of NMDA receptors "
            "blocked. " + ". ".join(parts) + ".")


# Minutes after the start at which the receptor chart's table reads the curves.
RECEPTOR_TABLE_MINUTES = (0, 10, 20, 30, 45, 60, 90, 120, 180, 240)


def receptor_numbers(data_dir=None):
    """The receptor chart's curves read at RECEPTOR_TABLE_MINUTES, as a table (style.show's
    ``numbers``): plasma concentration and the estimated share of receptors blocked."""
    import pandas as pd

    rows = []
    for simulation, low, high in receptor_cases(data_dir):
        minutes = simulation.times_h * 60
        for at in RECEPTOR_TABLE_MINUTES:
            index = int(np.argmin(np.abs(minutes - at)))
            rows.append({
                "case": f"{simulation.model.name}, {dose_words(simulation)}",
                "minutes": at, "plasma": readout(simulation.plasma[0][index]),
                "blocked": value_range(100 * low[index], 100 * high[index], number=readout)})
    return chart_numbers(pd.DataFrame(rows), "receptor-numbers", {
        "case": "Model and dose", "minutes": "Minutes after the start",
        "plasma": "Plasma (ng/mL)", "blocked": "NMDA receptors blocked (%)"})


# --- repeated dosing ------------------------------------------------------------------------

def repeated_dosing_chart(mode: str | None = None, data_dir=None):
    """Each schedule for 1,000 people: median and middle 90%, over days."""
    simulations = repeated_cases(data_dir)
    with style.context(mode):
        width, height = mpl.rcParams["figure.figsize"]
        fig, axes = style.subplots(len(simulations), 1, figsize=(width * 1.25, height * 1.5),
                                   layout="constrained", squeeze=False)
        for ax, simulation in zip(axes[:, 0], simulations, strict=True):
            low, middle, high = percentile_bands(simulation.plasma)
            days = simulation.times_h / HOURS_PER_DAY
            colour = style.color(0)
            ax.fill_between(days, low, high, color=colour, alpha=0.25, linewidth=0)
            ax.plot(days, middle, color=colour, linewidth=1.2)
            for day in simulation.schedule.session_days:
                ax.axvline(day, color=style.PALETTE["grey"], linewidth=0.6, linestyle=":",
                           zorder=0)
            ax.set_title(f"{simulation.schedule.name}: {simulation.model.name}, "
                         f"{dose_words(simulation)}", loc="left",
                         fontsize=mpl.rcParams["axes.labelsize"])
            ax.set_ylabel("Plasma (ng/mL)")
            ax.set_ylim(bottom=0)
            ax.set_xlim(0, days[-1])
            ax.grid(axis="y", color=style.PALETTE["grey"], alpha=0.3)
        axes[-1, 0].set_xlabel("Days after the first session (dotted lines: sessions)")
        fig.legend(handles=[Patch(color=style.color(0), alpha=0.25,
                                  label="Middle 90% of 1,000 virtual people"),
                            mpl.lines.Line2D([], [], color=style.color(0), label="Median")],
                   loc="outside lower center", ncol=2, frameon=False)
    return fig


def repeated_numbers(data_dir=None):
    """Each schedule's median first peak and the most left before a later session, as a
    table (style.show's ``numbers``)."""
    import pandas as pd

    rows = []
    for simulation in repeated_cases(data_dir):
        first_peak, left = peak_and_leftover(simulation)
        rows.append({"schedule": simulation.schedule.name, "model": simulation.model.name,
                     "dose": dose_words(simulation),
                     "sessions": len(simulation.schedule.session_days),
                     "peak": readout(first_peak), "left": readout(left)})
    return chart_numbers(pd.DataFrame(rows), "repeated-numbers", {
        "schedule": "Schedule", "model": "Model", "dose": "Dose", "sessions": "Sessions",
        "peak": "Median peak after the first session (ng/mL)",
        "left": "Most left before a later session (ng/mL)"})


def repeated_alt(data_dir=None) -> str:
    parts = []
    for simulation in repeated_cases(data_dir):
        first_peak, left = peak_and_leftover(simulation)
        parts.append(f"{simulation.schedule.name} ({simulation.model.name}, "
                     f"{dose_words(simulation)}, {len(simulation.schedule.session_days)} "
                     f"sessions): the median peak is {readout(first_peak)} ng/mL after the "
                     f"first session, and at most {readout(left)} ng/mL is left just before any "
                     "later session")
    return ("Two panels of plasma concentration over days for 1,000 virtual people, median "
            "line and middle-90% band, with dotted lines at the sessions. " + "; ".join(parts)
            + ". Each peak falls back close to zero before the next session: the drug does "
            "not build up.")
