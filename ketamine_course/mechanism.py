"""Notebook 03: the stages of ketamine's proposed antidepressant cascade.

What each stage says (title, caption, evidence, sources) is data/mechanism_stages.csv;
this module checks and selects it. The schematic that draws the stages is
diagrams/mechanism.py, and the explorer that steps through them widgets/mechanism.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import labels, load, table_error
from .formats import source_keys

# The stages in cascade order; data/mechanism_stages.csv must list them in this order.
STAGE_ORDER = ("baseline", "nmda_block", "disinhibition", "glutamate_burst", "ampa_activation",
               "bdnf_mtorc1", "synaptogenesis", "clinical_link")



def evidence_labels() -> dict[str, str]:
    """What a stage's evidence rests on, key -> words (data/labels.csv)."""
    return labels("mechanism_evidence")


def mechanism_stages(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The stages from data/mechanism_stages.csv, checked to be in cascade order.

    Raises DataError (file, line, column, rule) if a stage is missing or out of order.
    """
    rows = (load("mechanism_stages") if table is None else table.copy()).reset_index(drop=True)
    for index, expected in enumerate(STAGE_ORDER):
        if index >= len(rows):
            raise table_error("mechanism_stages", f"stage {expected!r} is missing",
                              "one row per stage, in cascade order: " + ", ".join(STAGE_ORDER),
                              line=index + 2, column="stage_id")
        if rows.loc[index, "stage_id"] != expected or rows.loc[index, "stage"] != index:
            raise table_error("mechanism_stages",
                              f"row {index} is stage {rows.loc[index, 'stage']} "
                              f"{rows.loc[index, 'stage_id']!r}, expected stage {index} "
                              f"{expected!r}",
                              "one row per stage, in cascade order: " + ", ".join(STAGE_ORDER),
                              line=index + 2, column="stage_id")
    return rows


def stage_evidence_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per stage: what it claims, where it has been shown, and on what evidence."""
    stages = mechanism_stages(table)
    return pd.DataFrame({
        "Stage": stages["stage"],
        "Step": stages["title"],
        "Evidence": stages["evidence"].map(evidence_labels()),
        "What the evidence is": stages["evidence_note"],
        "Sources": stages["sources"].map(source_keys),
    }).set_index("Stage")


def check_stage(stage, stages: pd.DataFrame) -> int | None:
    """``stage`` as a row index (None means the overview); ValueError if out of range."""
    if stage is None:
        return None
    if isinstance(stage, bool) or not isinstance(stage, int | np.integer) \
            or not 0 <= stage < len(stages):
        raise ValueError(f"stage must be an integer from 0 to {len(stages) - 1} "
                         f"(or None for the overview); got {stage!r}.")
    return int(stage)


def stage_heading(row, count: int) -> str:
    """'Stage 2 of 7 · Disinhibition' (the baseline is stage 0)."""
    return f"Stage {row.stage} of {count - 1} · {row.title}"


def evidence_line(row) -> str:
    return f"{evidence_labels()[row.evidence]} · Sources: {source_keys(row.sources)}"
