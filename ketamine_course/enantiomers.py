"""Notebook 01: racemic ketamine and its two enantiomers (data/enantiomers.csv).

Selections and the affinity ratio; the bar chart is in diagrams/enantiomers.py.
"""

from __future__ import annotations

import pandas as pd

from .data import load
from .formats import value_range

NO_VALUE = "no Ki in the sources used"
KI_UNIT = "µM"


def enantiomer_rows(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The forms in table order."""
    return (load("enantiomers") if table is None else table.copy()).reset_index(drop=True)


def ki_text(low, high) -> str:
    """'Ki 0.3 µM', 'Ki 0.3–0.5 µM' for a range, or NO_VALUE when no source gives one."""
    if pd.isna(low):
        return NO_VALUE
    return "Ki " + value_range(low, high, KI_UNIT)


def affinity_ratio(table: pd.DataFrame | None = None) -> float | None:
    """Arketamine's Ki over esketamine's (how many times tighter esketamine binds).

    Uses the low ends of the ranges; None when either value is missing.
    """
    rows = enantiomer_rows(table).set_index("form_id")
    if not {"esketamine", "arketamine"} <= set(rows.index):
        return None
    esketamine, arketamine = (rows.loc[name, "nmda_ki_umol_low"]
                              for name in ("esketamine", "arketamine"))
    if pd.isna(esketamine) or pd.isna(arketamine):
        return None
    return float(arketamine / esketamine)
