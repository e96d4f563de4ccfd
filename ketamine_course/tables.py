"""Show a table of long text cells in full, for reading in a notebook or handout.

pandas cuts long cells short (``...``) and right-aligns text; a Styler shows every
word, aligned left and top. The id is fixed, so the HTML is the same on every run
(nbval compares it).
"""

from __future__ import annotations

import html

import pandas as pd


def show_text_in_full() -> None:
    """Let this notebook session show every table cell whole and read from the left.

    Course tables hold sentences (captions, conditions, results), which pandas would cut
    to 50 characters with an ellipsis and JupyterLab would align right. Each notebook's
    set-up cell calls this once; the package sets no display option on import. A
    DataFrame a cell shows is then drawn by :func:`frame_html`.
    """
    pd.set_option("display.max_colwidth", None)
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


# How every course table aligns its cells: text from the left, a cell's text at its top,
# headings at their bottom (pandas and JupyterLab align right).
CELL_ALIGN = "text-align: left; vertical-align: top"
HEADING_ALIGN = "text-align: left; vertical-align: bottom"


def frame_html(frame: pd.DataFrame) -> str:
    """``frame`` as HTML with pandas' own formatting of values, aligned as the course's
    other tables; the row numbers pandas adds (0, 1, 2...) left out, a real index kept.
    The alignment is inline, so it holds wherever the HTML goes (JupyterLab, handouts,
    slides, nbviewer), above JupyterLab's own right alignment."""
    numbered = (isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0
                and frame.index.step == 1)
    markup = frame.to_html(index=not numbered, border=0, na_rep="")
    return (markup.replace('<tr style="text-align: right;">', '<tr style="text-align: left;">')
            .replace("<td>", f'<td style="{CELL_ALIGN}">')
            .replace("<th>", f'<th style="{HEADING_ALIGN}">'))


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
                {"selector": "th", "props": HEADING_ALIGN},
                {"selector": "td", "props": CELL_ALIGN},
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
