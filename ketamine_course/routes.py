"""Notebook 04: the routes of administration compared (data/routes.csv).

The route comparison as a table of strings, ranges written as the sources give them; the
styled table and the comparison chart are diagrams/routes.py, the concentration simulator
pk.py (model), diagrams/pk.py (figure) and widgets/pk.py (controls).
"""

from __future__ import annotations

import pandas as pd

from .data import load
from .formats import DASH, source_keys, value_range

# Columns shown, each from one column or low/high pair of routes.csv.
RANGE_COLUMNS = {
    "Bioavailability (%)": "bioavailability_pct",
    "Time to peak (min)": "tmax_min",
    "Onset of acute effects (min)": "onset_min",
    "Duration of acute effects (min)": "effect_duration_min",
}
TEXT_COLUMNS = {
    "Dose in studies or on the label": "dose_studied",
    "Setting and monitoring": "setting",
    "Approved for depression": "approved_for_depression",
    "Approval status": "approval_status",
    "Sources": "sources",
}


def route_table(routes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per route, every cell a string taken from routes.csv."""
    routes = load("routes") if routes is None else routes
    table = pd.DataFrame({"Route": routes["route"], "Product": routes["product"]})
    for title, stem in RANGE_COLUMNS.items():
        table[title] = [value_range(low, high) for low, high
                        in zip(routes[f"{stem}_low"], routes[f"{stem}_high"], strict=True)]
    for title, column in TEXT_COLUMNS.items():
        table[title] = routes[column].fillna(DASH).astype(str)
    table["Sources"] = table["Sources"].map(source_keys)
    return table.reset_index(drop=True)
