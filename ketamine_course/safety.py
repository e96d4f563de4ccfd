"""Notebook 05: safety and side effects, checked and selected from data/.

Tables: side_effects, side_effect_populations, acute_course, bp_thresholds and
safety_facts. This module holds the rules a Table Schema cannot state (checked on every
load) and the selections and readable tables the notebook shows; the side-effect chart,
the acute-course chart and the monitoring checklist are drawn in diagrams/safety.py.
"""

from __future__ import annotations

import pandas as pd

from . import formats
from .data import labels, load, table_error


def evidence_labels() -> dict[str, str]:
    """Kinds of safety evidence, strongest first, key -> words (data/labels.csv)."""
    return labels("safety_evidence")


def checklist_stages() -> dict[str, str]:
    """Stages of a treatment session, in order, key -> heading (data/labels.csv)."""
    return labels("checklist_stage")


def _require_together(table: pd.DataFrame, name: str, first: str, second: str):
    """``first`` and ``second`` are both filled or both empty, on every row."""
    lonely = table[first].isna() != table[second].isna()  # vectorised: runs on every redraw
    if lonely.any():
        index = lonely.idxmax()
        filled, empty = (first, second) if pd.isna(table.loc[index, second]) else (second, first)
        raise table_error(name, f"'{filled}' is filled but '{empty}' is empty",
                          f"{first} and {second} are filled together", line=index + 2,
                          column=empty)


def safety_facts(topics=None) -> pd.DataFrame:
    """data/safety_facts.csv, checked; only ``topics`` (an iterable of topic names) if given."""
    table = load("safety_facts")
    _require_together(table, "safety_facts", "value_high", "unit")
    _require_together(table, "safety_facts", "checklist_stage", "checklist_item")
    if topics is None:
        return table
    topics = [topics] if isinstance(topics, str) else list(topics)
    known = sorted(set(table["topic"]))
    unknown = [topic for topic in topics if topic not in known]
    if unknown:
        raise ValueError(f"topics: unknown topic(s) {', '.join(map(repr, unknown))}; "
                         f"the topics are: {', '.join(known)}.")
    return table[table["topic"].isin(topics)]


def side_effects() -> pd.DataFrame:
    """data/side_effects.csv, checked: where a row was read a second time (in another
    reproduction of the same source table), both readings agree."""
    table = load("side_effects")
    _require_together(table, "side_effects", "second_reading_active_pct",
                      "second_reading_placebo_pct")
    for arm in ("active", "placebo"):
        first, second = table[f"{arm}_pct"], table[f"second_reading_{arm}_pct"]
        differ = (second.notna() & (second != first)).fillna(False)  # vectorised: per redraw
        if differ.any():
            index = differ.idxmax()
            raise table_error("side_effects",
                              f"the second reading {float(second[index]):g} differs from "
                              f"{arm}_pct = {float(first[index]):g}",
                              "a second reading of a source table agrees with the first",
                              line=index + 2, column=f"second_reading_{arm}_pct")
    return table


def acute_course_table() -> pd.DataFrame:
    """data/acute_course.csv in file order, checked: only 'resolved_by' may lack a start."""
    table = load("acute_course")
    for index, row in table.iterrows():
        if pd.isna(row["time_min_low"]) and row["kind"] != "resolved_by":
            raise table_error("acute_course", f"kind '{row['kind']}' needs a start time",
                              "time_min_low may be empty only for kind resolved_by",
                              line=index + 2, column="time_min_low")
    return table


def populations() -> pd.DataFrame:
    """The chart's populations in menu order (the first is the default).

    Every population in side_effects.csv needs a row in side_effect_populations.csv, and
    every row there needs adverse events in side_effects.csv, so no title or menu entry
    can point at the wrong table.
    """
    table = load("side_effect_populations").sort_values("display_order", kind="stable")
    events = side_effects()
    described, listed = set(table["population"]), set(events["population"])
    for index, population in events["population"].items():
        if population not in described:
            raise table_error("side_effects",
                              f"population {population!r} has no row in "
                              "side_effect_populations.csv",
                              "every population is described in side_effect_populations.csv",
                              line=index + 2, column="population")
    for index, population in table["population"].items():
        if population not in listed:
            raise table_error("side_effect_populations",
                              f"population {population!r} has no adverse events in "
                              "side_effects.csv",
                              "every described population has rows in side_effects.csv",
                              line=index + 2, column="population")
    return table.reset_index(drop=True)


def default_population() -> str:
    """The population the chart shows first: the lowest display_order."""
    return populations()["population"].iloc[0]


def population_info(population: str) -> pd.Series:
    """The side_effect_populations row of ``population``; ValueError naming the known ones."""
    table = populations()
    known = list(table["population"])
    if population not in known:
        raise ValueError(f"population: unknown population {population!r}; "
                         f"choose one of: {', '.join(known)}.")
    return table.set_index("population").loc[population]


def population_rows(population: str | None = None) -> pd.DataFrame:
    """The adverse events of one population, largest drug-minus-placebo difference first.

    ``difference`` is in percentage points, rounded to the one decimal the sources print.
    """
    population = default_population() if population is None else population
    population_info(population)  # raises for an unknown name
    table = side_effects()
    rows = table[table["population"] == population].copy()
    rows["difference"] = [round(float(active) - float(placebo), 1)
                          for active, placebo in zip(rows["active_pct"], rows["placebo_pct"],
                                                     strict=True)]
    return rows.sort_values(["difference", "effect"], ascending=[False, True],
                            kind="stable").reset_index(drop=True)


def population_table() -> pd.DataFrame:
    """The populations as a table for the notebook: arms, design, n per arm, source."""
    table = populations()
    counts = side_effects().groupby("population")[["n_active", "n_placebo"]].first()
    return pd.DataFrame({
        "Population": table["label"],
        "Esketamine arm": table["active_arm"],
        "Comparator arm": table["comparator_arm"],
        "Design": table["design"],
        "n per arm (esketamine / placebo)": [
            f"{counts.loc[name, 'n_active']} / {counts.loc[name, 'n_placebo']}"
            for name in table["population"]],
        "Sources": table["sources"].map(formats.source_keys),
    })


def _value(row) -> str:
    if pd.isna(row["value_high"]):
        return ""
    unit = "%" if row["unit"] == "percent" else row["unit"]
    return formats.value_range(row["value_low"], row["value_high"], unit, number=formats.grouped)


def facts_table(topics) -> pd.DataFrame:
    """Rows of safety_facts.csv for ``topics``, as a readable table with evidence and sources."""
    rows = safety_facts(topics)
    return pd.DataFrame({
        "Fact": rows["statement"],
        "Value": [_value(row) for _, row in rows.iterrows()],
        "Who": rows["population"].fillna(""),
        "Evidence": rows["evidence_type"].map(evidence_labels()),
        "Sources": rows["sources"].map(formats.source_keys),
    }).reset_index(drop=True)


def _events(events, percent, total) -> str:
    if pd.isna(events):
        return "dash in the source"
    return f"{int(events)} of {int(total)} ({float(percent):g}%)"


def bp_threshold_table() -> pd.DataFrame:
    """The label's blood-pressure thresholds: patients reaching each, by arm and age group."""
    rows = load("bp_thresholds")
    return pd.DataFrame({
        "Threshold": [f"{measure.capitalize()} {'rise of ' if kind == 'increase' else ''}"
                      f"\N{GREATER-THAN OR EQUAL TO} {threshold} mmHg"
                      for measure, kind, threshold in zip(rows["measure"], rows["kind"],
                                                          rows["threshold_mmhg"], strict=True)],
        "Age group": rows["age_group"].map(labels("age_group")),
        "Esketamine + oral antidepressant": [
            _events(row["esketamine_events"], row["esketamine_pct"], row["n_esketamine"])
            for _, row in rows.iterrows()],
        "Placebo spray + oral antidepressant": [
            _events(row["placebo_events"], row["placebo_pct"], row["n_placebo"])
            for _, row in rows.iterrows()],
        "Sources": rows["sources"].map(formats.source_keys),
    })


def checklist_items() -> pd.DataFrame:
    """The checklist rows of safety_facts.csv, in stage order then file order."""
    table = safety_facts()
    items = table[table["checklist_stage"].notna()].copy()
    order = list(checklist_stages())
    items["stage_order"] = [order.index(stage) for stage in items["checklist_stage"]]
    return items.sort_values("stage_order", kind="stable").drop(columns="stage_order")
