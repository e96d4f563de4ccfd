"""Notebook 07: ethics and access, the misuse indicators, the costs and the case studies.

The case studies live in data/case_studies.csv, one row per part, so the notebook and a
lecturer guide show the same text. :func:`case_studies` assembles them and checks what
a Table Schema cannot: every case has one title, one scenario, and prompts and points
numbered 1, 2, 3 ... A broken case raises a DataError naming the file, line and column.
The cost chart is drawn in diagrams/ethics.py.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import formats
from .data import labels, load, sources_of, table_error

CASES = "case_studies"
SINGLE_PARTS = ("title", "scenario")  # exactly one of each per case
LIST_PARTS = ("prompt", "point")  # one or more of each, numbered from 1


def format_indicator(low: float, high: float, unit: str) -> str:
    """'0.19%', '0.76 per million people', '21 deaths'; a range as 'low to high'."""
    if unit.startswith("percent"):  # 'percent' or 'percent of exposures'
        return formats.value_range(low, high, unit.removeprefix("percent").strip(),
                                   number=lambda value: formats.two_places(value) + "%",
                                   joiner=" to ")
    return formats.value_range(low, high, unit, number=formats.two_places, joiner=" to ")


def misuse_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The misuse indicators as a table for reading: one formatted value per row."""
    rows = load("misuse") if table is None else table
    return pd.DataFrame({
        "Indicator": rows["indicator"],
        "Country": rows["country"],
        "Who is counted": rows["population"],
        "Period": rows["period"],
        "Value": [format_indicator(low, high, unit) for low, high, unit
                  in zip(rows["value_low"], rows["value_high"], rows["unit"], strict=True)],
        "Data": rows["data_source"],
        "Sources": rows["sources"].map(formats.source_keys),
    })


@dataclass(frozen=True)
class CaseStudy:
    """One discussion case: the situation, prompts for the class, and points for the lecturer."""

    case_id: str
    title: str
    scenario: str
    prompts: tuple[str, ...]
    points: tuple[str, ...]
    sources: tuple[str, ...]


def _check_case(case_id: str, rows: pd.DataFrame):
    """Raise a DataError unless the case's parts are complete and numbered 1, 2, 3 ..."""
    first_line = int(rows.index.min()) + 2  # the header is line 1
    for part in SINGLE_PARTS:
        found = rows[rows["part"] == part]
        if len(found) != 1:
            line = int(found.index[1]) + 2 if len(found) > 1 else first_line
            raise table_error(CASES, f"case {case_id!r} has {len(found)} {part} rows",
                              f"each case has exactly one {part}", line=line, column="part")
    for part in LIST_PARTS:
        found = rows[rows["part"] == part].sort_values("number")
        expected = list(range(1, len(found) + 1))
        if not expected:
            raise table_error(CASES, f"case {case_id!r} has no {part} rows",
                              f"each case has at least one {part}", line=first_line,
                              column="part")
        if list(found["number"]) != expected:
            # Blame the first row, in file order, whose number repeats or is out of range.
            numbers = rows.loc[rows["part"] == part, "number"]
            blamed = next(index for position, (index, number) in enumerate(numbers.items())
                          if number > len(expected) or number in set(numbers.iloc[:position]))
            raise table_error(CASES, f"the {part}s of case {case_id!r} are numbered "
                                     f"{', '.join(str(n) for n in found['number'])}",
                              f"{part}s numbered 1, 2, 3 ... without gaps",
                              line=int(blamed) + 2, column="number")


def case_studies(table: pd.DataFrame | None = None) -> list[CaseStudy]:
    """The cases of data/case_studies.csv in file order, checked for completeness."""
    rows = load("case_studies") if table is None else table
    cases = []
    for case_id in dict.fromkeys(rows["case_id"]):
        part_rows = rows[rows["case_id"] == case_id]
        _check_case(case_id, part_rows)

        def texts(part, part_rows=part_rows):
            return tuple(part_rows[part_rows["part"] == part].sort_values("number")["text"])

        cases.append(CaseStudy(case_id=case_id, title=texts("title")[0],
                               scenario=texts("scenario")[0], prompts=texts("prompt"),
                               points=texts("point"), sources=tuple(sources_of(part_rows))))
    return cases


def case_markdown(case: CaseStudy, number: int, show_points: bool = True) -> str:
    """A case as Markdown: heading, scenario, numbered prompts, and (folded, so a class can
    discuss before reading them) the points a good discussion reaches."""
    lines = [f"### Case {number}: {case.title}", "", case.scenario, "",
             "**Questions for discussion**", ""]
    lines += [f"{index}. {prompt}" for index, prompt in enumerate(case.prompts, start=1)]
    if show_points:
        items = "".join(f"<li>{html.escape(point)}</li>" for point in case.points)
        lines += ["", "<details><summary>Points a good discussion reaches (open after "
                      f"discussing)</summary><ol>{items}</ol></details>"]
    lines += ["", "Sources: " + ", ".join(f"[{key}]" for key in case.sources)]
    return "\n".join(lines)


def confidence_labels() -> dict[str, str]:
    """How firm a cost figure is, firmest first, key -> words (data/labels.csv)."""
    return labels("cost_confidence")



def cost_range_text(low: float, high: float, currency: str) -> str:
    """One figure, or 'low to high' when the sources give a range."""
    return formats.value_range(low, high, number=lambda value: formats.money(value, currency),
                               joiner=" to ")


def cost_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cost rows grouped by currency (in order of first appearance), in file order within each."""
    rows = load("costs") if table is None else table.copy()
    order = {currency: index for index, currency in enumerate(dict.fromkeys(rows["currency"]))}
    rows["currency_order"] = rows["currency"].map(order)
    rows = rows.sort_values("currency_order", kind="stable")
    return rows.drop(columns="currency_order").reset_index(drop=True)
