"""Show a table of long text cells in full, for reading in a notebook or handout.

pandas cuts long cells short (``...``) and right-aligns text; a Styler shows every
word, aligned left and top. The id is fixed, so the HTML is the same on every run
(nbval compares it).
"""

from __future__ import annotations

import html

import pandas as pd


def show_text_in_full() -> None:
    """Let pandas show every table cell whole in this notebook session.

    Course tables hold sentences (captions, conditions, results), which pandas would cut
    to 50 characters with an ellipsis. Each notebook's set-up cell calls this once; the
    package sets no display option on import.
    """
    pd.set_option("display.max_colwidth", None)


def readable(frame: pd.DataFrame, table_id: str, formats: dict | None = None,
             nowrap: tuple[str, ...] = ()):
    """``frame`` as a Styler: no index, text in full, aligned left and top.

    ``formats`` maps column names to format strings, e.g. ``{"cost_low": "{:,.0f}"}``.
    ``nowrap`` names short columns (dates, counts, identifiers) that must not be broken
    over lines when a long text column takes most of the width.
    """
    if not table_id or not table_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"table_id must be a short name of letters, digits, - or _; "
                         f"got {table_id!r}.")
    unknown = sorted((set(formats or {}) | set(nowrap)) - set(frame.columns))
    if unknown:
        raise ValueError(f"formats or nowrap name columns the table does not have: "
                         f"{', '.join(unknown)}.")
    return (frame.style
            .set_uuid(table_id)
            .hide(axis="index")
            .format(formats or {}, na_rep="")
            .set_table_styles([
                {"selector": "th", "props": "text-align: left; vertical-align: bottom"},
                {"selector": "td", "props": "text-align: left; vertical-align: top"},
            ])
            .set_properties(subset=list(nowrap), **{"white-space": "nowrap"}))


class ScrollableTable:
    """A table wider than a notebook, in a box that scrolls sideways and can take keyboard
    focus (WCAG 2.1.1: a scrolling region a keyboard cannot reach fails), named by
    ``label`` for screen readers. Wraps a Styler; ``to_html`` and notebooks show the box."""

    def __init__(self, styler, label: str):
        self.styler, self.label = styler, label

    def to_html(self) -> str:
        return (f'<div role="region" tabindex="0" aria-label="{html.escape(self.label)}" '
                f'style="overflow-x: auto; max-width: 100%">{self.styler.to_html()}</div>')

    def _repr_html_(self) -> str:
        return self.to_html()


def chart_numbers(frame: pd.DataFrame, table_id: str, columns: dict[str, str]):
    """The values a chart draws, for the folded table under it (style.show's ``numbers``):
    ``columns`` maps the frame's columns, in order, to the headings a reader sees. Numbers
    print as the data hold them (41, not 41.0); a missing value is left empty."""
    shown = frame[list(columns)].rename(columns=columns).reset_index(drop=True)
    numeric = [heading for heading in shown.columns
               if pd.api.types.is_numeric_dtype(shown[heading])]
    text = [heading for heading in shown.columns if heading not in numeric]
    return (readable(shown, table_id, formats=dict.fromkeys(numeric, "{:g}"))
            .format(na_rep="", subset=text))
