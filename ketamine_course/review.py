"""Notebook 08: the evidence map's rows, what is established, promising or needs research.

Each topic of data/evidence_status.csv has a status and the strongest kind of evidence
behind it, on the course's one evidence scale (ketamine_course/evidence.py, notebook 02).
The map is drawn in diagrams/review.py.
"""

from __future__ import annotations

import pandas as pd

from .data import labels, load
from .evidence import evidence_levels
from .formats import source_keys


def status_labels() -> dict[str, str]:
    """Statuses in map order, key -> words (data/labels.csv)."""
    return labels("review_status")


def weakest_first() -> dict[str, str]:
    """The evidence scale from weakest to strongest, the map's left-to-right order."""
    return dict(reversed(evidence_levels().items()))


def evidence_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Topics grouped by status (established first), strongest evidence first in each group."""
    rows = load("evidence_status") if table is None else table.copy()
    rows["status_rank"] = rows["status"].map(list(status_labels()).index)
    rows["evidence_rank"] = rows["evidence"].map(list(weakest_first()).index)
    rows = rows.sort_values(["status_rank", "evidence_rank"], ascending=[True, False],
                            kind="stable")
    return rows.drop(columns=["status_rank", "evidence_rank"]).reset_index(drop=True)


def evidence_summary(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The topics in map order, with status and evidence in words, for reading as a table."""
    rows = evidence_table(table)
    return pd.DataFrame({
        "Question": rows["topic"],
        "Status": rows["status"].map(status_labels()),
        "Strongest evidence": rows["evidence"].map(evidence_levels()),
        "What it shows, and its limits": rows["summary"],
        "Sources": rows["sources"].map(source_keys),
    })
