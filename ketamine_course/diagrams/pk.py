"""Notebook 04: the simulator's figure, plasma concentration over time for each route,
with the sourced antidepressant-dose and anaesthetic-dose bands."""

from __future__ import annotations

import math
from typing import NamedTuple

import matplotlib as mpl
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from .. import style
from ..formats import readout, value_range, whole_minutes

HOURS = 8.0
TIME_POINTS = int(HOURS * 60) + 1  # one point a minute
# Log axis: from below the lowest simulated peak to above the anaesthetic band.
CONCENTRATION_LIMITS_NG_PER_ML = (1.0, 5000.0)


class RouteArtists(NamedTuple):
    band: object       # FillBetweenPolyCollection between the low and high curves
    high: Line2D       # highest bioavailability, earliest peak
    low: Line2D        # lowest bioavailability, latest peak
    peaks: Line2D      # one marker at each end's peak


def concentration_figure(models, bands, time_h, mode: str | None = None):
    """The simulator's figure with empty route artists: (Figure, {route_id: RouteArtists})."""
    empty = np.zeros_like(time_h)
    with style.context(mode):
        width, height = mpl.rcParams["figure.figsize"]
        fig, ax = style.subplots(figsize=(width, height * 1.4), layout="constrained")
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
                    f"{band.label}: {value_range(band.low_ng_per_ml, band.high_ng_per_ml)} ng/mL",
                    ha="right", va="center", fontsize=mpl.rcParams["legend.fontsize"])
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


def show_route(artists: RouteArtists, time_h, low, high, result) -> None:
    """Give a route's artists its two curves and its two peaks (``result``, a pk.Readout)."""
    for artist in artists:
        artist.set_visible(True)
    artists.band.set_data(time_h, low, high)
    artists.high.set_data(time_h, high)
    artists.low.set_data(time_h, low)
    # The low end peaks later and lower; the high end earlier and higher.
    artists.peaks.set_data([result.tmax_h[1], result.tmax_h[0]],
                           [result.cmax_ng_per_ml[0], result.cmax_ng_per_ml[1]])


def hide_route(artists: RouteArtists) -> None:
    for artist in artists:
        artist.set_visible(False)


def concentration_alt(weight_kg, shown, bands) -> str:
    """Alt text of the simulator's figure: ``shown`` is (route name, dose in words,
    pk.Readout) per route drawn, from the same numbers as the readouts."""
    low, high = CONCENTRATION_LIMITS_NG_PER_ML
    parts = [f"{name}, {dose}: peak {value_range(*result.cmax_ng_per_ml, number=readout)} "
             f"ng/mL at {value_range(*result.tmax_h, number=whole_minutes)} min"
             for name, dose, result in shown]
    band_words = "; ".join(f"{band.label} {value_range(band.low_ng_per_ml, band.high_ng_per_ml)}"
                           " ng/mL" for band in bands)
    routes = "; ".join(parts) if parts else "no route selected"
    return (f"Simulated plasma concentration over {HOURS:g} hours after one dose, for a "
            f"{weight_kg} kg adult, on a log scale from {low:g} to {high:g} ng/mL. "
            f"{routes}. Shaded bands mark the reported peak concentrations: {band_words}.")
