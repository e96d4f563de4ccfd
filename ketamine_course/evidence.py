"""Notebook 02: the evidence for ketamine in five psychiatric indications.

Pure functions over three tables in data/: ``trials`` (key studies), ``antidepressant_onset``
(sourced time points) and ``evidence_strength`` (the level per indication). Figures live in
:mod:`ketamine_course.diagrams.evidence`, the explorer in :mod:`ketamine_course.widgets.evidence`.

Effects are kept in the measure, unit and sign convention of their source. Two rows may share
an axis only when their (effect_measure, effect_unit, favours_ketamine) are equal: see
:func:`forest_groups`.
"""

from __future__ import annotations

import pandas as pd

from .data import labels, load, table_error


def indications() -> dict[str, str]:
    """The five indications, in the order of figures, tables and menus (data/labels.csv)."""
    return labels("indication")


def designs() -> dict[str, str]:
    return labels("study_design")


def comparators() -> dict[str, str]:
    return labels("comparator")


def blinding() -> dict[str, str]:
    return labels("blinding")


def evidence_levels() -> dict[str, str]:
    """The course's one evidence scale, strongest first (notebooks 02 and 08)."""
    return labels("evidence_level")


def measures() -> dict[str, str]:
    return labels("effect_measure")


def effect_units() -> dict[str, str]:
    return labels("effect_unit")


def milestones() -> dict[str, str]:
    """What each point of the onset chart marks (antidepressant_onset.csv's milestone)."""
    return labels("onset_milestone")


RANDOMISED = {"randomised_parallel", "randomised_crossover", "randomised_withdrawal"}
ALL = "all"

# Hours per unit of antidepressant_onset.csv's time_unit.
HOURS_PER = {"minutes": 1 / 60, "hours": 1.0, "days": 24.0, "weeks": 168.0}


def trials(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The trials table (validated), in file order."""
    return load("trials") if table is None else table.copy()


def _check_choice(name: str, value: str, allowed) -> None:
    if value != ALL and value not in allowed:
        choices = ", ".join([ALL, *allowed])
        raise ValueError(f"{name} must be one of: {choices}; got {value!r}.")


def filter_trials(table: pd.DataFrame | None = None, indication: str = ALL, design: str = ALL,
                  comparator: str = ALL) -> pd.DataFrame:
    """Rows matching every filter; ``"all"`` leaves a filter open.

    An unknown value raises a ValueError that names the argument and the allowed values.
    """
    _check_choice("indication", indication, indications())
    _check_choice("design", design, designs())
    _check_choice("comparator", comparator, comparators())
    rows = trials(table)
    keep = pd.Series(True, index=rows.index)
    for column, value in (("indication", indication), ("design_type", design),
                          ("comparator_type", comparator)):
        if value != ALL:
            keep &= rows[column] == value
    return rows[keep]


def study_table(rows: pd.DataFrame | None = None, indication: str = ALL) -> pd.DataFrame:
    """A readable table of studies: design, size, control, intervention, result."""
    rows = filter_trials(rows, indication=indication)
    design_words, blinding_words = designs(), blinding()
    return pd.DataFrame({
        "Study": rows["study"],
        "Design": [f"{design_words[d]}, {blinding_words[b]}"
                   for d, b in zip(rows["design_type"], rows["blinding"], strict=True)],
        "n": rows["n"],
        "Compared with": rows["comparator"],
        "Ketamine or esketamine as studied": rows["intervention"],
        "Main result": rows["result"],
        "Onset": rows["onset"],
        "Lasted": rows["duration"],
    }).reset_index(drop=True)


# --- effects on comparable axes -------------------------------------------------------

def with_effects(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows that report an effect with both ends of its confidence interval."""
    rows = trials(table)
    needed = ["effect_measure", "effect_unit", "favours_ketamine", "effect", "effect_ci_low",
              "effect_ci_high"]
    return rows.dropna(subset=needed)


def axis_label(measure: str, unit: str, favours: str) -> str:
    """What one forest panel's axis shows, including the direction that favours ketamine."""
    side = "lower" if favours == "lower" else "higher"
    return f"{measures()[measure]} ({effect_units()[unit]}); {side} favours ketamine/esketamine"


def forest_groups(table: pd.DataFrame | None = None) -> list[tuple[tuple[str, str, str],
                                                                  pd.DataFrame]]:
    """Effect rows split into groups that may share an axis, in order of first appearance.

    A group's key is (effect_measure, effect_unit, favours_ketamine): mixing any of the three
    on one axis would compare unlike numbers.
    """
    rows = with_effects(table)
    keys = list(dict.fromkeys(zip(rows["effect_measure"], rows["effect_unit"],
                                  rows["favours_ketamine"], strict=True)))
    groups = []
    for key in keys:
        chosen = ((rows["effect_measure"] == key[0]) & (rows["effect_unit"] == key[1])
                  & (rows["favours_ketamine"] == key[2]))
        groups.append((key, rows[chosen]))
    return groups


def null_value(measure: str) -> float:
    """The 'no difference' value of a measure: 1 for ratios, 0 for differences."""
    return 1.0 if measure in ("odds_ratio", "hazard_ratio") else 0.0


# --- onset and durability --------------------------------------------------------------

def onset_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Time points with ``start_h``/``end_h`` in hours since the first dose.

    Times measured from the last dose are placed after that treatment's ``course_ends`` row;
    a treatment with such a time but no ``course_ends`` row is an error in the table.
    """
    rows = load("antidepressant_onset") if table is None else table.copy()
    factor = rows["time_unit"].map(HOURS_PER).astype(float)
    rows["start_h"] = rows["time_low"].astype(float) * factor
    rows["end_h"] = rows["time_high"].astype(float) * factor
    from_last = rows["measured_from"] == "last_dose"
    for index in rows.index[from_last]:
        treatment = rows.loc[index, "treatment"]
        course = rows[(rows["treatment"] == treatment) & (rows["milestone"] == "course_ends")]
        if course.empty:
            raise table_error("antidepressant_onset",
                              f"{rows.loc[index, 'point_id']!r} counts from the last dose, but "
                              f"{treatment!r} has no 'course_ends' row",
                              "a time from the last dose needs its course's course_ends row",
                              line=index + 2, column="measured_from")
        offset = float(course["end_h"].iloc[0])
        rows.loc[index, ["start_h", "end_h"]] += offset
    return rows


# --- strength of evidence --------------------------------------------------------------

def levels(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evidence level per indication, in the order of :func:`indications`."""
    rows = load("evidence_strength") if table is None else table.copy()
    order = {key: position for position, key in enumerate(indications())}
    return rows.sort_values("indication", key=lambda column: column.map(order)).reset_index(
        drop=True)


def level_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evidence scale applied to each indication, with reasons and limits, for reading."""
    rows = levels(table)
    return pd.DataFrame({
        "Indication": rows["indication"].map(indications()),
        "Strength of evidence": rows["level"].map(evidence_levels()),
        "Why": rows["rationale"],
        "Limits": rows["limits"],
        "Checked": rows["as_of"],
    })


def study_counts(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per indication: studies in the table, randomised trials, meta- or pooled analyses,
    and participants in the largest randomised trial.

    A trial reported in several rows (one per arm) counts once: rows are grouped by their
    first source key.
    """
    rows = trials(table)
    publication = rows["sources"].str.split(";").str[0]
    randomised = rows["design_type"].isin(RANDOMISED)
    reviews = rows["design_type"].isin({"meta_analysis", "pooled_analysis"})
    counts = []
    for indication in indications():
        here = rows["indication"] == indication
        largest = rows.loc[here & randomised, "n"]
        counts.append({"indication": indication, "studies": int(publication[here].nunique()),
                       "randomised": int(publication[here & randomised].nunique()),
                       "reviews": int((here & reviews).sum()),
                       "largest_randomised_n": int(largest.max()) if len(largest) else 0})
    return pd.DataFrame(counts)


def level_problems(level_rows: pd.DataFrame | None = None,
                   trial_rows: pd.DataFrame | None = None) -> list[str]:
    """Levels that the studies in trials.csv do not support; empty when all are consistent.

    approved needs a drug label among the level's sources; several_rcts needs
    two randomised trials or a meta-analysis; small_rcts needs one randomised trial;
    open_label_or_early must have none.
    """
    counts = study_counts(trial_rows).set_index("indication")
    problems = []
    for _, row in levels(level_rows).iterrows():
        here = counts.loc[row["indication"]]
        level, randomised, reviews = row["level"], here["randomised"], here["reviews"]
        if level == "approved" and "label" not in row["sources"]:
            problems.append(f"{row['indication']}: 'approved' but no drug label is cited")
        elif level == "several_rcts" and randomised < 2 and reviews < 1:
            problems.append(f"{row['indication']}: needs two randomised trials or a meta-analysis")
        elif level == "small_rcts" and randomised < 1:
            problems.append(f"{row['indication']}: 'small_rcts' but no randomised trial")
        elif level == "open_label_or_early" and randomised > 0:
            problems.append(f"{row['indication']}: randomised trials exist; raise the level")
    return problems


def onset_focus(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of data/antidepressant_onset.csv that set hours against weeks.

    One ketamine infusion in treatment-resistant depression, and a conventional antidepressant
    taken daily. Notebook 03 shows them in notebook 02's onset chart
    (ketamine_course.diagrams.evidence).
    """
    rows = load("antidepressant_onset") if table is None else table
    single_infusion = (rows["regimen"] == "single_dose") & \
        (rows["indication"] == "treatment_resistant_depression")
    return rows[single_infusion | (rows["regimen"] == "daily_oral")].reset_index(drop=True)
