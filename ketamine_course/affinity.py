"""Notebook 03, "why dose matters": NMDA receptor affinity against plasma concentrations.

Sets the Ki of each enantiomer (data/enantiomers.csv) against the peak plasma
concentrations of racemic ketamine (data/pk_parameters.csv), both in micromolar, with
ketamine's molar mass from data/constants.csv. The chart is diagrams/affinity.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import constant, labels, load, table_error

MOLAR_MASS = "ketamine_molar_mass"  # in data/constants.csv


def ng_per_ml_to_micromolar(concentration):
    """ng/mL of ketamine -> µM (ng/mL = µg/L; divided by g/mol gives µmol/L)."""
    value = np.asarray(concentration, dtype=float)
    if np.any(value < 0):
        raise ValueError(f"concentration must be at least 0 ng/mL; got {concentration!r}.")
    return value / constant(MOLAR_MASS)



def plasma_bands() -> dict[str, str]:
    """The plasma ranges shown, pk_parameters parameter -> regimen (data/labels.csv)."""
    return labels("plasma_band")


def concentration_table(pk: pd.DataFrame | None = None,
                        enantiomers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows to plot, in µM: measured Ki of each enantiomer and plasma peak ranges.

    Columns: id (form_id or pk parameter), kind ('affinity' or 'plasma'), what, low_um,
    high_um, sources.
    """
    pk = load("pk_parameters") if pk is None else pk
    enantiomers = load("enantiomers") if enantiomers is None else enantiomers
    rows = []
    measured = enantiomers.dropna(subset=["nmda_ki_umol_low"])
    for row in measured.itertuples():
        rows.append({"id": row.form_id, "kind": "affinity",
                     "what": f"{row.form}: NMDA receptor Ki",
                     "low_um": float(row.nmda_ki_umol_low),
                     "high_um": float(row.nmda_ki_umol_high), "sources": row.sources})
    bands = plasma_bands()
    plasma = pk[(pk["product"] == "racemic_ketamine") & pk["parameter"].isin(list(bands))]
    for parameter, label in bands.items():
        chosen = plasma[plasma["parameter"] == parameter]
        if chosen.empty:
            continue
        other = chosen[chosen["unit"] != "ng/mL"]
        if not other.empty:
            raise table_error("pk_parameters", f"{parameter} is in {other['unit'].iloc[0]}",
                              "plasma concentrations must be in ng/mL to be converted",
                              line=int(other.index[0]) + 2, column="unit")
        low, high = ng_per_ml_to_micromolar([chosen["value_low"].min(),
                                             chosen["value_high"].max()])
        rows.append({"id": parameter, "kind": "plasma", "what": label, "low_um": float(low),
                     "high_um": float(high),
                     "sources": ";".join(dict.fromkeys(chosen["sources"]))})
    return pd.DataFrame(rows)
