"""Notebook 02's explorer: filter the studies of data/trials.csv by indication, design or
comparator, and see them on the study map and in a table."""

from __future__ import annotations

import html

import pandas as pd

from .. import evidence
from ..diagrams.evidence import StudyMap, study_map_alt
from . import ALL_LABEL, Explorer, LiveFigure


def filters() -> dict[str, dict[str, str]]:
    """The explorer's menus: filter name -> the choices' keys and words."""
    return {"indication": evidence.indications(), "design": evidence.designs(),
            "comparator": evidence.comparators()}


def rows_html(rows: pd.DataFrame) -> str:
    """The matching studies as a short HTML table."""
    design_words = evidence.designs()
    body = "".join(
        f"<tr><td>{html.escape(row['study'])}</td>"
        f"<td>{html.escape(design_words[row['design_type']])}</td>"
        f"<td style='text-align:right'>{row['n']}</td>"
        f"<td>{html.escape(row['comparator'])}</td>"
        f"<td>{html.escape(row['result'])}</td></tr>"
        for _, row in rows.iterrows())
    return ("<table><thead><tr><th>Study</th><th>Design</th><th>n</th><th>Compared with</th>"
            f"<th>Main result</th></tr></thead><tbody>{body}</tbody></table>")


class EvidenceExplorer(Explorer):
    """Three menus (``indication``, ``design``, ``comparator``), the study map and, under
    it, the matching rows (``listing``)."""

    def __init__(self, table: pd.DataFrame | None = None, mode: str | None = None):
        import ipywidgets as widgets

        self.table = evidence.trials(table)
        self.map = StudyMap(self.table, mode=mode)
        self.controls = {
            name: widgets.Dropdown(options=[(ALL_LABEL, evidence.ALL)]
                                   + [(label, key) for key, label in labels.items()],
                                   value=evidence.ALL, description=name.capitalize())
            for name, labels in filters().items()}
        self.listing = widgets.HTML()
        self.panels = (self.listing,)
        rows = self.apply()
        self.live = LiveFigure(self.map.fig, self._alt(rows), animated=self.map.animated)
        self._connect()

    def matching(self, **filters: str) -> pd.DataFrame:
        """Rows for the given filters (default: the menus' values); unknown values raise."""
        return evidence.filter_trials(self.table, **{**self.values(), **filters})

    def apply(self) -> pd.DataFrame:
        """Redraw the map's selection and the table for the menus' values; returns the rows."""
        rows = self.matching()
        self.map.select(rows)
        self.listing.value = rows_html(rows)
        return rows

    def _alt(self, rows: pd.DataFrame) -> str:
        return study_map_alt(rows, len(self.table), self.values())

    def update(self, _change=None):
        rows = self.apply()
        self.live.refresh(alt=self._alt(rows))


def evidence_explorer(table: pd.DataFrame | None = None,
                      mode: str | None = None) -> EvidenceExplorer:
    """The explorer, ready to display in a notebook."""
    return EvidenceExplorer(table, mode)
